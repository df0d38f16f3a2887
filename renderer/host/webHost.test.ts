import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiErrorCode } from '../../shared/api/errors';
import { apiErrorStatus, authHeaders } from '../../shared/api/errors';
import type { UserProfile } from '../../shared/auth/schemas';
import type { HostApi } from '../../shared/host/hostApi';
import { createWebHost } from './webHost';

/**
 * The browser host's own storage of its credentials, against small in-memory servers that answer
 * like the central one (`device-unknown` for an id they never issued, `unauthenticated` for a wrong
 * secret). The host contract tests run it against the real server.
 */
const origin = 'https://masar.example.ma';
const serverA = 'https://masar.example.ma';
const serverB = 'https://masar-formation.example.ma';
const password = 'un mot de passe de test';

type Sent = { server: string; path: string; device: string | undefined; body: unknown };

type FakeServer = {
  /** Device id → device token. */
  devices: Map<string, string>;
  revoked: Set<string>;
  sessions: Set<string>;
  signInError?: ApiErrorCode;
};

// An administrator of headquarters: a registered browser changes server only by one (a test below).
const user: UserProfile = {
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  username: 'amina.siege',
  displayName: 'Amina',
  role: 'administrateur',
  centreIds: [],
  mustChangePassword: false,
  judicialHoldCentreIds: [],
};

const randomSecret = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(32)), (byte) => byte.toString(16).padStart(2, '0')).join('');

let servers: Map<string, FakeServer>;
let sent: Sent[];
let stored: Map<string, string>;

const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const failure = (code: ApiErrorCode) => answer(apiErrorStatus[code], { error: { code, message: code } });

const fakeFetch: typeof fetch = (input, init) => {
  // Like a real fetch: the scheme and host of the URL in lower case.
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).href;
  const base = [...servers.keys()].find((candidate) => url.startsWith(`${candidate}/api/`));
  const headers = (init?.headers ?? {}) as Record<string, string>;
  const device = headers[authHeaders.device];
  const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
  const server = base === undefined ? undefined : servers.get(base);
  if (base === undefined || server === undefined) return Promise.reject(new TypeError('fetch failed'));
  const path = url.slice(base.length);
  sent.push({ server: base, path, device, body });

  let deviceId: string | undefined;
  if (device !== undefined) {
    deviceId = device.slice(0, device.indexOf('.'));
    const token = server.devices.get(deviceId);
    if (token === undefined) return Promise.resolve(failure('device-unknown'));
    if (token !== device) return Promise.resolve(failure('unauthenticated'));
    if (server.revoked.has(deviceId)) return Promise.resolve(failure('device-revoked'));
  }
  if (path === '/api/auth/sign-in') {
    if ((body as { password?: string }).password !== password) return Promise.resolve(failure('invalid-credentials'));
    if (server.signInError !== undefined) return Promise.resolve(failure(server.signInError));
    let newDevice: { id: string; token: string } | undefined;
    if (deviceId === undefined) {
      deviceId = crypto.randomUUID();
      newDevice = { id: deviceId, token: `${deviceId}.${randomSecret()}` };
      server.devices.set(deviceId, newDevice.token);
    }
    const sessionToken = randomSecret();
    server.sessions.add(sessionToken);
    return Promise.resolve(
      answer(200, {
        sessionToken,
        sessionExpiresAt: new Date().toISOString(),
        user,
        ...(newDevice === undefined ? {} : { newDevice }),
        deviceId,
        serverTime: 0,
        centres: [],
      }),
    );
  }
  const sessionToken = headers[authHeaders.session]?.replace(/^Bearer /, '');
  if (deviceId === undefined || sessionToken === undefined || !server.sessions.has(sessionToken)) {
    return Promise.resolve(failure('unauthenticated'));
  }
  if (path === '/api/auth/me') return Promise.resolve(answer(200, { user, centres: [] }));
  if (path === '/api/auth/sign-out') {
    server.sessions.delete(sessionToken);
    return Promise.resolve(answer(200, { ok: true }));
  }
  return Promise.resolve(failure('not-found'));
};

function makeHost(): HostApi {
  return createWebHost({
    version: '1.0.0',
    origin,
    storage: { getItem: (key) => stored.get(key) ?? null, setItem: (key, value) => stored.set(key, value) },
    fetch: fakeFetch,
  });
}

const signIn = (host: HostApi) => host['auth:signIn']({ username: user.username, password });
const server = (url: string): FakeServer => {
  const found = servers.get(url);
  if (found === undefined) throw new Error(`no server ${url}`);
  return found;
};
const tokenOn = (url: string) => [...server(url).devices.values()][0];
const storedDevices = () => JSON.parse(stored.get('masar.device') ?? 'null') as unknown;

beforeEach(() => {
  sent = [];
  stored = new Map();
  servers = new Map(
    [serverA, serverB].map((url) => [url, { devices: new Map(), revoked: new Set(), sessions: new Set() }]),
  );
});

describe('WebHost device credentials', () => {
  it('stores them under the server URL that issued them', async () => {
    const host = makeHost();
    const signedIn = await signIn(host);
    const id = signedIn.ok ? signedIn.value.deviceId : '';
    expect(storedDevices()).toEqual({
      version: 2,
      servers: { [serverA]: { deviceId: id, token: tokenOn(serverA), isRevoked: false } },
    });
  });

  it("never sends one server's token to another: it registers there anew, and switching back uses the first", async () => {
    const host = makeHost();
    await signIn(host);
    const first = tokenOn(serverA);
    await host['settings:setServerUrl']({ serverUrl: serverB });
    expect(await host['device:status']({})).toEqual({ ok: true, value: { deviceId: null, isRevoked: false } });
    await signIn(host);
    await host['api:call']({ route: 'me' });
    const second = tokenOn(serverB);
    expect(sent.filter((request) => request.server === serverB).map((request) => request.device)).toEqual([
      undefined,
      second,
    ]);
    expect(sent.find((request) => request.server === serverB)?.body).toMatchObject({ deviceName: 'Navigateur' });

    await host['settings:setServerUrl']({ serverUrl: `${serverA.toUpperCase()}/` });
    await signIn(host);
    expect(sent.at(-1)).toMatchObject({ server: serverA, device: first });
    expect(server(serverA).devices.size).toBe(1);
    expect(server(serverB).devices.size).toBe(1);
    expect(sent.filter((request) => request.server === serverB).map((request) => request.device)).not.toContain(first);
  });

  it('keeps one revoked flag for the whole browser: revoked by one server, it signs in with no other', async () => {
    const host = makeHost();
    const signedIn = await signIn(host);
    const id = signedIn.ok ? signedIn.value.deviceId : '';
    server(serverA).revoked.add(id);
    expect(await host['api:call']({ route: 'me' })).toMatchObject({ ok: false, error: { code: 'device-revoked' } });
    expect(await host['device:status']({})).toEqual({ ok: true, value: { deviceId: id, isRevoked: true } });
    // The session ended with the revocation: the channel refuses a new address; someone editing
    // the browser's storage by hand gains nothing either.
    expect(await host['settings:setServerUrl']({ serverUrl: serverB })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    stored.set('masar.serverUrl', serverB);
    expect(await host['device:status']({})).toEqual({ ok: true, value: { deviceId: null, isRevoked: true } });
    expect(await signIn(host)).toMatchObject({ ok: false, error: { code: 'device-revoked' } });
    expect(sent.filter((request) => request.server === serverB)).toEqual([]);
    stored.set('masar.serverUrl', serverA);
    expect(await host['device:status']({})).toEqual({ ok: true, value: { deviceId: id, isRevoked: true } });
  });

  it('changes the server address of a registered browser only for an administrator signed in online', async () => {
    const host = makeHost();
    await signIn(host);
    await host['auth:signOut']({});
    const refusal = { ok: false, error: { code: 'forbidden', message: 'settings.serverUrlNeedsAdministrator' } };
    expect(await host['settings:setServerUrl']({ serverUrl: serverB })).toEqual(refusal);
    expect(await host['settings:get']({})).toMatchObject({ ok: true, value: { serverUrl: serverA } });
    await signIn(host);
    expect(await host['settings:setServerUrl']({ serverUrl: serverB })).toMatchObject({
      ok: true,
      value: { serverUrl: serverB },
    });
  });

  it('uses a session only with the server that opened it, and signs out there', async () => {
    const host = makeHost();
    await signIn(host);
    await host['settings:setServerUrl']({ serverUrl: serverB });
    expect(await host['api:call']({ route: 'me' })).toMatchObject({ ok: false, error: { code: 'no-session' } });
    expect(sent.filter((request) => request.server === serverB)).toEqual([]);

    // No session any more: back to A as someone editing the storage by hand would.
    stored.set('masar.serverUrl', serverA);
    await signIn(host);
    await host['settings:setServerUrl']({ serverUrl: serverB });
    expect(await host['auth:signOut']({})).toEqual({ ok: true, value: { isServerSessionEnded: true } });
    expect(sent.at(-1)).toMatchObject({ server: serverA, path: '/api/auth/sign-out', device: tokenOn(serverA) });
  });

  describe('of the first format (one registration, no server URL)', () => {
    const old = {
      deviceId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c',
      token: `0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c.${'s'.repeat(43)}`,
      isRevoked: false,
    };
    beforeEach(() => {
      server(serverB).devices.set(old.deviceId, old.token);
      stored.set('masar.device', JSON.stringify(old));
    });

    it("belong to the settings' current server URL, and are written back in the new format", async () => {
      stored.set('masar.serverUrl', serverB);
      const host = makeHost();
      expect(await host['device:status']({})).toEqual({
        ok: true,
        value: { deviceId: old.deviceId, isRevoked: false },
      });
      expect(storedDevices()).toEqual({ version: 2, servers: { [serverB]: old } });
      expect(await signIn(host)).toMatchObject({ ok: true, value: { deviceId: old.deviceId } });
      expect(sent).toEqual([expect.objectContaining({ server: serverB, device: old.token })]);
    });

    it('belong to the origin when no server URL was ever set', async () => {
      const host = makeHost();
      expect(await host['device:status']({})).toMatchObject({ ok: true, value: { deviceId: old.deviceId } });
      expect(storedDevices()).toEqual({ version: 2, servers: { [origin]: old } });
    });

    it('are migrated before a change of server URL is saved', async () => {
      stored.set('masar.serverUrl', serverB);
      const host = makeHost();
      // An administrator signs in on B (the old credentials), then points the browser at A.
      expect(await signIn(host)).toMatchObject({ ok: true, value: { deviceId: old.deviceId } });
      sent.length = 0;
      expect(await host['settings:setServerUrl']({ serverUrl: serverA })).toMatchObject({ ok: true });
      expect(await host['device:status']({})).toEqual({ ok: true, value: { deviceId: null, isRevoked: false } });
      expect(storedDevices()).toEqual({ version: 2, servers: { [serverB]: old } });
      await signIn(host);
      expect(sent).toEqual([expect.objectContaining({ server: serverA, device: undefined })]);
    });
  });

  describe('when the server answers device-unknown', () => {
    it('at sign-in, forgets the credentials for that server and signs in once more without them', async () => {
      const host = makeHost();
      await signIn(host);
      const old = tokenOn(serverA);
      server(serverA).devices.clear();
      const again = await signIn(host);
      const renewed = tokenOn(serverA);
      expect(renewed).not.toBe(old);
      expect(again).toMatchObject({ ok: true, value: { deviceId: renewed?.split('.')[0] } });
      expect(sent.slice(-2).map((request) => request.device)).toEqual([old, undefined]);
      expect(await host['api:call']({ route: 'me' })).toMatchObject({ ok: true });
      expect(sent.at(-1)?.device).toBe(renewed);
    });

    it('retries only once', async () => {
      const host = makeHost();
      await signIn(host);
      server(serverA).signInError = 'device-unknown';
      sent = [];
      expect(await signIn(host)).toMatchObject({ ok: false, error: { code: 'device-unknown' } });
      expect(sent.map((request) => request.device)).toEqual([tokenOn(serverA), undefined]);
    });

    it('on another route, only ends the session', async () => {
      const host = makeHost();
      const signedIn = await signIn(host);
      server(serverA).devices.clear();
      expect(await host['api:call']({ route: 'me' })).toMatchObject({ ok: false, error: { code: 'device-unknown' } });
      expect(await host['api:call']({ route: 'me' })).toMatchObject({ ok: false, error: { code: 'no-session' } });
      expect(await host['device:status']({})).toMatchObject({
        ok: true,
        value: { deviceId: signedIn.ok ? signedIn.value.deviceId : '' },
      });
    });
  });
});

describe('WebHost sync requests', () => {
  it('gzips large sync bodies with CompressionStream and leaves small ones alone', async () => {
    const raw: { path: string; encoding: string | undefined; body: unknown }[] = [];
    const databaseId = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a60';
    const capturing: typeof fetch = (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!url.includes('/api/sync/')) return fakeFetch(input, init);
      const headers = (init?.headers ?? {}) as Record<string, string>;
      raw.push({ path: new URL(url).pathname, encoding: headers['content-encoding'], body: init?.body });
      return Promise.resolve(
        answer(200, { databaseId, serverTime: 0, scopes: [], pages: [], hasMore: false, digests: [] }),
      );
    };
    const host = createWebHost({
      version: '1.0.0',
      origin,
      storage: { getItem: (key) => stored.get(key) ?? null, setItem: (key, value) => stored.set(key, value) },
      fetch: capturing,
    });
    await signIn(host);
    const pull = (cursors: number) => ({
      protocolVersion: 1,
      schemaVersion: 1,
      appVersion: '1.0.0',
      databaseId: null,
      cursors: Array.from({ length: cursors }, (_, index) => ({
        scope: databaseId,
        table: 'beneficiaries',
        seq: index,
      })),
    });
    expect(await host['api:call']({ route: 'syncPull', body: pull(1) })).toMatchObject({ ok: true });
    expect(await host['api:call']({ route: 'syncPull', body: pull(100) })).toMatchObject({ ok: true });
    expect(raw.map((request) => request.encoding)).toEqual([undefined, 'gzip']);
    expect(typeof raw[0]?.body).toBe('string');
    const compressed = raw[1]?.body as Uint8Array<ArrayBuffer>;
    const text = await new Response(
      new Blob([compressed]).stream().pipeThrough(new DecompressionStream('gzip')),
    ).text();
    expect(JSON.parse(text)).toEqual(pull(100));
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostBridge } from '../../shared/host/hostApi';
import { createDeviceStore, deviceFileName, secureStorageUnavailableMessage } from '../device/deviceStore';
import type { SafeStorageLike } from '../device/deviceStore';
import type { HostServices } from '../ipc/hostHandlers';
import { createLoopbackBridge } from '../ipc/loopbackIpc';
import type { Logger } from '../logger';
import { createSettingsStore } from '../settings/settingsStore';
import type { FakeMasarServer } from '../testing/fakeMasarServer';
import { startFakeMasarServer } from '../testing/fakeMasarServer';
import { createTestSafeStorage } from '../testing/testSafeStorage';
import { deviceNameFromHostname } from './accountHandlers';
import { createSessionStore } from './sessionStore';

const password = 'correct horse battery staple';
const hostname = 'PC-ACCUEIL-AIN-SEBAA';

let directory: string;
let server: FakeMasarServer;

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'masar-account-'));
  server = await startFakeMasarServer();
  server.addUser('amina.conseil', password);
});

afterEach(async () => {
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

type SetUpOptions = { safeStorage?: SafeStorageLike; apiTimeoutMs?: number; serverUrl?: string };

/** The real handlers behind the loopback bridge; every answer is recorded, to search it for secrets. */
async function setUp({ safeStorage = createTestSafeStorage(), apiTimeoutMs, serverUrl }: SetUpOptions = {}) {
  const log: Logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const settings = createSettingsStore({ directory, log });
  await settings.update({ serverUrl: serverUrl ?? server.url });
  const services: HostServices = {
    version: '1.0.0',
    settings,
    device: createDeviceStore({
      directory,
      safeStorage,
      legacyServerUrl: async () => (await settings.read()).serverUrl,
      log,
    }),
    session: createSessionStore(),
    fetch,
    hostname: () => hostname,
    onLanguageChanged: () => undefined,
    print: () => Promise.reject(new Error('nothing is printed in these tests')),
    ...(apiTimeoutMs === undefined ? {} : { apiTimeoutMs }),
  };
  const answers: unknown[] = [];
  const { bridge: raw } = createLoopbackBridge(services, { log });
  const bridge = Object.fromEntries(
    Object.entries(raw).map(([channel, call]) => [
      channel,
      async (request: unknown) => {
        const answer = await call(request);
        answers.push(answer);
        return answer;
      },
    ]),
  ) as HostBridge;
  return { bridge, services, log, answers, safeStorage };
}

const signIn = (bridge: HostBridge, username = 'amina.conseil', pass = password) =>
  bridge['auth:signIn']({ username, password: pass });

/** Every secret the server handed out so far. */
const secrets = () => [
  ...server.sessions.keys(),
  ...server.devices.flatMap((device) => [device.token, device.token.split('.')[1] ?? device.token]),
];

const lastRequest = () => server.requests.at(-1);

describe('device:status', () => {
  it('has no device before the first sign-in', async () => {
    const { bridge } = await setUp();
    await expect(bridge['device:status']({})).resolves.toEqual({
      ok: true,
      value: { deviceId: null, isRevoked: false },
    });
  });
});

describe('auth:signIn', () => {
  it('registers the PC at its first sign-in under its host name, and stores the device before answering', async () => {
    const { bridge, services } = await setUp();
    const answer = await signIn(bridge);

    const [registered] = server.devices;
    expect(registered?.name).toBe(hostname);
    expect(answer).toEqual({
      ok: true,
      value: {
        user: server.users.get('amina.conseil')?.profile,
        deviceId: registered?.id,
        serverTime: expect.any(Number) as number,
        centres: [],
        // Passed through to the renderer, which wraps the user's data key with it.
        dataKeySecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as string,
      },
    });
    expect(lastRequest()).toMatchObject({
      method: 'POST',
      path: '/api/auth/sign-in',
      body: { username: 'amina.conseil', password, deviceName: hostname },
    });
    expect(lastRequest()?.headers['x-masar-device']).toBeUndefined();
    await expect(services.device.readToken(server.url)).resolves.toEqual({ ok: true, value: registered?.token });
    await expect(bridge['device:status']({})).resolves.toEqual({
      ok: true,
      value: { deviceId: registered?.id, isRevoked: false },
    });
    const file = await readFile(path.join(directory, deviceFileName), 'utf8');
    for (const secret of secrets()) expect(file).not.toContain(secret);
  });

  it('sends the stored device token at the next sign-ins, without a device name, and registers nothing more', async () => {
    const first = await setUp();
    await signIn(first.bridge);
    const [registered] = server.devices;

    const { bridge } = await setUp({ safeStorage: first.safeStorage });
    await expect(signIn(bridge)).resolves.toMatchObject({ ok: true, value: { deviceId: registered?.id } });
    expect(lastRequest()?.headers['x-masar-device']).toBe(registered?.token);
    expect(lastRequest()?.body).toEqual({ username: 'amina.conseil', password });
    expect(server.devices).toHaveLength(1);
  });

  it('marks the PC revoked when the server says so, even after a restart, and then asks the server nothing', async () => {
    const first = await setUp();
    await signIn(first.bridge);
    for (const device of server.devices) device.isRevoked = true;

    await expect(signIn(first.bridge)).resolves.toMatchObject({ ok: false, error: { code: 'device-revoked' } });
    await expect(first.bridge['device:status']({})).resolves.toMatchObject({ ok: true, value: { isRevoked: true } });

    const restarted = await setUp({ safeStorage: first.safeStorage });
    await expect(restarted.bridge['device:status']({})).resolves.toEqual({
      ok: true,
      value: { deviceId: server.devices[0]?.id, isRevoked: true },
    });
    const requestCount = server.requests.length;
    await expect(signIn(restarted.bridge)).resolves.toMatchObject({ ok: false, error: { code: 'device-revoked' } });
    expect(server.requests).toHaveLength(requestCount);
  });

  it('passes invalid-credentials through and keeps no session, not even the previous one', async () => {
    const { bridge } = await setUp();
    await signIn(bridge);
    await expect(signIn(bridge, 'amina.conseil', 'wrong password')).resolves.toEqual({
      ok: false,
      error: { code: 'invalid-credentials', message: 'invalid-credentials' },
    });
    await expect(bridge['api:call']({ route: 'me' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'no-session' },
    });
  });

  it('passes throttled through with its retry delay', async () => {
    const { bridge } = await setUp();
    server.throttleSeconds = 42;
    await expect(signIn(bridge)).resolves.toEqual({
      ok: false,
      error: { code: 'throttled', message: 'throttled', retryAfterSeconds: 42 },
    });
  });

  it('passes user-disabled through', async () => {
    const { bridge } = await setUp();
    const user = server.users.get('amina.conseil');
    if (user !== undefined) user.isDisabled = true;
    await expect(signIn(bridge)).resolves.toMatchObject({ ok: false, error: { code: 'user-disabled' } });
  });

  it('does not ask the server to register the PC when the token could not be kept safely', async () => {
    const { bridge } = await setUp({ safeStorage: createTestSafeStorage({ isEncryptionAvailable: false }) });
    await expect(signIn(bridge)).resolves.toEqual({
      ok: false,
      error: { code: 'secure-storage-unavailable', message: secureStorageUnavailableMessage },
    });
    expect(server.requests).toEqual([]);
    expect(server.devices).toEqual([]);
  });

  it('fails, keeps no session and ends the server one, when the new device cannot be stored', async () => {
    const safeStorage = createTestSafeStorage();
    let checks = 0;
    const flaky: SafeStorageLike = { ...safeStorage, isEncryptionAvailable: () => ++checks === 1 };
    const { bridge } = await setUp({ safeStorage: flaky });
    await expect(signIn(bridge)).resolves.toEqual({
      ok: false,
      error: { code: 'secure-storage-unavailable', message: secureStorageUnavailableMessage },
    });
    expect(server.requests.map((request) => request.path)).toEqual(['/api/auth/sign-in', '/api/auth/sign-out']);
    expect(server.sessions.size).toBe(0);
    await expect(bridge['device:status']({})).resolves.toMatchObject({ ok: true, value: { deviceId: null } });
    await expect(bridge['api:call']({ route: 'me' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'no-session' },
    });
  });

  it('reports an unreachable server as such', async () => {
    const { bridge } = await setUp({ serverUrl: await closedServerUrl() });
    await expect(signIn(bridge)).resolves.toMatchObject({ ok: false, error: { code: 'server-unreachable' } });
  });

  it('gives up on a server that does not answer, after the API timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const { bridge } = await setUp({ serverUrl: url, apiTimeoutMs: 200 });
      const started = Date.now();
      await expect(signIn(bridge)).resolves.toMatchObject({ ok: false, error: { code: 'server-unreachable' } });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('follows no redirect: the credentials never reach another server', async () => {
    const first = await setUp();
    await signIn(first.bridge);
    const reached: string[] = [];
    const elsewhere = createServer((request, response) => {
      reached.push(request.url ?? '');
      response.writeHead(500).end();
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const redirecting = createServer((request, response) => {
      const port = (elsewhere.address() as AddressInfo).port;
      response.writeHead(307, { location: `http://127.0.0.1:${port}${request.url ?? '/'}` }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`;
      const { bridge } = await setUp({ safeStorage: first.safeStorage, serverUrl: url });
      await expect(signIn(bridge)).resolves.toMatchObject({ ok: false, error: { code: 'server-unreachable' } });
      expect(reached).toEqual([]);
    } finally {
      for (const each of [elsewhere, redirecting]) {
        each.closeAllConnections();
        await new Promise((resolve) => each.close(resolve));
      }
    }
  });
});

describe('api:call', () => {
  it('answers no-session, without calling the server, when no one is signed in', async () => {
    const { bridge } = await setUp();
    await expect(bridge['api:call']({ route: 'listCentres' })).resolves.toEqual({
      ok: false,
      error: { code: 'no-session', message: expect.any(String) as string },
    });
    expect(server.requests).toEqual([]);
  });

  it('calls the route with the session and the device token, and answers its data', async () => {
    const { bridge } = await setUp();
    await signIn(bridge);
    const [sessionToken] = server.sessions.keys();
    await expect(bridge['api:call']({ route: 'listCentres' })).resolves.toEqual({
      ok: true,
      value: { data: { centres: [] } },
    });
    expect(lastRequest()).toMatchObject({ method: 'GET', path: '/api/centres' });
    expect(lastRequest()?.headers.authorization).toBe(`Bearer ${sessionToken ?? ''}`);
    expect(lastRequest()?.headers['x-masar-device']).toBe(server.devices[0]?.token);
  });

  it('puts the id in the path and sends the body', async () => {
    const { bridge } = await setUp();
    await signIn(bridge);
    const target = server.addUser('karim.conseil', 'another password');
    await expect(bridge['api:call']({ route: 'disableUser', id: target.id })).resolves.toMatchObject({
      ok: true,
      value: { data: { user: { id: target.id } } },
    });
    expect(lastRequest()).toMatchObject({ method: 'POST', path: `/api/admin/users/${target.id}/disable` });
  });

  it.each(['signIn', 'signOut', 'changePassword', 'health', 'dropDatabase'])(
    'refuses the route %s by the contract, without calling the server',
    async (route) => {
      const { bridge } = await setUp();
      await signIn(bridge);
      const requestCount = server.requests.length;
      await expect(bridge['api:call']({ route, body: { username: 'x', password: 'y' } })).resolves.toMatchObject({
        ok: false,
        error: { code: 'invalid-request' },
      });
      expect(server.requests).toHaveLength(requestCount);
    },
  );

  it('forgets the session after unauthenticated (expired on the server)', async () => {
    const { bridge } = await setUp();
    await signIn(bridge);
    server.sessions.clear();
    await expect(bridge['api:call']({ route: 'me' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    const requestCount = server.requests.length;
    await expect(bridge['api:call']({ route: 'me' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'no-session' },
    });
    expect(server.requests).toHaveLength(requestCount);
  });

  it('forgets the session after user-disabled', async () => {
    const { bridge } = await setUp();
    await signIn(bridge);
    const user = server.users.get('amina.conseil');
    if (user !== undefined) user.isDisabled = true;
    await expect(bridge['api:call']({ route: 'me' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'user-disabled' },
    });
    await expect(bridge['api:call']({ route: 'me' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'no-session' },
    });
  });

  it('marks the PC revoked and forgets the session after device-revoked', async () => {
    const { bridge } = await setUp();
    await signIn(bridge);
    for (const device of server.devices) device.isRevoked = true;
    await expect(bridge['api:call']({ route: 'me' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'device-revoked' },
    });
    await expect(bridge['device:status']({})).resolves.toMatchObject({ ok: true, value: { isRevoked: true } });
    await expect(bridge['api:call']({ route: 'me' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'no-session' },
    });
  });

  it('keeps the session on other errors (not-found)', async () => {
    const { bridge } = await setUp();
    await signIn(bridge);
    await expect(
      bridge['api:call']({ route: 'disableUser', id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } });
    await expect(bridge['api:call']({ route: 'me' })).resolves.toMatchObject({ ok: true });
  });
});

describe('auth:changePassword', () => {
  const change = { currentPassword: password, newPassword: 'a much longer new password' };

  it('changes the password with the session and answers the profile', async () => {
    const { bridge } = await setUp();
    const signedIn = await signIn(bridge);
    await expect(bridge['auth:changePassword'](change)).resolves.toEqual({
      ok: true,
      value: {
        user: server.users.get('amina.conseil')?.profile,
        centres: [],
        // The same secret as at the sign-in: the PC re-wraps its data key under the new password.
        dataKeySecret: (signedIn as { value: { dataKeySecret: string } }).value.dataKeySecret,
      },
    });
    expect(lastRequest()).toMatchObject({ method: 'POST', path: '/api/auth/change-password', body: change });
    expect(lastRequest()?.headers.authorization).toMatch(/^Bearer /);
    expect(server.users.get('amina.conseil')?.password).toBe(change.newPassword);
  });

  it('passes a wrong current password through, keeping the session', async () => {
    const { bridge } = await setUp();
    await signIn(bridge);
    await expect(bridge['auth:changePassword']({ ...change, currentPassword: 'wrong' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-credentials' },
    });
    await expect(bridge['api:call']({ route: 'me' })).resolves.toMatchObject({ ok: true });
  });

  it('answers no-session when no one is signed in', async () => {
    const { bridge } = await setUp();
    await expect(bridge['auth:changePassword'](change)).resolves.toMatchObject({
      ok: false,
      error: { code: 'no-session' },
    });
    expect(server.requests).toEqual([]);
  });

  it('refuses a new password that breaks the policy, by the contract', async () => {
    const { bridge } = await setUp();
    await signIn(bridge);
    const requestCount = server.requests.length;
    await expect(bridge['auth:changePassword']({ ...change, newPassword: 'short' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(server.requests).toHaveLength(requestCount);
  });
});

describe('auth:signOut', () => {
  it('ends the session on the server and forgets it', async () => {
    const { bridge } = await setUp();
    await signIn(bridge);
    await expect(bridge['auth:signOut']({})).resolves.toEqual({ ok: true, value: { isServerSessionEnded: true } });
    expect(lastRequest()).toMatchObject({ method: 'POST', path: '/api/auth/sign-out' });
    expect(lastRequest()?.headers['x-masar-device']).toBe(server.devices[0]?.token);
    expect(server.sessions.size).toBe(0);
    await expect(bridge['api:call']({ route: 'me' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'no-session' },
    });
  });

  it('still forgets the session when the server cannot be reached', async () => {
    const { bridge, services } = await setUp();
    await signIn(bridge);
    await server.close();
    await expect(bridge['auth:signOut']({})).resolves.toEqual({ ok: true, value: { isServerSessionEnded: false } });
    expect(services.session.current()).toBeUndefined();
    await expect(bridge['api:call']({ route: 'me' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'no-session' },
    });
  });

  it('answers without calling the server when no one is signed in', async () => {
    const { bridge } = await setUp();
    await expect(bridge['auth:signOut']({})).resolves.toEqual({ ok: true, value: { isServerSessionEnded: false } });
    expect(server.requests).toEqual([]);
  });
});

describe('credentials belong to the server that issued them', () => {
  let second: FakeMasarServer;
  beforeEach(async () => {
    second = await startFakeMasarServer();
    second.addUser('amina.conseil', password);
  });
  afterEach(async () => {
    await second.close();
  });

  const deviceHeaders = (fake: FakeMasarServer) => fake.requests.map((request) => request.headers['x-masar-device']);
  /**
   * The server address changed as an administrator does (the channel refuses others on a
   * registered PC: hostHandlers.test.ts), or as someone editing settings.json by hand would.
   */
  const moveTo = async (
    services: {
      device: { load(): Promise<void> };
      settings: { update(changes: { serverUrl: string }): Promise<unknown> };
    },
    serverUrl: string,
  ) => {
    await services.device.load();
    await services.settings.update({ serverUrl });
  };

  it("never sends a server's device token to another server URL: the PC registers there anew", async () => {
    const { bridge, services, log } = await setUp();
    await signIn(bridge);
    const [onFirst] = server.devices;

    await moveTo(services, second.url);
    await expect(bridge['device:status']({})).resolves.toEqual({
      ok: true,
      value: { deviceId: null, isRevoked: false },
    });
    const answer = await signIn(bridge);
    const [onSecond] = second.devices;
    expect(answer).toMatchObject({ ok: true, value: { deviceId: onSecond?.id } });
    expect(second.requests).toHaveLength(1);
    expect(second.requests[0]?.headers['x-masar-device']).toBeUndefined();
    expect(second.requests[0]?.body).toEqual({ username: 'amina.conseil', password, deviceName: hostname });
    expect(JSON.stringify(second.requests)).not.toContain(onFirst?.token.split('.')[1]);
    await expect(bridge['device:status']({})).resolves.toEqual({
      ok: true,
      value: { deviceId: onSecond?.id, isRevoked: false },
    });
    await bridge['api:call']({ route: 'me' });
    expect(deviceHeaders(second)).toEqual([undefined, onSecond?.token]);

    // Back to the first server: its own registration again, nothing new.
    await moveTo(services, server.url);
    await expect(bridge['device:status']({})).resolves.toEqual({
      ok: true,
      value: { deviceId: onFirst?.id, isRevoked: false },
    });
    await expect(signIn(bridge)).resolves.toMatchObject({ ok: true, value: { deviceId: onFirst?.id } });
    expect(lastRequest()?.headers['x-masar-device']).toBe(onFirst?.token);
    expect(deviceHeaders(server).filter((header) => header !== undefined)).toEqual([onFirst?.token]);
    expect(server.devices).toHaveLength(1);
    expect(second.devices).toHaveLength(1);
    expect(deviceHeaders(second)).toEqual([undefined, onSecond?.token]);

    const file = await readFile(path.join(directory, deviceFileName), 'utf8');
    for (const secret of [...secrets(), ...second.devices.map((device) => device.token)]) {
      expect(file).not.toContain(secret);
    }
    await expect(services.device.readToken(second.url)).resolves.toEqual({ ok: true, value: onSecond?.token });
    const logged = JSON.stringify([log.info, log.warn, log.error].map((spy) => vi.mocked(spy).mock.calls));
    for (const device of [onFirst, onSecond]) expect(logged).not.toContain(device?.token.split('.')[1]);
  });

  it('keeps one revoked flag for the whole PC: revoked by one server, it signs in with no other', async () => {
    const { bridge, services } = await setUp();
    await signIn(bridge);
    for (const device of server.devices) device.isRevoked = true;
    await expect(signIn(bridge)).resolves.toMatchObject({ ok: false, error: { code: 'device-revoked' } });

    // Pointing the settings at another server (or a dead port) does not make it a new PC.
    await moveTo(services, second.url);
    await expect(bridge['device:status']({})).resolves.toEqual({
      ok: true,
      value: { deviceId: null, isRevoked: true },
    });
    await expect(signIn(bridge)).resolves.toMatchObject({ ok: false, error: { code: 'device-revoked' } });
    expect(second.requests).toHaveLength(0);
    expect(second.devices).toHaveLength(0);

    await moveTo(services, server.url);
    await expect(bridge['device:status']({})).resolves.toEqual({
      ok: true,
      value: { deviceId: server.devices[0]?.id, isRevoked: true },
    });
    const requestCount = server.requests.length;
    await expect(signIn(bridge)).resolves.toMatchObject({ ok: false, error: { code: 'device-revoked' } });
    expect(server.requests).toHaveLength(requestCount);
  });

  it('uses a session only with the server that opened it', async () => {
    const { bridge, services } = await setUp();
    await signIn(bridge);
    await moveTo(services, second.url);
    await expect(bridge['api:call']({ route: 'me' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'no-session' },
    });
    expect(second.requests).toEqual([]);
    await expect(bridge['api:call']({ route: 'me' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'no-session' },
    });
    expect(second.requests).toEqual([]);
  });

  it('ends the server session with the server that opened it, even after a change of server URL', async () => {
    const { bridge, services } = await setUp();
    await signIn(bridge);
    await moveTo(services, second.url);
    await expect(bridge['auth:signOut']({})).resolves.toEqual({ ok: true, value: { isServerSessionEnded: true } });
    expect(lastRequest()).toMatchObject({ method: 'POST', path: '/api/auth/sign-out' });
    expect(lastRequest()?.headers['x-masar-device']).toBe(server.devices[0]?.token);
    expect(server.sessions.size).toBe(0);
    expect(second.requests).toEqual([]);
  });
});

describe('a PC the server does not know (device-unknown)', () => {
  it('forgets its credentials for that server and registers again, at once, with the same sign-in', async () => {
    const { bridge, services, log } = await setUp();
    await signIn(bridge);
    const [old] = server.devices;
    // The server's database was rebuilt: it knows the user again, not this PC.
    server.devices.length = 0;
    server.requests.length = 0;

    const answer = await signIn(bridge);
    const [renewed] = server.devices;
    expect(renewed?.id).not.toBe(old?.id);
    expect(answer).toMatchObject({ ok: true, value: { deviceId: renewed?.id } });
    expect(server.requests.map((request) => [request.path, request.headers['x-masar-device'], request.body])).toEqual([
      ['/api/auth/sign-in', old?.token, { username: 'amina.conseil', password }],
      ['/api/auth/sign-in', undefined, { username: 'amina.conseil', password, deviceName: hostname }],
    ]);
    await expect(services.device.readToken(server.url)).resolves.toEqual({ ok: true, value: renewed?.token });
    await expect(bridge['device:status']({})).resolves.toEqual({
      ok: true,
      value: { deviceId: renewed?.id, isRevoked: false },
    });
    await expect(bridge['api:call']({ route: 'me' })).resolves.toMatchObject({ ok: true });
    expect(lastRequest()?.headers['x-masar-device']).toBe(renewed?.token);
    const file = await readFile(path.join(directory, deviceFileName), 'utf8');
    expect(file).not.toContain(old?.id);
    const logged = JSON.stringify([log.info, log.warn, log.error].map((spy) => vi.mocked(spy).mock.calls));
    for (const device of [old, renewed]) expect(logged).not.toContain(device?.token.split('.')[1]);
  });

  it('retries only once', async () => {
    const { bridge } = await setUp();
    await signIn(bridge);
    server.requests.length = 0;
    server.signInError = 'device-unknown';
    await expect(signIn(bridge)).resolves.toMatchObject({ ok: false, error: { code: 'device-unknown' } });
    expect(server.requests.map((request) => request.headers['x-masar-device'])).toEqual([
      server.devices[0]?.token,
      undefined,
    ]);
    await expect(bridge['device:status']({})).resolves.toEqual({
      ok: true,
      value: { deviceId: null, isRevoked: false },
    });
  });

  it('does not retry a sign-in sent without a device token', async () => {
    const { bridge } = await setUp();
    server.signInError = 'device-unknown';
    await expect(signIn(bridge)).resolves.toMatchObject({ ok: false, error: { code: 'device-unknown' } });
    expect(server.requests).toHaveLength(1);
  });

  it('does not re-register on a wrong password: the PC keeps its credentials', async () => {
    const { bridge } = await setUp();
    await signIn(bridge);
    const [old] = server.devices;
    server.devices.length = 0;
    server.requests.length = 0;
    await expect(signIn(bridge, 'amina.conseil', 'wrong password')).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-credentials' },
    });
    expect(server.requests).toHaveLength(1);
    await expect(bridge['device:status']({})).resolves.toMatchObject({ ok: true, value: { deviceId: old?.id } });
  });

  it('on another route, only ends the session; the next sign-in registers the PC again', async () => {
    const { bridge } = await setUp();
    await signIn(bridge);
    const [old] = server.devices;
    server.devices.length = 0;
    await expect(bridge['api:call']({ route: 'me' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'device-unknown' },
    });
    await expect(bridge['device:status']({})).resolves.toMatchObject({ ok: true, value: { deviceId: old?.id } });
    const requestCount = server.requests.length;
    await expect(bridge['api:call']({ route: 'me' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'no-session' },
    });
    expect(server.requests).toHaveLength(requestCount);
    const again = await signIn(bridge);
    expect(again).toMatchObject({ ok: true, value: { deviceId: server.devices[0]?.id } });
    expect(server.devices[0]?.id).not.toBe(old?.id);
  });
});

describe('the credentials stay in the main process', () => {
  it('no answer of any channel contains the session token, the device token or the password', async () => {
    const { bridge, answers, log } = await setUp();
    await bridge['device:status']({});
    await signIn(bridge);
    await bridge['device:status']({});
    await bridge['settings:get']({});
    await bridge['api:call']({ route: 'me' });
    await bridge['api:call']({ route: 'listCentres' });
    await bridge['auth:changePassword']({ currentPassword: password, newPassword: 'a much longer new password' });
    const tokensSoFar = secrets();
    await bridge['auth:signOut']({});
    await signIn(bridge, 'amina.conseil', 'a much longer new password');
    server.throttleSeconds = 1;
    await signIn(bridge);

    const sent = [...tokensSoFar, ...secrets()];
    expect(sent.length).toBeGreaterThanOrEqual(3);
    const json = JSON.stringify(answers);
    for (const secret of sent) expect(json).not.toContain(secret);
    expect(json).not.toContain(password);

    const logged = JSON.stringify([log.info, log.warn, log.error].map((spy) => vi.mocked(spy).mock.calls));
    for (const secret of [...sent, password, 'a much longer new password']) expect(logged).not.toContain(secret);
  });
});

describe('deviceNameFromHostname', () => {
  it.each([
    ['PC-ACCUEIL', 'PC-ACCUEIL'],
    ['  padded  ', 'padded'],
    ['', 'Masar'],
    ['   ', 'Masar'],
    ['x'.repeat(300), 'x'.repeat(100)],
  ])('turns %j into %j', (input, expected) => {
    expect(deviceNameFromHostname(input)).toBe(expected);
  });
});

async function closedServerUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise((resolve) => probe.close(resolve));
  return url;
}

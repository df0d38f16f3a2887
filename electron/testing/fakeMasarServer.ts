/**
 * A small real HTTP server that answers the Masar account routes the way the central server does
 * (paths, JSON bodies, error codes and statuses from `shared/api`), for the main process's tests:
 * the handlers go through Node's real `fetch` and the shared API client, and each test can look at
 * the requests that actually arrived. Like the real server, it answers `device-unknown` to a device
 * id it never registered (empty `devices` to play a rebuilt database) and `unauthenticated` to a
 * known id with a wrong secret, at sign-in only once the password is right. Not used by the app.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiErrorCode } from '../../shared/api/errors';
import { apiErrorStatus, authHeaders } from '../../shared/api/errors';
import type { UserProfile } from '../../shared/auth/schemas';

export type RecordedRequest = {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
};

export type FakeUser = { profile: UserProfile; password: string; isDisabled: boolean };
export type FakeDevice = { id: string; token: string; name: string; isRevoked: boolean };

export type FakeMasarServer = {
  url: string;
  requests: RecordedRequest[];
  users: Map<string, FakeUser>;
  devices: FakeDevice[];
  /** Session token → user id. */
  sessions: Map<string, string>;
  /** When set, sign-ins answer `throttled` with this many seconds. */
  throttleSeconds: number | undefined;
  /** When set, sign-ins with a correct password answer this code. */
  signInError: ApiErrorCode | undefined;
  addUser(username: string, password: string): UserProfile;
  close(): Promise<void>;
};

const newToken = () => randomBytes(32).toString('base64url');

function readBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? undefined : JSON.parse(text));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    request.on('error', reject);
  });
}

class ApiFailure extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly retryAfterSeconds?: number,
  ) {
    super(code);
  }
}

export async function startFakeMasarServer(): Promise<FakeMasarServer> {
  const requests: RecordedRequest[] = [];
  const users = new Map<string, FakeUser>();
  const devices: FakeDevice[] = [];
  const sessions = new Map<string, string>();
  /** Session token → the PC it was opened on; "device id|user id" → that user's data key secret there. */
  const sessionDevices = new Map<string, string>();
  const dataKeySecrets = new Map<string, string>();

  const userById = (id: string) => [...users.values()].find((user) => user.profile.id === id);

  function deviceOf(headers: IncomingMessage['headers']): FakeDevice | undefined {
    const token = headers[authHeaders.device];
    if (token === undefined) return undefined;
    if (typeof token !== 'string') throw new ApiFailure('unauthenticated');
    const id = token.slice(0, token.indexOf('.'));
    const device = devices.find((candidate) => candidate.id === id);
    if (device === undefined) throw new ApiFailure('device-unknown');
    if (device.token !== token) throw new ApiFailure('unauthenticated');
    if (device.isRevoked) throw new ApiFailure('device-revoked');
    return device;
  }

  /** A signed-in user on a registered, unrevoked PC. */
  function authenticate(headers: IncomingMessage['headers']): { user: FakeUser; token: string } {
    if (deviceOf(headers) === undefined) throw new ApiFailure('unauthenticated');
    const token = /^Bearer (.+)$/.exec(headers[authHeaders.session] ?? '')?.[1];
    const userId = token === undefined ? undefined : sessions.get(token);
    const user = userId === undefined ? undefined : userById(userId);
    if (token === undefined || user === undefined) throw new ApiFailure('unauthenticated');
    if (user.isDisabled) {
      sessions.delete(token);
      throw new ApiFailure('user-disabled');
    }
    return { user, token };
  }

  function signIn(headers: IncomingMessage['headers'], body: unknown): unknown {
    if (server.throttleSeconds !== undefined) throw new ApiFailure('throttled', server.throttleSeconds);
    const { username, password, deviceName } = body as { username: string; password: string; deviceName?: string };
    const user = users.get(username);
    if (user === undefined || user.password !== password) throw new ApiFailure('invalid-credentials');
    if (user.isDisabled) throw new ApiFailure('user-disabled');
    if (server.signInError !== undefined) throw new ApiFailure(server.signInError);
    let device = deviceOf(headers);
    let newDevice: { id: string; token: string } | undefined;
    if (device === undefined) {
      if (deviceName === undefined) throw new ApiFailure('invalid-request');
      const id = randomUUID();
      device = { id, token: `${id}.${newToken()}`, name: deviceName, isRevoked: false };
      devices.push(device);
      newDevice = { id, token: device.token };
    }
    const sessionToken = newToken();
    sessions.set(sessionToken, user.profile.id);
    sessionDevices.set(sessionToken, device.id);
    return {
      sessionToken,
      sessionExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      user: user.profile,
      ...(newDevice === undefined ? {} : { newDevice }),
      deviceId: device.id,
      serverTime: Date.now(),
      centres: [],
      dataKeySecret: dataKeySecret(device.id, user.profile.id),
    };
  }

  /** The secret of a user on a PC (server/src/db/deviceUserKeys.ts): made once, then the same. */
  function dataKeySecret(deviceId: string, userId: string): string {
    const key = `${deviceId}|${userId}`;
    const secret = dataKeySecrets.get(key) ?? newToken();
    dataKeySecrets.set(key, secret);
    return secret;
  }

  function route(method: string, path: string, headers: IncomingMessage['headers'], body: unknown): unknown {
    if (method === 'POST' && path === '/api/auth/sign-in') return signIn(headers, body);
    const { user, token } = authenticate(headers);
    if (method === 'POST' && path === '/api/auth/sign-out') {
      sessions.delete(token);
      return { ok: true };
    }
    if (method === 'GET' && path === '/api/auth/me') return { user: user.profile, centres: [] };
    if (method === 'POST' && path === '/api/auth/change-password') {
      const { currentPassword, newPassword } = body as { currentPassword: string; newPassword: string };
      if (currentPassword !== user.password) throw new ApiFailure('invalid-credentials');
      user.password = newPassword;
      user.profile = { ...user.profile, mustChangePassword: false };
      const deviceId = sessionDevices.get(token) ?? '';
      return { user: user.profile, centres: [], dataKeySecret: dataKeySecret(deviceId, user.profile.id) };
    }
    if (method === 'GET' && path === '/api/centres') return { centres: [] };
    const disable = /^\/api\/admin\/users\/([^/]+)\/disable$/.exec(path);
    if (method === 'POST' && disable !== null) {
      const target = userById(decodeURIComponent(disable[1] ?? ''));
      if (target === undefined) throw new ApiFailure('not-found');
      target.isDisabled = true;
      return {
        user: {
          ...target.profile,
          disabledAt: new Date().toISOString(),
          createdAt: '',
          lastSignInAt: null,
          judicialHolds: [],
        },
      };
    }
    throw new ApiFailure('not-found');
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    let body: unknown;
    try {
      body = await readBody(request);
    } catch {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'invalid-request', message: 'not JSON' } }));
      return;
    }
    requests.push({ method, path, headers: { ...request.headers }, body });
    try {
      const answer = route(method, path, request.headers, body);
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(answer));
    } catch (error) {
      const failure = error instanceof ApiFailure ? error : new ApiFailure('internal');
      const retry = failure.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: failure.retryAfterSeconds };
      response.writeHead(apiErrorStatus[failure.code], { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: failure.code, message: failure.code, ...retry } }));
    }
  }

  const http = createServer((request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));

  const server: FakeMasarServer = {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    requests,
    users,
    devices,
    sessions,
    throttleSeconds: undefined,
    signInError: undefined,
    addUser(username, password) {
      const profile: UserProfile = {
        id: randomUUID(),
        username,
        displayName: username,
        role: 'conseiller',
        centreIds: [],
        mustChangePassword: false,
        judicialHoldCentreIds: [],
      };
      users.set(username, { profile, password, isDisabled: false });
      return profile;
    },
    close: async () => {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
  return server;
}

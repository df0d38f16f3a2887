/**
 * Account fixtures for the route tests: a server on a fresh database with a clock the test
 * moves, centres and users written straight through the database layer, and sign-in helpers
 * that return the two credential headers a PC sends.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect, onTestFinished } from 'vitest';
import { authHeaders } from '../../../shared/api/errors';
import type { DatabaseEngine } from '../../../shared/api/health';
import { apiRouteTable, routePath } from '../../../shared/api/routes';
import type { ApiRouteName } from '../../../shared/api/routes';
import type { Role } from '../../../shared/auth/roles';
import { signInResponseSchema } from '../../../shared/auth/schemas';
import type { Centre, SignInResponse } from '../../../shared/auth/schemas';
import type { RegionCode } from '../../../shared/reference/regions';
import { newId } from '../../../shared/ids/uuidv7';
import { buildServer } from '../../src/app';
import type { BuildServerOptions } from '../../src/app';
import type { MasarServer } from '../../src/masarServer';
import { hashPassword } from '../../src/auth/passwords';
import { insertCentre, insertUser } from '../../src/db';
import type { MasarDatabase } from '../../src/db';
import { testVersion } from './http';
import { openTestDatabase } from './testDatabase';

export const defaultPassword = 'correct horse battery';

/** A clock that only moves when the test says so. */
export class TestClock {
  current = new Date('2025-03-10T09:00:00.000Z');
  readonly now = (): Date => new Date(this.current.getTime());
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface AccountsServer {
  app: MasarServer;
  database: MasarDatabase;
  clock: TestClock;
}

export async function buildAccountsServer(
  engine: DatabaseEngine,
  options: Omit<BuildServerOptions, 'database' | 'version' | 'now'> = {},
): Promise<AccountsServer> {
  const database = await openTestDatabase(engine);
  const clock = new TestClock();
  const app = buildServer({ database, version: testVersion, now: clock.now, ...options });
  onTestFinished(() => app.close());
  return { app, database, clock };
}

export async function seedCentre(
  database: MasarDatabase,
  code: string,
  regionCode: RegionCode = 'FME',
): Promise<Centre> {
  return insertCentre(database.db, {
    id: newId(),
    code,
    nameFr: `Centre ${code}`,
    nameAr: `مركز ${code}`,
    regionCode,
    createdAt: new Date().toISOString(),
  });
}

/** A centre seeded by seedCentre as the server sends it to a PC, with the default rules for its PCs. */
export function seededCentreAsSent(id: string, code: string, regionCode: RegionCode = 'FME') {
  return {
    id,
    code,
    nameFr: `Centre ${code}`,
    nameAr: `مركز ${code}`,
    regionCode,
    autoLockMinutes: 10,
    maxOfflineDays: 30,
  };
}

const hashes = new Map<string, Promise<string>>();

/** argon2 costs ~30 ms: one hash per distinct password for the whole test file. */
function cachedHash(password: string): Promise<string> {
  let hashed = hashes.get(password);
  if (hashed === undefined) {
    hashed = hashPassword(password);
    hashes.set(password, hashed);
  }
  return hashed;
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
  role: Role;
  centreIds: string[];
}

export async function seedUser(
  database: MasarDatabase,
  user: { username: string; role: Role; centreIds?: string[]; password?: string },
): Promise<TestUser> {
  const password = user.password ?? defaultPassword;
  const seeded: TestUser = {
    id: newId(),
    username: user.username,
    password,
    role: user.role,
    centreIds: user.centreIds ?? [],
  };
  await insertUser(database.db, {
    id: seeded.id,
    username: seeded.username,
    displayName: `User ${seeded.username}`,
    role: seeded.role,
    passwordHash: await cachedHash(password),
    mustChangePassword: false,
    oneTimePasswordExpiresAt: null,
    createdAt: new Date().toISOString(),
    centreIds: seeded.centreIds,
  });
  return seeded;
}

/** The credential headers of a PC: its device token and, when signed in, its session token. */
export interface Credentials {
  deviceToken?: string | undefined;
  sessionToken?: string | undefined;
}

export function credentialHeaders(credentials: Credentials): Record<string, string> {
  const headers: Record<string, string> = {};
  if (credentials.deviceToken !== undefined) headers[authHeaders.device] = credentials.deviceToken;
  if (credentials.sessionToken !== undefined) headers[authHeaders.session] = `Bearer ${credentials.sessionToken}`;
  return headers;
}

export function postSignIn(
  app: MasarServer,
  body: { username: string; password: string; deviceName?: string },
  deviceToken?: string,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: apiRouteTable.signIn.path,
    headers: credentialHeaders({ deviceToken }),
    payload: {
      username: body.username,
      password: body.password,
      ...(body.deviceName === undefined ? {} : { deviceName: body.deviceName }),
    },
  });
}

export interface Session extends Credentials {
  deviceToken: string;
  sessionToken: string;
  deviceId: string;
  response: SignInResponse;
}

/** Signs in (registering a new PC unless `deviceToken` is given) and expects success. */
export async function signIn(
  app: MasarServer,
  user: { username: string; password: string },
  deviceToken?: string,
): Promise<Session> {
  const response = await postSignIn(app, { username: user.username, password: user.password }, deviceToken);
  expect(response.statusCode, response.payload).toBe(200);
  const body = signInResponseSchema.parse(response.json());
  const token = deviceToken ?? body.newDevice?.token;
  if (token === undefined) throw new Error('sign-in registered no device');
  return { deviceToken: token, sessionToken: body.sessionToken, deviceId: body.deviceId, response: body };
}

/** Calls a route of the table by name with these credentials. */
export function call(
  app: MasarServer,
  name: ApiRouteName,
  credentials: Credentials,
  options: { id?: string; body?: unknown } = {},
): Promise<LightMyRequestResponse> {
  const route = apiRouteTable[name];
  return app.inject({
    method: route.method,
    url: routePath(name, options.id),
    headers: credentialHeaders(credentials),
    ...(options.body === undefined ? {} : { payload: options.body as Record<string, unknown> }),
  });
}

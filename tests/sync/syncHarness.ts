/**
 * The sync world of the integration tests: a real central server in-process on a temporary SQLite
 * file, listening on loopback behind the fault proxy, and client PCs each with their own
 * IndexedDB (fake-indexeddb), clock, device registration and session, syncing with the real engine
 * through `callApi` over Node's fetch (gzip and all, as the desktop main process does).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { callApi, type HttpFetch } from '../../shared/api/apiClient';
import { type Beneficiary, type BeneficiaryDraft } from '../../shared/beneficiary/beneficiary';
import { formatReplicaId } from '../../shared/sync/hlc';
import { newId } from '../../shared/ids/uuidv7';
import { createApiFetch } from '../../electron/network/apiFetch';
import { storeCentres } from '../../renderer/db/fileNumbers';
import type { CentreInfo } from '../../shared/auth/schemas';
import type { Role } from '../../shared/auth/roles';
import { createBeneficiaryRepository, type Author } from '../../renderer/db/beneficiaryRepository';
import { openUserDatabase, type MasarDatabase } from '../../renderer/db/database';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../../renderer/sync/engine';
import type { SyncTransport } from '../../renderer/sync/transport';
import { buildServer, type MasarServer } from '../../server/src/app';
import { hashPassword } from '../../server/src/auth/passwords';
import {
  insertCentre,
  insertUser,
  migrateToLatest,
  openDatabase,
  type MasarDatabase as ServerDatabase,
} from '../../server/src/db';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { testDraft } from '../../renderer/db/testDraft';

const password = 'un mot de passe de synchronisation';
let passwordHash: Promise<string> | undefined;

export type SyncWorld = {
  readonly server: MasarServer;
  readonly database: ServerDatabase;
  /** The server's own address (sign-in goes there directly, sync through the proxy). */
  readonly serverUrl: string;
  readonly proxy: FaultProxy;
  readonly centreId: string;
  close(): Promise<void>;
};

export type SyncWorldOptions = {
  serverNow?: () => Date;
  /** The built renderer, for a world the app itself opens in a browser (the benchmarks). */
  rendererDir?: string;
  /** The server's byte budget of a pull response (small: pulls in several rounds). */
  maxPullStateBytes?: number;
};

export async function startSyncWorld(options: SyncWorldOptions = {}): Promise<SyncWorld> {
  const folder = await mkdtemp(join(tmpdir(), 'masar-sync-'));
  const database = await openDatabase({ dataDir: folder });
  await migrateToLatest(database.db);
  const centreId = newId();
  await insertCentre(database.db, {
    id: centreId,
    code: 'CAS-01',
    nameFr: 'CAPC Casablanca',
    nameAr: 'مركز الدار البيضاء',
    regionCode: 'CSE',
    createdAt: new Date().toISOString(),
  });
  const server = buildServer({
    database,
    version: '0.0.0-test',
    ...(options.serverNow ? { now: options.serverNow } : {}),
    ...(options.rendererDir ? { rendererDir: options.rendererDir } : {}),
    ...(options.maxPullStateBytes === undefined ? {} : { maxPullStateBytes: options.maxPullStateBytes }),
  });
  const serverUrl = await server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = new URL(serverUrl);
  const proxy = await startFaultProxy({ host: '127.0.0.1', port: Number(port) });
  return {
    server,
    database,
    serverUrl,
    proxy,
    centreId,
    async close() {
      await proxy.close();
      await server.close();
      await database.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

export type Client = {
  readonly name: string;
  readonly userId: string;
  readonly deviceId: string;
  readonly replicaId: string;
  /** The user as the server knows them: what they write is stamped with it. */
  readonly author: Author;
  readonly indexedDB: IDBFactory;
  db: MasarDatabase;
  engine: SyncEngine;
  /** Moves this PC's clock (ms added to the real time). */
  skewMs: number;
  readonly now: () => number;
  create(overrides?: Partial<BeneficiaryDraft>): Promise<Beneficiary>;
  edit(id: string, changes: Partial<Beneficiary>): Promise<void>;
  rows(): Promise<Beneficiary[]>;
  /** Closes the database and opens it again (a restart), with a new engine. */
  reopen(options?: { replicaId?: string | undefined }): MasarDatabase;
  close(): void;
};

export type ClientOptions = {
  skewMs?: number;
  /** The user's role (a counsellor by default; a coordinator decides and holds ceremonies). */
  role?: Role;
  /** Open the database without the server's device id (a PC used before it was known). */
  isProvisional?: boolean;
  /** Test hook: applied to the database before it opens (e.g. a failing middleware). */
  prepare?: (db: MasarDatabase) => void;
  engine?: Partial<Pick<SyncEngineOptions, 'limits' | 'retry'>>;
  /** Deadline of one sync request (short: the fault tests hang requests on purpose). */
  timeoutMs?: number;
};

export const baseDraft: BeneficiaryDraft = testDraft(Date.now());

/** A counsellor of the world's centre with a known password, ready to sign in (no PC yet). */
export async function addCounsellor(
  world: Pick<SyncWorld, 'database' | 'centreId'>,
  name: string,
  role: Role = 'conseiller',
): Promise<{ username: string; password: string }> {
  passwordHash ??= hashPassword(password);
  const username = `${name}.${newId().slice(-6)}`;
  await insertUser(world.database.db, {
    id: newId(),
    username,
    displayName: `Conseiller ${name}`,
    role,
    passwordHash: await passwordHash,
    mustChangePassword: false,
    oneTimePasswordExpiresAt: null,
    createdAt: new Date().toISOString(),
    centreIds: [world.centreId],
  });
  return { username, password };
}

/**
 * A new PC signing in for real (its device registered) and its sync transport with that session:
 * sign-in goes to `serverUrl`, sync requests to `syncUrl` (the fault proxy in the tests).
 */
export async function signInPc(options: {
  serverUrl: string;
  syncUrl: string;
  username: string;
  password: string;
  name: string;
  timeoutMs: number;
}): Promise<{ deviceId: string; userId: string; transport: SyncTransport; centres: readonly CentreInfo[] }> {
  const plainFetch = createApiFetch(globalThis.fetch, 10_000);
  const signedIn = await callApi(
    plainFetch,
    options.serverUrl,
    'signIn',
    { body: { username: options.username, password: options.password, deviceName: options.name } },
    {},
  );
  if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.error.code}`);
  const { sessionToken, deviceId, user, newDevice, centres } = signedIn.value;
  if (!newDevice) throw new Error('no device registered');
  const credentials = { sessionToken, deviceToken: newDevice.token };
  const syncFetch: HttpFetch = (url, init) => plainFetch(url, { ...init, timeoutMs: options.timeoutMs });
  const transport: SyncTransport = {
    push: (body) => callApi(syncFetch, options.syncUrl, 'syncPush', { body }, credentials),
    pull: (body) => callApi(syncFetch, options.syncUrl, 'syncPull', { body }, credentials),
  };
  return { deviceId, userId: user.id, transport, centres };
}

/** A counsellor of the world's centre on a new PC: registered and signed in for real. */
export async function addClient(world: SyncWorld, name: string, options: ClientOptions = {}): Promise<Client> {
  const { username } = await addCounsellor(world, name, options.role);
  const { deviceId, userId, transport, centres } = await signInPc({
    serverUrl: world.serverUrl,
    syncUrl: world.proxy.url,
    username,
    password,
    name,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  const user = { id: userId };
  const replicaId = formatReplicaId(deviceId, user.id);
  const indexedDB = new IDBFactory();

  const client: Client = {
    name,
    userId: user.id,
    deviceId,
    replicaId,
    author: { userId: user.id, name: `Conseiller ${name}`, role: options.role ?? 'conseiller' },
    indexedDB,
    skewMs: options.skewMs ?? 0,
    now: () => Date.now() + client.skewMs,
    db: undefined as unknown as MasarDatabase,
    engine: undefined as unknown as SyncEngine,
    async create(overrides = {}) {
      // As the app does: the counsellor who registers the person follows the file.
      return createBeneficiaryRepository(client.db, () => new Date(client.now()), client.author).create(
        { ...baseDraft, ...overrides },
        world.centreId,
      );
    },
    async edit(id, changes) {
      await client.db.transaction('rw', client.db.beneficiaries, async () => {
        await client.db.beneficiaries.update(id, changes);
      });
    },
    rows: () => client.db.beneficiaries.orderBy('id').toArray(),
    reopen(reopenOptions = {}) {
      client.db.close();
      open(reopenOptions.replicaId ?? replicaId);
      return client.db;
    },
    close() {
      client.db.close();
    },
  };
  const open = (withReplica: string | undefined) => {
    const db = openUserDatabase(
      user.id,
      { indexedDB, IDBKeyRange },
      { now: client.now, ...(withReplica === undefined ? {} : { replicaId: withReplica }) },
    );
    options.prepare?.(db);
    client.db = db;
    client.engine = createSyncEngine({
      db,
      transport,
      userId: user.id,
      replicaId,
      appVersion: '0.0.0-test',
      now: client.now,
      // Retries without waiting: the tests check what is sent, never how long it takes.
      sleep: () => Promise.resolve(),
      random: () => 0.5,
      ...options.engine,
    });
  };
  open(options.isProvisional ? undefined : replicaId);
  // As the app does at sign-in: the PC knows its centre (its files' numbers) before any sync.
  await storeCentres(client.db, centres);
  return client;
}

/** Rows as the screens show them, without local stamps that differ per PC. */
export function comparable(rows: readonly Beneficiary[]): Beneficiary[] {
  return [...rows].sort((a, b) => a.id.localeCompare(b.id));
}

/** Every field version the PC holds (of every row and field, tombstones included). */
export async function allVersionsOf(db: MasarDatabase) {
  return (await db.rowMeta.toArray()).flatMap((meta) =>
    Object.entries(meta.versions).map(([field, version]) => ({
      table: meta.table,
      rowId: meta.rowId,
      field,
      ...version,
    })),
  );
}

/** The server seq of each row the PC received (rows created here and not pulled back have none). */
export async function rowSeqsOf(db: MasarDatabase) {
  return (await db.rowMeta.toArray()).flatMap(({ table, rowId, scope, seq }) =>
    scope === undefined || seq === undefined ? [] : [{ table, rowId, scope, seq }],
  );
}

export async function conflictsOf(db: MasarDatabase) {
  return (await db.conflicts.toArray())
    .map(({ table, rowId, field, kind, winningValue, losingValue, winningVersion, losingVersion }) => ({
      table,
      rowId,
      field,
      kind,
      winningValue,
      losingValue,
      winningVersion,
      losingVersion,
    }))
    .sort((a, b) =>
      `${a.rowId}/${a.field}/${a.losingVersion}`.localeCompare(`${b.rowId}/${b.field}/${b.losingVersion}`),
    );
}

/**
 * The sync world of the integration tests: a real central server in-process on a temporary SQLite
 * file, listening on loopback behind the fault proxy, and client PCs each with their own
 * IndexedDB (fake-indexeddb), clock, device registration and session, syncing with the real engine
 * through `callApi` over Node's fetch (gzip and all, as the desktop main process does).
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
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
import type { MasarDatabase } from '../../renderer/db/tables';
import { openTestDatabase } from '../../renderer/db/testDatabase';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../../renderer/sync/engine';
import type { SyncTransport } from '../../renderer/sync/transport';
import { buildServer } from '../../server/src/app';
import type { MasarServer } from '../../server/src/masarServer';
import { hashPassword } from '../../server/src/auth/passwords';
import {
  insertCentre,
  insertUser,
  migrateToLatest,
  openDatabase,
  openSyncSequences,
  type MasarDatabase as ServerDatabase,
} from '../../server/src/db';
import { sqliteFileName } from '../../server/src/db';
import { sql } from 'kysely';
import { Client as PostgresClient } from 'pg';
import { inject } from 'vitest';
import '../../server/test/support/providedContext';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { testDraft } from '../../renderer/db/testDraft';

const password = 'un mot de passe de synchronisation';
let passwordHash: Promise<string> | undefined;

export type SyncWorld = {
  /** The running server and its database (another pair after `restoreBackup`). */
  readonly server: MasarServer;
  readonly database: ServerDatabase;
  /** The server's own address (sign-in goes there directly, sync through the proxy). */
  readonly serverUrl: string;
  readonly proxy: FaultProxy;
  readonly centreId: string;
  /**
   * A consistent copy of the server's database, as an operator's backup: of the SQLite file
   * (`VACUUM INTO`), or of the PostgreSQL database (a template copy, the server stopped meanwhile).
   */
  backup(): Promise<string>;
  /**
   * Stops the server, puts a backup in place of its database, and starts it again on the same
   * address, as an operator restoring a backup does (`npm run server`, sync sequences included).
   */
  restoreBackup(backup: string): Promise<void>;
  close(): Promise<void>;
};

export type SyncWorldOptions = {
  /** The server's database: a SQLite file (default) or a fresh database on the test PostgreSQL. */
  engine?: 'sqlite' | 'postgres';
  serverNow?: () => Date;
  /** The built renderer, for a world the app itself opens in a browser (the benchmarks). */
  rendererDir?: string;
  /** The server's byte budget of a pull response (small: pulls in several rounds). */
  maxPullStateBytes?: number;
};

/** Statements on the test PostgreSQL server's own database (creating and dropping databases). */
async function runPostgresAdmin(statement: string): Promise<void> {
  const client = new PostgresClient({ connectionString: inject('postgresUrl') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function postgresUrlOf(name: string): string {
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Where the world's server database lives, and how an operator backs it up and puts a backup
 * back: the SQLite file (`VACUUM INTO`, then the copy in place of the file), or a PostgreSQL
 * database (`CREATE DATABASE … TEMPLATE`, which needs the server stopped, then the server on a
 * database made from the backup).
 */
type DatabasePlace = {
  open(): Promise<ServerDatabase>;
  /** Run with the server stopped when `isStoppedForBackup` (PostgreSQL); returns the backup's name. */
  backup(current: ServerDatabase): Promise<string>;
  readonly isStoppedForBackup: boolean;
  /** With the server stopped: the live database becomes a copy of the backup. */
  restore(backup: string): Promise<void>;
  remove(): Promise<void>;
};

async function databasePlace(engine: 'sqlite' | 'postgres', folder: string): Promise<DatabasePlace> {
  let copies = 0;
  if (engine === 'sqlite') {
    const live = join(folder, sqliteFileName);
    return {
      open: () => openDatabase({ dataDir: folder }),
      isStoppedForBackup: false,
      async backup(current) {
        const file = join(folder, `backup-${++copies}.sqlite`);
        await sql`VACUUM INTO ${file}`.execute(current.db);
        return file;
      },
      async restore(file) {
        for (const suffix of ['-wal', '-shm']) await rm(`${live}${suffix}`, { force: true });
        await copyFile(file, live);
      },
      remove: () => Promise.resolve(),
    };
  }
  const base = `masar_sync_${newId().replaceAll('-', '').slice(-12)}`;
  const names = [base];
  let live = base;
  await runPostgresAdmin(`CREATE DATABASE ${base}`);
  return {
    open: () => openDatabase({ dataDir: folder, databaseUrl: postgresUrlOf(live) }),
    isStoppedForBackup: true,
    async backup() {
      const name = `${base}_b${++copies}`;
      await runPostgresAdmin(`CREATE DATABASE ${name} TEMPLATE ${live}`);
      names.push(name);
      return name;
    },
    async restore(backup) {
      const name = `${base}_r${++copies}`;
      await runPostgresAdmin(`CREATE DATABASE ${name} TEMPLATE ${backup}`);
      names.push(name);
      live = name;
    },
    async remove() {
      for (const name of names) await runPostgresAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export async function startSyncWorld(options: SyncWorldOptions = {}): Promise<SyncWorld> {
  const folder = await mkdtemp(join(tmpdir(), 'masar-sync-'));
  const place = await databasePlace(options.engine ?? 'sqlite', folder);
  const database = await place.open();
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
  const build = (opened: ServerDatabase) =>
    buildServer({
      database: opened,
      version: '0.0.0-test',
      ...(options.serverNow ? { now: options.serverNow } : {}),
      ...(options.rendererDir ? { rendererDir: options.rendererDir } : {}),
      ...(options.maxPullStateBytes === undefined ? {} : { maxPullStateBytes: options.maxPullStateBytes }),
    });
  let server = build(database);
  let current = database;
  const serverUrl = await server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = new URL(serverUrl);
  const proxy = await startFaultProxy({ host: '127.0.0.1', port: Number(port) });
  const stop = async () => {
    await server.close();
    await current.close();
  };
  // As `npm run server` starts: migrations, a new range of sync sequences, then the same address.
  const start = async () => {
    current = await place.open();
    await migrateToLatest(current.db);
    await openSyncSequences(current.db);
    server = build(current);
    await server.listen({ port: Number(port), host: '127.0.0.1' });
  };
  return {
    get server() {
      return server;
    },
    get database() {
      return current;
    },
    serverUrl,
    proxy,
    centreId,
    async backup() {
      if (!place.isStoppedForBackup) return place.backup(current);
      await stop();
      const name = await place.backup(current);
      await start();
      return name;
    },
    async restoreBackup(backup) {
      await stop();
      await place.restore(backup);
      await start();
    },
    async close() {
      await proxy.close();
      await stop();
      await place.remove();
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
  /** The PC's signed-in sync transport (through the proxy). */
  readonly transport: SyncTransport;
  db: MasarDatabase;
  engine: SyncEngine;
  /** Moves this PC's clock (ms added to the real time). */
  skewMs: number;
  readonly now: () => number;
  /** A beneficiary saved on this PC, in the world's centre unless another is given. */
  create(overrides?: Partial<BeneficiaryDraft>, centreId?: string): Promise<Beneficiary>;
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
  /** The counsellor's centres (the world's centre by default). */
  centreIds?: readonly string[];
};

export const baseDraft: BeneficiaryDraft = testDraft(Date.now());

/** A second centre of the region, CAPC Mohammedia, that nobody serves yet: its id. */
export async function addOtherCentre(world: Pick<SyncWorld, 'database'>): Promise<string> {
  const id = newId();
  await insertCentre(world.database.db, {
    id,
    code: 'MOH-01',
    nameFr: 'CAPC Mohammedia',
    nameAr: 'مركز المحمدية',
    regionCode: 'CSE',
    createdAt: new Date().toISOString(),
  });
  return id;
}

/** A counsellor of the world's centre with a known password, ready to sign in (no PC yet). */
export async function addCounsellor(
  world: Pick<SyncWorld, 'database' | 'centreId'>,
  name: string,
  role: Role = 'conseiller',
  centreIds: readonly string[] = [world.centreId],
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
    centreIds: [...centreIds],
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
  const { username } = await addCounsellor(world, name, options.role, options.centreIds);
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
    transport,
    skewMs: options.skewMs ?? 0,
    now: () => Date.now() + client.skewMs,
    db: undefined as unknown as MasarDatabase,
    engine: undefined as unknown as SyncEngine,
    async create(overrides = {}, centreId = world.centreId) {
      // As the app does: the counsellor who registers the person follows the file.
      return createBeneficiaryRepository(client.db, () => new Date(client.now()), client.author).create(
        { ...baseDraft, ...overrides },
        centreId,
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
    const db = openTestDatabase(
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
      role: client.author.role,
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

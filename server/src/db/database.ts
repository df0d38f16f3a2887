/**
 * Opens the central database on one of its two engines behind the same Kysely query layer:
 * an embedded SQLite file by default (zero set-up for one machine) or PostgreSQL when a URL is
 * given (production, many centres). Everything engine-specific — pragmas, pool, type parsers,
 * transaction mode — stays here so the rest of the server writes one dialect-neutral query.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, SqliteDriver, sql } from 'kysely';
import type { DatabaseConnection, DialectAdapter, Driver, SqliteDialectConfig } from 'kysely';
import { Pool, TypeOverrides, types } from 'pg';
import type { DatabaseEngine } from '../../../shared/api/health';
import type { Database } from './schema';

/** The subset of a pino logger the database uses: Fastify's `app.log` fits. */
export interface DatabaseLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface OpenDatabaseOptions {
  /** A `postgres://` URL selects PostgreSQL; absent means SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** Folder of the SQLite file; created if missing. */
  dataDir: string;
  logger?: DatabaseLogger | undefined;
}

export interface MasarDatabase {
  db: Kysely<Database>;
  engine: DatabaseEngine;
  /** Closes the SQLite file or drains the PostgreSQL pool. */
  close(): Promise<void>;
}

export const sqliteFileName = 'masar.sqlite';
const busyTimeoutMs = 5_000;

export async function openDatabase(options: OpenDatabaseOptions): Promise<MasarDatabase> {
  return options.databaseUrl === undefined
    ? openSqlite(options.dataDir, options.logger)
    : openPostgres(options.databaseUrl, options.logger);
}

/**
 * SQLite transactions start with `BEGIN IMMEDIATE`: a plain (deferred) transaction that reads
 * then writes fails at once with SQLITE_BUSY when another process wrote in between, whatever
 * the busy timeout; taking the write lock up front makes the other process wait its turn.
 */
class ImmediateTransactionSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * SQLite does roll back DDL, but Kysely's adapter says it does not, so its Migrator would run
 * migrations outside any transaction: a failing migration would leave half a schema, and two
 * processes starting together would both apply the same one. Declaring it makes each
 * `migrateToLatest` one `BEGIN IMMEDIATE` transaction: atomic, and serialised across processes.
 * (A migration cannot toggle `PRAGMA foreign_keys` inside it: use `defer_foreign_keys`.)
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class MasarSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateTransactionSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

function openSqlite(dataDir: string, logger: DatabaseLogger | undefined): MasarDatabase {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, sqliteFileName);
  const connection = new SQLite(file, { timeout: busyTimeoutMs });
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma(`busy_timeout = ${busyTimeoutMs}`);
  const db = new Kysely<Database>({ dialect: new MasarSqliteDialect({ database: connection }) });
  logger?.info({ engine: 'sqlite', file }, 'database opened');
  return { db, engine: 'sqlite', close: () => db.destroy() };
}

/**
 * pg hands int8 (`bigint` columns, `count()`) back as strings and `date` as a local-midnight
 * Date. Masar wants numbers (integer centimes, counts) and `YYYY-MM-DD` strings, as SQLite
 * gives them; an int8 beyond 2^53 fails loudly rather than losing digits.
 */
function postgresTypeParsers(): TypeOverrides {
  const overrides = new TypeOverrides();
  overrides.setTypeParser(types.builtins.INT8, (value: string) => {
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed)) {
      throw new RangeError(`int8 value ${value} does not fit in a JavaScript number`);
    }
    return parsed;
  });
  overrides.setTypeParser(types.builtins.DATE, (value: string) => value);
  return overrides;
}

/** The URL without its password, for logs and error messages. */
export function describePostgresUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    url.password = '';
    url.search = '';
    return url.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

async function openPostgres(databaseUrl: string, logger: DatabaseLogger | undefined): Promise<MasarDatabase> {
  const pool = new Pool({ connectionString: databaseUrl, types: postgresTypeParsers(), max: 10 });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it kills the process.
  pool.on('error', (error) => {
    logger?.error({ err: error }, 'idle PostgreSQL connection failed');
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const where = describePostgresUrl(databaseUrl);
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot connect to PostgreSQL at ${where}: ${reason}`, { cause: error });
  }
  logger?.info({ engine: 'postgres', url: where }, 'database opened');
  return { db, engine: 'postgres', close: () => db.destroy() };
}

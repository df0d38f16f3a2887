/**
 * The database schema history, written once with Kysely's schema builder so the same steps run
 * on SQLite and PostgreSQL. Migrations are listed in code (no folder scan) so the bundled server
 * and the tests run exactly these. Never edit an applied migration: append a new one. Each
 * migration types the tables it touches as they were at that point, not as they are today.
 */
import { randomUUID } from 'node:crypto';
import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Database } from './schema';

type ServerMetaV1 = {
  server_meta: { key: string; value: string };
};

const migrations: Record<string, Migration> = {
  '0001-server-meta': {
    async up(db: Kysely<unknown>) {
      const v1 = db.withTables<ServerMetaV1>();
      await v1.schema
        .createTable('server_meta')
        .addColumn('key', 'text', (column) => column.primaryKey())
        .addColumn('value', 'text', (column) => column.notNull())
        .execute();
      await v1.insertInto('server_meta').values({ key: 'database_id', value: randomUUID() }).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('server_meta').execute();
    },
  },
};

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};

/** How many migrations this build of the server knows: the schema version it expects. */
export const latestSchemaVersion = Object.keys(migrations).length;

function createMigrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider });
}

export interface MigrationOutcome {
  /** Names of the migrations applied by this call (empty when the database was up to date). */
  applied: string[];
  schemaVersion: number;
}

/**
 * Brings the database to the latest schema in one transaction. Safe to call on every start and
 * from several processes at once: Kysely takes an advisory lock on PostgreSQL, and on SQLite the
 * run is a `BEGIN IMMEDIATE` transaction (see database.ts).
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationOutcome> {
  const { error, results = [] } = await createMigrator(db).migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : 'unknown error';
    throw new Error(`Database migration ${failed ?? '(setup)'} failed: ${reason}`, { cause: error });
  }
  return {
    applied: results.filter((result) => result.status === 'Success').map((result) => result.migrationName),
    schemaVersion: await getSchemaVersion(db),
  };
}

/** The number of applied migrations; 0 for a database never migrated. */
export async function getSchemaVersion(db: Kysely<Database>): Promise<number> {
  const known = await createMigrator(db).getMigrations();
  return known.filter((migration) => migration.executedAt !== undefined).length;
}

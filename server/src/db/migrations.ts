/**
 * The database schema history, written once with Kysely's schema builder so the same steps run
 * on SQLite and PostgreSQL. Migrations are listed in code (no folder scan) so the bundled server
 * and the tests run exactly these. Never edit an applied migration: append a new one. Each
 * migration types the tables it touches as they were at that point, not as they are today.
 */
import { randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
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

  /**
   * Accounts, centres, PCs and their sessions, sign-in throttling and the audit trail. Ids are
   * text UUIDs, instants ISO 8601 UTC text, booleans 0/1 integers: the same on both engines.
   */
  '0002-accounts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('centres')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('code', 'text', (column) => column.notNull().unique())
        .addColumn('name_fr', 'text', (column) => column.notNull())
        .addColumn('name_ar', 'text', (column) => column.notNull())
        .addColumn('region_code', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('username', 'text', (column) => column.notNull().unique())
        .addColumn('display_name', 'text', (column) => column.notNull())
        .addColumn('role', 'text', (column) => column.notNull())
        .addColumn('password_hash', 'text', (column) => column.notNull())
        .addColumn('must_change_password', 'integer', (column) => column.notNull())
        .addColumn('one_time_password_expires_at', 'text')
        .addColumn('disabled_at', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('last_sign_in_at', 'text')
        .addCheckConstraint('users_username_lower_case', sql`username = lower(username)`)
        .addCheckConstraint('users_must_change_password_boolean', sql`must_change_password in (0, 1)`)
        .execute();

      await db.schema
        .createTable('user_centres')
        .addColumn('user_id', 'text', (column) => column.notNull().references('users.id'))
        .addColumn('centre_id', 'text', (column) => column.notNull().references('centres.id'))
        .addPrimaryKeyConstraint('user_centres_pk', ['user_id', 'centre_id'])
        .execute();
      await db.schema.createIndex('user_centres_centre_id').on('user_centres').column('centre_id').execute();

      await db.schema
        .createTable('devices')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('secret_hash', 'text', (column) => column.notNull())
        .addColumn('centre_id', 'text', (column) => column.references('centres.id'))
        .addColumn('registered_by_user_id', 'text', (column) => column.notNull().references('users.id'))
        .addColumn('registered_at', 'text', (column) => column.notNull())
        .addColumn('last_seen_at', 'text')
        .addColumn('last_sync_at', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_by_user_id', 'text', (column) => column.references('users.id'))
        .execute();
      await db.schema.createIndex('devices_centre_id').on('devices').column('centre_id').execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('token_hash', 'text', (column) => column.notNull().unique())
        .addColumn('user_id', 'text', (column) => column.notNull().references('users.id'))
        .addColumn('device_id', 'text', (column) => column.notNull().references('devices.id'))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addColumn('last_seen_at', 'text', (column) => column.notNull())
        .addColumn('ended_at', 'text')
        .addColumn('end_reason', 'text')
        .execute();
      await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
      await db.schema.createIndex('sessions_device_id').on('sessions').column('device_id').execute();

      await db.schema
        .createTable('sign_in_throttle')
        .addColumn('key', 'text', (column) => column.primaryKey())
        .addColumn('failures', 'integer', (column) => column.notNull())
        .addColumn('next_allowed_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .execute();

      // No foreign keys: the trail names users that may not exist (a mistyped username).
      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('at', 'text', (column) => column.notNull())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('actor_user_id', 'text')
        .addColumn('subject_user_id', 'text')
        .addColumn('device_id', 'text')
        .addColumn('username', 'text')
        .addColumn('outcome', 'text', (column) => column.notNull())
        .addColumn('detail', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of [
        'audit_events',
        'sign_in_throttle',
        'sessions',
        'devices',
        'user_centres',
        'users',
        'centres',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
};

/** Names of every migration, oldest first. */
export const migrationNames = Object.keys(migrations);

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

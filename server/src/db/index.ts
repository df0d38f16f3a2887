/** The database layer: the only part of the server that knows SQL, Kysely or the engines. */
export { openDatabase, describePostgresUrl, sqliteFileName } from './database';
export type { DatabaseLogger, MasarDatabase, OpenDatabaseOptions } from './database';
export { getSchemaVersion, latestSchemaVersion, migrateToLatest } from './migrations';
export type { MigrationOutcome } from './migrations';
export { getDatabaseId } from './serverMeta';
export type { Database } from './schema';

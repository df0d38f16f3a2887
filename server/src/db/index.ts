/** The database layer: the only part of the server that knows SQL, Kysely or the engines. */
export { openDatabase, describePostgresUrl, sqliteFileName } from './database';
export type { DatabaseLogger, MasarDatabase, OpenDatabaseOptions } from './database';
export { getSchemaVersion, latestSchemaVersion, migrateTo, migrateToLatest, migrationNames } from './migrations';
export type { MigrationOutcome } from './migrations';
export { getDatabaseId } from './serverMeta';
export type { Database, JudicialHoldReason, SessionEndReason } from './schema';
export * from './audit';
export * from './centres';
export * from './constraints';
export * from './devices';
export * from './deviceUserKeys';
export * from './sessions';
export * from './signInThrottle';
export * from './users';
export { inTransaction } from './transaction';
export type { Queryable } from './transaction';
export * from './sync';

/**
 * The TypeScript shape of the central database as Kysely sees it once every migration has run.
 * Migrations declare their own frozen shapes; this file always describes the latest one.
 */

/** Key/value facts about the database itself (its identity, later the sync epoch…). */
export interface ServerMetaTable {
  key: string;
  value: string;
}

export interface Database {
  server_meta: ServerMetaTable;
}

/** Keys of `server_meta` written by migrations. */
export const serverMetaKeys = {
  /** Random UUID minted by the first migration: the database's identity in the sync protocol. */
  databaseId: 'database_id',
} as const;

/** Reads of `server_meta`, the table holding facts about the database itself. */
import type { Kysely } from 'kysely';
import { serverMetaKeys } from './schema';
import type { Database } from './schema';

/**
 * The database's identity, minted once by the first migration and never changed afterwards:
 * a PC that sees another id knows it is talking to a different (or restored) server database.
 */
export async function getDatabaseId(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom('server_meta')
    .select('value')
    .where('key', '=', serverMetaKeys.databaseId)
    .executeTakeFirst();
  if (row === undefined) {
    throw new Error('The database has no database_id: run the migrations first.');
  }
  return row.value;
}

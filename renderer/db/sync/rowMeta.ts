import type { FieldVersion } from '../../../shared/sync/merge';
import type { MasarDatabase } from '../tables';
import type { LegacyFieldVersion, StoredRowMeta } from './types';

/** The primary key of a row's sync metadata (`rowMeta`). */
export function rowMetaKey(table: string, rowId: string): [string, string] {
  return [table, rowId];
}

/** The last known version of one field (or of the tombstone, `$deleted`) of one row. */
export async function versionOf(
  db: MasarDatabase,
  table: string,
  rowId: string,
  field: string,
): Promise<FieldVersion | undefined> {
  return (await db.rowMeta.get(rowMetaKey(table, rowId)))?.versions[field];
}

/** Whether the server has sent this row (it has a scope seq): what the server knows of it. */
export function isKnownToServer(meta: StoredRowMeta | undefined): boolean {
  return meta?.seq !== undefined;
}

/** The record without its scope and seq (a resync of its table): its versions stay. */
export function withoutServerPosition(meta: StoredRowMeta): StoredRowMeta {
  return { table: meta.table, rowId: meta.rowId, versions: meta.versions };
}

/** Version 2's one-record-per-field versions grouped into one record per row (upgrade to version 3). */
export function rowMetasFromFieldVersions(records: readonly LegacyFieldVersion[]): StoredRowMeta[] {
  const byRow = new Map<string, { table: string; rowId: string; versions: Record<string, FieldVersion> }>();
  for (const { table, rowId, field, hlc, replicaId } of records) {
    const key = JSON.stringify([table, rowId]);
    const meta = byRow.get(key) ?? { table, rowId, versions: {} };
    meta.versions[field] = { hlc, replicaId };
    byRow.set(key, meta);
  }
  return [...byRow.values()];
}

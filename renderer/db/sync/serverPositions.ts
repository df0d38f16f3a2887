import { digestOf, type DigestValue } from '../../../shared/sync/digest';
import type { PullCursor } from '../../../shared/sync/protocol';

import type { MasarDatabase } from '../tables';
import { withoutServerPosition } from './rowMeta';

/**
 * Where this PC stands in the server's data, per (scope, table): the pull cursors and the
 * reconciliation marks (both kept in `syncMeta`), the rows' server seqs (`rowMeta`), forgetting
 * them so that a (scope, table) is pulled again from 0, and the digest of those seqs.
 */

const cursorPrefix = 'cursor:';
export const cursorKey = (scope: string, table: string) => `${cursorPrefix}${scope}:${table}`;
/**
 * `reconcile:<scope>:<table>`: the (scope, table) is being pulled again from 0 (a resync, a digest
 * mismatch, a server that lost work). Once a pull has listed it whole, the rows of it that the
 * server did not list are rows it no longer has (`sweepLostRows`); the mark goes with the sweep.
 * Kept in `syncMeta` with the reset, so a sync that stops half-way sweeps at the next one.
 */
const reconcilePrefix = 'reconcile:';
export const reconcileKey = (scope: string, table: string) => `${reconcilePrefix}${scope}:${table}`;

export async function readCursors(db: MasarDatabase): Promise<PullCursor[]> {
  const entries = await db.syncMeta.where('key').startsWith(cursorPrefix).toArray();
  return entries.flatMap((entry) => {
    const [scope, table] = entry.key.slice(cursorPrefix.length).split(':');
    const seq = Number(entry.value);
    return scope && table && Number.isSafeInteger(seq) ? [{ scope, table, seq }] : [];
  });
}

/** The (scope, table) pairs being pulled again from 0 for a reconciliation (`reconcileKey`). */
export async function readReconcileMarks(db: MasarDatabase): Promise<{ scope: string; table: string }[]> {
  const entries = await db.syncMeta.where('key').startsWith(reconcilePrefix).toArray();
  return entries.flatMap((entry) => {
    const [scope, table] = entry.key.slice(reconcilePrefix.length).split(':');
    return scope && table ? [{ scope, table }] : [];
  });
}

/** Every (scope, table) the PC holds anything of: a cursor, a row's server position, a reconcile mark. */
export async function heldPairs(db: MasarDatabase): Promise<{ scope: string; table: string }[]> {
  const pairs = new Map<string, { scope: string; table: string }>();
  const add = (scope: string, table: string) => pairs.set(`${scope}/${table}`, { scope, table });
  for (const cursor of await readCursors(db)) add(cursor.scope, cursor.table);
  for (const pair of await readReconcileMarks(db)) add(pair.scope, pair.table);
  for (const key of await db.rowMeta.orderBy('[scope+table]').uniqueKeys()) {
    if (Array.isArray(key) && typeof key[0] === 'string' && typeof key[1] === 'string') add(key[0], key[1]);
  }
  return [...pairs.values()];
}

/** Drops the scope seq of every row of a (scope, table), keeping the rows and their versions, and
 * marks it for a reconciliation once it has been pulled again whole. */
export async function forgetServerPositions(db: MasarDatabase, scope: string, table: string): Promise<void> {
  const metas = await db.rowMeta.where('[scope+table]').equals([scope, table]).toArray();
  await db.rowMeta.bulkPut(metas.map(withoutServerPosition));
  await db.syncMeta.delete(cursorKey(scope, table));
  await db.syncMeta.put({ key: reconcileKey(scope, table), value: '1' });
}

/** Forgets a (scope, table)'s cursor and row seqs so that it is pulled again from 0; rows stay. */
export async function resetTable(db: MasarDatabase, scope: string, table: string): Promise<void> {
  await db.transaction('rw', [db.rowMeta, db.syncMeta], () => forgetServerPositions(db, scope, table));
}

export async function localDigest(db: MasarDatabase, scope: string, table: string): Promise<DigestValue> {
  const metas = await db.rowMeta.where('[scope+table]').equals([scope, table]).toArray();
  return digestOf(metas.flatMap((meta) => (meta.seq === undefined ? [] : [{ id: meta.rowId, seq: meta.seq }])));
}

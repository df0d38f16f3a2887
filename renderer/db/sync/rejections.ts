import type { MasarDatabase } from '../tables';
import { applyRemote } from './changeCapture';
import { writesField } from './outboxEntries';
import { rowMetaKey } from './rowMeta';
import { cursorKey } from './serverPositions';
import { readMeta, writeMeta } from './syncMeta';
import type { StoredRejection } from './types';

/**
 * The writes the server refused (*Rejets*), as `acknowledge` (outbox.ts) stored them: read, and
 * discarded so that the server's value comes back.
 */

export async function readRejections(db: MasarDatabase): Promise<StoredRejection[]> {
  return db.rejections.orderBy('id').toArray();
}

/**
 * Drops a rejection so that the server's value comes back. The refused write never reached the
 * server, but the local row still shows it, and a pull only brings rows that changed on the
 * server (dropping the local field version alone would change nothing). So:
 *
 * - if the field has a newer pending op, nothing else is done: that op will settle the field;
 * - if the server knows the row (a row seq was pulled), the row's (scope, table) cursor moves back
 *   to just before the row's last known change: the next pull brings the row again (and every
 *   row changed after it, already applied rows are applied again harmlessly), and the field, with
 *   no pending op, takes the server's value and version;
 * - if the server never had the row (a refused creation) and nothing else of it is pending or
 *   refused, the local row is removed: the server's state is "no such record".
 */
export async function discardRejection(db: MasarDatabase, id: number): Promise<void> {
  const rejection = await db.rejections.get(id);
  if (!rejection) return;
  // The record left this PC with the user's access: there is no server value to take back.
  if (rejection.accessLost) {
    await db.rejections.delete(id);
    return;
  }
  const { table, rowId, field } = rejection;
  await applyRemote(db, [table, 'rejections', 'outbox', 'rowMeta', 'syncMeta', 'conflicts'], async () => {
    await db.rejections.delete(id);
    const pendingOnRow = await db.outbox.where('[table+rowId]').equals([table, rowId]).toArray();
    if (pendingOnRow.some((entry) => writesField(entry, field))) return;
    const known = await db.rowMeta.get(rowMetaKey(table, rowId));
    if (known?.scope !== undefined && known.seq !== undefined) {
      const key = cursorKey(known.scope, table);
      const cursor = Number((await readMeta(db, key)) ?? '0');
      await writeMeta(db, { [key]: String(Math.max(0, Math.min(cursor, known.seq - 1))) });
      return;
    }
    const otherRejections = await db.rejections
      .where('[table+rowId+field]')
      .between([table, rowId, ''], [table, rowId, '\uffff'])
      .count();
    if (pendingOnRow.length === 0 && otherRejections === 0) {
      await db.table(table).delete(rowId);
      await db.rowMeta.delete(rowMetaKey(table, rowId));
      await db.conflicts.where('[table+rowId]').equals([table, rowId]).delete();
    }
  });
}

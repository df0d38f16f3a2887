import type { MasarDatabase } from '../tables';
import { syncedEntity } from '../sync/syncedTables';
import { rowMetaKey } from '../sync/rowMeta';
import { resetTable } from '../sync/serverPositions';
import type { DamagedRecord } from './sealedStores';

/**
 * What happens to records that no longer open (changed on disk, moved between rows): they are
 * read as absent from the moment they are met (renderer/db/sealing/sealedStores.ts), and then
 * set aside here, so that the PC heals at the next sync instead of stumbling on them:
 *
 * - a row of a synced table: its table is pulled again whole for the row's centre at the next
 *   sync (`resetTable`, the reconciliation of docs/sync-protocol.md), which writes the server's
 *   row anew; what this PC had not sent of it is in the outbox, sealed on its own;
 * - a record of a local table (outbox, conflicts, rejections, journal, caches): removed. An
 *   outbox entry removed is a change this PC will not send: counted, and said.
 */
export type SetAside = { readonly tablesPulledAgain: number; readonly unsentChangesLost: number };

export async function setAsideDamaged(db: MasarDatabase, damaged: readonly DamagedRecord[]): Promise<SetAside> {
  const pulledAgain = new Set<string>();
  let unsentChangesLost = 0;
  for (const { table, key } of damaged) {
    if (syncedEntity(table)) {
      if (typeof key !== 'string') continue;
      const scope = (await db.rowMeta.get(rowMetaKey(table, key)))?.scope;
      if (scope === undefined || pulledAgain.has(`${scope}:${table}`)) continue;
      await resetTable(db, scope, table);
      pulledAgain.add(`${scope}:${table}`);
    } else if (key !== undefined && db.tables.some((candidate) => candidate.name === table)) {
      const removed = await db
        .table(table)
        .where(':id')
        .equals(key as string)
        .delete();
      if (table === 'outbox') unsentChangesLost += removed;
    }
  }
  return { tablesPulledAgain: pulledAgain.size, unsentChangesLost };
}

import Dexie from 'dexie';
import { formatHlc, tick } from '../../../shared/sync/hlc';
import { tombstoneField, type FieldVersion } from '../../../shared/sync/merge';

import type { MasarDatabase } from '../tables';
import { applyRemote, clockStateOf } from './changeCapture';
import { syncedEntity } from './syncedTables';
import { mayRestoreField, rebaseHlc, type Restorer } from './reconcile';
import { expandInserts } from './outboxEntries';
import { rowMetaKey } from './rowMeta';
import { toJsonValue } from './pullApply';
import { reconcileKey } from './serverPositions';
import { metaKeys, writeMeta } from './syncMeta';
import type { OutboxEntry, StoredRowMeta } from './types';

/**
 * The sweep after a reconciliation (a server restored from a backup): the rows of a (scope, table)
 * pulled again whole that the server did not list are sent again, as ops of this replica.
 */

export type SweepOptions = {
  /** This PC's (offset-corrected) time, for the fields stamped anew. */
  readonly now: number;
  /** The replica id, when the database holds none yet. */
  readonly replicaId: string | undefined;
  /** Who sends the rows again (`PageApplyOptions.restorer`). */
  readonly restorer?: Restorer | undefined;
};

/**
 * After the (scope, table) pairs marked for a reconciliation have been pulled again whole: the
 * rows of them that the server did not list (no server position) are rows it no longer has (a
 * database restored from a backup). Each is sent again whole, as ops of this replica, in one
 * transaction per table: each field the server had acknowledged with its version's time
 * (`rebaseHlc`), based on nothing; a field the server refused for want of the row's centre
 * (`missing-scope`: an edit of a row the server had lost) as a fresh edit, its rejection dropped.
 * A field with a waiting op is left to it, a field the server refused otherwise stays refused,
 * and a row deleted here (absent) or that the server never had (no version) is left alone. The
 * marks are removed. Returns the rows sent again.
 */
export async function sweepLostRows(
  db: MasarDatabase,
  pairs: readonly { scope: string; table: string }[],
  options: SweepOptions,
): Promise<number> {
  const scopesByTable = new Map<string, Set<string>>();
  for (const { scope, table } of pairs) scopesByTable.set(table, (scopesByTable.get(table) ?? new Set()).add(scope));
  let restored = 0;
  for (const [table, scopes] of scopesByTable) {
    const entity = syncedEntity(table);
    const tables = [table, 'outbox', 'rowMeta', 'syncMeta', 'rejections'];
    restored += await applyRemote(db, tables, async () => {
      const marks = [...scopes].map((scope) => reconcileKey(scope, table));
      const [hlcEntry, replicaEntry] = await db.syncMeta.bulkGet([metaKeys.hlc, metaKeys.replicaId]);
      const replicaId = replicaEntry?.value ?? options.replicaId;
      if (entity === undefined || replicaId === undefined) {
        await db.syncMeta.bulkDelete(marks);
        return 0;
      }
      const unlisted = (
        await db.rowMeta.where('[table+rowId]').between([table, Dexie.minKey], [table, Dexie.maxKey]).toArray()
      ).filter((meta) => meta.seq === undefined);
      const rowTable = db.table<Record<string, unknown>, string>(table);
      const rows = await rowTable.bulkGet(unlisted.map((meta) => meta.rowId));
      const candidates = unlisted.flatMap((meta, index) => {
        const row = rows[index];
        return row && scopes.has(String(row[entity.scopeField])) ? [{ meta, row }] : [];
      });
      let count = 0;
      if (candidates.length > 0) {
        const candidateKeys = candidates.map(({ meta }) => rowMetaKey(table, meta.rowId));
        const waiting = expandInserts(await db.outbox.where('[table+rowId]').anyOf(candidateKeys).toArray());
        const refused = await db.rejections
          .where('[table+rowId+field]')
          .between([table, Dexie.minKey, Dexie.minKey], [table, Dexie.maxKey, Dexie.maxKey])
          .toArray();
        let clock = clockStateOf(hlcEntry, replicaId);
        let hasTicked = false;
        const entries: OutboxEntry[] = [];
        const metas: StoredRowMeta[] = [];
        const settledRejections: number[] = [];
        for (const { meta, row } of candidates) {
          if (!Object.keys(meta.versions).some((field) => field !== tombstoneField)) continue;
          const pendingFields = new Set(waiting.filter((op) => op.rowId === meta.rowId).map((op) => op.field));
          const refusals = refused.filter((rejection) => rejection.rowId === meta.rowId);
          const missingScope = new Set(
            refusals.filter((rejection) => rejection.reason === 'missing-scope').map((rejection) => rejection.field),
          );
          const refusedOtherwise = new Set(
            refusals.filter((rejection) => rejection.reason !== 'missing-scope').map((rejection) => rejection.field),
          );
          const versions: Record<string, FieldVersion> = { ...meta.versions };
          const ownVersion: FieldVersion = { hlc: formatHlc(clock), replicaId };
          const fields = Object.keys(row)
            .filter((field) => field !== 'id' && !pendingFields.has(field))
            .filter((field) => missingScope.has(field) || (meta.versions[field] && !refusedOtherwise.has(field)))
            // What this user may not write is left to its writer's PC (another's author fields…).
            .filter((field) => {
              const version = missingScope.has(field) ? ownVersion : meta.versions[field];
              return (
                !options.restorer ||
                version === undefined ||
                mayRestoreField(table, field, toJsonValue(row[field]), version, options.restorer, true)
              );
            })
            // The centre first: the server places a new row by the centre pushed with it.
            .sort((a, b) => Number(b === entity.scopeField) - Number(a === entity.scopeField));
          if (fields.length === 0) continue;
          for (const field of fields) {
            const known = meta.versions[field];
            let hlc: string;
            if (missingScope.has(field) || !known) {
              clock = tick(clock, options.now);
              hasTicked = true;
              hlc = formatHlc(clock);
            } else hlc = rebaseHlc(known.hlc, replicaId);
            versions[field] = { hlc, replicaId };
            entries.push({
              table,
              rowId: meta.rowId,
              field,
              kind: 'set',
              value: toJsonValue(row[field]),
              hlc,
              baseVersion: null,
              // An edit refused for want of the row's centre is the user's own, sent again as such.
              ...(missingScope.has(field) ? {} : { isRestore: true as const }),
            });
          }
          metas.push({ ...meta, versions });
          for (const rejection of refusals)
            if (rejection.reason === 'missing-scope' && rejection.id !== undefined)
              settledRejections.push(rejection.id);
          count++;
        }
        await db.outbox.bulkAdd(entries);
        await db.rowMeta.bulkPut(metas);
        await db.rejections.bulkDelete(settledRejections);
        if (hasTicked) await writeMeta(db, { [metaKeys.hlc]: formatHlc(clock) });
      }
      await db.syncMeta.bulkDelete(marks);
      return count;
    });
  }
  return restored;
}

import Dexie from 'dexie';
import { accessOf, consultationSync } from '../../../shared/sync/entities';

import type { MasarDatabase } from '../tables';
import { applyRemote } from './changeCapture';
import { syncedEntities } from './syncedTables';
import { rowMetaKey } from './rowMeta';
import { cursorKey, heldPairs, reconcileKey } from './serverPositions';
import { metaKeys, readMeta, writeMeta } from './syncMeta';

/**
 * Losing access (docs/sync-protocol.md): what the PC holds of centres and tables its account may
 * no longer read is removed after a pull, unless the server was found behind not long ago.
 */

/** What the account may read now, as the last pull said. */
export type AccessNow = {
  /** The centres it serves (the pull's `scopes`). */
  readonly scopes: ReadonlySet<string>;
  /** Per centre served, the tables it may read there; null when the server does not say (older servers). */
  readonly readableTables: ReadonlyMap<string, ReadonlySet<string>> | null;
};

export type Removal = {
  /** Rows of centres the account no longer serves, removed. */
  readonly centre: number;
  /** Rows of tables the account may no longer read in a centre it serves (judicial data), removed. */
  readonly restricted: number;
  /** Rows of either kind kept because local edits of them wait to be sent (removed at a later pull). */
  readonly kept: number;
  /** Rows of either kind kept because the server was found behind not long ago (`removalHoldMs`). */
  readonly held: number;
};

/**
 * How long after this PC found the server behind (restored from a backup) it keeps the rows its
 * account seems no longer allowed to see. A restored database also lost the account changes made
 * since the backup (a centre given, a role changed): what the PC holds of that centre may be the
 * only copy left, and removing it would lose it for good. During the hold the administrator
 * re-makes the changes, and the PC then sends the rows again; after it, what the account still
 * may not see is removed.
 */
export const removalHoldMs = 7 * 24 * 60 * 60 * 1000;

export type RemovalOptions = {
  /** This PC's clock (ms). */
  readonly now: number;
  /** This sync found the server behind: start (or renew) the hold. */
  readonly isServerBehind: boolean;
};

/**
 * Removes what the PC holds that its user may no longer see (docs/sync-protocol.md, "Losing access"):
 * the rows of a centre no longer among the account's centres, and of a table no longer readable in
 * a centre it still serves (judicial data for a role without access to it), with their bookkeeping
 * (row metadata, conflicts, cursors, reconciliation marks). Not captured: nothing is pushed. The
 * row change feed sees the deletes, so the search index and the list's snapshot follow.
 *
 * The engine calls it after a pull, which comes after the push: edits waiting at the start of the
 * sync were sent first and the server refused them (`forbidden`). Their rejections stay in *Rejets*,
 * marked `accessLost` (no resending); a rejection of a restricted table loses its value, since
 * judicial data must not stay where it may not be seen. A row with an edit still waiting (made
 * during the sync) is kept, so the edit is not dropped unseen: the next sync sends it, the server
 * refuses it, and the pull after removes the row.
 *
 * `alsoKnownScopes`: centres the PC knew before this pull (its stored centres), besides those of
 * its cursors and rows.
 */
export async function removeInaccessible(
  db: MasarDatabase,
  access: AccessNow,
  alsoKnownScopes: readonly string[],
  options: RemovalOptions,
): Promise<Removal> {
  if (options.isServerBehind) await writeMeta(db, { [metaKeys.serverBehindAt]: String(options.now) });
  const behindAt = Number((await readMeta(db, metaKeys.serverBehindAt)) ?? Number.NEGATIVE_INFINITY);
  const isHeld = options.now < behindAt + removalHoldMs;
  const held = await heldPairs(db);
  const heldKeys = new Set(held.map(({ scope, table }) => `${scope}/${table}`));
  const lostScopes = [...new Set([...held.map((pair) => pair.scope), ...alsoKnownScopes])].filter(
    (scope) => !access.scopes.has(scope),
  );
  let centre = 0;
  let restricted = 0;
  let kept = 0;
  let heldRows = 0;
  for (const entity of syncedEntities) {
    const { table } = entity;
    const reasons = new Map<string, 'centre' | 'restricted'>(lostScopes.map((scope) => [scope, 'centre']));
    for (const scope of access.scopes) {
      const readable = access.readableTables?.get(scope);
      if (readable && !readable.has(table) && heldKeys.has(`${scope}/${table}`)) reasons.set(scope, 'restricted');
    }
    if (reasons.size === 0) continue;
    // Consultations are the trail of what was shown, not records the user reads: not counted.
    const isCounted = table !== consultationSync.table;
    if (isHeld) {
      // Kept whole, bookkeeping included: if the account is given the access back, the next pull
      // compares and sends again what the server lost.
      const rows = db.table<Record<string, unknown>, string>(table);
      if (isCounted && (await rows.count()) > 0)
        heldRows += await rows.filter((row) => reasons.has(String(row[entity.scopeField]))).count();
      continue;
    }
    const tables = [table, 'outbox', 'rowMeta', 'syncMeta', 'conflicts', 'rejections'];
    const outcome = await applyRemote(db, tables, async () => {
      const rowTable = db.table<Record<string, unknown>, string>(table);
      const scopeOfRow = new Map<string, string>();
      // Rows of the table held without a server position (created here) are found by their centre.
      if ((await rowTable.count()) > 0) {
        const rows = await rowTable.filter((row) => reasons.has(String(row[entity.scopeField]))).toArray();
        for (const row of rows) scopeOfRow.set(String(row.id), String(row[entity.scopeField]));
      }
      const present = new Set(scopeOfRow.keys());
      for (const scope of reasons.keys())
        for (const meta of await db.rowMeta.where('[scope+table]').equals([scope, table]).toArray())
          if (!scopeOfRow.has(meta.rowId)) scopeOfRow.set(meta.rowId, scope);
      const ids = [...scopeOfRow.keys()];
      const waiting = new Set(
        (
          await db.outbox
            .where('[table+rowId]')
            .anyOf(ids.map((id) => rowMetaKey(table, id)))
            .toArray()
        ).map((entry) => entry.rowId),
      );
      const removed = ids.filter((id) => !waiting.has(id));
      const keys = removed.map((id) => rowMetaKey(table, id));
      await rowTable.bulkDelete(removed);
      await db.rowMeta.bulkDelete(keys);
      await db.conflicts.bulkDelete(await db.conflicts.where('[table+rowId]').anyOf(keys).primaryKeys());
      const isRestricted = accessOf(entity) !== 'centre';
      const removedIds = new Set(removed);
      const rejections = (
        await db.rejections
          .where('[table+rowId+field]')
          .between([table, Dexie.minKey, Dexie.minKey], [table, Dexie.maxKey, Dexie.maxKey])
          .toArray()
      ).filter((rejection) => removedIds.has(rejection.rowId));
      await db.rejections.bulkPut(
        rejections.map((rejection) => ({ ...rejection, accessLost: true, ...(isRestricted ? { value: null } : {}) })),
      );
      const counts = { centre: 0, restricted: 0, kept: 0 };
      for (const id of ids) {
        if (!present.has(id) || !isCounted) continue;
        if (waiting.has(id)) counts.kept++;
        else counts[reasons.get(scopeOfRow.get(id) ?? '') ?? 'centre']++;
      }
      // A scope's cursor and mark go unless a kept row still needs this pair remembered.
      const keptScopes = new Set([...waiting].map((id) => scopeOfRow.get(id)));
      const forgotten = [...reasons.keys()].filter((scope) => !keptScopes.has(scope));
      await db.syncMeta.bulkDelete(forgotten.flatMap((scope) => [cursorKey(scope, table), reconcileKey(scope, table)]));
      return counts;
    });
    centre += outcome.centre;
    restricted += outcome.restricted;
    kept += outcome.kept;
  }
  return { centre, restricted, kept, held: heldRows };
}

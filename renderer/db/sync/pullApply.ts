import Dexie, { cmp, type IndexableType, type Table } from 'dexie';
import { formatHlc, parseHlc, receive } from '../../../shared/sync/hlc';
import { tombstoneField, type FieldVersion, type JsonValue } from '../../../shared/sync/merge';
import { versionFromHlc, type PullPage, decodeVersions } from '../../../shared/sync/protocol';

import type { MasarDatabase } from '../tables';
import { applyRemote, clockStateOf } from './changeCapture';
import { recordLabel } from './recordLabel';
import { rowChanged } from './rowChanged';
import { isLostByServer, mayRestoreField, noRepair, rebaseHlc, repairOf, type Restorer } from './reconcile';
import { expandInserts } from './outboxEntries';
import { rowMetaKey } from './rowMeta';
import { cursorKey, forgetServerPositions } from './serverPositions';
import { metaKeys, writeMeta } from './syncMeta';
import type { OutboxEntry, StoredConflict, StoredRowMeta } from './types';

/**
 * Applying a pulled page: its rows, row metadata (versions, seqs), conflicts and its cursor commit
 * in one IndexedDB transaction, so the cursor never gets ahead of the data; what the server lost
 * (reconcile.ts) is queued again in the same transaction.
 */

export type PageApplyOptions = {
  /** This PC's (offset-corrected) time, for the clock's `receive`. */
  readonly now: number;
  /** The replica id to stamp the clock state with when none is stored yet. */
  readonly replicaId: string | undefined;
  /**
   * Who sends again what the server lost: fields this user may not write (another's author
   * fields, a coordinators' decision) are kept here but left to their writer's PC. Absent: all.
   */
  readonly restorer?: Restorer | undefined;
};

export type PageOutcome = {
  /** Rows the page changed on this PC (`rowChanged`): what the receipt reports as received. */
  readonly received: number;
  /** Rows of which the PC sends again what the server no longer had (a server restored from a backup). */
  readonly restored: number;
};

/**
 * Applies one pulled page and stores its cursor, in one transaction (writes not captured).
 * Per row: a field with a pending local op keeps its local value and version (the push settles
 * it); the others take the server's. A deleted row is removed locally, its tombstone version kept;
 * a pending local delete or undelete leaves the row's presence alone. The row's conflicts are
 * replaced by the page's. `removed` rows (moved out of the scope) are the only rows dropped for the
 * server's sake; their pending ops stay. A `resyncRequired` page drops the table's cursor and the
 * rows' scope seqs (never a row, nor its versions) so that the table is pulled again from 0, and
 * marks it for a reconciliation (`sweepLostRows`).
 *
 * The PC never goes back in time: a field (or deletion state) the server sends at a version older
 * than the one the PC holds is one the server lost (restored from a backup, reconcile.ts). The PC
 * keeps its value and version and queues it again, in the same transaction, as an op of its own
 * replica with the same time, based on the server's version (a fast-forward there: a newer value
 * the server holds is never overwritten). A waiting local op based on a version the server lost is
 * rebased on the server's version, or it would be a false concurrent edit.
 *
 * Returns the rows the page changed on this PC (`rowChanged`: new here, another value, deleted or
 * removed): what the receipt reports as received. A pull right after a push brings the pushed
 * rows back with their server seqs; they hold what the PC holds and are not counted.
 *
 * Reads and writes go in bulk, a few requests per page whatever its size (a page holds up to 2 000
 * rows; an initial pull, 50 000): the rows, their metadata (one record per row) and their pending ops
 * are read at once, and each table is written once.
 */
export async function applyPullPage(
  db: MasarDatabase,
  page: PullPage,
  options: PageApplyOptions,
): Promise<PageOutcome> {
  const { scope, table } = page;
  const tables = [table, 'outbox', 'rowMeta', 'syncMeta', 'conflicts', 'rejections'];
  return applyRemote(db, tables, async () => {
    if (page.resyncRequired) {
      await forgetServerPositions(db, scope, table);
      return { received: 0, restored: 0 };
    }
    const rowTable = db.table<Record<string, unknown>, string>(table);
    const ids = page.rows.map((row) => row.id);
    const rowKeys = ids.map((id) => rowMetaKey(table, id));
    // Most pulls meet an empty or small outbox: reading it whole is cheaper than looking up
    // every pulled row in its index.
    const outboxSize = ids.length === 0 ? 0 : await db.outbox.count();
    const pulledIds = new Set(ids);
    const [pendingOps, locals, storedMetas, clock] = await Promise.all([
      outboxSize === 0
        ? []
        : outboxSize <= ids.length
          ? db.outbox.filter((entry) => entry.table === table && pulledIds.has(entry.rowId)).toArray()
          : db.outbox.where('[table+rowId]').anyOf(rowKeys).toArray(),
      existingAmong(
        rowTable,
        ':id',
        ids,
        (row) => String(row.id),
        (id) => id,
      ),
      existingAmong(
        db.rowMeta,
        '[table+rowId]',
        rowKeys,
        (meta) => meta.rowId,
        (key) => key[1],
      ),
      db.syncMeta.bulkGet([metaKeys.hlc, metaKeys.replicaId]),
    ]);
    const pending = new Map<string, Map<string, OutboxEntry>>();
    for (const entry of expandInserts(pendingOps.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)))) {
      const fields = pending.get(entry.rowId) ?? new Map<string, OutboxEntry>();
      fields.set(entry.field, entry);
      pending.set(entry.rowId, fields);
    }
    const [hlcEntry, replicaEntry] = clock;
    const replicaId = replicaEntry?.value ?? options.replicaId;
    let greatest: string | null = null;
    const metas: StoredRowMeta[] = [];
    const puts: Record<string, unknown>[] = [];
    const deletes: string[] = [];
    const changed = new Set<string>();
    const conflicts: StoredConflict[] = [];
    const repairs: OutboxEntry[] = [];
    const restored = new Set<string>();
    const serverVersionsOf = new Map<string, Record<string, string | null>>();
    const noPending = new Map<string, OutboxEntry>();
    const emptySet: ReadonlySet<string> = new Set();
    // A row written in one save has one HLC for all its fields: each is parsed once per page.
    const parsedVersions = new Map<string, FieldVersion>();
    const versionOfHlc = (hlc: string): FieldVersion => {
      let version = parsedVersions.get(hlc);
      if (!version) {
        version = versionFromHlc(hlc);
        parsedVersions.set(hlc, version);
      }
      return version;
    };

    for (const [index, row] of page.rows.entries()) {
      const pendingFields = pending.get(row.id) ?? noPending;
      const local = locals[index];
      const known = storedMetas[index]?.versions ?? {};
      // Local versions of fields the server does not send are kept; a pending field keeps its own.
      const versions: Record<string, FieldVersion> = { ...known };
      const serverValues: Record<string, JsonValue> = {};
      const rowVersions = decodeVersions(row);
      serverVersionsOf.set(row.id, { ...rowVersions, [tombstoneField]: row.tombstoneVersion });
      // A row new to this PC (most of an initial pull) has nothing the server could have lost.
      const repair =
        replicaId === undefined || storedMetas[index] === undefined
          ? noRepair
          : repairOf({
              serverVersions: rowVersions,
              serverTombstone: row.tombstoneVersion,
              isServerDeleted: row.deleted,
              conflictHlcs:
                row.conflicts.length === 0
                  ? emptySet
                  : new Set(row.conflicts.flatMap((c) => [c.winningVersion, c.losingVersion])),
              known,
              pendingFields: pendingFields.size === 0 ? emptySet : new Set(pendingFields.keys()),
              isLocalPresent: local !== undefined,
            });
      const kept = new Set(repair.fields);
      for (const [field, hlc] of Object.entries(rowVersions)) {
        if (greatest === null || hlc > greatest) greatest = hlc;
        if (pendingFields.has(field) || kept.has(field)) continue;
        versions[field] = versionOfHlc(hlc);
        const value = row.record[field];
        if (value !== undefined) serverValues[field] = value;
      }
      // Fields the server holds without a version (none today): taken unless pending.
      for (const [field, value] of Object.entries(row.record))
        if (!(field in serverValues) && !pendingFields.has(field) && !kept.has(field) && !(field in rowVersions))
          serverValues[field] = value;
      const hasPendingTombstone = pendingFields.has(tombstoneField);
      if (row.tombstoneVersion !== null) {
        if (greatest === null || row.tombstoneVersion > greatest) greatest = row.tombstoneVersion;
        if (!hasPendingTombstone && repair.tombstone === null)
          versions[tombstoneField] = versionOfHlc(row.tombstoneVersion);
      }
      if (replicaId !== undefined && (kept.size > 0 || repair.tombstone !== null)) {
        // Sent again as this replica's ops with the lost versions' times, on the server's versions.
        for (const field of repair.fields) {
          const lost = known[field];
          if (!lost) continue;
          const value = toJsonValue(local?.[field]);
          // Kept here with its version; its writer's PC sends it.
          if (options.restorer && !mayRestoreField(table, field, value, lost, options.restorer, false)) continue;
          const hlc = rebaseHlc(lost.hlc, replicaId);
          const serverHlc = rowVersions[field];
          versions[field] = { hlc, replicaId };
          restored.add(row.id);
          repairs.push({
            table,
            rowId: row.id,
            field,
            kind: 'set',
            value,
            hlc,
            baseVersion: serverHlc === undefined ? null : versionOfHlc(serverHlc),
            isRestore: true,
          });
        }
        const lostTombstone = known[tombstoneField];
        if (repair.tombstone !== null && lostTombstone) {
          restored.add(row.id);
          const hlc = rebaseHlc(lostTombstone.hlc, replicaId);
          versions[tombstoneField] = { hlc, replicaId };
          repairs.push({
            table,
            rowId: row.id,
            field: tombstoneField,
            kind: repair.tombstone,
            value: repair.tombstone === 'delete',
            hlc,
            baseVersion: row.tombstoneVersion === null ? null : versionOfHlc(row.tombstoneVersion),
            isRestore: true,
            // The deleter saw what it knew and every version the server holds now (older than it).
            ...(repair.tombstone === 'delete'
              ? { seenVersions: seenByRestoredDelete(known, rowVersions, versionOfHlc) }
              : {}),
          });
        }
      }
      metas.push({ table, rowId: row.id, versions, scope, seq: row.seq });

      if (!hasPendingTombstone) {
        const isDeletedAfter = repair.tombstone === null ? row.deleted : repair.tombstone === 'delete';
        if (isDeletedAfter) {
          if (local) {
            deletes.push(row.id);
            changed.add(row.id);
          }
        } else {
          const next: Record<string, unknown> = { ...(local ?? {}), ...serverValues, id: row.id };
          if (!local) for (const [field, entry] of pendingFields) if (entry.kind === 'set') next[field] = entry.value;
          puts.push(next);
          if (rowChanged(local, next)) changed.add(row.id);
        }
      }
      if (row.conflicts.length > 0) {
        const label = recordLabel(table, row.id, { ...row.record, ...(local ?? {}) });
        for (const conflict of row.conflicts)
          conflicts.push({
            key: conflictKey(table, row.id, conflict.field, conflict.losingVersion),
            table,
            rowId: row.id,
            ...conflict,
            recordLabel: label,
          });
      }
    }
    const rebased = rebaseWaitingOps(pendingOps, serverVersionsOf, versionOfHlc);
    const settledRestores = await settledRestoreRejections(db, table, serverVersionsOf);
    const removedKeys = page.removed.map((id) => rowMetaKey(table, id));
    // The page's conflicts replace the rows' local ones (closed elsewhere = gone here).
    const staleConflicts =
      rowKeys.length === 0 ? [] : await db.conflicts.where('[table+rowId]').anyOf(rowKeys).primaryKeys();
    // In this order: a row both listed and removed (none expected) ends removed, as before.
    await rowTable.bulkDelete(deletes);
    await rowTable.bulkPut(puts);
    await db.rowMeta.bulkPut(metas);
    await db.conflicts.bulkDelete(staleConflicts);
    await db.conflicts.bulkPut(conflicts);
    if (rebased.length > 0) await db.outbox.bulkPut(rebased);
    if (settledRestores.length > 0) await db.rejections.bulkDelete(settledRestores);
    if (repairs.length > 0) await db.outbox.bulkAdd(repairs);
    if (page.removed.length > 0) {
      for (const id of await rowTable.where(':id').anyOf(page.removed).primaryKeys()) changed.add(id);
      await rowTable.bulkDelete(page.removed);
      await db.rowMeta.bulkDelete(removedKeys);
      await db.conflicts.bulkDelete(await db.conflicts.where('[table+rowId]').anyOf(removedKeys).primaryKeys());
    }

    // Later local writes must sort after what was just seen (hlc.ts, guarantee 1).
    const entries: Record<string, string> = { [cursorKey(scope, table)]: String(page.nextSeq) };
    if (greatest !== null && replicaId !== undefined) {
      const remote = parseHlc(greatest);
      if (remote.ok) {
        const state = receive(clockStateOf(hlcEntry, replicaId), remote.value, options.now);
        entries[metaKeys.hlc] = formatHlc(state);
        if (!replicaEntry) entries[metaKeys.replicaId] = replicaId;
      }
    }
    await writeMeta(db, entries);
    return { received: changed.size, restored: restored.size };
  });
}

/** A re-sent delete's snapshot: per field, the version the PC knew and the server's (older) one. */
function seenByRestoredDelete(
  known: Readonly<Record<string, FieldVersion>>,
  serverVersions: Readonly<Record<string, string>>,
  versionOfHlc: (hlc: string) => FieldVersion,
): Record<string, FieldVersion[]> {
  const seen: Record<string, FieldVersion[]> = {};
  for (const [field, version] of Object.entries(known)) if (field !== tombstoneField) seen[field] = [version];
  for (const [field, hlc] of Object.entries(serverVersions)) {
    const list = seen[field] ?? [];
    if (!list.some((version) => version.hlc === hlc)) list.push(versionOfHlc(hlc));
    seen[field] = list;
  }
  return seen;
}

/**
 * Waiting ops (never sent) based on a version the server no longer has get the server's version as
 * their base (none: the server lacks the field). A base that is itself a waiting op of this PC is
 * left alone: it will reach the server first.
 */
function rebaseWaitingOps(
  pendingOps: readonly OutboxEntry[],
  serverVersionsOf: ReadonlyMap<string, Readonly<Record<string, string | null>>>,
  versionOfHlc: (hlc: string) => FieldVersion,
): OutboxEntry[] {
  const waitingHlcs = new Set(pendingOps.map((entry) => entry.hlc));
  return pendingOps.flatMap((entry): OutboxEntry[] => {
    const base = entry.baseVersion;
    const server = serverVersionsOf.get(entry.rowId);
    if (entry.kind === 'insert' || entry.pushSeq !== undefined || !base || !server) return [];
    if (waitingHlcs.has(base.hlc) || !isLostByServer(base.hlc, server[entry.field])) return [];
    const serverHlc = server[entry.field];
    return [{ ...entry, baseVersion: serverHlc === undefined || serverHlc === null ? null : versionOfHlc(serverHlc) }];
  });
}

/**
 * The rejections of versions this PC sent again that the pulled rows now hold at that time or
 * later: another PC (the version's writer) restored them, nothing is left to fix. Rejections are
 * few: they are read only when there are some.
 */
async function settledRestoreRejections(
  db: MasarDatabase,
  table: string,
  serverVersionsOf: ReadonlyMap<string, Readonly<Record<string, string | null>>>,
): Promise<number[]> {
  if (serverVersionsOf.size === 0 || (await db.rejections.count()) === 0) return [];
  const rejections = await db.rejections
    .where('[table+rowId+field]')
    .between([table, Dexie.minKey, Dexie.minKey], [table, Dexie.maxKey, Dexie.maxKey])
    .toArray();
  return rejections.flatMap((rejection) => {
    const server = serverVersionsOf.get(rejection.rowId)?.[rejection.field];
    if (rejection.restoredVersion === undefined || rejection.id === undefined || !server) return [];
    return isLostByServer(rejection.restoredVersion, server) ? [] : [rejection.id];
  });
}

export function toJsonValue(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/**
 * `bulkGet` of `keys`, without asking for each key when few or none exist: pulled rows are
 * mostly new to the PC (an initial pull: all of them), and one `get` per missing key cost more
 * than the rest of applying the page. Counts what lies between the smallest and the greatest key
 * first: nothing there, nothing to read; a little, one range read; otherwise `bulkGet`.
 */
async function existingAmong<T, K extends IndexableType>(
  table: Table<T, K>,
  index: string,
  keys: readonly K[],
  keyText: (value: T) => string,
  textOf: (key: K) => string,
): Promise<(T | undefined)[]> {
  if (keys.length === 0) return [];
  const sorted = [...keys].sort((a, b) => cmp(a, b));
  const lower = sorted[0] as K;
  const upper = sorted[sorted.length - 1] as K;
  const range = table.where(index).between(lower, upper, true, true);
  const inRange = await range.count();
  if (inRange === 0) return keys.map(() => undefined);
  if (inRange > keys.length * 2) return table.bulkGet([...keys]);
  const found = new Map((await range.toArray()).map((value) => [keyText(value), value]));
  return keys.map((key) => found.get(textOf(key)));
}

export function conflictKey(table: string, rowId: string, field: string, losingVersion: string): string {
  return `${table}/${rowId}/${field}/${losingVersion}`;
}

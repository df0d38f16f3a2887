import { cmp, type IndexableType, type Table } from 'dexie';
import { digestOf, type DigestValue } from '../../../shared/sync/digest';
import { formatHlc, maxClockSkewMillis, parseHlc, receive } from '../../../shared/sync/hlc';
import { tombstoneField, type FieldVersion, type JsonValue } from '../../../shared/sync/merge';
import {
  versionFromHlc,
  type PullCursor,
  type PullPage,
  type PushOp,
  type Rejection,
  decodeVersions,
} from '../../../shared/sync/protocol';
import { newId } from '../../../shared/ids/uuidv7';

import type { MasarDatabase } from '../database';
import { applyRemote, clockStateOf } from './changeCapture';
import { recordLabel } from './recordLabel';
import { rowChanged } from './rowChanged';
import { syncedEntity } from './syncedTables';
import { expandInserts, writesField } from './outboxEntries';
import { isKnownToServer, rowMetaKey, withoutServerPosition } from './rowMeta';
import type { OutboxEntry, StoredConflict, StoredRejection, StoredRowMeta, SyncMetaEntry, SyncReceipt } from './types';

/**
 * The sync engine's storage (renderer/sync/engine.ts orchestrates, this module owns the
 * transactions): forming push batches, settling acknowledgements, applying pulled pages with their
 * cursors, digests, and the engine's `syncMeta` keys. Every step that must be all-or-nothing is
 * one IndexedDB transaction here:
 *
 * 1. forming a batch coalesces never-sent ops and persists their push seqs before anything is sent;
 * 2. an acknowledgement removes the settled ops and records the rejections together;
 * 3. a pulled page, its rows, row metadata (versions, seqs), conflicts and its cursor commit together, so the
 *    cursor never gets ahead of the data.
 */

export const metaKeys = {
  hlc: 'hlc',
  replicaId: 'replicaId',
  outboxId: 'outboxId',
  databaseId: 'databaseId',
  nextPushSeq: 'nextPushSeq',
  lastSuccessAt: 'lastSuccessAt',
  failedAttempts: 'failedAttempts',
  clockOffsetMs: 'clockOffsetMs',
  lastClamped: 'lastClamped',
} as const;

const cursorPrefix = 'cursor:';
const cursorKey = (scope: string, table: string) => `${cursorPrefix}${scope}:${table}`;
/** Receipts kept in the journal. */
const journalLength = 200;

export async function readMeta(db: MasarDatabase, key: string): Promise<string | undefined> {
  return (await db.syncMeta.get(key))?.value;
}

export async function writeMeta(db: MasarDatabase, entries: Record<string, string>): Promise<void> {
  await db.syncMeta.bulkPut(Object.entries(entries).map(([key, value]): SyncMetaEntry => ({ key, value })));
}

/** The outbox's identity, made at first use (a rebuilt database gets a new one, and restarts at seq 1). */
export async function ensureOutboxId(db: MasarDatabase): Promise<string> {
  return db.transaction('rw', db.syncMeta, async () => {
    const existing = await readMeta(db, metaKeys.outboxId);
    if (existing) return existing;
    const id = newId();
    await writeMeta(db, { [metaKeys.outboxId]: id });
    return id;
  });
}

/**
 * The PC registered again (new server device id) or was used before its device id was known: the
 * writes it has not sent yet are re-stamped with `replicaId` (the server refuses ops naming another
 * replica). In one transaction: every pending op's HLC, the field versions and bases pointing at
 * those HLCs (a chain of unsent edits), the clock state and the stored replica id. Versions the
 * server already holds keep their old writer. Returns whether anything changed.
 */
export async function adoptReplica(db: MasarDatabase, replicaId: string): Promise<boolean> {
  return db.transaction('rw', [db.outbox, db.rowMeta, db.syncMeta], async () => {
    const stored = await readMeta(db, metaKeys.replicaId);
    if (stored === replicaId) return false;
    const renamed = new Map<string, string>();
    const rename = (hlc: string): string => {
      const parsed = parseHlc(hlc);
      if (!parsed.ok || parsed.value.replicaId === replicaId) return hlc;
      return formatHlc({ ...parsed.value, replicaId });
    };
    const entries = await db.outbox.toArray();
    for (const entry of entries) {
      const next = rename(entry.hlc);
      if (next !== entry.hlc) renamed.set(entry.hlc, next);
    }
    const mapVersion = (version: FieldVersion): FieldVersion => {
      const next = renamed.get(version.hlc);
      return next === undefined ? version : { hlc: next, replicaId };
    };
    await db.outbox.bulkPut(
      entries.map((entry): OutboxEntry => {
        const { seenVersions, resolves, ...rest } = entry;
        return {
          ...rest,
          hlc: renamed.get(entry.hlc) ?? entry.hlc,
          baseVersion: entry.baseVersion && mapVersion(entry.baseVersion),
          ...(resolves ? { resolves: resolves.map(mapVersion) } : {}),
          ...(seenVersions
            ? {
                seenVersions: Object.fromEntries(
                  Object.entries(seenVersions).map(([field, versions]) => [field, versions.map(mapVersion)]),
                ),
              }
            : {}),
        };
      }),
    );
    // A version naming a pending op's HLC belongs to that op's row: only those rows are read.
    const rowKeys = new Map<string, [string, string]>();
    for (const entry of entries)
      if (renamed.has(entry.hlc)) rowKeys.set(`${entry.table}/${entry.rowId}`, rowMetaKey(entry.table, entry.rowId));
    const metas = await db.rowMeta.bulkGet([...rowKeys.values()]);
    await db.rowMeta.bulkPut(
      metas.flatMap((meta): StoredRowMeta[] => {
        if (!meta || !Object.values(meta.versions).some((version) => renamed.has(version.hlc))) return [];
        const versions = Object.fromEntries(
          Object.entries(meta.versions).map(([field, version]) => [field, mapVersion(version)]),
        );
        return [{ ...meta, versions }];
      }),
    );
    const clock = clockStateOf(await db.syncMeta.get(metaKeys.hlc), replicaId);
    await writeMeta(db, { [metaKeys.replicaId]: replicaId, [metaKeys.hlc]: formatHlc(clock) });
    return true;
  });
}

export type PushLimits = { readonly maxOps: number; readonly maxBytes: number };

export type FormedBatch = {
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly ops: PushOp[];
};

/**
 * The next batch to push, its seqs persisted before it is sent. Ops already numbered (by an
 * earlier batch of this sync, or an attempt whose answer was lost) go first, under the same
 * numbers, and nothing else is added; otherwise every never-sent op is coalesced and numbered
 * from `nextPushSeq`, and the batch is a prefix within the limits. Null when the outbox is empty.
 */
export async function formBatch(db: MasarDatabase, limits: PushLimits): Promise<FormedBatch | null> {
  return db.transaction('rw', [db.outbox, db.syncMeta], async () => {
    // Through the `pushSeq` index: a batch costs its own size, not the outbox's (an end-of-day
    // outbox holds thousands of ops, pushed 500 at a time).
    let chosen = withinLimits(await db.outbox.orderBy('pushSeq').limit(limits.maxOps).toArray(), limits);
    if (chosen.length === 0) {
      // Nothing numbered: coalesce every never-sent op and number them all at once, so the
      // following batches of this sync read only their own ops.
      const stored = await db.outbox.orderBy('seq').toArray();
      if (stored.length === 0) return null;
      // New rows wait as one insert entry each: numbered, they become the field ops sent.
      const inserts = stored.flatMap((entry) =>
        entry.kind === 'insert' && entry.seq !== undefined ? [entry.seq] : [],
      );
      const { kept, removed } = coalesce(expandInserts(stored));
      if (removed.length > 0 || inserts.length > 0) await db.outbox.bulkDelete([...inserts, ...removed]);
      const first = Number((await readMeta(db, metaKeys.nextPushSeq)) ?? '1');
      const numbered = scopeOpsFirst(kept).map((entry, index) => ({ ...entry, pushSeq: first + index }));
      await db.outbox.bulkPut(numbered);
      await writeMeta(db, { [metaKeys.nextPushSeq]: String(first + numbered.length) });
      chosen = withinLimits(numbered, limits);
    }
    const ops = chosen.map(toPushOp);
    const fromSeq = ops[0]?.seq ?? 1;
    return {
      fromSeq,
      toSeq: fromSeq + ops.length - 1,
      ops,
    };
  });
}

/**
 * Coalesces never-sent `set` ops of one (table, row, field) into the latest (its value and HLC),
 * keeping the earliest base and every settled version. A delete or undelete of the row closes
 * the groups of that row: an edit before a delete and one after it are different facts.
 */
export function coalesce(entries: readonly OutboxEntry[]): { kept: OutboxEntry[]; removed: number[] } {
  const open = new Map<string, OutboxEntry>();
  const byPosition = new Map<number, OutboxEntry>();
  const removed: number[] = [];
  for (const entry of entries) {
    const seq = entry.seq;
    if (seq === undefined) continue;
    if (entry.kind !== 'set') {
      for (const key of [...open.keys()]) if (key.startsWith(`${entry.table}/${entry.rowId}/`)) open.delete(key);
      byPosition.set(seq, entry);
      continue;
    }
    const key = `${entry.table}/${entry.rowId}/${entry.field}`;
    const previous = open.get(key);
    let merged = entry;
    if (previous?.seq !== undefined) {
      const resolves = [...(previous.resolves ?? []), ...(entry.resolves ?? [])].filter(
        (version, index, all) => all.findIndex((other) => other.hlc === version.hlc) === index,
      );
      merged = { ...entry, baseVersion: previous.baseVersion, ...(resolves.length > 0 ? { resolves } : {}) };
      byPosition.delete(previous.seq);
      removed.push(previous.seq);
    }
    open.set(key, merged);
    byPosition.set(seq, merged);
  }
  return { kept: [...byPosition.values()].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)), removed };
}

/**
 * Moves each pending op on an entity's scope field (a row's centre) before the other pending ops
 * of its row. The server places a new row by the scope op pushed in the same request, so a batch
 * boundary must never fall between a row's first ops and its scope op (e.g. after the centre of a
 * never-sent row was edited, coalescing moved its op to the end). Only the order of different
 * fields of one row changes, which the merge does not depend on.
 */
export function scopeOpsFirst(entries: readonly OutboxEntry[]): OutboxEntry[] {
  const result: OutboxEntry[] = [];
  const firstIndexOfRow = new Map<string, number>();
  for (const entry of entries) {
    const rowKey = `${entry.table}/${entry.rowId}`;
    const firstIndex = firstIndexOfRow.get(rowKey);
    const isScopeOp = entry.kind === 'set' && entry.field === syncedEntity(entry.table)?.scopeField;
    if (isScopeOp && firstIndex !== undefined) {
      result.splice(firstIndex, 0, entry);
      for (const [key, index] of firstIndexOfRow)
        if (index >= firstIndex && key !== rowKey) firstIndexOfRow.set(key, index + 1);
      continue;
    }
    if (firstIndex === undefined) firstIndexOfRow.set(rowKey, result.length);
    result.push(entry);
  }
  return result;
}

/** Bytes of the request around the ops (header fields), kept free in `maxBytes`. */
const headerReserve = 2_000;
const encoder = new TextEncoder();

function withinLimits(entries: readonly OutboxEntry[], limits: PushLimits): OutboxEntry[] {
  const chosen: OutboxEntry[] = [];
  let bytes = headerReserve;
  for (const entry of entries) {
    if (chosen.length >= limits.maxOps) break;
    const size = encoder.encode(JSON.stringify(toPushOp({ ...entry, pushSeq: 1 }))).length + 1;
    // Always at least one op, or one huge value would block the queue for ever.
    if (chosen.length > 0 && bytes + size > limits.maxBytes) break;
    chosen.push(entry);
    bytes += size;
  }
  return chosen;
}

export function toPushOp(entry: OutboxEntry): PushOp {
  if (entry.pushSeq === undefined) throw new Error('toPushOp: the op has no push seq');
  const base = {
    seq: entry.pushSeq,
    table: entry.table,
    rowId: entry.rowId,
    hlc: entry.hlc,
    baseVersion: entry.baseVersion?.hlc ?? null,
    ...(entry.resolves && entry.resolves.length > 0 ? { resolves: entry.resolves.map((v) => v.hlc) } : {}),
  };
  switch (entry.kind) {
    case 'set':
      return { ...base, kind: 'set', field: entry.field, value: entry.value };
    case 'delete':
      return {
        ...base,
        kind: 'delete',
        seenVersions: Object.fromEntries(
          Object.entries(entry.seenVersions ?? {}).map(([field, versions]) => [field, versions.map((v) => v.hlc)]),
        ),
      };
    case 'undelete':
      return { ...base, kind: 'undelete' };
    case 'insert':
      throw new Error('toPushOp: an insert is expanded into field ops before it is numbered');
  }
}

/**
 * After a `gap` answer: the server applied this outbox only up to `lastAppliedSeq`, so every op
 * still numbered (never acknowledged) is renumbered from `lastAppliedSeq + 1`, in its order.
 */
export async function renumberFrom(db: MasarDatabase, lastAppliedSeq: number): Promise<void> {
  await db.transaction('rw', [db.outbox, db.syncMeta], async () => {
    const numbered = await db.outbox.orderBy('pushSeq').toArray();
    await db.outbox.bulkPut(numbered.map((entry, index) => ({ ...entry, pushSeq: lastAppliedSeq + 1 + index })));
    await writeMeta(db, { [metaKeys.nextPushSeq]: String(lastAppliedSeq + 1 + numbered.length) });
  });
}

export type Acknowledgement = {
  readonly ackSeq: number;
  readonly rejections: readonly Rejection[];
  readonly rejectedAt: string;
};

/**
 * Settles what the server acknowledged, in one transaction: removes ops up to `ackSeq` and stores
 * the rejections among them with the value that was sent. A refused write never became a server
 * version, so the field's local version (and the base of a later pending op on it) goes back to
 * the refused op's base: a resend is then not mistaken for a concurrent edit. Returns how many ops
 * were removed.
 */
export async function acknowledge(db: MasarDatabase, ack: Acknowledgement): Promise<number> {
  return db.transaction('rw', [db.outbox, db.rejections, db.rowMeta], async () => {
    const settled = await db.outbox.where('pushSeq').belowOrEqual(ack.ackSeq).toArray();
    const settledSeqs = new Set(settled.map((entry) => entry.seq));
    const bySeq = new Map(settled.map((entry) => [entry.pushSeq, entry]));
    const refused = ack.rejections.flatMap((rejection) => {
      const op = bySeq.get(rejection.seq);
      return op ? [{ rejection, op }] : [];
    });
    if (refused.length > 0) {
      // Read together: the refused ops' rows' metadata and the ops still waiting on their fields.
      const rowKeys = new Map<string, [string, string]>();
      const fieldKeys = new Map<string, [string, string, string]>();
      for (const { op } of refused) {
        rowKeys.set(`${op.table}/${op.rowId}`, rowMetaKey(op.table, op.rowId));
        fieldKeys.set(`${op.table}/${op.rowId}/${op.field}`, [op.table, op.rowId, op.field]);
      }
      const storedMetas = await db.rowMeta.bulkGet([...rowKeys.values()]);
      const metas = new Map<string, StoredRowMeta>();
      [...rowKeys.keys()].forEach((key, index) => {
        const meta = storedMetas[index];
        if (meta) metas.set(key, meta);
      });
      const waiting = (
        await db.outbox
          .where('[table+rowId+field]')
          .anyOf([...fieldKeys.values()])
          .toArray()
      ).filter((entry) => !settledSeqs.has(entry.seq));
      const changedMetas = new Set<string>();
      const changedEntries = new Map<number, OutboxEntry>();
      for (const { op } of refused) {
        const rowKey = `${op.table}/${op.rowId}`;
        const meta = metas.get(rowKey);
        if (meta?.versions[op.field]?.hlc === op.hlc) {
          const base = op.baseVersion;
          const versions = Object.fromEntries(
            Object.entries(meta.versions).flatMap(([field, version]) =>
              field !== op.field ? [[field, version]] : base ? [[field, base]] : [],
            ),
          );
          metas.set(rowKey, { ...meta, versions });
          changedMetas.add(rowKey);
        }
        waiting.forEach((entry, index) => {
          if (entry.table !== op.table || entry.rowId !== op.rowId || entry.field !== op.field) return;
          if (entry.seq === undefined || entry.baseVersion?.hlc !== op.hlc) return;
          const next = { ...entry, baseVersion: op.baseVersion };
          waiting[index] = next;
          changedEntries.set(entry.seq, next);
        });
      }
      await db.rejections.bulkAdd(
        refused.map(({ rejection, op }): StoredRejection => ({
          table: op.table,
          rowId: op.rowId,
          field: op.field,
          value: op.value,
          reason: rejection.reason,
          ...(rejection.messageKey === undefined ? {} : { messageKey: rejection.messageKey }),
          rejectedAt: ack.rejectedAt,
        })),
      );
      await db.rowMeta.bulkPut([...changedMetas].flatMap((key) => metas.get(key) ?? []));
      await db.outbox.bulkPut([...changedEntries.values()]);
    }
    await db.outbox.bulkDelete(settled.map((entry) => entry.seq).filter((seq) => seq !== undefined));
    return settled.length;
  });
}

/**
 * The server re-stamped ops of this PC because its clock runs ahead: pulls the clock state back
 * to the server's bound (its time + the allowed skew), so later writes are not clamped again and
 * a far-future stamp does not linger. A replica's own writes are ordered by its push sequence, not
 * by their stamps, so moving its clock back is safe; received versions are within the bound.
 */
export async function pullClockBack(db: MasarDatabase, serverTime: number): Promise<void> {
  await db.transaction('rw', db.syncMeta, async () => {
    const entry = await db.syncMeta.get(metaKeys.hlc);
    const parsed = entry && parseHlc(entry.value);
    if (!parsed?.ok) return;
    const bound = serverTime + maxClockSkewMillis;
    if (parsed.value.wall <= bound) return;
    await writeMeta(db, { [metaKeys.hlc]: formatHlc({ ...parsed.value, wall: bound, counter: 0 }) });
  });
}

export async function readCursors(db: MasarDatabase): Promise<PullCursor[]> {
  const entries = await db.syncMeta.where('key').startsWith(cursorPrefix).toArray();
  return entries.flatMap((entry) => {
    const [scope, table] = entry.key.slice(cursorPrefix.length).split(':');
    const seq = Number(entry.value);
    return scope && table && Number.isSafeInteger(seq) ? [{ scope, table, seq }] : [];
  });
}

export type PageApplyOptions = {
  /** This PC's (offset-corrected) time, for the clock's `receive`. */
  readonly now: number;
  /** The replica id to stamp the clock state with when none is stored yet. */
  readonly replicaId: string | undefined;
};

/**
 * Applies one pulled page and stores its cursor, in one transaction (writes not captured).
 * Per row: a field with a pending local op keeps its local value and version (the push settles
 * it); the others take the server's. A deleted row is removed locally, its tombstone version kept;
 * a pending local delete or undelete leaves the row's presence alone. The row's conflicts are
 * replaced by the page's. `removed` rows (moved out of the scope) are the only rows dropped for the
 * server's sake; their pending ops stay. A `resyncRequired` page drops the table's cursor and the
 * rows' scope seqs (never a row, nor its versions) so that the table is pulled again from 0.
 *
 * Returns the rows the page changed on this PC (`rowChanged`: new here, another value, deleted or
 * removed): what the receipt reports as received. A pull right after a push brings the pushed
 * rows back with their server seqs; they hold what the PC holds and are not counted.
 *
 * Reads and writes go in bulk, a few requests per page whatever its size (a page holds up to 2 000
 * rows; an initial pull, 50 000): the rows, their metadata (one record per row) and their pending ops
 * are read at once, and each table is written once.
 */
export async function applyPullPage(db: MasarDatabase, page: PullPage, options: PageApplyOptions): Promise<number> {
  const { scope, table } = page;
  const tables = [table, 'outbox', 'rowMeta', 'syncMeta', 'conflicts'];
  return applyRemote(db, tables, async () => {
    if (page.resyncRequired) {
      await forgetServerPositions(db, scope, table);
      return 0;
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
    let greatest: string | null = null;
    const metas: StoredRowMeta[] = [];
    const puts: Record<string, unknown>[] = [];
    const deletes: string[] = [];
    const changed = new Set<string>();
    const conflicts: StoredConflict[] = [];
    const noPending = new Map<string, OutboxEntry>();
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
      // Local versions of fields the server does not send are kept; a pending field keeps its own.
      const versions: Record<string, FieldVersion> = { ...storedMetas[index]?.versions };
      const serverValues: Record<string, JsonValue> = {};
      const rowVersions = decodeVersions(row);
      for (const [field, hlc] of Object.entries(rowVersions)) {
        if (greatest === null || hlc > greatest) greatest = hlc;
        if (pendingFields.has(field)) continue;
        versions[field] = versionOfHlc(hlc);
        const value = row.record[field];
        if (value !== undefined) serverValues[field] = value;
      }
      // Fields the server holds without a version (none today): taken unless pending.
      for (const [field, value] of Object.entries(row.record))
        if (!(field in serverValues) && !pendingFields.has(field) && !(field in rowVersions))
          serverValues[field] = value;
      const hasPendingTombstone = pendingFields.has(tombstoneField);
      if (row.tombstoneVersion !== null) {
        if (greatest === null || row.tombstoneVersion > greatest) greatest = row.tombstoneVersion;
        if (!hasPendingTombstone) versions[tombstoneField] = versionOfHlc(row.tombstoneVersion);
      }
      metas.push({ table, rowId: row.id, versions, scope, seq: row.seq });

      if (!hasPendingTombstone) {
        if (row.deleted) {
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
    if (page.removed.length > 0) {
      for (const id of await rowTable.where(':id').anyOf(page.removed).primaryKeys()) changed.add(id);
      await rowTable.bulkDelete(page.removed);
      await db.rowMeta.bulkDelete(removedKeys);
      await db.conflicts.bulkDelete(await db.conflicts.where('[table+rowId]').anyOf(removedKeys).primaryKeys());
    }

    // Later local writes must sort after what was just seen (hlc.ts, guarantee 1).
    const [hlcEntry, replicaEntry] = clock;
    const replicaId = replicaEntry?.value ?? options.replicaId;
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
    return changed.size;
  });
}

/** Drops the scope seq of every row of a (scope, table), keeping the rows and their versions. */
async function forgetServerPositions(db: MasarDatabase, scope: string, table: string): Promise<void> {
  const metas = await db.rowMeta.where('[scope+table]').equals([scope, table]).toArray();
  await db.rowMeta.bulkPut(metas.map(withoutServerPosition));
  await db.syncMeta.delete(cursorKey(scope, table));
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

/** Forgets a (scope, table)'s cursor and row seqs so that it is pulled again from 0; rows stay. */
export async function resetTable(db: MasarDatabase, scope: string, table: string): Promise<void> {
  await db.transaction('rw', [db.rowMeta, db.syncMeta], () => forgetServerPositions(db, scope, table));
}

export async function localDigest(db: MasarDatabase, scope: string, table: string): Promise<DigestValue> {
  const metas = await db.rowMeta.where('[scope+table]').equals([scope, table]).toArray();
  return digestOf(metas.flatMap((meta) => (meta.seq === undefined ? [] : [{ id: meta.rowId, seq: meta.seq }])));
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

export async function storeReceipt(db: MasarDatabase, receipt: SyncReceipt): Promise<void> {
  await db.transaction('rw', db.syncJournal, async () => {
    await db.syncJournal.put(receipt);
    const count = await db.syncJournal.count();
    if (count > journalLength) {
      const oldest = await db.syncJournal
        .orderBy('startedAt')
        .limit(count - journalLength)
        .primaryKeys();
      await db.syncJournal.bulkDelete(oldest);
    }
  });
}

export type OutboxSummary = {
  /** Field ops waiting (a new row's insert entry counts as its fields). */
  readonly ops: number;
  /** Ops after coalescing (what the next sync will send). */
  readonly coalescedOps: number;
  readonly created: number;
  readonly changed: number;
  readonly deleted: number;
  /** The local seq of the oldest op waiting (the outbox head); null when empty. */
  readonly head: number | null;
};

/** What waits in the outbox. A record is "created" when the server never sent it back (no row seq). */
export async function summariseOutbox(db: MasarDatabase): Promise<OutboxSummary> {
  return db.transaction('r', [db.outbox, db.rowMeta], async () => {
    const stored = await db.outbox.orderBy('seq').toArray();
    const entries = expandInserts(stored);
    const rows = new Map<string, { table: string; rowId: string; isDeleted: boolean }>();
    for (const entry of entries) {
      const key = `${entry.table}/${entry.rowId}`;
      const row = rows.get(key) ?? { table: entry.table, rowId: entry.rowId, isDeleted: false };
      if (entry.kind === 'delete') row.isDeleted = true;
      if (entry.kind === 'undelete') row.isDeleted = false;
      rows.set(key, row);
    }
    const known = await db.rowMeta.bulkGet([...rows.values()].map((row) => rowMetaKey(row.table, row.rowId)));
    let created = 0;
    let changed = 0;
    let deleted = 0;
    [...rows.values()].forEach((row, index) => {
      if (row.isDeleted) deleted++;
      else if (isKnownToServer(known[index])) changed++;
      else created++;
    });
    const unsent = entries.filter((entry) => entry.pushSeq === undefined);
    const sent = entries.length - unsent.length;
    return {
      ops: entries.length,
      coalescedOps: sent + coalesce(unsent).kept.length,
      created,
      changed,
      deleted,
      // An insert's ops keep its place (seq s becomes s + k/(n+1)): the head does not move.
      head: stored[0]?.seq === undefined ? null : Math.floor(stored[0].seq),
    };
  });
}

export async function readRejections(db: MasarDatabase): Promise<StoredRejection[]> {
  return db.rejections.orderBy('id').toArray();
}

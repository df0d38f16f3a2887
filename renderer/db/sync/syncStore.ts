import Dexie, { cmp, type IndexableType, type Table } from 'dexie';
import { digestOf, type DigestValue } from '../../../shared/sync/digest';
import { formatHlc, maxClockSkewMillis, parseHlc, receive, tick } from '../../../shared/sync/hlc';
import { accessOf, consultationSync } from '../../../shared/sync/entities';
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

import type { MasarDatabase } from '../tables';
import { applyRemote, clockStateOf } from './changeCapture';
import { recordLabel } from './recordLabel';
import { rowChanged } from './rowChanged';
import { syncedEntities, syncedEntity } from './syncedTables';
import { isLostByServer, mayRestoreField, noRepair, rebaseHlc, repairOf, type Restorer } from './reconcile';
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
  /**
   * The greatest `ackSeq` the server answered this outbox under the current replica id: a server
   * that later says it applied less (a gap, or the pull's `outboxes`) lost acknowledged work.
   */
  ackedSeq: 'ackedSeq',
  /**
   * When this PC last found the server behind (ms, this PC's clock): for a while after, nothing is
   * removed for lost access (`removeInaccessible`), since the restored server may have lost the
   * account changes too.
   */
  serverBehindAt: 'serverBehindAt',
} as const;

const cursorPrefix = 'cursor:';
const cursorKey = (scope: string, table: string) => `${cursorPrefix}${scope}:${table}`;
/**
 * `reconcile:<scope>:<table>`: the (scope, table) is being pulled again from 0 (a resync, a digest
 * mismatch, a server that lost work). Once a pull has listed it whole, the rows of it that the
 * server did not list are rows it no longer has (`sweepLostRows`); the mark goes with the sweep.
 * Kept in `syncMeta` with the reset, so a sync that stops half-way sweeps at the next one.
 */
const reconcilePrefix = 'reconcile:';
const reconcileKey = (scope: string, table: string) => `${reconcilePrefix}${scope}:${table}`;
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
    // Another replica is another outbox on the server (device, user, outboxId): nothing acknowledged yet.
    await writeMeta(db, {
      [metaKeys.replicaId]: replicaId,
      [metaKeys.hlc]: formatHlc(clock),
      [metaKeys.ackedSeq]: '0',
    });
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

/**
 * The server lost work it had acknowledged to this outbox (it answers having applied only up to
 * `lastAppliedSeq`: a database restored from a backup). In one transaction:
 *
 * 1. every op still numbered goes back to never-sent: nothing above `lastAppliedSeq` was applied,
 *    so they may be coalesced and ordered again with the ops the repair will add (a re-created
 *    row's centre must come before its other fields), and numbering continues from
 *    `lastAppliedSeq + 1`, what the server expects next;
 * 2. every (scope, table) the PC holds is pulled again from 0 and reconciled: a pulled row whose
 *    versions are older than the PC's is repaired as it is applied (`applyPullPage`), and the rows
 *    the server no longer lists are sent again whole (`sweepLostRows`).
 *
 * The engine pushes only after that pull, so that waiting edits based on versions the server lost
 * are rebased on the server's versions rather than opening false conflicts.
 */
export async function prepareRestore(db: MasarDatabase, lastAppliedSeq: number): Promise<void> {
  await db.transaction('rw', [db.outbox, db.rowMeta, db.syncMeta], async () => {
    const numbered = await db.outbox.orderBy('pushSeq').toArray();
    await db.outbox.bulkPut(numbered.map(withoutPushSeq));
    await writeMeta(db, {
      [metaKeys.nextPushSeq]: String(lastAppliedSeq + 1),
      [metaKeys.ackedSeq]: String(lastAppliedSeq),
    });
    for (const { scope, table } of await heldPairs(db)) await forgetServerPositions(db, scope, table);
  });
}

function withoutPushSeq(entry: OutboxEntry): OutboxEntry {
  const copy: { -readonly [K in keyof OutboxEntry]: OutboxEntry[K] } = { ...entry };
  delete copy.pushSeq;
  return copy;
}

/** Every (scope, table) the PC holds anything of: a cursor, a row's server position, a reconcile mark. */
async function heldPairs(db: MasarDatabase): Promise<{ scope: string; table: string }[]> {
  const pairs = new Map<string, { scope: string; table: string }>();
  const add = (scope: string, table: string) => pairs.set(`${scope}/${table}`, { scope, table });
  for (const cursor of await readCursors(db)) add(cursor.scope, cursor.table);
  for (const pair of await readReconcileMarks(db)) add(pair.scope, pair.table);
  for (const key of await db.rowMeta.orderBy('[scope+table]').uniqueKeys()) {
    if (Array.isArray(key) && typeof key[0] === 'string' && typeof key[1] === 'string') add(key[0], key[1]);
  }
  return [...pairs.values()];
}

/** The (scope, table) pairs being pulled again from 0 for a reconciliation (`reconcileKey`). */
export async function readReconcileMarks(db: MasarDatabase): Promise<{ scope: string; table: string }[]> {
  const entries = await db.syncMeta.where('key').startsWith(reconcilePrefix).toArray();
  return entries.flatMap((entry) => {
    const [scope, table] = entry.key.slice(reconcilePrefix.length).split(':');
    return scope && table ? [{ scope, table }] : [];
  });
}

export type Acknowledgement = {
  readonly ackSeq: number;
  readonly rejections: readonly Rejection[];
  readonly rejectedAt: string;
  /** Seqs the server re-stamped (this PC's clock ran ahead). */
  readonly clamped?: readonly number[];
};

/**
 * Settles what the server acknowledged, in one transaction: removes ops up to `ackSeq` and stores
 * the rejections among them with the value that was sent. A refused write never became a server
 * version, so the field's local version (and the base of a later pending op on it) goes back to
 * the refused op's base: a resend is then not mistaken for a concurrent edit. Returns how many ops
 * were removed.
 */
export async function acknowledge(db: MasarDatabase, ack: Acknowledgement): Promise<number> {
  return db.transaction('rw', [db.outbox, db.rejections, db.rowMeta, db.syncMeta], async () => {
    const settled = await db.outbox.where('pushSeq').belowOrEqual(ack.ackSeq).toArray();
    const settledSeqs = new Set(settled.map((entry) => entry.seq));
    const bySeq = new Map(settled.map((entry) => [entry.pushSeq, entry]));
    const acked = Number((await readMeta(db, metaKeys.ackedSeq)) ?? '0');
    if (ack.ackSeq > acked) await writeMeta(db, { [metaKeys.ackedSeq]: String(ack.ackSeq) });
    await forgetClampedVersions(
      db,
      (ack.clamped ?? []).flatMap((seq) => bySeq.get(seq) ?? []),
    );
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
          ...(op.isRestore ? { restoredVersion: op.hlc } : {}),
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
 * The server keeps a re-stamped op under its own time, earlier than the one this PC wrote: the
 * field's local version goes back to the op's base until the pull brings the server's, so that
 * the PC's version never looks newer than the server's (which would read as a version the server
 * lost). A replica's own later writes supersede its earlier ones whatever their bases.
 */
async function forgetClampedVersions(db: MasarDatabase, clamped: readonly OutboxEntry[]): Promise<void> {
  if (clamped.length === 0) return;
  const keys = new Map(clamped.map((op) => [`${op.table}/${op.rowId}`, rowMetaKey(op.table, op.rowId)]));
  const metas = new Map<string, StoredRowMeta>();
  for (const meta of await db.rowMeta.bulkGet([...keys.values()]))
    if (meta) metas.set(`${meta.table}/${meta.rowId}`, meta);
  for (const op of clamped) {
    const key = `${op.table}/${op.rowId}`;
    const meta = metas.get(key);
    if (meta?.versions[op.field]?.hlc !== op.hlc) continue;
    const base = op.baseVersion;
    const versions = Object.fromEntries(
      Object.entries(meta.versions).flatMap(([field, version]) =>
        field !== op.field ? [[field, version]] : base ? [[field, base]] : [],
      ),
    );
    metas.set(key, { ...meta, versions });
  }
  await db.rowMeta.bulkPut([...metas.values()]);
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

function toJsonValue(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/** Drops the scope seq of every row of a (scope, table), keeping the rows and their versions, and
 * marks it for a reconciliation once it has been pulled again whole. */
async function forgetServerPositions(db: MasarDatabase, scope: string, table: string): Promise<void> {
  const metas = await db.rowMeta.where('[scope+table]').equals([scope, table]).toArray();
  await db.rowMeta.bulkPut(metas.map(withoutServerPosition));
  await db.syncMeta.delete(cursorKey(scope, table));
  await db.syncMeta.put({ key: reconcileKey(scope, table), value: '1' });
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

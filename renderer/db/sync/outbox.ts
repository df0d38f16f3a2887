import type { PushOp, Rejection } from '../../../shared/sync/protocol';

import type { MasarDatabase } from '../tables';
import { syncedEntity } from './syncedTables';
import { expandInserts } from './outboxEntries';
import { isKnownToServer, rowMetaKey } from './rowMeta';
import { forgetServerPositions, heldPairs } from './serverPositions';
import { metaKeys, readMeta, writeMeta } from './syncMeta';
import type { OutboxEntry, StoredRejection, StoredRowMeta } from './types';

/**
 * The outbox's side of a sync, each step that must be all-or-nothing one IndexedDB transaction:
 *
 * 1. forming a batch coalesces never-sent ops and persists their push seqs before anything is sent;
 * 2. an acknowledgement removes the settled ops and records the rejections together;
 * 3. after a `gap` answer or a server that lost acknowledged work, the ops still numbered are
 *    numbered again (or go back to never-sent).
 *
 * Also what waits in it (`summariseOutbox`), counted as the next sync will send it.
 */

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

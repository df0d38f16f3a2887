/**
 * Storage of the sync engine (docs/sync-protocol.md; tables of migration `0003-sync`): scope
 * sequences, synced rows with their merge state, per (scope, table) digests, replica outboxes,
 * stored rejections and the op log. The merge rule, authorisation and the protocol live in
 * `server/src/sync/`; this module only reads and writes.
 *
 * Locks are taken with no-op `UPDATE`s (as `lockAccountChanges` does): on PostgreSQL they hold the
 * row until commit, on SQLite the `BEGIN IMMEDIATE` transaction already serialises writers, and
 * the same statement runs on both. Sequence numbers are `bigint`: database.ts parses PostgreSQL's int8
 * into numbers (and fails loudly beyond 2^53), so both engines give numbers here.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DigestValue } from '../../../shared/sync/digest';
import type { Database } from './schema';

/** One replica outbox: a local database of a user on a PC. */
export interface OutboxKey {
  deviceId: string;
  userId: string;
  outboxId: string;
}

/**
 * Creates the outbox if new and locks it for this transaction (two pushes of the same outbox,
 * e.g. a request and its retry, run one after the other). Returns its last applied seq.
 */
export async function lockOutbox(db: Kysely<Database>, key: OutboxKey, at: string): Promise<number> {
  await db
    .insertInto('sync_outboxes')
    .values({
      device_id: key.deviceId,
      user_id: key.userId,
      outbox_id: key.outboxId,
      last_applied_seq: 0,
      updated_at: at,
    })
    .onConflict((conflict) => conflict.columns(['device_id', 'user_id', 'outbox_id']).doNothing())
    .execute();
  const row = await db
    .updateTable('sync_outboxes')
    .set({ updated_at: at })
    .where('device_id', '=', key.deviceId)
    .where('user_id', '=', key.userId)
    .where('outbox_id', '=', key.outboxId)
    .returning('last_applied_seq')
    .executeTakeFirstOrThrow();
  return row.last_applied_seq;
}

export async function setOutboxApplied(db: Kysely<Database>, key: OutboxKey, seq: number, at: string): Promise<void> {
  await db
    .updateTable('sync_outboxes')
    .set({ last_applied_seq: seq, updated_at: at })
    .where('device_id', '=', key.deviceId)
    .where('user_id', '=', key.userId)
    .where('outbox_id', '=', key.outboxId)
    .execute();
}

export interface StoredSyncRow {
  table: string;
  rowId: string;
  scopeId: string;
  seq: number;
  isDeleted: boolean;
  /** JSON of the row's `RecordState`. */
  state: string;
  /** The file it belongs to (written with the row; not read back where no one needs it). */
  fileId?: string | null;
}

/** The stored rows among `rowIds` of `table`. */
export async function findSyncRows(
  db: Kysely<Database>,
  table: string,
  rowIds: readonly string[],
): Promise<StoredSyncRow[]> {
  if (rowIds.length === 0) return [];
  const rows = await db
    .selectFrom('sync_rows')
    .select(['row_id', 'scope_id', 'seq', 'is_deleted', 'state'])
    .where('table_name', '=', table)
    .where('row_id', 'in', [...rowIds])
    .execute();
  return rows.map((row) => ({
    table,
    rowId: row.row_id,
    scopeId: row.scope_id,
    seq: row.seq,
    isDeleted: row.is_deleted === 1,
    state: row.state,
  }));
}

/**
 * Creates the scopes that do not exist yet and locks them, one at a time in id order (two pushes
 * touching the same scopes cannot deadlock). Every writer of a scope holds its lock from here to
 * its commit, so the rows read afterwards stay as read, and sequence numbers are handed out in
 * commit order: a pull never passes a number whose row commits later.
 */
export async function lockScopes(db: Kysely<Database>, scopeIds: readonly string[]): Promise<void> {
  if (scopeIds.length === 0) return;
  const sorted = [...new Set(scopeIds)].sort();
  await db
    .insertInto('sync_scopes')
    .values(sorted.map((scopeId) => ({ scope_id: scopeId, last_seq: 0, purged_before_seq: 0 })))
    .onConflict((conflict) => conflict.column('scope_id').doNothing())
    .execute();
  for (const scopeId of sorted) {
    await db
      .updateTable('sync_scopes')
      .set((eb) => ({ last_seq: eb.ref('last_seq') }))
      .where('scope_id', '=', scopeId)
      .execute();
  }
}

/**
 * Locks rows by key (`table/rowId`) for this transaction, whether they exist or not, in key order:
 * two pushes creating the same new row id — in the same centre or in two — run one after the
 * other, so the second reads the row the first made instead of overwriting it. On PostgreSQL a
 * transaction-scoped advisory lock per key; SQLite's `BEGIN IMMEDIATE` already serialises writers.
 * Taken before the scope locks by every push, so the two kinds never wait on each other in a cycle.
 */
export async function lockRowKeys(db: Kysely<Database>, keys: readonly string[]): Promise<void> {
  if (keys.length === 0 || !(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const sorted = [...new Set(keys)].sort();
  await sql`select pg_advisory_xact_lock(hashtextextended(key, 0)) from unnest(${sorted}::text[]) with ordinality as t(key, n) order by n`.execute(
    db,
  );
}

/** Every stored row of these files (all tables), deleted ones included. */
export async function findFileRows(db: Kysely<Database>, fileIds: readonly string[]): Promise<StoredSyncRow[]> {
  if (fileIds.length === 0) return [];
  const rows = await db
    .selectFrom('sync_rows')
    .select(['table_name', 'row_id', 'scope_id', 'seq', 'is_deleted', 'state', 'file_id'])
    .where('file_id', 'in', [...new Set(fileIds)])
    .execute();
  return rows.map((row) => ({
    table: row.table_name,
    rowId: row.row_id,
    scopeId: row.scope_id,
    seq: row.seq,
    isDeleted: row.is_deleted === 1,
    state: row.state,
    fileId: row.file_id,
  }));
}

/** Reserves `count` sequence numbers of a locked scope; returns the first. */
export async function allocateScopeSeqs(db: Kysely<Database>, scopeId: string, count: number): Promise<number> {
  const row = await db
    .updateTable('sync_scopes')
    .set((eb) => ({ last_seq: eb('last_seq', '+', count) }))
    .where('scope_id', '=', scopeId)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return row.last_seq - count + 1;
}

/** Inserts new rows and replaces changed ones (one statement per batch). */
export async function upsertSyncRows(db: Kysely<Database>, rows: readonly StoredSyncRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('sync_rows')
    .values(
      rows.map((row) => ({
        table_name: row.table,
        row_id: row.rowId,
        scope_id: row.scopeId,
        seq: row.seq,
        is_deleted: row.isDeleted ? 1 : 0,
        state: row.state,
        file_id: row.fileId ?? null,
      })),
    )
    .onConflict((conflict) =>
      conflict.columns(['table_name', 'row_id']).doUpdateSet((eb) => ({
        scope_id: eb.ref('excluded.scope_id'),
        seq: eb.ref('excluded.seq'),
        is_deleted: eb.ref('excluded.is_deleted'),
        state: eb.ref('excluded.state'),
        file_id: eb.ref('excluded.file_id'),
      })),
    )
    .execute();
}

export interface ScopeTableDigest extends DigestValue {
  scopeId: string;
  table: string;
}

/** Digests of the scopes' tables; a (scope, table) without rows has none. */
export async function listDigests(db: Kysely<Database>, scopeIds: readonly string[]): Promise<ScopeTableDigest[]> {
  if (scopeIds.length === 0) return [];
  const rows = await db
    .selectFrom('sync_digests')
    .select(['scope_id', 'table_name', 'row_count', 'hash'])
    .where('scope_id', 'in', [...scopeIds])
    .execute();
  return rows.map((row) => ({
    scopeId: row.scope_id,
    table: row.table_name,
    count: row.row_count,
    hash: row.hash,
  }));
}

export async function upsertDigests(db: Kysely<Database>, digests: readonly ScopeTableDigest[]): Promise<void> {
  if (digests.length === 0) return;
  await db
    .insertInto('sync_digests')
    .values(
      digests.map((digest) => ({
        scope_id: digest.scopeId,
        table_name: digest.table,
        row_count: digest.count,
        hash: digest.hash,
      })),
    )
    .onConflict((conflict) =>
      conflict.columns(['scope_id', 'table_name']).doUpdateSet((eb) => ({
        row_count: eb.ref('excluded.row_count'),
        hash: eb.ref('excluded.hash'),
      })),
    )
    .execute();
}

export interface StoredRejection {
  seq: number;
  table: string;
  rowId: string;
  field: string;
  reason: string;
  messageKey: string | null;
}

export async function insertRejections(
  db: Kysely<Database>,
  key: OutboxKey,
  rejections: readonly StoredRejection[],
  at: string,
): Promise<void> {
  if (rejections.length === 0) return;
  await db
    .insertInto('sync_rejections')
    .values(
      rejections.map((rejection) => ({
        device_id: key.deviceId,
        user_id: key.userId,
        outbox_id: key.outboxId,
        seq: rejection.seq,
        table_name: rejection.table,
        row_id: rejection.rowId,
        field: rejection.field,
        reason: rejection.reason,
        message_key: rejection.messageKey,
        rejected_at: at,
      })),
    )
    .execute();
}

/** The rejections of an outbox's ops `fromSeq..toSeq`, by seq. */
export async function listRejections(
  db: Kysely<Database>,
  key: OutboxKey,
  fromSeq: number,
  toSeq: number,
): Promise<StoredRejection[]> {
  const rows = await db
    .selectFrom('sync_rejections')
    .select(['seq', 'table_name', 'row_id', 'field', 'reason', 'message_key'])
    .where('device_id', '=', key.deviceId)
    .where('user_id', '=', key.userId)
    .where('outbox_id', '=', key.outboxId)
    .where('seq', '>=', fromSeq)
    .where('seq', '<=', toSeq)
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({
    seq: row.seq,
    table: row.table_name,
    rowId: row.row_id,
    field: row.field,
    reason: row.reason,
    messageKey: row.message_key,
  }));
}

export interface OpLogEntry {
  opSeq: number;
  batchId: string;
  scopeId: string;
  rowSeq: number;
  table: string;
  rowId: string;
  field: string;
  kind: string;
  hlc: string;
  originalHlc: string | null;
}

/** One multi-row insert per batch: the log must not slow a push down. */
export async function insertOpLog(
  db: Kysely<Database>,
  key: OutboxKey,
  entries: readonly OpLogEntry[],
  receivedAt: string,
): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('sync_op_log')
    .values(
      entries.map((entry) => ({
        device_id: key.deviceId,
        user_id: key.userId,
        outbox_id: key.outboxId,
        op_seq: entry.opSeq,
        batch_id: entry.batchId,
        scope_id: entry.scopeId,
        row_seq: entry.rowSeq,
        table_name: entry.table,
        row_id: entry.rowId,
        field: entry.field,
        kind: entry.kind,
        hlc: entry.hlc,
        original_hlc: entry.originalHlc,
        received_at: receivedAt,
      })),
    )
    .execute();
}

/** Seqs of an outbox's applied ops `fromSeq..toSeq` whose timestamp the server re-stamped. */
export async function listClampedSeqs(
  db: Kysely<Database>,
  key: OutboxKey,
  fromSeq: number,
  toSeq: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('sync_op_log')
    .select('op_seq')
    .where('device_id', '=', key.deviceId)
    .where('user_id', '=', key.userId)
    .where('outbox_id', '=', key.outboxId)
    .where('op_seq', '>=', fromSeq)
    .where('op_seq', '<=', toSeq)
    .where('original_hlc', 'is not', null)
    .orderBy('op_seq')
    .execute();
  return rows.map((row) => row.op_seq);
}

export interface ScopeSequence {
  lastSeq: number;
  purgedBeforeSeq: number;
}

export async function findScopeSequences(
  db: Kysely<Database>,
  scopeIds: readonly string[],
): Promise<Map<string, ScopeSequence>> {
  const sequences = new Map<string, ScopeSequence>();
  if (scopeIds.length === 0) return sequences;
  const rows = await db
    .selectFrom('sync_scopes')
    .select(['scope_id', 'last_seq', 'purged_before_seq'])
    .where('scope_id', 'in', [...scopeIds])
    .execute();
  for (const row of rows) {
    sequences.set(row.scope_id, { lastSeq: row.last_seq, purgedBeforeSeq: row.purged_before_seq });
  }
  return sequences;
}

/** A scope's rows of a table changed after `afterSeq`, oldest change first, at most `limit`. */
export async function listRowsAfter(
  db: Kysely<Database>,
  scopeId: string,
  table: string,
  afterSeq: number,
  limit: number,
): Promise<StoredSyncRow[]> {
  const rows = await db
    .selectFrom('sync_rows')
    .select(['row_id', 'seq', 'is_deleted', 'state'])
    .where('scope_id', '=', scopeId)
    .where('table_name', '=', table)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    table,
    rowId: row.row_id,
    scopeId,
    seq: row.seq,
    isDeleted: row.is_deleted === 1,
    state: row.state,
  }));
}

/** Display names of the given users (for the "who" of conflicts); unknown ids are absent. */
export async function findDisplayNames(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', [...userIds])
    .execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

export async function touchDeviceSync(db: Kysely<Database>, deviceId: string, at: string): Promise<void> {
  await db.updateTable('devices').set({ last_sync_at: at }).where('id', '=', deviceId).execute();
}

/**
 * `POST /api/sync/push` (docs/sync-protocol.md, "Push"): applies a replica outbox's ops exactly
 * once, in one database transaction:
 *
 * 1. lock the outbox (device, user, outboxId); a `fromSeq` beyond its last applied seq + 1 is a
 *    gap: answer it without applying anything;
 * 2. skip ops already applied (a retry after a lost response): their rejections and clamps are
 *    read back, so the retry gets the same answer;
 * 3. check each remaining op from server data — its writer is the authenticated replica, its
 *    table and field are synced, its row's centre (stored, or set in this request for a new row)
 *    is one the actor serves and the actor's role may access the entity's rows there
 *    (`canAccessRow`: restricted rows such as detention records), its value passes the field's
 *    shared schema. A refused op is acknowledged and stored as a rejection: the queue never blocks;
 * 4. lock the scopes written, read the rows again, clamp far-future timestamps, merge each row's
 *    ops (`mergeRecord`), give each changed row the next seq of its scope, update the digests,
 *    log the ops, store the rejections, advance the outbox; commit.
 */
import type { Actor } from '../../../shared/auth/authorization';
import { canAccessRow } from '../../../shared/auth/restricted';
import type { RowAccess } from '../../../shared/auth/restricted';
import { emptyDigest, updateDigest } from '../../../shared/sync/digest';
import { accessOf, syncedEntity } from '../../../shared/sync/entities';
import type { AnySyncedEntity } from '../../../shared/sync/entities';
import { clampFuture, formatHlc, formatReplicaId, parseHlc } from '../../../shared/sync/hlc';
import {
  emptyRecordState,
  isDeleted,
  jsonEquals,
  mergeRecord,
  openConflicts,
  tombstoneField,
} from '../../../shared/sync/merge';
import type { Conflict, FieldVersion, RecordOp, RecordState } from '../../../shared/sync/merge';
import { rejectionReasonSchema, versionFromHlc } from '../../../shared/sync/protocol';
import type { PushOp, PushRequest, PushResponse, Rejection, RejectionReason } from '../../../shared/sync/protocol';
import { auditPush } from '../audit/syncAudit';
import type { Authenticated } from '../auth/authenticate';
import type { ServerContext } from '../context';
import {
  allocateScopeSeqs,
  existingCentreIds,
  findSyncRows,
  inTransaction,
  insertAuditEvent,
  insertOpLog,
  insertRejections,
  listClampedSeqs,
  listDigests,
  listRejections,
  lockOutbox,
  lockScopes,
  setOutboxApplied,
  touchDeviceSync,
  upsertDigests,
  upsertSyncRows,
} from '../db';
import type { OpLogEntry, OutboxKey, Queryable, ScopeTableDigest, StoredRejection, StoredSyncRow } from '../db';
import { parseState, serializeState } from './state';

/** `table/rowId`: the identity of a synced row. */
type RowKey = string;
const rowKey = (table: string, rowId: string): RowKey => `${table}/${rowId}`;

/** An op that passed the checks that need no row data. */
type Candidate = { op: PushOp; entity: AnySyncedEntity; key: RowKey };

/** What the request says about a row the server does not have yet. */
type NewRowScope =
  | { kind: 'missing' }
  /** The scope op's value breaks the field schema or names no centre: that op is `invalid-value`. */
  | { kind: 'invalid'; seq: number; messageKey: string }
  | { kind: 'forbidden'; scopeId: string }
  | { kind: 'ok'; scopeId: string };

type Accepted = { op: PushOp; entity: AnySyncedEntity; key: RowKey; hlc: string; originalHlc: string | null };

const maxMessageKeyLength = 100;

export async function applyPush(
  context: ServerContext,
  auth: Authenticated,
  request: PushRequest,
  databaseId: string,
): Promise<PushResponse> {
  const now = context.now();
  const at = now.toISOString();
  const serverTime = now.getTime();
  const key: OutboxKey = { deviceId: auth.deviceId, userId: auth.actor.userId, outboxId: request.outboxId };

  return inTransaction(context.database.db, async (tx) => {
    // 1. The outbox, locked: a duplicate of this request waits here, then finds its ops applied.
    const lastApplied = await lockOutbox(tx, key, at);
    if (request.fromSeq > lastApplied + 1) {
      return { status: 'gap', databaseId, lastAppliedSeq: lastApplied, serverTime };
    }

    // 2. Ops at or below lastApplied were settled by an earlier request: same answer again.
    const settledTo = Math.min(lastApplied, request.toSeq);
    const earlierRejections =
      settledTo >= request.fromSeq ? await listRejections(tx, key, request.fromSeq, settledTo) : [];
    const earlierClamped =
      settledTo >= request.fromSeq ? await listClampedSeqs(tx, key, request.fromSeq, settledTo) : [];
    const fresh = request.ops.filter((op) => op.seq > lastApplied);

    const applied = fresh.length === 0 ? emptyOutcome() : await applyOps(tx, auth, request, fresh, key, now);

    if (request.toSeq > lastApplied) await setOutboxApplied(tx, key, request.toSeq, at);
    await touchDeviceSync(tx, auth.deviceId, at);

    return {
      status: 'ok',
      databaseId,
      ackSeq: request.toSeq,
      rejections: [...earlierRejections, ...applied.rejections].map(toWireRejection),
      conflicts: applied.conflicts,
      clamped: [...earlierClamped, ...applied.clamped],
      serverTime,
    };
  });
}

type Outcome = {
  rejections: StoredRejection[];
  conflicts: { table: string; rowId: string; field: string }[];
  clamped: number[];
};

const emptyOutcome = (): Outcome => ({ rejections: [], conflicts: [], clamped: [] });

async function applyOps(
  tx: Queryable,
  auth: Authenticated,
  request: PushRequest,
  ops: readonly PushOp[],
  key: OutboxKey,
  now: Date,
): Promise<Outcome> {
  const { actor } = auth;
  const at = now.toISOString();
  const rejections: StoredRejection[] = [];
  const reject = (op: PushOp, reason: RejectionReason, messageKey: string | null = null): void => {
    rejections.push({
      seq: op.seq,
      table: op.table,
      rowId: op.rowId,
      field: op.kind === 'set' ? op.field : tombstoneField,
      reason,
      messageKey: messageKey?.slice(0, maxMessageKeyLength) ?? null,
    });
  };

  // 3a. Checks that need no stored data.
  const replicaId = formatReplicaId(auth.deviceId, actor.userId);
  const candidates: Candidate[] = [];
  for (const op of ops) {
    const parsed = parseHlc(op.hlc);
    if (!parsed.ok || parsed.value.replicaId !== replicaId) reject(op, 'wrong-replica');
    else {
      const entity = syncedEntity(op.table);
      if (entity === undefined) reject(op, 'unknown-table');
      else if (op.kind === 'set' && !Object.hasOwn(entity.fields, op.field)) reject(op, 'unknown-field');
      else candidates.push({ op, entity, key: rowKey(op.table, op.rowId) });
    }
  }

  // 3b. The rows and their centres, as the server holds them. Every scope written is locked before
  // the rows are read for the merge; on PostgreSQL they are read again once locked (a concurrent
  // push may have changed them in between), on SQLite the transaction already excludes writers.
  let rows = await loadRows(tx, candidates);
  const newScopes = await newRowScopes(tx, actor, candidates, rows);
  const locked = new Set<string>();
  for (;;) {
    const needed = [...writableScopes(actor, rows, newScopes)].filter((scopeId) => !locked.has(scopeId));
    if (needed.length === 0) break;
    await lockScopes(tx, needed);
    for (const scopeId of needed) locked.add(scopeId);
    rows = await loadRows(tx, candidates);
  }

  // 3c. Authorisation, scope and value, op by op.
  const serverNow = now.getTime();
  const accepted: Accepted[] = [];
  const clamped: number[] = [];
  const forbiddenRows = new Map<RowKey, ForbiddenRow>();
  for (const { op, entity, key: row } of candidates) {
    const stored = rows.get(row);
    let scopeId: string;
    if (stored !== undefined) {
      scopeId = stored.scopeId;
      if (!canAccessRow(actor, accessOf(entity), scopeId)) {
        noteForbidden(forbiddenRows, op, entity, scopeId);
        reject(op, 'forbidden');
        continue;
      }
    } else {
      const scope = newScopes.get(row) ?? { kind: 'missing' };
      if (scope.kind === 'forbidden') {
        noteForbidden(forbiddenRows, op, entity, scope.scopeId);
        reject(op, 'forbidden');
        continue;
      }
      if (scope.kind === 'invalid' && scope.seq === op.seq) {
        reject(op, 'invalid-value', scope.messageKey);
        continue;
      }
      if (scope.kind !== 'ok') {
        reject(op, 'missing-scope');
        continue;
      }
      scopeId = scope.scopeId;
    }
    if (entity.writeOnce === true && stored !== undefined && !isFirstWrite(stored, op)) {
      reject(op, 'immutable');
      continue;
    }
    if (op.kind === 'set') {
      if (op.field === entity.scopeField && !jsonEquals(op.value, scopeId)) {
        reject(op, 'scope-change');
        continue;
      }
      const schema = entity.fields[op.field];
      const checked = schema?.safeParse(op.value);
      if (!checked?.success) {
        reject(op, 'invalid-value', checked?.error.issues[0]?.message ?? 'errors.invalid');
        continue;
      }
    }
    const stamp = clampedStamp(op.hlc, serverNow);
    if (stamp.originalHlc !== null) clamped.push(op.seq);
    accepted.push({ op, entity, key: row, ...stamp });
  }

  for (const forbidden of forbiddenRows.values()) {
    // Ids only, never values: the trail records the attempt, not the data.
    await insertAuditEvent(tx, {
      at,
      type: 'sync-forbidden',
      outcome: 'forbidden',
      actorUserId: actor.userId,
      deviceId: auth.deviceId,
      detail: { ...forbidden, outboxId: request.outboxId, batchId: request.batchId },
    });
  }

  // 4. Merge per row, in the order the replica made its ops.
  const byRow = new Map<RowKey, Accepted[]>();
  for (const item of accepted) {
    const list = byRow.get(item.key);
    if (list === undefined) byRow.set(item.key, [item]);
    else list.push(item);
  }
  const conflicts: Outcome['conflicts'] = [];
  const merged: {
    key: RowKey;
    table: string;
    rowId: string;
    scopeId: string;
    state: RecordState;
    previous?: StoredSyncRow;
  }[] = [];
  for (const [row, items] of byRow) {
    const first = items[0];
    if (first === undefined) continue;
    const { entity, op } = first;
    const stored = rows.get(row);
    const options = { entity: entity.table, entityId: op.rowId, reviewFields: entity.reviewFields };
    const before: RecordState = stored === undefined ? emptyRecordState() : parseState(stored.state);
    const openBefore = new Set(openConflicts(before, options).map(conflictKey));
    const result = mergeRecord(
      before,
      items.map((item) => toRecordOp(item.op, item.hlc)),
      options,
    );
    const reported = new Set<string>();
    for (const conflict of result.conflicts) {
      if (openBefore.has(conflictKey(conflict)) || reported.has(conflict.field)) continue;
      reported.add(conflict.field);
      conflicts.push({ table: entity.table, rowId: op.rowId, field: conflict.field });
    }
    const { record, versions, siblings, tombstone } = result;
    const scopeId = stored?.scopeId ?? scopeOfNewRow(newScopes.get(row));
    merged.push({
      key: row,
      table: entity.table,
      rowId: op.rowId,
      scopeId,
      state: { record, versions, siblings, tombstone },
      ...(stored === undefined ? {} : { previous: stored }),
    });
  }

  // Sequence numbers, per scope in id order, in the order the rows were first touched.
  const byScope = new Map<string, typeof merged>();
  for (const item of merged) {
    const list = byScope.get(item.scopeId);
    if (list === undefined) byScope.set(item.scopeId, [item]);
    else list.push(item);
  }
  const written: StoredSyncRow[] = [];
  const seqOfRow = new Map<RowKey, number>();
  for (const scopeId of [...byScope.keys()].sort()) {
    const items = byScope.get(scopeId) ?? [];
    const firstSeq = await allocateScopeSeqs(tx, scopeId, items.length);
    items.forEach((item, index) => {
      const seq = firstSeq + index;
      seqOfRow.set(item.key, seq);
      written.push({
        table: item.table,
        rowId: item.rowId,
        scopeId,
        seq,
        isDeleted: isDeleted(item.state),
        state: serializeState(item.state),
      });
    });
  }
  await upsertSyncRows(tx, written);
  await upsertDigests(tx, await nextDigests(tx, merged, seqOfRow));

  const log: OpLogEntry[] = accepted.map((item) => ({
    opSeq: item.op.seq,
    batchId: request.batchId,
    scopeId: rows.get(item.key)?.scopeId ?? scopeOfNewRow(newScopes.get(item.key)),
    rowSeq: seqOfRow.get(item.key) ?? 0,
    table: item.op.table,
    rowId: item.op.rowId,
    field: item.op.kind === 'set' ? item.op.field : tombstoneField,
    kind: item.op.kind,
    hlc: item.hlc,
    originalHlc: item.originalHlc,
  }));
  await insertOpLog(tx, key, log, at);
  await auditPush(tx, auth, request, log, merged, at);
  rejections.sort((a, b) => a.seq - b.seq);
  await insertRejections(tx, key, rejections, at);

  return { rejections, conflicts, clamped };
}

/** The stored rows the candidates name, by row key. */
/**
 * On a row written once: a field the server does not hold yet (a new row's fields may come over
 * several batches). Any other change, and any delete or undelete, is refused.
 */
function isFirstWrite(stored: StoredSyncRow, op: PushOp): boolean {
  if (op.kind !== 'set' || stored.isDeleted) return false;
  return !Object.hasOwn(parseState(stored.state).versions, op.field);
}

async function loadRows(tx: Queryable, candidates: readonly Candidate[]): Promise<Map<RowKey, StoredSyncRow>> {
  const idsByTable = new Map<string, Set<string>>();
  for (const { op } of candidates) {
    const ids = idsByTable.get(op.table);
    if (ids === undefined) idsByTable.set(op.table, new Set([op.rowId]));
    else ids.add(op.rowId);
  }
  const rows = new Map<RowKey, StoredSyncRow>();
  for (const [table, ids] of idsByTable) {
    for (const row of await findSyncRows(tx, table, [...ids])) rows.set(rowKey(table, row.rowId), row);
  }
  return rows;
}

/**
 * The centre of each row the server does not have: the value of the request's first `set` of the
 * entity's scope field on that row. It must be a centre that exists and where the actor may access
 * the entity's rows (server data, read at this request: the centres served, and the role for
 * restricted rows).
 */
async function newRowScopes(
  tx: Queryable,
  actor: Actor,
  candidates: readonly Candidate[],
  rows: ReadonlyMap<RowKey, StoredSyncRow>,
): Promise<Map<RowKey, NewRowScope>> {
  const scopeOps = new Map<RowKey, { op: PushOp & { kind: 'set' }; entity: AnySyncedEntity }>();
  for (const { op, entity, key } of candidates) {
    if (rows.has(key) || scopeOps.has(key) || op.kind !== 'set' || op.field !== entity.scopeField) continue;
    scopeOps.set(key, { op, entity });
  }
  const values = [...scopeOps.values()].flatMap(({ op }) => (typeof op.value === 'string' ? [op.value] : []));
  const existing = await existingCentreIds(tx, [...new Set(values)]);
  const scopes = new Map<RowKey, NewRowScope>();
  for (const [key, { op, entity }] of scopeOps) {
    const checked = entity.fields[op.field]?.safeParse(op.value);
    if (!checked?.success || typeof op.value !== 'string') {
      scopes.set(key, {
        kind: 'invalid',
        seq: op.seq,
        messageKey: checked?.error?.issues[0]?.message ?? 'errors.invalid',
      });
    } else if (!canAccessRow(actor, accessOf(entity), op.value)) {
      scopes.set(key, { kind: 'forbidden', scopeId: op.value });
    } else if (!existing.has(op.value)) {
      // Only an administrator gets here (anyone else serves existing centres only).
      scopes.set(key, { kind: 'invalid', seq: op.seq, messageKey: 'errors.centreUnknown' });
    } else {
      scopes.set(key, { kind: 'ok', scopeId: op.value });
    }
  }
  return scopes;
}

/** The scopes this push may write: those of stored rows the actor may access, and valid new rows'. */
function writableScopes(
  actor: Actor,
  rows: ReadonlyMap<RowKey, StoredSyncRow>,
  newScopes: ReadonlyMap<RowKey, NewRowScope>,
): Set<string> {
  const scopes = new Set<string>();
  for (const row of rows.values()) {
    const entity = syncedEntity(row.table);
    if (entity !== undefined && canAccessRow(actor, accessOf(entity), row.scopeId)) scopes.add(row.scopeId);
  }
  for (const [key, scope] of newScopes) if (!rows.has(key) && scope.kind === 'ok') scopes.add(scope.scopeId);
  return scopes;
}

function scopeOfNewRow(scope: NewRowScope | undefined): string {
  if (scope?.kind !== 'ok') throw new Error('an op was accepted on a new row without a scope');
  return scope.scopeId;
}

/** A row refused as `forbidden`, for its audit event (ids and the access class, never values). */
type ForbiddenRow = { table: string; rowId: string; centreId: string; access: RowAccess; ops: number };

function noteForbidden(rows: Map<RowKey, ForbiddenRow>, op: PushOp, entity: AnySyncedEntity, centreId: string): void {
  const key = rowKey(op.table, op.rowId);
  const noted = rows.get(key);
  if (noted === undefined)
    rows.set(key, { table: op.table, rowId: op.rowId, centreId, access: accessOf(entity), ops: 1 });
  else noted.ops += 1;
}

/**
 * An op stamped more than 5 minutes in the server's future gets the server's time (same replica);
 * the original is kept for the op log and the client's clock warning.
 */
function clampedStamp(hlc: string, serverNow: number): { hlc: string; originalHlc: string | null } {
  const parsed = parseHlc(hlc);
  if (!parsed.ok) throw new RangeError(`not an HLC timestamp: ${hlc}`);
  const result = clampFuture(parsed.value, serverNow);
  return result.wasClamped ? { hlc: formatHlc(result.hlc), originalHlc: hlc } : { hlc, originalHlc: null };
}

function toRecordOp(op: PushOp, hlc: string): RecordOp {
  const { replicaId } = versionFromHlc(hlc);
  const base = {
    hlc,
    replicaId,
    baseVersion: op.baseVersion === null ? null : versionFromHlc(op.baseVersion),
    ...(op.resolves === undefined ? {} : { resolves: op.resolves.map(versionFromHlc) }),
  };
  switch (op.kind) {
    case 'set':
      return { ...base, kind: 'set', field: op.field, value: op.value };
    case 'delete': {
      const seenVersions: Record<string, FieldVersion[]> = {};
      for (const [field, versions] of Object.entries(op.seenVersions))
        seenVersions[field] = versions.map(versionFromHlc);
      return { ...base, kind: 'delete', seenVersions };
    }
    case 'undelete':
      return { ...base, kind: 'undelete' };
  }
}

/** A conflict's identity across merges: the same losing head on the same field. */
function conflictKey(conflict: Conflict): string {
  return `${conflict.kind}|${conflict.field}|${conflict.losingVersion.hlc}|${conflict.losingVersion.replicaId}`;
}

/** The digests of the touched (scope, table) pairs once every changed row has its new seq. */
async function nextDigests(
  tx: Queryable,
  merged: readonly { key: RowKey; table: string; rowId: string; scopeId: string; previous?: StoredSyncRow }[],
  seqOfRow: ReadonlyMap<RowKey, number>,
): Promise<ScopeTableDigest[]> {
  const scopeIds = [...new Set(merged.map((item) => item.scopeId))];
  const digests = new Map<string, ScopeTableDigest>();
  for (const digest of await listDigests(tx, scopeIds)) digests.set(`${digest.scopeId}/${digest.table}`, digest);
  const touched = new Set<string>();
  for (const item of merged) {
    const pair = `${item.scopeId}/${item.table}`;
    touched.add(pair);
    const current = digests.get(pair) ?? { scopeId: item.scopeId, table: item.table, ...emptyDigest };
    const next = updateDigest(current, item.rowId, item.previous?.seq ?? null, seqOfRow.get(item.key) ?? null);
    digests.set(pair, { ...current, ...next });
  }
  return [...touched].flatMap((pair) => {
    const digest = digests.get(pair);
    return digest === undefined ? [] : [digest];
  });
}

function toWireRejection(rejection: StoredRejection): Rejection {
  return {
    seq: rejection.seq,
    table: rejection.table,
    rowId: rejection.rowId,
    field: rejection.field,
    reason: rejectionReasonSchema.parse(rejection.reason),
    ...(rejection.messageKey === null ? {} : { messageKey: rejection.messageKey }),
  };
}

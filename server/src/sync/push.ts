/**
 * `POST /api/sync/push` (docs/sync-protocol.md, "Push"): applies a replica outbox's ops exactly
 * once, in one database transaction:
 *
 * 1. lock the outbox (device, user, outboxId); a `fromSeq` beyond its last applied seq + 1 is a
 *    gap: answer it without applying anything;
 * 2. skip ops already applied (a retry after a lost response): their rejections and clamps are
 *    read back, so the retry gets the same answer;
 * 3. lock the rows the ops name (new ones too: two pushes creating one row id never both write
 *    it), read them and what admission needs (new rows' centres, parents of derived ids, the
 *    counsellor of a signed file), lock the scopes written and read the rows again
 *    (`lockAndReadRows`, pushRows.ts);
 * 4. admit each op (shared/sync/admission.ts, one pure function: replica, table, field, scope,
 *    role, written once, scope change, value); a refused op is acknowledged and stored as a
 *    rejection: the queue never blocks;
 * 5. merge each row's admitted ops (`mergeRecord`, pushMerge.ts), then apply the rules across each
 *    touched file's records (shared/sync/fileRules.ts, `mergeUnderRules` in pushRules.ts): a break
 *    the writer made on what it had seen is refused (`rule`); one that appeared by merging a
 *    colleague's unseen change is put back for review by a server-authored write (a conflict on
 *    the field), or kept as a fact;
 * 6. give each changed row the next seq of its scope, update the digests, log the ops, store the
 *    rejections, advance the outbox; commit.
 */
import type { RowAccess } from '../../../shared/auth/restricted';
import { canAccessRow } from '../../../shared/auth/restricted';
import { emptyDigest, updateDigest } from '../../../shared/sync/digest';
import { admitOp, type AdmissionActor } from '../../../shared/sync/admission';
import { accessOf, fileIdOf, syncedEntity } from '../../../shared/sync/entities';
import { clampFuture, formatHlc, formatReplicaId, parseHlc } from '../../../shared/sync/hlc';
import { isDeleted, tombstoneField } from '../../../shared/sync/merge';
import { rejectionReasonSchema } from '../../../shared/sync/protocol';
import type { PushOp, PushRequest, PushResponse, Rejection, RejectionReason } from '../../../shared/sync/protocol';
import { auditPush } from '../audit/syncAudit';
import type { Authenticated } from '../auth/authenticate';
import type { ServerContext } from '../context';
import {
  allocateScopeSeqs,
  inTransaction,
  insertAuditEvent,
  insertOpLog,
  insertRejections,
  listClampedSeqs,
  listDigests,
  listRejections,
  lockOutbox,
  setOutboxApplied,
  touchDeviceSync,
  upsertDigests,
  upsertSyncRows,
} from '../db';
import type { OpLogEntry, OutboxKey, Queryable, ScopeTableDigest, StoredRejection, StoredSyncRow } from '../db';
import { openedConflicts, type Accepted, type MergedRow, type OpenedConflict } from './pushMerge';
import { claimedCentreOf, lockAndReadRows, rowContext, rowKey, type PushRows, type RowKey } from './pushRows';
import { mergeUnderRules } from './pushRules';
import { serializeState } from './state';

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
  conflicts: OpenedConflict[];
  clamped: number[];
};

const emptyOutcome = (): Outcome => ({ rejections: [], conflicts: [], clamped: [] });

/** Steps 3 to 6 on the ops not applied yet. */
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
  const replicaId = formatReplicaId(auth.deviceId, actor.userId);

  // 3. The rows (locked, existing or not), and those admission needs: the parents of derived ids.
  const read = await lockAndReadRows(tx, actor, ops);

  // 4. Admission, op by op; each row refused as forbidden is audited.
  const admitted = admitOps(ops, read, admissionActorOf(auth, replicaId), now.getTime());
  await auditForbidden(tx, auth, request, admitted.forbidden, at);

  // 5. Merge per row, in the order the replica made its ops; then the rules across each file.
  const { accepted, merged, refused } = await mergeUnderRules(
    tx,
    admitted.accepted,
    read.rows,
    request,
    replicaId,
    actor.userId,
  );

  // 6. The rows with their new seqs and the digests, the op log, the audit, the rejections.
  const seqOfRow = await storeRows(tx, merged);
  const log = opLogOf(accepted, request, seqOfRow);
  await insertOpLog(tx, key, log, at);
  await auditPush(tx, auth, request, log, merged, at);
  const rejections = [
    ...admitted.rejections,
    ...refused.map(({ op, messageKey }) => rejectionOf(op, 'rule', messageKey)),
  ].sort((a, b) => a.seq - b.seq);
  await insertRejections(tx, key, rejections, at);

  return { rejections, conflicts: openedConflicts(merged), clamped: admitted.clamped };
}

/** The writer as admission knows it: the server's own data at this request, never the client's. */
function admissionActorOf(auth: Authenticated, replicaId: string): AdmissionActor {
  const { actor } = auth;
  return {
    userId: actor.userId,
    role: actor.role,
    displayName: auth.user.displayName,
    replicaId,
    canAccessRow: (access, scopeId) => canAccessRow(actor, access, scopeId),
  };
}

/** A row refused as `forbidden`, for its audit event (ids and the access class, never values). */
type ForbiddenRow = { table: string; rowId: string; centreId: string; access: RowAccess; ops: number };

/** What admission made of the ops: those accepted (with their stamps), the clamped, the refused. */
type Admitted = {
  accepted: Accepted[];
  /** The seqs of accepted ops whose timestamp was clamped. */
  clamped: number[];
  rejections: StoredRejection[];
  /** The rows refused as `forbidden`, once each. */
  forbidden: ForbiddenRow[];
};

/** Step 4: each op admitted (its value as checked, its stamp clamped) or refused. */
function admitOps(ops: readonly PushOp[], read: PushRows, actor: AdmissionActor, serverNow: number): Admitted {
  const accepted: Accepted[] = [];
  const clamped: number[] = [];
  const rejections: StoredRejection[] = [];
  const forbiddenRows = new Map<RowKey, ForbiddenRow>();
  for (const op of ops) {
    const admitted = admitOp(op, { actor, ...rowContext(op, read) });
    if (!admitted.ok) {
      const { reason, messageKey } = admitted.error;
      if (reason === 'forbidden') noteForbidden(forbiddenRows, op, claimedCentreOf(op, read));
      rejections.push(rejectionOf(op, reason, messageKey ?? null));
      continue;
    }
    const { entity, scopeId, storedValue } = admitted.value;
    const admittedOp: PushOp = op.kind === 'set' && storedValue !== undefined ? { ...op, value: storedValue } : op;
    const stamp = clampedStamp(op.hlc, serverNow);
    if (stamp.originalHlc !== null) clamped.push(op.seq);
    accepted.push({ op: admittedOp, entity, key: rowKey(op.table, op.rowId), scopeId, ...stamp });
  }
  return { accepted, clamped, rejections, forbidden: [...forbiddenRows.values()] };
}

function noteForbidden(rows: Map<RowKey, ForbiddenRow>, op: PushOp, centreId: string): void {
  const key = rowKey(op.table, op.rowId);
  const noted = rows.get(key);
  const entity = syncedEntity(op.table);
  if (noted === undefined)
    rows.set(key, { table: op.table, rowId: op.rowId, centreId, access: entity ? accessOf(entity) : 'centre', ops: 1 });
  else noted.ops += 1;
}

/** One `sync-forbidden` audit event per row refused as `forbidden`. */
async function auditForbidden(
  tx: Queryable,
  auth: Authenticated,
  request: PushRequest,
  forbidden: readonly ForbiddenRow[],
  at: string,
): Promise<void> {
  for (const row of forbidden) {
    // Ids only, never values: the trail records the attempt, not the data.
    await insertAuditEvent(tx, {
      at,
      type: 'sync-forbidden',
      outcome: 'forbidden',
      actorUserId: auth.actor.userId,
      deviceId: auth.deviceId,
      detail: { ...row, outboxId: request.outboxId, batchId: request.batchId },
    });
  }
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

/**
 * Step 6: each merged row written with the next seq of its scope — scopes in id order, rows in
 * the order they were first touched — and the digests of the (scope, table) pairs it touched.
 */
async function storeRows(tx: Queryable, merged: readonly MergedRow[]): Promise<Map<RowKey, number>> {
  const byScope = new Map<string, MergedRow[]>();
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
        fileId: fileIdOf(item.table, item.rowId, item.state.record),
      });
    });
  }
  await upsertSyncRows(tx, written);
  await upsertDigests(tx, await nextDigests(tx, merged, seqOfRow));
  return seqOfRow;
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

/** The op log of the accepted ops: one entry per op, with its row's new seq (never a value). */
function opLogOf(
  accepted: readonly Accepted[],
  request: PushRequest,
  seqOfRow: ReadonlyMap<RowKey, number>,
): OpLogEntry[] {
  return accepted.map((item) => ({
    opSeq: item.op.seq,
    batchId: request.batchId,
    scopeId: item.scopeId,
    rowSeq: seqOfRow.get(item.key) ?? 0,
    table: item.op.table,
    rowId: item.op.rowId,
    field: item.op.kind === 'set' ? item.op.field : tombstoneField,
    kind: item.op.kind,
    hlc: item.hlc,
    originalHlc: item.originalHlc,
  }));
}

/** A refused op as stored (its message key cut to the column's length). */
function rejectionOf(op: PushOp, reason: RejectionReason, messageKey: string | null = null): StoredRejection {
  return {
    seq: op.seq,
    table: op.table,
    rowId: op.rowId,
    field: op.kind === 'set' ? op.field : tombstoneField,
    reason,
    messageKey: messageKey?.slice(0, maxMessageKeyLength) ?? null,
  };
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

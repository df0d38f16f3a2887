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
 *    counsellor of a signed file), lock the scopes written and read the rows again;
 * 4. admit each op (shared/sync/admission.ts, one pure function: replica, table, field, scope,
 *    role, written once, scope change, value); a refused op is acknowledged and stored as a
 *    rejection: the queue never blocks;
 * 5. merge each row's admitted ops (`mergeRecord`), then apply the rules across each touched
 *    file's records (shared/sync/fileRules.ts): a break the writer made on what it had seen is
 *    refused (`rule`); one that appeared by merging a colleague's unseen change is put back for
 *    review by a server-authored write (a conflict on the field), or kept as a fact;
 * 6. give each changed row the next seq of its scope, update the digests, log the ops, store the
 *    rejections, advance the outbox; commit.
 */
import type { Actor } from '../../../shared/auth/authorization';
import { canAccessRow } from '../../../shared/auth/restricted';
import type { RowAccess } from '../../../shared/auth/restricted';
import { emptyDigest, updateDigest } from '../../../shared/sync/digest';
import {
  admitOp,
  derivedIds,
  serverReplicaId,
  type AdmissionActor,
  type NewRowScope,
} from '../../../shared/sync/admission';
import { accessOf, fileIdOf, syncedEntity } from '../../../shared/sync/entities';
import type { AnySyncedEntity } from '../../../shared/sync/entities';
import { fileViolations, type RowRef } from '../../../shared/sync/fileRules';
import { clampFuture, formatHlc, formatReplicaId, initialHlcState, parseHlc, tick } from '../../../shared/sync/hlc';
import { emptyRecordState, isDeleted, mergeRecord, openConflicts, tombstoneField } from '../../../shared/sync/merge';
import type { Conflict, FieldVersion, JsonRecord, RecordOp, RecordState } from '../../../shared/sync/merge';
import { rejectionReasonSchema, versionFromHlc } from '../../../shared/sync/protocol';
import type { PushOp, PushRequest, PushResponse, Rejection, RejectionReason } from '../../../shared/sync/protocol';
import { auditPush } from '../audit/syncAudit';
import type { Authenticated } from '../auth/authenticate';
import type { ServerContext } from '../context';
import {
  allocateScopeSeqs,
  existingCentreIds,
  findFileRows,
  findSyncRows,
  inTransaction,
  insertAuditEvent,
  insertOpLog,
  insertRejections,
  listClampedSeqs,
  listDigests,
  listRejections,
  lockOutbox,
  lockRowKeys,
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

/**
 * What the request says about a row the server does not have yet (its first `set` of the scope
 * field), with the centre it claims even when refused (for the audit of the attempt).
 */
type ClaimedScope = NewRowScope & { claimed?: string };

/** An admitted op, with the stored value (as checked) and its row's centre. */
type Accepted = {
  op: PushOp;
  entity: AnySyncedEntity;
  key: RowKey;
  scopeId: string;
  hlc: string;
  originalHlc: string | null;
};

/** A write the server makes to put a broken field back for review (see `ruleVerdicts`). */
type ServerOp = { key: RowKey; table: string; rowId: string; op: RecordOp };

/** A row after this push's merge. */
type MergedRow = {
  key: RowKey;
  table: string;
  rowId: string;
  scopeId: string;
  state: RecordState;
  previous?: StoredSyncRow;
  /** Conflicts this push opened (not open before it). */
  newConflicts: readonly Conflict[];
};

const canonicalId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Rules applied again after refusals or reviews change what is merged; then anything left is refused. */
const maxRuleRounds = 4;

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

  const replicaId = formatReplicaId(auth.deviceId, actor.userId);
  const admissionActor: AdmissionActor = {
    userId: actor.userId,
    role: actor.role,
    displayName: auth.user.displayName,
    replicaId,
    canAccessRow: (access, scopeId) => canAccessRow(actor, access, scopeId),
  };

  // 3. The rows (locked, existing or not), and those admission needs: the parents of derived ids.
  const loadable = ops.filter((op) => syncedEntity(op.table) !== undefined && canonicalId.test(op.rowId));
  const keys = new Map<RowKey, { table: string; rowId: string }>();
  for (const op of loadable) {
    keys.set(rowKey(op.table, op.rowId), { table: op.table, rowId: op.rowId });
    const derived = derivedIds[op.table];
    if (derived !== undefined)
      keys.set(rowKey(derived.parentTable, op.rowId), { table: derived.parentTable, rowId: op.rowId });
  }
  await lockRowKeys(tx, [...keys.keys()]);
  let rows = await loadRows(tx, [...keys.values()]);
  const newScopes = await newRowScopes(tx, actor, loadable, rows);
  const locked = new Set<string>();
  for (;;) {
    const needed = [...writableScopes(actor, rows, newScopes)].filter((scopeId) => !locked.has(scopeId));
    if (needed.length === 0) break;
    await lockScopes(tx, needed);
    for (const scopeId of needed) locked.add(scopeId);
    rows = await loadRows(tx, [...keys.values()]);
  }
  const counsellors = await fileCounsellors(tx, ops, rows);

  // 4. Admission, op by op.
  const serverNow = now.getTime();
  const accepted: Accepted[] = [];
  const clamped: number[] = [];
  const forbiddenRows = new Map<RowKey, ForbiddenRow>();
  for (const op of ops) {
    const row = rowKey(op.table, op.rowId);
    const stored = rows.get(row);
    const derived = derivedIds[op.table];
    const parentKey = derived === undefined ? undefined : rowKey(derived.parentTable, op.rowId);
    const parentScope = parentKey === undefined ? undefined : scopeOf(rows.get(parentKey), newScopes.get(parentKey));
    const admitted = admitOp(op, {
      actor: admissionActor,
      stored:
        stored === undefined
          ? undefined
          : { scopeId: stored.scopeId, isDeleted: stored.isDeleted, heldFields: heldFieldsOf(stored) },
      newScope: newScopes.get(row) ?? { kind: 'missing' },
      parentScopeId: parentScope,
      fileCounsellorId: counsellors.get(row) ?? '',
    });
    if (!admitted.ok) {
      const { reason, messageKey } = admitted.error;
      if (reason === 'forbidden') {
        const centreId = stored?.scopeId ?? claimedScope(newScopes.get(row));
        noteForbidden(forbiddenRows, op, op.table, centreId);
      }
      reject(op, reason, messageKey ?? null);
      continue;
    }
    const { entity, scopeId, storedValue } = admitted.value;
    const admittedOp: PushOp = op.kind === 'set' && storedValue !== undefined ? { ...op, value: storedValue } : op;
    const stamp = clampedStamp(op.hlc, serverNow);
    if (stamp.originalHlc !== null) clamped.push(op.seq);
    accepted.push({ op: admittedOp, entity, key: row, scopeId, ...stamp });
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

  // 5. Merge per row, in the order the replica made its ops; then the rules across each file.
  let merged = mergeRows(accepted, rows, []);
  const serverOps: ServerOp[] = [];
  for (let round = 0; round < maxRuleRounds; round++) {
    const verdicts = await ruleVerdicts(tx, accepted, merged, rows, request, replicaId, actor.userId, round);
    if (verdicts.length === 0) break;
    const refused = new Set<Accepted>();
    for (const verdict of verdicts) {
      for (const item of verdict.refuse) {
        if (refused.has(item)) continue;
        refused.add(item);
        reject(item.op, 'rule', verdict.messageKey);
      }
      serverOps.push(...verdict.revert);
    }
    for (let index = accepted.length - 1; index >= 0; index--) {
      const item = accepted[index];
      if (item !== undefined && refused.has(item)) accepted.splice(index, 1);
    }
    merged = mergeRows(accepted, rows, serverOps);
  }
  const conflicts: Outcome['conflicts'] = [];
  for (const item of merged) {
    const reported = new Set<string>();
    for (const conflict of item.newConflicts) {
      if (reported.has(conflict.field)) continue;
      reported.add(conflict.field);
      conflicts.push({ table: item.table, rowId: item.rowId, field: conflict.field });
    }
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
        fileId: fileIdOf(item.table, item.rowId, item.state.record),
      });
    });
  }
  await upsertSyncRows(tx, written);
  await upsertDigests(tx, await nextDigests(tx, merged, seqOfRow));

  const log: OpLogEntry[] = accepted.map((item) => ({
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
  await insertOpLog(tx, key, log, at);
  await auditPush(tx, auth, request, log, merged, at);
  rejections.sort((a, b) => a.seq - b.seq);
  await insertRejections(tx, key, rejections, at);

  return { rejections, conflicts, clamped };
}

/** The fields the server holds a version of (a row written once takes only the others). */
function heldFieldsOf(stored: StoredSyncRow): Set<string> {
  return new Set(Object.keys(parseState(stored.state).versions));
}

/** The stored rows named, by row key. */
async function loadRows(
  tx: Queryable,
  named: readonly { table: string; rowId: string }[],
): Promise<Map<RowKey, StoredSyncRow>> {
  const idsByTable = new Map<string, Set<string>>();
  for (const { table, rowId } of named) {
    const ids = idsByTable.get(table);
    if (ids === undefined) idsByTable.set(table, new Set([rowId]));
    else ids.add(rowId);
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
  ops: readonly PushOp[],
  rows: ReadonlyMap<RowKey, StoredSyncRow>,
): Promise<Map<RowKey, ClaimedScope>> {
  const scopeOps = new Map<RowKey, { op: PushOp & { kind: 'set' }; entity: AnySyncedEntity }>();
  for (const op of ops) {
    const entity = syncedEntity(op.table);
    const key = rowKey(op.table, op.rowId);
    if (
      entity === undefined ||
      rows.has(key) ||
      scopeOps.has(key) ||
      op.kind !== 'set' ||
      op.field !== entity.scopeField
    )
      continue;
    scopeOps.set(key, { op, entity });
  }
  const values = [...scopeOps.values()].flatMap(({ op }) => (typeof op.value === 'string' ? [op.value] : []));
  const existing = await existingCentreIds(tx, [...new Set(values)]);
  const scopes = new Map<RowKey, ClaimedScope>();
  for (const [key, { op, entity }] of scopeOps) {
    const checked = entity.fields[op.field]?.safeParse(op.value);
    if (!checked?.success || typeof op.value !== 'string') {
      scopes.set(key, {
        kind: 'invalid',
        seq: op.seq,
        messageKey: checked?.error?.issues[0]?.message ?? 'errors.invalid',
      });
    } else if (!canAccessRow(actor, accessOf(entity), op.value)) {
      scopes.set(key, { kind: 'forbidden', claimed: op.value });
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
  newScopes: ReadonlyMap<RowKey, ClaimedScope>,
): Set<string> {
  const scopes = new Set<string>();
  for (const row of rows.values()) {
    const entity = syncedEntity(row.table);
    if (entity !== undefined && canAccessRow(actor, accessOf(entity), row.scopeId)) scopes.add(row.scopeId);
  }
  for (const [key, scope] of newScopes) if (!rows.has(key) && scope.kind === 'ok') scopes.add(scope.scopeId);
  return scopes;
}

/** A row's centre: stored, or set by this push for a new row; undefined when neither. */
function scopeOf(stored: StoredSyncRow | undefined, scope: ClaimedScope | undefined): string | undefined {
  if (stored !== undefined) return stored.scopeId;
  return scope?.kind === 'ok' ? scope.scopeId : undefined;
}

function claimedScope(scope: ClaimedScope | undefined): string {
  return scope?.kind === 'ok' ? scope.scopeId : (scope?.claimed ?? '');
}

/**
 * For the signed receipts among the ops: the counsellor who follows each one's file
 * (`beneficiaries.followedById`, as the server holds it or as this push sets it), by row key.
 */
async function fileCounsellors(
  tx: Queryable,
  ops: readonly PushOp[],
  rows: ReadonlyMap<RowKey, StoredSyncRow>,
): Promise<Map<RowKey, string>> {
  const personOf = new Map<RowKey, string>();
  for (const op of ops) {
    if (op.table !== 'handoverReceipts') continue;
    const key = rowKey(op.table, op.rowId);
    const stored = rows.get(key);
    const storedPerson = stored === undefined ? undefined : parseState(stored.state).record.beneficiaryId;
    if (typeof storedPerson === 'string') personOf.set(key, storedPerson);
    else if (op.kind === 'set' && op.field === 'beneficiaryId' && typeof op.value === 'string')
      personOf.set(key, op.value);
  }
  if (personOf.size === 0) return new Map();
  const people = await findSyncRows(tx, 'beneficiaries', [...new Set(personOf.values())]);
  const textOf = (value: unknown) => (typeof value === 'string' ? value : '');
  const followedBy = new Map(
    people.map((person) => [person.rowId, textOf(parseState(person.state).record.followedById)]),
  );
  for (const op of ops) {
    if (op.table === 'beneficiaries' && op.kind === 'set' && op.field === 'followedById' && !followedBy.has(op.rowId))
      followedBy.set(op.rowId, textOf(op.value));
  }
  // A receipt whose person is nowhere yet has no counsellor: only a coordinator may sign it.
  const counsellors = new Map<RowKey, string>();
  for (const [key, personId] of personOf) counsellors.set(key, followedBy.get(personId) ?? '');
  // Every op of a receipt row needs it, including those before its `beneficiaryId`.
  return counsellors;
}

/**
 * Each row's admitted ops merged (in the order the replica made them) into its stored state, with
 * the server's own writes after them.
 */
function mergeRows(
  accepted: readonly Accepted[],
  rows: ReadonlyMap<RowKey, StoredSyncRow>,
  serverOps: readonly ServerOp[],
): MergedRow[] {
  const byRow = new Map<RowKey, { table: string; rowId: string; scopeId: string; ops: RecordOp[] }>();
  const touch = (key: RowKey, table: string, rowId: string, scopeId: string) => {
    const known = byRow.get(key);
    if (known !== undefined) return known;
    const created = { table, rowId, scopeId, ops: [] as RecordOp[] };
    byRow.set(key, created);
    return created;
  };
  for (const item of accepted)
    touch(item.key, item.op.table, item.op.rowId, item.scopeId).ops.push(toRecordOp(item.op, item.hlc));
  for (const server of serverOps) {
    const scopeId = rows.get(server.key)?.scopeId ?? byRow.get(server.key)?.scopeId;
    if (scopeId !== undefined) touch(server.key, server.table, server.rowId, scopeId).ops.push(server.op);
  }
  const merged: MergedRow[] = [];
  for (const [key, { table, rowId, scopeId, ops }] of byRow) {
    const entity = syncedEntity(table);
    if (entity === undefined || ops.length === 0) continue;
    const stored = rows.get(key);
    const options = { entity: table, entityId: rowId, reviewFields: entity.reviewFields };
    const before: RecordState = stored === undefined ? emptyRecordState() : parseState(stored.state);
    const openBefore = new Set(openConflicts(before, options).map(conflictKey));
    const result = mergeRecord(before, ops, options);
    const { record, versions, siblings, tombstone } = result;
    merged.push({
      key,
      table,
      rowId,
      scopeId: stored?.scopeId ?? scopeId,
      state: { record, versions, siblings, tombstone },
      ...(stored === undefined ? {} : { previous: stored }),
      newConflicts: result.conflicts.filter((conflict) => !openBefore.has(conflictKey(conflict))),
    });
  }
  return merged;
}

/** What to do with the writes breaking one rule: refuse these ops, and/or put fields back. */
type Verdict = { messageKey: string; refuse: Accepted[]; revert: ServerOp[] };

/** The tables whose writes the rules across a file's records judge. */
const ruledTables = new Set([
  'beneficiaries',
  'stageChanges',
  'incomeProjects',
  'equipmentLines',
  'fundingShares',
  'ceremonyLines',
  'handoverReceipts',
]);

/**
 * The rules across records (shared/sync/fileRules.ts) on each file this push touched, and the
 * verdict on each break: refused when the writer had seen every record the rule read as it now is
 * (its pull cursors, or a record only it wrote); otherwise put back for review — a server-authored
 * write of the value before the push, concurrent with the writer's, so that both show in *À
 * vérifier* (a field that is not a review field cannot show both: its write is refused instead),
 * or, for a fact (a signature, a move made with the person), accepted.
 *
 * A writer may claim to have seen less than it did: that only turns a refusal into a review, and a
 * review never lets the broken value win (the field goes back), nor a kept fact count for more
 * than its own record.
 */
async function ruleVerdicts(
  tx: Queryable,
  accepted: readonly Accepted[],
  merged: readonly MergedRow[],
  rows: ReadonlyMap<RowKey, StoredSyncRow>,
  request: PushRequest,
  replicaId: string,
  writerId: string,
  round: number,
): Promise<Verdict[]> {
  const written = new Map<string, Set<string>>();
  const opsOf = new Map<RowKey, Accepted[]>();
  const fileIds = new Set<string>();
  const mergedByKey = new Map(merged.map((item) => [item.key, item]));
  for (const item of accepted) {
    if (!ruledTables.has(item.op.table)) continue;
    const field = item.op.kind === 'set' ? item.op.field : tombstoneField;
    if (item.op.table === 'beneficiaries' && field !== 'stage') continue;
    const fields = written.get(item.key) ?? new Set<string>();
    fields.add(field);
    written.set(item.key, fields);
    opsOf.set(item.key, [...(opsOf.get(item.key) ?? []), item]);
    const state =
      mergedByKey.get(item.key)?.state ?? (rows.get(item.key) && parseState(rows.get(item.key)?.state ?? '{}'));
    const fileId = fileIdOf(item.op.table, item.op.rowId, state?.record ?? {});
    if (fileId !== null) fileIds.add(fileId);
  }
  if (fileIds.size === 0) return [];

  const storedRows = await findFileRows(tx, [...fileIds]);
  const storedByKey = new Map(storedRows.map((row) => [rowKey(row.table, row.rowId), row]));
  const cursors = new Map((request.seen ?? []).map((cursor) => [`${cursor.scope}/${cursor.table}`, cursor.seq]));
  const isSeen = (ref: RowRef): boolean => {
    const key = rowKey(ref.table, ref.rowId);
    if (written.has(key)) return true;
    const stored = storedByKey.get(key) ?? rows.get(key);
    if (stored === undefined) return true;
    if (stored.seq <= (cursors.get(`${stored.scopeId}/${stored.table}`) ?? 0)) return true;
    // A row only this replica wrote is known to it, cursors or not.
    return Object.values(parseState(stored.state).versions).every((version) => version.replicaId === replicaId);
  };

  const verdicts: Verdict[] = [];
  for (const fileId of fileIds) {
    const before = new Map<string, Map<string, JsonRecord>>();
    const after = new Map<string, Map<string, JsonRecord>>();
    const put = (
      view: Map<string, Map<string, JsonRecord>>,
      table: string,
      rowId: string,
      record: JsonRecord | null,
    ) => {
      const byId = view.get(table) ?? new Map<string, JsonRecord>();
      if (record === null) byId.delete(rowId);
      else byId.set(rowId, record);
      view.set(table, byId);
    };
    for (const row of storedRows) {
      if (row.fileId !== fileId || row.isDeleted) continue;
      const { record } = parseState(row.state);
      put(before, row.table, row.rowId, record);
      put(after, row.table, row.rowId, record);
    }
    for (const item of merged) {
      if (fileIdOf(item.table, item.rowId, item.state.record) !== fileId) continue;
      put(after, item.table, item.rowId, isDeleted(item.state) ? null : item.state.record);
    }
    const ceremonyIds = new Set<string>();
    for (const view of [before, after])
      for (const table of ['ceremonyLines', 'handoverReceipts'])
        for (const record of view.get(table)?.values() ?? [])
          if (typeof record.ceremonyId === 'string') ceremonyIds.add(record.ceremonyId);
    const ceremonies = new Map<string, JsonRecord>();
    for (const row of await findSyncRows(tx, 'ceremonies', [...ceremonyIds])) {
      storedByKey.set(rowKey('ceremonies', row.rowId), row);
      ceremonies.set(row.rowId, parseState(row.state).record);
    }
    for (const item of merged) if (item.table === 'ceremonies') ceremonies.set(item.rowId, item.state.record);

    const violations = fileViolations({ before, after, written, ceremonies, writerId });
    for (const violation of violations) {
      const atKey = rowKey(violation.at.table, violation.at.rowId);
      const breaking = (opsOf.get(atKey) ?? []).filter((item) =>
        violation.at.fields.includes(item.op.kind === 'set' ? item.op.field : tombstoneField),
      );
      if (breaking.length === 0) continue;
      const isOwn = violation.reads.every(isSeen);
      // After a first round, whatever still breaks a rule is refused: reviews never pile up.
      if (isOwn || round > 0) {
        verdicts.push({ messageKey: violation.messageKey, refuse: breaking, revert: [] });
        continue;
      }
      if (violation.onReview === 'accept') continue;
      verdicts.push(reviewOf(violation.messageKey, atKey, breaking, rows.get(atKey), mergedByKey.get(atKey)));
    }
  }
  return verdicts;
}

/**
 * Puts a broken write back for review: each review field to its value before the push, by a
 * server write concurrent with the writer's (both show in *À vérifier*); a new row deleted the
 * same way. A field that is not a review field could not show both sides: its write is refused.
 */
function reviewOf(
  messageKey: string,
  key: RowKey,
  breaking: readonly Accepted[],
  stored: StoredSyncRow | undefined,
  merged: MergedRow | undefined,
): Verdict {
  const first = breaking[0];
  if (first === undefined || merged === undefined) return { messageKey, refuse: [...breaking], revert: [] };
  const { table, rowId } = first.op;
  const stamp = serverStamp(merged.state);
  if (stored === undefined)
    return {
      messageKey,
      refuse: [],
      revert: [
        {
          key,
          table,
          rowId,
          op: { kind: 'delete', hlc: stamp, replicaId: serverReplicaId, baseVersion: null, seenVersions: {} },
        },
      ],
    };
  const before = parseState(stored.state);
  const reviewFields = new Set<string>(first.entity.reviewFields);
  const refuse: Accepted[] = [];
  const revert: ServerOp[] = [];
  const reverted = new Set<string>();
  for (const item of breaking) {
    const field = item.op.kind === 'set' ? item.op.field : tombstoneField;
    const previous = before.record[field];
    if (item.op.kind !== 'set' || !reviewFields.has(field) || previous === undefined) {
      refuse.push(item);
      continue;
    }
    if (reverted.has(field)) continue;
    reverted.add(field);
    revert.push({
      key,
      table,
      rowId,
      op: { kind: 'set', field, value: previous, hlc: stamp, replicaId: serverReplicaId, baseVersion: null },
    });
  }
  return { messageKey, refuse, revert };
}

/** A server timestamp after every version of the row: its write is the provisional winner. */
function serverStamp(state: RecordState): string {
  let latest = initialHlcState(serverReplicaId);
  for (const version of [...Object.values(state.versions), ...state.tombstone.map((head) => head.version)]) {
    const parsed = parseHlc(version.hlc);
    if (
      parsed.ok &&
      (parsed.value.wall > latest.wall || (parsed.value.wall === latest.wall && parsed.value.counter > latest.counter))
    )
      latest = { ...parsed.value, replicaId: serverReplicaId };
  }
  return formatHlc(tick(latest, Date.now()));
}

/** A row refused as `forbidden`, for its audit event (ids and the access class, never values). */
type ForbiddenRow = { table: string; rowId: string; centreId: string; access: RowAccess; ops: number };

function noteForbidden(rows: Map<RowKey, ForbiddenRow>, op: PushOp, table: string, centreId: string): void {
  const key = rowKey(op.table, op.rowId);
  const noted = rows.get(key);
  const entity = syncedEntity(table);
  if (noted === undefined)
    rows.set(key, { table: op.table, rowId: op.rowId, centreId, access: entity ? accessOf(entity) : 'centre', ops: 1 });
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

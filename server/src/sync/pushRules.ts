/**
 * The rules across a file's records on a push (server/src/sync/push.ts, step 5; docs/sync-protocol.md,
 * "Rules across a file's records"): the admitted ops are merged, each touched file is checked
 * before and after (`fileViolations`, shared/sync/fileRules.ts), and each break is refused (`rule`),
 * put back for review by a server-authored write, or kept as a fact — then merged again, until
 * nothing breaks or the rounds run out (whatever still breaks then is refused).
 */
import { serverReplicaId } from '../../../shared/sync/admission';
import { fileIdOf } from '../../../shared/sync/entities';
import { fileViolations, type RowRef } from '../../../shared/sync/fileRules';
import { formatHlc, initialHlcState, parseHlc, tick } from '../../../shared/sync/hlc';
import { isDeleted, tombstoneField } from '../../../shared/sync/merge';
import type { JsonRecord, RecordState } from '../../../shared/sync/merge';
import type { PushOp, PushRequest } from '../../../shared/sync/protocol';
import { findFileRows, findSyncRows } from '../db';
import type { Queryable, StoredSyncRow } from '../db';
import { mergeRows, type Accepted, type MergedRow, type ServerOp } from './pushMerge';
import { rowKey, type RowKey } from './pushRows';
import { parseState } from './state';

/** Rules applied again after refusals or reviews change what is merged; then anything left is refused. */
const maxRuleRounds = 4;

/** An op the rules refused, with the message key of the rule it broke. */
export type RuleRefusal = { op: PushOp; messageKey: string };

/** The push merged under the rules: the ops still accepted, the rows as merged, the ops refused. */
export type RuledMerge = { accepted: Accepted[]; merged: MergedRow[]; refused: RuleRefusal[] };

/**
 * Merges the admitted ops (`mergeRows`) and applies the rules across each touched file, round by
 * round: refused ops leave the merge, reviews add the server's writes, and the rows are merged
 * again.
 */
export async function mergeUnderRules(
  tx: Queryable,
  admitted: readonly Accepted[],
  rows: ReadonlyMap<RowKey, StoredSyncRow>,
  request: PushRequest,
  replicaId: string,
  writerId: string,
): Promise<RuledMerge> {
  const accepted = [...admitted];
  const refusals: RuleRefusal[] = [];
  let merged = mergeRows(accepted, rows, []);
  const serverOps: ServerOp[] = [];
  for (let round = 0; round < maxRuleRounds; round++) {
    const verdicts = await ruleVerdicts(tx, accepted, merged, rows, request, replicaId, writerId, round);
    if (verdicts.length === 0) break;
    const refused = new Set<Accepted>();
    for (const verdict of verdicts) {
      for (const item of verdict.refuse) {
        if (refused.has(item)) continue;
        refused.add(item);
        refusals.push({ op: item.op, messageKey: verdict.messageKey });
      }
      serverOps.push(...verdict.revert);
    }
    for (let index = accepted.length - 1; index >= 0; index--) {
      const item = accepted[index];
      if (item !== undefined && refused.has(item)) accepted.splice(index, 1);
    }
    merged = mergeRows(accepted, rows, serverOps);
  }
  return { accepted, merged, refused: refusals };
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

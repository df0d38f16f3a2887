/**
 * The merge of a push (server/src/sync/push.ts, step 5): each row's admitted ops, in the order
 * the replica made them, merged into its stored state (`mergeRecord`), with the server's own
 * writes after them (a field put back for review, server/src/sync/pushRules.ts). Pure: the rows
 * were read before, the merged rows are written after.
 */
import { syncedEntity, type AnySyncedEntity } from '../../../shared/sync/entities';
import { emptyRecordState, mergeRecord, openConflicts } from '../../../shared/sync/merge';
import type { Conflict, FieldVersion, RecordOp, RecordState } from '../../../shared/sync/merge';
import { versionFromHlc } from '../../../shared/sync/protocol';
import type { PushOp } from '../../../shared/sync/protocol';
import type { StoredSyncRow } from '../db';
import type { RowKey } from './pushRows';
import { parseState } from './state';

/** An admitted op, with the stored value (as checked) and its row's centre. */
export type Accepted = {
  op: PushOp;
  entity: AnySyncedEntity;
  key: RowKey;
  scopeId: string;
  hlc: string;
  originalHlc: string | null;
};

/** A write the server makes to put a broken field back for review (see `ruleVerdicts`). */
export type ServerOp = { key: RowKey; table: string; rowId: string; op: RecordOp };

/** A row after this push's merge. */
export type MergedRow = {
  key: RowKey;
  table: string;
  rowId: string;
  scopeId: string;
  state: RecordState;
  previous?: StoredSyncRow;
  /** Conflicts this push opened (not open before it). */
  newConflicts: readonly Conflict[];
};

/** A conflict a push opened, as its answer lists it: once per field of a row. */
export type OpenedConflict = { table: string; rowId: string; field: string };

/**
 * Each row's admitted ops merged (in the order the replica made them) into its stored state, with
 * the server's own writes after them.
 */
export function mergeRows(
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

/** The conflicts the merge opened, once per field of each row. */
export function openedConflicts(merged: readonly MergedRow[]): OpenedConflict[] {
  const conflicts: OpenedConflict[] = [];
  for (const item of merged) {
    const reported = new Set<string>();
    for (const conflict of item.newConflicts) {
      if (reported.has(conflict.field)) continue;
      reported.add(conflict.field);
      conflicts.push({ table: item.table, rowId: item.rowId, field: conflict.field });
    }
  }
  return conflicts;
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

import type { ReplicaId } from './hlc';

/**
 * The field-level merge rule shared by the server and the client (docs/sync-protocol.md,
 * "Merge rule"). Pure: it takes a record's merge state and ops, and returns the new state and
 * the record's open conflicts. Storage, authorisation and validation happen around it.
 *
 * ## The rule
 *
 * Each field is merged on its own; two different fields of a record never conflict. An op on a
 * field carries its value, its timestamp and `baseVersion`, the field's version its writer had
 * last seen from the server.
 *
 * - Base equal to the field's current version: fast-forward, the op's value replaces it.
 * - Otherwise the edits were concurrent. The provisional winner is the greater version
 *   (`hlc`, then `replicaId`), whatever order ops arrive in; when the field is a review field
 *   and the values differ, a conflict is open until a person settles it.
 * - A delete concurrent with an edit: the tombstone wins provisionally and a conflict is open.
 *   Restoring is an explicit undelete.
 *
 * ## Why the state keeps the losing sides
 *
 * Replicas and the server must reach the same record, the same versions and the same open
 * conflicts whatever order ops arrive in. Recording a conflict only at the moment an op loses
 * does not achieve that: with three writers the pairs recorded depend on who arrived first, and a
 * writer's second edit would "conflict" with its own first one. So, per field, the state keeps
 * every *head*: each write that no later write has superseded. The winner is the greatest head
 * (`record`, `versions`); the others are `siblings`, and the open conflicts are derived from the
 * heads, never accumulated. The set of heads depends only on which ops were merged, not on their
 * order, which is what makes the result convergent.
 *
 * A write supersedes a head when its writer had that head in front of them:
 *
 * 1. the head is its `baseVersion` (fast-forward);
 * 2. the head was written by the same replica (same device and user): a replica's ops are
 *    delivered in the order it made them (its push sequence) and it always saw its own earlier
 *    writes. This uses delivery order, not timestamps, because the server's clamp may give two
 *    ops of one replica the same timestamp;
 * 3. the head's version is in `resolves`: the writer settled that conflict in the *À vérifier*
 *    list. Resolving is an ordinary write that also names the losing sides it closes.
 *
 * A head that no op supersedes stays, so a field has at most one head per replica that wrote
 * it concurrently. Losing sides of fields that are not review fields are kept as well (they
 * produce no conflict): dropping them would make the winner depend on arrival order when a
 * clamped timestamp sorts below the version it was based on.
 *
 * ## Preconditions (what the engine guarantees around this function)
 *
 * - Timestamps are canonical HLC strings (`parseHlc` at the edge), so comparing them as strings
 *   is comparing the clocks. `replicaId` is the writer as the server authenticated it.
 * - Ops of one replica arrive in their order, after the ops they were based on (the server
 *   applies a device's ops by sequence; a pulled base exists on the server). Merging the op that
 *   is already a head again changes nothing (it supersedes itself); re-delivering an op that a
 *   later op of its replica has since superseded would bring it back, and is prevented by the
 *   push sequence (`lastAppliedSeq`), not here.
 */

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A record's fields and their values. */
export type JsonRecord = { readonly [field: string]: JsonValue };

/** The version of a field: the timestamp of the write that produced it and its writer. */
export type FieldVersion = { readonly hlc: string; readonly replicaId: ReplicaId };

/** A write to a field that no later write has superseded. */
export type FieldHead = { readonly value: JsonValue; readonly version: FieldVersion };

/**
 * A head of the record's deletion state. A delete keeps, per field, the versions its writer had
 * in front of them (`seenVersions`): an edit it did not see was concurrent with it.
 */
export type TombstoneHead = {
  readonly isDeleted: boolean;
  readonly version: FieldVersion;
  readonly seenVersions: Readonly<Record<string, readonly FieldVersion[]>>;
};

/**
 * The pseudo-field of conflicts between a delete and a concurrent undelete. Entity fields never
 * start with `$`.
 */
export const tombstoneField = '$deleted';

type OpBase = {
  readonly hlc: string;
  readonly replicaId: ReplicaId;
  /** The version the writer last saw from the server (field version, or tombstone version); null if none. */
  readonly baseVersion: FieldVersion | null;
  /** Losing sides of open conflicts the writer settles with this write. */
  readonly resolves?: readonly FieldVersion[];
};

export type SetFieldOp = OpBase & { readonly kind: 'set'; readonly field: string; readonly value: JsonValue };

export type DeleteOp = OpBase & {
  readonly kind: 'delete';
  /**
   * Per field, every version the writer had in front of them: the field's version and the
   * losing sides of its open conflicts. Its `baseVersion` is the record's tombstone version
   * (null when the record was never deleted, the last undelete otherwise).
   */
  readonly seenVersions: Readonly<Record<string, readonly FieldVersion[]>>;
};

/** Restores a deleted record; `baseVersion` is the delete being undone. */
export type UndeleteOp = OpBase & { readonly kind: 'undelete' };

export type RecordOp = SetFieldOp | DeleteOp | UndeleteOp;

export type RecordState = {
  /** Field → winning value (also kept while the record is deleted, so an undelete restores it). */
  readonly record: JsonRecord;
  /** Field → version of the winning value. */
  readonly versions: Readonly<Record<string, FieldVersion>>;
  /** Field → the other heads, greatest first; fields without any are absent. */
  readonly siblings: Readonly<Record<string, readonly FieldHead[]>>;
  /** Heads of the deletion state, greatest first; empty for a record never deleted. */
  readonly tombstone: readonly TombstoneHead[];
};

/** A record as stored before any concurrent edit: siblings and tombstone may be left out. */
export type RecordStateInput = Pick<RecordState, 'record' | 'versions'> & Partial<RecordState>;

export type ConflictKind = 'concurrentEdit' | 'deleteVsEdit';

/**
 * An open conflict, for the *À vérifier* list. For `concurrentEdit`, two writers gave a review
 * field different values. For `deleteVsEdit`, the winning side is the delete (`winningValue`
 * null, `winningVersion` the delete's) and the losing side is an edit of `field` its writer did
 * not see, or an undelete (`field` is `tombstoneField`, `losingValue` null). With three or more
 * writers a field has one conflict per losing side.
 */
export type Conflict = {
  readonly kind: ConflictKind;
  readonly entity: string;
  readonly entityId: string;
  readonly field: string;
  readonly winningValue: JsonValue;
  readonly losingValue: JsonValue;
  readonly winningVersion: FieldVersion;
  readonly losingVersion: FieldVersion;
};

export type MergeOptions = {
  /** The entity's name (its table), copied into conflicts. */
  readonly entity: string;
  readonly entityId: string;
  /** Fields whose concurrent edits with different values need a person's decision. */
  readonly reviewFields: readonly string[] | ReadonlySet<string>;
};

export type MergeResult = RecordState & { readonly conflicts: readonly Conflict[] };

/**
 * How an entity takes part in sync. Types only: the registry of synced entities comes with the
 * engine.
 */
export type SyncedEntity<Row extends object = JsonRecord> = {
  /** The table on both sides; also the `entity` of its conflicts. */
  readonly table: string;
  /** The field naming the row's scope (its centre…): who may receive and change the row. */
  readonly scopeField: Extract<keyof Row, string>;
  /** Identity, CIN, amounts, dates of handover and visits, stage/status, signatures… */
  readonly reviewFields: readonly Extract<keyof Row, string>[];
};

/** A record no op has touched yet. */
export function emptyRecordState(): RecordState {
  return { record: {}, versions: {}, siblings: {}, tombstone: [] };
}

/** Orders versions by timestamp, then writer: the provisional winner is the greater. */
export function compareVersions(a: FieldVersion, b: FieldVersion): -1 | 0 | 1 {
  const byHlc = compareStrings(a.hlc, b.hlc);
  return byHlc !== 0 ? byHlc : compareStrings(a.replicaId, b.replicaId);
}

export function versionsEqual(a: FieldVersion | null, b: FieldVersion | null): boolean {
  if (a === null || b === null) return a === b;
  return a.hlc === b.hlc && a.replicaId === b.replicaId;
}

/** Structural equality of JSON values; object key order does not matter. */
export function jsonEquals(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (isJsonArray(a) || isJsonArray(b)) {
    if (!isJsonArray(a) || !isJsonArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => {
      const other = b[index];
      return other !== undefined && jsonEquals(item, other);
    });
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => {
    const left = a[key];
    const right = b[key];
    return left !== undefined && right !== undefined && Object.hasOwn(b, key) && jsonEquals(left, right);
  });
}

export function isDeleted(state: Pick<RecordState, 'tombstone'>): boolean {
  return state.tombstone.some((head) => head.isDeleted);
}

/**
 * Merges ops into a record, in the order given (a replica's ops in the order it made them).
 * Returns the new state and every conflict open on the record afterwards (not only the new
 * ones): the caller stores the state and replaces the record's open conflicts with these.
 */
export function mergeRecord(current: RecordStateInput, ops: readonly RecordOp[], options: MergeOptions): MergeResult {
  const fields = headsByField(current);
  let tombstone: TombstoneHead[] = [...(current.tombstone ?? [])];

  // A replica's write supersedes its own earlier heads (rule 2), so merging an op that is
  // already a head replaces it by itself: idempotent without a separate duplicate check.
  for (const op of ops) {
    const version: FieldVersion = { hlc: op.hlc, replicaId: op.replicaId };
    if (op.kind === 'set') {
      if (op.field === tombstoneField) throw new RangeError(`${tombstoneField} is not a field`);
      fields.set(op.field, withNewHead(fields.get(op.field) ?? [], op, { value: op.value, version }));
    } else {
      const seenVersions = op.kind === 'delete' ? op.seenVersions : {};
      tombstone = withNewHead(tombstone, op, { isDeleted: op.kind === 'delete', version, seenVersions });
    }
  }

  const state = stateFromHeads(current.record, fields, tombstone);
  return { ...state, conflicts: openConflicts(state, options) };
}

/**
 * The conflicts open on a record, in a fixed order (field, then losing version). While the
 * record is deleted only the delete's conflicts are listed: field conflicts of a record nobody
 * can see would be noise, and they come back if it is restored.
 */
export function openConflicts(state: RecordState, options: MergeOptions): Conflict[] {
  const { entity, entityId } = options;
  const conflicts: Conflict[] = [];
  const deletes = state.tombstone.filter((head) => head.isDeleted);
  const winningDelete = greatest(deletes);

  if (winningDelete) {
    const fieldNames = Object.keys(state.versions).sort(compareStrings);
    for (const field of fieldNames) {
      for (const head of fieldHeads(state, field)) {
        if (deletes.some((del) => hasSeen(del, field, head.version))) continue;
        conflicts.push({
          kind: 'deleteVsEdit',
          entity,
          entityId,
          field,
          winningValue: null,
          losingValue: head.value,
          winningVersion: winningDelete.version,
          losingVersion: head.version,
        });
      }
    }
    for (const undelete of state.tombstone.filter((head) => !head.isDeleted)) {
      conflicts.push({
        kind: 'deleteVsEdit',
        entity,
        entityId,
        field: tombstoneField,
        winningValue: null,
        losingValue: null,
        winningVersion: winningDelete.version,
        losingVersion: undelete.version,
      });
    }
  } else {
    const reviewFields = new Set(options.reviewFields);
    const fieldNames = Object.keys(state.siblings)
      .filter((field) => reviewFields.has(field))
      .sort(compareStrings);
    for (const field of fieldNames) {
      const winningVersion = state.versions[field];
      if (!winningVersion) continue;
      const winningValue = state.record[field] ?? null;
      for (const sibling of state.siblings[field] ?? []) {
        if (jsonEquals(sibling.value, winningValue)) continue;
        conflicts.push({
          kind: 'concurrentEdit',
          entity,
          entityId,
          field,
          winningValue,
          losingValue: sibling.value,
          winningVersion,
          losingVersion: sibling.version,
        });
      }
    }
  }
  return conflicts.sort(
    (a, b) => compareStrings(a.field, b.field) || compareVersions(b.losingVersion, a.losingVersion),
  );
}

/**
 * Removes the heads the op's writer had in front of them, adds the op, and keeps the heads
 * greatest first (the winner at index 0).
 */
function withNewHead<H extends { readonly version: FieldVersion }>(heads: readonly H[], op: OpBase, added: H): H[] {
  const kept = heads.filter((head) => !isSupersededBy(head.version, op));
  return [...kept, added].sort((a, b) => compareVersions(b.version, a.version));
}

/**
 * Whether a delete's writer had a field head in front of them: listed in its snapshot, or written
 * by the same replica (whose own edits are always before its delete: a deleted record cannot be
 * edited until it is restored, and restoring supersedes the delete).
 */
function hasSeen(deleteHead: TombstoneHead, field: string, version: FieldVersion): boolean {
  if (deleteHead.version.replicaId === version.replicaId) return true;
  return (deleteHead.seenVersions[field] ?? []).some((seen) => versionsEqual(seen, version));
}

function greatest<H extends { readonly version: FieldVersion }>(heads: readonly H[]): H | undefined {
  return heads.reduce<H | undefined>(
    (best, head) => (best === undefined || compareVersions(head.version, best.version) > 0 ? head : best),
    undefined,
  );
}

function isSupersededBy(version: FieldVersion, op: OpBase): boolean {
  return (
    version.replicaId === op.replicaId ||
    versionsEqual(version, op.baseVersion) ||
    (op.resolves ?? []).some((resolved) => versionsEqual(resolved, version))
  );
}

/** Field → heads, winner first, from the stored state. */
function headsByField(state: RecordStateInput): Map<string, FieldHead[]> {
  const fields = new Map<string, FieldHead[]>();
  for (const [field, version] of Object.entries(state.versions)) {
    const winner: FieldHead = { value: state.record[field] ?? null, version };
    fields.set(field, [winner, ...(state.siblings?.[field] ?? [])]);
  }
  return fields;
}

function fieldHeads(state: RecordState, field: string): FieldHead[] {
  const version = state.versions[field];
  if (!version) return [];
  return [{ value: state.record[field] ?? null, version }, ...(state.siblings[field] ?? [])];
}

/**
 * Rebuilds the stored shape. Values of fields that have no version (written outside sync, e.g.
 * before the record was first synced) are kept as they were until an op sets the field.
 */
function stateFromHeads(
  previous: JsonRecord,
  fields: ReadonlyMap<string, readonly FieldHead[]>,
  tombstone: readonly TombstoneHead[],
): RecordState {
  const record: Record<string, JsonValue> = { ...previous };
  const versions: Record<string, FieldVersion> = {};
  const siblings: Record<string, readonly FieldHead[]> = {};
  for (const [field, [winner, ...others]] of fields) {
    if (!winner) continue;
    record[field] = winner.value;
    versions[field] = winner.version;
    if (others.length > 0) siblings[field] = others;
  }
  return { record, versions, siblings, tombstone };
}

function compareStrings(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function isJsonArray(value: JsonValue): value is readonly JsonValue[] {
  return Array.isArray(value);
}

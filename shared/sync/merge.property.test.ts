import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clampFuture, formatHlc, formatReplicaId, initialHlcState, parseHlc, receive, tick, type Hlc } from './hlc';
import {
  compareVersions,
  isDeleted,
  jsonEquals,
  mergeRecord,
  type Conflict,
  type FieldHead,
  type FieldVersion,
  type JsonValue,
  type MergeOptions,
  type RecordOp,
  type RecordState,
} from './merge';

/**
 * Two or three replicas start from the same synced record, edit it offline (and, in the second
 * family, delete and restore it), then their ops reach the server in random interleavings and
 * random batches. Whatever the order, the server must end with the same record, versions,
 * losing sides and open conflicts; for edits, those must be the ones the rule defines.
 */

const day = 24 * 60 * 60 * 1000;
const t0 = Date.UTC(2026, 0, 5, 8, 0);
/** The server receives the day's work in the evening; PCs may be days ahead or years behind. */
const serverNow = t0 + 10 * 60 * 60 * 1000;

const fields = ['lastName', 'cin', 'status', 'notes', 'phone'] as const;
type Field = (typeof fields)[number];
const options: MergeOptions = { entity: 'beneficiaries', entityId: 'b-1', reviewFields: ['lastName', 'cin', 'status'] };

function replicaAt(index: number): string {
  return formatReplicaId(`0190b1e4-7c3a-7000-8000-00000000d00${index}`, `0190b1e4-7c3a-7000-8000-00000000a00${index}`);
}
const origin = replicaAt(9);
const v0: FieldVersion = { hlc: formatHlc({ wall: t0, counter: 0, replicaId: origin }), replicaId: origin };
const initial: RecordState = {
  record: { lastName: 'Alaoui', cin: 'AB123456', status: 'accueil', notes: null, phone: '0600000000' },
  versions: Object.fromEntries(fields.map((field) => [field, v0])),
  siblings: {},
  tombstone: [],
};

/** A small set of values, so that concurrent edits often agree, including structurally. */
const valueArb: fc.Arbitrary<JsonValue> = fc.constantFrom<JsonValue>(
  'a',
  'b',
  1,
  null,
  { city: 'Casablanca', zip: '20000' },
  { zip: '20000', city: 'Casablanca' },
  ['x', 'y'],
);

type Action =
  | { kind: 'set'; field: Field; value: JsonValue; advance: number }
  | { kind: 'delete'; advance: number }
  | { kind: 'undelete'; advance: number };

const advanceArb = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 120_000 }));
const setArb: fc.Arbitrary<Action> = fc.record({
  kind: fc.constant('set' as const),
  field: fc.constantFrom(...fields),
  value: valueArb,
  advance: advanceArb,
});
const tombstoneArb: fc.Arbitrary<Action> = fc.record({
  kind: fc.constantFrom('delete' as const, 'undelete' as const),
  advance: advanceArb,
});

/** Clock offsets: often equal (ties broken by replica id), often far off in either direction. */
const offsetArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: -730 * day, max: 3 * day }),
  fc.integer({ min: 4 * 60_000, max: 6 * 60_000 }),
);

type ReplicaPlan = { offset: number; actions: Action[] };

function plansArb(actionArb: fc.Arbitrary<Action>): fc.Arbitrary<ReplicaPlan[]> {
  const planArb = fc.record({ offset: offsetArb, actions: fc.array(actionArb, { minLength: 1, maxLength: 8 }) });
  return fc.oneof(fc.array(planArb, { minLength: 2, maxLength: 2 }), fc.array(planArb, { minLength: 3, maxLength: 3 }));
}

/** Delivery: which replica's next op goes next (per-replica order kept), and batch sizes. */
const deliveryArb = fc.record({
  picks: fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
  batchSizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 30, maxLength: 30 }),
});
type Delivery = { picks: number[]; batchSizes: number[] };

function hlcOf(text: string): Hlc {
  const parsed = parseHlc(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/**
 * The ops a replica sends after working offline: every edit is based on the version last seen
 * from the server (the initial one), the UI edits nothing while the record is deleted locally,
 * and the server has clamped the timestamps before merging.
 */
function offlineOps(index: number, plan: ReplicaPlan): RecordOp[] {
  const replicaId = replicaAt(index);
  let now = t0 + plan.offset;
  let clock = receive(initialHlcState(replicaId), hlcOf(v0.hlc), now);
  const local: Record<string, FieldVersion> = { ...initial.versions };
  let tombstoneVersion: FieldVersion | null = null;
  let deletedBy: FieldVersion | null = null;
  const ops: RecordOp[] = [];

  for (const action of plan.actions) {
    now += action.advance;
    clock = tick(clock, now);
    const stamp = clampFuture(clock, serverNow).hlc;
    const version: FieldVersion = { hlc: formatHlc(stamp), replicaId };
    const common = { hlc: version.hlc, replicaId };
    if (action.kind === 'set') {
      if (deletedBy) continue;
      ops.push({ ...common, kind: 'set', field: action.field, value: action.value, baseVersion: v0 });
      local[action.field] = version;
    } else if (action.kind === 'delete') {
      if (deletedBy) continue;
      const seenVersions = Object.fromEntries(Object.entries(local).map(([field, seen]) => [field, [seen]]));
      ops.push({ ...common, kind: 'delete', baseVersion: tombstoneVersion, seenVersions });
      deletedBy = version;
    } else {
      if (!deletedBy) continue;
      ops.push({ ...common, kind: 'undelete', baseVersion: deletedBy });
      deletedBy = null;
      tombstoneVersion = version;
    }
  }
  return ops;
}

/** Interleaves the replicas' op lists (keeping each list's order) and cuts them into batches. */
function deliver(opLists: readonly RecordOp[][], { picks, batchSizes }: Delivery): RecordOp[][] {
  const queues = opLists.map((ops) => [...ops]);
  const sequence: RecordOp[] = [];
  let step = 0;
  while (queues.some((queue) => queue.length > 0)) {
    const waiting = queues.filter((queue) => queue.length > 0);
    const queue = waiting[(picks[step % picks.length] ?? 0) % waiting.length];
    const op = queue?.shift();
    if (op) sequence.push(op);
    step += 1;
  }
  const batches: RecordOp[][] = [];
  for (let start = 0, index = 0; start < sequence.length; index += 1) {
    const size = batchSizes[index % batchSizes.length] ?? 1;
    batches.push(sequence.slice(start, start + size));
    start += size;
  }
  return batches;
}

function mergeAll(batches: readonly RecordOp[][]): RecordState & { conflicts: readonly Conflict[] } {
  return batches.reduce<RecordState & { conflicts: readonly Conflict[] }>(
    (state, batch) => mergeRecord(state, batch, options),
    { ...initial, conflicts: [] },
  );
}

/**
 * What the rule says the result of offline edits is, computed without merging in any order:
 * per field, the heads are each replica's last edit (or the initial value if nobody edited it);
 * the greatest wins; on a review field, every other head with a different value is a conflict.
 */
function expectedFromEdits(opLists: readonly RecordOp[][]) {
  const record: Record<string, JsonValue> = { ...initial.record };
  const versions: Record<string, FieldVersion> = { ...initial.versions };
  const siblings: Record<string, FieldHead[]> = {};
  const conflicts: Conflict[] = [];
  for (const field of fields) {
    const heads: FieldHead[] = [];
    for (const ops of opLists) {
      const last = ops.filter((op) => op.kind === 'set' && op.field === field).at(-1);
      if (last?.kind === 'set')
        heads.push({ value: last.value, version: { hlc: last.hlc, replicaId: last.replicaId } });
    }
    if (heads.length === 0) continue;
    const [winner, ...others] = heads.sort((a, b) => compareVersions(b.version, a.version));
    if (!winner) continue;
    record[field] = winner.value;
    versions[field] = winner.version;
    if (others.length > 0) siblings[field] = others;
    if (!new Set(options.reviewFields).has(field)) continue;
    for (const other of others.filter((head) => !jsonEquals(head.value, winner.value))) {
      conflicts.push({
        kind: 'concurrentEdit',
        entity: options.entity,
        entityId: options.entityId,
        field,
        winningValue: winner.value,
        losingValue: other.value,
        winningVersion: winner.version,
        losingVersion: other.version,
      });
    }
  }
  conflicts.sort((a, b) =>
    a.field < b.field ? -1 : a.field > b.field ? 1 : compareVersions(b.losingVersion, a.losingVersion),
  );
  return { record, versions, siblings, tombstone: [], conflicts };
}

describe('mergeRecord (property)', () => {
  it('converges on concurrent offline edits whatever the delivery order, to what the rule defines', () => {
    fc.assert(
      fc.property(plansArb(setArb), fc.array(deliveryArb, { minLength: 3, maxLength: 3 }), (plans, deliveries) => {
        const opLists = plans.map((plan, index) => offlineOps(index, plan));
        const expected = expectedFromEdits(opLists);
        expect(mergeAll([opLists.flat()])).toEqual(expected);
        for (const delivery of deliveries) expect(mergeAll(deliver(opLists, delivery))).toEqual(expected);

        if (plans.length === 2) {
          // Two writers: exactly one conflict per review field both changed to different values.
          for (const field of options.reviewFields) {
            const lastValues = opLists.map((ops) => ops.filter((op) => op.kind === 'set' && op.field === field).at(-1));
            const [first, second] = lastValues;
            const isConflicting =
              first?.kind === 'set' && second?.kind === 'set' && !jsonEquals(first.value, second.value);
            const count = expected.conflicts.filter((conflict) => conflict.field === field).length;
            expect(count).toBe(isConflicting ? 1 : 0);
          }
        }
      }),
    );
  });

  it('converges when replicas also delete and restore the record concurrently', () => {
    const actionArb = fc.oneof({ arbitrary: setArb, weight: 3 }, { arbitrary: tombstoneArb, weight: 1 });
    fc.assert(
      fc.property(plansArb(actionArb), fc.array(deliveryArb, { minLength: 3, maxLength: 3 }), (plans, deliveries) => {
        const opLists = plans.map((plan, index) => offlineOps(index, plan));
        const reference = mergeAll([opLists.flat()]);
        for (const delivery of deliveries) expect(mergeAll(deliver(opLists, delivery))).toEqual(reference);

        // The tombstone wins: deleted as soon as one replica's last word was a delete.
        const lastWords = opLists.map((ops) => ops.filter((op) => op.kind !== 'set').at(-1)?.kind);
        expect(isDeleted(reference)).toBe(lastWords.includes('delete'));
        if (isDeleted(reference)) {
          expect(reference.conflicts.every((conflict) => conflict.kind === 'deleteVsEdit')).toBe(true);
        }
      }),
    );
  });

  it('is idempotent: merging an op a second time right after the first changes nothing', () => {
    const actionArb = fc.oneof({ arbitrary: setArb, weight: 3 }, { arbitrary: tombstoneArb, weight: 1 });
    fc.assert(
      fc.property(plansArb(actionArb), deliveryArb, (plans, delivery) => {
        const opLists = plans.map((plan, index) => offlineOps(index, plan));
        let state: RecordState = initial;
        for (const op of deliver(opLists, delivery).flat()) {
          const once = mergeRecord(state, [op], options);
          expect(mergeRecord(state, [op, op], options)).toEqual(once);
          expect(mergeRecord(once, [op], options)).toEqual(once);
          state = once;
        }
      }),
    );
  });
});

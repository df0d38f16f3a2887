import { describe, expect, it } from 'vitest';
import { formatHlc, formatReplicaId } from './hlc';
import {
  emptyRecordState,
  isDeleted,
  jsonEquals,
  mergeRecord,
  tombstoneField,
  type DeleteOp,
  type FieldVersion,
  type JsonValue,
  type MergeOptions,
  type RecordOp,
  type RecordState,
  type SetFieldOp,
  type UndeleteOp,
} from './merge';

const replica = (n: number) =>
  formatReplicaId(`0190b1e4-7c3a-7000-8000-00000000d00${n}`, `0190b1e4-7c3a-7000-8000-00000000a00${n}`);
const [origin, amina, badr, chama] = [replica(0), replica(1), replica(2), replica(3)];
const t0 = Date.UTC(2026, 0, 5, 9, 0);

function version(replicaId: string, wall: number, counter = 0): FieldVersion {
  return { hlc: formatHlc({ wall, counter, replicaId }), replicaId };
}

function set(field: string, value: JsonValue, by: FieldVersion, baseVersion: FieldVersion | null): SetFieldOp {
  return { kind: 'set', field, value, hlc: by.hlc, replicaId: by.replicaId, baseVersion };
}

const options: MergeOptions = { entity: 'beneficiaries', entityId: 'b-1', reviewFields: ['cin', 'lastName'] };

/** A beneficiary as last synced by everyone: every field written by `origin` at t0. */
const v0 = version(origin, t0);
const synced: RecordState = {
  record: { lastName: 'Alaoui', cin: 'AB123456', notes: 'première visite', phone: null },
  versions: { lastName: v0, cin: v0, notes: v0, phone: v0 },
  siblings: {},
  tombstone: [],
};
const everythingSeen: DeleteOp['seenVersions'] = { lastName: [v0], cin: [v0], notes: [v0], phone: [v0] };

function merge(ops: readonly RecordOp[], current: RecordState = synced) {
  return mergeRecord(current, ops, options);
}

describe('mergeRecord: one field', () => {
  it('fast-forwards an op based on the current version', () => {
    const op = set('cin', 'AB654321', version(amina, t0 + 1000), v0);
    const result = merge([op]);
    expect(result.record.cin).toBe('AB654321');
    expect(result.versions.cin).toEqual(version(amina, t0 + 1000));
    expect(result.siblings).toEqual({});
    expect(result.conflicts).toEqual([]);
  });

  it('lets a fast-forward win even when its timestamp sorts below the version it replaced', () => {
    // A clamped timestamp can sort below its base; the writer saw the base, so it still wins.
    const ahead = set('notes', 'from a PC 4 minutes ahead', version(amina, t0 + 240_000), v0);
    const clamped = set('notes', 'seen it, changed it', version(badr, t0 + 60_000), version(amina, t0 + 240_000));
    const result = merge([ahead, clamped]);
    expect(result.record.notes).toBe('seen it, changed it');
    expect(result.siblings).toEqual({});
  });

  it('lets the greater version win concurrent edits and opens a conflict on a review field', () => {
    const byAmina = set('cin', 'AB111111', version(amina, t0 + 1000), v0);
    const byBadr = set('cin', 'AB222222', version(badr, t0 + 2000), v0);
    const expected = [
      {
        kind: 'concurrentEdit',
        entity: 'beneficiaries',
        entityId: 'b-1',
        field: 'cin',
        winningValue: 'AB222222',
        losingValue: 'AB111111',
        winningVersion: version(badr, t0 + 2000),
        losingVersion: version(amina, t0 + 1000),
      },
    ];
    for (const order of [
      [byAmina, byBadr],
      [byBadr, byAmina],
    ]) {
      const result = merge(order);
      expect(result.record.cin).toBe('AB222222');
      expect(result.versions.cin).toEqual(version(badr, t0 + 2000));
      expect(result.conflicts).toEqual(expected);
    }
  });

  it('breaks a tie of wall and counter by replica id', () => {
    const byAmina = set('cin', 'AB111111', version(amina, t0 + 1000), v0);
    const byBadr = set('cin', 'AB222222', version(badr, t0 + 1000), v0);
    expect(amina < badr).toBe(true);
    expect(merge([byAmina, byBadr]).record.cin).toBe('AB222222');
    expect(merge([byBadr, byAmina]).record.cin).toBe('AB222222');
  });

  it('breaks a tie of the whole timestamp by the version replica id', () => {
    // Only possible when the engine lets a timestamp name another writer; still deterministic.
    const hlc = version(amina, t0 + 1000).hlc;
    const first: SetFieldOp = { kind: 'set', field: 'notes', value: 'x', hlc, replicaId: amina, baseVersion: v0 };
    const second: SetFieldOp = { ...first, value: 'y', replicaId: badr };
    expect(merge([first, second]).record.notes).toBe('y');
    expect(merge([second, first]).record.notes).toBe('y');
  });

  it('opens no conflict when concurrent edits agree', () => {
    const byAmina = set('cin', 'AB999999', version(amina, t0 + 1000), v0);
    const byBadr = set('cin', 'AB999999', version(badr, t0 + 2000), v0);
    expect(merge([byAmina, byBadr]).conflicts).toEqual([]);
  });

  it('compares values structurally', () => {
    const address = (value: JsonValue, by: FieldVersion) => set('lastName', value, by, v0);
    const same = merge([
      address({ city: 'Casablanca', lines: ['12 rue X'] }, version(amina, t0 + 1)),
      address({ lines: ['12 rue X'], city: 'Casablanca' }, version(badr, t0 + 2)),
    ]);
    expect(same.conflicts).toEqual([]);
    const different = merge([
      address({ city: 'Casablanca', lines: ['12 rue X'] }, version(amina, t0 + 1)),
      address({ city: 'Casablanca', lines: ['12 rue Y'] }, version(badr, t0 + 2)),
    ]);
    expect(different.conflicts).toHaveLength(1);
  });

  it('keeps concurrent edits of an ordinary field silent', () => {
    const byAmina = set('notes', 'a', version(amina, t0 + 1000), v0);
    const byBadr = set('notes', 'b', version(badr, t0 + 2000), v0);
    const result = merge([byBadr, byAmina]);
    expect(result.record.notes).toBe('b');
    expect(result.conflicts).toEqual([]);
  });

  it('never makes a replica conflict with its own earlier edit', () => {
    // Offline all day: both ops carry the last version seen from the server.
    const morning = set('cin', 'AB111111', version(amina, t0 + 1000), v0);
    const evening = set('cin', 'AB111112', version(amina, t0 + 9000), v0);
    const result = merge([morning, evening]);
    expect(result.record.cin).toBe('AB111112');
    expect(result.siblings).toEqual({});
    expect(result.conflicts).toEqual([]);
  });

  it("orders a replica's own edits by delivery even when the clamp gave them one timestamp", () => {
    const stamp = version(amina, t0);
    const result = merge([set('cin', 'AB111111', stamp, v0), set('cin', 'AB111112', stamp, v0)]);
    expect(result.record.cin).toBe('AB111112');
    expect(result.siblings).toEqual({});
  });

  it("replaces a replica's losing side by its newer edit, and the conflict with it", () => {
    const byBadr = set('cin', 'AB222222', version(badr, t0 + 5000), v0);
    const aminaFirst = set('cin', 'AB111111', version(amina, t0 + 1000), v0);
    const aminaAgain = set('cin', 'AB111113', version(amina, t0 + 3000), v0);
    const result = merge([byBadr, aminaFirst, aminaAgain]);
    expect(result.conflicts).toHaveLength(1);
    expect(result.conflicts[0]?.losingValue).toBe('AB111113');
  });
});

describe('mergeRecord: several fields and writers', () => {
  it('never makes two different fields of a record conflict', () => {
    const result = merge([
      set('cin', 'AB111111', version(amina, t0 + 1000), v0),
      set('lastName', 'Bennani', version(badr, t0 + 2000), v0),
    ]);
    expect(result.record).toMatchObject({ cin: 'AB111111', lastName: 'Bennani' });
    expect(result.conflicts).toEqual([]);
  });

  it('opens one conflict per losing side when three writers disagree, in any order', () => {
    const ops = [
      set('lastName', 'Amrani', version(amina, t0 + 1000), v0),
      set('lastName', 'Berrada', version(badr, t0 + 3000), v0),
      set('lastName', 'Chraibi', version(chama, t0 + 2000), v0),
    ] as const;
    const orders = [
      [ops[0], ops[1], ops[2]],
      [ops[2], ops[0], ops[1]],
      [ops[1], ops[2], ops[0]],
    ];
    const results = orders.map((order) => merge(order));
    for (const result of results) expect(result).toEqual(results[0]);
    expect(results[0]?.record.lastName).toBe('Berrada');
    expect(results[0]?.conflicts.map((conflict) => [conflict.winningValue, conflict.losingValue])).toEqual([
      ['Berrada', 'Chraibi'],
      ['Berrada', 'Amrani'],
    ]);
  });

  it('closes the conflicts a resolving write names', () => {
    const conflicted = merge([
      set('cin', 'AB111111', version(amina, t0 + 1000), v0),
      set('cin', 'AB222222', version(badr, t0 + 2000), v0),
    ]);
    const resolution: SetFieldOp = {
      ...set('cin', 'AB111111', version(chama, t0 + 60_000), version(badr, t0 + 2000)),
      resolves: [version(amina, t0 + 1000)],
    };
    const resolved = merge([resolution], conflicted);
    expect(resolved.record.cin).toBe('AB111111');
    expect(resolved.siblings).toEqual({});
    expect(resolved.conflicts).toEqual([]);
  });

  it('keeps a conflict open when a write did not name it: its writer may not have seen it', () => {
    const conflicted = merge([
      set('cin', 'AB111111', version(amina, t0 + 1000), v0),
      set('cin', 'AB222222', version(badr, t0 + 2000), v0),
    ]);
    const unaware = merge([set('cin', 'AB333333', version(chama, t0 + 60_000), version(badr, t0 + 2000))], conflicted);
    expect(unaware.conflicts.map((conflict) => [conflict.winningValue, conflict.losingValue])).toEqual([
      ['AB333333', 'AB111111'],
    ]);
  });

  it('is idempotent: merging the same op twice changes nothing', () => {
    const byAmina = set('cin', 'AB111111', version(amina, t0 + 1000), v0);
    const byBadr = set('cin', 'AB222222', version(badr, t0 + 2000), v0);
    const once = merge([byAmina, byBadr]);
    expect(merge([byAmina, byBadr, byBadr, byAmina])).toEqual(once);
    expect(merge([byAmina], once)).toEqual(once);
  });

  it('sets a field that had no version and keeps fields nobody wrote', () => {
    const result = mergeRecord(
      { record: { draft: 'kept' }, versions: {} },
      [set('lastName', 'Alaoui', version(amina, t0), null)],
      options,
    );
    expect(result.record).toEqual({ draft: 'kept', lastName: 'Alaoui' });
    expect(result.versions).toEqual({ lastName: version(amina, t0) });
    expect(result.tombstone).toEqual([]);
  });

  it('opens a conflict when two replicas create the same field concurrently', () => {
    const result = mergeRecord(
      emptyRecordState(),
      [set('cin', 'AB111111', version(amina, t0), null), set('cin', 'AB222222', version(badr, t0), null)],
      options,
    );
    expect(result.conflicts).toHaveLength(1);
  });

  it('refuses an op on the tombstone pseudo-field', () => {
    expect(() => merge([set(tombstoneField, true, version(amina, t0 + 1), v0)])).toThrow(RangeError);
  });
});

describe('mergeRecord: delete', () => {
  const deleteBy = (by: FieldVersion, seenVersions = everythingSeen, baseVersion: FieldVersion | null = null) =>
    ({ kind: 'delete', hlc: by.hlc, replicaId: by.replicaId, baseVersion, seenVersions }) satisfies DeleteOp;
  const undeleteBy = (by: FieldVersion, baseVersion: FieldVersion) =>
    ({ kind: 'undelete', hlc: by.hlc, replicaId: by.replicaId, baseVersion }) satisfies UndeleteOp;

  it('deletes without conflict when the deleter had seen every version', () => {
    const result = merge([deleteBy(version(amina, t0 + 1000))]);
    expect(isDeleted(result)).toBe(true);
    expect(result.conflicts).toEqual([]);
    expect(result.record).toEqual(synced.record);
  });

  it('lets the tombstone win over a concurrent edit and opens a conflict, in both orders', () => {
    const edit = set('notes', 'visite du 6 janvier', version(badr, t0 + 5000), v0);
    const remove = deleteBy(version(amina, t0 + 1000));
    const results = [merge([edit, remove]), merge([remove, edit])];
    expect(results[0]).toEqual(results[1]);
    expect(isDeleted(results[0] ?? synced)).toBe(true);
    expect(results[0]?.record.notes).toBe('visite du 6 janvier');
    expect(results[0]?.conflicts).toEqual([
      {
        kind: 'deleteVsEdit',
        entity: 'beneficiaries',
        entityId: 'b-1',
        field: 'notes',
        winningValue: null,
        losingValue: 'visite du 6 janvier',
        winningVersion: version(amina, t0 + 1000),
        losingVersion: version(badr, t0 + 5000),
      },
    ]);
  });

  it("counts the deleter's own earlier edits as seen", () => {
    const edit = set('notes', 'corrigé', version(amina, t0 + 500), v0);
    expect(merge([edit, deleteBy(version(amina, t0 + 1000))]).conflicts).toEqual([]);
  });

  it('counts an edit the deleter had in front of it as seen', () => {
    const badrEdit = version(badr, t0 + 500);
    const remove = deleteBy(version(amina, t0 + 1000), { ...everythingSeen, notes: [badrEdit] });
    expect(merge([set('notes', 'x', badrEdit, v0), remove]).conflicts).toEqual([]);
  });

  it('restores the record and its concurrent field conflicts on undelete', () => {
    const removed = version(amina, t0 + 1000);
    const result = merge([
      set('cin', 'AB111111', version(badr, t0 + 2000), v0),
      set('cin', 'AB222222', version(chama, t0 + 3000), v0),
      deleteBy(removed),
      undeleteBy(version(amina, t0 + 9000), removed),
    ]);
    expect(isDeleted(result)).toBe(false);
    expect(result.record.cin).toBe('AB222222');
    expect(result.conflicts.map((conflict) => conflict.kind)).toEqual(['concurrentEdit']);
  });

  it('keeps the record deleted when a delete is concurrent with an undelete, with a conflict', () => {
    const first = version(amina, t0 + 1000);
    const restore = undeleteBy(version(badr, t0 + 2000), first);
    const second = deleteBy(version(chama, t0 + 1500));
    const results = [
      merge([deleteBy(first), restore, second]),
      merge([deleteBy(first), second, restore]),
      merge([second, deleteBy(first), restore]),
    ];
    for (const result of results) expect(result).toEqual(results[0]);
    expect(isDeleted(results[0] ?? synced)).toBe(true);
    expect(results[0]?.conflicts).toEqual([
      expect.objectContaining({ kind: 'deleteVsEdit', field: tombstoneField, losingVersion: version(badr, t0 + 2000) }),
    ]);
  });

  it('closes the delete conflicts when the delete is confirmed by a new delete that saw the edit', () => {
    const edit = version(badr, t0 + 5000);
    const removed = version(amina, t0 + 1000);
    const conflicted = merge([set('notes', 'x', edit, v0), deleteBy(removed)]);
    expect(conflicted.conflicts).toHaveLength(1);
    const confirmed = merge(
      [deleteBy(version(chama, t0 + 9000), { ...everythingSeen, notes: [edit] }, removed)],
      conflicted,
    );
    expect(isDeleted(confirmed)).toBe(true);
    expect(confirmed.conflicts).toEqual([]);
  });
});

describe('jsonEquals', () => {
  it('compares JSON values by structure', () => {
    expect(jsonEquals({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(jsonEquals({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(jsonEquals({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEquals({ a: 1, c: 2 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEquals([1, 2], [2, 1])).toBe(false);
    expect(jsonEquals([], {})).toBe(false);
    expect(jsonEquals(null, {})).toBe(false);
    expect(jsonEquals('1', 1)).toBe(false);
  });
});

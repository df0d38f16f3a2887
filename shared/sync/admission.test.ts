import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Role } from '../auth/roles';
import { canAccessRow } from '../auth/restricted';
import { admitOp, cleanText, type AdmissionActor, type OpContext } from './admission';
import { formatHlc, formatReplicaId } from './hlc';
import type { JsonValue } from './merge';
import type { PushOp } from './protocol';

const device = '0190a8d4-1c2e-7a3b-9c4d-0000000000d1';
const userId = '0190a8d4-1c2e-7a3b-9c4d-0000000000a1';
const colleague = '0190a8d4-1c2e-7a3b-9c4d-0000000000a2';
const centre = '0190a8d4-1c2e-7a3b-9c4d-0000000000c1';
const otherCentre = '0190a8d4-1c2e-7a3b-9c4d-0000000000c2';
const rowId = '0190a8d4-1c2e-7a3b-9c4d-0000000000e1';
const replicaId = formatReplicaId(device, userId);

function actor(role: Role = 'conseiller'): AdmissionActor {
  return {
    userId,
    role,
    displayName: 'Amina El Idrissi',
    replicaId,
    canAccessRow: (access, scopeId) =>
      canAccessRow({ userId, role, centreIds: [centre], judicialHoldCentreIds: [] }, access, scopeId),
  };
}

const hlc = (replica = replicaId) => formatHlc({ wall: Date.UTC(2026, 11, 1), counter: 0, replicaId: replica });

function set(table: string, field: string, value: JsonValue, overrides: Partial<PushOp> = {}): PushOp {
  return { seq: 1, table, rowId, hlc: hlc(), baseVersion: null, kind: 'set', field, value, ...overrides } as PushOp;
}

/** A row the server holds in `centre`, with these fields. */
const stored = (fields: string[] = [], scopeId = centre) => ({
  scopeId,
  isDeleted: false,
  heldFields: new Set(fields),
});

function context(overrides: Partial<OpContext> = {}): OpContext {
  return {
    actor: actor(),
    stored: stored(['centreId']),
    newScope: { kind: 'missing' },
    parentScopeId: centre,
    fileCounsellorId: userId,
    ...overrides,
  };
}

describe('admission of a pushed op', () => {
  it('checks in its documented order: replica, table, field, id, scope, role, written once, scope change, value', () => {
    const stranger = formatReplicaId(device, colleague);
    // A wrong replica is the answer even when everything else is wrong too.
    expect(admitOp(set('nope', 'x', 1, { hlc: hlc(stranger), rowId: 'X' }), context())).toEqual({
      ok: false,
      error: { reason: 'wrong-replica' },
    });
    expect(admitOp(set('nope', 'x', 1), context())).toEqual({ ok: false, error: { reason: 'unknown-table' } });
    expect(admitOp(set('beneficiaries', 'nope', 1, { rowId: 'X' }), context())).toEqual({
      ok: false,
      error: { reason: 'unknown-field' },
    });
    expect(admitOp(set('beneficiaries', 'cin', 'BE1', { rowId: rowId.toUpperCase() }), context())).toEqual({
      ok: false,
      error: { reason: 'invalid-id' },
    });
    expect(admitOp(set('beneficiaries', 'cin', 'BE123456'), context({ stored: stored([], otherCentre) }))).toEqual({
      ok: false,
      error: { reason: 'forbidden' },
    });
    expect(admitOp(set('incomeProjects', 'decision', 'approuve'), context())).toEqual({
      ok: false,
      error: { reason: 'role' },
    });
    expect(
      admitOp(set('handoverReceipts', 'projectTitle', 'Snack'), context({ stored: stored(['projectTitle']) })),
    ).toEqual({ ok: false, error: { reason: 'immutable' } });
    expect(admitOp(set('beneficiaries', 'centreId', otherCentre), context())).toEqual({
      ok: false,
      error: { reason: 'scope-change' },
    });
    expect(admitOp(set('beneficiaries', 'cin', 'not a cin!'), context())).toMatchObject({
      ok: false,
      error: { reason: 'invalid-value' },
    });
  });

  it('answers the same for a row of another centre as for a row that exists nowhere: no existence oracle', () => {
    const foreign = admitOp(set('beneficiaries', 'cin', 'BE123456'), context({ stored: stored([], otherCentre) }));
    const nowhere = admitOp(set('beneficiaries', 'cin', 'BE123456'), context({ stored: undefined }));
    expect(foreign).toEqual(nowhere);
    expect(nowhere).toEqual({ ok: false, error: { reason: 'forbidden' } });
  });

  it('keeps a derived id in its parent’s centre: a person’s admission cannot be claimed by another centre', () => {
    const newRow = { stored: undefined, newScope: { kind: 'ok', scopeId: centre } as const };
    expect(admitOp(set('admissions', 'centreId', centre), context({ ...newRow, parentScopeId: otherCentre }))).toEqual({
      ok: false,
      error: { reason: 'forbidden' },
    });
    expect(admitOp(set('admissions', 'centreId', centre), context({ ...newRow, parentScopeId: undefined }))).toEqual({
      ok: false,
      error: { reason: 'forbidden' },
    });
    expect(admitOp(set('admissions', 'centreId', centre), context(newRow))).toMatchObject({ ok: true });
    // …and it names its parent: the id it derives from.
    expect(admitOp(set('admissions', 'beneficiaryId', colleague), context(newRow))).toEqual({
      ok: false,
      error: { reason: 'invalid-value', messageKey: 'errors.derivedId' },
    });
  });

  it('applies the field → role table: decisions by coordinators, open values on creation, signatures by the file’s counsellor', () => {
    const newRow = { stored: undefined, newScope: { kind: 'ok', scopeId: centre } as const };
    expect(admitOp(set('incomeProjects', 'decision', ''), context(newRow))).toMatchObject({ ok: true });
    expect(admitOp(set('incomeProjects', 'decision', 'approuve'), context(newRow))).toEqual({
      ok: false,
      error: { reason: 'role' },
    });
    expect(admitOp(set('incomeProjects', 'decision', ''), context())).toEqual({ ok: false, error: { reason: 'role' } });
    expect(
      admitOp(set('incomeProjects', 'decision', 'approuve'), context({ actor: actor('coordinateur_centre') })),
    ).toMatchObject({ ok: true, value: { storedValue: 'approuve' } });
    expect(admitOp(set('ceremonies', 'status', 'tenue'), context())).toEqual({ ok: false, error: { reason: 'role' } });
    expect(admitOp(set('ceremonies', 'status', 'preparation'), context(newRow))).toMatchObject({ ok: true });
    // A PV: the file's counsellor or a coordinator signs it.
    const receipt = set('handoverReceipts', 'projectTitle', 'Snack', { rowId });
    expect(admitOp(receipt, context({ ...newRow, fileCounsellorId: colleague }))).toEqual({
      ok: false,
      error: { reason: 'role' },
    });
    expect(admitOp(receipt, context({ ...newRow, fileCounsellorId: userId }))).toMatchObject({ ok: true });
    expect(
      admitOp(receipt, context({ ...newRow, fileCounsellorId: colleague, actor: actor('coordinateur_centre') })),
    ).toMatchObject({ ok: true });
  });

  it('checks authors: an id must be the writer’s, a name is the writer’s as the server knows it', () => {
    expect(admitOp(set('stageChanges', 'byUserId', colleague), context())).toEqual({
      ok: false,
      error: { reason: 'role' },
    });
    expect(admitOp(set('stageChanges', 'byUserId', userId), context())).toMatchObject({
      ok: true,
      value: { storedValue: userId },
    });
    // A consultation of judicial data is the writer's own: nobody records one in a colleague's name.
    expect(admitOp(set('consultations', 'userId', colleague), context())).toEqual({
      ok: false,
      error: { reason: 'role' },
    });
    expect(admitOp(set('consultations', 'userId', userId), context())).toMatchObject({
      ok: true,
      value: { storedValue: userId },
    });
    expect(admitOp(set('stageChanges', 'byName', 'Quelqu’un d’autre'), context())).toMatchObject({
      ok: true,
      value: { storedValue: 'Amina El Idrissi' },
    });
  });

  it('stores the value as checked: trimmed, NFC; refuses NUL and lone surrogates with a reason', () => {
    // "é" as e + combining acute, and spaces around: stored composed and trimmed.
    expect(admitOp(set('ceremonies', 'place', '  Siège de la pre\u0301fecture  '), context())).toMatchObject({
      ok: true,
      value: { storedValue: 'Siège de la préfecture' },
    });
    // The length limit holds on what is stored: no 99 000 spaces kept behind "Ali".
    expect(admitOp(set('ceremonies', 'place', `Ali${' '.repeat(99_000)}`), context())).toMatchObject({
      value: { storedValue: 'Ali' },
    });
    for (const bad of ['A\u0000B', 'A\uD800B', '\uDC00'])
      expect(admitOp(set('stageChanges', 'comment', bad), context())).toEqual({
        ok: false,
        error: { reason: 'invalid-value', messageKey: 'errors.invalidCharacters' },
      });
    expect(cleanText({ 'A\u0000': 'B' })).toEqual({ ok: false, error: 'errors.invalidCharacters' });
    // A well-formed pair (an emoji) is text like any other.
    expect(admitOp(set('stageChanges', 'comment', 'ok 👍'), context())).toMatchObject({
      ok: true,
      value: { storedValue: 'ok 👍' },
    });
  });

  it('never throws, and what it admits is clean text, for any value of any field', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('beneficiaries', 'stageChanges', 'incomeProjects', 'handoverReceipts', 'admissions'),
        fc.constantFrom('cin', 'comment', 'title', 'items', 'consentPurpose', 'byName', 'centreId'),
        fc.jsonValue(),
        (table, field, value) => {
          const admitted = admitOp(set(table, field, value as JsonValue), context());
          if (admitted.ok && admitted.value.storedValue !== undefined)
            expect(cleanText(admitted.value.storedValue).ok).toBe(true);
        },
      ),
    );
  });
});

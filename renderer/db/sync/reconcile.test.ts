import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../../shared/sync/hlc';
import { tombstoneField, type FieldVersion } from '../../../shared/sync/merge';
import { isLostByServer, mayRestoreField, rebaseHlc, repairOf, type RowComparison } from './reconcile';

const pc = '0190b1e4-7c3a-7000-8000-00000000d001.0190b1e4-7c3a-7000-8000-00000000a001';
const other = '0190b1e4-7c3a-7000-8000-00000000d002.0190b1e4-7c3a-7000-8000-00000000a002';
const hlc = (wall: number, replicaId = other, counter = 0) => formatHlc({ wall, counter, replicaId });
const version = (wall: number, replicaId = other): FieldVersion => ({ hlc: hlc(wall, replicaId), replicaId });

const row = (overrides: Partial<RowComparison>): RowComparison => ({
  serverVersions: {},
  serverTombstone: null,
  isServerDeleted: false,
  conflictHlcs: new Set(),
  known: {},
  pendingFields: new Set(),
  isLocalPresent: true,
  ...overrides,
});

describe('isLostByServer', () => {
  it('says the server lost a version it lacks or holds older, by time only', () => {
    expect(isLostByServer(hlc(20), undefined)).toBe(true);
    expect(isLostByServer(hlc(20), null)).toBe(true);
    expect(isLostByServer(hlc(20), hlc(10))).toBe(true);
    expect(isLostByServer(hlc(20, other, 1), hlc(20, other, 0))).toBe(true);
    // Another replica at the same time: the same version sent again by another PC.
    expect(isLostByServer(hlc(20, other), hlc(20, pc))).toBe(false);
    expect(isLostByServer(hlc(20), hlc(30))).toBe(false);
    expect(isLostByServer(undefined, hlc(30))).toBe(false);
  });

  it('rebases a version on another writer with the same time', () => {
    expect(rebaseHlc(hlc(20, other, 3), pc)).toBe(hlc(20, pc, 3));
    expect(() => rebaseHlc('not an hlc', pc)).toThrow(RangeError);
  });
});

describe('repairOf', () => {
  it('keeps the fields the server lacks or holds at an older time, not the others nor the pending ones', () => {
    const repair = repairOf(
      row({
        serverVersions: { cin: hlc(10), phone: hlc(30), sex: hlc(20, pc), stage: hlc(10) },
        known: {
          cin: version(20),
          phone: version(20),
          sex: version(20),
          stage: version(25),
          releaseDate: version(15),
        },
        pendingFields: new Set(['stage']),
      }),
    );
    expect(repair).toEqual({ fields: ['cin', 'releaseDate'], tombstone: null });
  });

  it('sends a lost delete again when the PC deleted a row the server holds live, with no field', () => {
    const repair = repairOf(
      row({
        isLocalPresent: false,
        serverVersions: { cin: hlc(10) },
        known: { cin: version(20), [tombstoneField]: version(30, pc) },
      }),
    );
    expect(repair).toEqual({ fields: [], tombstone: 'delete' });
  });

  it('sends a lost undelete again, and the fields, when the server holds deleted a row the PC holds live', () => {
    const repair = repairOf(
      row({
        isServerDeleted: true,
        serverTombstone: hlc(10),
        serverVersions: { cin: hlc(5) },
        known: { cin: version(20), [tombstoneField]: version(15, pc) },
      }),
    );
    expect(repair).toEqual({ fields: ['cin'], tombstone: 'undelete' });
  });

  it('leaves the deletion state alone when both sides agree, when it is pending, or named by a conflict', () => {
    const deletedBoth = row({
      isLocalPresent: false,
      isServerDeleted: true,
      serverTombstone: hlc(10),
      known: { cin: version(20), [tombstoneField]: version(30) },
    });
    expect(repairOf(deletedBoth)).toEqual({ fields: [], tombstone: null });
    const pending = row({
      isLocalPresent: false,
      known: { [tombstoneField]: version(30) },
      pendingFields: new Set([tombstoneField]),
    });
    expect(repairOf(pending)).toEqual({ fields: [], tombstone: null });
    // A delete wins over a newer concurrent undelete: the server sends the delete and names the
    // undelete as the conflict's losing side. The server still holds it.
    const undeleteInConflict = row({
      isServerDeleted: true,
      serverTombstone: hlc(10),
      known: { [tombstoneField]: version(20, pc) },
      conflictHlcs: new Set([hlc(10), hlc(20, pc)]),
    });
    expect(repairOf(undeleteInConflict)).toEqual({ fields: [], tombstone: null });
    // Deleted on the server, live here with an older tombstone: the server's deletion stands.
    const deletedThere = row({ isServerDeleted: true, serverTombstone: hlc(30), known: { cin: version(20) } });
    expect(repairOf(deletedThere)).toEqual({ fields: [], tombstone: null });
  });

  it('finds nothing to send again while the server never goes back in time (normal operation)', () => {
    const fields = ['cin', 'phone', 'sex', tombstoneField];
    const walls = fc.record(Object.fromEntries(fields.map((field) => [field, fc.option(fc.nat(1_000))])));
    fc.assert(
      fc.property(
        walls,
        fc.array(fc.nat(1_000), { minLength: 4, maxLength: 4 }),
        fc.boolean(),
        fc.boolean(),
        (known, advances, isLocalPresent, isServerDeleted) => {
          const knownVersions: Record<string, FieldVersion> = {};
          const serverVersions: Record<string, string> = {};
          let serverTombstone: string | null = null;
          fields.forEach((field, index) => {
            const wall = known[field];
            if (wall === null || wall === undefined) return;
            knownVersions[field] = version(wall, pc);
            // The server holds that version or a later one, by any writer.
            const later = hlc(wall + (advances[index] ?? 0), index % 2 === 0 ? pc : other);
            if (field === tombstoneField) serverTombstone = later;
            else serverVersions[field] = later;
          });
          const repair = repairOf(
            row({ known: knownVersions, serverVersions, serverTombstone, isLocalPresent, isServerDeleted }),
          );
          expect(repair).toEqual({ fields: [], tombstone: null });
        },
      ),
    );
  });
});

describe('mayRestoreField', () => {
  const userOfPc = '0190b1e4-7c3a-7000-8000-00000000a001';
  const counsellor = { userId: userOfPc, role: 'conseiller' as const };
  const coordinator = { userId: userOfPc, role: 'coordinateur_centre' as const };
  const mine = version(10, pc);
  const theirs = version(10, other);

  it("leaves another's author fields to their writer: the server would refuse the id and rename the name", () => {
    expect(mayRestoreField('beneficiaries', 'followedById', userOfPc, mine, counsellor, true)).toBe(true);
    expect(mayRestoreField('beneficiaries', 'followedById', 'someone', theirs, counsellor, true)).toBe(false);
    expect(mayRestoreField('beneficiaries', 'followedByName', 'Karim', theirs, coordinator, false)).toBe(false);
    expect(mayRestoreField('stageChanges', 'byName', 'Amina', mine, counsellor, true)).toBe(true);
    // Fields without a rule: anyone holding them.
    expect(mayRestoreField('beneficiaries', 'cin', 'AB1', theirs, counsellor, false)).toBe(true);
  });

  it("sends a committee's decision again only as a coordinator, or its open value on a re-created row", () => {
    expect(mayRestoreField('incomeProjects', 'decision', 'favorable', theirs, counsellor, false)).toBe(false);
    expect(mayRestoreField('incomeProjects', 'decision', 'favorable', theirs, coordinator, false)).toBe(true);
    expect(mayRestoreField('incomeProjects', 'decision', '', theirs, counsellor, true)).toBe(true);
    // A signed receipt: its signer, or a coordinator.
    expect(mayRestoreField('handoverReceipts', 'items', [], theirs, counsellor, true)).toBe(false);
    expect(mayRestoreField('handoverReceipts', 'items', [], mine, counsellor, true)).toBe(true);
    expect(mayRestoreField('handoverReceipts', 'items', [], theirs, coordinator, true)).toBe(true);
  });
});

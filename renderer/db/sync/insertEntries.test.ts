/**
 * A new row waits in the outbox as one `insert` entry; numbered for a push it becomes the field
 * ops the protocol sends. These tests follow it through formBatch, the summary and a pull
 * (the sync tests in tests/sync/ push and pull such rows through a real server).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { MasarDatabase } from '../tables';
import { openTestDatabase } from '../testDatabase';
import { createBeneficiaryRepository } from '../beneficiaryRepository';
import { opsPerNewBeneficiary, testDraft } from '../testDraft';
import { formBatch, summariseOutbox } from './outbox';
import { applyPullPage } from './pullApply';

const now = Date.UTC(2026, 10, 28, 12);
const replicaId = '0190b1e4-7c3a-7000-8000-00000000d001.0190b1e4-7c3a-7000-8000-00000000a001';
const centreId = '0190a8d4-1c2e-7a3b-9c4d-0000000000c1';
const limits = { maxOps: 10_000, maxBytes: 10_000_000 };

const opened: MasarDatabase[] = [];
function open(): MasarDatabase {
  const db = openTestDatabase('u1', { indexedDB: new IDBFactory(), IDBKeyRange }, { now: () => now, replicaId });
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('insert entries', () => {
  it('are numbered as one op per field, coalesced with later edits, in their place', async () => {
    const db = open();
    const repository = createBeneficiaryRepository(db, () => new Date(now));
    const first = await repository.create(testDraft(now), centreId);
    const second = await repository.create({ ...testDraft(now), cin: 'BK222222' }, centreId);
    await repository.update(first.id, { cin: 'BE654321' });

    const before = await summariseOutbox(db);
    // The clock is fixed: the edit changes cin only (updatedAt keeps its value).
    expect(before).toMatchObject({ ops: 2 * opsPerNewBeneficiary + 1, created: 2, changed: 0 });
    // The edit of cin joins the first row's ops.
    expect(before.coalescedOps).toBe(2 * opsPerNewBeneficiary);

    const batch = await formBatch(db, limits);
    expect(batch?.ops).toHaveLength(2 * opsPerNewBeneficiary);
    expect(batch?.ops.map((op) => op.seq)).toEqual(batch?.ops.map((_, index) => index + 1));
    expect(batch?.ops.every((op) => op.kind === 'set')).toBe(true);
    // Rows in the order they were made, each opening with its centre; the coalesced cin takes
    // the place of the later edit (as for any coalesced op).
    const rows = batch?.ops.map((op) => op.rowId) ?? [];
    const n = opsPerNewBeneficiary;
    expect(rows.slice(0, n - 1).every((id) => id === first.id)).toBe(true);
    expect(rows.slice(n - 1, 2 * n - 1).every((id) => id === second.id)).toBe(true);
    expect(batch?.ops[0]).toMatchObject({ field: 'centreId', value: centreId });
    expect(batch?.ops[n - 1]).toMatchObject({ field: 'centreId', rowId: second.id });
    expect(batch?.ops.at(-1)).toMatchObject({ rowId: first.id, field: 'cin' });
    const cin = batch?.ops.find((op) => op.rowId === first.id && op.kind === 'set' && op.field === 'cin');
    expect(cin).toMatchObject({ value: 'BE654321', baseVersion: null });

    // The inserts are gone from the outbox, their numbered field ops stored instead; the head stays.
    const stored = await db.outbox.toArray();
    expect(stored.some((entry) => entry.kind === 'insert')).toBe(false);
    expect(stored).toHaveLength(2 * opsPerNewBeneficiary);
    expect((await summariseOutbox(db)).head).toBe(before.head);
    // A second call sends the same numbers again (an answer lost).
    expect((await formBatch(db, limits))?.ops).toEqual(batch?.ops);
  });

  it('keep the local values of a row the pull brings back before the push', async () => {
    const db = open();
    const saved = await createBeneficiaryRepository(db, () => new Date(now)).create(testDraft(now), centreId);
    const hlc = '0001764331200000:0000:0190b1e4-7c3a-7000-8000-00000000d002.0190b1e4-7c3a-7000-8000-00000000a002';
    await applyPullPage(
      db,
      {
        scope: centreId,
        table: 'beneficiaries',
        rows: [
          {
            id: saved.id,
            seq: 1,
            record: { cin: 'SERVER1', centreId },
            hlcs: [hlc],
            versions: { cin: 0, centreId: 0 },
            tombstoneVersion: null,
            deleted: false,
            conflicts: [],
          },
        ],
        removed: [],
        nextSeq: 1,
        resyncRequired: false,
      },
      { now, replicaId },
    );
    expect((await db.beneficiaries.get(saved.id))?.cin).toBe(saved.cin);
  });
});

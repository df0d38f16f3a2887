import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { uuidPattern } from '../../shared/ids/uuidv7';
import { databaseName } from './database';
import type { MasarDatabase } from './tables';
import { openTestDatabase } from './testDatabase';
import { createBeneficiaryRepository } from './beneficiaryRepository';
import { testDraft } from './testDraft';

const now = Date.UTC(2026, 10, 28, 12);
const draft = testDraft(now);
const centreId = '0190a8d4-1c2e-7a3b-9c4d-0000000000c1';

const opened: MasarDatabase[] = [];
function open(userId: string, indexedDB = new IDBFactory()) {
  const db = openTestDatabase(userId, { indexedDB, IDBKeyRange });
  opened.push(db);
  return { db, indexedDB };
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('beneficiary repository', () => {
  it('saves a beneficiary with a UUIDv7 and finds it again after the database is reopened', async () => {
    const { db, indexedDB } = open('u1');
    const saved = await createBeneficiaryRepository(db, () => new Date(now)).create(draft, centreId);
    expect(saved.id).toMatch(uuidPattern);
    expect(saved.cin).toBe('BE123456');
    expect(saved.createdAt).toBe('2026-11-28T12:00:00.000Z');
    db.close();

    const reopened = open('u1', indexedDB).db;
    const again = await createBeneficiaryRepository(reopened).get(saved.id);
    expect(again).toEqual(saved);
  });

  it('lists the most recently created first', async () => {
    const { db } = open('u2');
    let clock = now;
    const repository = createBeneficiaryRepository(db, () => new Date((clock += 1000)));
    const first = await repository.create(draft, centreId);
    const second = await repository.create({ ...draft, firstNameLatin: 'Fatima', sex: 'F' }, centreId);
    expect((await repository.list()).map((b) => b.id)).toEqual([second.id, first.id]);
    expect(await repository.count()).toBe(2);
  });

  it('keeps each user of a shared PC in a database of their own', async () => {
    const indexedDB = new IDBFactory();
    const a = open('alice', indexedDB).db;
    const b = open('bilal', indexedDB).db;
    await createBeneficiaryRepository(a).create(draft, centreId);
    expect(await createBeneficiaryRepository(b).count()).toBe(0);
    expect(await createBeneficiaryRepository(a).count()).toBe(1);
  });

  it('refuses a user id that would make an unsafe database name', () => {
    expect(() => databaseName('../x')).toThrow();
    expect(databaseName('u-1')).toBe('masar-u-1');
  });
});

describe('beneficiary repository, several at once and edits', () => {
  it('saves a batch in one transaction, each with its own id and its ops in the outbox', async () => {
    const { db } = open('u-batch');
    const repository = createBeneficiaryRepository(db, () => new Date(now));
    const created = await repository.createMany(
      [testDraft(now), testDraft(now, { firstNameLatin: 'Khadija', sex: 'F' })],
      centreId,
    );
    expect(new Set(created.map((row) => row.id)).size).toBe(2);
    expect(await repository.count()).toBe(2);
    const rowIds = new Set((await db.outbox.toArray()).map((entry) => entry.rowId));
    expect(rowIds).toEqual(new Set(created.map((row) => row.id)));
  });

  it('updates the fields given, stamps the change and reports a missing row', async () => {
    const { db } = open('u-update');
    let clock = now;
    const repository = createBeneficiaryRepository(db, () => new Date((clock += 1000)));
    const saved = await repository.create(testDraft(now), centreId);
    const updated = await repository.update(saved.id, { cin: 'BK778899' });
    const again = await repository.get(saved.id);
    expect(updated).toEqual(again);
    expect(again?.cin).toBe('BK778899');
    expect(again?.updatedAt).toBe(new Date(now + 2000).toISOString());
    expect(again?.createdAt).toBe(saved.createdAt);
    expect(await repository.update('0190a8d4-1c2e-7a3b-9c4d-000000000404', { cin: 'X1' })).toBeUndefined();
  });

  it('saves the decisions taken on an edit with the change, about the edited person', async () => {
    const { db } = open('u-update-decisions');
    const repository = createBeneficiaryRepository(db, () => new Date(now));
    const first = await repository.create(testDraft(now), centreId);
    const second = await repository.create(testDraft(now, { firstNameLatin: 'Karim', cin: 'BK000001' }), centreId);
    await repository.update(second.id, { cin: 'BE123456' }, [
      { otherBeneficiaryId: first.id, decision: 'distinct', reasons: ['sameCin'] },
    ]);
    expect(await repository.decisionsAbout(first.id)).toEqual([
      expect.objectContaining({ beneficiaryId: second.id, otherBeneficiaryId: first.id, decision: 'distinct' }),
    ]);
    // Nothing written for a missing person, not even the decisions.
    await repository.update('0190a8d4-1c2e-7a3b-9c4d-000000000404', { cin: 'X1' }, [
      { otherBeneficiaryId: first.id, decision: 'mergeLater', reasons: ['sameCin'] },
    ]);
    expect(await repository.decisionsAbout(first.id)).toHaveLength(1);
  });
});

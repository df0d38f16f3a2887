import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { detentionDraftSchema, emptyDetentionDraft } from '../../shared/casefile/detention';
import { consultationSync } from '../../shared/sync/entities';
import { createBeneficiaryRepository } from './beneficiaryRepository';
import { createCaseFileRepository } from './caseFileRepository';
import { createConsultationRepository } from './consultationRepository';
import type { MasarDatabase } from './tables';
import { openTestDatabase } from './testDatabase';
import { expandInserts } from './sync/outboxEntries';
import { testDraft } from './testDraft';

const now = Date.UTC(2026, 10, 28, 12);
const centreId = '0190a8d4-1c2e-7a3b-9c4d-0000000000c1';
const author = { userId: '0190b1e4-7c3a-7000-8000-00000000a001', name: 'Nadia Berrada', role: 'conseiller' } as const;

const opened: Dexie[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function open(indexedDB = new IDBFactory()): MasarDatabase {
  const db = openTestDatabase('u1', { indexedDB, IDBKeyRange });
  opened.push(db);
  return db;
}

describe('consultations of judicial data', () => {
  it('writes one synced row per call: who, which person, what, when by the PC clock', async () => {
    const db = open();
    const beneficiary = await createBeneficiaryRepository(db, () => new Date(now), author).create(
      testDraft(now),
      centreId,
    );
    const consultations = createConsultationRepository(db, () => new Date(now + 5_000), author);
    expect(await consultations.record(beneficiary.id, 'detention')).toBe(true);

    const [row] = await db.consultations.toArray();
    expect(row).toEqual({
      id: row?.id,
      centreId,
      beneficiaryId: beneficiary.id,
      userId: author.userId,
      what: 'detention',
      viewedAt: new Date(now + 5_000).toISOString(),
    });
    expect(consultationSync.fields.what.safeParse(row?.what).success).toBe(true);
    // Captured like any synced record: one insert, the centre first, to be pushed with the day's work.
    const ops = expandInserts((await db.outbox.toArray()).filter((entry) => entry.table === consultationSync.table));
    expect(ops.map((op) => (op.kind === 'set' ? op.field : op.kind))).toEqual([
      'centreId',
      ...Object.keys(consultationSync.fields).filter((field) => field !== 'centreId'),
    ]);
  });

  it('takes the centre from the detention record when the person is not on this PC, and writes nothing without either', async () => {
    const db = open();
    const beneficiaries = createBeneficiaryRepository(db, () => new Date(now), author);
    const person = await beneficiaries.create(testDraft(now), centreId);
    await createCaseFileRepository(db, () => new Date(now), author).saveDetention(
      person.id,
      detentionDraftSchema(now, '1990-04-12', '').parse({ ...emptyDetentionDraft, establishment: 'Oukacha' }),
    );
    await db.beneficiaries.delete(person.id);
    const consultations = createConsultationRepository(db, () => new Date(now), author);
    expect(await consultations.record(person.id, 'detentionConflict')).toBe(true);
    expect((await db.consultations.toArray()).map((row) => row.centreId)).toEqual([centreId]);

    expect(await consultations.record('0190a8d4-1c2e-7a3b-9c4d-00000000dead', 'detention')).toBe(false);
    expect(await db.consultations.count()).toBe(1);
  });

  it('keeps the data of a version 9 database, its outbox included, when it is upgraded to version 10', async () => {
    const indexedDB = new IDBFactory();
    // The schema as version 9 left it (renderer/db/database.ts): no consultations table.
    const v9 = new Dexie('masar-u1', { indexedDB, IDBKeyRange });
    v9.version(9).stores({
      beneficiaries: 'id, createdAt, fileNumber',
      outbox: '++seq, [table+rowId+field], [table+rowId], pushSeq',
      rowMeta: '[table+rowId], [scope+table]',
      syncMeta: 'key',
      conflicts: 'key, [table+rowId]',
      rejections: '++id, [table+rowId+field]',
      syncJournal: 'id, startedAt',
      centres: 'id',
      duplicateDecisions: 'id, beneficiaryId, otherBeneficiaryId',
      admissions: 'id, beneficiaryId',
      detentionRecords: 'id, beneficiaryId',
      stageChanges: 'id, beneficiaryId',
      diagnostics: 'id, beneficiaryId',
      lifeProjects: 'id, beneficiaryId',
      lifeProjectActions: 'id, beneficiaryId',
      localCache: 'key',
      incomeProjects: 'id, beneficiaryId',
      equipmentLines: 'id, projectId, beneficiaryId',
      fundingShares: 'id, projectId, beneficiaryId',
      ceremonies: 'id, date',
      ceremonyLines: 'id, ceremonyId, beneficiaryId',
      handoverReceipts: 'id, ceremonyId, projectId, beneficiaryId',
    });
    const person = {
      ...testDraft(now),
      id: '0190a8d4-1c2e-7a3b-9c4d-0000000000b1',
      centreId,
      createdAt: 'x',
      updatedAt: 'x',
    };
    const detention = {
      id: person.id,
      centreId,
      beneficiaryId: person.id,
      establishment: 'Oukacha',
      entryDate: '',
      sentenceMonths: null,
      judicialNotes: '',
      updatedAt: 'x',
    };
    const waiting = {
      table: 'detentionRecords',
      rowId: person.id,
      field: 'establishment',
      kind: 'set',
      value: 'Oukacha',
      hlc: 'h',
      baseVersion: null,
    };
    await v9.table('beneficiaries').add(person);
    await v9.table('detentionRecords').add(detention);
    await v9.table('outbox').add(waiting);
    v9.close();

    const db = open(indexedDB);
    expect(db.verno).toBe(10);
    expect(await db.beneficiaries.get(person.id)).toEqual(person);
    expect(await db.detentionRecords.get(person.id)).toEqual(detention);
    expect(await db.outbox.toArray()).toEqual([{ ...waiting, seq: 1 }]);
    expect(await db.consultations.count()).toBe(0);
    // The new table is synced at once: its first row is captured after the waiting op.
    expect(await createConsultationRepository(db, () => new Date(now), author).record(person.id, 'detention')).toBe(
      true,
    );
    expect((await db.outbox.toArray()).map((entry) => [entry.seq, entry.table])).toEqual([
      [1, 'detentionRecords'],
      [2, 'consultations'],
    ]);
  });
});

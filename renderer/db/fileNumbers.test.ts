import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { CentreInfo } from '../../shared/auth/schemas';
import { createBeneficiaryRepository } from './beneficiaryRepository';
import type { MasarDatabase } from './tables';
import { openTestDatabase } from './testDatabase';
import { correctFileNumberPrefixes, storeCentres } from './fileNumbers';
import { createBeneficiarySearch } from './search/beneficiarySearch';
import { expandInserts } from './sync/outboxEntries';
import { testDraft } from './testDraft';

const now = Date.UTC(2026, 10, 28, 12);
const casa: CentreInfo = {
  id: '0190a8d4-1c2e-7a3b-9c4d-0000000000c1',
  code: 'CASA',
  nameFr: 'CAPC Casablanca',
  nameAr: 'مركز الدار البيضاء',
  regionCode: 'CSE',
};

const opened: MasarDatabase[] = [];
function open(): MasarDatabase {
  const db = openTestDatabase(`u${String(opened.length)}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const numberShape = (prefix: string, counter: string) => new RegExp(`^${prefix}-2026-[0-9A-Z]{5}-${counter}$`);

describe('file numbers', () => {
  it('take the centre’s code as soon as the sign-in has named the centre, before any sync', async () => {
    const db = open();
    await storeCentres(db, [casa]);
    const saved = await createBeneficiaryRepository(db, () => new Date(now)).create(testDraft(now), casa.id);
    expect(saved.fileNumber).toMatch(numberShape('CASA', '0001'));
    expect(saved.formerFileNumbers).toEqual([]);
  });

  it('correct a number given before the centre was known, keep the old one findable, and sync the change', async () => {
    const db = open();
    const repository = createBeneficiaryRepository(db, () => new Date(now));
    const early = await repository.create(testDraft(now), casa.id);
    expect(early.fileNumber).toMatch(numberShape('CAPC', '0001'));

    await storeCentres(db, [casa]);
    const corrected = await repository.get(early.id);
    // Same year, database code and counter: only the prefix changes, so the number stays unique.
    expect(corrected?.fileNumber).toBe(early.fileNumber?.replace(/^CAPC-/, 'CASA-'));
    expect(corrected?.formerFileNumbers).toEqual([early.fileNumber]);
    // The next person goes on with the counter.
    const next = await repository.create(testDraft(now, { cin: 'BK998877' }), casa.id);
    expect(next.fileNumber).toMatch(numberShape('CASA', '0002'));

    // Found by the old number and by the new one.
    const search = createBeneficiarySearch(db);
    await search.ready;
    expect(search.search(early.fileNumber ?? '').map((hit) => hit.id)).toEqual([early.id]);
    expect(search.search(corrected?.fileNumber ?? '').map((hit) => hit.id)).toEqual([early.id]);
    search.close();

    // The correction travels with the person: the unsent insert carries the corrected number.
    const ops = expandInserts(await db.outbox.toArray()).filter((op) => op.rowId === early.id);
    expect(ops.filter((op) => op.kind === 'set' && op.field === 'fileNumber').at(-1)?.value).toBe(
      corrected?.fileNumber,
    );
    expect(ops.filter((op) => op.kind === 'set' && op.field === 'formerFileNumbers').at(-1)?.value).toEqual([
      early.fileNumber,
    ]);

    // Nothing left to correct: a second run writes nothing.
    expect(await correctFileNumberPrefixes(db)).toBe(0);
  });

  it('leave alone a number whose centre is still unknown, and a centre whose code really is CAPC', async () => {
    const db = open();
    const repository = createBeneficiaryRepository(db, () => new Date(now));
    const unknownCentre = await repository.create(testDraft(now), '0190a8d4-1c2e-7a3b-9c4d-0000000000c9');
    const capc = { ...casa, id: '0190a8d4-1c2e-7a3b-9c4d-0000000000c2', code: 'CAPC' };
    const inCapc = await repository.create(testDraft(now, { cin: 'BK998877' }), capc.id);
    await storeCentres(db, [casa, capc]);
    expect((await repository.get(unknownCentre.id))?.fileNumber).toBe(unknownCentre.fileNumber);
    expect((await repository.get(inCapc.id))?.fileNumber).toBe(inCapc.fileNumber);
    expect((await repository.get(inCapc.id))?.formerFileNumbers).toEqual([]);
  });
});

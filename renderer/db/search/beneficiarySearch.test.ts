import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { encodeVersions, type PullPage } from '../../../shared/sync/protocol';
import { formatHlc, formatReplicaId } from '../../../shared/sync/hlc';
import { newId } from '../../../shared/ids/uuidv7';
import { createBeneficiaryRepository } from '../beneficiaryRepository';
import type { MasarDatabase } from '../tables';
import { openTestDatabase } from '../testDatabase';
import { generationKey, subscribeRowChanges, type RowChange } from '../rowChanges';
import { loadRows, saveSnapshot } from './listSnapshot';
import { applyPullPage } from '../sync/pullApply';
import { testDraft } from '../testDraft';
import { createBeneficiarySearch, type BeneficiarySearch } from './beneficiarySearch';

const now = Date.UTC(2026, 10, 28, 12);
const centreId = '0190a8d4-1c2e-7a3b-9c4d-0000000000c1';
const otherReplica = formatReplicaId('0190a8d4-1c2e-7a3b-9c4d-00000000d001', '0190a8d4-1c2e-7a3b-9c4d-00000000e001');

const opened: { db: MasarDatabase; search?: BeneficiarySearch }[] = [];
function open() {
  const db = openTestDatabase(`search-${opened.length}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const entry: { db: MasarDatabase; search?: BeneficiarySearch } = { db };
  opened.push(entry);
  return entry;
}
afterEach(() => {
  for (const { db, search } of opened.splice(0)) {
    search?.close();
    db.close();
  }
});

/** Resolves at the search service's next change. */
function nextChange(search: BeneficiarySearch): Promise<void> {
  return new Promise((resolve) => {
    const stop = search.subscribe(() => {
      stop();
      resolve();
    });
  });
}

/** A page as the server sends it: one row of another PC of the centre. */
function pulledPage(id: string, record: Record<string, string>, seq: number): PullPage {
  const hlc = formatHlc({ wall: now, counter: seq, replicaId: otherReplica });
  return {
    scope: centreId,
    table: 'beneficiaries',
    rows: [
      {
        id,
        seq,
        deleted: false,
        record,
        ...encodeVersions(Object.fromEntries(Object.keys(record).map((field) => [field, hlc]))),
        tombstoneVersion: null,
        conflicts: [],
      },
    ],
    removed: [],
    nextSeq: seq,
    resyncRequired: false,
  };
}

describe('the row change feed', () => {
  it('tells the keys a transaction wrote once it committed, and nothing for an aborted one', async () => {
    const { db } = open();
    const told: RowChange[][] = [];
    subscribeRowChanges(db, (changes) => told.push([...changes]));
    const repository = createBeneficiaryRepository(db, () => new Date(now));
    const saved = await repository.create(testDraft(now), centreId);
    expect(told).toEqual([[{ table: 'beneficiaries', keys: [saved.id], generation: expect.any(String) as string }]]);
    // The generation token told is the one stored by the transaction.
    const stored = await db.localCache.get(generationKey('beneficiaries'));
    expect(stored?.value).toBe(told[0]?.[0]?.generation);

    await expect(
      db.transaction('rw', db.beneficiaries, async () => {
        await db.beneficiaries.update(saved.id, { firstNameLatin: 'Youssef' });
        throw new Error('the save fails after the write');
      }),
    ).rejects.toThrow('the save fails');
    expect(told).toHaveLength(1);
    // The aborted write left the token as it was.
    expect((await db.localCache.get(generationKey('beneficiaries')))?.value).toBe(stored?.value);

    await db.transaction('rw', db.beneficiaries, () => db.beneficiaries.clear());
    expect(told[1]).toEqual([{ table: 'beneficiaries', keys: 'all', generation: expect.any(String) as string }]);
    expect(told[1]?.[0]?.generation).not.toBe(stored?.value);
  });
});

describe("the list's snapshot", () => {
  it('opens from the snapshot once written, and from the rows again after any write', async () => {
    const indexedDB = new IDBFactory();
    const openShared = () => {
      const entry = { db: openTestDatabase('snapshot', { indexedDB, IDBKeyRange }) } as {
        db: MasarDatabase;
        search?: BeneficiarySearch;
      };
      opened.push(entry);
      return entry;
    };
    const first = openShared();
    const repository = createBeneficiaryRepository(first.db, () => new Date(now));
    const people = await repository.createMany(
      [testDraft(now), testDraft(now, { firstNameLatin: 'Khadija', sex: 'F', phone: '0612345678' })],
      centreId,
    );
    first.search = createBeneficiarySearch(first.db, { snapshotDelayMs: 60_000 });
    await first.search.ready;
    expect(first.search.loadedFrom()).toBe('rows');
    expect(await first.search.flushSnapshot()).toBe(true);
    first.search.close();
    first.db.close();

    // Reopened: the same people, found the same way, from one record.
    const second = openShared();
    second.search = createBeneficiarySearch(second.db, { snapshotDelayMs: 60_000 });
    await second.search.ready;
    expect(second.search.loadedFrom()).toBe('snapshot');
    expect(second.search.all()).toEqual(await second.db.beneficiaries.orderBy('createdAt').reverse().toArray());
    expect(second.search.search('khadija').map((row) => row.id)).toEqual([people[1]?.id]);
    expect(second.search.get(people[1]?.id ?? '')).toEqual(await second.db.beneficiaries.get(people[1]?.id ?? ''));

    // A write (here an edit, the count unchanged): the snapshot is stale, the rows are read.
    const changed = nextChange(second.search);
    await createBeneficiaryRepository(second.db).update(people[0]?.id ?? '', { firstNameLatin: 'Youssef' });
    await changed;
    second.search.close();
    second.db.close();
    const third = openShared();
    third.search = createBeneficiarySearch(third.db, { snapshotDelayMs: 60_000 });
    await third.search.ready;
    expect(third.search.loadedFrom()).toBe('rows');
    expect(third.search.get(people[0]?.id ?? '')?.firstNameLatin).toBe('Youssef');
  });

  it('is not written over a write the mirror has not seen, nor trusted when rows were added around Dexie', async () => {
    const entry = open();
    const repository = createBeneficiaryRepository(entry.db, () => new Date(now));
    const saved = await repository.create(testDraft(now), centreId);
    const token = (await entry.db.localCache.get(generationKey('beneficiaries')))?.value as string;
    await repository.update(saved.id, { firstNameLatin: 'Youssef' });
    // The mirror says it is at the older token: the compare-and-set refuses.
    expect(await saveSnapshot(entry.db, [saved], token)).toBe(false);

    const current = (await entry.db.localCache.get(generationKey('beneficiaries')))?.value as string;
    const rows = await entry.db.beneficiaries.toArray();
    expect(await saveSnapshot(entry.db, rows, current)).toBe(true);
    expect((await loadRows(entry.db)).source).toBe('snapshot');
    // A row put without Dexie's middleware (no new token): the count tells the snapshot is wrong.
    const raw = entry.db.backendDB();
    await new Promise<void>((resolve, reject) => {
      const transaction = raw.transaction('beneficiaries', 'readwrite');
      transaction.objectStore('beneficiaries').put({ ...saved, id: newId() });
      transaction.oncomplete = () => {
        resolve();
      };
      transaction.onerror = () => {
        reject(new Error('raw put failed'));
      };
    });
    const loaded = await loadRows(entry.db);
    expect(loaded.source).toBe('rows');
    expect(loaded.rows).toHaveLength(2);
  });
});

describe('the beneficiary search service', () => {
  it('holds what was stored before it started, newest first', async () => {
    const entry = open();
    let clock = now;
    const repository = createBeneficiaryRepository(entry.db, () => new Date((clock += 1000)));
    const first = await repository.create(testDraft(now), centreId);
    const second = await repository.create(testDraft(now, { firstNameLatin: 'Khadija', sex: 'F' }), centreId);
    const search = (entry.search = createBeneficiarySearch(entry.db));
    expect(search.isReady()).toBe(false);
    await search.ready;
    expect(search.all().map((row) => row.id)).toEqual([second.id, first.id]);
    expect(search.search('khadija').map((row) => row.id)).toEqual([second.id]);
  });

  it('follows saves, edits and deletions without re-reading the table', async () => {
    const entry = open();
    const search = (entry.search = createBeneficiarySearch(entry.db));
    await search.ready;
    const repository = createBeneficiaryRepository(entry.db, () => new Date(now));

    let changed = nextChange(search);
    const saved = await repository.create(testDraft(now, { lastNameLatin: 'Benali', cin: 'BK 778899' }), centreId);
    await changed;
    expect(search.search('benal').map((row) => row.id)).toEqual([saved.id]);
    expect(search.search('bk778899').map((row) => row.id)).toEqual([saved.id]);

    changed = nextChange(search);
    await entry.db.transaction('rw', entry.db.beneficiaries, () =>
      entry.db.beneficiaries.update(saved.id, { lastNameLatin: 'Tazi' }),
    );
    await changed;
    expect(search.search('benali')).toEqual([]);
    expect(search.get(saved.id)?.lastNameLatin).toBe('Tazi');

    changed = nextChange(search);
    await entry.db.transaction('rw', entry.db.beneficiaries, () => entry.db.beneficiaries.delete(saved.id));
    await changed;
    expect(search.all()).toEqual([]);
    expect(search.search('tazi')).toEqual([]);
  });

  it('finds people received from the server in a pulled page, in either script', async () => {
    const entry = open();
    const search = (entry.search = createBeneficiarySearch(entry.db));
    await search.ready;
    const id = newId();
    const changed = nextChange(search);
    await applyPullPage(
      entry.db,
      pulledPage(
        id,
        {
          centreId,
          lastNameLatin: 'El Idrissi',
          firstNameLatin: 'Youssef',
          lastNameArabic: 'الإدريسي',
          firstNameArabic: 'يوسف',
          sex: 'M',
          dateOfBirth: '1988-02-03',
          cin: 'BH445566',
          prefectureCode: 'CS-SETTAT',
          createdAt: new Date(now).toISOString(),
          updatedAt: new Date(now).toISOString(),
        },
        1,
      ),
      {
        now,
        replicaId: formatReplicaId('0190a8d4-1c2e-7a3b-9c4d-00000000d002', '0190a8d4-1c2e-7a3b-9c4d-00000000e002'),
      },
    );
    await changed;
    expect(search.search('يوسف').map((row) => row.id)).toEqual([id]);
    expect(search.search('idris').map((row) => row.id)).toEqual([id]);
    expect(search.search('youcef idrissi').map((row) => row.id)).toEqual([id]);
  });
});

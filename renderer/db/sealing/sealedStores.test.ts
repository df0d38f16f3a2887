import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { detentionDraftSchema, emptyDetentionDraft } from '../../../shared/casefile/detention';
import { importDataKey, newDataKeyBytes, type DataKey } from '../../crypto/dataKey';
import { createBeneficiaryRepository } from '../beneficiaryRepository';
import { createCaseFileRepository } from '../caseFileRepository';
import { databaseName, openUserDatabase } from '../database';
import type { MasarDatabase } from '../tables';
import { storeCentres } from '../fileNumbers';
import { createBeneficiarySearch } from '../search/beneficiarySearch';
import { readCursors } from '../sync/serverPositions';
import { openTestDatabase, testDataKey } from '../testDatabase';
import { testDraft } from '../testDraft';
import { setAsideDamaged } from './damaged';
import { createKeyRing, SealedStoreLockedError } from './keyRing';
import { expectPlainRecords, prepareSealedDatabase } from './prepare';
import { sealedField, type DamagedRecord } from './sealedStores';

const now = Date.UTC(2026, 11, 7, 10);
const centreId = '0190a8d4-1c2e-7a3b-9c4d-0000000000c1';
const author = { userId: 'u-counsellor', name: 'Nadia Berrada', role: 'conseiller' } as const;

/** What a counsellor typed, that no file of the PC may show in clear. */
const secrets = ['Lahlou', 'Karima', 'لحلو', 'كريمة', 'BK654321', '0612345678', '12, rue Ibn Battouta', 'Oukacha'];

const opened: MasarDatabase[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function open(
  userId: string,
  indexedDB: IDBFactory,
  sealing: Parameters<typeof openTestDatabase>[3] = {},
): MasarDatabase {
  const db = openTestDatabase(userId, { indexedDB, IDBKeyRange }, undefined, sealing);
  opened.push(db);
  return db;
}

/** A day's work through the repositories: a person in both scripts, a detention record. */
async function workingDay(db: MasarDatabase) {
  let clock = now;
  const tick = () => new Date((clock += 1000));
  const person = await createBeneficiaryRepository(db, tick, author).create(
    testDraft(now, {
      lastNameLatin: 'Lahlou',
      firstNameLatin: 'Karima',
      lastNameArabic: 'لحلو',
      firstNameArabic: 'كريمة',
      sex: 'F',
      cin: 'BK654321',
      phone: '0612345678',
      addressLine: '12, rue Ibn Battouta',
    }),
    centreId,
  );
  const detention = detentionDraftSchema(now, '1990-04-12', '').parse({
    ...emptyDetentionDraft,
    establishment: 'Prison locale Oukacha',
    sentenceMonths: 24,
  });
  expect(await createCaseFileRepository(db, tick, author).saveDetention(person.id, detention)).toBe(true);
  return person;
}

/** Every record of every store of a database, as IndexedDB holds it (not through Dexie). */
async function rawStores(indexedDB: IDBFactory, name: string): Promise<Map<string, unknown[]>> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      reject(new Error('open failed'));
    };
  });
  const stores = new Map<string, unknown[]>();
  for (const store of [...idb.objectStoreNames]) {
    stores.set(
      store,
      await new Promise<unknown[]>((resolve, reject) => {
        const request = idb.transaction(store, 'readonly').objectStore(store).getAll();
        request.onsuccess = () => {
          resolve(request.result as unknown[]);
        };
        request.onerror = () => {
          reject(new Error('read failed'));
        };
      }),
    );
  }
  idb.close();
  return stores;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const utf16le = (text: string) =>
  Uint8Array.from({ length: text.length * 2 }, (_, index) => {
    const unit = text.charCodeAt(index >> 1);
    return index % 2 === 0 ? unit & 0xff : unit >> 8;
  });
function includesBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let start = 0; start + needle.length <= haystack.length; start++) {
    for (let index = 0; index < needle.length; index++) if (haystack[start + index] !== needle[index]) continue outer;
    return true;
  }
  return false;
}

/** The secrets found in a value: strings as they are, bytes in UTF-8 and UTF-16. */
function secretsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') for (const secret of secrets) if (value.includes(secret)) found.add(secret);
  if (value instanceof Uint8Array) {
    for (const secret of secrets)
      if (includesBytes(value, utf8(secret)) || includesBytes(value, utf16le(secret))) found.add(secret);
  } else if (Array.isArray(value)) for (const item of value) secretsIn(item, found);
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) {
      secretsIn(key, found);
      secretsIn(item, found);
    }
  return found;
}

async function writeRaw(indexedDB: IDBFactory, name: string, store: string, record: unknown) {
  const idb = await new Promise<IDBDatabase>((resolve) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => {
      resolve(request.result);
    };
  });
  await new Promise<void>((resolve, reject) => {
    const transaction = idb.transaction(store, 'readwrite');
    transaction.objectStore(store).put(record);
    transaction.oncomplete = () => {
      resolve();
    };
    transaction.onerror = () => {
      reject(new Error('write failed'));
    };
  });
  idb.close();
}

describe('the user’s stores sealed at rest', () => {
  it('keep no name (Latin or Arabic), CIN, phone, address or detention term in clear, and read them back', async () => {
    const indexedDB = new IDBFactory();
    const db = open('u-day', indexedDB);
    const person = await workingDay(db);
    // The list's snapshot too (sealed by WebCrypto, outside transactions).
    const search = createBeneficiarySearch(db);
    await search.ready;
    expect(await search.flushSnapshot()).toBe(true);
    search.close();
    db.close();

    const stores = await rawStores(indexedDB, databaseName('u-day'));
    const everything = [...stores.values()].flat();
    expect(everything.length).toBeGreaterThan(10);
    expect([...secretsIn(everything)]).toEqual([]);
    // The outbox and the rows hold what was typed, sealed; the file number only as a blind index.
    const [stored] = (stores.get('beneficiaries') ?? []) as Record<string, unknown>[];
    expect(stored?.[sealedField]).toBeInstanceOf(Uint8Array);
    expect(stored?.['fileNumber']).not.toBe(person.fileNumber);
    expect(Object.keys(stored ?? {}).sort()).toEqual([sealedField, 'createdAt', 'fileNumber', 'id'].sort());

    const snapshot = (stores.get('localCache') as Record<string, unknown>[]).find(
      (entry) => entry['key'] === 'beneficiaries:list',
    );
    expect(snapshot?.['sealedColumns']).toBeInstanceOf(Uint8Array);
    expect(snapshot?.['columns']).toBeUndefined();

    const again = open('u-day', indexedDB);
    const reopened = createBeneficiarySearch(again);
    await reopened.ready;
    expect(reopened.loadedFrom()).toBe('snapshot');
    expect(reopened.all().map((row) => row.cin)).toEqual(['BK654321']);
    reopened.close();
    expect(await createBeneficiaryRepository(again).get(person.id)).toEqual(person);
    expect((await again.detentionRecords.get(person.id))?.establishment).toBe('Prison locale Oukacha');
    expect(
      await again.beneficiaries
        .where('fileNumber')
        .equals(person.fileNumber ?? '')
        .count(),
    ).toBe(1);
    expect(await again.beneficiaries.where('fileNumber').equals('CAPC-2026-XXXX-0001').count()).toBe(0);
    expect(JSON.stringify(await again.outbox.toArray())).toContain('Lahlou');
  });

  it('finds and corrects the numbers given before the centre’s code was known (a prefix kept in clear)', async () => {
    const db = open('u-prefix', new IDBFactory());
    const person = await workingDay(db);
    expect(person.fileNumber).toMatch(/^CAPC-/);
    await storeCentres(db, [
      { id: centreId, code: 'CAS1', nameFr: 'CAPC Casablanca', nameAr: 'الدار البيضاء', regionCode: 'CSE' },
    ]);
    const corrected = await db.beneficiaries.get(person.id);
    expect(corrected?.fileNumber).toMatch(/^CAS1-/);
    expect(corrected?.formerFileNumbers).toEqual([person.fileNumber]);
    await expect(db.beneficiaries.where('fileNumber').between('CAS1-2026', 'CAS1-2027').count()).rejects.toThrow(
      /blind index/,
    );
  });

  it('reads a record moved to another row, or with a flipped byte, as absent and says so', async () => {
    const indexedDB = new IDBFactory();
    const damaged: DamagedRecord[] = [];
    const db = open('u-tamper', indexedDB, { onDamaged: (record) => damaged.push(record) });
    const first = await workingDay(db);
    const second = await createBeneficiaryRepository(db, () => new Date(now), author).create(
      testDraft(now, { lastNameLatin: 'Bennani' }),
      centreId,
    );
    db.close();
    const stores = await rawStores(indexedDB, databaseName('u-tamper'));
    const rows = stores.get('beneficiaries') as Record<string, unknown>[];
    const storedFirst = rows.find((row) => row['id'] === first.id);
    const storedSecond = rows.find((row) => row['id'] === second.id);
    if (!storedFirst || !storedSecond) throw new Error('rows missing');
    // Karima's sealed row put in Bennani's place, and a flipped byte in Karima's detention record.
    await writeRaw(indexedDB, databaseName('u-tamper'), 'beneficiaries', {
      ...storedSecond,
      [sealedField]: storedFirst[sealedField],
    });
    const detention = (stores.get('detentionRecords') as Record<string, unknown>[])[0] ?? {};
    const flipped = new Uint8Array(detention[sealedField] as Uint8Array);
    flipped[flipped.length - 20] = (flipped[flipped.length - 20] ?? 0) ^ 1;
    await writeRaw(indexedDB, databaseName('u-tamper'), 'detentionRecords', { ...detention, [sealedField]: flipped });

    const again = open('u-tamper', indexedDB, { onDamaged: (record) => damaged.push(record) });
    expect(await again.beneficiaries.get(second.id)).toBeUndefined();
    expect((await again.beneficiaries.toArray()).map((row) => row.id)).toEqual([first.id]);
    expect(await again.detentionRecords.get(first.id)).toBeUndefined();
    expect(await again.detentionRecords.where('beneficiaryId').equals(first.id).toArray()).toEqual([]);
    expect(damaged).toEqual(
      expect.arrayContaining([
        { table: 'beneficiaries', key: second.id, reason: 'not-authentic' },
        { table: 'detentionRecords', key: first.id, reason: 'not-authentic' },
      ]),
    );
  });

  it('refuses to read or write while the session is locked, and works again once unlocked', async () => {
    const keys = createKeyRing(testDataKey);
    const db = open('u-lock', new IDBFactory(), { keys });
    const person = await workingDay(db);
    keys.set(null);
    await expect(db.beneficiaries.get(person.id)).rejects.toBeInstanceOf(SealedStoreLockedError);
    await expect(db.beneficiaries.toArray()).rejects.toBeInstanceOf(SealedStoreLockedError);
    await expect(
      createBeneficiaryRepository(db, () => new Date(now), author).create(testDraft(now), centreId),
    ).rejects.toThrow();
    keys.set(testDataKey);
    expect((await db.beneficiaries.get(person.id))?.cin).toBe('BK654321');
    expect(await db.beneficiaries.count()).toBe(1);
  });
});

describe('a database opened for a session', () => {
  const otherKey = async (): Promise<DataKey> => importDataKey(newDataKeyBytes());

  it('seals what was written in clear before, without sending anything again', async () => {
    const indexedDB = new IDBFactory();
    const plain = openUserDatabase('u-legacy', { indexedDB, IDBKeyRange });
    opened.push(plain);
    const person = await workingDay(plain);
    const outbox = await plain.outbox.count();
    plain.close();
    expect([...secretsIn([...(await rawStores(indexedDB, databaseName('u-legacy'))).values()])]).not.toEqual([]);

    const db = open('u-legacy', indexedDB);
    const prepared = await prepareSealedDatabase(db, 'u-legacy', testDataKey);
    expect(prepared).toEqual({ kind: 'ready', sealedNow: expect.any(Number) as number });
    expect(prepared.kind === 'ready' && prepared.sealedNow).toBeGreaterThanOrEqual(outbox + 2);
    expect(await db.outbox.count()).toBe(outbox);
    expect(await createBeneficiaryRepository(db).get(person.id)).toEqual(person);
    db.close();
    expect([...secretsIn([...(await rawStores(indexedDB, databaseName('u-legacy'))).values()])]).toEqual([]);
    // Once sealed, the next session has nothing more to do…
    const next = open('u-legacy', indexedDB);
    expect(await prepareSealedDatabase(next, 'u-legacy', testDataKey)).toEqual({ kind: 'ready', sealedNow: 0 });
    next.close();
    // …until a session without a key writes in clear again.
    const keyless = openUserDatabase('u-legacy', { indexedDB, IDBKeyRange });
    opened.push(keyless);
    await expectPlainRecords(keyless);
    await createBeneficiaryRepository(keyless, () => new Date(now), author).create(
      testDraft(now, { lastNameLatin: 'Lahlou', cin: 'BK654321' }),
      centreId,
    );
    keyless.close();
    expect([...secretsIn([...(await rawStores(indexedDB, databaseName('u-legacy'))).values()])].sort()).toEqual([
      'BK654321',
      'Lahlou',
    ]);
    const after = open('u-legacy', indexedDB);
    const resealed = await prepareSealedDatabase(after, 'u-legacy', testDataKey);
    expect(resealed.kind === 'ready' && resealed.sealedNow).toBeGreaterThan(0);
    after.close();
    expect([...secretsIn([...(await rawStores(indexedDB, databaseName('u-legacy'))).values()])]).toEqual([]);
  });

  it('tells a key that opens nothing (another user’s, or a lost one), with the unsent changes it holds', async () => {
    const indexedDB = new IDBFactory();
    const db = open('u-lost', indexedDB);
    expect(await prepareSealedDatabase(db, 'u-lost', testDataKey)).toEqual({ kind: 'ready', sealedNow: 0 });
    await workingDay(db);
    const unsent = await db.outbox.count();
    db.close();

    const key = await otherKey();
    const other = open('u-lost', indexedDB, { keys: createKeyRing(key), onDamaged: () => undefined });
    expect(await prepareSealedDatabase(other, 'u-lost', key)).toEqual({ kind: 'key-lost', unsentChanges: unsent });
    // Nothing of it opens with that key: every row reads as absent.
    expect(await other.beneficiaries.toArray()).toEqual([]);
  });

  it('sets damaged records aside: a synced table is pulled again, a lost outbox entry is counted', async () => {
    const indexedDB = new IDBFactory();
    const db = open('u-aside', indexedDB);
    const person = await workingDay(db);
    const scope = centreId;
    await db.rowMeta.update(['beneficiaries', person.id], { scope, seq: 3 });
    await db.syncMeta.put({ key: `cursor:${scope}:beneficiaries`, value: '3' });
    expect((await readCursors(db)).some((cursor) => cursor.table === 'beneficiaries')).toBe(true);
    const [entry] = await db.outbox.toArray();

    const aside = await setAsideDamaged(db, [
      { table: 'beneficiaries', key: person.id, reason: 'not-authentic' },
      { table: 'outbox', key: entry?.seq, reason: 'not-authentic' },
    ]);
    expect(aside).toEqual({ tablesPulledAgain: 1, unsentChangesLost: 1 });
    expect(
      (await readCursors(db)).find((cursor) => cursor.table === 'beneficiaries' && cursor.scope === scope),
    ).toEqual(undefined);
    expect(await db.outbox.get(entry?.seq ?? -1)).toBeUndefined();
  });
});

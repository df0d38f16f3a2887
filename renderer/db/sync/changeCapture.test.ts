import { afterEach, describe, expect, it } from 'vitest';
import Dexie, { type DBCoreTable } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { type Beneficiary } from '../../../shared/beneficiary/beneficiary';
import { parseHlc } from '../../../shared/sync/hlc';
import type { MasarDatabase } from '../tables';
import { openTestDatabase } from '../testDatabase';
import { createBeneficiaryRepository } from '../beneficiaryRepository';
import { applyRemote } from './changeCapture';
import { expandInserts } from './outboxEntries';
import { versionOf } from './rowMeta';
import { opsPerNewBeneficiary, testDraft } from '../testDraft';

const now = Date.UTC(2026, 10, 28, 12);
const replicaId = '0190b1e4-7c3a-7000-8000-00000000d001.0190b1e4-7c3a-7000-8000-00000000a001';
const draft = testDraft(now);
const centreId = '0190a8d4-1c2e-7a3b-9c4d-0000000000c1';
// Every synced field of a new record (the draft's, its centre, file number, stage, admission details, stamps).
const fieldCount = opsPerNewBeneficiary;

const opened: Dexie[] = [];
function open(clock: () => number = () => now, indexedDB = new IDBFactory()): MasarDatabase {
  const db = openTestDatabase('u1', { indexedDB, IDBKeyRange }, { now: clock, replicaId });
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** A layer of the test's own between the capture and the store, replacing some of each table's requests. */
function belowCapture(db: Dexie, replace: (table: DBCoreTable, name: string) => Partial<DBCoreTable>): void {
  db.use({
    stack: 'dbcore',
    name: 'testLayer',
    level: -25,
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return { ...table, ...replace(table, name) };
      },
    }),
  });
}

async function clockOf(db: MasarDatabase) {
  const entry = await db.syncMeta.get('hlc');
  if (!entry) return undefined;
  const parsed = parseHlc(entry.value);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe('local change capture', () => {
  it('writes the row, one insert entry holding every field, the versions and the advanced clock on create', async () => {
    const db = open();
    const saved = await createBeneficiaryRepository(db, () => new Date(now)).create(draft, centreId);
    expect(await db.beneficiaries.get(saved.id)).toEqual(saved);
    const stored = await db.outbox.toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ table: 'beneficiaries', rowId: saved.id, field: '$row', kind: 'insert' });
    // The row's centre first: the server places a new row by it.
    expect(Object.keys(stored[0]?.value ?? {})[0]).toBe('centreId');
    const outbox = expandInserts(stored);
    expect(outbox).toHaveLength(fieldCount);
    // The field ops keep the insert's place in the order, between its seq and the next one.
    const seq = stored[0]?.seq ?? 0;
    expect(outbox.every((entry) => (entry.seq ?? 0) > seq && (entry.seq ?? 0) < seq + 1)).toBe(true);
    expect(outbox.map((entry) => entry.seq)).toEqual(
      [...outbox.map((entry) => entry.seq)].sort((a, b) => (a ?? 0) - (b ?? 0)),
    );
    expect(outbox.map((entry) => entry.field).sort()).toEqual(
      Object.keys(saved)
        .filter((f) => f !== 'id')
        .sort(),
    );
    const cin = outbox.find((entry) => entry.field === 'cin');
    expect(cin).toMatchObject({ table: 'beneficiaries', rowId: saved.id, kind: 'set', value: 'BE123456' });
    expect(cin?.baseVersion).toBeNull();
    const clock = await clockOf(db);
    expect(clock).toEqual({ wall: now, counter: 0, replicaId });
    expect(new Set(outbox.map((entry) => entry.hlc))).toEqual(new Set([(await db.syncMeta.get('hlc'))?.value]));
    // One metadata record for the row, holding every field's version; no server seq yet.
    expect(await db.rowMeta.count()).toBe(1);
    const meta = await db.rowMeta.get(['beneficiaries', saved.id]);
    expect(Object.keys(meta?.versions ?? {})).toHaveLength(fieldCount);
    expect(meta).not.toHaveProperty('seq');
    expect(await versionOf(db, 'beneficiaries', saved.id, 'cin')).toEqual({ hlc: cin?.hlc, replicaId });
    expect((await db.syncMeta.get('replicaId'))?.value).toBe(replicaId);
  });

  it('writes one entry per changed field on update, based on the previous versions', async () => {
    let clock = now;
    const db = open(() => clock);
    const saved = await createBeneficiaryRepository(db, () => new Date(now)).create(draft, centreId);
    const firstHlc = (await versionOf(db, 'beneficiaries', saved.id, 'cin'))?.hlc;
    clock += 1000;
    await db.beneficiaries.put({ ...saved, cin: 'BE999999', firstNameLatin: 'Mehdi' });
    const updates = (await db.outbox.toArray()).slice(1);
    expect(updates.map((entry) => [entry.field, entry.value])).toEqual([
      ['firstNameLatin', 'Mehdi'],
      ['cin', 'BE999999'],
    ]);
    expect(updates[1]?.baseVersion).toEqual({ hlc: firstHlc, replicaId });
    expect((await clockOf(db))?.wall).toBe(now + 1000);

    await db.beneficiaries.update(saved.id, { sex: 'F' });
    expect((await db.outbox.toArray()).slice(3).map((entry) => entry.field)).toEqual(['sex']);
  });

  it('does not read again a row its transaction just read, and captures a change made to the object read', async () => {
    const db = open();
    const reads: string[] = [];
    // Between the capture and the sealing: what the capture reads from the store.
    belowCapture(db, (table, name) => ({
      get: (req) => {
        reads.push(name);
        return table.get(req);
      },
      getMany: (req) => {
        reads.push(name);
        return table.getMany(req);
      },
    }));
    const saved = await createBeneficiaryRepository(db, () => new Date(now)).create(draft, centreId);
    reads.length = 0;
    await db.transaction('rw', db.beneficiaries, async () => {
      const row = await db.beneficiaries.get(saved.id);
      if (!row) throw new Error('the row was saved');
      // The caller changes the very object it read: what was read must not change with it.
      row.cin = 'BE777777';
      await db.beneficiaries.put(row);
      // Read again after a write: from the store, not from what was read before it.
      const again = await db.beneficiaries.get(saved.id);
      await db.beneficiaries.put({ ...again, firstNameLatin: 'Mehdi' } as Beneficiary);
    });
    // The two reads of the caller; neither write read the row again (four reads otherwise).
    expect(reads.filter((table) => table === 'beneficiaries')).toHaveLength(2);
    expect((await db.outbox.toArray()).slice(1).map((entry) => [entry.field, entry.value])).toEqual([
      ['cin', 'BE777777'],
      ['firstNameLatin', 'Mehdi'],
    ]);
  });

  it('aborts the whole transaction when a put fails, so that no outbox entry outlives it', async () => {
    const db = open();
    // Below the capture: the store refuses rows marked so, as a broken request would be.
    belowCapture(db, (table) => ({
      mutate: (req) =>
        req.type === 'put' && req.values.some((value) => (value as Beneficiary).cin === 'REFUSED')
          ? Promise.resolve({ numFailures: 1, failures: { 0: new Error('refused') }, lastResult: undefined })
          : table.mutate(req),
    }));
    const saved = await createBeneficiaryRepository(db, () => new Date(now)).create(draft, centreId);
    const outboxBefore = await db.outbox.toArray();
    const clockBefore = await db.syncMeta.get('hlc');
    const failing = db.transaction('rw', db.beneficiaries, async () => {
      await db.beneficiaries.put({ ...saved, firstNameLatin: 'Mehdi' });
      // The caller even swallows the failure: the transaction is aborted all the same.
      await db.beneficiaries.put({ ...saved, cin: 'REFUSED' }).catch(() => undefined);
    });
    await expect(failing).rejects.toThrow();
    expect(await db.beneficiaries.get(saved.id)).toEqual(saved);
    expect(await db.outbox.toArray()).toEqual(outboxBefore);
    expect(await db.syncMeta.get('hlc')).toEqual(clockBefore);
  });

  it('compares a write with the row as it is, when a read of it was in flight across another write', async () => {
    const db = open();
    const saved = await createBeneficiaryRepository(db, () => new Date(now)).create(draft, centreId);
    await db.transaction('rw', db.beneficiaries, async () => {
      const [stale] = await Promise.all([
        db.beneficiaries.get(saved.id),
        db.beneficiaries.put({ ...saved, cin: 'BE777777' }),
      ]);
      // Writes the CIN read before the first write back, with another field.
      await db.beneficiaries.put({ ...stale, firstNameLatin: 'Mehdi' } as Beneficiary);
    });
    expect((await db.beneficiaries.get(saved.id))?.cin).toBe(saved.cin);
    expect((await db.outbox.toArray()).slice(1).map((entry) => [entry.field, entry.value])).toEqual([
      ['cin', 'BE777777'],
      ['firstNameLatin', 'Mehdi'],
      ['cin', saved.cin],
    ]);
  });

  it('writes field ops, not an insert, for a row this PC had before (deleted, then put back)', async () => {
    const db = open();
    const saved = await createBeneficiaryRepository(db, () => new Date(now)).create(draft, centreId);
    await db.beneficiaries.delete(saved.id);
    await db.beneficiaries.add(saved);
    const after = (await db.outbox.toArray()).slice(2);
    expect(after).toHaveLength(fieldCount);
    expect(after.every((entry) => entry.kind === 'set')).toBe(true);
    // Each based on the version the deleted row's field had.
    expect(after.find((entry) => entry.field === 'cin')?.baseVersion).toEqual(
      (await db.outbox.toArray()).at(1)?.seenVersions?.cin?.[0],
    );
  });

  it('writes a tombstone op with the seen versions on delete', async () => {
    const db = open();
    const saved = await createBeneficiaryRepository(db, () => new Date(now)).create(draft, centreId);
    await db.beneficiaries.delete(saved.id);
    const last = (await db.outbox.toArray()).at(-1);
    expect(last).toMatchObject({ field: '$deleted', kind: 'delete', value: true, baseVersion: null });
    expect(Object.keys(last?.seenVersions ?? {})).toHaveLength(fieldCount);
    expect(await versionOf(db, 'beneficiaries', saved.id, '$deleted')).toEqual({ hlc: last?.hlc, replicaId });
    expect(await versionOf(db, 'beneficiaries', saved.id, 'cin')).toEqual(last?.seenVersions?.cin?.[0]);
  });

  it('keeps nothing of a transaction that throws after the write', async () => {
    const db = open();
    const repository = createBeneficiaryRepository(db, () => new Date(now));
    await repository.create(draft, centreId);
    const clockBefore = await db.syncMeta.get('hlc');
    const failing = db.transaction('rw', db.beneficiaries, async () => {
      await db.beneficiaries.add({ ...(await db.beneficiaries.toCollection().first()), id: 'other' } as Beneficiary);
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(await db.beneficiaries.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.syncMeta.get('hlc')).toEqual(clockBefore);
  });

  it('does not capture writes applied from the server', async () => {
    const db = open();
    const saved = await createBeneficiaryRepository(db, () => new Date(now)).create(draft, centreId);
    await applyRemote(db, ['beneficiaries'], async () => {
      await db.beneficiaries.put({ ...saved, cin: 'XY1' });
      await db.beneficiaries.add({ ...saved, id: 'remote-row' });
    });
    expect(await db.beneficiaries.count()).toBe(2);
    expect(await db.outbox.count()).toBe(1);
    // A later local write is captured again.
    await db.beneficiaries.update(saved.id, { cin: 'XY2' });
    expect(await db.outbox.count()).toBe(2);
  });

  it('refuses to mark a transaction it did not open as remote', async () => {
    const db = open();
    await db.transaction('rw', db.beneficiaries, async () => {
      expect(() => applyRemote(db, ['beneficiaries'], () => Promise.resolve())).toThrow('own transaction');
      await Promise.resolve();
    });
  });

  it('keeps the clock increasing when Date.now goes backwards', async () => {
    const readings = [now, now - 86_400_000, now - 2 * 86_400_000];
    let call = 0;
    const db = open(() => readings[Math.min(call++, readings.length - 1)] ?? now);
    const repository = createBeneficiaryRepository(db, () => new Date(now));
    const hlcs: string[] = [];
    for (let i = 0; i < 3; i++) {
      await repository.create(draft, centreId);
      const value = (await db.syncMeta.get('hlc'))?.value;
      if (value) hlcs.push(value);
    }
    expect(hlcs).toHaveLength(3);
    expect([...hlcs].sort()).toEqual(hlcs);
    expect(new Set(hlcs).size).toBe(3);
    expect(await clockOf(db)).toEqual({ wall: now, counter: 2, replicaId });
  });

  it('stamps concurrent writes of one transaction with distinct timestamps', async () => {
    const db = open();
    await db.transaction('rw', db.beneficiaries, async () => {
      await Promise.all([
        db.beneficiaries.add({ ...draft, centreId, id: 'a', createdAt: 'x', updatedAt: 'x' }),
        db.beneficiaries.add({ ...draft, centreId, id: 'b', createdAt: 'x', updatedAt: 'x' }),
      ]);
    });
    const hlcs = new Set((await db.outbox.toArray()).map((entry) => entry.hlc));
    expect(hlcs.size).toBe(2);
    expect((await clockOf(db))?.counter).toBe(1);
  });

  it('keeps the data of a version 1 database when it is upgraded to the latest version', async () => {
    const indexedDB = new IDBFactory();
    const v1 = new Dexie('masar-u1', { indexedDB, IDBKeyRange });
    v1.version(1).stores({ beneficiaries: 'id, createdAt' });
    const row = { ...draft, id: 'old', createdAt: 'x', updatedAt: 'x' };
    await v1.table('beneficiaries').add(row);
    v1.close();

    const db = open(() => now, indexedDB);
    expect(await db.beneficiaries.get('old')).toEqual(row);
    expect(db.verno).toBe(10);
    expect(await db.outbox.count()).toBe(0);
  });

  it('keeps the rows, the outbox and the field versions of a version 2 database when it is upgraded to version 3', async () => {
    const indexedDB = new IDBFactory();
    const v2 = new Dexie('masar-u1', { indexedDB, IDBKeyRange });
    v2.version(1).stores({ beneficiaries: 'id, createdAt' });
    v2.version(2).stores({
      beneficiaries: 'id, createdAt',
      outbox: '++seq, [table+rowId+field]',
      fieldVersions: '[table+rowId+field]',
      syncMeta: 'key',
    });
    const row = { ...draft, centreId, id: 'old', createdAt: 'x', updatedAt: 'x' };
    const op = {
      table: 'beneficiaries',
      rowId: 'old',
      field: 'cin',
      kind: 'set',
      value: 'X',
      hlc: 'h',
      baseVersion: null,
    };
    await v2.table('beneficiaries').add(row);
    await v2.table('outbox').add(op);
    await v2.table('syncMeta').add({ key: 'replicaId', value: replicaId });
    const cinVersion = { hlc: `0000000000000001-00000-${replicaId}`, replicaId };
    const nameVersion = { hlc: `0000000000000002-00000-${replicaId}`, replicaId };
    await v2.table('fieldVersions').bulkAdd([
      { table: 'beneficiaries', rowId: 'old', field: 'cin', ...cinVersion },
      { table: 'beneficiaries', rowId: 'old', field: 'lastNameLatin', ...nameVersion },
      { table: 'beneficiaries', rowId: 'gone', field: '$deleted', ...nameVersion },
    ]);
    v2.close();

    const db = open(() => now, indexedDB);
    expect(await db.beneficiaries.get('old')).toEqual(row);
    expect(await db.outbox.toArray()).toEqual([{ ...op, seq: 1 }]);
    expect(await db.outbox.where('[table+rowId]').equals(['beneficiaries', 'old']).count()).toBe(1);
    expect(await db.conflicts.count()).toBe(0);
    // The per-field versions became one record per row, without a server seq; the old table is gone.
    expect(await db.rowMeta.orderBy(':id').toArray()).toEqual([
      { table: 'beneficiaries', rowId: 'gone', versions: { $deleted: nameVersion } },
      { table: 'beneficiaries', rowId: 'old', versions: { cin: cinVersion, lastNameLatin: nameVersion } },
    ]);
    expect(db.tables.map((table) => table.name)).not.toContain('fieldVersions');
    expect(db.backendDB().objectStoreNames.contains('fieldVersions')).toBe(false);
    // A later write is based on the migrated version.
    await db.beneficiaries.update('old', { cin: 'BE777777' });
    expect((await db.outbox.toArray()).at(-1)).toMatchObject({ field: 'cin', baseVersion: cinVersion });
    expect(await versionOf(db, 'beneficiaries', 'old', 'lastNameLatin')).toEqual(nameVersion);
  });

  it('stamps writes with the clock corrected by the offset measured at the last sync', async () => {
    const db = open();
    await db.syncMeta.put({ key: 'clockOffsetMs', value: String(-3 * 86_400_000) });
    await createBeneficiaryRepository(db, () => new Date(now)).create(draft, centreId);
    expect((await clockOf(db))?.wall).toBe(now - 3 * 86_400_000);
  });
});

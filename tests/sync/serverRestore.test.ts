/**
 * A server restored from an earlier backup (docs/sync-protocol.md, "A server restored from a
 * backup"): the PCs deleted the ops the server had acknowledged, so only they still hold what the
 * server lost. Two PCs sync, the database is copied (the backup: the SQLite file, or a PostgreSQL
 * template copy), both do more work and sync it, the copy is put back and the server started
 * again on it: after both sync again, every row and every field value is on the server and on
 * both PCs again, nothing twice, a row deleted after the backup stays deleted, and the receipt
 * says what happened.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Beneficiary } from '../../shared/beneficiary/beneficiary';
import { isDeleted } from '../../shared/sync/merge';
import { parseState } from '../../server/src/sync/state';
import { engines } from '../../server/test/support/testDatabase';
import { removalHoldMs } from '../../renderer/db/sync/accessRemoval';
import { setUserCentres } from '../../server/src/db';
import { createCaseFileRepository } from '../../renderer/db/caseFileRepository';
import { walkTo } from '../../renderer/db/testCaseFile';
import {
  addClient,
  addOtherCentre,
  comparable,
  conflictsOf,
  startSyncWorld,
  type Client,
  type SyncWorld,
} from './syncHarness';

let world: SyncWorld;
afterEach(async () => {
  await world.close();
});

/** Every synced row the server holds: its deletion state and its values, by table and id. */
async function serverRows(): Promise<Map<string, { deleted: boolean; record: Record<string, unknown> }>> {
  const rows = await world.database.db.selectFrom('sync_rows').select(['table_name', 'row_id', 'state']).execute();
  return new Map(
    rows.map((row) => {
      const state = parseState(row.state);
      return [`${row.table_name}/${row.row_id}`, { deleted: isDeleted(state), record: { ...state.record } }];
    }),
  );
}

async function syncInTurn(pcs: readonly Client[], rounds = 2) {
  for (let round = 0; round < rounds; round++)
    for (const pc of pcs) expect(await pc.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0 });
}

/** What a PC holds of its synced work: rows as the screens show them, nothing waiting. */
async function settled(pc: Client): Promise<Beneficiary[]> {
  expect(await pc.db.outbox.count()).toBe(0);
  expect(await conflictsOf(pc.db)).toEqual([]);
  return comparable(await pc.rows());
}

describe.each(engines)('a server restored from an earlier backup, on %s', (engine) => {
  beforeEach(async () => {
    world = await startSyncWorld({ engine });
  });

  /**
   * Before the backup: A's Alaoui and Gamma, B's Bennani. After it: A edits Alaoui and creates
   * Delta, B edits A's Alaoui (another field) and its own Bennani and creates Epsilon, A deletes
   * Gamma; everything is synced and acknowledged, both PCs hold everything.
   */
  async function workLostByTheServer() {
    const a = await addClient(world, 'a');
    const b = await addClient(world, 'b');
    const alaoui = await a.create({ lastNameLatin: 'Alaoui', firstNameLatin: 'Amina' });
    const gamma = await a.create({ lastNameLatin: 'Gamma', firstNameLatin: 'Ghita' });
    const bennani = await b.create({ lastNameLatin: 'Bennani', firstNameLatin: 'Badr' });
    await syncInTurn([a, b]);
    const backup = await world.backup();

    await a.edit(alaoui.id, { firstNameLatin: 'Asmae', phone: '+212600000001' });
    const delta = await a.create({ lastNameLatin: 'Delta', firstNameLatin: 'Driss' });
    await b.edit(alaoui.id, { cin: 'BK123456' });
    await b.edit(bennani.id, { firstNameLatin: 'Bilal', releaseDate: '2025-01-15' });
    const epsilon = await b.create({ lastNameLatin: 'Epsilon', firstNameLatin: 'Essaid' });
    await a.db.transaction('rw', a.db.beneficiaries, () => a.db.beneficiaries.delete(gamma.id));
    await syncInTurn([a, b]);

    const before = { server: await serverRows(), rows: await settled(a) };
    expect(await settled(b)).toEqual(before.rows);
    expect(before.rows.map((row) => row.lastNameLatin).sort()).toEqual(['Alaoui', 'Bennani', 'Delta', 'Epsilon']);
    expect(before.server.get(`beneficiaries/${gamma.id}`)?.deleted).toBe(true);
    return { a, b, backup, before, ids: { alaoui: alaoui.id, gamma: gamma.id, delta: delta.id, epsilon: epsilon.id } };
  }

  it('gets back every row and field value from the PCs, nothing twice, and a deleted row stays deleted', async () => {
    const { a, b, backup, before, ids } = await workLostByTheServer();
    await world.restoreBackup(backup);
    // The restored server has lost Delta and Epsilon, the edits, and Gamma's deletion.
    const restored = await serverRows();
    expect(restored.has(`beneficiaries/${ids.delta}`)).toBe(false);
    expect(restored.get(`beneficiaries/${ids.gamma}`)?.deleted).toBe(false);

    // A has nothing waiting: it learns from the pull that the server lost what it acknowledged.
    const first = await a.engine.run();
    expect(first).toMatchObject({ outcome: 'ok', rejections: 0, conflictsOpened: 0 });
    expect(first.restoredRows).toBeGreaterThan(0);
    await syncInTurn([b, a]);

    expect(await serverRows()).toEqual(before.server);
    expect(await settled(a)).toEqual(before.rows);
    expect(await settled(b)).toEqual(before.rows);
    for (const pc of [a, b]) expect(await pc.db.beneficiaries.get(ids.gamma)).toBeUndefined();
    // Each PC's journal says the server had lost data, and B's that it had nothing more to add.
    const [latestOfA] = await a.engine.readJournal();
    expect(latestOfA?.restoredRows).toBeUndefined();
    expect((await a.engine.readJournal()).some((receipt) => (receipt.restoredRows ?? 0) > 0)).toBe(true);
  });

  it('a PC with edits waiting sends them after comparing, based on what the server holds now', async () => {
    const { a, b, backup, before, ids } = await workLostByTheServer();
    await world.restoreBackup(backup);
    // B edits A's Delta (which the server lost) and its own Epsilon before syncing.
    await b.edit(ids.delta, { phone: '+212600000042' });
    await b.edit(ids.epsilon, { firstNameLatin: 'Elias' });

    // B's push meets a gap below what it had acknowledged: it compares first, then sends.
    const first = await b.engine.run();
    expect(first).toMatchObject({ outcome: 'ok', rejections: 0, conflictsOpened: 0 });
    expect(first.restoredRows).toBeGreaterThan(0);
    await syncInTurn([a, b]);

    const expected = before.rows.map((row) =>
      row.id === ids.delta
        ? { ...row, phone: '+212600000042' }
        : row.id === ids.epsilon
          ? { ...row, firstNameLatin: 'Elias' }
          : row,
    );
    expect(await settled(a)).toEqual(expected);
    expect(await settled(b)).toEqual(expected);
    const server = await serverRows();
    expect([...server.keys()].sort()).toEqual([...before.server.keys()].sort());
    expect(server.get(`beneficiaries/${ids.delta}`)?.record).toMatchObject({ phone: '+212600000042' });
    expect(server.get(`beneficiaries/${ids.gamma}`)?.deleted).toBe(true);
  });

  it("gets back a file's parcours (records, moves, the stage) through the server's rules, whoever syncs first", async () => {
    const a = await addClient(world, 'a');
    const b = await addClient(world, 'b');
    const person = await a.create({ lastNameLatin: 'Tazi' });
    await syncInTurn([a, b]);
    const backup = await world.backup();
    // After the backup, A takes the file to the diagnostic (its records, two moves) and B holds it all.
    const caseFiles = createCaseFileRepository(a.db, () => new Date(a.now()), a.author);
    await walkTo(caseFiles, person.id, 'projetDeVie', a.now());
    await syncInTurn([a, b]);
    const before = { server: await serverRows(), rows: await settled(a) };
    expect(before.rows[0]).toMatchObject({ stage: 'projetDeVie' });
    const history = async (pc: Client) => (await pc.db.stageChanges.orderBy('id').toArray()).map((row) => row);
    const moves = await history(a);
    expect(moves.map((move) => move.to)).toEqual(['diagnostic', 'projetDeVie']);
    expect(await history(b)).toEqual(moves);

    await world.restoreBackup(backup);
    // B syncs first: it sends again what it may (not A's author fields), A then completes it.
    // B syncs first: it sends again what it may, not A's author fields; the server refuses the
    // stage without its moves' authors, and B's Rejets says why.
    expect(await b.engine.run()).toMatchObject({ outcome: 'ok', rejections: 1 });
    const [refused] = await b.engine.readRejections();
    expect(refused).toMatchObject({ table: 'beneficiaries', field: 'stage', reason: 'rule' });
    expect(refused?.restoredVersion).toBeDefined();
    // A, the author, sends the rest; B's rejection then settles by itself.
    await syncInTurn([a, b]);
    expect(await serverRows()).toEqual(before.server);
    for (const pc of [a, b]) {
      expect(await settled(pc)).toEqual(before.rows);
      expect(await history(pc)).toEqual(moves);
      expect(await pc.engine.readRejections()).toEqual([]);
    }
  });

  it('keeps the rows of a centre the restore took off the account, sends them again once it is given back, and removes them only after the hold', async () => {
    const otherCentre = await addOtherCentre(world);
    const a = await addClient(world, 'a');
    await a.create({ lastNameLatin: 'Alaoui' });
    expect(await a.engine.run()).toMatchObject({ outcome: 'ok' });
    const backup = await world.backup();
    // After the backup, the account is given the other centre and A works there.
    await setUserCentres(world.database.db, a.userId, [world.centreId, otherCentre]);
    const there = await a.create({ lastNameLatin: 'Mansouri' }, otherCentre);
    expect(await a.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0 });

    await world.restoreBackup(backup);
    // The restored server lost the row and the account's new centre: the PC keeps the row.
    const kept = await a.engine.run();
    expect(kept).toMatchObject({ outcome: 'ok', heldRows: 1 });
    expect(kept.removedRows).toBeUndefined();
    expect(await a.db.beneficiaries.get(there.id)).toBeDefined();

    // The administrator gives the centre back: the next sync sends the row again.
    await setUserCentres(world.database.db, a.userId, [world.centreId, otherCentre]);
    const back = await a.engine.run();
    expect(back).toMatchObject({ outcome: 'ok', rejections: 0 });
    expect(back.restoredRows).toBeGreaterThan(0);
    expect((await serverRows()).get(`beneficiaries/${there.id}`)?.record).toMatchObject({
      lastNameLatin: 'Mansouri',
      centreId: otherCentre,
    });

    // Taken off for real, once the hold has passed: the rows go.
    await setUserCentres(world.database.db, a.userId, [world.centreId]);
    expect(await a.engine.run()).toMatchObject({ outcome: 'ok', heldRows: 1 });
    a.skewMs = removalHoldMs + 60_000;
    const removed = await a.engine.run();
    expect(removed).toMatchObject({ outcome: 'ok', removedRows: { centre: 1, restricted: 0 } });
    expect(removed.heldRows).toBeUndefined();
    expect(await a.db.beneficiaries.get(there.id)).toBeUndefined();
  });
});

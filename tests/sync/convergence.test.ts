/**
 * Two and three PCs editing the same record offline, syncing in every order: they end with the
 * same rows, the same winner, and the same conflicts to review; a resolution closes them everywhere.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { versionOf } from '../../renderer/db/sync/rowMeta';
import { addClient, comparable, conflictsOf, startSyncWorld, type Client, type SyncWorld } from './syncHarness';

let world: SyncWorld;
beforeEach(async () => {
  world = await startSyncWorld();
});
afterEach(async () => {
  await world.close();
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

async function syncAll(order: readonly Client[]) {
  // Twice round: the first to sync only sees the others' edits on its second turn.
  for (let round = 0; round < 2; round++)
    for (const pc of order) expect(await pc.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0 });
}

/** A record created on the first PC and synced to all, then every PC offline. */
async function sharedRecord(pcs: readonly Client[]) {
  const [first] = pcs;
  if (!first) throw new Error('no PC');
  const saved = await first.create();
  await syncAll(pcs);
  for (const pc of pcs) expect(await pc.db.beneficiaries.get(saved.id)).toEqual(saved);
  return saved;
}

async function expectConverged(pcs: readonly Client[]) {
  const [first, ...others] = pcs;
  if (!first) throw new Error('no PC');
  const rows = comparable(await first.rows());
  const conflicts = await conflictsOf(first.db);
  for (const pc of others) {
    expect(comparable(await pc.rows())).toEqual(rows);
    expect(await conflictsOf(pc.db)).toEqual(conflicts);
    expect(await pc.db.outbox.count()).toBe(0);
  }
  return { rows, conflicts };
}

describe('convergence', () => {
  it.each([
    ['A then B', [0, 1]],
    ['B then A', [1, 0]],
  ])('two PCs editing offline converge when syncing %s', async (_name, order) => {
    const a = await addClient(world, 'a');
    const b = await addClient(world, 'b');
    const saved = await sharedRecord([a, b]);
    // B edits later than A (its clock reads later): B's CIN is the provisional winner.
    await a.edit(saved.id, { cin: 'AA111111', firstNameLatin: 'Ahmed' });
    b.skewMs = 1_000;
    await b.edit(saved.id, { cin: 'BB222222', prefectureCode: 'CS-MOHAMMEDIA' });

    const pcs = [a, b];
    await syncAll(order.map((index) => pcs[index] as Client));

    const { rows, conflicts } = await expectConverged([a, b]);
    // Different fields of one record never conflict: both edits are kept.
    expect(rows[0]).toMatchObject({ cin: 'BB222222', firstNameLatin: 'Ahmed', prefectureCode: 'CS-MOHAMMEDIA' });
    expect(conflicts).toEqual([
      expect.objectContaining({
        field: 'cin',
        kind: 'concurrentEdit',
        winningValue: 'BB222222',
        losingValue: 'AA111111',
      }),
    ]);
    const [mineOnA] = await a.engine.readConflicts();
    expect(mineOnA).toMatchObject({ mine: 'losing', recordLabel: 'El Amrani Ahmed', winningBy: 'Conseiller b' });
  });

  it.each(permutations([0, 1, 2]).map((order) => [order.join(''), order] as const))(
    'three PCs converge whatever the order (%s)',
    async (_name, order) => {
      const pcs = [await addClient(world, 'a'), await addClient(world, 'b'), await addClient(world, 'c')];
      const saved = await sharedRecord(pcs);
      for (const [index, pc] of pcs.entries()) {
        pc.skewMs = index * 1_000;
        await pc.edit(saved.id, { cin: `CC00000${index}` });
      }
      await syncAll(order.map((index) => pcs[index] as Client));
      const { rows, conflicts } = await expectConverged(pcs);
      expect(rows[0]?.cin).toBe('CC000002');
      // Three writers who all disagree: one conflict per losing side.
      expect(conflicts.map((conflict) => conflict.losingValue).sort()).toEqual(['CC000000', 'CC000001']);
    },
  );

  it('settles a conflict with "keep theirs": an op is sent although the value does not change', async () => {
    const a = await addClient(world, 'a');
    const b = await addClient(world, 'b');
    const saved = await sharedRecord([a, b]);
    await a.edit(saved.id, { cin: 'AA111111' });
    b.skewMs = 1_000;
    await b.edit(saved.id, { cin: 'BB222222' });
    await syncAll([a, b]);
    const [conflict] = await a.engine.readConflicts();
    if (!conflict) throw new Error('no conflict');

    await a.engine.resolveConflict(conflict.key, { kind: 'winning' });
    expect(await a.db.conflicts.count()).toBe(0);
    expect(await a.db.outbox.toArray()).toEqual([
      expect.objectContaining({ field: 'cin', value: 'BB222222', resolves: expect.any(Array) as unknown }),
    ]);
    await syncAll([a, b]);
    const { rows, conflicts } = await expectConverged([a, b]);
    expect(conflicts).toEqual([]);
    expect(rows[0]?.cin).toBe('BB222222');
  });

  it('settles a conflict with an edited value', async () => {
    const a = await addClient(world, 'a');
    const b = await addClient(world, 'b');
    const saved = await sharedRecord([a, b]);
    await a.edit(saved.id, { lastNameLatin: 'El Amrani A' });
    b.skewMs = 1_000;
    await b.edit(saved.id, { lastNameLatin: 'El Amrany' });
    await syncAll([a, b]);
    const [conflict] = await b.engine.readConflicts();
    if (!conflict) throw new Error('no conflict');
    await b.engine.resolveConflict(conflict.key, { kind: 'value', value: 'El Amraoui' });
    await syncAll([b, a]);
    const { rows, conflicts } = await expectConverged([a, b]);
    expect(conflicts).toEqual([]);
    expect(rows[0]?.lastNameLatin).toBe('El Amraoui');
  });

  it.each([
    ['deleting PC first', [0, 1]],
    ['editing PC first', [1, 0]],
  ])(
    'delete vs edit: the tombstone wins with a conflict (%s), and restoring brings the edit back',
    async (_n, order) => {
      const a = await addClient(world, 'a');
      const b = await addClient(world, 'b');
      const saved = await sharedRecord([a, b]);
      await a.db.transaction('rw', a.db.beneficiaries, () => a.db.beneficiaries.delete(saved.id));
      await b.edit(saved.id, { cin: 'BB222222' });
      const pcs = [a, b];
      await syncAll(order.map((index) => pcs[index] as Client));

      const { rows, conflicts } = await expectConverged([a, b]);
      expect(rows).toEqual([]);
      expect(conflicts).toEqual([
        expect.objectContaining({ field: 'cin', kind: 'deleteVsEdit', winningValue: null, losingValue: 'BB222222' }),
      ]);
      expect((await versionOf(a.db, 'beneficiaries', saved.id, '$deleted'))?.hlc).toBe(conflicts[0]?.winningVersion);

      const [conflict] = await b.engine.readConflicts();
      if (!conflict) throw new Error('no conflict');
      await b.engine.resolveConflict(conflict.key, { kind: 'losing' });
      await syncAll([b, a]);
      const settled = await expectConverged([a, b]);
      expect(settled.conflicts).toEqual([]);
      expect(settled.rows).toEqual([{ ...saved, cin: 'BB222222' }]);
    },
  );

  it('delete vs edit settled by keeping the deletion', async () => {
    const a = await addClient(world, 'a');
    const b = await addClient(world, 'b');
    const saved = await sharedRecord([a, b]);
    await a.db.transaction('rw', a.db.beneficiaries, () => a.db.beneficiaries.delete(saved.id));
    await b.edit(saved.id, { cin: 'BB222222' });
    await syncAll([a, b]);
    const [conflict] = await a.engine.readConflicts();
    if (!conflict) throw new Error('no conflict');
    await a.engine.resolveConflict(conflict.key, { kind: 'winning' });
    await syncAll([a, b]);
    const settled = await expectConverged([a, b]);
    expect(settled).toEqual({ rows: [], conflicts: [] });
  });
});

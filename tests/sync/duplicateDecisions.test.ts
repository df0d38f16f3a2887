/**
 * The decisions on possible duplicates are a synced entity of their own (declared in
 * shared/sync/entities.ts, nothing else): they travel with the person saved, reach the other PCs
 * of the centre, and two different decisions on the same pair are shown for review.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBeneficiaryRepository } from '../../renderer/db/beneficiaryRepository';
import { addClient, baseDraft, conflictsOf, startSyncWorld, type SyncWorld } from './syncHarness';

let world: SyncWorld;
beforeEach(async () => {
  world = await startSyncWorld();
});
afterEach(async () => {
  await world.close();
});

describe('decisions on possible duplicates', () => {
  it('reach the other PC of the centre with the person they were taken for', async () => {
    const amina = await addClient(world, 'amina');
    const karim = await addClient(world, 'karim');
    const first = await amina.create();
    const second = await createBeneficiaryRepository(amina.db, () => new Date(amina.now()), amina.author).create(
      { ...baseDraft, firstNameLatin: 'Mohammed' },
      world.centreId,
      [{ otherBeneficiaryId: first.id, decision: 'distinct', reasons: ['sameCin', 'similarName'] }],
    );
    expect(await amina.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0 });
    expect(await karim.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0 });

    const received = await createBeneficiaryRepository(karim.db).decisionsAbout(first.id);
    expect(received).toEqual([
      expect.objectContaining({
        beneficiaryId: second.id,
        otherBeneficiaryId: first.id,
        decision: 'distinct',
        reasons: ['sameCin', 'similarName'],
        centreId: world.centreId,
      }),
    ]);
    expect(await karim.db.beneficiaries.get(second.id)).toMatchObject({ firstNameLatin: 'Mohammed' });
  });

  it('shows both decisions for review when two counsellors decided differently', async () => {
    const amina = await addClient(world, 'amina');
    const karim = await addClient(world, 'karim');
    const first = await amina.create();
    await createBeneficiaryRepository(amina.db, () => new Date(amina.now()), amina.author).create(
      baseDraft,
      world.centreId,
      [{ otherBeneficiaryId: first.id, decision: 'mergeLater', reasons: ['sameCin'] }],
    );
    expect(await amina.engine.run()).toMatchObject({ outcome: 'ok' });
    expect(await karim.engine.run()).toMatchObject({ outcome: 'ok' });
    const [decision] = await createBeneficiaryRepository(karim.db).decisionsAbout(first.id);
    if (!decision) throw new Error('no decision received');

    // Offline, each changes their mind differently; then both sync.
    await amina.db.transaction('rw', amina.db.duplicateDecisions, () =>
      amina.db.duplicateDecisions.update(decision.id, { decision: 'distinct' }),
    );
    await karim.db.transaction('rw', karim.db.duplicateDecisions, () =>
      karim.db.duplicateDecisions.update(decision.id, { decision: 'distinct' }),
    );
    await amina.db.transaction('rw', amina.db.duplicateDecisions, () =>
      amina.db.duplicateDecisions.update(decision.id, { decision: 'mergeLater' }),
    );
    for (const pc of [amina, karim, amina, karim]) expect(await pc.engine.run()).toMatchObject({ outcome: 'ok' });

    for (const pc of [amina, karim]) {
      const conflicts = await conflictsOf(pc.db);
      expect(conflicts.map((conflict) => [conflict.table, conflict.field])).toEqual([
        ['duplicateDecisions', 'decision'],
      ]);
    }
    const [onAmina, onKarim] = await Promise.all([amina, karim].map((pc) => pc.db.duplicateDecisions.get(decision.id)));
    expect(onAmina?.decision).toBe(onKarim?.decision);
  });
});

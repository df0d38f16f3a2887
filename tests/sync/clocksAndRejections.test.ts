/**
 * Wrong PC clocks, a PC used before the server gave it its device id, and ops the server refuses:
 * saving always works, the data syncs, and nothing the server refused blocks the queue.
 */
import { opsPerNewBeneficiary } from '../../renderer/db/testDraft';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseHlc } from '../../shared/sync/hlc';
import { maxClockSkewMillis } from '../../shared/sync/hlc';
import { newId } from '../../shared/ids/uuidv7';
import { versionOf } from '../../renderer/db/sync/rowMeta';
import { addClient, allVersionsOf, baseDraft, comparable, startSyncWorld, type SyncWorld } from './syncHarness';

let world: SyncWorld;
beforeEach(async () => {
  world = await startSyncWorld();
});
afterEach(async () => {
  await world.close();
});

const day = 86_400_000;
const wallOf = (hlc: string | undefined) => {
  const parsed = parseHlc(hlc ?? '');
  if (!parsed.ok) throw new Error(`not an HLC: ${hlc}`);
  return parsed.value.wall;
};
/** The latest stamp the server accepts without re-stamping, from now on. */
const bound = () => Date.now() + maxClockSkewMillis;

describe('PC clocks', () => {
  it('+3 days and −2 years: saving works, data syncs, no PC is dragged forward, the status warns', async () => {
    const fast = await addClient(world, 'fast', { skewMs: 3 * day });
    const slow = await addClient(world, 'slow', { skewMs: -730 * day });
    const normal = await addClient(world, 'normal');
    const fastRow = await fast.create({ lastNameLatin: 'Rapide' });
    const slowRow = await slow.create({ lastNameLatin: 'Lent' });
    expect(wallOf((await fast.db.outbox.toCollection().first())?.hlc)).toBeGreaterThan(bound());

    const fastReceipt = await fast.engine.run();
    expect(fastReceipt).toMatchObject({ outcome: 'ok', clampedOps: opsPerNewBeneficiary });
    expect(fastReceipt.clockOffsetMs).toBeLessThan(-2 * day);
    expect(await fast.engine.readStatus()).toMatchObject({ clockWarning: true });
    const slowReceipt = await slow.engine.run();
    expect(slowReceipt).toMatchObject({ outcome: 'ok', clampedOps: 0 });
    expect(slowReceipt.clockOffsetMs).toBeGreaterThan(700 * day);
    expect(await slow.engine.readStatus()).toMatchObject({ clockWarning: true });

    expect(await normal.engine.run()).toMatchObject({ outcome: 'ok' });
    expect((await normal.rows()).map((row) => row.lastNameLatin).sort()).toEqual(['Lent', 'Rapide']);
    // The server re-stamped the fast PC's ops: nothing pulled, nor the clock, is days ahead.
    for (const version of await allVersionsOf(normal.db)) expect(wallOf(version.hlc)).toBeLessThanOrEqual(bound());
    expect(wallOf((await normal.db.syncMeta.get('hlc'))?.value)).toBeLessThanOrEqual(bound());
    expect(await normal.engine.readStatus()).toMatchObject({ clockWarning: false });

    // After a sync, the wrong clocks write with the server's time: not clamped, not in the past.
    await fast.edit(fastRow.id, { firstNameLatin: 'Karim' });
    expect(wallOf((await fast.db.outbox.toCollection().last())?.hlc)).toBeLessThanOrEqual(bound());
    expect(await fast.engine.run()).toMatchObject({ outcome: 'ok', clampedOps: 0 });

    // The slow PC's later edit wins over an earlier one made on a right clock.
    normal.skewMs = -60_000;
    await normal.edit(slowRow.id, { cin: 'NN000000' });
    await slow.edit(slowRow.id, { cin: 'SS000000' });
    for (const pc of [normal, slow, normal, fast]) expect(await pc.engine.run()).toMatchObject({ outcome: 'ok' });
    for (const pc of [normal, slow, fast]) {
      expect((await pc.db.beneficiaries.get(slowRow.id))?.cin).toBe('SS000000');
      expect((await pc.db.beneficiaries.get(fastRow.id))?.firstNameLatin).toBe('Karim');
    }
    expect(comparable(await fast.rows())).toEqual(comparable(await normal.rows()));
  });
});

describe('replica id', () => {
  it('re-stamps writes made before the device id was known, so the server accepts them', async () => {
    const pc = await addClient(world, 'amina', { isProvisional: true });
    const saved = await pc.create();
    const provisional = parseHlc((await pc.db.outbox.toCollection().first())?.hlc ?? '');
    expect(provisional.ok && provisional.value.replicaId).not.toBe(pc.replicaId);

    expect(await pc.engine.run()).toMatchObject({ outcome: 'ok', sentOps: opsPerNewBeneficiary, rejections: 0 });
    expect((await pc.db.syncMeta.get('replicaId'))?.value).toBe(pc.replicaId);
    const versions = Object.values((await pc.db.rowMeta.get(['beneficiaries', saved.id]))?.versions ?? {});
    expect(versions).toHaveLength(opsPerNewBeneficiary);
    expect(new Set(versions.map((version) => version.replicaId))).toEqual(new Set([pc.replicaId]));
  });
});

describe('rejections', () => {
  it('keeps the queue moving, resends after a fix without a false conflict, and discards back to the server value', async () => {
    const pc = await addClient(world, 'amina');
    const other = await addClient(world, 'other');
    const saved = await pc.create();
    expect(await pc.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0 });
    const serverVersion = await versionOf(pc.db, 'beneficiaries', saved.id, 'dateOfBirth');
    expect(serverVersion).toBeDefined();

    await pc.edit(saved.id, { dateOfBirth: '1990-02-31' });
    await pc.create({ lastNameLatin: 'Suivant' });
    const receipt = await pc.engine.run();
    expect(receipt).toMatchObject({ outcome: 'ok', rejections: 1, sentOps: 1 + opsPerNewBeneficiary });
    const [rejection] = await pc.engine.readRejections();
    expect(rejection).toMatchObject({
      field: 'dateOfBirth',
      value: '1990-02-31',
      reason: 'invalid-value',
      recordLabel: 'El Amrani Mohamed',
    });
    // The refused write never became a server version: the field's base goes back to the server's.
    expect(await versionOf(pc.db, 'beneficiaries', saved.id, 'dateOfBirth')).toEqual(serverVersion);

    await pc.edit(saved.id, { dateOfBirth: '1990-02-28' });
    await pc.engine.resendRejection(rejection?.id ?? -1);
    expect(await pc.engine.readRejections()).toEqual([]);
    expect(await pc.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0, conflictsOpened: 0 });
    expect(await other.engine.run()).toMatchObject({ outcome: 'ok' });
    expect((await other.db.beneficiaries.get(saved.id))?.dateOfBirth).toBe('1990-02-28');
    expect(await other.db.conflicts.count()).toBe(0);

    await pc.edit(saved.id, { dateOfBirth: 'hier' });
    expect(await pc.engine.run()).toMatchObject({ rejections: 1 });
    const [again] = await pc.engine.readRejections();
    await pc.engine.discardRejection(again?.id ?? -1);
    expect(await pc.engine.run()).toMatchObject({ outcome: 'ok' });
    expect((await pc.db.beneficiaries.get(saved.id))?.dateOfBirth).toBe('1990-02-28');
    expect(await versionOf(pc.db, 'beneficiaries', saved.id, 'dateOfBirth')).toEqual(
      await versionOf(other.db, 'beneficiaries', saved.id, 'dateOfBirth'),
    );
  });

  it('drops a refused creation locally once its last rejection is discarded', async () => {
    const pc = await addClient(world, 'amina');
    const stamp = new Date().toISOString();
    const id = newId();
    // A centre this counsellor does not serve: every op of the new row is forbidden.
    await pc.db.transaction('rw', pc.db.beneficiaries, () =>
      pc.db.beneficiaries.add({ ...baseDraft, id, centreId: newId(), createdAt: stamp, updatedAt: stamp }),
    );
    // One rejection per field written (the row is written as is, not through the repository).
    const fieldsWritten = Object.keys(baseDraft).length + 3;
    expect(await pc.engine.run()).toMatchObject({ outcome: 'ok', rejections: fieldsWritten });
    const rejections = await pc.engine.readRejections();
    expect(new Set(rejections.map((rejection) => rejection.reason))).toEqual(new Set(['forbidden']));
    for (const rejection of rejections.slice(0, -1)) await pc.engine.discardRejection(rejection.id);
    expect(await pc.db.beneficiaries.get(id)).toBeDefined();
    await pc.engine.discardRejection(rejections.at(-1)?.id ?? -1);
    expect(await pc.db.beneficiaries.get(id)).toBeUndefined();
    expect(await pc.engine.readStatus()).toMatchObject({ rejections: 0, pendingOps: 0 });
  });
});

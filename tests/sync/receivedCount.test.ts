/**
 * What the receipt reports as received from the server (*Reçu du serveur N fiches*): the rows the
 * pull changed on this PC. The pull that follows a push brings the pushed rows back (with their
 * server seqs); they hold what the PC holds and are not "received". A colleague's change is.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { addClient, comparable, rowSeqsOf, startSyncWorld, type SyncWorld } from './syncHarness';

const day = 86_400_000;

let world: SyncWorld;
beforeEach(async () => {
  world = await startSyncWorld();
});
afterEach(async () => {
  await world.close();
});

it('a push followed by its pull counts nothing received, though the pushed rows came back', async () => {
  const pc = await addClient(world, 'seul');
  const first = await pc.create({ firstNameLatin: 'Amina' });
  await pc.create({ firstNameLatin: 'Youssef' });
  await pc.create({ firstNameLatin: 'Khadija' });
  await pc.edit(first.id, { cin: 'BK1' });

  expect(await pc.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0, sentRecords: 3, receivedRows: 0 });
  // The pull did bring the three rows back: each now has its server seq.
  expect(await rowSeqsOf(pc.db)).toHaveLength(3);
  // An edit of a row the server knows, then a sync with nothing new from anyone.
  await pc.edit(first.id, { cin: 'BK2' });
  expect(await pc.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0, sentRecords: 1, receivedRows: 0 });
  expect(await pc.engine.run()).toMatchObject({ outcome: 'ok', sentOps: 0, receivedRows: 0 });
  pc.close();
});

it('rows re-stamped by the server (this PC’s clock ahead) come back unchanged: nothing received', async () => {
  const ahead = await addClient(world, 'avance', { skewMs: 3 * day });
  await ahead.create();
  const receipt = await ahead.engine.run();
  expect(receipt).toMatchObject({ outcome: 'ok', rejections: 0, sentRecords: 1, receivedRows: 0 });
  expect(receipt.clampedOps).toBeGreaterThan(0);
  ahead.close();
});

it('a colleague’s change counts one received, beside this PC’s own rows coming back', async () => {
  const amina = await addClient(world, 'amina');
  const karim = await addClient(world, 'karim');
  const shared = await amina.create({ firstNameLatin: 'Amina' });
  const other = await amina.create({ firstNameLatin: 'Youssef' });
  expect(await amina.engine.run()).toMatchObject({ outcome: 'ok', receivedRows: 0 });
  expect(await karim.engine.run()).toMatchObject({ outcome: 'ok', receivedRows: 2 });

  // Karim corrects one person; Amina, offline, another. Karim syncs first.
  await karim.edit(shared.id, { cin: 'BE200002' });
  expect(await karim.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0, sentRecords: 1, receivedRows: 0 });
  await amina.edit(other.id, { addressLine: 'Derb Sultan' });
  expect(await amina.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0, sentRecords: 1, receivedRows: 1 });
  expect(await amina.db.beneficiaries.get(shared.id)).toMatchObject({ cin: 'BE200002' });

  // Karim receives Amina's one change, and a new person of hers counts one too.
  await amina.create({ firstNameLatin: 'Omar' });
  expect(await amina.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0, sentRecords: 1, receivedRows: 0 });
  expect(await karim.engine.run()).toMatchObject({ outcome: 'ok', sentOps: 0, receivedRows: 2 });
  expect(comparable(await karim.rows())).toEqual(comparable(await amina.rows()));
  amina.close();
  karim.close();
});

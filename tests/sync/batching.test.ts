/**
 * Batch boundaries: a push batch may end anywhere in the outbox, and the server places a new row
 * by the centre pushed with it. Whatever the limits, every row arrives, nothing is refused.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { addClient, comparable, startSyncWorld, type SyncWorld } from './syncHarness';

let world: SyncWorld;
beforeEach(async () => {
  world = await startSyncWorld();
});
afterEach(async () => {
  await world.close();
});

it('a pull response stays within its byte budget: large rows come over several rounds, all of them', async () => {
  await world.close();
  // About two beneficiary rows' state per response: five rows need three pulls or more.
  world = await startSyncWorld({ maxPullStateBytes: 4_000 });
  const writer = await addClient(world, 'ecrit');
  const reader = await addClient(world, 'lit');
  for (const name of ['Amina', 'Youssef', 'Khadija', 'Omar', 'Nadia'])
    await writer.create({ firstNameLatin: name, addressLine: `${name} — ${'derb '.repeat(60)}`.slice(0, 200) });
  expect(await writer.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0 });

  const before = world.proxy.log.filter((entry) => entry.path === '/api/sync/pull').length;
  expect(await reader.engine.run()).toMatchObject({ outcome: 'ok', receivedRows: 5 });
  const pulls = world.proxy.log.filter((entry) => entry.path === '/api/sync/pull').length - before;
  expect(pulls).toBeGreaterThanOrEqual(3);
  expect(comparable(await reader.rows())).toEqual(comparable(await writer.rows()));
  writer.close();
  reader.close();
});

it.each([1, 5, 7])('new rows split over batches of %i ops all arrive, none refused', async (maxOps) => {
  const writer = await addClient(world, 'ecrit', { engine: { limits: { maxOps } } });
  const reader = await addClient(world, 'lit');
  const first = await writer.create({ firstNameLatin: 'Amina' });
  await writer.create({ firstNameLatin: 'Youssef' });
  await writer.edit(first.id, { cin: 'BK1' });

  const receipt = await writer.engine.run();
  expect(receipt).toMatchObject({ outcome: 'ok', rejections: 0 });
  expect(await writer.db.outbox.count()).toBe(0);
  const pushes = world.proxy.log.filter((entry) => entry.path === '/api/sync/push');
  expect(pushes.length).toBeGreaterThan(1);

  expect(await reader.engine.run()).toMatchObject({ outcome: 'ok' });
  expect(comparable(await reader.rows())).toEqual(comparable(await writer.rows()));
  writer.close();
  reader.close();
});

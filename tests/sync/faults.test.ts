/**
 * The sync engine against the real server through a faulty link: whatever the link does, nothing
 * saved is lost or duplicated, and the queue resumes once the link is back.
 */
import { opsPerNewBeneficiary } from '../../renderer/db/testDraft';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DBCore, Middleware } from 'dexie';
import { pushRequestSchema } from '../../shared/sync/protocol';
import { addClient, comparable, rowSeqsOf, startSyncWorld, type SyncWorld } from './syncHarness';

let world: SyncWorld;
beforeEach(async () => {
  world = await startSyncWorld();
});
afterEach(async () => {
  await world.close();
});

const pushes = () =>
  world.proxy.log
    .filter((entry) => entry.path === '/api/sync/push' && entry.body !== '')
    .map((entry) => pushRequestSchema.parse(JSON.parse(entry.body)));

/** What a second PC of the centre receives: the server's state, seen through the same engine. */
async function serverRows() {
  const reader = await addClient(world, 'reader');
  const receipt = await reader.engine.run();
  expect(receipt).toMatchObject({ outcome: 'ok' });
  const rows = await reader.rows();
  reader.close();
  return rows;
}

describe('sync through a faulty link', () => {
  it('retries a push whose answer was lost after the commit: same seqs, same ack, no duplicate', async () => {
    const pc = await addClient(world, 'amina');
    const saved = await pc.create();
    await pc.edit(saved.id, { cin: 'BE999999' });
    world.proxy.enqueue({ kind: 'dropResponse' });

    const receipt = await pc.engine.run();

    expect(receipt).toMatchObject({ outcome: 'ok', rejections: 0 });
    const [first, retry] = pushes();
    expect(first?.fromSeq).toBe(1);
    expect(retry && [retry.fromSeq, retry.toSeq, retry.ops]).toEqual(first && [first.fromSeq, first.toSeq, first.ops]);
    expect(world.proxy.log[0]?.upstreamStatuses).toEqual([200]);
    expect(await pc.db.outbox.count()).toBe(0);
    expect(comparable(await serverRows())).toEqual(comparable(await pc.rows()));
    expect((await pc.rows())[0]?.cin).toBe('BE999999');
  });

  it('applies a duplicated request once', async () => {
    const pc = await addClient(world, 'amina');
    await pc.create();
    await pc.create({ lastNameLatin: 'Bennani' });
    world.proxy.enqueue({ kind: 'duplicate' });

    expect(await pc.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0 });
    expect(world.proxy.log[0]?.upstreamStatuses).toEqual([200, 200]);
    const rows = await serverRows();
    expect(rows).toHaveLength(2);
    expect(comparable(rows)).toEqual(comparable(await pc.rows()));
    // One change per row on the server: the duplicate did not write again.
    const seqs = await rowSeqsOf(pc.db);
    expect(seqs.map((row) => row.seq).sort()).toEqual([1, 2]);
  });

  it('renumbers from the server’s last applied seq after a gap answer', async () => {
    const pc = await addClient(world, 'amina');
    await pc.create();
    expect(await pc.engine.run()).toMatchObject({ outcome: 'ok' });
    const applied = Number((await pc.db.syncMeta.get('nextPushSeq'))?.value) - 1;
    // As if the server had lost what it acknowledged beyond `applied` (restored from a backup).
    await pc.db.syncMeta.put({ key: 'nextPushSeq', value: String(applied + 40) });
    const second = await pc.create({ lastNameLatin: 'Bennani' });

    expect(await pc.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0 });
    const [, gapped, renumbered] = pushes();
    expect(gapped?.fromSeq).toBe(applied + 40);
    expect(renumbered?.fromSeq).toBe(applied + 1);
    expect(renumbered?.ops.map((op) => op.hlc)).toEqual(gapped?.ops.map((op) => op.hlc));
    expect((await serverRows()).map((row) => row.id)).toContain(second.id);
  });

  it('survives a request cut in the middle of its body', async () => {
    const pc = await addClient(world, 'amina');
    for (let i = 0; i < 5; i++) await pc.create({ lastNameLatin: `Nom ${String.fromCharCode(65 + i)}` });
    world.proxy.enqueue({ kind: 'cut' });

    expect(await pc.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0 });
    expect(comparable(await serverRows())).toEqual(comparable(await pc.rows()));
  });

  it('retries 5xx, resets, timeouts and dropped requests, then loses and duplicates nothing', async () => {
    const pc = await addClient(world, 'amina', { timeoutMs: 500 });
    for (let i = 0; i < 3; i++) await pc.create({ lastNameLatin: `Nom ${String.fromCharCode(65 + i)}` });
    world.proxy.enqueue(
      { kind: 'fail', status: 503 },
      { kind: 'fail', status: 500, afterForward: true },
      { kind: 'hang' },
      { kind: 'reset', afterForward: true },
    );

    const receipt = await pc.engine.run();

    expect(receipt).toMatchObject({ outcome: 'ok', sentOps: 3 * opsPerNewBeneficiary, rejections: 0 });
    expect(world.proxy.log.slice(0, 5).map((entry) => entry.mode)).toEqual(['fail', 'fail', 'hang', 'reset', 'pass']);
    const rows = await serverRows();
    expect(rows).toHaveLength(3);
    expect(comparable(rows)).toEqual(comparable(await pc.rows()));
  });

  it('never retries a 4xx, shows a stuck queue after three failed syncs, and resumes', async () => {
    const pc = await addClient(world, 'amina', { engine: { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } } });
    await pc.create();
    world.proxy.setFallback(() => ({ kind: 'dropRequest' }));
    for (let attempt = 1; attempt <= 3; attempt++) {
      const receipt = await pc.engine.run();
      expect(receipt).toMatchObject({ outcome: 'failed', errorCode: 'server-unreachable', sentOps: 0 });
      expect((await pc.engine.readStatus()).failedAttempts).toBe(attempt);
    }
    expect(world.proxy.log).toHaveLength(9);
    expect(await pc.engine.readStatus()).toMatchObject({
      isStuck: true,
      pendingOps: opsPerNewBeneficiary,
      pendingRecords: 1,
    });

    world.proxy.setFallback(() => ({ kind: 'fail', status: 409, code: 'conflict' }));
    const before = world.proxy.log.length;
    expect(await pc.engine.run()).toMatchObject({ outcome: 'failed', errorCode: 'conflict' });
    expect(world.proxy.log.length - before).toBe(1);

    world.proxy.setFallback(() => ({ kind: 'pass' }));
    expect(await pc.engine.run()).toMatchObject({ outcome: 'ok', sentOps: opsPerNewBeneficiary });
    expect(await pc.engine.readStatus()).toMatchObject({ isStuck: false, failedAttempts: 0, pendingOps: 0 });
    expect(await pc.engine.readJournal()).toHaveLength(5);
    expect((await pc.engine.readJournal())[0]?.outcome).toBe('ok');
  });

  it('never stores a cursor ahead of the data when the apply of a page dies', async () => {
    const writer = await addClient(world, 'writer');
    for (let i = 0; i < 12; i++) await writer.create({ lastNameLatin: `Nom ${String.fromCharCode(65 + i)}` });
    expect(await writer.engine.run()).toMatchObject({ outcome: 'ok' });

    let cursorWrites = 0;
    const dieOnSecondCursor: Middleware<DBCore> = {
      stack: 'dbcore',
      name: 'dieOnSecondCursor',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          if (name !== 'syncMeta') return table;
          return {
            ...table,
            mutate: (req) => {
              const values = 'values' in req ? (req.values as { key: string }[]) : [];
              if (values.some((value) => value.key.startsWith('cursor:')) && ++cursorWrites === 2)
                return Promise.reject(new Error('power cut'));
              return table.mutate(req);
            },
          };
        },
      }),
    };
    const reader = await addClient(world, 'reader', {
      prepare: (db) => db.use(dieOnSecondCursor),
      engine: { limits: { pullRows: 5 } },
    });

    expect(await reader.engine.run()).toMatchObject({ outcome: 'failed', errorCode: 'internal' });
    const [cursor] = await reader.db.syncMeta.where('key').startsWith('cursor:').toArray();
    const local = await rowSeqsOf(reader.db);
    expect(local).toHaveLength(5);
    expect(await reader.db.beneficiaries.count()).toBe(5);
    expect(Number(cursor?.value)).toBe(Math.max(...local.map((row) => row.seq)));

    // Restart (the failing middleware is gone with the old connection) and sync again.
    reader.reopen();
    expect(await reader.engine.run()).toMatchObject({ outcome: 'ok' });
    expect(comparable(await reader.rows())).toEqual(comparable(await writer.rows()));
  });
});

import { opsPerNewBeneficiary } from '../db/testDraft';
import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { type Beneficiary } from '../../shared/beneficiary/beneficiary';
import { digestOf } from '../../shared/sync/digest';
import { formatHlc } from '../../shared/sync/hlc';
import type { PullPage, PullRequest, PullResponse, PushRequest, PushResponse } from '../../shared/sync/protocol';
import { err, ok, type Result } from '../../shared/result';
import { createBeneficiaryRepository } from '../db/beneficiaryRepository';
import { storeCentres } from '../db/fileNumbers';
import type { MasarDatabase } from '../db/tables';
import { openTestDatabase } from '../db/testDatabase';
import { coalesce } from '../db/sync/outbox';
import { applyPullPage } from '../db/sync/pullApply';
import { versionOf } from '../db/sync/rowMeta';
import type { OutboxEntry } from '../db/sync/types';
import { createSyncEngine, type SyncEngineOptions } from './engine';
import type { SyncTransport } from './transport';
import { encodeVersions } from '../../shared/sync/protocol';
import { testDraft } from '../db/testDraft';

/**
 * The engine against a scripted transport: batching and numbering, retries, the answers the real
 * server rarely gives (gap, resync, digest mismatch, another database), and the pull rules. The
 * end-to-end behaviour against the real server is in tests/sync/.
 */
const now = Date.UTC(2026, 10, 28, 12);
const userId = '0190b1e4-7c3a-7000-8000-00000000a001';
const replicaId = `0190b1e4-7c3a-7000-8000-00000000d001.${userId}`;
const serverReplica = `0190b1e4-7c3a-7000-8000-00000000d002.0190b1e4-7c3a-7000-8000-00000000a002`;
const databaseId = '0190b1e4-7c3a-7000-8000-0000000000db';
const scope = '0190a8d4-1c2e-7a3b-9c4d-0000000000c1';
const draft = testDraft(now);

const opened: MasarDatabase[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

type Script = {
  push?: (request: PushRequest) => Result<PushResponse>;
  pull?: (request: PullRequest) => Result<PullResponse>;
};

/** The server's answer to a push it applied whole. */
function okAnswer(request: PushRequest): PushResponse {
  return {
    status: 'ok',
    databaseId,
    ackSeq: request.toSeq,
    rejections: [],
    conflicts: [],
    clamped: [],
    serverTime: now,
  };
}

/** A transport that acknowledges every push and answers pulls with nothing, unless scripted. */
function scripted(script: Script = {}) {
  const pushes: PushRequest[] = [];
  const pulls: PullRequest[] = [];
  const transport: SyncTransport = {
    push: (request) => {
      pushes.push(structuredClone(request));
      return Promise.resolve(script.push?.(request) ?? ok(okAnswer(request)));
    },
    pull: (request) => {
      pulls.push(structuredClone(request));
      return Promise.resolve(script.pull?.(request) ?? ok(emptyPull()));
    },
  };
  return { transport, pushes, pulls };
}

/** The centre the pages' rows belong to: a PC removes the rows of centres a pull no longer lists. */
const centres = [
  { id: scope, code: 'CAS-01', nameFr: 'CAPC Casablanca', nameAr: 'مركز الدار البيضاء', regionCode: 'CSE' as const },
];

const emptyPull = (): PullResponse => ({
  databaseId,
  serverTime: now,
  scopes: centres,
  pages: [],
  hasMore: false,
  digests: [],
});

function setUp(transport: SyncTransport, options: Partial<SyncEngineOptions> = {}) {
  const db = openTestDatabase(userId, { indexedDB: new IDBFactory(), IDBKeyRange }, { now: () => now, replicaId });
  opened.push(db);
  const sleeps: number[] = [];
  const engine = createSyncEngine({
    db,
    transport,
    userId,
    replicaId,
    appVersion: '1.0.0',
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    ...options,
  });
  const repository = createBeneficiaryRepository(db, () => new Date(now));
  // As at sign-in: the PC knows its centre (and its files' numbers their prefix) before any sync.
  const create = async () => {
    await storeCentres(db, centres);
    return repository.create(draft, scope);
  };
  return { db, engine, sleeps, create };
}

const serverHlc = (wall: number) => formatHlc({ wall, counter: 0, replicaId: serverReplica });

function wireRow(row: Beneficiary, seq: number, wall = now - 1000): PullPage['rows'][number] {
  const { id, ...record } = row;
  return {
    id,
    seq,
    deleted: false,
    record,
    ...encodeVersions(Object.fromEntries(Object.keys(record).map((field) => [field, serverHlc(wall)]))),
    tombstoneVersion: null,
    conflicts: [],
  };
}

const page = (rows: PullPage['rows'], nextSeq: number, extra: Partial<PullPage> = {}): PullPage => ({
  scope,
  table: 'beneficiaries',
  rows,
  removed: [],
  nextSeq,
  resyncRequired: false,
  ...extra,
});

const someone = (id: string, lastNameLatin = 'Bennani'): Beneficiary => ({
  id,
  ...draft,
  lastNameLatin,
  centreId: scope,
  createdAt: 'x',
  updatedAt: 'x',
});
const rowId = (n: number) => `0190b1e4-7c3a-7000-8000-${String(n).padStart(12, '0')}`;

describe('push', () => {
  it('sends contiguous seqs in bounded batches, and binds the server database at the first answer', async () => {
    const { transport, pushes } = scripted();
    const { db, engine, create } = setUp(transport, { limits: { maxOps: 4 } });
    await create();
    const receipt = await engine.run();
    expect(receipt).toMatchObject({ outcome: 'ok', sentOps: opsPerNewBeneficiary, sentRecords: 1 });
    // Batches of 4: full ones, then the rest.
    const n = opsPerNewBeneficiary;
    expect(pushes.map((push) => [push.fromSeq, push.toSeq, push.ops.length])).toEqual(
      Array.from({ length: Math.ceil(n / 4) }, (_, batch) => {
        const from = batch * 4 + 1;
        const to = Math.min(n, from + 3);
        return [from, to, to - from + 1];
      }),
    );
    expect(pushes.map((push) => push.databaseId)).toEqual(pushes.map((_, index) => (index === 0 ? null : databaseId)));
    expect(new Set(pushes.map((push) => push.outboxId)).size).toBe(1);
    expect(await db.outbox.count()).toBe(0);
  });

  it('resends the same seqs after a failure and never renumbers them', async () => {
    let calls = 0;
    const { transport, pushes } = scripted({
      push: (request) => (calls++ < 2 ? err('server-unreachable', 'down') : ok(okAnswer(request))),
    });
    const { engine, sleeps, create } = setUp(transport, { retry: { attempts: 2, baseDelayMs: 100, maxDelayMs: 1000 } });
    await create();
    expect(await engine.run()).toMatchObject({ outcome: 'failed', errorCode: 'server-unreachable' });
    expect(sleeps).toEqual([75]);
    const receipt = await engine.run();
    expect(receipt).toMatchObject({ outcome: 'ok', sentOps: opsPerNewBeneficiary });
    expect(pushes.map((push) => push.fromSeq)).toEqual([1, 1, 1]);
    expect(pushes[2]?.ops).toEqual(pushes[0]?.ops);
  });

  it('coalesces never-sent edits of a field, but not across a delete', () => {
    const v = (hlc: string) => ({ hlc, replicaId });
    const set = (seq: number, field: string, value: string, base: string | null): OutboxEntry => ({
      seq,
      table: 't',
      rowId: 'r',
      field,
      kind: 'set',
      value,
      hlc: `h${seq}`,
      baseVersion: base === null ? null : v(base),
    });
    const entries: OutboxEntry[] = [
      set(1, 'a', 'one', 'b0'),
      set(2, 'b', 'x', null),
      set(3, 'a', 'two', 'h1'),
      { seq: 4, table: 't', rowId: 'r', field: '$deleted', kind: 'delete', value: true, hlc: 'h4', baseVersion: null },
      set(5, 'a', 'three', 'h3'),
    ];
    const { kept, removed } = coalesce(entries);
    expect(removed).toEqual([1]);
    expect(kept.map((entry) => [entry.seq, entry.field, entry.value, entry.hlc, entry.baseVersion?.hlc])).toEqual([
      [2, 'b', 'x', 'h2', undefined],
      [3, 'a', 'two', 'h3', 'b0'],
      [4, '$deleted', true, 'h4', undefined],
      [5, 'a', 'three', 'h5', 'h3'],
    ]);
  });

  it('renumbers from the last applied seq after a gap answer', async () => {
    let gapped = false;
    const { transport, pushes } = scripted({
      push: (request) => {
        if (gapped) return ok(okAnswer(request));
        gapped = true;
        return ok({ status: 'gap', databaseId, lastAppliedSeq: 0, serverTime: now });
      },
    });
    const { db, engine, create } = setUp(transport);
    await create();
    await db.syncMeta.put({ key: 'nextPushSeq', value: '7' });
    expect(await engine.run()).toMatchObject({ outcome: 'ok', sentOps: opsPerNewBeneficiary });
    expect(pushes.map((push) => push.fromSeq)).toEqual([7, 1]);
    expect((await db.syncMeta.get('nextPushSeq'))?.value).toBe(String(opsPerNewBeneficiary + 1));
  });

  it('never retries a 4xx, and stops at another server database', async () => {
    const { transport, pushes } = scripted({ push: () => err('sync-database-mismatch', 'other') });
    const { db, engine, create } = setUp(transport);
    await create();
    expect(await engine.run()).toMatchObject({ outcome: 'failed', errorCode: 'sync-database-mismatch', sentOps: 0 });
    expect(pushes).toHaveLength(1);
    expect(await db.outbox.count()).toBe(opsPerNewBeneficiary);

    const other = scripted({ push: (request) => ok({ ...okAnswer(request), databaseId: scope }) });
    const second = setUp(other.transport);
    await second.db.syncMeta.put({ key: 'databaseId', value: databaseId });
    await second.create();
    expect(await second.engine.run()).toMatchObject({ outcome: 'failed', errorCode: 'sync-database-mismatch' });
    expect(await second.db.outbox.count()).toBe(opsPerNewBeneficiary);
  });

  it('runs one sync at a time', async () => {
    const { transport, pushes } = scripted();
    const { engine, create } = setUp(transport);
    await create();
    const first = engine.run();
    expect(engine.isSyncing).toBe(true);
    expect(engine.run()).toBe(first);
    await first;
    expect(engine.isSyncing).toBe(false);
    expect(pushes).toHaveLength(1);
  });
});

describe('pull', () => {
  it('keeps the local value and version of a field with a pending op, takes the rest', async () => {
    const { transport } = scripted();
    const { db, create } = setUp(transport);
    const saved = await create();
    await db.transaction('rw', db.beneficiaries, () => db.beneficiaries.update(saved.id, { cin: 'LOCAL2' }));
    // Only the CIN edit waits; the creation was acknowledged.
    await db.outbox.filter((entry) => entry.value !== 'LOCAL2').delete();
    const localVersion = await versionOf(db, 'beneficiaries', saved.id, 'cin');
    expect(localVersion).toBeDefined();

    // The server's versions are after this PC's own (acknowledged) creation: it never goes back.
    const applied = await applyPullPage(
      db,
      page([wireRow({ ...saved, cin: 'SERVER', firstNameLatin: 'Karim' }, 3, now + 1000)], 3),
      {
        now,
        replicaId,
      },
    );
    expect(applied).toEqual({ received: 1, restored: 0 });
    expect(await db.beneficiaries.get(saved.id)).toMatchObject({ cin: 'LOCAL2', firstNameLatin: 'Karim' });
    expect(await versionOf(db, 'beneficiaries', saved.id, 'cin')).toEqual(localVersion);
    expect((await versionOf(db, 'beneficiaries', saved.id, 'firstNameLatin'))?.replicaId).toBe(serverReplica);
    expect(await db.rowMeta.get(['beneficiaries', saved.id])).toMatchObject({ scope, seq: 3 });
    expect((await db.syncMeta.get(`cursor:${scope}:beneficiaries`))?.value).toBe('3');
    expect(await db.outbox.count()).toBe(1);
  });

  it('counts the rows a page changed here: a row again as held is none, a change or a removal is one', async () => {
    const { db } = setUp(scripted().transport);
    const row = someone(rowId(1));
    const apply = async (pulled: PullPage) => (await applyPullPage(db, pulled, { now, replicaId })).received;
    expect(await apply(page([wireRow(row, 1), wireRow(someone(rowId(2)), 2)], 2))).toBe(2);
    // The same rows again (a table pulled again, or this PC's own push coming back): nothing new.
    expect(await apply(page([wireRow(row, 1), wireRow(someone(rowId(2)), 2)], 2))).toBe(0);
    // Re-stamped by the server with the same values: versions move, the row does not.
    expect(await apply(page([wireRow(row, 3, now - 10)], 3))).toBe(0);
    expect(await versionOf(db, 'beneficiaries', row.id, 'cin')).toEqual({
      hlc: serverHlc(now - 10),
      replicaId: serverReplica,
    });
    expect(await apply(page([wireRow({ ...row, cin: 'BE999999' }, 4, now - 5)], 4))).toBe(1);
    // Moved out of the scope: removed here; one unknown here is not counted.
    expect(await apply(page([], 5, { removed: [row.id, rowId(9)] }))).toBe(1);
    expect(await db.beneficiaries.count()).toBe(1);
  });

  it('removes a row deleted on the server and keeps its tombstone version', async () => {
    const row = someone(rowId(1));
    const deleted = { ...wireRow(row, 2), deleted: true, tombstoneVersion: serverHlc(now - 10) };
    let calls = 0;
    const { transport } = scripted({
      pull: () =>
        ok({
          ...emptyPull(),
          pages: [page([calls++ === 0 ? wireRow(row, 1) : deleted], calls)],
        }),
    });
    const { db, engine } = setUp(transport);
    expect(await engine.run()).toMatchObject({ outcome: 'ok', receivedRows: 1 });
    expect(await db.beneficiaries.get(row.id)).toBeDefined();
    expect(await engine.run()).toMatchObject({ outcome: 'ok', receivedRows: 1 });
    expect(await db.beneficiaries.get(row.id)).toBeUndefined();
    expect((await versionOf(db, 'beneficiaries', row.id, '$deleted'))?.hlc).toBe(serverHlc(now - 10));
    expect(await db.rowMeta.get(['beneficiaries', row.id])).toMatchObject({ scope, seq: 2 });
  });

  it('pulls a table again from 0 on resyncRequired, keeps a local row the server no longer lists and sends it again', async () => {
    const kept = someone(rowId(1), 'Local');
    const fresh = someone(rowId(2), 'Fresh');
    const { transport, pulls, pushes } = scripted({
      pull: (request) => {
        const cursor = request.cursors[0]?.seq ?? 0;
        if (cursor === 0) return ok({ ...emptyPull(), pages: [page([wireRow(fresh, 1)], 1)] });
        if (cursor === 40) return ok({ ...emptyPull(), pages: [page([], 0, { resyncRequired: true })], hasMore: true });
        return ok(emptyPull());
      },
    });
    const { db, engine } = setUp(transport);
    await db.transaction('rw', db.beneficiaries, () => db.beneficiaries.add(kept));
    await db.syncMeta.put({ key: `cursor:${scope}:beneficiaries`, value: '40' });
    expect(await db.rowMeta.update(['beneficiaries', kept.id], { scope, seq: 40 })).toBe(1);
    const keptVersions = (await db.rowMeta.get(['beneficiaries', kept.id]))?.versions;
    // The server acknowledged the row, then listed the table from 0 without it: it lost it.
    expect(await engine.run()).toMatchObject({ outcome: 'ok', receivedRows: 1, restoredRows: 1 });
    expect(pulls.map((request) => request.cursors.map((cursor) => cursor.seq))).toEqual([[40], [], [1]]);
    expect((await db.beneficiaries.toArray()).map((row) => row.lastNameLatin).sort()).toEqual(['Fresh', 'Local']);
    // Sent twice: first as created here, then again whole, each field with its own version.
    const [created, again] = pushes;
    expect(again?.ops.map((op) => [op.rowId, op.kind === 'set' ? op.field : op.kind, op.hlc]).sort()).toEqual(
      created?.ops.map((op) => [op.rowId, op.kind === 'set' ? op.field : op.kind, op.hlc]).sort(),
    );
    expect(again?.ops[0]).toMatchObject({ kind: 'set', field: 'centreId', baseVersion: null });
    // The kept row's seq is forgotten (it was not pulled again), never the row nor its versions.
    expect(await db.rowMeta.where('[scope+table]').equals([scope, 'beneficiaries']).primaryKeys()).toEqual([
      ['beneficiaries', fresh.id],
    ]);
    expect(await db.rowMeta.get(['beneficiaries', kept.id])).toEqual({
      table: 'beneficiaries',
      rowId: kept.id,
      versions: keptVersions,
    });
  });

  it('pulls a table again from 0, once, when its digest does not match', async () => {
    const row = someone(rowId(1));
    const digest = { scope, table: 'beneficiaries', ...digestOf([{ id: row.id, seq: 5 }]) };
    const { transport, pulls } = scripted({
      pull: (request) => {
        const cursor = request.cursors[0]?.seq ?? 0;
        // First answer: nothing new after the cursor, but the server holds a row this PC lacks.
        return ok({ ...emptyPull(), pages: cursor === 0 ? [page([wireRow(row, 5)], 5)] : [], digests: [digest] });
      },
    });
    const { db, engine } = setUp(transport);
    await db.syncMeta.put({ key: `cursor:${scope}:beneficiaries`, value: '5' });
    expect(await engine.run()).toMatchObject({ outcome: 'ok', receivedRows: 1 });
    expect(pulls.map((request) => request.cursors.map((cursor) => cursor.seq))).toEqual([[5], []]);
    expect(await db.beneficiaries.get(row.id)).toBeDefined();
  });

  it('measures the clock offset and warns when it is large', async () => {
    const { transport } = scripted({ pull: () => ok({ ...emptyPull(), serverTime: now + 3 * 86_400_000 }) });
    const { engine } = setUp(transport);
    const receipt = await engine.run();
    expect(receipt.clockOffsetMs).toBe(3 * 86_400_000);
    expect(await engine.readStatus()).toMatchObject({ clockOffsetMs: 3 * 86_400_000, clockWarning: true });
  });
});

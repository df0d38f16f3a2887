/**
 * `npm run bench:sync`: the sync engine's speed on this machine, against a real server on a
 * SQLite file on loopback, with the real client engine (over fake-indexeddb under Node, and in
 * Chromium for the second pull figure), the real transport (`callApi` over Node's
 * fetch, gzip on the wire, as the desktop main process sends) and the fault proxy of the tests
 * for the slow link. Prints one JSON object as the last line of its output and writes it under
 * `bench/results/`. Figures, not assertions: the targets are printed beside them.
 *
 * Measures (issue 4):
 * - `pushOpsPerSec`: 10 010 field ops (455 new beneficiaries of 22 synced fields, saved through the
 *   repository) pushed by one PC in batches of 500: ops ÷ time in the push requests (wire, gzip,
 *   validation, merge, SQLite commit), what the server sustains; `pushOpsPerSecEndToEnd` adds the
 *   PC's outbox bookkeeping (fake-indexeddb);
 * - `pullRowsPerSec`: the initial pull of 50 000 beneficiaries (written as the app writes them: one
 *   HLC per save, a third corrected once) into a fresh client database in fake-indexeddb, pages
 *   applied with their cursors, digests checked; `encryptedPullRowsPerSec`: the same pull into a
 *   database sealed at rest (docs/security.md), and `encryptedPullRatio` = sealed ÷ plain rows/s,
 *   both in this run (plain and sealed in turn, twice; each the faster of its two); `pullRowsPerSecChromium`: the same in Chromium, the built app (which always
 *   seals), a counsellor pressing *Synchroniser* (bench/pullChromium.ts);
 * - `bytesPerOpOnWire`: compressed request bytes of the pushes ÷ ops;
 * - `requestsPerSync`: HTTP requests of an end-of-day sync of 2 002 ops (91 beneficiaries);
 * - `slowLinkSeconds`: the same end-of-day sync through the proxy at 256 kbit/s, 300 ms latency.
 *
 * `npm run bench:sync -- push pull` runs only the parts named; `-- --smoke` runs every part at a
 * tiny scale (bench/benchRun.ts), for `npm test`.
 */
import { performance } from 'node:perf_hooks';
import { callApi } from '../shared/api/apiClient';
import { newId } from '../shared/ids/uuidv7';
import { formatHlc, formatReplicaId } from '../shared/sync/hlc';
import { syncProtocolVersion, syncSchemaVersion, type PushOp } from '../shared/sync/protocol';
import { createApiFetch } from '../electron/network/apiFetch';
import { Worker } from 'node:worker_threads';
import { createBeneficiaryRepository } from '../renderer/db/beneficiaryRepository';
import { summariseOutbox } from '../renderer/db/sync/outbox';
import { opsPerNewBeneficiary } from '../renderer/db/testDraft';
import { benchRun } from './benchRun';
import { person } from './people';
import { pullInChromium } from './pullChromium';
import type { PullWorkerInput, PullWorkerResult } from './pullNodeWorker';
import { addClient, addCounsellor, startSyncWorld, type Client, type SyncWorld } from '../tests/sync/syncHarness';

const run = benchRun('sync', ['push', 'end-of-day', 'pull-node', 'pull']);

/**
 * The sizes of the workloads. The smoke run keeps every part's shape at a few hundred rows: pushes
 * still span several batches of 500, and the server's byte budget per pull response is cut to
 * about 75 rows' state (its default fits the 2 000 rows of a full page), so the 300 rows pulled
 * come in several responses and the prefetch path runs too.
 */
const scale = run.isSmoke
  ? { pushOps: 1_100, endOfDayOps: 220, pullRows: 300, maxPullStateBytes: 300_000 }
  : {
      pushOps: 10_010,
      endOfDayOps: 2_002,
      // MASAR_BENCH_PULL_ROWS: a smaller world for profiling; the figure reported is for 50 000.
      pullRows: Number(process.env.MASAR_BENCH_PULL_ROWS ?? '50000'),
      maxPullStateBytes: undefined,
    };

const results: Record<string, unknown> = {
  benchmark: 'sync',
  scale: run.scale,
  at: new Date().toISOString(),
  machine: { node: process.version, platform: process.platform, cpus: (await import('node:os')).cpus().length },
  clientStorage: 'push and end of day: fake-indexeddb (Node); pull: fake-indexeddb and Chromium (see pullClient)',
  serverStorage: 'SQLite file (better-sqlite3), loopback HTTP',
};

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

/**
 * Saves new beneficiaries on a PC until `ops` field ops wait, 100 per transaction, through the
 * repository as an import does (local work, not measured). The workload is a number of ops, as
 * issue 4 set it: a beneficiary's op count grows with its synced fields.
 */
async function createLocally(world: SyncWorld, client: Client, ops: number): Promise<number> {
  const repository = createBeneficiaryRepository(client.db, () => new Date(client.now()));
  const people = Math.ceil(ops / opsPerNewBeneficiary);
  for (let start = 0; start < people; start += 100) {
    const drafts = Array.from({ length: Math.min(100, people - start) }, (_, index) => person(start + index));
    await repository.createMany(drafts, world.centreId);
  }
  return people;
}

/** Field ops the next sync sends (a new row waits as one insert entry: counted as its fields). */
async function pendingOps(client: Client) {
  return (await summariseOutbox(client.db)).coalescedOps;
}

/** Bytes the PC sent and received through the proxy since `from` (log index). */
function wireBytes(world: SyncWorld, from: number) {
  const entries = world.proxy.log.slice(from);
  return {
    requests: entries.length,
    up: entries.reduce((sum, entry) => sum + entry.requestBytes, 0),
    down: entries.reduce((sum, entry) => sum + entry.responseBytes, 0),
  };
}

/**
 * Wall time spent in sync requests (request sent → answer read), per route: the wire and the
 * server. The harness's PCs use `globalThis.fetch` through the real main-process transport.
 */
const requestMs = { push: 0, pull: 0 };
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  const route = url.endsWith('/api/sync/push') ? 'push' : url.endsWith('/api/sync/pull') ? 'pull' : null;
  const started = performance.now();
  const response = await realFetch(input, init);
  if (route === null) return response;
  const body = await response.arrayBuffer();
  requestMs[route] += performance.now() - started;
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
};

async function benchPush() {
  const world = await startSyncWorld();
  try {
    const client = await addClient(world, 'push');
    const people = await createLocally(world, client, scale.pushOps);
    const ops = await pendingOps(client);
    const logStart = world.proxy.log.length;
    let sendingStarted = 0;
    let sendingEnded = 0;
    requestMs.push = 0;
    const receipt = await client.engine.run((progress) => {
      if (progress.phase === 'sending' && sendingStarted === 0) sendingStarted = performance.now();
      if (progress.phase !== 'sending' && sendingEnded === 0) sendingEnded = performance.now();
    });
    if (receipt.outcome !== 'ok') throw new Error(`push bench sync failed: ${receipt.errorCode}`);
    if (receipt.sentOps !== ops) throw new Error(`pushed ${receipt.sentOps} ops, expected ${ops}`);
    const pushes = world.proxy.log.slice(logStart).filter((entry) => entry.path === '/api/sync/push');
    const up = pushes.reduce((sum, entry) => sum + entry.requestBytes, 0);
    results.pushOps = ops;
    results.pushPeople = people;
    // Wire + server: what the central server sustains for one PC's pushes.
    results.pushOpsPerSec = Math.round(ops / (requestMs.push / 1000));
    // The whole send phase on the PC, outbox bookkeeping in fake-indexeddb included.
    results.pushOpsPerSecEndToEnd = Math.round(ops / ((sendingEnded - sendingStarted) / 1000));
    results.bytesPerOpOnWire = Math.round((up / ops) * 10) / 10;
    results.pushRequests = pushes.length;
    client.close();
  } finally {
    await world.close();
  }
}

/** Pushes `count` beneficiaries straight to the server (the other PCs of the centre). */
async function seedServer(world: Pick<SyncWorld, 'database' | 'serverUrl' | 'centreId'>, count: number) {
  const { username, password } = await addCounsellor(world, 'seed');
  const fetch = createApiFetch(globalThis.fetch, 120_000);
  const signedIn = await callApi(
    fetch,
    world.serverUrl,
    'signIn',
    { body: { username, password, deviceName: 'seed' } },
    {},
  );
  if (!signedIn.ok || !signedIn.value.newDevice) throw new Error('seed sign-in failed');
  const credentials = { sessionToken: signedIn.value.sessionToken, deviceToken: signedIn.value.newDevice.token };
  const replicaId = formatReplicaId(signedIn.value.deviceId, signedIn.value.user.id);
  const outboxId = newId();
  const wall = Date.now();
  let seq = 0;
  let counter = 0;
  let ops: PushOp[] = [];
  const flush = async () => {
    const first = ops[0];
    const last = ops[ops.length - 1];
    if (first === undefined || last === undefined) return;
    const body = {
      protocolVersion: syncProtocolVersion,
      schemaVersion: syncSchemaVersion,
      appVersion: 'bench',
      databaseId: null,
      outboxId,
      batchId: newId(),
      fromSeq: first.seq,
      toSeq: last.seq,
      ops,
    };
    const answer = await callApi(fetch, world.serverUrl, 'syncPush', { body }, credentials);
    if (!answer.ok || answer.value.status !== 'ok' || answer.value.rejections.length > 0)
      throw new Error(`seed push failed: ${JSON.stringify(answer.ok ? answer.value : answer.error).slice(0, 300)}`);
    ops = [];
  };
  const stamp = new Date(wall).toISOString();
  const nextHlc = () => {
    counter += 1;
    return formatHlc({ wall: wall + Math.floor(counter / 50_000), counter: counter % 50_000, replicaId });
  };
  // As the app writes them: a record created in one save carries one HLC on all its fields, and
  // one record in three was corrected later (a second save, another HLC, on two fields).
  for (let index = 0; index < count; index++) {
    const rowId = newId();
    // The centre first, as the PC sends it: the server places a new row by it.
    const row: Record<string, string> = {
      centreId: world.centreId,
      ...person(index),
      createdAt: stamp,
      updatedAt: stamp,
    };
    const set = async (field: string, value: string, hlc: string, baseVersion: string | null) => {
      ops.push({ seq: ++seq, table: 'beneficiaries', rowId, kind: 'set', field, value, hlc, baseVersion });
      if (ops.length === 500) await flush();
    };
    const created = nextHlc();
    for (const [field, value] of Object.entries(row)) await set(field, value, created, null);
    if (index % 3 === 0) {
      const corrected = nextHlc();
      await set('cin', `ZX${String(index).padStart(6, '0')}`, corrected, created);
      await set('updatedAt', stamp, corrected, created);
    }
  }
  await flush();
}

/** A first sync of every row by a new PC in its own thread; `sealed`: records sealed at rest. */
async function pullInWorker(world: SyncWorld, name: string, sealed: boolean): Promise<PullWorkerResult> {
  const { username, password } = await addCounsellor(world, name);
  const workerData: PullWorkerInput = { serverUrl: world.serverUrl, username, password, sealed };
  // A worker's entry cannot be TypeScript: this one registers tsx, then loads the real one.
  const entry = new URL('./pullNodeWorker.ts', import.meta.url).href;
  const worker = new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true, workerData },
  );
  const result = await new Promise<PullWorkerResult>((resolveResult, reject) => {
    worker.once('message', (message: PullWorkerResult) => {
      resolveResult(message);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      reject(new Error(`the pull worker stopped (${code}) without a result`));
    });
  });
  await worker.terminate();
  if (result.outcome !== 'ok') throw new Error(`pull bench sync failed: ${String(result.errorCode)}`);
  if (result.localRows !== scale.pullRows)
    throw new Error(`pulled ${result.localRows} rows, expected ${scale.pullRows}`);
  return result;
}

async function benchPullNode() {
  const world = await startSyncWorld({ maxPullStateBytes: scale.maxPullStateBytes });
  try {
    const rows = scale.pullRows;
    const seedStart = performance.now();
    await seedServer(world, rows);
    log(`seeded ${rows} beneficiaries in ${Math.round(performance.now() - seedStart)} ms`);
    // Plain and sealed in turn, twice, each figure the faster of its two: the server (main thread)
    // and the client (a worker) share two cores, and one run's neighbour noise moved the ratio
    // by ±0.05 from one run to the next.
    const plainRuns: PullWorkerResult[] = [];
    const sealedRuns: PullWorkerResult[] = [];
    for (let round = 0; round < (run.isSmoke ? 1 : 2); round++) {
      plainRuns.push(await pullInWorker(world, `pull-${round}`, false));
      log(
        `pull ${round + 1}: plain ${Math.round(rows / (plainRuns.at(-1)?.seconds ?? Number.NaN))} rows/s; the same pull, sealed at rest…`,
      );
      // The same pull into a database that seals its records at rest, as the app's does.
      sealedRuns.push(await pullInWorker(world, `pull-sealed-${round}`, true));
    }
    const fastest = (runs: PullWorkerResult[]) =>
      runs.reduce((best, candidate) => (candidate.seconds < best.seconds ? candidate : best));
    const plain = fastest(plainRuns);
    const sealed = fastest(sealedRuns);
    results.pullRows = rows;
    results.pullRowsPerSec = Math.round(rows / plain.seconds);
    results.pullSeconds = Math.round(plain.seconds * 100) / 100;
    results.pullRequestSeconds = Math.round(plain.requestSeconds * 100) / 100;
    results.pullClient =
      'fake-indexeddb (Node, its own thread; the server in the main thread): the engine and its storage code';
    results.encryptedPullRowsPerSec = Math.round(rows / sealed.seconds);
    results.encryptedPullRatio = Math.round((plain.seconds / sealed.seconds) * 100) / 100;
  } finally {
    await world.close();
  }
}

async function benchPullChromium() {
  const rows = scale.pullRows;
  const result = await pullInChromium(
    async (world) => {
      const seedStart = performance.now();
      await seedServer(world, rows);
      log(`seeded ${rows} beneficiaries in ${Math.round(performance.now() - seedStart)} ms`);
      return rows;
    },
    log,
    { maxPullStateBytes: scale.maxPullStateBytes },
  );
  if (result.localCount !== rows) throw new Error(`Chromium holds ${result.localCount} rows, expected ${rows}`);
  results.pullChromiumRows = rows;
  results.pullRowsPerSecChromium = Math.round(rows / result.seconds);
  results.pullChromiumSeconds = Math.round(result.seconds * 100) / 100;
  results.pullChromiumRequestSeconds = Math.round(result.requestSeconds * 100) / 100;
  results.pullChromiumRequests = result.requests;
  results.pullChromiumServerCpuSeconds = Math.round(result.serverCpuSeconds * 100) / 100;
  results.pullChromiumClient = 'Chromium (Debian), the built app, real IndexedDB, strict durability';
}

/** An end-of-day sync of 2 000 ops by a PC that synced the day before. */
async function endOfDay(world: SyncWorld, client: Client) {
  await createLocally(world, client, scale.endOfDayOps);
  const ops = await pendingOps(client);
  const logStart = world.proxy.log.length;
  const started = performance.now();
  const receipt = await client.engine.run();
  const seconds = (performance.now() - started) / 1000;
  if (receipt.outcome !== 'ok') throw new Error(`end-of-day sync failed: ${receipt.errorCode}`);
  if (receipt.sentOps !== ops) throw new Error(`the end-of-day sync sent ${receipt.sentOps} ops, expected ${ops}`);
  return { ops, seconds, ...wireBytes(world, logStart) };
}

async function benchEndOfDay() {
  const world = await startSyncWorld();
  try {
    const client = await addClient(world, 'soir', { timeoutMs: 120_000 });
    await client.engine.run(); // yesterday's sync: cursors and database identity in place
    const fast = await endOfDay(world, client);
    results.endOfDayOps = fast.ops;
    results.requestsPerSync = fast.requests;
    results.endOfDayBytesUp = fast.up;
    results.endOfDayBytesDown = fast.down;

    const bytesPerSecond = 256_000 / 8;
    const latencyMs = 300;
    world.proxy.setFallback(() => ({
      kind: 'pass',
      upDelayMs: latencyMs / 2,
      downDelayMs: latencyMs / 2,
      bytesPerSecond,
    }));
    const slow = await endOfDay(world, client);
    const bytes = slow.up + slow.down;
    results.slowLinkSeconds = Math.round(slow.seconds * 100) / 100;
    results.slowLinkBytes = bytes;
    results.slowLinkRequests = slow.requests;
    results.slowLinkTargetSeconds = Math.round((1.5 * (bytes / bytesPerSecond) + 3) * 100) / 100;
    client.close();
  } finally {
    await world.close();
  }
}

if (run.wants('push')) {
  await benchPush();
  log(`push: ${JSON.stringify({ pushOpsPerSec: results.pushOpsPerSec, bytesPerOpOnWire: results.bytesPerOpOnWire })}`);
}
if (run.wants('end-of-day')) {
  await benchEndOfDay();
  log(
    `end of day: ${JSON.stringify({ requestsPerSync: results.requestsPerSync, slowLinkSeconds: results.slowLinkSeconds })}`,
  );
}
// The initial pull twice: `pullRowsPerSec` into fake-indexeddb under Node (the engine alone), and
// `pullRowsPerSecChromium` in the built app in Chromium, where IndexedDB's cost per record dominates
// (docs/sync-protocol.md, "Client side as built").
if (run.wants('pull-node')) await benchPullNode();
if (run.wants('pull')) await benchPullChromium();
results.targets = {
  pushOpsPerSec: '>= 5000',
  pullRowsPerSec: '>= 5000 (fake-indexeddb; the issue allows either, Chromium is reported beside it)',
  bytesPerOpOnWire: '<= 150',
  requestsPerSync: '<= 10',
  encryptedPullRatio: '>= 0.8',
  slowLinkSeconds: `<= ${typeof results.slowLinkTargetSeconds === 'number' ? `${results.slowLinkTargetSeconds} ` : ''}(1.5 × bytes ÷ bandwidth + 3 s)`,
};
await run.finish(results);

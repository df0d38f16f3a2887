/**
 * The PC of the fake-indexeddb pull figure (`bench/sync.ts`, `pullRowsPerSec`), in its own thread:
 * a PC and the central server are two machines, and in one thread the server's work would wait
 * for the PC's and the other way round. Signs in for real, pulls everything with the real engine
 * into a fresh database, and posts the timings back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { importDataKey, newDataKeyBytes } from '../renderer/crypto/dataKey';
import { openUserDatabase } from '../renderer/db/database';
import { createKeyRing } from '../renderer/db/sealing/keyRing';
import { createSyncEngine } from '../renderer/sync/engine';
import { formatReplicaId } from '../shared/sync/hlc';
import { signInPc } from '../tests/sync/syncHarness';

/** `sealed`: the database seals its records at rest, as the app's does (docs/security.md). */
export type PullWorkerInput = { serverUrl: string; username: string; password: string; sealed: boolean };
export type PullWorkerResult = {
  seconds: number;
  requestSeconds: number;
  outcome: string;
  errorCode: string | null;
  localRows: number;
};

const input = workerData as PullWorkerInput;
const pc = await signInPc({ ...input, syncUrl: input.serverUrl, name: 'banc-node', timeoutMs: 120_000 });
let requestMs = 0;
const transport = {
  push: (body: Parameters<typeof pc.transport.push>[0]) => pc.transport.push(body),
  pull: async (body: Parameters<typeof pc.transport.pull>[0]) => {
    const started = performance.now();
    const answer = await pc.transport.pull(body);
    requestMs += performance.now() - started;
    return answer;
  },
};
const replicaId = formatReplicaId(pc.deviceId, pc.userId);
const keys = input.sealed ? createKeyRing(await importDataKey(newDataKeyBytes())) : undefined;
const db = openUserDatabase(
  pc.userId,
  { indexedDB: new IDBFactory(), IDBKeyRange },
  { replicaId },
  keys ? { keys } : undefined,
);
const engine = createSyncEngine({ db, transport, userId: pc.userId, replicaId, appVersion: 'bench' });
const started = performance.now();
const receipt = await engine.run();
const seconds = (performance.now() - started) / 1000;
const result: PullWorkerResult = {
  seconds,
  // Pulls overlap with applying (prefetch): this is time with a request open, not a share.
  requestSeconds: requestMs / 1000,
  outcome: receipt.outcome,
  errorCode: receipt.errorCode ?? null,
  localRows: await db.beneficiaries.count(),
};
db.close();
parentPort?.postMessage(result);

import type { Role } from '../../shared/auth/roles';
import type { HostErrorCode } from '../../shared/result';
import { derivedIds, serverUserId } from '../../shared/sync/admission';
import { syncedEntities } from '../../shared/sync/entities';
import { newId } from '../../shared/ids/uuidv7';
import { parseHlc, parseReplicaId } from '../../shared/sync/hlc';
import { tombstoneField, type JsonValue } from '../../shared/sync/merge';
import {
  defaultPullRows,
  maxOpsPerPush,
  maxPushBytes,
  syncProtocolVersion,
  syncSchemaVersion,
  type Digest,
  type PullCursor,
  type PullPage,
  type PullResponse,
} from '../../shared/sync/protocol';
import type { MasarDatabase } from '../db/tables';
import { correctFileNumberPrefixes, storeCentres } from '../db/fileNumbers';
import { stampLocalOps, type ExplicitOp } from '../db/sync/changeCapture';
import { recordLabel } from '../db/sync/recordLabel';
import { isKnownToServer, rowMetaKey } from '../db/sync/rowMeta';
import { removeInaccessible, type AccessNow } from '../db/sync/accessRemoval';
import { sweepLostRows } from '../db/sync/lostRowSweep';
import { acknowledge, formBatch, prepareRestore, renumberFrom, summariseOutbox } from '../db/sync/outbox';
import { applyPullPage } from '../db/sync/pullApply';
import { discardRejection, readRejections } from '../db/sync/rejections';
import { localDigest, readCursors, readReconcileMarks, resetTable } from '../db/sync/serverPositions';
import { storeReceipt } from '../db/sync/syncJournal';
import { adoptReplica, ensureOutboxId, metaKeys, pullClockBack, readMeta, writeMeta } from '../db/sync/syncMeta';
import type { SyncTransport } from './transport';
import type {
  ConflictChoice,
  LocalConflict,
  LocalRejection,
  SyncPreview,
  SyncProgress,
  SyncReceipt,
  SyncStatus,
} from './types';

/**
 * The client sync engine (docs/sync-protocol.md): one run pushes the outbox in numbered batches,
 * pulls every (scope, table) page by page, removes what its user may no longer see, then checks
 * digests. Storage steps are transactions of renderer/db/sync/ (outbox.ts,
 * pullApply.ts, lostRowSweep.ts, accessRemoval.ts…); this module owns the
 * protocol: batching and numbering, retries, the gap answer, a server that lost work (restored from
 * a backup: reconcile, then send again), the server database identity, the clock offset, the
 * receipt and the stuck-queue warning. It never throws for network or server errors: the receipt says `failed` and why, and
 * whatever was acknowledged or applied before stays so.
 */
export type SyncEngineOptions = {
  readonly db: MasarDatabase;
  readonly transport: SyncTransport;
  readonly userId: string;
  /**
   * `formatReplicaId(serverDeviceId, userId)`. When given, the pending ops are re-stamped with it
   * before a push if the database holds another one (the PC registered again).
   */
  readonly replicaId?: string | undefined;
  /**
   * The signed-in user's role, as the sign-in said: after a server lost data, this PC sends again
   * only what the server's field → role table lets this user write (shared/auth/fieldRoles.ts).
   * Absent: a counsellor's.
   */
  readonly role?: Role | undefined;
  readonly appVersion: string;
  /** This PC's clock (ms); `Date.now` by default. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** In [0, 1), for the back-off jitter. */
  readonly random?: () => number;
  readonly retry?: { readonly attempts: number; readonly baseDelayMs: number; readonly maxDelayMs: number };
  readonly limits?: { readonly maxOps?: number; readonly maxBytes?: number; readonly pullRows?: number };
};

export type SyncEngine = {
  preview(): Promise<SyncPreview>;
  /** One sync at a time: a call while one runs returns the running one's receipt. */
  run(onProgress?: (progress: SyncProgress) => void): Promise<SyncReceipt>;
  resolveConflict(key: string, choice: ConflictChoice): Promise<void>;
  resendRejection(id: number): Promise<void>;
  discardRejection(id: number): Promise<void>;
  /** Reads for live queries (they only read the database). */
  readStatus(): Promise<SyncStatus>;
  readConflicts(): Promise<LocalConflict[]>;
  readRejections(): Promise<LocalRejection[]>;
  readJournal(): Promise<SyncReceipt[]>;
  readonly isSyncing: boolean;
  /** Called when `isSyncing` changes. */
  subscribe(listener: () => void): () => void;
};

/** Codes worth another attempt: no answer, a timeout, a 5xx. A 4xx would be answered the same. */
const retryableCodes: ReadonlySet<HostErrorCode> = new Set(['server-unreachable', 'server-error', 'internal']);
/** The clock warning: the PC's clock is off by more than this. */
export const clockWarningThresholdMs = 2 * 60 * 1000;
/** `failedAttempts` from which the queue is shown as stuck. */
export const stuckAfterAttempts = 3;
const defaultRetry = { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000 };
/** Gap answers in a row before giving up (each renumbers; more means a confused server). */
const maxGapsPerRun = 3;
/**
 * Push-and-pull passes in one sync: a pull that finds the server lost data queues it to be sent
 * again, and the next pass sends it and pulls it back (three: the one that finds, the one that
 * sends, one spare for a pull that finds more). What is still queued goes at the next sync.
 */
const maxPassesPerRun = 3;
const maxPullRounds = 10_000;

class SyncStop extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, transport, userId, replicaId } = options;
  const restorer = { userId, role: options.role ?? 'conseiller' };
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const retry = options.retry ?? defaultRetry;
  const limits = {
    maxOps: options.limits?.maxOps ?? maxOpsPerPush,
    maxBytes: options.limits?.maxBytes ?? maxPushBytes,
  };
  const pullRows = options.limits?.pullRows ?? defaultPullRows;
  const versions = {
    protocolVersion: syncProtocolVersion,
    schemaVersion: syncSchemaVersion,
    appVersion: options.appVersion,
  };

  let running: Promise<SyncReceipt> | null = null;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };

  /** Calls the server, retrying what may succeed later with exponential back-off and jitter. */
  async function callWithRetry<T>(
    call: () => Promise<{ ok: true; value: T } | { ok: false; error: { code: HostErrorCode; message: string } }>,
  ): Promise<{ value: T; sentAt: number; receivedAt: number }> {
    for (let attempt = 0; ; attempt++) {
      const sentAt = now();
      const result = await call();
      const receivedAt = now();
      if (result.ok) return { value: result.value, sentAt, receivedAt };
      if (!retryableCodes.has(result.error.code) || attempt + 1 >= retry.attempts)
        throw new SyncStop(result.error.code, result.error.message);
      const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt);
      // Half fixed, half random: PCs that failed together do not all come back together.
      await sleep(ceiling / 2 + random() * (ceiling / 2));
    }
  }

  function pullOnce(databaseId: string | null, cursors: PullCursor[]) {
    return callWithRetry(() => transport.pull({ ...versions, databaseId, cursors, limit: pullRows }));
  }

  /** Binds the server database at the first answer; another one later is never merged in. */
  async function checkDatabase(databaseId: string): Promise<void> {
    const bound = await readMeta(db, metaKeys.databaseId);
    if (bound === undefined) await writeMeta(db, { [metaKeys.databaseId]: databaseId });
    else if (bound !== databaseId)
      throw new SyncStop('sync-database-mismatch', 'The server database is not the one this PC synced with');
  }

  /** Server time minus this PC's time, the request's round trip split in half. */
  async function measureOffset(serverTime: number, sentAt: number, receivedAt: number): Promise<number> {
    const offset = Math.round(serverTime - (sentAt + receivedAt) / 2);
    await writeMeta(db, { [metaKeys.clockOffsetMs]: String(offset) });
    return offset;
  }

  async function runOnce(onProgress: ((progress: SyncProgress) => void) | undefined): Promise<SyncReceipt> {
    const startedAt = now();
    const before = await summariseOutbox(db);
    let sentOps = 0;
    const sentRecords = new Set<string>();
    let receivedRows = 0;
    let conflictsOpened = 0;
    let rejections = 0;
    let clampedOps = 0;
    // Set by the push steps below (closures: not narrowed here).
    let hasPushed = false as boolean;
    let clockOffsetMs: number | null = null;
    let errorCode: HostErrorCode | undefined;
    // A server restored from an earlier backup: whether this sync found it, and what it sent again.
    let isServerBehind = false;
    let restoredRows = 0;
    const removedRows = { centre: 0, restricted: 0 };
    // Rows the account may no longer see, kept because the server was found behind (restored).
    let heldRows = 0;
    const totalOps = before.coalescedOps;
    const report = (phase: SyncProgress['phase']) => onProgress?.({ phase, sentOps, totalOps, receivedRows });

    /** The server lost ops it had acknowledged: reconcile before anything more is sent. */
    async function serverLostWork(lastAppliedSeq: number): Promise<void> {
      isServerBehind = true;
      await prepareRestore(db, lastAppliedSeq);
    }

    /**
     * 1. Push: numbered batches until the outbox is empty. Returns false when it stopped because
     * the server lost acknowledged work (the pull reconciles first, the next pass pushes).
     */
    async function pushAll(outboxId: string): Promise<boolean> {
      report('sending');
      let gaps = 0;
      for (;;) {
        const batch = await formBatch(db, limits);
        if (!batch) return true;
        const databaseId = (await readMeta(db, metaKeys.databaseId)) ?? null;
        const { fromSeq, toSeq, ops } = batch;
        // What this PC had seen of the server: a rule the server finds broken only by a colleague's
        // unseen change opens a review instead of refusing this work (docs/sync-protocol.md).
        const seen = await readCursors(db);
        const request = { ...versions, databaseId, outboxId, batchId: newId(), fromSeq, toSeq, ops, seen };
        const answer = await callWithRetry(() => transport.push(request));
        const response = answer.value;
        await checkDatabase(response.databaseId);
        clockOffsetMs = await measureOffset(response.serverTime, answer.sentAt, answer.receivedAt);
        if (response.status === 'gap') {
          // Below what it had acknowledged to this outbox: the server lost work (restored backup).
          if (response.lastAppliedSeq < Number((await readMeta(db, metaKeys.ackedSeq)) ?? '0')) {
            await serverLostWork(response.lastAppliedSeq);
            return false;
          }
          // Otherwise ops applied under an earlier replica id: send them again under new numbers.
          if (++gaps > maxGapsPerRun) throw new SyncStop('server-error', 'The server keeps answering gap');
          await renumberFrom(db, response.lastAppliedSeq);
          continue;
        }
        gaps = 0;
        const removed = await acknowledge(db, {
          ackSeq: response.ackSeq,
          rejections: response.rejections,
          rejectedAt: new Date(now()).toISOString(),
          clamped: response.clamped,
        });
        if (removed === 0)
          throw new SyncStop('invalid-response', `The server acknowledged nothing of ${batch.fromSeq}`);
        hasPushed = true;
        sentOps += removed;
        for (const op of ops) sentRecords.add(`${op.table}/${op.rowId}`);
        rejections += response.rejections.length;
        conflictsOpened += response.conflicts.length;
        clampedOps += response.clamped.length;
        if (response.clamped.length > 0) await pullClockBack(db, response.serverTime);
        report('sending');
      }
    }

    /**
     * 2. Pull every (scope, table) until nothing more waits; remove what the user may no longer
     * see; send again whole the rows a reconciliation found the server no longer has; 3. compare
     * digests, re-pull (and reconcile) once. Returns the records queued to be sent again.
     */
    async function pullAll(outboxId: string, knownScopes: readonly string[]): Promise<number> {
      report('receiving');
      let queued = 0;
      const repulled = new Set<string>();
      for (let round = 0; round < 2; round++) {
        let digests: Digest[];
        let access: AccessNow;
        // While a response's pages are applied, the next one is already asked for (its cursors
        // are the pages' `nextSeq`, known before applying): the server and the wire work while
        // IndexedDB does. Applying stays one page at a time, each with its cursor; a prefetched
        // answer is simply dropped if applying fails.
        let prefetched: ReturnType<typeof pullOnce> | null = null;
        for (let page = 0; ; page++) {
          if (page >= maxPullRounds) throw new SyncStop('server-error', 'The server never ends the pull');
          const cursors = await readCursors(db);
          const answer = await (prefetched ?? pullOnce((await readMeta(db, metaKeys.databaseId)) ?? null, cursors));
          prefetched = null;
          const response = answer.value;
          await checkDatabase(response.databaseId);
          clockOffsetMs = await measureOffset(response.serverTime, answer.sentAt, answer.receivedAt);
          if (response.outboxes !== undefined) {
            const applied = response.outboxes.find((outbox) => outbox.outboxId === outboxId)?.lastAppliedSeq ?? 0;
            if (applied < Number((await readMeta(db, metaKeys.ackedSeq)) ?? '0')) {
              // Every table is pulled again from 0 to be compared: this answer's pages are not applied.
              await serverLostWork(applied);
              queued++;
              continue;
            }
          }
          await storeCentres(db, response.scopes);
          const needsResync = response.pages.some((pulled) => pulled.resyncRequired);
          if (response.hasMore && !needsResync) {
            prefetched = pullOnce(response.databaseId, advanceCursors(cursors, response.pages));
            // Awaited at the next turn; until then a failure must not count as unhandled.
            prefetched.catch(() => undefined);
          }
          for (const pulled of response.pages) {
            const outcome = await applyPullPage(db, pulled, { now: now() + clockOffsetMs, replicaId, restorer });
            receivedRows += outcome.received;
            restoredRows += outcome.restored;
            queued += outcome.restored;
            report('receiving');
          }
          if (!response.hasMore && !needsResync) {
            digests = response.digests;
            access = accessNowOf(response);
            break;
          }
        }
        // What the user may no longer see leaves the PC (after the push: waiting edits were sent).
        const removal = await removeInaccessible(db, access, knownScopes, {
          now: now(),
          isServerBehind: isServerBehind || restoredRows > 0,
        });
        removedRows.centre += removal.centre;
        removedRows.restricted += removal.restricted;
        heldRows = Math.max(heldRows, removal.held);
        // Every (scope, table) marked for a reconciliation and readable was just pulled whole.
        const listed = (await readReconcileMarks(db)).filter(
          ({ scope, table }) => access.scopes.has(scope) && (access.readableTables?.get(scope)?.has(table) ?? true),
        );
        if (listed.length > 0) {
          const swept = await sweepLostRows(db, listed, { now: now() + clockOffsetMs, replicaId, restorer });
          restoredRows += swept;
          queued += swept;
        }
        report('verifying');
        const mismatched: Digest[] = [];
        for (const digest of digests) {
          const key = `${digest.scope}/${digest.table}`;
          if (repulled.has(key)) continue;
          const local = await localDigest(db, digest.scope, digest.table);
          if (local.count !== digest.count || local.hash !== digest.hash) mismatched.push(digest);
        }
        if (mismatched.length === 0) break;
        for (const digest of mismatched) {
          repulled.add(`${digest.scope}/${digest.table}`);
          // Pulled again from 0 and compared: the server may have lost what this PC holds.
          await resetTable(db, digest.scope, digest.table);
        }
        report('receiving');
      }
      return queued;
    }

    try {
      if (replicaId !== undefined) await adoptReplica(db, replicaId);
      const outboxId = await ensureOutboxId(db);
      const knownScopes = (await db.centres.toCollection().primaryKeys()).map(String);
      // Push then pull; again while the pull queued records to send again (a server that lost work).
      for (let pass = 0; pass < maxPassesPerRun; pass++) {
        const isPushed = await pushAll(outboxId);
        const queued = await pullAll(outboxId, knownScopes);
        if (isPushed && queued === 0) break;
      }
      if (restoredRows > 0) isServerBehind = true;
    } catch (error) {
      errorCode = error instanceof SyncStop ? error.code : 'internal';
    }
    // Files pulled with a provisional number get their centre's code now (sent at the next sync);
    // a failure here costs nothing the next pull or sign-in does not redo.
    await correctFileNumberPrefixes(db).catch(() => 0);

    const finishedAt = now();
    const after = await summariseOutbox(db);
    const previousFailures = Number((await readMeta(db, metaKeys.failedAttempts)) ?? '0');
    // Stuck: ops wait and none was acknowledged. A run that moved the head, or emptied it, resets.
    const failedAttempts = after.ops > 0 && sentOps === 0 ? previousFailures + 1 : 0;
    const meta: Record<string, string> = { [metaKeys.failedAttempts]: String(failedAttempts) };
    if (errorCode === undefined) meta[metaKeys.lastSuccessAt] = new Date(finishedAt).toISOString();
    if (hasPushed) meta[metaKeys.lastClamped] = String(clampedOps);
    await writeMeta(db, meta);
    const receipt: SyncReceipt = {
      id: newId(),
      startedAt: new Date(startedAt).toISOString(),
      finishedAt: new Date(finishedAt).toISOString(),
      durationMs: Math.max(0, finishedAt - startedAt),
      outcome: errorCode === undefined ? 'ok' : 'failed',
      ...(errorCode === undefined ? {} : { errorCode }),
      sentOps,
      sentRecords: sentRecords.size,
      receivedRows,
      conflictsOpened,
      rejections,
      clampedOps,
      clockOffsetMs,
      ...(isServerBehind ? { restoredRows } : {}),
      ...(removedRows.centre + removedRows.restricted > 0 ? { removedRows } : {}),
      ...(heldRows > 0 ? { heldRows } : {}),
    };
    await storeReceipt(db, receipt);
    return receipt;
  }

  async function readStatus(): Promise<SyncStatus> {
    // The change capture writes the outbox below Dexie's observability layer, so a live query
    // reading only the outbox would not wake up when a record is saved. Counting every synced
    // table makes it observe their whole range: any captured write re-runs this query.
    await Promise.all(syncedEntities.map((entity) => db.table(entity.table).count()));
    const summary = await summariseOutbox(db);
    const [lastSuccessAt, failedAttempts, offset, lastClamped] = await db.syncMeta.bulkGet([
      metaKeys.lastSuccessAt,
      metaKeys.failedAttempts,
      metaKeys.clockOffsetMs,
      metaKeys.lastClamped,
    ]);
    const clockOffsetMs = offset === undefined ? null : Number(offset.value);
    const failures = Number(failedAttempts?.value ?? '0');
    return {
      pendingOps: summary.ops,
      pendingRecords: summary.created + summary.changed + summary.deleted,
      lastSuccessAt: lastSuccessAt?.value ?? null,
      failedAttempts: failures,
      isStuck: failures >= stuckAfterAttempts,
      clockOffsetMs,
      clockWarning:
        (clockOffsetMs !== null && Math.abs(clockOffsetMs) > clockWarningThresholdMs) ||
        Number(lastClamped?.value ?? '0') > 0,
      openConflicts: await db.conflicts.count(),
      rejections: await db.rejections.count(),
      isSyncing: running !== null,
    };
  }

  /** The local rows the sync lists name, and the person of each one's file (recordLabel.ts). */
  async function labelRows(
    refs: readonly { table: string; rowId: string }[],
  ): Promise<{ row: Record<string, unknown> | undefined; person: Record<string, unknown> | undefined }[]> {
    const rows = (await Promise.all(refs.map((ref) => db.table(ref.table).get(ref.rowId)))) as (
      Record<string, unknown> | undefined
    )[];
    // A person's once-only record (detention, admission…) has the person's id: named even once it
    // left the PC with the user's judicial access, as long as the person is still readable here.
    const personIds = rows.map((row, index) => {
      const ref = refs[index];
      if (typeof row?.['beneficiaryId'] === 'string') return row['beneficiaryId'];
      return ref && derivedIds[ref.table]?.parentTable === 'beneficiaries' ? ref.rowId : null;
    });
    const people = (await db.table('beneficiaries').bulkGet(personIds.map((id) => id ?? ''))) as (
      Record<string, unknown> | undefined
    )[];
    return rows.map((row, index) => ({ row, person: personIds[index] === null ? undefined : people[index] }));
  }

  async function readConflicts(): Promise<LocalConflict[]> {
    const stored = await db.conflicts.toArray();
    const labels = await labelRows(stored);
    return stored.map((conflict, index): LocalConflict => {
      const { row, person } = labels[index] ?? { row: undefined, person: undefined };
      const winningBy = writerOf(conflict.winningVersion);
      const losingBy = writerOf(conflict.losingVersion);
      return {
        ...conflict,
        winningAt: wallOf(conflict.winningVersion),
        losingAt: wallOf(conflict.losingVersion),
        mine: winningBy === userId ? 'winning' : losingBy === userId ? 'losing' : null,
        masarSide: winningBy === serverUserId ? 'winning' : losingBy === serverUserId ? 'losing' : null,
        recordLabel: row ? recordLabel(conflict.table, conflict.rowId, row, person) : conflict.recordLabel,
      };
    });
  }

  async function readLocalRejections(): Promise<LocalRejection[]> {
    const stored = await readRejections(db);
    const labels = await labelRows(stored);
    return stored.flatMap((rejection, index): LocalRejection[] => {
      if (rejection.id === undefined) return [];
      const { row, person } = labels[index] ?? { row: undefined, person: undefined };
      return [
        { ...rejection, id: rejection.id, recordLabel: recordLabel(rejection.table, rejection.rowId, row, person) },
      ];
    });
  }

  /**
   * A resolution is one ordinary local write that names the versions it settles (`resolves`),
   * stamped even when the chosen value is already the local one (keep-theirs), and removes the
   * local conflict in the same transaction. A delete-vs-edit is settled on the tombstone: keeping
   * the deletion is a new delete that has seen the edit; keeping the edit is an undelete (the row
   * comes back with the next pull) plus the chosen value.
   */
  async function resolveConflict(key: string, choice: ConflictChoice): Promise<void> {
    const conflict = await db.conflicts.get(key);
    if (!conflict) return;
    const chosen: JsonValue =
      choice.kind === 'winning'
        ? conflict.winningValue
        : choice.kind === 'losing'
          ? conflict.losingValue
          : choice.value;
    const both = [conflict.winningVersion, conflict.losingVersion];
    let ops: ExplicitOp[];
    if (conflict.kind === 'concurrentEdit') {
      ops = [{ kind: 'set', field: conflict.field, value: chosen, resolves: both }];
    } else if (conflict.field === tombstoneField) {
      ops =
        choice.kind === 'winning'
          ? [{ kind: 'delete', resolves: [conflict.losingVersion] }]
          : [{ kind: 'undelete', resolves: [conflict.losingVersion] }];
    } else if (choice.kind === 'winning') {
      ops = [{ kind: 'delete', alsoSeen: { [conflict.field]: [conflict.losingVersion] } }];
    } else {
      ops = [
        { kind: 'undelete' },
        { kind: 'set', field: conflict.field, value: chosen, resolves: [conflict.losingVersion] },
      ];
    }
    await stampLocalOps(db, conflict.table, conflict.rowId, ops, async () => {
      await db.conflicts.delete(key);
    });
  }

  /**
   * Queues the record's current value of the refused field again, as a fresh edit. A refused
   * creation (the server has no such row) is sent again whole, every field with it: the server
   * needs the row's scope in the same push.
   */
  async function resendRejection(id: number): Promise<void> {
    const rejection = await db.rejections.get(id);
    if (!rejection) return;
    const { table, rowId, field } = rejection;
    const row = (await db.table(table).get(rowId)) as Record<string, unknown> | undefined;
    const isKnown = isKnownToServer(await db.rowMeta.get(rowMetaKey(table, rowId)));
    let ops: ExplicitOp[];
    let dropped: number[] = [id];
    if (field === tombstoneField) {
      ops = [rejection.value === true ? { kind: 'delete' } : { kind: 'undelete' }];
    } else if (!isKnown && row) {
      ops = Object.entries(row)
        .filter(([name]) => name !== 'id')
        .map(([name, value]) => ({ kind: 'set', field: name, value: toJson(value) }));
      dropped = (
        await db.rejections
          .where('[table+rowId+field]')
          .between([table, rowId, ''], [table, rowId, '\uffff'])
          .primaryKeys()
      ).filter((key): key is number => typeof key === 'number');
    } else {
      ops = [{ kind: 'set', field, value: row ? toJson(row[field]) : rejection.value }];
    }
    await stampLocalOps(db, table, rowId, ops, async () => {
      await db.rejections.bulkDelete(dropped);
    });
  }

  return {
    async preview() {
      const summary = await summariseOutbox(db);
      return {
        created: summary.created,
        changed: summary.changed,
        deleted: summary.deleted,
        ops: summary.coalescedOps,
      };
    },
    run(onProgress) {
      if (running) return running;
      const started = runOnce(onProgress).finally(() => {
        running = null;
        notify();
      });
      running = started;
      notify();
      return started;
    },
    resolveConflict,
    resendRejection,
    discardRejection: (id) => discardRejection(db, id),
    readStatus,
    readConflicts,
    readRejections: readLocalRejections,
    readJournal: () => db.syncJournal.orderBy('startedAt').reverse().toArray(),
    get isSyncing() {
      return running !== null;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function wallOf(hlc: string): number {
  const parsed = parseHlc(hlc);
  return parsed.ok ? parsed.value.wall : 0;
}

function writerOf(hlc: string): string | null {
  const parsed = parseHlc(hlc);
  if (!parsed.ok) return null;
  const replica = parseReplicaId(parsed.value.replicaId);
  return replica.ok ? replica.value.userId : null;
}

function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/** What the account may read now, from a pull answer (`readableTables` is absent from older servers). */
function accessNowOf(response: PullResponse): AccessNow {
  return {
    scopes: new Set(response.scopes.map((scope) => scope.id)),
    readableTables:
      response.readableTables === undefined
        ? null
        : new Map(response.readableTables.map((entry) => [entry.scope, new Set(entry.tables)])),
  };
}

/** The cursors after applying `pages`: each page's `nextSeq`; a resync page restarts its table. */
export function advanceCursors(cursors: readonly PullCursor[], pages: readonly PullPage[]): PullCursor[] {
  const next = new Map(cursors.map((cursor) => [`${cursor.scope}/${cursor.table}`, cursor]));
  for (const page of pages) {
    const key = `${page.scope}/${page.table}`;
    if (page.resyncRequired) next.delete(key);
    else next.set(key, { scope: page.scope, table: page.table, seq: page.nextSeq });
  }
  return [...next.values()];
}

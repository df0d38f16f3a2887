import { formatHlc, maxClockSkewMillis, parseHlc } from '../../../shared/sync/hlc';
import type { FieldVersion } from '../../../shared/sync/merge';
import { newId } from '../../../shared/ids/uuidv7';

import type { MasarDatabase } from '../tables';
import { clockStateOf } from './changeCapture';
import { rowMetaKey } from './rowMeta';
import type { OutboxEntry, StoredRowMeta, SyncMetaEntry } from './types';

/**
 * The sync engine's own keys in `syncMeta` and the identity they hold: the outbox id, the replica
 * id (adopted again, with every unsent op re-stamped, when the PC registers anew) and the clock
 * state (pulled back when the server finds it running ahead). The per-(scope, table) keys, cursors
 * and reconciliation marks, are serverPositions.ts's.
 */

export const metaKeys = {
  hlc: 'hlc',
  replicaId: 'replicaId',
  outboxId: 'outboxId',
  databaseId: 'databaseId',
  nextPushSeq: 'nextPushSeq',
  lastSuccessAt: 'lastSuccessAt',
  failedAttempts: 'failedAttempts',
  clockOffsetMs: 'clockOffsetMs',
  lastClamped: 'lastClamped',
  /**
   * The greatest `ackSeq` the server answered this outbox under the current replica id: a server
   * that later says it applied less (a gap, or the pull's `outboxes`) lost acknowledged work.
   */
  ackedSeq: 'ackedSeq',
  /**
   * When this PC last found the server behind (ms, this PC's clock): for a while after, nothing is
   * removed for lost access (`removeInaccessible`), since the restored server may have lost the
   * account changes too.
   */
  serverBehindAt: 'serverBehindAt',
} as const;

export async function readMeta(db: MasarDatabase, key: string): Promise<string | undefined> {
  return (await db.syncMeta.get(key))?.value;
}

export async function writeMeta(db: MasarDatabase, entries: Record<string, string>): Promise<void> {
  await db.syncMeta.bulkPut(Object.entries(entries).map(([key, value]): SyncMetaEntry => ({ key, value })));
}

/** The outbox's identity, made at first use (a rebuilt database gets a new one, and restarts at seq 1). */
export async function ensureOutboxId(db: MasarDatabase): Promise<string> {
  return db.transaction('rw', db.syncMeta, async () => {
    const existing = await readMeta(db, metaKeys.outboxId);
    if (existing) return existing;
    const id = newId();
    await writeMeta(db, { [metaKeys.outboxId]: id });
    return id;
  });
}

/**
 * The PC registered again (new server device id) or was used before its device id was known: the
 * writes it has not sent yet are re-stamped with `replicaId` (the server refuses ops naming another
 * replica). In one transaction: every pending op's HLC, the field versions and bases pointing at
 * those HLCs (a chain of unsent edits), the clock state and the stored replica id. Versions the
 * server already holds keep their old writer. Returns whether anything changed.
 */
export async function adoptReplica(db: MasarDatabase, replicaId: string): Promise<boolean> {
  return db.transaction('rw', [db.outbox, db.rowMeta, db.syncMeta], async () => {
    const stored = await readMeta(db, metaKeys.replicaId);
    if (stored === replicaId) return false;
    const renamed = new Map<string, string>();
    const rename = (hlc: string): string => {
      const parsed = parseHlc(hlc);
      if (!parsed.ok || parsed.value.replicaId === replicaId) return hlc;
      return formatHlc({ ...parsed.value, replicaId });
    };
    const entries = await db.outbox.toArray();
    for (const entry of entries) {
      const next = rename(entry.hlc);
      if (next !== entry.hlc) renamed.set(entry.hlc, next);
    }
    const mapVersion = (version: FieldVersion): FieldVersion => {
      const next = renamed.get(version.hlc);
      return next === undefined ? version : { hlc: next, replicaId };
    };
    await db.outbox.bulkPut(
      entries.map((entry): OutboxEntry => {
        const { seenVersions, resolves, ...rest } = entry;
        return {
          ...rest,
          hlc: renamed.get(entry.hlc) ?? entry.hlc,
          baseVersion: entry.baseVersion && mapVersion(entry.baseVersion),
          ...(resolves ? { resolves: resolves.map(mapVersion) } : {}),
          ...(seenVersions
            ? {
                seenVersions: Object.fromEntries(
                  Object.entries(seenVersions).map(([field, versions]) => [field, versions.map(mapVersion)]),
                ),
              }
            : {}),
        };
      }),
    );
    // A version naming a pending op's HLC belongs to that op's row: only those rows are read.
    const rowKeys = new Map<string, [string, string]>();
    for (const entry of entries)
      if (renamed.has(entry.hlc)) rowKeys.set(`${entry.table}/${entry.rowId}`, rowMetaKey(entry.table, entry.rowId));
    const metas = await db.rowMeta.bulkGet([...rowKeys.values()]);
    await db.rowMeta.bulkPut(
      metas.flatMap((meta): StoredRowMeta[] => {
        if (!meta || !Object.values(meta.versions).some((version) => renamed.has(version.hlc))) return [];
        const versions = Object.fromEntries(
          Object.entries(meta.versions).map(([field, version]) => [field, mapVersion(version)]),
        );
        return [{ ...meta, versions }];
      }),
    );
    const clock = clockStateOf(await db.syncMeta.get(metaKeys.hlc), replicaId);
    // Another replica is another outbox on the server (device, user, outboxId): nothing acknowledged yet.
    await writeMeta(db, {
      [metaKeys.replicaId]: replicaId,
      [metaKeys.hlc]: formatHlc(clock),
      [metaKeys.ackedSeq]: '0',
    });
    return true;
  });
}

/**
 * The server re-stamped ops of this PC because its clock runs ahead: pulls the clock state back
 * to the server's bound (its time + the allowed skew), so later writes are not clamped again and
 * a far-future stamp does not linger. A replica's own writes are ordered by its push sequence, not
 * by their stamps, so moving its clock back is safe; received versions are within the bound.
 */
export async function pullClockBack(db: MasarDatabase, serverTime: number): Promise<void> {
  await db.transaction('rw', db.syncMeta, async () => {
    const entry = await db.syncMeta.get(metaKeys.hlc);
    const parsed = entry && parseHlc(entry.value);
    if (!parsed?.ok) return;
    const bound = serverTime + maxClockSkewMillis;
    if (parsed.value.wall <= bound) return;
    await writeMeta(db, { [metaKeys.hlc]: formatHlc({ ...parsed.value, wall: bound, counter: 0 }) });
  });
}

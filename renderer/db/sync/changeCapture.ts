import Dexie, {
  type DBCore,
  type DBCoreMutateRequest,
  type DBCoreTable,
  type DBCoreTransaction,
  type Middleware,
  type Transaction,
} from 'dexie';
import { formatHlc, formatReplicaId, parseHlc, tick, initialHlcState, type HlcState } from '../../../shared/sync/hlc';
import type { MasarDatabase } from '../tables';
import { tombstoneField, type FieldVersion, type JsonValue } from '../../../shared/sync/merge';
import { newId } from '../../../shared/ids/uuidv7';
import { syncBookkeepingTables, syncedEntity } from './syncedTables';
import { rowMetaKey } from './rowMeta';
import { rowField, type OutboxEntry, type StoredRowMeta, type SyncMetaEntry } from './types';

/**
 * Local change capture (docs/sync-protocol.md, "Local change capture"): a DBCore middleware that,
 * for every write to a synced table, writes in the SAME IndexedDB transaction the row, one outbox
 * entry per changed field (one `insert` entry for a row new to this PC, a tombstone op for a
 * delete), the row's field versions (its `rowMeta`
 * record, read once and written once per changed row) and the advanced clock.
 *
 * The transaction is widened at the DBCore level, as Dexie Cloud does for its mutation tables:
 * any read-write transaction whose scope holds a synced table also holds `outbox`,
 * `rowMeta` and `syncMeta`. Repositories therefore keep declaring only their own tables,
 * and no write can escape the capture or commit without its bookkeeping.
 *
 * Writes made by `applyRemote` (pulled server state) are not captured. `stampLocalOps` writes
 * explicit ops (a conflict resolution, a resend) with the same clock, in one transaction too.
 *
 * The clock reads `Date.now() + clockOffsetMs` (syncMeta, measured by the engine at each sync):
 * the offset is read inside the transaction, so a write never waits for a sync nor is refused.
 */
export type ChangeCaptureOptions = {
  /** The clock (ms since the epoch); `Date.now` by default. Tests inject one. */
  readonly now?: () => number;
  /**
   * The replica id to use when the database has none yet. Without it a provisional one is made
   * from a locally generated device id and the user id (the nil UUID when the user id is not a
   * UUID), and kept in `syncMeta`.
   */
  readonly replicaId?: string;
};

const remoteTransactions = new WeakSet<DBCoreTransaction>();
const captureConfigs = new WeakMap<Dexie, { userId: string; options: ChangeCaptureOptions }>();
const queues = new WeakMap<DBCoreTransaction, Promise<unknown>>();
const nilUuid = '00000000-0000-0000-0000-000000000000';
const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Installs the capture on a database not opened yet; `stampLocalOps` then finds its settings. */
export function installChangeCapture(db: Dexie, userId: string, options: ChangeCaptureOptions = {}): void {
  captureConfigs.set(db, { userId, options });
  db.use(changeCaptureMiddleware(userId, options));
}

export function changeCaptureMiddleware(userId: string, options: ChangeCaptureOptions = {}): Middleware<DBCore> {
  const now = options.now ?? Date.now;
  return {
    stack: 'dbcore',
    name: 'masarChangeCapture',
    // Below Dexie's own middlewares (hooks, observability, cache): this one sees the final writes
    // and talks to IndexedDB directly, outside Dexie's zones. So its bookkeeping writes are not
    // observed by live queries: a query over the outbox must also read the synced tables (see
    // `readStatus` in renderer/sync/engine.ts).
    level: -10,
    create(down) {
      return {
        ...down,
        transaction(stores, mode, transactionOptions) {
          const writesSynced = mode === 'readwrite' && stores.some((store) => syncedEntity(store));
          const scope = writesSynced ? [...new Set([...stores, ...syncBookkeepingTables])] : stores;
          return down.transaction(scope, mode, transactionOptions);
        },
        table(name) {
          const table = down.table(name);
          if (!syncedEntity(name)) return table;
          return {
            ...table,
            get(req) {
              const memo = readMemoOf(req.trans, name);
              if (!memo) return table.get(req);
              const version = memo.version;
              return table.get(req).then((row: Row | undefined) => {
                if (memo.version === version) memo.rows.set(String(req.key), cloneRow(row));
                return row;
              });
            },
            getMany(req) {
              const memo = readMemoOf(req.trans, name);
              if (!memo) return table.getMany(req);
              const version = memo.version;
              return table.getMany(req).then((rows: (Row | undefined)[]) => {
                if (memo.version === version)
                  req.keys.forEach((key, index) => {
                    memo.rows.set(String(key), cloneRow(rows[index]));
                  });
                return rows;
              });
            },
            mutate(req) {
              if (remoteTransactions.has(req.trans)) {
                forgetReads(name, req);
                return table.mutate(req);
              }
              // One capture at a time per transaction: each reads and advances the clock state.
              const previous = queues.get(req.trans) ?? Promise.resolve();
              const result = previous.then(() => capture(down, table, req, userId, options.replicaId, now));
              queues.set(
                req.trans,
                result.catch(() => undefined),
              );
              return result;
            },
          };
        },
      };
    },
  };
}

/**
 * Runs `fn` in a new read-write transaction over `tables` whose writes are not captured: for
 * applying pulled server state. Must not be called inside another transaction (the outer one
 * would be marked too).
 */
export function applyRemote<T>(db: Dexie, tables: string[], fn: () => Promise<T>): Promise<T> {
  // Typed as always present, but null outside a transaction.
  if ((Dexie.currentTransaction as Transaction | null) !== null)
    throw new Error('applyRemote must open its own transaction, not join another one');
  return db.transaction('rw', tables, async (tx) => {
    remoteTransactions.add(tx.idbtrans);
    return fn();
  });
}

type Row = Record<string, unknown>;

async function capture(
  down: DBCore,
  table: DBCoreTable,
  req: DBCoreMutateRequest,
  userId: string,
  configuredReplicaId: string | undefined,
  now: () => number,
) {
  const trans = req.trans;
  const keyPath = table.schema.primaryKey.keyPath;
  if (typeof keyPath !== 'string') throw new Error(`change capture: ${table.name} needs an inbound primary key`);
  const keys = await keysOf(table, req, keyPath);
  const meta = down.table('syncMeta');
  const rowMeta = down.table('rowMeta');
  // Every read at once: the rows before, the clock and the rows' versions (one record per row).
  // Requests of a transaction are served in order, so issuing them together costs one wait on
  // IndexedDB instead of three (each wait is a round trip to the browser's storage process).
  // The rows before are not read again when this transaction has just read them all (a
  // repository's read-modify-write: `get`, then `put`).
  const rowIds = [...new Set(keys.map(String))];
  const remembered = rememberedRows(trans, table.name, keys);
  const [before, [hlcEntry, replicaEntry, offsetEntry], storedMetas] = (await Promise.all([
    remembered ?? table.getMany({ trans, keys }),
    meta.getMany({ trans, keys: ['hlc', 'replicaId', 'clockOffsetMs'] }),
    rowMeta.getMany({ trans, keys: rowIds.map((rowId) => rowMetaKey(table.name, rowId)) }),
  ])) as [(Row | undefined)[], (SyncMetaEntry | undefined)[], (StoredRowMeta | undefined)[]];
  forgetReads(table.name, req, keys);

  type Change = { rowId: string; fields: [string, JsonValue][]; deleted: boolean; before: Row | undefined };
  /** What the write changes, leaving out the operations that `failed`. */
  const changesOf = (failed: (index: number) => boolean): Change[] => {
    const changes: Change[] = [];
    keys.forEach((key, index) => {
      if (failed(index)) return;
      const rowId = String(key);
      const previousRow = before[index];
      if (req.type === 'delete' || req.type === 'deleteRange') {
        if (previousRow) changes.push({ rowId, fields: [], deleted: true, before: previousRow });
        return;
      }
      const next = req.values[index] as Row;
      // The scope field (the row's centre) first: the server places a new row by the scope op
      // pushed with it, so no batch boundary may leave a row's other fields before it.
      const scopeField = syncedEntity(table.name)?.scopeField;
      const fields = Object.keys(next)
        .filter((field) => field !== keyPath)
        .filter((field) => !previousRow || !sameValue(previousRow[field], next[field]))
        .sort((a, b) => Number(b === scopeField) - Number(a === scopeField))
        .map((field): [string, JsonValue] => [field, toJson(next[field])]);
      if (fields.length > 0) changes.push({ rowId, fields, deleted: false, before: previousRow });
    });
    return changes;
  };

  /** Issues the outbox entries, the rows' versions and the clock of `changes` (one wait). */
  const writeBookkeeping = (changes: readonly Change[]): Promise<unknown> => {
    if (changes.length === 0) return Promise.resolve();
    const replicaId = replicaEntry?.value ?? configuredReplicaId ?? provisionalReplicaId(userId);
    let state = clockStateOf(hlcEntry, replicaId);
    const offset = offsetOf(offsetEntry);

    // The versions of a row are one record: read above, written once below.
    const metas = new Map<string, StoredRowMeta>();
    rowIds.forEach((rowId, index) => {
      metas.set(rowId, storedMetas[index] ?? { table: table.name, rowId, versions: {} });
    });

    const outbox: OutboxEntry[] = [];
    for (const change of changes) {
      const rowMetaBefore = metas.get(change.rowId) ?? { table: table.name, rowId: change.rowId, versions: {} };
      const versions: Record<string, FieldVersion> = { ...rowMetaBefore.versions };
      state = tick(state, now() + offset);
      const hlc = formatHlc(state);
      const base = { table: table.name, rowId: change.rowId, hlc };
      if (change.deleted) {
        // The versions of the fields the deleted row had (and nothing else) are the ones it saw.
        const seenVersions: Record<string, FieldVersion[]> = {};
        for (const field of Object.keys(change.before ?? {})) {
          const version = versions[field];
          if (field !== keyPath && field !== tombstoneField && version) seenVersions[field] = [version];
        }
        outbox.push({
          ...base,
          field: tombstoneField,
          kind: 'delete',
          value: true,
          baseVersion: versions[tombstoneField] ?? null,
          seenVersions,
        });
        versions[tombstoneField] = { hlc, replicaId };
      } else if (!change.before && Object.keys(versions).length === 0) {
        // A row this PC never had: one entry for the whole row (expanded into field ops when it
        // is first numbered for a push), not one per field. A person saved is 1 record, not 22.
        outbox.push({
          ...base,
          field: rowField,
          kind: 'insert',
          value: Object.fromEntries(change.fields),
          baseVersion: null,
        });
        for (const [field] of change.fields) versions[field] = { hlc, replicaId };
      } else {
        for (const [field, value] of change.fields) {
          outbox.push({ ...base, field, kind: 'set', value, baseVersion: versions[field] ?? null });
          versions[field] = { hlc, replicaId };
        }
      }
      metas.set(change.rowId, { ...rowMetaBefore, versions });
    }

    const metaValues: SyncMetaEntry[] = [{ key: 'hlc', value: formatHlc(state) }];
    if (!replicaEntry) metaValues.push({ key: 'replicaId', value: replicaId });
    return Promise.all([
      down.table('outbox').mutate({ type: 'add', trans, values: outbox }),
      rowMeta.mutate({
        type: 'put',
        trans,
        values: [...new Set(changes.map((change) => change.rowId))].map((rowId) => metas.get(rowId)),
      }),
      meta.mutate({ type: 'put', trans, values: metaValues }),
    ]);
  };

  if (req.type === 'add') {
    // An add fails for a key already stored, and the caller may go on after it: the bookkeeping
    // waits for the write's outcome and leaves out what failed.
    const response = await table.mutate(req);
    await writeBookkeeping(changesOf((index) => Boolean(response.failures[index])));
    return response;
  }
  // A put or a delete fails only when the request itself is broken: the write and its
  // bookkeeping are issued together (one wait, not two), and a failure aborts the whole
  // transaction, so that no outbox entry outlives a write that did not happen.
  const [response] = await Promise.all([table.mutate(req), writeBookkeeping(changesOf(() => false))]);
  if (response.numFailures > 0) {
    (trans as unknown as IDBTransaction).abort();
    throw new Error(`change capture: a write to ${table.name} failed, its transaction is aborted`);
  }
  return response;
}

/**
 * The rows a read-write transaction read through this layer, by table then key, as they were
 * read (cloned: the caller may change the object it got before writing it back). `version`
 * counts the writes issued: a read that was in flight across a write is not remembered.
 */
type ReadMemo = { version: number; readonly rows: Map<string, Row | undefined> };
const readMemos = new WeakMap<DBCoreTransaction, Map<string, ReadMemo>>();

function readMemoOf(trans: DBCoreTransaction, table: string): ReadMemo | undefined {
  if ((trans as unknown as IDBTransaction).mode !== 'readwrite') return undefined;
  let tables = readMemos.get(trans);
  if (!tables) {
    tables = new Map();
    readMemos.set(trans, tables);
  }
  let memo = tables.get(table);
  if (!memo) {
    memo = { version: 0, rows: new Map() };
    tables.set(table, memo);
  }
  return memo;
}

function cloneRow(row: Row | undefined): Row | undefined {
  return row === undefined ? undefined : structuredClone(row);
}

/** The rows before a write, when this transaction read every one of them and wrote none since. */
function rememberedRows(trans: DBCoreTransaction, table: string, keys: readonly unknown[]): (Row | undefined)[] | null {
  const rows = readMemos.get(trans)?.get(table)?.rows;
  if (!rows || keys.length === 0 || !keys.every((key) => rows.has(String(key)))) return null;
  return keys.map((key) => rows.get(String(key)));
}

/** A write is issued: what was read of its rows (of the whole table for a range) is stale. */
function forgetReads(table: string, req: DBCoreMutateRequest, keys?: readonly unknown[]): void {
  const memo = readMemos.get(req.trans)?.get(table);
  if (!memo) return;
  memo.version += 1;
  if (keys === undefined || req.type === 'deleteRange') memo.rows.clear();
  else for (const key of keys) memo.rows.delete(String(key));
}

async function keysOf(table: DBCoreTable, req: DBCoreMutateRequest, keyPath: string): Promise<unknown[]> {
  switch (req.type) {
    case 'add':
    case 'put': {
      const values = req.values as readonly Row[];
      if (req.type === 'put' && values.length === 0 && req.updates) {
        throw new Error('change capture: put requests without values are not supported');
      }
      return values.map((value, index) => {
        const key = (req.keys?.[index] as unknown) ?? value[keyPath];
        if (key === undefined) throw new Error(`change capture: a ${table.name} row has no ${keyPath}`);
        return key;
      });
    }
    case 'delete':
      return req.keys as unknown[];
    case 'deleteRange': {
      const found = await table.query({
        trans: req.trans,
        values: false,
        query: { index: table.schema.primaryKey, range: req.range },
      });
      return found.result as unknown[];
    }
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(toJson(a)) === JSON.stringify(toJson(b));
}

function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/** The stored clock state, carrying `replicaId`; the initial state when none is stored. */
export function clockStateOf(hlcEntry: SyncMetaEntry | undefined, replicaId: string): HlcState {
  if (!hlcEntry) return initialHlcState(replicaId);
  const parsed = parseHlc(hlcEntry.value);
  if (!parsed.ok) throw new Error(`change capture: stored clock is not an HLC (${parsed.error})`);
  return { ...parsed.value, replicaId };
}

/** Server time minus this PC's time; 0 before the first sync (or if unreadable). */
function offsetOf(entry: SyncMetaEntry | undefined): number {
  const offset = Number(entry?.value ?? 0);
  return Number.isFinite(offset) ? offset : 0;
}

/** An explicit op: written even when the value does not change (a resolution, a resend). */
export type ExplicitOp =
  | { readonly kind: 'set'; readonly field: string; readonly value: JsonValue; readonly resolves?: readonly string[] }
  /** `alsoSeen`: versions to list in `seenVersions` besides the known ones (a losing edit being closed). */
  | {
      readonly kind: 'delete';
      readonly alsoSeen?: Readonly<Record<string, readonly string[]>>;
      readonly resolves?: readonly string[];
    }
  | { readonly kind: 'undelete'; readonly resolves?: readonly string[] };

/**
 * Writes explicit ops on one row in one transaction with the row change, the outbox entries, the
 * row's field versions and the clock (the same guarantees as the middleware), then runs `alongside` in
 * that transaction (e.g. removing the conflict the ops settle). Each op's base is the version
 * known now; `resolves` lists HLC strings. A `set` updates the local row if it exists; a `delete`
 * removes it; an `undelete` leaves it to the next pull, which brings the restored record.
 */
export async function stampLocalOps(
  db: MasarDatabase,
  table: string,
  rowId: string,
  ops: readonly ExplicitOp[],
  alongside?: () => Promise<void>,
): Promise<void> {
  const config = captureConfigs.get(db);
  if (!config) throw new Error('stampLocalOps: the database has no change capture installed');
  const now = config.options.now ?? Date.now;
  const tables = [table, 'outbox', 'rowMeta', 'syncMeta', 'conflicts', 'rejections'];
  await applyRemote(db, tables, async () => {
    const [hlcEntry, replicaEntry, offsetEntry] = await db.syncMeta.bulkGet(['hlc', 'replicaId', 'clockOffsetMs']);
    const replicaId = replicaEntry?.value ?? config.options.replicaId ?? provisionalReplicaId(config.userId);
    let state = clockStateOf(hlcEntry, replicaId);
    const offset = offsetOf(offsetEntry);
    const rowTable = db.table<Row, string>(table);
    const storedMeta = await db.rowMeta.get(rowMetaKey(table, rowId));
    const known = new Map<string, FieldVersion>(Object.entries(storedMeta?.versions ?? {}));
    const toVersion = (hlc: string): FieldVersion => {
      const parsed = parseHlc(hlc);
      if (!parsed.ok) throw new Error(`stampLocalOps: not an HLC: ${hlc}`);
      return { hlc, replicaId: parsed.value.replicaId };
    };

    const entries: OutboxEntry[] = [];
    for (const op of ops) {
      state = tick(state, now() + offset);
      const hlc = formatHlc(state);
      const field = op.kind === 'set' ? op.field : tombstoneField;
      const resolves = (op.resolves ?? []).map(toVersion);
      entries.push({
        table,
        rowId,
        hlc,
        field,
        kind: op.kind,
        value: op.kind === 'set' ? op.value : op.kind === 'delete',
        baseVersion: known.get(field) ?? null,
        ...(resolves.length > 0 ? { resolves } : {}),
        ...(op.kind === 'delete' ? { seenVersions: seenVersionsOf(known, op.alsoSeen ?? {}, toVersion) } : {}),
      });
      known.set(field, { hlc, replicaId });
      // The row changes op by op (a delete then a set is not a set then a delete).
      if (op.kind === 'set') await rowTable.update(rowId, { [op.field]: op.value });
      if (op.kind === 'delete') await rowTable.delete(rowId);
    }
    await db.outbox.bulkAdd(entries);
    await db.rowMeta.put({ ...(storedMeta ?? { table, rowId }), versions: Object.fromEntries(known) });
    const metaValues: SyncMetaEntry[] = [{ key: 'hlc', value: formatHlc(state) }];
    if (!replicaEntry) metaValues.push({ key: 'replicaId', value: replicaId });
    await db.syncMeta.bulkPut(metaValues);
    await alongside?.();
  });
}

function seenVersionsOf(
  known: ReadonlyMap<string, FieldVersion>,
  alsoSeen: Readonly<Record<string, readonly string[]>>,
  toVersion: (hlc: string) => FieldVersion,
): Record<string, FieldVersion[]> {
  const seen: Record<string, FieldVersion[]> = {};
  for (const [field, version] of known) if (field !== tombstoneField) seen[field] = [version];
  for (const [field, hlcs] of Object.entries(alsoSeen)) {
    const list = seen[field] ?? [];
    for (const hlc of hlcs) if (!list.some((version) => version.hlc === hlc)) list.push(toVersion(hlc));
    seen[field] = list;
  }
  return seen;
}

function provisionalReplicaId(userId: string): string {
  return formatReplicaId(newId(), uuidLike.test(userId) ? userId : nilUuid);
}

import Dexie, {
  type DBCore,
  type DBCoreMutateRequest,
  type DBCoreTable,
  type DBCoreTransaction,
  type Middleware,
  type Transaction,
} from 'dexie';
import { formatHlc, formatReplicaId, parseHlc, tick, initialHlcState, type HlcState } from '../../../shared/sync/hlc';
import { tombstoneField, type FieldVersion, type JsonValue } from '../../../shared/sync/merge';
import { newId } from '../../../shared/ids/uuidv7';
import { syncBookkeepingTables, syncedEntity } from './syncedTables';
import type { OutboxEntry, StoredFieldVersion, SyncMetaEntry } from './types';

/**
 * Local change capture (docs/sync-protocol.md, "Local change capture"): a DBCore middleware that,
 * for every write to a synced table, writes in the SAME IndexedDB transaction the row, one outbox
 * entry per changed field (a tombstone op for a delete), the field versions and the advanced clock.
 *
 * The transaction is widened at the DBCore level, as Dexie Cloud does for its mutation tables:
 * any read-write transaction whose scope holds a synced table also holds `outbox`,
 * `fieldVersions` and `syncMeta`. Repositories therefore keep declaring only their own tables,
 * and no write can escape the capture or commit without its bookkeeping.
 *
 * Writes made by `applyRemote` (pulled server state) are not captured.
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
const queues = new WeakMap<DBCoreTransaction, Promise<unknown>>();
const nilUuid = '00000000-0000-0000-0000-000000000000';
const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function changeCaptureMiddleware(userId: string, options: ChangeCaptureOptions = {}): Middleware<DBCore> {
  const now = options.now ?? Date.now;
  return {
    stack: 'dbcore',
    name: 'masarChangeCapture',
    // Below Dexie's own middlewares (hooks, observability, cache): this one sees the final writes
    // and talks to IndexedDB directly, outside Dexie's zones.
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
            mutate(req) {
              if (remoteTransactions.has(req.trans)) return table.mutate(req);
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
  const before = (await table.getMany({ trans, keys })) as (Row | undefined)[];
  const response = await table.mutate(req);

  type Change = { rowId: string; fields: [string, JsonValue][]; deleted: boolean; before: Row | undefined };
  const changes: Change[] = [];
  keys.forEach((key, index) => {
    if (response.failures[index]) return;
    const rowId = String(key);
    const previousRow = before[index];
    if (req.type === 'delete' || req.type === 'deleteRange') {
      if (previousRow) changes.push({ rowId, fields: [], deleted: true, before: previousRow });
      return;
    }
    const next = req.values[index] as Row;
    const fields = Object.keys(next)
      .filter((field) => field !== keyPath)
      .filter((field) => !previousRow || !sameValue(previousRow[field], next[field]))
      .map((field): [string, JsonValue] => [field, toJson(next[field])]);
    if (fields.length > 0) changes.push({ rowId, fields, deleted: false, before: previousRow });
  });
  if (changes.length === 0) return response;

  const meta = down.table('syncMeta');
  const versions = down.table('fieldVersions');
  const [hlcEntry, replicaEntry] = (await meta.getMany({ trans, keys: ['hlc', 'replicaId'] })) as (
    SyncMetaEntry | undefined
  )[];
  const replicaId = replicaEntry?.value ?? configuredReplicaId ?? provisionalReplicaId(userId);
  let state: HlcState = initialHlcState(replicaId);
  if (hlcEntry) {
    const parsed = parseHlc(hlcEntry.value);
    if (!parsed.ok) throw new Error(`change capture: stored clock is not an HLC (${parsed.reason})`);
    state = { ...parsed.value, replicaId };
  }

  const outbox: OutboxEntry[] = [];
  const newVersions: StoredFieldVersion[] = [];
  for (const change of changes) {
    const fieldNames = change.deleted
      ? [...Object.keys(change.before ?? {}).filter((field) => field !== keyPath), tombstoneField]
      : change.fields.map(([field]) => field);
    const knownVersions = (await versions.getMany({
      trans,
      keys: fieldNames.map((field) => [table.name, change.rowId, field]),
    })) as (StoredFieldVersion | undefined)[];
    const known = new Map<string, FieldVersion>();
    knownVersions.forEach((version, index) => {
      const field = fieldNames[index];
      if (version && field !== undefined) known.set(field, { hlc: version.hlc, replicaId: version.replicaId });
    });

    state = tick(state, now());
    const hlc = formatHlc(state);
    const base = { table: table.name, rowId: change.rowId, hlc };
    if (change.deleted) {
      const seenVersions: Record<string, FieldVersion[]> = {};
      for (const [field, version] of known) if (field !== tombstoneField) seenVersions[field] = [version];
      outbox.push({
        ...base,
        field: tombstoneField,
        kind: 'delete',
        value: true,
        baseVersion: known.get(tombstoneField) ?? null,
        seenVersions,
      });
      newVersions.push({ table: table.name, rowId: change.rowId, field: tombstoneField, hlc, replicaId });
    } else {
      for (const [field, value] of change.fields) {
        outbox.push({ ...base, field, kind: 'set', value, baseVersion: known.get(field) ?? null });
        newVersions.push({ table: table.name, rowId: change.rowId, field, hlc, replicaId });
      }
    }
  }

  await down.table('outbox').mutate({ type: 'add', trans, values: outbox });
  await versions.mutate({ type: 'put', trans, values: newVersions });
  const metaValues: SyncMetaEntry[] = [{ key: 'hlc', value: formatHlc(state) }];
  if (!replicaEntry) metaValues.push({ key: 'replicaId', value: replicaId });
  await meta.mutate({ type: 'put', trans, values: metaValues });
  return response;
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

function provisionalReplicaId(userId: string): string {
  return formatReplicaId(newId(), uuidLike.test(userId) ? userId : nilUuid);
}

import { type DBCore, type DBCoreCursor, type DBCoreKeyRange, type DBCoreTable, type Middleware } from 'dexie';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { openNow, sealNow, toBase64 } from '../../crypto/envelope';
import type { DataKey } from '../../crypto/dataKey';
import { syncedTableNames } from '../../../shared/sync/entities';
import { SealedStoreLockedError, type KeyRing } from './keyRing';

/**
 * Sealing at rest (docs/security.md, "The local stores"): a DBCore middleware, the lowest of the
 * stack, that keeps every record of the tables holding personal data sealed in IndexedDB.
 *
 * A stored record is its **clear fields** — the primary key and the indexed fields: opaque ids,
 * dates, stages, bookkeeping names — and `$sealed`: the whole record sealed with the user's
 * data key (AES-GCM-256, a fresh IV per write; renderer/crypto/envelope.ts). The additional data
 * binds the table and every clear field, so a sealed record copied onto another row (another id,
 * another beneficiary, another outbox key) does not open, and a clear field changed on disk is
 * seen. An identifier kept in an index (the file number) is stored as a **blind index**: the
 * centre's prefix, then an HMAC of the whole value under the data key's index key, so that an
 * equality lookup (`equals(number)`) and the query on a centre's prefix still work and the disk
 * shows no number. Nothing else is indexed that could name someone: CIN, national number, phone
 * and names are found through the in-memory search index built after unlock.
 *
 * Sealing and opening are synchronous (`sealNow`/`openNow`): an IndexedDB transaction commits as
 * soon as it waits on anything else, and Dexie's zones lose it. So every middleware above this
 * one (the change capture, the row feed, Dexie's own) sees plain records, and a transaction's
 * life is what it was.
 *
 * A record that does not open (a flipped byte, a record moved between rows, another key) is read
 * as absent and reported through `onDamaged`, never thrown at a screen. While the session is
 * locked (no key in the ring), reading or writing a sealed table fails with
 * `SealedStoreLockedError`.
 */
export const sealedField = '$sealed';

type Row = Record<string, unknown>;

type TableSpec = { readonly blind?: readonly string[] };

/**
 * The tables sealed at rest, and their blind-indexed fields. Not sealed, as they hold no one's
 * data: `rowMeta` (field names and versions, scopes), `syncMeta` (clock, cursors, counters, the
 * key check), `centres` (the centres' names and codes). `localCache` holds generation tokens and
 * the list's snapshot, which seals its own rows (renderer/db/search/listSnapshot.ts,
 * `snapshotSealingKey`): one large record, opened by WebCrypto outside any transaction.
 */
export const sealedTableSpecs: Readonly<Record<string, TableSpec>> = {
  ...Object.fromEntries(syncedTableNames.map((table): [string, TableSpec] => [table, {}])),
  beneficiaries: { blind: ['fileNumber'] },
  outbox: {},
  conflicts: {},
  rejections: {},
  syncJournal: {},
};

export type DamagedRecord = { readonly table: string; readonly key: unknown; readonly reason: string };

export type SealingOptions = {
  readonly keys: KeyRing;
  /** Told of each record that did not open (it is then read as absent). */
  readonly onDamaged?: (damaged: DamagedRecord) => void;
};

const rangeEqual = 1;
const rangeRange = 2;

const sealings = new WeakMap<object, SealingOptions>();
const webCryptoKeys = new WeakMap<DataKey, Promise<CryptoKey>>();

/** Remembers that `db` seals with `options` (openUserDatabase), for `snapshotSealingKey`. */
export function registerSealing(db: object, options: SealingOptions): void {
  sealings.set(db, options);
}

/**
 * The row key of a sealed database as a non-extractable WebCrypto key, for what is sealed outside
 * any transaction (the list's snapshot: one large value, which WebCrypto opens far faster than a
 * JavaScript cipher); `null` for a database that does not seal. Throws `SealedStoreLockedError`
 * while the session is locked.
 */
export function snapshotSealingKey(db: object): Promise<CryptoKey> | null {
  const options = sealings.get(db);
  if (!options) return null;
  const key = options.keys.current();
  if (key === null) throw new SealedStoreLockedError();
  let imported = webCryptoKeys.get(key);
  if (!imported) {
    imported = crypto.subtle.importKey('raw', key.rows, 'AES-GCM', false, ['encrypt', 'decrypt']);
    webCryptoKeys.set(key, imported);
  }
  return imported;
}

export function sealingMiddleware(options: SealingOptions): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'masarSealing',
    // The lowest of Masar's middlewares (capture -10, row feed -20): it talks to IndexedDB.
    level: -30,
    create(down) {
      return {
        ...down,
        table(name) {
          const table = down.table(name);
          const spec = sealedTableSpecs[name];
          return spec ? sealedTable(table, spec, options) : table;
        },
      };
    },
  };
}

function keyPathFields(keyPath: string | string[] | null): string[] {
  if (keyPath === null) return [];
  return typeof keyPath === 'string' ? [keyPath] : keyPath;
}

function sealedTable(table: DBCoreTable, spec: TableSpec, options: SealingOptions): DBCoreTable {
  const { schema, name } = table;
  const primaryKeyPath = schema.primaryKey.keyPath;
  const autoIncrement = schema.primaryKey.autoIncrement === true;
  const indexFields = schema.indexes.flatMap((index) => keyPathFields(index.keyPath));
  // Sorted, so that the additional data does not depend on the schema's order. An
  // auto-incremented key is not known before the write: it is not bound.
  const clearFields = [...new Set([...(autoIncrement ? [] : keyPathFields(primaryKeyPath)), ...indexFields])].sort();
  const blind = new Set(spec.blind ?? []);

  const keys = (): DataKey => {
    const key = options.keys.current();
    if (key === null) throw new SealedStoreLockedError();
    return key;
  };
  const additionalData = (stored: Row) =>
    `row|${name}|${JSON.stringify(clearFields.map((field) => [field, stored[field] ?? null]))}`;

  function sealRow(key: DataKey, row: Row): Row {
    const stored: Row = {};
    for (const field of clearFields) {
      const value = row[field];
      if (value !== undefined) stored[field] = blind.has(field) ? blindValue(key, name, field, value) : value;
    }
    if (autoIncrement && typeof primaryKeyPath === 'string' && row[primaryKeyPath] !== undefined)
      stored[primaryKeyPath] = row[primaryKeyPath];
    stored[sealedField] = sealNow(key.rows, additionalData(stored), row as never);
    return stored;
  }

  function openRow(key: DataKey, stored: unknown): Row | undefined {
    if (stored === undefined || stored === null || typeof stored !== 'object') return undefined;
    const record = stored as Row;
    const sealed = record[sealedField];
    // A record written before sealing: `prepareSealedDatabase` seals it at the first unlock.
    if (sealed === undefined) return record;
    const primaryKey = typeof primaryKeyPath === 'string' ? record[primaryKeyPath] : undefined;
    const opened = sealed instanceof Uint8Array ? openNow(key.rows, additionalData(record), sealed) : undefined;
    if (!opened?.ok || typeof opened.value !== 'object' || opened.value === null || Array.isArray(opened.value)) {
      const reason = opened === undefined || opened.ok ? 'malformed' : opened.error;
      options.onDamaged?.({ table: name, key: primaryKey, reason });
      return undefined;
    }
    const row = opened.value as Row;
    if (autoIncrement && typeof primaryKeyPath === 'string') row[primaryKeyPath] = primaryKey;
    return row;
  }

  /** A query's range over the stored values: a blind index is queried by its blind values. */
  function storedRange(key: DataKey, index: string | null, range: DBCoreKeyRange): DBCoreKeyRange {
    if (index === null || !blind.has(index)) return range;
    if ((range.type as number) === rangeEqual) {
      const value = blindValue(key, name, index, range.lower);
      return { ...range, lower: value, upper: value };
    }
    // A prefix query on a centre's code (`startsWith('CAPC-')`): the prefix is kept in clear.
    const isPrefixQuery =
      typeof range.lower === 'string' &&
      /^[^-]*-$/.test(range.lower) &&
      typeof range.upper === 'string' &&
      range.upper.startsWith(range.lower) &&
      range.upper.length === range.lower.length + 1;
    if ((range.type as number) !== rangeRange || isPrefixQuery) return range;
    throw new Error(`${name}.${index} is a blind index: only equality and a prefix up to the first "-" are possible`);
  }

  const indexName = (index: { name: string | null; isPrimaryKey?: boolean }) =>
    index.isPrimaryKey ? null : index.name;
  const withStoredRange = <
    Req extends { query: { index: { name: string | null; isPrimaryKey?: boolean }; range: DBCoreKeyRange } },
  >(
    key: DataKey,
    req: Req,
  ): Req => {
    const range = storedRange(key, indexName(req.query.index), req.query.range);
    return range === req.query.range ? req : { ...req, query: { ...req.query, range } };
  };

  return {
    ...table,
    mutate(req) {
      if (req.type !== 'add' && req.type !== 'put') return table.mutate(req);
      const key = keys();
      return table.mutate({ ...req, values: req.values.map((value) => sealRow(key, value as Row)) });
    },
    get(req) {
      const key = keys();
      return table.get(req).then((stored) => openRow(key, stored));
    },
    getMany(req) {
      const key = keys();
      return table.getMany(req).then((stored) => stored.map((record) => openRow(key, record)));
    },
    query(req) {
      const key = keys();
      return table.query(withStoredRange(key, req)).then((response) => {
        if (!req.values) return response;
        const result: Row[] = [];
        for (const stored of response.result) {
          const row = openRow(key, stored);
          if (row !== undefined) result.push(row);
        }
        return { ...response, result };
      });
    },
    count(req) {
      return table.count(withStoredRange(keys(), req));
    },
    openCursor(req) {
      const key = keys();
      return table.openCursor(withStoredRange(key, req)).then((cursor) => {
        if (!cursor || !req.values) return cursor;
        return openingCursor(cursor, (stored) => openRow(key, stored));
      });
    },
  };
}

/** A blind index value: the text up to its first `-` (a centre's code) then an HMAC of the whole. */
function blindValue(key: DataKey, table: string, field: string, value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const dash = text.indexOf('-');
  const prefix = dash === -1 ? '' : text.slice(0, dash + 1);
  const mac = hmac(sha256, key.index, new TextEncoder().encode(`${table}|${field}|${text}`));
  return `${prefix}${toBase64(mac.subarray(0, 16)).replace(/=+$/, '')}`;
}

/**
 * The cursor, with each value opened when read. A value that does not open (reported by
 * `openRow`) is skipped: the cursor moves on by itself before the caller sees it.
 */
function openingCursor(cursor: DBCoreCursor, openRow: (stored: unknown) => Row | undefined): DBCoreCursor {
  let openedFor: unknown = undefined;
  let opened: Row | undefined;
  const valueOf = () => {
    const stored: unknown = cursor.value;
    if (stored !== openedFor) {
      openedFor = stored;
      opened = openRow(stored);
    }
    return opened;
  };
  // Delegation, not a prototype: a native IDBCursor's getters refuse another receiver.
  const opening: DBCoreCursor = {
    get trans() {
      return cursor.trans;
    },
    get key() {
      return cursor.key as unknown;
    },
    get primaryKey() {
      return cursor.primaryKey as unknown;
    },
    get value() {
      return valueOf();
    },
    get done() {
      return cursor.done;
    },
    continue: (key?: unknown) => {
      cursor.continue(key);
    },
    continuePrimaryKey: (key: unknown, primaryKey: unknown) => {
      cursor.continuePrimaryKey(key, primaryKey);
    },
    advance: (count: number) => {
      cursor.advance(count);
    },
    start: (onNext: () => void) =>
      cursor.start(() => {
        if (valueOf() === undefined) cursor.continue();
        else onNext();
      }),
    stop: (value?: unknown) => {
      cursor.stop(value);
    },
    next: () => cursor.next().then(() => opening),
    fail: (error: Error) => {
      cursor.fail(error);
    },
  };
  return opening;
}

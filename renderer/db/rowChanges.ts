import type Dexie from 'dexie';
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import { newId } from '../../shared/ids/uuidv7';

/**
 * Which rows of which tables changed, told once their transaction has committed: the feed of
 * in-memory services that mirror a table (the search service) without re-reading it whole at
 * every save. A DBCore middleware below everything else sees every write — a form's, a pulled
 * page's, a conflict resolution's — and an aborted transaction tells nothing.
 *
 * `keys: 'all'` means "anything may have changed" (a `clear()` or a range delete): re-read all.
 *
 * Tables given as `withGeneration` also get a **generation token**: every transaction that
 * writes them writes a fresh token in `localCache` (`<table>:generation`) before it commits, and
 * the feed tells it. A cache built from the table (the list's snapshot) records the token it
 * reflects; while the stored token is the same, nothing was written since.
 */
export type RowChange = {
  readonly table: string;
  readonly keys: readonly string[] | 'all';
  /** The table's generation token after this transaction (tables with a generation only). */
  readonly generation?: string;
};
export type RowChangeListener = (changes: readonly RowChange[]) => void;

const listeners = new WeakMap<Dexie, Set<RowChangeListener>>();

/** The `localCache` key of a table's generation token. */
export const generationKey = (table: string) => `${table}:generation`;

/** The local, never synced table holding generation tokens and caches built from tables. */
export const localCacheTable = 'localCache';

/**
 * Installs the feed on a database not opened yet; `watched`: the tables whose changes are told;
 * `withGeneration`: those of them that also keep a generation token (needs a `localCache` table).
 */
export function installRowChangeFeed(
  db: Dexie,
  watched: readonly string[],
  withGeneration: readonly string[] = [],
): void {
  listeners.set(db, new Set());
  db.use(rowChangeMiddleware(db, new Set(watched), new Set(withGeneration)));
}

/** Calls `listener` after each committed transaction that wrote watched rows; returns the unsubscribe. */
export function subscribeRowChanges(db: Dexie, listener: RowChangeListener): () => void {
  const set = listeners.get(db);
  if (!set) throw new Error('subscribeRowChanges: installRowChangeFeed was not called on this database');
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}

function rowChangeMiddleware(
  db: Dexie,
  watched: ReadonlySet<string>,
  withGeneration: ReadonlySet<string>,
): Middleware<DBCore> {
  // Per transaction, per table: the keys written so far (null: "all").
  const pending = new WeakMap<object, Map<string, Set<string> | null>>();
  // Per transaction, per table: the generation token written last (the one stored at commit).
  const tokens = new WeakMap<object, Map<string, string>>();
  const collect = (req: DBCoreMutateRequest, table: string, keyPath: string | null) => {
    const trans = req.trans as unknown as IDBTransaction;
    let tables = pending.get(trans);
    if (!tables) {
      tables = new Map();
      pending.set(trans, tables);
      const written = tables;
      trans.addEventListener('complete', () => {
        const writtenTokens = tokens.get(trans);
        const changes = [...written].map(([name, keys]): RowChange => {
          const generation = writtenTokens?.get(name);
          return { table: name, keys: keys ? [...keys] : 'all', ...(generation ? { generation } : {}) };
        });
        for (const listener of listeners.get(db) ?? []) listener(changes);
      });
    }
    if (!tables.has(table)) tables.set(table, new Set());
    const keys = tables.get(table);
    if (keys === null || keys === undefined) return;
    if (req.type === 'deleteRange') {
      tables.set(table, null);
      return;
    }
    if (req.type === 'delete') {
      for (const key of req.keys) keys.add(String(key));
      return;
    }
    if (req.keys) for (const key of req.keys) keys.add(String(key));
    else if (keyPath !== null)
      for (const value of req.values as Record<string, unknown>[]) keys.add(String(value[keyPath]));
    else tables.set(table, null);
  };
  return {
    stack: 'dbcore',
    name: 'masarRowChanges',
    // Below the change capture (-10): pulled pages, which the capture lets through untouched,
    // are seen here as well.
    level: -20,
    create(down) {
      return {
        ...down,
        // A transaction that may write a table with a generation also holds `localCache`.
        transaction(stores, mode, options) {
          const needsCache = mode === 'readwrite' && stores.some((store) => withGeneration.has(store));
          const scope = needsCache && !stores.includes(localCacheTable) ? [...stores, localCacheTable] : stores;
          return down.transaction(scope, mode, options);
        },
        table(name) {
          const table = down.table(name);
          if (!watched.has(name)) return table;
          const keyPath = table.schema.primaryKey.keyPath;
          return {
            ...table,
            async mutate(req) {
              collect(req, name, typeof keyPath === 'string' ? keyPath : null);
              const written = table.mutate(req);
              if (!withGeneration.has(name)) return written;
              // Issued with the write, not after it (one wait on IndexedDB instead of two).
              // Requests of a transaction complete in the order they were made: the token set
              // last here is the one stored when the transaction commits.
              const token = newId();
              const tokenWritten = down.table(localCacheTable).mutate({
                type: 'put',
                trans: req.trans,
                values: [{ key: generationKey(name), value: token }],
              });
              const trans = req.trans as unknown as object;
              const byTable = tokens.get(trans) ?? new Map<string, string>();
              byTable.set(name, token);
              tokens.set(trans, byTable);
              const [result] = await Promise.all([written, tokenWritten]);
              return result;
            },
          };
        },
      };
    },
  };
}

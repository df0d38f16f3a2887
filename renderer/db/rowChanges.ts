import type Dexie from 'dexie';
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';

/**
 * Which rows of which tables changed, told once their transaction has committed: the feed of
 * in-memory services that mirror a table (the search service) without re-reading it whole at
 * every save. A DBCore middleware below everything else sees every write — a form's, a pulled
 * page's, a conflict resolution's — and an aborted transaction tells nothing.
 *
 * `keys: 'all'` means "anything may have changed" (a `clear()` or a range delete): re-read all.
 */
export type RowChange = { readonly table: string; readonly keys: readonly string[] | 'all' };
export type RowChangeListener = (changes: readonly RowChange[]) => void;

const listeners = new WeakMap<Dexie, Set<RowChangeListener>>();

/** Installs the feed on a database not opened yet; `watched`: the tables whose changes are told. */
export function installRowChangeFeed(db: Dexie, watched: readonly string[]): void {
  listeners.set(db, new Set());
  db.use(rowChangeMiddleware(db, new Set(watched)));
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

function rowChangeMiddleware(db: Dexie, watched: ReadonlySet<string>): Middleware<DBCore> {
  // Per transaction, per table: the keys written so far (null: "all").
  const pending = new WeakMap<object, Map<string, Set<string> | null>>();
  const collect = (req: DBCoreMutateRequest, table: string, keyPath: string | null) => {
    const trans = req.trans as unknown as IDBTransaction;
    let tables = pending.get(trans);
    if (!tables) {
      tables = new Map();
      pending.set(trans, tables);
      const written = tables;
      trans.addEventListener('complete', () => {
        const changes = [...written].map(([name, keys]): RowChange => ({
          table: name,
          keys: keys ? [...keys] : 'all',
        }));
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
        table(name) {
          const table = down.table(name);
          if (!watched.has(name)) return table;
          const keyPath = table.schema.primaryKey.keyPath;
          return {
            ...table,
            mutate(req) {
              collect(req, name, typeof keyPath === 'string' ? keyPath : null);
              return table.mutate(req);
            },
          };
        },
      };
    },
  };
}

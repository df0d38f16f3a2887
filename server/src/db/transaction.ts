/**
 * Runs several writes as one all-or-nothing change: a refused or failing step leaves no partial
 * change. Inside `work`, use only the `tx` handle — on SQLite the one connection is held by
 * the transaction, so a query through the outer handle would wait for ever. Audit entries the
 * work appends are chained when it is done, just before commit (audit.ts says why).
 */
import type { Kysely } from 'kysely';
import { withDeferredAudit } from './audit';
import type { Database } from './schema';

export function inTransaction<T>(db: Kysely<Database>, work: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute((tx) => withDeferredAudit(tx, work));
}

/** A database handle (the database itself or an open transaction), for the layers above. */
export type Queryable = Kysely<Database>;

import type { DataKey } from '../../crypto/dataKey';
import { fromBase64, openNow, sealNow, toBase64 } from '../../crypto/envelope';
import type { MasarDatabase } from '../tables';
import { applyRemote } from '../sync/changeCapture';
import { sealedField, sealedTableSpecs } from './sealedStores';

/**
 * Makes a user's database ready for a session with their data key (docs/security.md, "The local
 * stores"), before any screen reads it:
 *
 * - **the key check**: `syncMeta['sealKeyCheck']` is a value sealed with the key the database
 *   was sealed with. If the session's key does not open it, the records were sealed with a key
 *   that no wrap opens any more (docs/security.md, "A DK that no wrap opens"): they cannot be
 *   read by anyone. The caller is told how many unsent changes are among them, and starts a new
 *   database that the next sync fills again;
 * - **sealing what is still in clear**: records written before sealing existed (or by a session
 *   of a PC from before data keys) are read as they are stored and written back sealed, table by
 *   table, in transactions that the change capture does not record (nothing to send: only their
 *   form on disk changes). Done once: `syncMeta['sealedAll']` then spares the next sessions the
 *   scan, until a session without a key removes it (`expectPlainRecords`).
 */
export type PreparedDatabase =
  | { readonly kind: 'ready'; readonly sealedNow: number }
  | { readonly kind: 'key-lost'; readonly unsentChanges: number };

const keyCheckEntry = 'sealKeyCheck';
/** Set once every record has been sealed; removed when a session without a key opens the database. */
const allSealedEntry = 'sealedAll';
const keyCheckAad = (userId: string) => `seal-key-check|${userId}`;
const batchSize = 500;

export async function prepareSealedDatabase(
  db: MasarDatabase,
  userId: string,
  key: DataKey,
): Promise<PreparedDatabase> {
  await db.open();
  const check = await db.syncMeta.get(keyCheckEntry);
  if (check) {
    const sealed = fromBase64(check.value);
    const opened = sealed ? openNow(key.rows, keyCheckAad(userId), sealed) : undefined;
    if (!opened?.ok) return { kind: 'key-lost', unsentChanges: await db.outbox.count() };
  } else {
    // Before anything is sealed with this key: a crash while sealing leaves records that the
    // next session's key is checked against, never records sealed by a key nobody recorded.
    const value = toBase64(sealNow(key.rows, keyCheckAad(userId), 'masar'));
    await db.syncMeta.put({ key: keyCheckEntry, value });
  }
  if ((await db.syncMeta.get(allSealedEntry))?.value === '1') return { kind: 'ready', sealedNow: 0 };
  let sealedNow = 0;
  for (const table of db.tables) {
    if (!(table.name in sealedTableSpecs)) continue;
    for (;;) {
      const plain = await plainRecords(db.backendDB(), table.name);
      if (plain.length === 0) break;
      await applyRemote(db, [table.name], () => table.bulkPut(plain));
      sealedNow += plain.length;
    }
  }
  await db.syncMeta.put({ key: allSealedEntry, value: '1' });
  return { kind: 'ready', sealedNow };
}

/**
 * A session without a key (an account a PC remembered from before data keys, signed in offline)
 * writes records in clear: the next session with a key must look for them again.
 */
export async function expectPlainRecords(db: MasarDatabase): Promise<void> {
  await db.syncMeta.delete(allSealedEntry);
}

/** Up to `batchSize` records of `store` still in clear, read as stored (not through Dexie). */
function plainRecords(idb: IDBDatabase, store: string): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const found: Record<string, unknown>[] = [];
    const request = idb.transaction(store, 'readonly').objectStore(store).openCursor();
    request.onerror = () => {
      reject(request.error ?? new Error(`Could not read ${store}`));
    };
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor || found.length >= batchSize) {
        resolve(found);
        return;
      }
      const value: unknown = cursor.value;
      if (value !== null && typeof value === 'object' && !(sealedField in value))
        found.push(value as Record<string, unknown>);
      cursor.continue();
    };
  });
}

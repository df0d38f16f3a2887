import { databaseName } from './database';

/**
 * Erases users' local databases (docs/security.md, "A PC's life"): when the server says this PC
 * is revoked (every user of it) or a user is disabled (theirs). Their data keys' wraps are
 * forgotten with their accounts (`AccountRepository.remove`), so even a copy of the files taken
 * before cannot be opened without the password. What was not sent cannot be any more — the
 * server refuses a revoked PC's and a disabled account's work — so it is counted first, read
 * straight from IndexedDB (a sealed outbox is counted without its key), for the screen to say.
 */
export type Wiped = { readonly unsentChanges: number };

export async function wipeUserDatabases(userIds: readonly string[], factory: IDBFactory = indexedDB): Promise<Wiped> {
  let unsentChanges = 0;
  for (const userId of userIds) {
    const name = databaseName(userId);
    unsentChanges += await countOutbox(factory, name);
    await deleteDatabase(factory, name);
  }
  return { unsentChanges };
}

function deleteDatabase(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    request.onsuccess = () => {
      resolve();
    };
    request.onerror = () => {
      reject(request.error ?? new Error(`Could not delete ${name}`));
    };
    // Another tab of the app still has it open: it is deleted once that one closes it.
    request.onblocked = () => {
      resolve();
    };
  });
}

function countOutbox(factory: IDBFactory, name: string): Promise<number> {
  return new Promise((resolve) => {
    const request = factory.open(name);
    // Absent: opening would create it; the creation is abandoned instead.
    request.onupgradeneeded = () => {
      request.transaction?.abort();
    };
    request.onerror = () => {
      resolve(0);
    };
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('outbox')) {
        db.close();
        resolve(0);
        return;
      }
      const count = db.transaction('outbox', 'readonly').objectStore('outbox').count();
      count.onsuccess = () => {
        db.close();
        resolve(count.result);
      };
      count.onerror = () => {
        db.close();
        resolve(0);
      };
    };
  });
}

import { expect, type Page } from '@playwright/test';

/**
 * The signed-in user's local database seen from the page, straight through IndexedDB: to put
 * rows a first sync would have left there, and to read what a screen stored. `rows` null reads
 * the store; otherwise writes them in one transaction and returns them.
 */
async function userStore(page: Page, store: string, rows: readonly object[] | null): Promise<unknown[]> {
  return page.evaluate(
    async ({ store, rows }) => {
      const names = (await indexedDB.databases()).map((info) => info.name ?? '');
      const name = names.find((candidate) => candidate.startsWith('masar-') && candidate !== 'masar-accounts');
      if (!name) throw new Error('no user database');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => {
          resolve(request.result);
        };
        request.onerror = () => {
          reject(new Error('open failed'));
        };
      });
      try {
        const transaction = db.transaction(store, rows === null ? 'readonly' : 'readwrite');
        const objects = transaction.objectStore(store);
        const read = rows === null ? objects.getAll() : null;
        for (const row of rows ?? []) objects.put(row);
        await new Promise<void>((resolve, reject) => {
          transaction.oncomplete = () => {
            resolve();
          };
          transaction.onerror = () => {
            reject(new Error(`${store}: ${String(transaction.error)}`));
          };
        });
        return read ? (read.result as unknown[]) : [...(rows ?? [])];
      } finally {
        db.close();
      }
    },
    { store, rows },
  );
}

/** Every row of a store of the user's database. */
export function readUserStore<T>(page: Page, store: string): Promise<T[]> {
  return userStore(page, store, null) as Promise<T[]>;
}

/**
 * Puts rows into a store of the user's database, once the screen has opened it (the list's
 * count shows then); the app reads them at its next start.
 */
export async function putInUserStore(page: Page, store: string, rows: readonly object[]): Promise<void> {
  await expect(page.getByTestId('beneficiary-count')).toBeVisible();
  await userStore(page, store, rows);
}

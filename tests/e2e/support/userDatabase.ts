import { expect, type Page } from '@playwright/test';

/**
 * The signed-in user's local database seen from the page, straight through IndexedDB: to put
 * rows a first sync would have left there, and to read what a screen stored. `rows` null reads
 * the store as stored; `'flip-sealed-bytes'` damages every sealed record and returns them as they
 * were; otherwise writes them in one transaction and returns them.
 */
async function userStore(
  page: Page,
  store: string,
  rows: readonly object[] | null | 'flip-sealed-bytes',
): Promise<unknown[]> {
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
        const read = rows === null || rows === 'flip-sealed-bytes' ? objects.getAll() : null;
        if (rows === 'flip-sealed-bytes' && read) {
          read.onsuccess = () => {
            // One bit of each record's sealed part, as a disk fault or a hand edit would.
            for (const record of read.result as Record<string, unknown>[]) {
              const sealed = new Uint8Array(record['$sealed'] as Uint8Array);
              const at = sealed.length - 5;
              sealed[at] = (sealed[at] ?? 0) ^ 0x40;
              objects.put({ ...record, $sealed: sealed });
            }
          };
        } else if (Array.isArray(rows)) for (const row of rows as readonly object[]) objects.put(row);
        await new Promise<void>((resolve, reject) => {
          transaction.oncomplete = () => {
            resolve();
          };
          transaction.onerror = () => {
            reject(new Error(`${store}: ${String(transaction.error)}`));
          };
        });
        return read ? (read.result as unknown[]) : [...(rows as readonly object[])];
      } finally {
        db.close();
      }
    },
    { store, rows },
  );
}

/**
 * Every row of a store of the user's database, opened. The app seals them (docs/security.md, "The
 * local stores"): this opens them the way a reader of the files who knows the password would —
 * the password wrap in `masar-accounts` (PBKDF2), the data key, HKDF's row key, then each record
 * with its clear fields as additional data — an independent reading of the format the app writes.
 * Without `password`, a store holding sealed records is refused.
 */
export async function readUserStore<T>(page: Page, store: string, password?: string): Promise<T[]> {
  const stored = await userStore(page, store, null);
  if (!stored.some((row) => typeof row === 'object' && row !== null && '$sealed' in row)) return stored as T[];
  if (password === undefined) throw new Error(`${store} holds sealed records: give the user's password to read them`);
  return unsealedUserStore(page, store, password) as Promise<T[]>;
}

/** The records of a store opened in the page with the data key the password opens. */
function unsealedUserStore(page: Page, store: string, password: string): Promise<unknown[]> {
  return page.evaluate(
    async ({ store, password }) => {
      const openDatabase = (name: string) =>
        new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => {
            resolve(request.result);
          };
          request.onerror = () => {
            reject(new Error(`open ${name} failed`));
          };
        });
      const readAll = (db: IDBDatabase, name: string) =>
        new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(name, 'readonly').objectStore(name).getAll();
          request.onsuccess = () => {
            resolve(request.result as unknown[]);
          };
          request.onerror = () => {
            reject(new Error(`read ${name} failed`));
          };
        });
      const bytes = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const encoder = new TextEncoder();
      const openEnvelope = async (key: CryptoKey, aad: string, sealed: Uint8Array) => {
        const header = sealed.slice(0, 2);
        const additionalData = new Uint8Array([...header, ...encoder.encode(aad)]);
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: sealed.slice(2, 14), additionalData },
          key,
          sealed.slice(14),
        );
        return new Uint8Array(plain);
      };

      const names = (await indexedDB.databases()).map((info) => info.name ?? '');
      const name = names.find((candidate) => candidate.startsWith('masar-') && candidate !== 'masar-accounts');
      if (!name) throw new Error('no user database');
      const userId = name.slice('masar-'.length);
      const accountsDb = await openDatabase('masar-accounts');
      const accounts = (await readAll(accountsDb, 'accounts')) as { userId: string; passwordWrap?: string }[];
      accountsDb.close();
      const account = accounts.find((candidate) => candidate.userId === userId);
      if (!account?.passwordWrap) throw new Error('no password wrap for the user');
      const wrap = JSON.parse(account.passwordWrap) as { iterations: number; salt: string; sealed: string };
      const material = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveKey']);
      const kek = await crypto.subtle.deriveKey(
        { name: 'PBKDF2', hash: 'SHA-256', salt: bytes(wrap.salt), iterations: wrap.iterations },
        material,
        { name: 'AES-GCM', length: 256 },
        false,
        ['decrypt'],
      );
      const dataKey = await openEnvelope(kek, `masar-data-key|password|${userId}`, bytes(wrap.sealed));
      const base = await crypto.subtle.importKey('raw', dataKey, 'HKDF', false, ['deriveBits']);
      const rowBits = await crypto.subtle.deriveBits(
        { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('masar-data-key-v1'), info: encoder.encode('rows') },
        base,
        256,
      );
      const rowKey = await crypto.subtle.importKey('raw', rowBits, 'AES-GCM', false, ['decrypt']);

      const db = await openDatabase(name);
      try {
        const objects = db.transaction(store, 'readonly').objectStore(store);
        const keyPaths = (path: string | string[] | null) =>
          path === null ? [] : typeof path === 'string' ? [path] : path;
        const primary = keyPaths(objects.keyPath);
        const indexed = [...objects.indexNames].flatMap((index) => keyPaths(objects.index(index).keyPath));
        const clear = [...new Set([...(objects.autoIncrement ? [] : primary), ...indexed])].sort();
        const records = (await readAll(db, store)) as Record<string, unknown>[];
        return await Promise.all(
          records.map(async (record) => {
            const sealed = record['$sealed'];
            if (!(sealed instanceof Uint8Array)) return record;
            const aad = `row|${store}|${JSON.stringify(clear.map((field) => [field, record[field] ?? null]))}`;
            const row = JSON.parse(new TextDecoder().decode(await openEnvelope(rowKey, aad, sealed))) as Record<
              string,
              unknown
            >;
            if (objects.autoIncrement && typeof objects.keyPath === 'string')
              row[objects.keyPath] = record[objects.keyPath];
            return row;
          }),
        );
      } finally {
        db.close();
      }
    },
    { store, password },
  );
}

/**
 * Puts rows into a store of the user's database, once the screen has opened it (the list's
 * count shows then); the app reads them at its next start.
 */
export async function putInUserStore(page: Page, store: string, rows: readonly object[]): Promise<void> {
  await expect(page.getByTestId('beneficiary-count')).toBeVisible();
  await userStore(page, store, rows);
}

/** Changes one bit of every sealed record of a store (a record damaged on disk); how many. */
export async function damageSealedRecords(page: Page, store: string): Promise<number> {
  return (await userStore(page, store, 'flip-sealed-bytes')).length;
}

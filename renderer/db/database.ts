import Dexie, { type EntityTable } from 'dexie';
import type { Beneficiary } from '../../shared/beneficiary/beneficiary';

/**
 * The local database of one signed-in user on this PC (`masar-<userId>`): several counsellors
 * share a prefecture PC and must never see each other's data. Owns the Dexie schema and its
 * versions; only code in `renderer/db/` touches it.
 *
 * Durability is `strict`: a record the counsellor saved must survive a power cut.
 */
export type MasarDatabase = Dexie & {
  beneficiaries: EntityTable<Beneficiary, 'id'>;
};

export type DexieDependencies = { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange };

export function databaseName(userId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(userId)) throw new Error(`Invalid user id for a database name: ${userId}`);
  return `masar-${userId}`;
}

export function openUserDatabase(userId: string, dependencies?: DexieDependencies): MasarDatabase {
  const db = new Dexie(databaseName(userId), {
    chromeTransactionDurability: 'strict',
    ...(dependencies ?? {}),
  }) as MasarDatabase;
  // Version 1. Names are deliberately not indexed: people are found through a search service,
  // so names can later be encrypted at rest without touching the screens.
  db.version(1).stores({ beneficiaries: 'id, createdAt' });
  return db;
}

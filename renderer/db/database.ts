/**
 * The local database of one signed-in user on this PC (`masar-<userId>`): several counsellors
 * share a prefecture PC and must never see each other's data. Owns the Dexie schema and its
 * versions (its tables' types: `tables.ts`); meant to be touched only by `renderer/db/` (the sync
 * engine, renderer/sync/engine.ts, still reads a few tables itself).
 *
 * Durability is `strict`: a record the counsellor saved must survive a power cut.
 */
import Dexie from 'dexie';
import { installChangeCapture, type ChangeCaptureOptions } from './sync/changeCapture';
import type { LegacyFieldVersion, StoredRowMeta } from './sync/types';
import { rowMetasFromFieldVersions } from './sync/rowMeta';
import { installRowChangeFeed } from './rowChanges';
import { registerSealing, sealingMiddleware, type SealingOptions } from './sealing/sealedStores';
import type { MasarDatabase } from './tables';

export type DexieDependencies = { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange };

export function databaseName(userId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(userId)) throw new Error(`Invalid user id for a database name: ${userId}`);
  return `masar-${userId}`;
}

export function openUserDatabase(
  userId: string,
  dependencies?: DexieDependencies,
  sync?: ChangeCaptureOptions,
  /**
   * The session's key ring: every record with personal data is then sealed at rest
   * (renderer/db/sealing/). The app always gives one, except to a session of an account a PC
   * remembered from before data keys, signed in offline (docs/security.md). Tests seal through
   * `openTestDatabase`; the benchmarks measure both.
   */
  sealing?: SealingOptions,
): MasarDatabase {
  const db = new Dexie(databaseName(userId), {
    chromeTransactionDurability: 'strict',
    ...(dependencies ?? {}),
  }) as MasarDatabase;
  // Version 1. Names are deliberately not indexed: people are found through a search service,
  // so names can later be encrypted at rest without touching the screens.
  db.version(1).stores({ beneficiaries: 'id, createdAt' });
  // Version 2: local change capture (docs/sync-protocol.md). Adds tables only; data is kept.
  db.version(2).stores({
    beneficiaries: 'id, createdAt',
    outbox: '++seq, [table+rowId+field]',
    fieldVersions: '[table+rowId+field]',
    syncMeta: 'key',
  });
  // Version 3: the sync engine's tables (renderer/sync/engine.ts). Data is kept: version 2's
  // per-field `fieldVersions` records become one `rowMeta` record per row (its versions; the
  // row's scope and seq come with the first pull), then the table is dropped.
  db.version(3)
    .stores({
      beneficiaries: 'id, createdAt',
      // `pushSeq`: only numbered (sent or being sent) ops are in this index, in push order.
      outbox: '++seq, [table+rowId+field], [table+rowId], pushSeq',
      // Rows without a scope (never pulled) are absent from `[scope+table]`.
      rowMeta: '[table+rowId], [scope+table]',
      syncMeta: 'key',
      conflicts: 'key, [table+rowId]',
      rejections: '++id, [table+rowId+field]',
      syncJournal: 'id, startedAt',
      centres: 'id',
      fieldVersions: null,
      rowSeq: null,
    })
    .upgrade(async (tx) => {
      const legacy = await tx.table<LegacyFieldVersion>('fieldVersions').toArray();
      await tx.table<StoredRowMeta>('rowMeta').bulkPut(rowMetasFromFieldVersions(legacy));
    });
  // Version 4: the decisions taken on possible duplicates (a synced entity). Adds a table only.
  db.version(4).stores({ duplicateDecisions: 'id, beneficiaryId, otherBeneficiaryId' });
  // Version 5: the case file (issue 5). Adds tables, and indexes the file number (not a name:
  // the repository checks a new number is free) and the stage (the list's filter).
  db.version(5).stores({
    beneficiaries: 'id, createdAt, fileNumber',
    detentionRecords: 'id, beneficiaryId',
    stageChanges: 'id, beneficiaryId',
    diagnostics: 'id, beneficiaryId',
    lifeProjects: 'id, beneficiaryId',
    lifeProjectActions: 'id, beneficiaryId',
  });
  // Version 6: the admission details leave the beneficiary row for a record of their own (long
  // texts must not weigh on the list's load). Adds a table only: no data held them yet.
  db.version(6).stores({ admissions: 'id, beneficiaryId' });
  // Version 7: a local, never synced cache (renderer/db/rowChanges.ts): the beneficiaries'
  // generation token and the list's snapshot (renderer/db/search/listSnapshot.ts).
  db.version(7).stores({ localCache: 'key' });
  // Version 8: income-generating projects (issue 6). Adds tables only.
  db.version(8).stores({
    incomeProjects: 'id, beneficiaryId',
    equipmentLines: 'id, projectId, beneficiaryId',
    fundingShares: 'id, projectId, beneficiaryId',
  });
  // Version 9: handover ceremonies and their signed receipts (issue 6). Adds tables only.
  db.version(9).stores({
    ceremonies: 'id, date',
    ceremonyLines: 'id, ceremonyId, beneficiaryId',
    handoverReceipts: 'id, ceremonyId, projectId, beneficiaryId',
  });
  // Version 10: the consultations of judicial data (issue 14, the audit). Adds a table only.
  db.version(10).stores({ consultations: 'id, beneficiaryId' });
  if (sealing) {
    db.use(sealingMiddleware(sealing));
    registerSealing(db, sealing);
  }
  installChangeCapture(db, userId, sync);
  // The search service mirrors the beneficiaries from this feed (renderer/db/search/).
  installRowChangeFeed(db, ['beneficiaries', 'lifeProjectActions'], ['beneficiaries']);
  return db;
}

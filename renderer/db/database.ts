import Dexie, { type EntityTable, type Table } from 'dexie';
import type { AdmissionRecord, Beneficiary } from '../../shared/beneficiary/beneficiary';
import type { DuplicateDecision } from '../../shared/beneficiary/duplicateDecision';
import type { Consultation } from '../../shared/casefile/consultation';
import type { DetentionRecord } from '../../shared/casefile/detention';
import type { EquipmentLine, FundingShare, IncomeProject } from '../../shared/agr/incomeProject';
import type { Ceremony, CeremonyLine, HandoverReceipt } from '../../shared/agr/ceremony';
import type { Diagnostic } from '../../shared/parcours/diagnostic';
import type { LifeProject, LifeProjectAction } from '../../shared/parcours/lifeProject';
import type { StageChange } from '../../shared/parcours/stageChange';
import { installChangeCapture, type ChangeCaptureOptions } from './sync/changeCapture';

import type {
  OutboxEntry,
  StoredCentre,
  LegacyFieldVersion,
  StoredConflict,
  StoredRejection,
  StoredRowMeta,
  SyncMetaEntry,
  SyncReceipt,
} from './sync/types';
import { rowMetasFromFieldVersions } from './sync/rowMeta';
import { installRowChangeFeed } from './rowChanges';
import { registerSealing, sealingMiddleware, type SealingOptions } from './sealing/sealedStores';

/**
 * The local database of one signed-in user on this PC (`masar-<userId>`): several counsellors
 * share a prefecture PC and must never see each other's data. Owns the Dexie schema and its
 * versions; only code in `renderer/db/` touches it.
 *
 * Durability is `strict`: a record the counsellor saved must survive a power cut.
 */
export type MasarDatabase = Dexie & {
  beneficiaries: EntityTable<Beneficiary, 'id'>;
  /** What counsellors decided about possible duplicates (synced). */
  duplicateDecisions: EntityTable<DuplicateDecision, 'id'>;
  /** The case file (synced): restricted detention data, parcours history, diagnostic, life project. */
  admissions: EntityTable<AdmissionRecord, 'id'>;
  detentionRecords: EntityTable<DetentionRecord, 'id'>;
  stageChanges: EntityTable<StageChange, 'id'>;
  diagnostics: EntityTable<Diagnostic, 'id'>;
  lifeProjects: EntityTable<LifeProject, 'id'>;
  lifeProjectActions: EntityTable<LifeProjectAction, 'id'>;
  /** Income-generating projects (synced), their equipment lines and funding shares. */
  incomeProjects: EntityTable<IncomeProject, 'id'>;
  equipmentLines: EntityTable<EquipmentLine, 'id'>;
  fundingShares: EntityTable<FundingShare, 'id'>;
  /** Handover ceremonies (synced), the projects on their lists, the signed receipts (written once). */
  ceremonies: EntityTable<Ceremony, 'id'>;
  ceremonyLines: EntityTable<CeremonyLine, 'id'>;
  handoverReceipts: EntityTable<HandoverReceipt, 'id'>;
  /**
   * Restricted, written once: each time a screen showed judicial data to a user (synced, then in
   * the server's audit). Written by `consultationRepository`, never changed.
   */
  consultations: EntityTable<Consultation, 'id'>;
  /** Local only: generation tokens and caches built from tables (the list's snapshot). */
  localCache: EntityTable<LocalCacheEntry, 'key'>;
  /** Sync bookkeeping (renderer/db/sync): written only by the change-capture middleware and the engine. */
  outbox: EntityTable<OutboxEntry, 'seq'>;
  /** Per row: the field versions, and the server's scope and seq once pulled (digests). */
  rowMeta: Table<StoredRowMeta, [string, string]>;
  syncMeta: EntityTable<SyncMetaEntry, 'key'>;
  /** Open conflicts pulled from the server (the *À vérifier* list). */
  conflicts: EntityTable<StoredConflict, 'key'>;
  /** Ops the server refused, to fix and resend or to drop. */
  rejections: EntityTable<StoredRejection, 'id'>;
  /** One receipt per sync. */
  syncJournal: EntityTable<SyncReceipt, 'id'>;
  /** The centres the account serves (scopes of the last pull). */
  centres: EntityTable<StoredCentre, 'id'>;
};

/** A record of `localCache`: a generation token (`value`) or a cache (its own fields). */
export type LocalCacheEntry = { readonly key: string; readonly [field: string]: unknown };

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

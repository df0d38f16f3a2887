/**
 * The type of the local database: its tables and their records. A module of types only, below
 * `database.ts` (which opens it) and the middlewares and stores it installs, which all name it.
 */
import type Dexie from 'dexie';
import type { EntityTable, Table } from 'dexie';
import type { AdmissionRecord, Beneficiary } from '../../shared/beneficiary/beneficiary';
import type { DuplicateDecision } from '../../shared/beneficiary/duplicateDecision';
import type { Consultation } from '../../shared/casefile/consultation';
import type { DetentionRecord } from '../../shared/casefile/detention';
import type { EquipmentLine, FundingShare, IncomeProject } from '../../shared/agr/incomeProject';
import type { Ceremony, CeremonyLine, HandoverReceipt } from '../../shared/agr/ceremony';
import type { Diagnostic } from '../../shared/parcours/diagnostic';
import type { LifeProject, LifeProjectAction } from '../../shared/parcours/lifeProject';
import type { StageChange } from '../../shared/parcours/stageChange';
import type {
  OutboxEntry,
  StoredCentre,
  StoredConflict,
  StoredRejection,
  StoredRowMeta,
  SyncMetaEntry,
  SyncReceipt,
} from './sync/types';

/** The tables of a user's local database and the records they hold (opened by `database.ts`). */
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

import type { Beneficiary } from '../../../shared/beneficiary/beneficiary';
import type { SyncedEntity } from '../../../shared/sync/merge';

/**
 * The local tables whose writes are captured for sync (docs/sync-protocol.md, "Local change
 * capture"), declared once. Every field of a row except its primary key is synced; the review
 * fields are the ones a concurrent edit turns into an *À vérifier* conflict.
 */
export const beneficiarySync: SyncedEntity<Beneficiary> = {
  table: 'beneficiaries',
  scopeField: 'prefectureCode',
  reviewFields: ['lastNameLatin', 'firstNameLatin', 'lastNameArabic', 'firstNameArabic', 'cin', 'dateOfBirth', 'sex'],
};

export const syncedEntities: readonly SyncedEntity<never>[] = [beneficiarySync];

export function syncedEntity(table: string): SyncedEntity<never> | undefined {
  return syncedEntities.find((entity) => entity.table === table);
}

/** The bookkeeping tables a transaction writing a synced table must also hold. */
export const syncBookkeepingTables = ['outbox', 'fieldVersions', 'syncMeta'] as const;

export { syncedEntities, syncedEntity, beneficiarySync } from '../../../shared/sync/entities';

/** The bookkeeping tables a transaction writing a synced table must also hold. */
export const syncBookkeepingTables = ['outbox', 'rowMeta', 'syncMeta'] as const;

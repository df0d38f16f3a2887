/**
 * Detention records for the sync tests that check who may read and write them
 * (`restrictedRows.test.ts`, `judicialHold.test.ts`): the route tests' fixtures write beneficiaries.
 */
import { detentionRecordSync } from '../../shared/sync/entities';
import type { JsonValue } from '../../shared/sync/merge';
import type { OpDraft, SyncClient } from '../../server/test/support/sync';

export const detentionRecords = detentionRecordSync.table;
export const secretEstablishment = 'Prison locale Oukacha';
export const secretNotes = 'Condamnation pour vol qualifié';

/** An op of `client` on a detention record (the fixtures' ops are beneficiaries'). */
export function onDetention(op: OpDraft): OpDraft {
  return { ...op, table: detentionRecords };
}

/** Every field of a new detention record, as the case file's first save produces them. */
export function createDetention(
  client: SyncClient,
  rowId: string,
  centreId: string,
  overrides: Record<string, JsonValue> = {},
): OpDraft[] {
  const fields: Record<string, JsonValue> = {
    centreId,
    beneficiaryId: rowId,
    establishment: secretEstablishment,
    entryDate: '2019-06-01',
    sentenceMonths: 48,
    judicialNotes: secretNotes,
    updatedAt: '2025-03-10T08:00:00.000Z',
    ...overrides,
  };
  return Object.entries(fields).map(([field, value]) => onDetention(client.set(rowId, field, value)));
}

/**
 * The audit entry of an export (exports themselves come with a later issue): call it in the
 * transaction that reads what is exported, or just before the file leaves the server, so that no
 * file leaves without its entry. Facts only: what, in which format, how many rows, for which
 * persons and filter; never a value of the rows.
 */
import type { Actor } from '../../../shared/auth/authorization';
import { insertAuditEvent } from '../db';
import type { Queryable } from '../db';

export interface ExportRecord {
  at: string;
  actor: Actor;
  deviceId: string | null;
  /** What was exported, e.g. `beneficiaries`, `indicators`, `detentionRecords`. */
  what: string;
  format: 'csv' | 'xlsx' | 'pdf';
  rowCount: number;
  /** The filter or period as the request gave it (no values of records). */
  filter?: Record<string, unknown> | undefined;
  /** The persons whose data the file holds. */
  beneficiaryIds?: readonly string[] | undefined;
}

export async function recordExport(db: Queryable, record: ExportRecord): Promise<void> {
  await insertAuditEvent(db, {
    at: record.at,
    type: 'export',
    outcome: 'ok',
    actorUserId: record.actor.userId,
    deviceId: record.deviceId,
    detail: {
      what: record.what,
      format: record.format,
      rowCount: record.rowCount,
      ...(record.filter === undefined ? {} : { filter: record.filter }),
    },
    beneficiaryIds: record.beneficiaryIds,
  });
}

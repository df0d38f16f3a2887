/**
 * What the sync routes write to the audit chain (server/src/db/audit.ts), apart from push.ts and
 * pull.ts so that each calls one function:
 *
 * - a push batch that applied ops: one `sync-push` entry — who (user, PC), and per row its table,
 *   id, centre and the fields set (deleted, undeleted) — ids and field names, never a value; the
 *   persons the rows belong to are indexed for the *person* filter. The op log (`sync_op_log`)
 *   keeps one row per op with its timestamp; this entry is what the chain covers;
 * - each `consultations` row a push completes: one `consultation` entry (a PC showed judicial
 *   data: who, which person, what, when by the PC's clock);
 * - a pull that sends rows of `judicial` entities: one `sync-pull-judicial` entry with their ids,
 *   appended before the answer leaves (an answer whose entry cannot be written is not sent).
 */
import { accessOf, consultationSync, fileIdOf, syncedEntity } from '../../../shared/sync/entities';
import type { PullResponse, PushRequest } from '../../../shared/sync/protocol';
import { tombstoneField } from '../../../shared/sync/merge';
import type { Authenticated } from '../auth/authenticate';
import type { ServerContext } from '../context';
import { insertAuditEvent } from '../db';
import type { OpLogEntry, Queryable } from '../db';

/** A row as the push merged it (pushMerge.ts): its record gives the person it belongs to. */
export type MergedRow = {
  table: string;
  rowId: string;
  state: { record: Readonly<Record<string, unknown>> };
};

type RowChange = {
  table: string;
  rowId: string;
  centreId: string;
  fields: string[];
  deleted?: true;
  undeleted?: true;
};

/**
 * The persons a synced row is about: its file's (`fileIdOf`: a beneficiary is itself, the other
 * rows name theirs), and the other person of a possible duplicate.
 */
export function personsOfRow(table: string, rowId: string, record: Readonly<Record<string, unknown>>): string[] {
  const other = record['otherBeneficiaryId'];
  return [fileIdOf(table, rowId, record), typeof other === 'string' && other !== '' ? other : null].filter(
    (id) => id !== null,
  );
}

/**
 * The audit entries of a push batch, inside its transaction: `log` holds the ops applied (as
 * `sync_op_log` stores them), `merged` the rows they changed, as stored after the merge.
 */
export async function auditPush(
  tx: Queryable,
  auth: Authenticated,
  request: Pick<PushRequest, 'batchId' | 'outboxId' | 'fromSeq' | 'toSeq'>,
  log: readonly OpLogEntry[],
  merged: readonly MergedRow[],
  at: string,
): Promise<void> {
  if (log.length === 0) return;
  const who = { at, actorUserId: auth.actor.userId, deviceId: auth.deviceId };
  const records = new Map(merged.map((row) => [`${row.table}/${row.rowId}`, row.state.record]));

  const changes = new Map<string, RowChange>();
  for (const entry of log) {
    const key = `${entry.table}/${entry.rowId}`;
    let change = changes.get(key);
    if (change === undefined) {
      change = { table: entry.table, rowId: entry.rowId, centreId: entry.scopeId, fields: [] };
      changes.set(key, change);
    }
    if (entry.field !== tombstoneField) change.fields.push(entry.field);
    else if (entry.kind === 'delete') change.deleted = true;
    else change.undeleted = true;
  }
  const persons = new Set<string>();
  for (const change of changes.values()) {
    for (const person of personsOfRow(change.table, change.rowId, records.get(`${change.table}/${change.rowId}`) ?? {}))
      persons.add(person);
  }
  await insertAuditEvent(tx, {
    ...who,
    type: 'sync-push',
    outcome: 'ok',
    detail: {
      batchId: request.batchId,
      outboxId: request.outboxId,
      fromSeq: request.fromSeq,
      toSeq: request.toSeq,
      ops: log.length,
      rows: [...changes.values()],
    },
    beneficiaryIds: [...persons],
  });

  // Consultations: one entry each, from the batch that gives the row its last missing field
  // (the row is written once, so exactly one batch completes it).
  const consultationFields = Object.keys(consultationSync.fields);
  for (const change of changes.values()) {
    if (change.table !== consultationSync.table || change.fields.length === 0) continue;
    const record = records.get(`${change.table}/${change.rowId}`);
    if (record === undefined || !consultationFields.every((field) => Object.hasOwn(record, field))) continue;
    const beneficiaryId = typeof record['beneficiaryId'] === 'string' ? record['beneficiaryId'] : null;
    const recordedFor = record['userId'];
    await insertAuditEvent(tx, {
      ...who,
      type: 'consultation',
      outcome: 'ok',
      detail: {
        consultationId: change.rowId,
        centreId: change.centreId,
        what: record['what'],
        viewedAt: record['viewedAt'],
        // Each user pushes their own database: a row naming someone else says so.
        ...(recordedFor === auth.actor.userId ? {} : { recordedForUserId: recordedFor }),
      },
      beneficiaryIds: beneficiaryId === null ? [] : [beneficiaryId],
    });
  }
}

/**
 * The `sync-pull-judicial` entry of a pull answer that carries rows of `judicial` entities (none:
 * nothing written). Its own transaction: the pull reads in a REPEATABLE READ snapshot, where the
 * chain head cannot be taken (db/audit.ts).
 */
export async function auditJudicialPull(
  context: ServerContext,
  auth: Authenticated,
  response: Pick<PullResponse, 'pages'>,
): Promise<void> {
  const rows: { table: string; centreId: string; ids: string[] }[] = [];
  const persons = new Set<string>();
  for (const page of response.pages) {
    const entity = syncedEntity(page.table);
    if (entity === undefined || accessOf(entity) !== 'judicial' || page.rows.length === 0) continue;
    rows.push({ table: page.table, centreId: page.scope, ids: page.rows.map((row) => row.id) });
    for (const row of page.rows) for (const person of personsOfRow(page.table, row.id, row.record)) persons.add(person);
  }
  if (rows.length === 0) return;
  await insertAuditEvent(context.database.db, {
    at: context.now().toISOString(),
    type: 'sync-pull-judicial',
    outcome: 'ok',
    actorUserId: auth.actor.userId,
    deviceId: auth.deviceId,
    detail: { rows, count: rows.reduce((sum, page) => sum + page.ids.length, 0) },
    beneficiaryIds: [...persons],
  });
}

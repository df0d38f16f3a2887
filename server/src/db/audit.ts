/**
 * The audit trail: one row per sign-in attempt and per account change, written in the same
 * transaction as the change it records. Rows are only ever inserted. `detail` is a JSON object
 * of non-secret facts; callers never put a password, a token or a secret in it.
 */
import type { Kysely } from 'kysely';
import { newId } from '../../../shared/ids/uuidv7';
import type { Database } from './schema';

export interface AuditEvent {
  at: string;
  type: string;
  outcome: string;
  actorUserId?: string | null | undefined;
  subjectUserId?: string | null | undefined;
  deviceId?: string | null | undefined;
  username?: string | null | undefined;
  detail?: Record<string, unknown> | undefined;
}

export async function insertAuditEvent(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: newId(),
      at: event.at,
      type: event.type,
      actor_user_id: event.actorUserId ?? null,
      subject_user_id: event.subjectUserId ?? null,
      device_id: event.deviceId ?? null,
      username: event.username ?? null,
      outcome: event.outcome,
      detail: JSON.stringify(event.detail ?? {}),
    })
    .execute();
}

export interface AuditRow {
  at: string;
  type: string;
  outcome: string;
  actorUserId: string | null;
  subjectUserId: string | null;
  deviceId: string | null;
  username: string | null;
  detail: string;
}

/** The trail, oldest first (for the administration screens later, and for tests). */
export async function listAuditEvents(db: Kysely<Database>): Promise<AuditRow[]> {
  return db
    .selectFrom('audit_events')
    .select([
      'at',
      'type',
      'outcome',
      'actor_user_id as actorUserId',
      'subject_user_id as subjectUserId',
      'device_id as deviceId',
      'username',
      'detail',
    ])
    .orderBy('at')
    .orderBy('id')
    .execute();
}

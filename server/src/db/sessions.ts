/**
 * Storage of the sign-in sessions. The server keeps only the SHA-256 of each session token, so
 * its database cannot be replayed as credentials. Sessions are never deleted: they end, with a
 * reason, which keeps the trail of who was signed in where.
 */
import type { Kysely } from 'kysely';
import type { Database, SessionEndReason } from './schema';

export interface SessionRecord {
  id: string;
  userId: string;
  deviceId: string;
  expiresAt: string;
  endedAt: string | null;
}

export async function findSessionByTokenHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<SessionRecord | undefined> {
  return db
    .selectFrom('sessions')
    .select(['id', 'user_id as userId', 'device_id as deviceId', 'expires_at as expiresAt', 'ended_at as endedAt'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export interface NewSession {
  id: string;
  tokenHash: string;
  userId: string;
  deviceId: string;
  createdAt: string;
  expiresAt: string;
}

export async function insertSession(db: Kysely<Database>, session: NewSession): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      token_hash: session.tokenHash,
      user_id: session.userId,
      device_id: session.deviceId,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
      last_seen_at: session.createdAt,
      ended_at: null,
      end_reason: null,
    })
    .execute();
}

export async function touchSession(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

/** Which open sessions `endSessions` ends. */
export type SessionSelector =
  { sessionId: string } | { userId: string; exceptSessionId?: string | undefined } | { deviceId: string };

/** Ends the selected sessions that are still open; returns how many it ended. */
export async function endSessions(
  db: Kysely<Database>,
  selector: SessionSelector,
  at: string,
  reason: SessionEndReason,
): Promise<number> {
  let query = db.updateTable('sessions').set({ ended_at: at, end_reason: reason }).where('ended_at', 'is', null);
  if ('sessionId' in selector) query = query.where('id', '=', selector.sessionId);
  else if ('deviceId' in selector) query = query.where('device_id', '=', selector.deviceId);
  else {
    query = query.where('user_id', '=', selector.userId);
    if (selector.exceptSessionId !== undefined) query = query.where('id', '<>', selector.exceptSessionId);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

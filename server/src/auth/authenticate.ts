/**
 * Who is calling: checks the two credentials of every signed-in request — the PC's device
 * token and the session token — and reads the actor (role, centres) from the server's own
 * tables at every request, never from anything the client says about itself.
 *
 * Refusals: a device id this server never registered → 401 `device-unknown` (e.g. after its
 * database was rebuilt: the PC then forgets its credentials for this server and registers again
 * at its next sign-in); a missing, malformed or forged device token (a known id with a wrong
 * secret, audited as `forged-device-token`), a missing, unknown, expired or ended session, or a
 * session opened on another PC → 401 `unauthenticated`; a revoked PC → 403 `device-revoked`
 * (checked first: the PC's secret proves it is that PC, which can then lock itself); a PC pending
 * approval → 403 `device-pending` (it never had a session, auth/deviceRegistration.ts); a disabled
 * user → 401 and the session is ended; a one-time password not yet changed → 403
 * `password-change-required` except on the routes that allow it (`session-pending`).
 *
 * Telling an unknown id from a forged secret says whether a device id exists. Device ids are not
 * secrets (UUIDv7, shown to administrators), and only the secret, compared in constant time,
 * proves a PC: the answer opens nothing.
 */
import type { FastifyBaseLogger } from 'fastify';
import { authHeaders } from '../../../shared/api/errors';
import type { Actor } from '../../../shared/auth/authorization';
import type { ServerContext } from '../context';
import {
  endSessions,
  findDevice,
  findSessionByTokenHash,
  findUserById,
  inTransaction,
  insertAuditEvent,
  touchDevice,
  touchSession,
} from '../db';
import type { DeviceRecord, UserRecord } from '../db';
import { httpError } from '../http/errors';
import { parseBearerToken, parseDeviceHeader, secretMatchesHash, sha256Hex } from './tokens';
import type { DeviceCredential, HeaderValue } from './tokens';

export interface Authenticated {
  actor: Actor;
  /** The actor's full record, as read at this request. */
  user: UserRecord;
  sessionId: string;
  deviceId: string;
}

/** For sign-out: the session the token names on this PC, open or not. */
export interface SessionIdentity {
  sessionId: string;
  userId: string;
  deviceId: string;
  isOpen: boolean;
}

export type CredentialHeaders = Record<string, HeaderValue>;

const unauthenticated = () => httpError('unauthenticated', 'Sign in again.');

/** The actor as the server's tables say, judicial holds included (shared/auth/restricted.ts). */
export function actorOf(user: UserRecord): Actor {
  return {
    userId: user.id,
    role: user.role,
    centreIds: user.centreIds,
    judicialHoldCentreIds: user.judicialHolds.map((hold) => hold.centreId),
  };
}

/**
 * What the PC's `x-masar-device` header says: nothing (`absent`), nothing usable (`malformed`), a
 * device id this server never registered (`unknown`), a registered id with a wrong secret
 * (`forged`), or the PC itself (`genuine`).
 */
export type DeviceCheck =
  | { kind: 'absent' | 'malformed' }
  | { kind: 'unknown'; deviceId: string }
  | { kind: 'forged'; device: DeviceRecord }
  | { kind: 'genuine'; device: DeviceRecord };

export async function checkDevice(context: ServerContext, credential: DeviceCredential): Promise<DeviceCheck> {
  if (credential.kind !== 'present') return { kind: credential.kind };
  const device = await findDevice(context.database.db, credential.deviceId);
  // Compared in constant time, and even when no such device exists (the same work either way).
  const matches = secretMatchesHash(credential.secret, device?.secretHash ?? '0'.repeat(64));
  if (device === undefined) return { kind: 'unknown', deviceId: credential.deviceId };
  return matches ? { kind: 'genuine', device } : { kind: 'forged', device };
}

/**
 * The answer to a PC registered beyond its user's allowance and not approved yet; with its new
 * credentials when this very sign-in registered it (the host keeps them).
 */
export const devicePending = (newDevice?: { id: string; token: string }) =>
  httpError(
    'device-pending',
    'This PC waits for an administrator (or your coordinator) to approve it in Administration › Postes.',
    newDevice === undefined ? {} : { newDevice },
  );

/** The answer to a device id this server does not know: the PC should register again. */
export const deviceUnknown = () =>
  httpError('device-unknown', 'This PC is not registered with this server: sign in again to register it.');

async function verifiedDevice(
  context: ServerContext,
  headers: CredentialHeaders,
  log: FastifyBaseLogger,
): Promise<DeviceRecord> {
  const check = await checkDevice(context, parseDeviceHeader(headers[authHeaders.device]));
  if (check.kind === 'unknown') throw deviceUnknown();
  if (check.kind === 'forged') {
    await insertAuditEvent(context.database.db, {
      at: context.now().toISOString(),
      type: 'request',
      outcome: 'forged-device-token',
      deviceId: check.device.id,
    });
    log.warn({ deviceId: check.device.id }, 'request with a forged device token');
  }
  if (check.kind !== 'genuine') throw unauthenticated();
  const { device } = check;
  if (device.revokedAt !== null) throw httpError('device-revoked', 'This PC has been revoked.');
  // A pending PC never got a session; refused here too, whatever a session token says.
  if (device.isPendingApproval) throw devicePending();
  return device;
}

async function sessionOfDevice(context: ServerContext, headers: CredentialHeaders, device: DeviceRecord) {
  const token = parseBearerToken(headers[authHeaders.session]);
  if (token === undefined) throw unauthenticated();
  const session = await findSessionByTokenHash(context.database.db, sha256Hex(token));
  if (session?.deviceId !== device.id) throw unauthenticated();
  return session;
}

export async function authenticate(
  context: ServerContext,
  headers: CredentialHeaders,
  auth: 'session' | 'session-pending',
  log: FastifyBaseLogger,
): Promise<Authenticated> {
  const { db } = context.database;
  const device = await verifiedDevice(context, headers, log);
  const session = await sessionOfDevice(context, headers, device);
  const now = context.now();
  if (session.endedAt !== null || Date.parse(session.expiresAt) <= now.getTime()) throw unauthenticated();

  const user = await findUserById(db, session.userId);
  if (user === undefined) throw unauthenticated();
  const at = now.toISOString();
  if (user.disabledAt !== null) {
    await inTransaction(db, async (tx) => {
      await endSessions(tx, { sessionId: session.id }, at, 'user-disabled');
      await insertAuditEvent(tx, {
        at,
        type: 'session-end',
        outcome: 'user-disabled',
        actorUserId: user.id,
        subjectUserId: user.id,
        deviceId: device.id,
      });
    });
    log.info({ userId: user.id, deviceId: device.id }, 'session of a disabled user ended');
    throw unauthenticated();
  }
  if (auth === 'session' && user.mustChangePassword) {
    throw httpError('password-change-required', 'Change the one-time password first.');
  }
  await touchSession(db, session.id, at);
  await touchDevice(db, device.id, at);
  return { actor: actorOf(user), user, sessionId: session.id, deviceId: device.id };
}

/**
 * Sign-out stays idempotent: a session of this PC already ended or expired is still named,
 * so signing out twice answers the same. The PC itself must still be genuine and not revoked.
 */
export async function identifySession(
  context: ServerContext,
  headers: CredentialHeaders,
  log: FastifyBaseLogger,
): Promise<SessionIdentity> {
  const device = await verifiedDevice(context, headers, log);
  const session = await sessionOfDevice(context, headers, device);
  const isOpen = session.endedAt === null && Date.parse(session.expiresAt) > context.now().getTime();
  return { sessionId: session.id, userId: session.userId, deviceId: device.id, isOpen };
}

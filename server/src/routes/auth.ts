/**
 * Sign-in, sign-out, the current user and the password change (`/api/auth/*`). Every sign-in
 * outcome is audited and logged — never a password or a token. See `auth/throttle.ts` for why
 * sign-ins are throttled per account and PC rather than per IP.
 */
import type { FastifyBaseLogger } from 'fastify';
import { authHeaders } from '../../../shared/api/errors';
import { newId } from '../../../shared/ids/uuidv7';
import { checkDevice, deviceUnknown } from '../auth/authenticate';
import {
  hashPassword,
  passwordIsUsername,
  prepareDummyHash,
  verifyAgainstDummy,
  verifyPassword,
} from '../auth/passwords';
import { nextAllowedAt, retryAfterSeconds, throttleKey } from '../auth/throttle';
import { formatDeviceToken, newSecretToken, parseDeviceHeader, sha256Hex } from '../auth/tokens';
import type { ServerContext } from '../context';
import {
  claimSignInAttempt,
  endSessions,
  findUserById,
  findUserByUsername,
  inTransaction,
  insertAuditEvent,
  insertDevice,
  insertSession,
  resetSignInThrottle,
  toUserProfile,
  touchDevice,
  updateUser,
} from '../db';
import type { AuditEvent } from '../db';
import { httpError } from '../http/errors';
import type { RouteHandlers } from './api';

export const sessionLifetimeMs = 12 * 60 * 60 * 1000;
const defaultDeviceName = 'PC';

function logSignIn(log: FastifyBaseLogger, event: AuditEvent): void {
  log.info(
    {
      event: event.type,
      outcome: event.outcome,
      username: event.username,
      userId: event.subjectUserId,
      deviceId: event.deviceId,
    },
    event.type,
  );
}

const passwordIsUsernameIssue = { path: 'newPassword', message: 'errors.passwordIsUsername' };

export function authHandlers(
  context: ServerContext,
): Pick<RouteHandlers, 'signIn' | 'signOut' | 'me' | 'changePassword'> {
  const { db } = context.database;
  void prepareDummyHash().catch(() => undefined);

  return {
    signIn: async ({ body, request }) => {
      const now = context.now();
      const at = now.toISOString();
      const { username } = body;
      const credential = parseDeviceHeader(request.headers[authHeaders.device]);
      const check = await checkDevice(context, credential);
      const device = check.kind === 'genuine' ? check.device : undefined;
      const key = throttleKey(username, device?.id);

      const attempt = { at, type: 'sign-in', username, deviceId: device?.id ?? null };
      const refuse = async (outcome: string, subjectUserId: string | null, detail?: Record<string, unknown>) => {
        const event: AuditEvent = { ...attempt, outcome, subjectUserId, detail };
        await insertAuditEvent(db, event);
        logSignIn(request.log, event);
      };

      const claim = await claimSignInAttempt(db, key, now, nextAllowedAt);
      if (!claim.allowed) {
        const retryAfter = retryAfterSeconds(claim.nextAllowedAt, now);
        await refuse('throttled', null, { failures: claim.failures, retryAfterSeconds: retryAfter });
        throw httpError('throttled', `Too many failed sign-ins: try again in ${retryAfter} s.`, {
          retryAfterSeconds: retryAfter,
        });
      }

      const user = await findUserByUsername(db, username);
      const passwordMatches =
        user === undefined
          ? await verifyAgainstDummy(body.password)
          : await verifyPassword(user.passwordHash, body.password);
      if (user === undefined || !passwordMatches) {
        await refuse('invalid-credentials', user?.id ?? null, { failures: claim.failures });
        throw httpError('invalid-credentials', 'Wrong username or password.');
      }
      await resetSignInThrottle(db, key);

      if (user.disabledAt !== null) {
        await refuse('user-disabled', user.id);
        throw httpError('user-disabled', 'This account is disabled.');
      }
      // Only once the password is right: a PC the server does not know (its database was rebuilt)
      // is told so, and registers again by signing in without its old token.
      if (check.kind === 'unknown') {
        await refuse('unknown-device', user.id, { presentedDeviceId: check.deviceId });
        throw deviceUnknown();
      }
      if (check.kind === 'forged') {
        await refuse('forged-device-token', user.id, { presentedDeviceId: check.device.id });
        throw httpError('unauthenticated', 'The device token of this PC is not valid.');
      }
      if (check.kind === 'malformed') {
        await refuse('malformed-device-token', user.id);
        throw httpError('unauthenticated', 'The device token of this PC is not valid.');
      }
      if (device !== undefined && device.revokedAt !== null) {
        await refuse('device-revoked', user.id);
        throw httpError('device-revoked', 'This PC has been revoked.');
      }
      if (user.oneTimePasswordExpiresAt !== null && Date.parse(user.oneTimePasswordExpiresAt) <= now.getTime()) {
        await refuse('one-time-password-expired', user.id);
        throw httpError('one-time-password-expired', 'This one-time password has expired or was already used.');
      }

      const sessionToken = newSecretToken();
      const sessionExpiresAt = new Date(now.getTime() + sessionLifetimeMs).toISOString();
      const registration =
        device === undefined
          ? { id: newId(), secret: newSecretToken(), name: body.deviceName ?? defaultDeviceName }
          : undefined;
      const deviceId = device?.id ?? registration?.id ?? '';

      const signedIn = await inTransaction(db, async (tx) => {
        if (registration !== undefined) {
          await insertDevice(tx, {
            id: registration.id,
            name: registration.name,
            secretHash: sha256Hex(registration.secret),
            centreId: user.centreIds[0] ?? null,
            registeredByUserId: user.id,
            registeredAt: at,
          });
          await insertAuditEvent(tx, {
            at,
            type: 'device-register',
            outcome: 'ok',
            actorUserId: user.id,
            subjectUserId: user.id,
            deviceId,
            detail: { name: registration.name, centreId: user.centreIds[0] ?? null },
          });
        } else {
          await touchDevice(tx, deviceId, at);
        }
        await insertSession(tx, {
          id: newId(),
          tokenHash: sha256Hex(sessionToken),
          userId: user.id,
          deviceId,
          createdAt: at,
          expiresAt: sessionExpiresAt,
        });
        // A one-time password signs in once: from now on only this session can replace it.
        await updateUser(tx, user.id, {
          lastSignInAt: at,
          ...(user.oneTimePasswordExpiresAt === null ? {} : { oneTimePasswordExpiresAt: at }),
        });
        const event: AuditEvent = { ...attempt, deviceId, outcome: 'ok', actorUserId: user.id, subjectUserId: user.id };
        await insertAuditEvent(tx, event);
        return event;
      });
      logSignIn(request.log, signedIn);

      return {
        sessionToken,
        sessionExpiresAt,
        user: toUserProfile(user),
        ...(registration === undefined
          ? {}
          : { newDevice: { id: registration.id, token: formatDeviceToken(registration.id, registration.secret) } }),
        deviceId,
        serverTime: now.getTime(),
      };
    },

    signOut: async ({ auth, request }) => {
      if (auth.isOpen) {
        const at = context.now().toISOString();
        await inTransaction(db, async (tx) => {
          await endSessions(tx, { sessionId: auth.sessionId }, at, 'signed-out');
          await insertAuditEvent(tx, {
            at,
            type: 'sign-out',
            outcome: 'ok',
            actorUserId: auth.userId,
            subjectUserId: auth.userId,
            deviceId: auth.deviceId,
          });
        });
        request.log.info({ event: 'sign-out', userId: auth.userId, deviceId: auth.deviceId }, 'sign-out');
      }
      return { ok: true } as const;
    },

    me: ({ auth }) => Promise.resolve({ user: toUserProfile(auth.user) }),

    changePassword: async ({ body, auth, request }) => {
      const { user } = auth;
      const now = context.now();
      const at = now.toISOString();
      const event = {
        at,
        type: 'password-change',
        actorUserId: user.id,
        subjectUserId: user.id,
        deviceId: auth.deviceId,
      };
      if (passwordIsUsername(body.newPassword, user.username)) {
        throw httpError('invalid-request', 'The new password must not be the username.', {
          issues: [passwordIsUsernameIssue],
        });
      }
      // The current password is guessable through a stolen session too: same throttle as sign-in.
      const key = throttleKey(user.username, auth.deviceId);
      const claim = await claimSignInAttempt(db, key, now, nextAllowedAt);
      if (!claim.allowed) {
        const retryAfter = retryAfterSeconds(claim.nextAllowedAt, now);
        await insertAuditEvent(db, { ...event, outcome: 'throttled' });
        throw httpError('throttled', `Too many failed attempts: try again in ${retryAfter} s.`, {
          retryAfterSeconds: retryAfter,
        });
      }
      if (!(await verifyPassword(user.passwordHash, body.currentPassword))) {
        await insertAuditEvent(db, { ...event, outcome: 'invalid-credentials' });
        request.log.info(
          { event: 'password-change', outcome: 'invalid-credentials', userId: user.id },
          'password-change',
        );
        throw httpError('invalid-credentials', 'The current password is wrong.');
      }
      await resetSignInThrottle(db, key);
      const passwordHash = await hashPassword(body.newPassword);

      const changed = await inTransaction(db, async (tx) => {
        const current = await findUserById(tx, user.id);
        // Reset or disabled by someone else meanwhile: that change wins.
        if (current?.passwordHash !== user.passwordHash || current.disabledAt !== null) {
          throw httpError('conflict', 'The account changed meanwhile: sign in again.');
        }
        await updateUser(tx, user.id, { passwordHash, mustChangePassword: false, oneTimePasswordExpiresAt: null });
        const ended = await endSessions(
          tx,
          { userId: user.id, exceptSessionId: auth.sessionId },
          at,
          'password-changed',
        );
        await insertAuditEvent(tx, { ...event, outcome: 'ok', detail: { otherSessionsEnded: ended } });
        return { ...current, mustChangePassword: false, oneTimePasswordExpiresAt: null };
      });
      request.log.info({ event: 'password-change', outcome: 'ok', userId: user.id }, 'password-change');
      return { user: toUserProfile(changed) };
    },
  };
}

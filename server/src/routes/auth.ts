/**
 * Sign-in, sign-out, the current user and the password change (`/api/auth/*`). Every sign-in
 * outcome is audited and logged — never a password or a token.
 *
 * A sign-in, in order:
 * 1. take a turn for the argon2 work (auth/passwordWork.ts): none left → 503 `server-busy`, nothing
 *    else done;
 * 2. claim an attempt on the throttle's three counters (auth/throttle.ts: this account on this PC,
 *    this account, this address) → 429 `throttled` while any waits;
 * 3. check the password (against a stand-in hash for an unknown username) → 401 on a mismatch;
 * 4. what the PC's token says (unknown, forged, revoked, pending approval) and, read again in one
 *    transaction under the user's row lock, what the account says now: the password still the one
 *    checked, not disabled, the one-time password neither expired nor already used — so two
 *    sign-ins racing with one one-time password cannot both open a session;
 * 5. in that transaction: register a new PC (pending approval beyond the user's allowance,
 *    auth/deviceRegistration.ts — then no session, 403 `device-pending` with the PC's credentials),
 *    open the session, consume a one-time password.
 */
import type { FastifyBaseLogger } from 'fastify';
import { authHeaders } from '../../../shared/api/errors';
import { centreScope } from '../../../shared/auth/authorization';
import { centreInfoOf } from '../../../shared/auth/schemas';
import { newId } from '../../../shared/ids/uuidv7';
import type { FastifyRequest } from 'fastify';
import { actorOf, checkDevice, devicePending, deviceUnknown } from '../auth/authenticate';
import { allowanceWindowStart, isBeyondAllowance } from '../auth/deviceRegistration';
import { passwordIsUsername, prepareDummyHash } from '../auth/passwords';
import type { ThrottleRule } from '../auth/throttle';
import { retryAfterSeconds, signInThrottleRules } from '../auth/throttle';
import { formatDeviceToken, newSecretToken, parseDeviceHeader, sha256Hex } from '../auth/tokens';
import type { ServerContext } from '../context';
import {
  claimSignInAttempt,
  countRecentRegistrations,
  deviceUserSecret,
  endSessions,
  findUserById,
  findUserByUsername,
  inTransaction,
  insertAuditEvent,
  insertDevice,
  insertSession,
  listCentres,
  lockUser,
  resetSignInThrottle,
  toUserProfile,
  touchDevice,
  updateUser,
} from '../db';
import type { AuditEvent, Queryable, UserRecord } from '../db';
import { httpError } from '../http/errors';
import type { ApiHttpError } from '../http/errors';
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

/** The centres a user serves, as their PCs keep them (file numbers, letterheads) before any sync. */
async function servedCentres(db: Queryable, user: UserRecord) {
  return (await listCentres(db, centreScope(actorOf(user)))).map(centreInfoOf);
}

const passwordIsUsernameIssue = { path: 'newPassword', message: 'errors.passwordIsUsername' };

/**
 * The client's address as the throttle counts it: the connection's, or the one a trusted reverse
 * proxy forwarded (`request.ip` follows `X-Forwarded-For` only for `trustProxy`, app.ts).
 */
function clientAddress(request: FastifyRequest): string {
  return request.ip;
}

/** Claims one attempt on every counter; throws `throttled` (429) while any of them waits. */
async function claimOrThrottle(
  db: Queryable,
  rules: readonly ThrottleRule[],
  now: Date,
  refuse: (outcome: string, detail: Record<string, unknown>) => Promise<void>,
): Promise<Record<string, number>> {
  const claim = await claimSignInAttempt(db, rules, now);
  if (claim.ok) return claim.value;
  const wait = claim.error;
  const retryAfter = retryAfterSeconds(wait.nextAllowedAt, now);
  const counter = rules.find((rule) => rule.key === wait.key)?.counter;
  await refuse('throttled', { counter, failures: wait.failures, retryAfterSeconds: retryAfter });
  throw httpError('throttled', `Too many failed attempts: try again in ${retryAfter} s.`, {
    retryAfterSeconds: retryAfter,
  });
}

/** What the sign-in transaction decided, refusals included (audited once it rolled back). */
type SignInOutcome =
  | { kind: 'signed-in'; user: UserRecord; dataKeySecret: string }
  | { kind: 'pending'; device: { id: string; secret: string } }
  | { kind: 'refused'; error: ApiHttpError; outcome: string; detail?: Record<string, unknown> };

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

      const attempt = { at, type: 'sign-in', username, deviceId: device?.id ?? null };
      const refuse = async (outcome: string, subjectUserId: string | null, detail?: Record<string, unknown>) => {
        const event: AuditEvent = { ...attempt, outcome, subjectUserId, detail };
        await insertAuditEvent(db, event);
        logSignIn(request.log, event);
      };

      // 1. A turn for the argon2 work, before anything is counted.
      let ticket;
      try {
        ticket = context.passwords.admit();
      } catch (error) {
        await refuse('server-busy', null);
        throw error;
      }
      // 2–3. The throttle's counters, then the password.
      const rules = signInThrottleRules(username, device?.id, clientAddress(request));
      let user: UserRecord | undefined;
      let passwordMatches: boolean;
      let failures: Record<string, number>;
      try {
        failures = await claimOrThrottle(db, rules, now, (outcome, detail) => refuse(outcome, null, detail));
        user = await findUserByUsername(db, username);
        passwordMatches =
          user === undefined
            ? await ticket.verifyAgainstDummy(body.password)
            : await ticket.verify(user.passwordHash, body.password);
      } finally {
        ticket.release();
      }
      if (user === undefined || !passwordMatches) {
        await refuse('invalid-credentials', user?.id ?? null, { failures });
        throw httpError('invalid-credentials', 'Wrong username or password.');
      }
      await resetSignInThrottle(
        db,
        rules.map((rule) => rule.key),
      );

      // 4. What the PC's token says, once the password is right: a PC the server does not know
      // (its database was rebuilt) is told so, and registers again by signing in without it.
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
      if (device?.isPendingApproval === true) {
        await refuse('device-pending', user.id);
        throw devicePending();
      }

      const checked = user;
      const sessionToken = newSecretToken();
      const sessionExpiresAt = new Date(now.getTime() + sessionLifetimeMs).toISOString();
      const registration =
        device === undefined
          ? { id: newId(), secret: newSecretToken(), name: body.deviceName ?? defaultDeviceName }
          : undefined;
      const deviceId = device?.id ?? registration?.id ?? '';

      // 4–5. The account as it is now, under its row lock, and the session — or the pending PC.
      const outcome = await inTransaction(db, async (tx): Promise<SignInOutcome> => {
        await lockUser(tx, checked.id);
        const current = await findUserById(tx, checked.id);
        if (current?.passwordHash !== checked.passwordHash) {
          // Reset or changed since the check: the password given is no longer this account's.
          return {
            kind: 'refused',
            outcome: 'invalid-credentials',
            detail: { changedMeanwhile: true },
            error: httpError('invalid-credentials', 'Wrong username or password.'),
          };
        }
        if (current.disabledAt !== null) {
          return {
            kind: 'refused',
            outcome: 'user-disabled',
            error: httpError('user-disabled', 'This account is disabled.'),
          };
        }
        if (
          current.oneTimePasswordExpiresAt !== null &&
          Date.parse(current.oneTimePasswordExpiresAt) <= now.getTime()
        ) {
          return {
            kind: 'refused',
            outcome: 'one-time-password-expired',
            error: httpError('one-time-password-expired', 'This one-time password has expired or was already used.'),
          };
        }
        if (registration !== undefined) {
          const recent = await countRecentRegistrations(
            tx,
            current.id,
            allowanceWindowStart(now, context.newPcAllowance),
          );
          const isPendingApproval = isBeyondAllowance(recent, context.newPcAllowance);
          const centreId = current.centreIds[0] ?? null;
          await insertDevice(tx, {
            id: registration.id,
            name: registration.name,
            secretHash: sha256Hex(registration.secret),
            centreId,
            registeredByUserId: current.id,
            registeredAt: at,
            isPendingApproval,
          });
          await insertAuditEvent(tx, {
            at,
            type: 'device-register',
            outcome: isPendingApproval ? 'pending' : 'ok',
            actorUserId: current.id,
            subjectUserId: current.id,
            deviceId,
            detail: { name: registration.name, centreId, recentRegistrations: recent },
          });
          if (isPendingApproval) {
            // Kept (the PC's credentials go back with the refusal), but no session.
            await insertAuditEvent(tx, { ...attempt, deviceId, outcome: 'device-pending', subjectUserId: current.id });
            return { kind: 'pending', device: registration };
          }
        } else {
          await touchDevice(tx, deviceId, at);
        }
        await insertSession(tx, {
          id: newId(),
          tokenHash: sha256Hex(sessionToken),
          userId: current.id,
          deviceId,
          createdAt: at,
          expiresAt: sessionExpiresAt,
        });
        // A one-time password signs in once: from now on only this session can replace it.
        await updateUser(tx, current.id, {
          lastSignInAt: at,
          ...(current.oneTimePasswordExpiresAt === null ? {} : { oneTimePasswordExpiresAt: at }),
        });
        await insertAuditEvent(tx, {
          ...attempt,
          deviceId,
          outcome: 'ok',
          actorUserId: current.id,
          subjectUserId: current.id,
        });
        // The user's secret on this PC, now that both are known good (docs/security.md).
        const dataKeySecret = await deviceUserSecret(tx, deviceId, current.id, at);
        return { kind: 'signed-in', user: current, dataKeySecret };
      });

      if (outcome.kind === 'refused') {
        await refuse(outcome.outcome, checked.id, outcome.detail);
        throw outcome.error;
      }
      if (outcome.kind === 'pending') {
        logSignIn(request.log, { ...attempt, deviceId, outcome: 'device-pending', subjectUserId: checked.id });
        throw devicePending({
          id: outcome.device.id,
          token: formatDeviceToken(outcome.device.id, outcome.device.secret),
        });
      }
      logSignIn(request.log, { ...attempt, deviceId, outcome: 'ok', subjectUserId: checked.id });
      return {
        sessionToken,
        sessionExpiresAt,
        user: toUserProfile(outcome.user),
        ...(registration === undefined
          ? {}
          : { newDevice: { id: registration.id, token: formatDeviceToken(registration.id, registration.secret) } }),
        deviceId,
        serverTime: now.getTime(),
        centres: await servedCentres(db, outcome.user),
        dataKeySecret: outcome.dataKeySecret,
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

    me: async ({ auth }) => ({ user: toUserProfile(auth.user), centres: await servedCentres(db, auth.user) }),

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
      // The current password is guessable through a stolen session too: the same counters as a sign-in.
      const ticket = context.passwords.admit();
      const rules = signInThrottleRules(user.username, auth.deviceId, clientAddress(request));
      let passwordHash: string;
      try {
        await claimOrThrottle(db, rules, now, (outcome) => insertAuditEvent(db, { ...event, outcome }));
        if (!(await ticket.verify(user.passwordHash, body.currentPassword))) {
          await insertAuditEvent(db, { ...event, outcome: 'invalid-credentials' });
          request.log.info(
            { event: 'password-change', outcome: 'invalid-credentials', userId: user.id },
            'password-change',
          );
          throw httpError('invalid-credentials', 'The current password is wrong.');
        }
        await resetSignInThrottle(
          db,
          rules.map((rule) => rule.key),
        );
        passwordHash = await ticket.hash(body.newPassword);
      } finally {
        ticket.release();
      }

      const changed = await inTransaction(db, async (tx) => {
        await lockUser(tx, user.id);
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
        // The session's PC is genuine, approved and not revoked (authenticate.ts): it re-wraps the
        // user's data key under the new password, and keeps the key recoverable with this secret.
        const dataKeySecret = await deviceUserSecret(tx, auth.deviceId, user.id, at);
        return { user: { ...current, mustChangePassword: false, oneTimePasswordExpiresAt: null }, dataKeySecret };
      });
      request.log.info({ event: 'password-change', outcome: 'ok', userId: user.id }, 'password-change');
      return {
        user: toUserProfile(changed.user),
        centres: await servedCentres(db, changed.user),
        dataKeySecret: changed.dataKeySecret,
      };
    },
  };
}

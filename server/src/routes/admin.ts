/**
 * The administration routes: centres, users and PCs. Every rule comes from
 * `shared/auth/authorization.ts` and `shared/auth/restricted.ts`, applied to the actor and targets
 * as the server's tables hold them. An id the actor may not see answers 404 like an id that does
 * not exist, so nothing leaks across centres. Each change is one transaction (checks included, so
 * no concurrent change slips between a check and its write) and writes its audit row in it;
 * refused changes are audited too.
 *
 * Judicial holds: a creation, a reset, a change to a judicial role or a new centre, made by an
 * actor without judicial access in a centre, puts the account's judicial access there on hold
 * (`centresToHold`), in the same transaction, with the actor as its holder; `confirmJudicialAccess`
 * lifts one (`judicialConfirmation`). The actor's own holds are read again inside the transaction.
 */
import type { FastifyRequest } from 'fastify';
import {
  assignableRoles,
  canManageCentres,
  canManageDevice,
  canManageUser,
  canOpenAdministration,
  canSeeUser,
  centreScope,
  needsCentre,
} from '../../../shared/auth/authorization';
import type { Actor, ManagedUser } from '../../../shared/auth/authorization';
import { canApproveDevice } from '../../../shared/auth/authorization';
import { centresToHold, hasJudicialRole, judicialConfirmation } from '../../../shared/auth/restricted';
import type { Role } from '../../../shared/auth/roles';
import type { Centre } from '../../../shared/auth/schemas';
import { newId } from '../../../shared/ids/uuidv7';
import type { Authenticated } from '../auth/authenticate';
import { actorOf } from '../auth/authenticate';
import { generateOneTimePassword } from '../auth/passwords';
import type { ServerContext } from '../context';
import {
  approveDevice,
  countActiveAdministrators,
  deleteJudicialHold,
  endSessions,
  existingCentreIds,
  findCentre,
  findDeviceSummary,
  findUserById,
  hasJudicialCoordinator,
  inTransaction,
  insertAuditEvent,
  insertCentre,
  insertUser,
  isCentreCodeTaken,
  isUniqueViolation,
  isUsernameTaken,
  listCentres,
  listDeviceSummaries,
  listUsers,
  lockAccountChanges,
  putJudicialHolds,
  revokeDevice,
  deleteDeviceUserSecrets,
  setUserCentres,
  toUserSummary,
  updateCentre,
  updateUser,
} from '../db';
import type { JudicialHoldReason, Queryable, UserRecord } from '../db';
import { ApiHttpError, httpError } from '../http/errors';
import type { RouteHandlers } from './api';

/** A one-time password stops signing in 72 hours after it was issued. */
export const oneTimePasswordLifetimeMs = 72 * 60 * 60 * 1000;

const forbidden = (message = 'You may not do this.') => httpError('forbidden', message);
const notFound = (what: string) => httpError('not-found', `No such ${what}.`);

function requireAdministration(actor: Actor): void {
  if (!canOpenAdministration(actor)) throw forbidden('Administration is for coordinators and administrators.');
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

type AdminRoutes =
  | 'listCentres'
  | 'createCentre'
  | 'updateCentre'
  | 'listUsers'
  | 'createUser'
  | 'updateUser'
  | 'disableUser'
  | 'enableUser'
  | 'resetPassword'
  | 'confirmJudicialAccess'
  | 'listDevices'
  | 'revokeDevice'
  | 'approveDevice';

export function adminHandlers(context: ServerContext): Pick<RouteHandlers, AdminRoutes> {
  const { db } = context.database;

  /**
   * Runs one account change; a refusal (403, 404, 409, 400) is audited with its code before it
   * reaches the client. The change itself audits its success inside its own transaction.
   */
  async function change<T>(
    type: string,
    auth: Authenticated,
    request: FastifyRequest,
    target: { subjectUserId?: string | undefined; deviceId?: string | undefined; detail?: Record<string, unknown> },
    work: (at: string) => Promise<T>,
  ): Promise<T> {
    const at = context.now().toISOString();
    try {
      const result = await work(at);
      request.log.info({ event: type, outcome: 'ok', actorUserId: auth.actor.userId, ...target }, type);
      return result;
    } catch (error) {
      if (error instanceof ApiHttpError) {
        await insertAuditEvent(db, {
          at,
          type,
          outcome: error.code,
          actorUserId: auth.actor.userId,
          subjectUserId: target.subjectUserId ?? null,
          deviceId: target.deviceId ?? null,
          detail: target.detail,
        });
      }
      throw error;
    }
  }

  /** The user `id` if the actor may see them (404 otherwise) and manage them (403 otherwise). */
  async function manageableUser(tx: Queryable, actor: Actor, id: string): Promise<UserRecord> {
    const user = await findUserById(tx, id);
    if (user === undefined || !canSeeUser(actor, user)) throw notFound('user');
    if (!canManageUser(actor, user)) throw forbidden('You may not manage this user.');
    return user;
  }

  async function requireExistingCentres(tx: Queryable, centreIds: readonly string[]): Promise<void> {
    const existing = await existingCentreIds(tx, centreIds);
    if (centreIds.some((id) => !existing.has(id))) {
      throw httpError('invalid-request', 'Unknown centre.', {
        issues: [{ path: 'centreIds', message: 'errors.centreUnknown' }],
      });
    }
  }

  function requireCentreFor(role: Role, centreIds: readonly string[]): void {
    if (needsCentre(role) && centreIds.length === 0) {
      throw httpError('invalid-request', 'This role needs at least one centre.', {
        issues: [{ path: 'centreIds', message: 'errors.centreRequired' }],
      });
    }
  }

  /** Keeps at least one active administrator: `user` may not stop being one if they are the last. */
  async function requireAnotherAdministrator(tx: Queryable, user: UserRecord): Promise<void> {
    if (user.role !== 'administrateur' || user.disabledAt !== null) return;
    if ((await countActiveAdministrators(tx, user.id)) === 0) {
      throw httpError('conflict', 'This is the last active administrator.');
    }
  }

  /**
   * The actor as the tables say inside this transaction (under the account lock): their holds may
   * have changed since the request was authenticated, and they decide the holds this change puts.
   */
  async function actorNow(tx: Queryable, actor: Actor): Promise<Actor> {
    const record = await findUserById(tx, actor.userId);
    return record === undefined ? actor : actorOf(record);
  }

  /** Puts the holds a change by `actor` gives `user` in `centreIds`; answers the centres held. */
  async function holdJudicialAccess(
    tx: Queryable,
    actor: Actor,
    user: { id: string; role: Role },
    centreIds: readonly string[],
    at: string,
    reason: JudicialHoldReason,
  ): Promise<string[]> {
    const held = centresToHold(await actorNow(tx, actor), user, centreIds);
    await putJudicialHolds(tx, user.id, held, { heldAt: at, heldByUserId: actor.userId, reason });
    return held;
  }

  async function reloadUser(tx: Queryable, id: string): Promise<UserRecord> {
    const user = await findUserById(tx, id);
    if (user === undefined) throw new Error(`user ${id} vanished inside its own transaction`);
    return user;
  }

  /** Turns a unique violation raced past the checks into the same 409 the checks give. */
  async function conflictOnDuplicate<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw httpError('conflict', `This ${what} is already taken.`);
      throw error;
    }
  }

  return {
    listCentres: async ({ auth }) => ({ centres: await listCentres(db, centreScope(auth.actor)) }),

    createCentre: ({ body, auth, request }) =>
      change('centre-create', auth, request, { detail: { code: body.code } }, async (at) => {
        if (!canManageCentres(auth.actor)) throw forbidden('Only administrators manage centres.');
        const centre = await conflictOnDuplicate('centre code', () =>
          inTransaction(db, async (tx): Promise<Centre> => {
            if (await isCentreCodeTaken(tx, body.code))
              throw httpError('conflict', 'This centre code is already taken.');
            const created = await insertCentre(tx, { ...body, id: newId(), createdAt: at });
            await insertAuditEvent(tx, {
              at,
              type: 'centre-create',
              outcome: 'ok',
              actorUserId: auth.actor.userId,
              detail: { centreId: created.id, ...body },
            });
            return created;
          }),
        );
        return { centre };
      }),

    updateCentre: ({ id, body, auth, request }) =>
      change('centre-update', auth, request, { detail: { centreId: id } }, async (at) => {
        if (!canManageCentres(auth.actor)) throw forbidden('Only administrators manage centres.');
        const centre = await conflictOnDuplicate('centre code', () =>
          inTransaction(db, async (tx): Promise<Centre> => {
            const before = await findCentre(tx, id);
            if (before === undefined) throw notFound('centre');
            if (await isCentreCodeTaken(tx, body.code, id))
              throw httpError('conflict', 'This centre code is already taken.');
            await updateCentre(tx, id, body);
            await insertAuditEvent(tx, {
              at,
              type: 'centre-update',
              outcome: 'ok',
              actorUserId: auth.actor.userId,
              detail: { centreId: id, before, after: body },
            });
            return { ...before, ...body };
          }),
        );
        return { centre };
      }),

    listUsers: async ({ auth }) => {
      requireAdministration(auth.actor);
      const users = await listUsers(db);
      return { users: users.filter((user) => canSeeUser(auth.actor, user)).map(toUserSummary) };
    },

    createUser: ({ body, auth, request }) =>
      change('user-create', auth, request, { detail: { username: body.username, role: body.role } }, async (at) => {
        const { actor } = auth;
        requireAdministration(actor);
        const centreIds = unique(body.centreIds);
        requireCentreFor(body.role, centreIds);
        const userToBe: ManagedUser = { id: newId(), role: body.role, centreIds };
        if (!canManageUser(actor, userToBe)) {
          throw forbidden(
            assignableRoles(actor).includes(body.role)
              ? 'You may only create users of your own centres.'
              : 'You may not give this role.',
          );
        }
        if (await isUsernameTaken(db, body.username)) throw httpError('conflict', 'This username is already taken.');
        const oneTimePassword = generateOneTimePassword();
        const passwordHash = await context.passwords.hash(oneTimePassword);

        const user = await conflictOnDuplicate('username', () =>
          inTransaction(db, async (tx) => {
            await lockAccountChanges(tx);
            await requireExistingCentres(tx, centreIds);
            if (await isUsernameTaken(tx, body.username))
              throw httpError('conflict', 'This username is already taken.');
            await insertUser(tx, {
              id: userToBe.id,
              username: body.username,
              displayName: body.displayName,
              role: body.role,
              passwordHash,
              mustChangePassword: true,
              oneTimePasswordExpiresAt: new Date(Date.parse(at) + oneTimePasswordLifetimeMs).toISOString(),
              createdAt: at,
              centreIds,
            });
            const judicialHolds = await holdJudicialAccess(tx, actor, userToBe, centreIds, at, 'user-create');
            await insertAuditEvent(tx, {
              at,
              type: 'user-create',
              outcome: 'ok',
              actorUserId: actor.userId,
              subjectUserId: userToBe.id,
              username: body.username,
              detail: { role: body.role, centreIds, judicialHolds },
            });
            return reloadUser(tx, userToBe.id);
          }),
        );
        return { user: toUserSummary(user), oneTimePassword };
      }),

    updateUser: ({ id, body, auth, request }) =>
      change('user-update', auth, request, { subjectUserId: id }, async (at) => {
        const { actor } = auth;
        requireAdministration(actor);
        const user = await inTransaction(db, async (tx) => {
          await lockAccountChanges(tx);
          const before = await manageableUser(tx, actor, id);
          const role = body.role ?? before.role;
          const centreIds = body.centreIds === undefined ? before.centreIds : unique(body.centreIds);
          if (!canManageUser(actor, { id, role, centreIds })) {
            throw forbidden(
              assignableRoles(actor).includes(role)
                ? 'You may only give centres you serve.'
                : 'You may not give this role.',
            );
          }
          if (before.role === 'administrateur' && role !== 'administrateur') {
            if (id === actor.userId) {
              throw httpError('conflict', 'You cannot remove your own administrator role: ask another administrator.');
            }
            await requireAnotherAdministrator(tx, before);
          }
          requireCentreFor(role, centreIds);
          await requireExistingCentres(tx, centreIds);
          await updateUser(tx, id, {
            ...(body.displayName === undefined ? {} : { displayName: body.displayName }),
            role,
          });
          if (body.centreIds !== undefined) await setUserCentres(tx, id, centreIds);
          // Given a judicial role: every centre; otherwise the centres added.
          const becomesJudicial = hasJudicialRole(role) && !hasJudicialRole(before.role);
          const judicialHolds = await holdJudicialAccess(
            tx,
            actor,
            { id, role },
            becomesJudicial ? centreIds : centreIds.filter((centreId) => !before.centreIds.includes(centreId)),
            at,
            becomesJudicial ? 'role-change' : 'centre-added',
          );
          await insertAuditEvent(tx, {
            at,
            type: 'user-update',
            outcome: 'ok',
            actorUserId: actor.userId,
            subjectUserId: id,
            detail: {
              before: { displayName: before.displayName, role: before.role, centreIds: before.centreIds },
              after: { displayName: body.displayName ?? before.displayName, role, centreIds },
              judicialHolds,
            },
          });
          return reloadUser(tx, id);
        });
        return { user: toUserSummary(user) };
      }),

    disableUser: ({ id, auth, request }) =>
      change('user-disable', auth, request, { subjectUserId: id }, async (at) => {
        const { actor } = auth;
        requireAdministration(actor);
        const user = await inTransaction(db, async (tx) => {
          await lockAccountChanges(tx);
          const target = await manageableUser(tx, actor, id);
          if (id === actor.userId) throw httpError('conflict', 'You cannot disable your own account.');
          if (target.disabledAt !== null) return target;
          await requireAnotherAdministrator(tx, target);
          await updateUser(tx, id, { disabledAt: at });
          const ended = await endSessions(tx, { userId: id }, at, 'user-disabled');
          // No PC may recover this user's data key any more (docs/security.md).
          await deleteDeviceUserSecrets(tx, { userId: id });
          await insertAuditEvent(tx, {
            at,
            type: 'user-disable',
            outcome: 'ok',
            actorUserId: actor.userId,
            subjectUserId: id,
            detail: { sessionsEnded: ended },
          });
          return reloadUser(tx, id);
        });
        return { user: toUserSummary(user) };
      }),

    enableUser: ({ id, auth, request }) =>
      change('user-enable', auth, request, { subjectUserId: id }, async (at) => {
        const { actor } = auth;
        requireAdministration(actor);
        const user = await inTransaction(db, async (tx) => {
          await lockAccountChanges(tx);
          const target = await manageableUser(tx, actor, id);
          if (target.disabledAt === null) return target;
          await updateUser(tx, id, { disabledAt: null });
          await insertAuditEvent(tx, {
            at,
            type: 'user-enable',
            outcome: 'ok',
            actorUserId: actor.userId,
            subjectUserId: id,
          });
          return reloadUser(tx, id);
        });
        return { user: toUserSummary(user) };
      }),

    resetPassword: ({ id, auth, request }) =>
      change('password-reset', auth, request, { subjectUserId: id }, async (at) => {
        const { actor } = auth;
        requireAdministration(actor);
        // Checked once before the (slow) hash so a refused call costs nothing, and again in the transaction.
        await manageableUser(db, actor, id);
        const oneTimePassword = generateOneTimePassword();
        const passwordHash = await context.passwords.hash(oneTimePassword);
        await inTransaction(db, async (tx) => {
          await lockAccountChanges(tx);
          const target = await manageableUser(tx, actor, id);
          await updateUser(tx, id, {
            passwordHash,
            mustChangePassword: true,
            oneTimePasswordExpiresAt: new Date(Date.parse(at) + oneTimePasswordLifetimeMs).toISOString(),
          });
          const ended = await endSessions(tx, { userId: id }, at, 'password-reset');
          // Whoever holds the one-time password now must not be the one who lifts the hold.
          const judicialHolds = await holdJudicialAccess(tx, actor, target, target.centreIds, at, 'password-reset');
          await insertAuditEvent(tx, {
            at,
            type: 'password-reset',
            outcome: 'ok',
            actorUserId: actor.userId,
            subjectUserId: id,
            detail: { sessionsEnded: ended, judicialHolds },
          });
        });
        return { oneTimePassword };
      }),

    confirmJudicialAccess: ({ id, body, auth, request }) =>
      change(
        'judicial-confirm',
        auth,
        request,
        { subjectUserId: id, detail: { centreId: body.centreId } },
        async (at) => {
          const { actor } = auth;
          requireAdministration(actor);
          const user = await inTransaction(db, async (tx) => {
            await lockAccountChanges(tx);
            const target = await findUserById(tx, id);
            if (target === undefined || !canSeeUser(actor, target)) throw notFound('user');
            const hold = target.judicialHolds.find((candidate) => candidate.centreId === body.centreId);
            const decision = judicialConfirmation(
              await actorNow(tx, actor),
              target,
              body.centreId,
              await hasJudicialCoordinator(tx, body.centreId),
            );
            if (!decision.ok) {
              switch (decision.error) {
                case 'not-held':
                  throw httpError('conflict', 'This account has no judicial hold in this centre.');
                case 'one-time-password':
                  throw httpError(
                    'conflict',
                    'The account still signs in with its one-time password: confirm once its holder has chosen theirs.',
                  );
                case 'own-account':
                  throw forbidden('You may not confirm your own judicial access.');
                case 'not-allowed':
                  throw forbidden(
                    'Only a centre coordinator of this centre with judicial access confirms it; an administrator other than the one who put the hold, while the centre has none.',
                  );
              }
            }
            await deleteJudicialHold(tx, id, body.centreId);
            await insertAuditEvent(tx, {
              at,
              type: 'judicial-confirm',
              outcome: 'ok',
              actorUserId: actor.userId,
              subjectUserId: id,
              detail: {
                centreId: body.centreId,
                by: decision.value,
                heldByUserId: hold?.heldByUserId,
                heldAt: hold?.heldAt,
              },
            });
            return reloadUser(tx, id);
          });
          return { user: toUserSummary(user) };
        },
      ),

    listDevices: async ({ auth }) => {
      requireAdministration(auth.actor);
      const devices = await listDeviceSummaries(db);
      return { devices: devices.filter((device) => canManageDevice(auth.actor, device)) };
    },

    revokeDevice: ({ id, auth, request }) =>
      change('device-revoke', auth, request, { deviceId: id }, async (at) => {
        const { actor } = auth;
        requireAdministration(actor);
        const device = await inTransaction(db, async (tx) => {
          const before = await findDeviceSummary(tx, id);
          if (before === undefined || !canManageDevice(actor, before)) throw notFound('device');
          if (before.revokedAt !== null) return before;
          await revokeDevice(tx, id, at, actor.userId);
          const ended = await endSessions(tx, { deviceId: id }, at, 'device-revoked');
          // Nobody's data key on that PC can be recovered through the server any more.
          await deleteDeviceUserSecrets(tx, { deviceId: id });
          await insertAuditEvent(tx, {
            at,
            type: 'device-revoke',
            outcome: 'ok',
            actorUserId: actor.userId,
            subjectUserId: before.registeredByUserId,
            deviceId: id,
            detail: { sessionsEnded: ended },
          });
          return { ...before, revokedAt: at };
        });
        return { device };
      }),

    approveDevice: ({ id, auth, request }) =>
      change('device-approve', auth, request, { deviceId: id }, async (at) => {
        const { actor } = auth;
        requireAdministration(actor);
        const device = await inTransaction(db, async (tx) => {
          const before = await findDeviceSummary(tx, id);
          if (before === undefined || !canManageDevice(actor, before)) throw notFound('device');
          const registeredBy = {
            id: before.registeredByUserId,
            role: before.registeredByRole,
            centreIds: before.registeredByCentreIds,
          };
          if (!canApproveDevice(actor, before, registeredBy)) {
            throw forbidden('Only an administrator, or a coordinator of its user, approves this PC.');
          }
          if (before.revokedAt !== null) throw httpError('conflict', 'This PC has been revoked.');
          if (!before.isPendingApproval) return before;
          await approveDevice(tx, id, at, actor.userId);
          await insertAuditEvent(tx, {
            at,
            type: 'device-approve',
            outcome: 'ok',
            actorUserId: actor.userId,
            subjectUserId: before.registeredByUserId,
            deviceId: id,
            detail: { name: before.name, centreId: before.centreId },
          });
          return { ...before, isPendingApproval: false, approvedAt: at };
        });
        return { device };
      }),
  };
}

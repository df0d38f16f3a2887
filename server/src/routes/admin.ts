/**
 * The administration routes: centres, users and PCs. Every rule comes from
 * `shared/auth/authorization.ts`, applied to the actor and targets as the server's tables hold
 * them. An id the actor may not see answers 404 like an id that does not exist, so nothing
 * leaks across centres. Each change is one transaction (checks included, so no concurrent
 * change slips between a check and its write) and writes its audit row in it; refused
 * changes are audited too.
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
import type { Role } from '../../../shared/auth/roles';
import type { Centre } from '../../../shared/auth/schemas';
import { newId } from '../../../shared/ids/uuidv7';
import type { Authenticated } from '../auth/authenticate';
import { generateOneTimePassword, hashPassword } from '../auth/passwords';
import type { ServerContext } from '../context';
import {
  countActiveAdministrators,
  endSessions,
  existingCentreIds,
  findCentre,
  findDeviceSummary,
  findUserById,
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
  revokeDevice,
  setUserCentres,
  toUserSummary,
  updateCentre,
  updateUser,
} from '../db';
import type { Queryable, UserRecord } from '../db';
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
  | 'listDevices'
  | 'revokeDevice';

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
        const passwordHash = await hashPassword(oneTimePassword);

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
            await insertAuditEvent(tx, {
              at,
              type: 'user-create',
              outcome: 'ok',
              actorUserId: actor.userId,
              subjectUserId: userToBe.id,
              username: body.username,
              detail: { role: body.role, centreIds },
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
          await insertAuditEvent(tx, {
            at,
            type: 'user-update',
            outcome: 'ok',
            actorUserId: actor.userId,
            subjectUserId: id,
            detail: {
              before: { displayName: before.displayName, role: before.role, centreIds: before.centreIds },
              after: { displayName: body.displayName ?? before.displayName, role, centreIds },
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
        const passwordHash = await hashPassword(oneTimePassword);
        await inTransaction(db, async (tx) => {
          await lockAccountChanges(tx);
          await manageableUser(tx, actor, id);
          await updateUser(tx, id, {
            passwordHash,
            mustChangePassword: true,
            oneTimePasswordExpiresAt: new Date(Date.parse(at) + oneTimePasswordLifetimeMs).toISOString(),
          });
          const ended = await endSessions(tx, { userId: id }, at, 'password-reset');
          await insertAuditEvent(tx, {
            at,
            type: 'password-reset',
            outcome: 'ok',
            actorUserId: actor.userId,
            subjectUserId: id,
            detail: { sessionsEnded: ended },
          });
        });
        return { oneTimePassword };
      }),

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
  };
}

import type { Role } from './roles';
import { roleRank } from './roles';

/**
 * Who may see and change what, for which centres: the one place these rules live. The server
 * enforces them on every route from its own data (never the client's claims); the screens use
 * them to hide what a user may not do.
 */
export type Actor = {
  userId: string;
  role: Role;
  centreIds: readonly string[];
  /**
   * The centres where the actor's judicial access waits for confirmation (shared/auth/restricted.ts):
   * filled by the server from its own tables at each request, and for the screens from the profile
   * the server sent.
   */
  judicialHoldCentreIds: readonly string[];
};

export type ManagedUser = { id: string; role: Role; centreIds: readonly string[] };

export const isAdministrator = (actor: Actor): boolean => actor.role === 'administrateur';
const isCoordinator = (actor: Actor): boolean =>
  actor.role === 'coordinateur_centre' || actor.role === 'coordinateur_regional';

/** Centres whose records the actor may read and change; `'all'` for administrators. */
export function centreScope(actor: Actor): 'all' | readonly string[] {
  return isAdministrator(actor) ? 'all' : actor.centreIds;
}

export function canAccessCentre(actor: Actor, centreId: string): boolean {
  const scope = centreScope(actor);
  return scope === 'all' || scope.includes(centreId);
}

/**
 * May the actor register a new person? The record belongs to one of the centres the actor works
 * for (its sync scope, chosen in the form among the actor's own centres), so an account attached to
 * none — an administrator of headquarters — has nowhere to put it: seeing every centre is not
 * working for one. The screens offer *Nouveau bénéficiaire* only when this says yes.
 */
export function canRegisterBeneficiary(actor: Actor): boolean {
  return actor.centreIds.length > 0;
}

/** Centres: everyone reads the centres they serve; only administrators create or change them. */
export const canManageCentres = isAdministrator;

/** The administration screens: administrators, and coordinators for their own centres. */
export function canOpenAdministration(actor: Actor): boolean {
  return isAdministrator(actor) || isCoordinator(actor);
}

/**
 * The audit trail (sign-ins, administration, sync, consultations of judicial data, exports): read,
 * exported and verified by administrators only. Coordinators administer their centres' accounts
 * but do not read who consulted what; nobody reads it through the PCs' synced data.
 */
export const canReadAudit = isAdministrator;

/** Which roles the actor may give to a user (never above their own; administrators any). */
export function assignableRoles(actor: Actor): Role[] {
  if (isAdministrator(actor)) return ['conseiller', 'coordinateur_centre', 'coordinateur_regional', 'administrateur'];
  if (!isCoordinator(actor)) return [];
  return (['conseiller', 'coordinateur_centre', 'coordinateur_regional'] as const).filter(
    (role) => roleRank[role] < roleRank[actor.role],
  );
}

/**
 * May the actor create, change, disable or reset `target` (as it is, and as it would become)?
 * Coordinators: only lower roles, only users all of whose centres they serve, never themselves.
 */
export function canManageUser(actor: Actor, target: ManagedUser): boolean {
  if (isAdministrator(actor)) return true;
  if (!isCoordinator(actor) || target.id === actor.userId) return false;
  if (!assignableRoles(actor).includes(target.role)) return false;
  return target.centreIds.length > 0 && target.centreIds.every((id) => actor.centreIds.includes(id));
}

/** May the actor see this user in the list (their centres' users, or all for administrators)? */
export function canSeeUser(actor: Actor, target: ManagedUser): boolean {
  if (isAdministrator(actor)) return true;
  if (!isCoordinator(actor)) return target.id === actor.userId;
  return target.id === actor.userId || target.centreIds.some((id) => actor.centreIds.includes(id));
}

/** Devices belong to the centre of the user who registered them; administrators see all. */
export function canManageDevice(actor: Actor, device: { centreId: string | null }): boolean {
  if (isAdministrator(actor)) return true;
  if (!isCoordinator(actor) || device.centreId === null) return false;
  return actor.centreIds.includes(device.centreId);
}

/**
 * May the actor approve a PC registered as pending (beyond the registrations a user may make on
 * their own, server/src/auth/deviceRegistration.ts)? Administrators, and the coordinators who
 * manage the user who registered it, in the PC's centre: never that user themselves, for whom
 * approving would undo the limit.
 */
export function canApproveDevice(
  actor: Actor,
  device: { centreId: string | null },
  registeredBy: ManagedUser,
): boolean {
  if (isAdministrator(actor)) return true;
  return canManageDevice(actor, device) && canManageUser(actor, registeredBy);
}

/** Every role but the administrator works for at least one centre. */
export function needsCentre(role: Role): boolean {
  return role !== 'administrateur';
}

/**
 * Whether a PC's server address may change now (docs/security.md, "A PC's life"): freely while the
 * PC is registered with no server (setting up a new PC); once registered, only while an
 * administrator is signed in online (`signedInRole`: the role of the open session, if any). Both
 * hosts ask it: the desktop's settings channel and the browser host.
 */
export function mayChangeServerAddress(isRegistered: boolean, signedInRole: Role | undefined): boolean {
  return !isRegistered || signedInRole === 'administrateur';
}

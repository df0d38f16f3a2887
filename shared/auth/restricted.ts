import type { Actor } from './authorization';
import { canAccessCentre, isAdministrator } from './authorization';
import type { Role } from './roles';
import { failure, ok, type Result } from '../result';

/**
 * Who may read and change restricted rows (detention and judicial data, law 09-08: "restrict
 * judicial fields to the roles that need them"). Decided per row — its centre — and actor: the
 * counsellors and centre coordinators who accompany the person, in their own centres, unless their
 * access there is on **judicial hold**. The regional coordinators and headquarters read figures,
 * not judicial detail, and never receive these rows. The server applies this on pull and push
 * (server/src/sync) with the actor it reads from its own tables, holds included; the screens hide
 * what it refuses; nothing else decides.
 *
 * The hold closes a way around the restriction: an account given a judicial role in a centre by
 * someone without judicial access there (created, reset, changed to such a role, or given the
 * centre) could otherwise be signed into by the one who was handed its one-time password. Its
 * judicial access in that centre waits until a centre coordinator of the centre who has judicial
 * access confirms it — or, while the centre has none, an administrator other than the one who put
 * the hold (four eyes). Everything else works normally meanwhile.
 */
export type RowAccess = 'centre' | 'judicial';

export const judicialRoles: readonly Role[] = ['conseiller', 'coordinateur_centre'];

/** Is this a role that works with judicial data (where it is not on hold)? */
export function hasJudicialRole(role: Role): boolean {
  return judicialRoles.includes(role);
}

/** The actor's access to judicial data in a centre: none, on hold until confirmed, or granted. */
export type JudicialAccess = 'none' | 'on-hold' | 'granted';

export function judicialAccessIn(actor: Actor, centreId: string): JudicialAccess {
  if (!hasJudicialRole(actor.role) || !actor.centreIds.includes(centreId)) return 'none';
  return actor.judicialHoldCentreIds.includes(centreId) ? 'on-hold' : 'granted';
}

export function hasJudicialAccess(actor: Actor, centreId: string): boolean {
  return judicialAccessIn(actor, centreId) === 'granted';
}

/** May the actor read and change a row of this access class in this centre? */
export function canAccessRow(actor: Actor, access: RowAccess, centreId: string): boolean {
  if (!canAccessCentre(actor, centreId)) return false;
  return access === 'centre' || hasJudicialAccess(actor, centreId);
}

/**
 * The centres where an account change by `actor` puts `user` on judicial hold: those among
 * `centreIds` (the centres the change gives or renews — all of the user's on a creation, a reset
 * or a change to a judicial role; the new ones on a change of centres) where the user has a
 * judicial role and the actor has no judicial access. A judicial actor's own changes hold nothing.
 */
export function centresToHold(actor: Actor, user: { role: Role }, centreIds: readonly string[]): string[] {
  if (!hasJudicialRole(user.role)) return [];
  return [...new Set(centreIds)].filter((centreId) => !hasJudicialAccess(actor, centreId));
}

/** A hold as the server keeps it: which centre, who put it (the actor of the change), when. */
export type JudicialHold = { centreId: string; heldByUserId: string; heldAt: string };

/** A user as the confirmation rule needs them (a user summary, or the server's record). */
export type HeldUser = {
  id: string;
  role: Role;
  centreIds: readonly string[];
  judicialHolds: readonly JudicialHold[];
  /** A one-time password not yet replaced: whoever was handed it could still be the one signing in. */
  mustChangePassword: boolean;
  disabledAt: string | null;
};

/** An active centre coordinator of the centre with judicial access there: who confirms its holds. */
export function isJudicialCoordinatorOf(
  user: Pick<HeldUser, 'role' | 'centreIds' | 'judicialHolds' | 'disabledAt'>,
  centreId: string,
): boolean {
  return (
    user.role === 'coordinateur_centre' &&
    user.disabledAt === null &&
    user.centreIds.includes(centreId) &&
    !user.judicialHolds.some((hold) => hold.centreId === centreId)
  );
}

/**
 * How `actor` may lift `user`'s hold in `centreId`, or why not:
 * - `coordinator`: the actor is a centre coordinator of that centre with judicial access;
 * - `four-eyes`: the centre has no such coordinator yet (`centreHasJudicialCoordinator` false, read
 *   from the server's tables) and the actor is an administrator who did not put the hold;
 * - refusals: `not-held`, `own-account`, `one-time-password` (the account still signs in with the
 *   one-time password the holder was handed: it must be replaced by its holder first), `not-allowed`.
 */
export type HoldConfirmation = Result<
  'coordinator' | 'four-eyes',
  'not-held' | 'own-account' | 'one-time-password' | 'not-allowed'
>;

export function judicialConfirmation(
  actor: Actor,
  user: HeldUser,
  centreId: string,
  centreHasJudicialCoordinator: boolean,
): HoldConfirmation {
  const hold = user.judicialHolds.find((candidate) => candidate.centreId === centreId);
  if (hold === undefined || !user.centreIds.includes(centreId)) return failure('not-held');
  if (user.id === actor.userId) return failure('own-account');
  let by: 'coordinator' | 'four-eyes' | undefined;
  if (actor.role === 'coordinateur_centre' && hasJudicialAccess(actor, centreId)) by = 'coordinator';
  else if (isAdministrator(actor) && !centreHasJudicialCoordinator && hold.heldByUserId !== actor.userId) {
    by = 'four-eyes';
  }
  if (by === undefined) return failure('not-allowed');
  if (user.mustChangePassword) return failure('one-time-password');
  return ok(by);
}

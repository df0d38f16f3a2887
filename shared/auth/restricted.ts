import type { Actor } from './authorization';
import { canAccessCentre } from './authorization';
import type { Role } from './roles';

/**
 * Who may read and change restricted rows (detention and judicial data, law 09-08: "restrict
 * judicial fields to the roles that need them"). Decided per row — its centre — and role:
 * the counsellors and centre coordinators who accompany the person, in their own centres. The
 * regional coordinators and headquarters read figures, not judicial detail, and never receive
 * these rows. The server applies this on pull and push (server/src/sync), the screens hide what
 * it refuses; nothing else decides.
 */
export type RowAccess = 'centre' | 'judicial';

export const judicialRoles: readonly Role[] = ['conseiller', 'coordinateur_centre'];

export function canSeeJudicialData(role: Role): boolean {
  return judicialRoles.includes(role);
}

/** May the actor read and change a row of this access class in this centre? */
export function canAccessRow(actor: Actor, access: RowAccess, centreId: string): boolean {
  if (!canAccessCentre(actor, centreId)) return false;
  return access === 'centre' || canSeeJudicialData(actor.role);
}

import {
  assignableRoles,
  canApproveDevice,
  canManageDevice,
  canManageUser,
  canSeeUser,
  centreScope,
  type Actor,
} from '../../../shared/auth/authorization';
import { isJudicialCoordinatorOf, judicialConfirmation } from '../../../shared/auth/restricted';
import type { Role } from '../../../shared/auth/roles';
import type { Centre, DeviceSummary, UserSummary } from '../../../shared/auth/schemas';
import { localeOf, type Language } from '../../../shared/i18n/language';
import { regionCodes, regions, type RegionCode } from '../../../shared/reference/regions';

/**
 * The pure part of the administration screens: ordering, labels, and which actions a row
 * offers. Permissions come from shared/auth/authorization.ts only; nothing here re-decides them.
 */

function collator(language: Language): Intl.Collator {
  return new Intl.Collator(localeOf[language], { sensitivity: 'base', numeric: true });
}

export function regionName(code: RegionCode, language: Language): string {
  return regions.find((r) => r.code === code)?.name[language] ?? code;
}

/** The region options of a Select, in the order of the décret (north to south). */
export function regionOptions(language: Language): { value: RegionCode; label: string }[] {
  return regions.map((r) => ({ value: r.code, label: r.name[language] }));
}

/** A Select gives a string: keep it only if it is a region code. */
export function toRegionCode(value: string | null): RegionCode | undefined {
  return regionCodes.find((code) => code === value);
}

export function sortCentres(centres: readonly Centre[]): Centre[] {
  const byCode = collator('fr');
  return [...centres].sort((a, b) => byCode.compare(a.code, b.code));
}

/** Users by display name (in the current language's order), then username. */
export function sortUsers(users: readonly UserSummary[], language: Language): UserSummary[] {
  const order = collator(language);
  return [...users].sort(
    (a, b) => order.compare(a.displayName, b.displayName) || order.compare(a.username, b.username),
  );
}

/** Active devices first, then by name. */
export function sortDevices(devices: readonly DeviceSummary[], language: Language): DeviceSummary[] {
  const order = collator(language);
  return [...devices].sort(
    (a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || order.compare(a.name, b.name),
  );
}

/**
 * The codes of a user's centres, sorted, and how many of them the actor cannot see (a
 * coordinator sees a user who shares one of their centres, not the user's other centres).
 */
export function centreCodesOf(
  centreIds: readonly string[],
  centres: readonly Centre[],
): { codes: string[]; hiddenCount: number } {
  const codeById = new Map(centres.map((c) => [c.id, c.code]));
  const codes: string[] = [];
  let hiddenCount = 0;
  for (const id of new Set(centreIds)) {
    const code = codeById.get(id);
    if (code === undefined) hiddenCount += 1;
    else codes.push(code);
  }
  return { codes: codes.sort(collator('fr').compare), hiddenCount };
}

/**
 * What the *Centres* column says of a user: the codes (and how many are out of the actor's
 * sight), or that the user works for all centres (an administrator's scope), or for none.
 */
export function userCentresSummary(
  user: Pick<UserSummary, 'id' | 'role' | 'centreIds'>,
  centres: readonly Centre[],
): { kind: 'codes'; codes: string[]; hiddenCount: number } | { kind: 'all' } | { kind: 'none' } {
  const { codes, hiddenCount } = centreCodesOf(user.centreIds, centres);
  if (codes.length > 0 || hiddenCount > 0) return { kind: 'codes', codes, hiddenCount };
  const scope = centreScope({ userId: user.id, role: user.role, centreIds: user.centreIds, judicialHoldCentreIds: [] });
  return scope === 'all' ? { kind: 'all' } : { kind: 'none' };
}

export function centreCodeOf(centreId: string | null, centres: readonly Centre[]): string | null {
  if (centreId === null) return null;
  return centres.find((c) => c.id === centreId)?.code ?? null;
}

/**
 * The centres a user may be attached to in a form: the actor's visible centres (what
 * `listCentres` answered), sorted by code. Ids already on the user but not visible are kept
 * (labelled by id) so that saving never drops them silently.
 */
export function centreOptions(
  centres: readonly Centre[],
  language: Language,
  selectedIds: readonly string[] = [],
): { value: string; label: string }[] {
  const options = sortCentres(centres).map((c) => ({
    value: c.id,
    label: `${c.code} — ${language === 'ar' ? c.nameAr : c.nameFr}`,
  }));
  const known = new Set(centres.map((c) => c.id));
  const unknown = selectedIds.filter((id) => !known.has(id)).map((id) => ({ value: id, label: id }));
  return [...options, ...unknown];
}

/** A new user of a coordinator with a single centre is most likely for that centre. */
export function defaultCentreIds(centres: readonly Centre[]): string[] {
  return centres.length === 1 && centres[0] ? [centres[0].id] : [];
}

/**
 * The roles a form offers: those the actor may assign, and the user's current role if it is
 * not among them (so the form shows it rather than an empty field).
 */
export function roleOptions(actor: Actor, currentRole?: Role): Role[] {
  const roles = assignableRoles(actor);
  return currentRole === undefined || roles.includes(currentRole) ? roles : [...roles, currentRole];
}

/** The first role a new user gets in the form: the least privileged the actor may assign. */
export function defaultRole(actor: Actor): Role | undefined {
  return assignableRoles(actor)[0];
}

export function canCreateUsers(actor: Actor): boolean {
  return assignableRoles(actor).length > 0;
}

/** The users the list shows: those the rules let the actor see (the server already filters). */
export function visibleUsers(actor: Actor, users: readonly UserSummary[]): UserSummary[] {
  return users.filter((user) => canSeeUser(actor, user));
}

export type UserRowActions = {
  edit: boolean;
  /** Disable an active account, re-enable a disabled one; null when the actor may do neither. */
  toggle: 'disable' | 'enable' | null;
  /** Only for active accounts: a disabled user could not sign in with the one-time password. */
  resetPassword: boolean;
};

export function userRowActions(actor: Actor, user: UserSummary): UserRowActions {
  if (!canManageUser(actor, user)) return { edit: false, toggle: null, resetPassword: false };
  const isActive = user.disabledAt === null;
  return { edit: true, toggle: isActive ? 'disable' : 'enable', resetPassword: isActive };
}

export function canRevokeDevice(actor: Actor, device: DeviceSummary): boolean {
  return device.revokedAt === null && canManageDevice(actor, device);
}

/** A PC registered beyond its user's allowance, which this actor may let sign in. */
export function canApprovePendingDevice(actor: Actor, device: DeviceSummary): boolean {
  return (
    device.isPendingApproval &&
    device.revokedAt === null &&
    canApproveDevice(actor, device, {
      id: device.registeredByUserId,
      role: device.registeredByRole,
      centreIds: device.registeredByCentreIds,
    })
  );
}

/**
 * What the list says and offers about a user's judicial holds (shared/auth/restricted.ts): per
 * held centre, whether this actor may confirm it now (`by`), or would once the one-time password
 * is replaced. Whether the centre has a judicial coordinator is read from the list itself: an
 * administrator sees every user, a coordinator every user of their centres.
 */
export type HoldRow = { centreId: string; by: 'coordinator' | 'four-eyes' | null; waitsForPassword: boolean };

export function judicialHoldRows(actor: Actor, user: UserSummary, users: readonly UserSummary[]): HoldRow[] {
  return user.judicialHolds.map(({ centreId }) => {
    const hasCoordinator = users.some((other) => other.id !== user.id && isJudicialCoordinatorOf(other, centreId));
    const decision = judicialConfirmation(actor, user, centreId, hasCoordinator);
    if (decision.ok) return { centreId, by: decision.value, waitsForPassword: false };
    const onceChanged = judicialConfirmation(actor, { ...user, mustChangePassword: false }, centreId, hasCoordinator);
    return { centreId, by: null, waitsForPassword: decision.error === 'one-time-password' && onceChanged.ok };
  });
}

/**
 * A field the form's default values leave empty (a Select with nothing chosen yet) is undefined
 * at run time, whatever its schema type says; Mantine wants null for "nothing chosen".
 */
export function orNull<T>(value: T | undefined): T | null {
  return value ?? null;
}

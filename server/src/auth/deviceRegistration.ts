/**
 * How many PCs a user may register on their own. Each sign-in without a device token registers a
 * new PC (once the password is right), so without a limit a stolen password registers as many PCs
 * as its thief likes. Beyond `count` PCs registered by the same user within `periodDays` (revoked
 * ones not counted, pending ones counted), a new PC is registered as **pending**: its sign-ins are
 * refused `device-pending` until an administrator, or a coordinator who manages that user, approves
 * it in Administration › Postes (`canApproveDevice`, audited).
 *
 * 3 in 30 days: a counsellor has their PC, perhaps a shared one at the préfecture and a replacement;
 * a fourth within a month is unusual enough to be worth a look. A server can change the count
 * (`MASAR_NEW_PC_ALLOWANCE`).
 */
export interface NewPcAllowance {
  count: number;
  periodDays: number;
}

export const defaultNewPcAllowance: NewPcAllowance = { count: 3, periodDays: 30 };

/** The instant from which a user's registrations count against the allowance. */
export function allowanceWindowStart(now: Date, allowance: NewPcAllowance): string {
  return new Date(now.getTime() - allowance.periodDays * 24 * 60 * 60 * 1000).toISOString();
}

/** Does a new PC, after `recent` registrations in the window, wait for an approval? */
export function isBeyondAllowance(recent: number, allowance: NewPcAllowance): boolean {
  return recent >= allowance.count;
}

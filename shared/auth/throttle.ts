/**
 * The delay before the next sign-in attempt after consecutive failures, the same on the server
 * and on the PC (offline sign-in and unlock): free for the first `free` failures (four, for one
 * account on one PC), then 1 s, 2 s, 4 s… up to 15 minutes. Growing delays, never a permanent
 * lock: nobody can lock a colleague out for good by typing wrong passwords under their name. The
 * server also counts per account across all PCs and per client address, each with a larger free
 * allowance (server/src/auth/throttle.ts).
 */
export const freeFailures = 4;
export const maximumDelayMs = 15 * 60 * 1000;

export function throttleDelayMs(consecutiveFailures: number, free: number = freeFailures): number {
  if (consecutiveFailures <= free) return 0;
  return Math.min(2 ** Math.min(consecutiveFailures - free - 1, 30) * 1000, maximumDelayMs);
}

/**
 * Failed offline attempts (sign-in and unlock, on this PC) after which the PC refuses them until
 * one online sign-in (`online-sign-in-required`): the server, which counts across PCs and knows a
 * changed or reset password, decides from then on. The growing delays alone would let a thief
 * with the PC keep guessing, slowly, for ever; the wrapped data key must not get that.
 */
export const offlineFailureLimit = 10;

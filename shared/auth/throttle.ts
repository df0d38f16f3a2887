/**
 * The delay before the next sign-in attempt after consecutive failures, the same on the server
 * (per account) and on the PC (offline sign-in and unlock): free for the first four, then 1 s,
 * 2 s, 4 s… up to 15 minutes. Growing delays, never a permanent lock: nobody can lock a
 * colleague out for good by typing wrong passwords under their name.
 */
export const freeFailures = 4;
export const maximumDelayMs = 15 * 60 * 1000;

export function throttleDelayMs(consecutiveFailures: number): number {
  if (consecutiveFailures <= freeFailures) return 0;
  return Math.min(2 ** (consecutiveFailures - freeFailures - 1) * 1000, maximumDelayMs);
}

/**
 * The server's side of the sign-in throttle. The delays are `shared/auth/throttle.ts` (the same
 * on the PC): failures 1 to 4 cost nothing; from the 5th consecutive failure the next attempt
 * is allowed only 2^(failures − 5) seconds later, at most 15 minutes. A correct password resets
 * the count.
 *
 * The count is kept per ACCOUNT AND PC, never per IP address: a whole centre reaches the server
 * through one IP, and one person typing wrong passwords must not lock colleagues out. The key
 * is `username|<device id>` when the request carries a genuine device token (its secret
 * checked), `username|new-device` otherwise: someone guessing a user's password from an
 * unknown PC (or with a forged token) never delays that user on their own registered PC, while
 * guesses from every unknown PC share one counter.
 */
import { throttleDelayMs } from '../../../shared/auth/throttle';

export function throttleKey(username: string, deviceId: string | undefined): string {
  return `${username}|${deviceId ?? 'new-device'}`;
}

export function nextAllowedAt(failures: number, now: Date): Date {
  return new Date(now.getTime() + throttleDelayMs(failures));
}

/** Whole seconds until `nextAllowedAt`, at least 1. */
export function retryAfterSeconds(nextAllowedAtIso: string, now: Date): number {
  return Math.max(1, Math.ceil((Date.parse(nextAllowedAtIso) - now.getTime()) / 1000));
}

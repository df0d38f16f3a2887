/**
 * The server's side of the sign-in throttle. Delays are `shared/auth/throttle.ts` (the same on the
 * PC): after a counter's free failures, the next attempt is allowed only 1 s, 2 s, 4 s… later, at
 * most 15 minutes; never a permanent lock. A correct password resets the counters of its attempt.
 *
 * Every attempt counts on three counters at once, and is refused while any of them is waiting:
 *
 * 1. **this account on this PC** (`pc:<username>|<device id>`, or `|new-device` without a genuine
 *    device token): 4 free failures. The user's own typing mistakes meet this one first;
 * 2. **this account, whatever the PC** (`account:<username>`): 10 free failures. Without it, every
 *    PC gave fresh attempts: 8 PCs registered with one's own account gave 32 guesses on a colleague's
 *    in under a second;
 * 3. **this client address** (`address:<IP>`, an IPv6 address by its /64, which one machine usually
 *    holds whole): 20 free failures. Against guessing many accounts' passwords from one place, which
 *    the per-account counters do not see.
 *
 * The trade-offs, decided on purpose (docs/architecture.md, "Accounts, devices and signing in"):
 * someone guessing a user's password from elsewhere now also delays that user on their own PC once
 * the account's allowance is spent — bounded (15 minutes at most, and their own correct password
 * resets it), and the price of a guess count that PCs cannot multiply. A whole centre reaches the
 * server through one address: its allowance is five times a user's, and any colleague's correct
 * password from that address resets it, so one person's mistakes do not delay the others. The
 * address is the TCP peer's unless the server is configured to trust a reverse proxy
 * (`MASAR_TRUST_PROXY`, config.ts): a forwarded header from anyone else is ignored.
 */
import { isIPv6 } from 'node:net';
import { throttleDelayMs } from '../../../shared/auth/throttle';

export const throttleAllowances = { pc: 4, account: 10, address: 20 } as const;
export type ThrottleCounter = keyof typeof throttleAllowances;

export interface ThrottleRule {
  counter: ThrottleCounter;
  key: string;
  /** When the next attempt is allowed after `failures` consecutive failures. */
  nextAllowedAt: (failures: number, now: Date) => Date;
}

function rule(counter: ThrottleCounter, key: string): ThrottleRule {
  return {
    counter,
    key,
    nextAllowedAt: (failures, now) => new Date(now.getTime() + throttleDelayMs(failures, throttleAllowances[counter])),
  };
}

/**
 * The counter key of a client address: IPv4 as it is (also when mapped into IPv6), IPv6 by its
 * first 64 bits — a single machine or home is usually given a whole /64, and counting each of its
 * addresses apart would give it 2^64 fresh allowances.
 */
export function addressKey(ip: string): string {
  const address = ip.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::', 2);
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = address.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = address.includes('::')
    ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The three counters of a sign-in (or of a password change: the current password is guessable too). */
export function signInThrottleRules(username: string, deviceId: string | undefined, ip: string): ThrottleRule[] {
  return [
    rule('pc', `pc:${username}|${deviceId ?? 'new-device'}`),
    rule('account', `account:${username}`),
    rule('address', `address:${addressKey(ip)}`),
  ];
}

/** Whole seconds until `nextAllowedAt`, at least 1. */
export function retryAfterSeconds(nextAllowedAtIso: string, now: Date): number {
  return Math.max(1, Math.ceil((Date.parse(nextAllowedAtIso) - now.getTime()) / 1000));
}

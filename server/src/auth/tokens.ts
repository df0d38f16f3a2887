/**
 * The bearer secrets of the protocol: session tokens and device secrets are 32 random bytes in
 * base64url; the server stores only their SHA-256. Parses the two credential headers of
 * `shared/api/errors.ts` (`authorization: Bearer <token>`, `x-masar-device: <id>.<secret>`).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { idSchema } from '../../../shared/auth/schemas';

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Compares a presented secret with a stored SHA-256 in constant time. */
export function secretMatchesHash(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(sha256Hex(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

export type HeaderValue = string | string[] | undefined;

export type DeviceCredential =
  { kind: 'absent' } | { kind: 'malformed' } | { kind: 'present'; deviceId: string; secret: string };

export function parseDeviceHeader(value: HeaderValue): DeviceCredential {
  if (value === undefined) return { kind: 'absent' };
  if (typeof value !== 'string') return { kind: 'malformed' };
  const separator = value.indexOf('.');
  const deviceId = value.slice(0, separator);
  const secret = value.slice(separator + 1);
  if (separator < 0 || !idSchema.safeParse(deviceId).success || !tokenPattern.test(secret)) {
    return { kind: 'malformed' };
  }
  return { kind: 'present', deviceId, secret };
}

export function formatDeviceToken(deviceId: string, secret: string): string {
  return `${deviceId}.${secret}`;
}

/** The session token of `Bearer <token>`, or undefined when absent or malformed. */
export function parseBearerToken(value: HeaderValue): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^Bearer ([A-Za-z0-9_-]{43})$/i.exec(value.trim());
  return match?.[1];
}

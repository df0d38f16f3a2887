import { z } from 'zod';
import { fromBase64, openBytes, seal, toBase64 } from './envelope';

/**
 * A user's data key (DK) on this PC and the two ways it is kept wrapped in `masar-accounts`
 * (docs/security.md):
 *
 * - the **password wrap**: the DK sealed by a key derived from the password (PBKDF2-SHA256,
 *   random salt, OWASP's 600 000 iterations). No verifier is kept: a wrong password is a seal
 *   that does not open, so an offline guess costs the attacker the whole derivation, with
 *   nothing cheaper to test it against;
 * - the **server wrap**: the DK sealed by the server's secret for this user on this PC, handed
 *   out only at an online sign-in or password change. After a password reset by an
 *   administrator, or a change made on another PC, the next online sign-in opens the DK with it
 *   and wraps it under the new password: nothing on the PC is lost.
 *
 * Each seal's additional data names the wrap and the user, so a wrap copied onto another
 * account's record does not open. The raw DK only exists while being wrapped or imported, and
 * is zeroed at once; the session holds the non-extractable keys derived from it (`DataKey`).
 */
export const defaultIterations = 600_000;
const dataKeyLength = 32;

export const passwordWrapSchema = z.object({
  kdf: z.literal('PBKDF2-SHA256'),
  iterations: z.number().int().min(1),
  salt: z.string().min(1),
  sealed: z.string().min(1),
});
export type PasswordWrap = z.infer<typeof passwordWrapSchema>;
export type ServerWrap = { sealed: string };

const passwordAad = (userId: string) => `masar-data-key|password|${userId}`;
const serverAad = (userId: string) => `masar-data-key|server|${userId}`;

/** A new data key's raw bytes: the caller wraps them, imports them, and zeroes them. */
export function newDataKeyBytes(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(dataKeyLength));
}

/**
 * What the session holds once the DK is open: two keys derived from it with HKDF (SHA-256, a label
 * per use), so that neither use can be turned into the other:
 * - `rows`: AES-GCM-256, seals every record of the user's local stores (renderer/db/sealing);
 * - `index`: HMAC-SHA-256, makes the blind index values of identifiers kept in an IndexedDB index.
 *
 * Both are raw bytes, not WebCrypto keys: IndexedDB transactions cannot wait on WebCrypto, so the
 * stores are sealed by a synchronous AES-GCM (renderer/crypto/envelope.ts, `sealNow`). They live
 * only in the unlocked session (renderer/db/sealing/keyRing.ts) and are dropped at lock and
 * sign-out; the DK itself is never kept.
 */
export type DataKey = { readonly rows: Uint8Array<ArrayBuffer>; readonly index: Uint8Array<ArrayBuffer> };

const hkdfSalt = new TextEncoder().encode('masar-data-key-v1');

/** The session's keys derived from the DK's raw bytes; the DK's bytes are zeroed. */
export async function importDataKey(raw: Uint8Array<ArrayBuffer>): Promise<DataKey> {
  try {
    const base = await crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveBits']);
    const derive = async (label: string) =>
      new Uint8Array(
        await crypto.subtle.deriveBits(
          { name: 'HKDF', hash: 'SHA-256', salt: hkdfSalt, info: new TextEncoder().encode(label) },
          base,
          256,
        ),
      );
    const [rows, index] = await Promise.all([derive('rows'), derive('blind-index')]);
    return { rows, index };
  } finally {
    raw.fill(0);
  }
}

async function passwordKey(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

async function secretKey(secret: string): Promise<CryptoKey | undefined> {
  const bytes = fromBase64(secret);
  if (bytes?.length !== dataKeyLength) return undefined;
  try {
    return await crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
  } finally {
    bytes.fill(0);
  }
}

/** Opened raw bytes of the right length, or `undefined`. */
function dataKeyBytes(opened: Awaited<ReturnType<typeof openBytes>>): Uint8Array<ArrayBuffer> | undefined {
  if (!opened.ok) return undefined;
  if (opened.value.length !== dataKeyLength) {
    opened.value.fill(0);
    return undefined;
  }
  return opened.value;
}

export async function wrapWithPassword(
  raw: Uint8Array,
  userId: string,
  password: string,
  iterations: number = defaultIterations,
): Promise<PasswordWrap> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const sealed = await seal(await passwordKey(password, salt, iterations), passwordAad(userId), raw);
  return { kdf: 'PBKDF2-SHA256', iterations, salt: toBase64(salt), sealed: toBase64(sealed) };
}

/** The DK's raw bytes if `password` is the one it was wrapped with; `undefined` otherwise. */
export async function unwrapWithPassword(
  wrap: PasswordWrap,
  userId: string,
  password: string,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const salt = fromBase64(wrap.salt);
  const sealed = fromBase64(wrap.sealed);
  if (salt === undefined || sealed === undefined) return undefined;
  const key = await passwordKey(password, salt, wrap.iterations);
  return dataKeyBytes(await openBytes(key, passwordAad(userId), sealed));
}

/** `undefined` when the secret is not 32 bytes of base64url (it then wraps nothing). */
export async function wrapWithServerSecret(
  raw: Uint8Array,
  userId: string,
  secret: string,
): Promise<ServerWrap | undefined> {
  const key = await secretKey(secret);
  if (key === undefined) return undefined;
  return { sealed: toBase64(await seal(key, serverAad(userId), raw)) };
}

export async function unwrapWithServerSecret(
  wrap: ServerWrap,
  userId: string,
  secret: string,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const key = await secretKey(secret);
  const sealed = fromBase64(wrap.sealed);
  if (key === undefined || sealed === undefined) return undefined;
  return dataKeyBytes(await openBytes(key, serverAad(userId), sealed));
}

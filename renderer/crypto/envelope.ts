import { decryptNow, encryptNow } from './gcmNow';
import type { Result } from '../../shared/result';

/**
 * Sealing bytes or JSON under an AES-GCM-256 key, through WebCrypto only (the same in Electron's
 * renderer, in a browser and in Node's tests). Every local store is sealed in this format (docs/security.md): by `seal`/`open` through
 * WebCrypto where the caller can wait, by `sealNow`/`openNow` inside IndexedDB transactions.
 *
 * The sealed form, version 1, is compact bytes:
 *
 *     [version = 1][kind: 0 bytes, 1 JSON][IV, 12 bytes][ciphertext ‖ GCM tag, 16 bytes]
 *
 * - a fresh random 96-bit IV per seal: never reused under one key (at 2^32 seals per key the
 *   chance of a repeat stays below 2^-32, far beyond what one user's PC writes);
 * - the additional data is the two header bytes followed by the caller's canonical string (for a
 *   record, `row|<table>|<its clear fields>`: renderer/db/sealing/sealedStores.ts): a ciphertext moved to another row, or its header changed (bytes
 *   read as JSON), no longer opens;
 * - the version byte lets a later format (another algorithm, a key id) sit beside this one.
 *
 * `open` never throws and its failures carry no key, plaintext or ciphertext: only why (`error`).
 */
export const envelopeVersion = 1;

const kinds = { bytes: 0, json: 1 } as const;
const headerLength = 2;
export const ivLength = 12;
const tagLength = 16;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Why a sealed value did not open: `malformed` (too short, unknown kind), `unsupported-version`
 * (written by another format), `not-authentic` (wrong key, wrong additional data, or changed).
 */
export type OpenFailure = 'malformed' | 'unsupported-version' | 'not-authentic';
export type Opened<T> = Result<T, OpenFailure>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function additionalData(header: Uint8Array, aad: string): Uint8Array<ArrayBuffer> {
  const text = encoder.encode(aad);
  const joined = new Uint8Array(header.length + text.length);
  joined.set(header, 0);
  joined.set(text, header.length);
  return joined;
}

/** A fresh AES-GCM-256 key for `seal`/`open`, not extractable. */
export function generateSealingKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** What a seal needs, whichever implementation encrypts: the plaintext, the header, a fresh IV. */
/**
 * IVs are drawn from the system's generator 1 024 at a time, then handed out once each: a record
 * pulled is a seal, and one `getRandomValues` call per seal cost more than a twentieth of a sealed
 * pull (bench:sync). Each IV is still 96 fresh random bits, never used twice; they are public
 * (written beside every ciphertext), so the pool guards nothing secret.
 */
const ivPool = new Uint8Array(ivLength * 1024);
let ivPoolOffset = ivPool.length;

/** A fresh random IV, never handed out before. */
export function freshIv(): Uint8Array<ArrayBuffer> {
  if (ivPoolOffset + ivLength > ivPool.length) {
    crypto.getRandomValues(ivPool);
    ivPoolOffset = 0;
  }
  const iv = ivPool.slice(ivPoolOffset, ivPoolOffset + ivLength);
  ivPoolOffset += ivLength;
  return iv;
}

function sealingParts(aad: string, data: Uint8Array | JsonValue) {
  const isBytes = data instanceof Uint8Array;
  const plaintext = (isBytes ? data : encoder.encode(JSON.stringify(data))) as Uint8Array<ArrayBuffer>;
  const header = Uint8Array.of(envelopeVersion, isBytes ? kinds.bytes : kinds.json);
  const iv = freshIv();
  return { plaintext, iv, additional: additionalData(header, aad), header, isBytes };
}

/** `[header][IV][ciphertext ‖ tag]`; a JSON plaintext (ours, not the caller's bytes) is zeroed. */
function assembled(parts: ReturnType<typeof sealingParts>, ciphertext: Uint8Array): Uint8Array<ArrayBuffer> {
  if (!parts.isBytes) parts.plaintext.fill(0);
  const sealed = new Uint8Array(headerLength + ivLength + ciphertext.length);
  sealed.set(parts.header, 0);
  sealed.set(parts.iv, headerLength);
  sealed.set(ciphertext, headerLength + ivLength);
  return sealed;
}

/** A sealed value's parts, or why it cannot be opened before any decryption. */
function openingParts(aad: string, sealed: Uint8Array) {
  if (sealed.length < headerLength + ivLength + tagLength) return { ok: false, error: 'malformed' } as const;
  if (sealed[0] !== envelopeVersion) return { ok: false, error: 'unsupported-version' } as const;
  const kind = sealed[1];
  if (kind !== kinds.bytes && kind !== kinds.json) return { ok: false, error: 'malformed' } as const;
  return {
    ok: true,
    kind,
    iv: sealed.slice(headerLength, headerLength + ivLength),
    additional: additionalData(sealed.subarray(0, headerLength), aad),
    ciphertext: sealed.slice(headerLength + ivLength),
  } as const;
}

/** The decrypted plaintext as the caller sealed it: bytes, or its JSON value (then zeroed). */
function opened(kind: number, plaintext: Uint8Array<ArrayBuffer>): Opened<Uint8Array<ArrayBuffer> | JsonValue> {
  if (kind === kinds.bytes) return { ok: true, value: plaintext };
  try {
    return { ok: true, value: JSON.parse(decoder.decode(plaintext)) as JsonValue };
  } catch {
    return { ok: false, error: 'malformed' };
  } finally {
    plaintext.fill(0);
  }
}

/** Seals `data` (bytes as they are, anything else as JSON) under `key`, bound to `aad`. */
export async function seal(
  key: CryptoKey,
  aad: string,
  data: Uint8Array | JsonValue,
): Promise<Uint8Array<ArrayBuffer>> {
  const parts = sealingParts(aad, data);
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: parts.iv, additionalData: parts.additional, tagLength: tagLength * 8 },
    key,
    parts.plaintext,
  );
  return assembled(parts, new Uint8Array(ciphertext));
}

/** Opens what `seal` made with the same key and `aad`: the bytes, or the JSON value, sealed. */
export async function open(
  key: CryptoKey,
  aad: string,
  sealed: Uint8Array,
): Promise<Opened<Uint8Array<ArrayBuffer> | JsonValue>> {
  const parts = openingParts(aad, sealed);
  if (!parts.ok) return parts;
  let plaintext: Uint8Array<ArrayBuffer>;
  try {
    plaintext = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: parts.iv, additionalData: parts.additional, tagLength: tagLength * 8 },
        key,
        parts.ciphertext,
      ),
    );
  } catch {
    // WebCrypto's OperationError says no more than "it did not authenticate": neither do we.
    return { ok: false, error: 'not-authentic' };
  }
  return opened(parts.kind, plaintext);
}

/**
 * `seal` without waiting, for what IndexedDB transactions seal and open (renderer/db/sealing):
 * a transaction commits as soon as it waits on anything but IndexedDB, and Dexie's zones lose it,
 * so WebCrypto (asynchronous only) cannot be used there. The same format and additional data,
 * computed by AES-GCM from @noble/ciphers' primitives with the key's schedule and GHASH table
 * kept (gcmNow.ts); interchangeable with `seal`/`open` (envelope.test.ts). `key`: the 32 raw
 * bytes of an AES-256 key.
 */
export function sealNow(key: Uint8Array, aad: string, data: Uint8Array | JsonValue): Uint8Array<ArrayBuffer> {
  const parts = sealingParts(aad, data);
  return assembled(parts, encryptNow(key, parts.iv, parts.additional, parts.plaintext));
}

/** `open` without waiting: see `sealNow`. */
export function openNow(key: Uint8Array, aad: string, sealed: Uint8Array): Opened<Uint8Array<ArrayBuffer> | JsonValue> {
  const parts = openingParts(aad, sealed);
  if (!parts.ok) return parts;
  const plaintext = decryptNow(key, parts.iv, parts.additional, parts.ciphertext);
  if (plaintext === null) return { ok: false, error: 'not-authentic' };
  return opened(parts.kind, plaintext as Uint8Array<ArrayBuffer>);
}

/** `open` for a value sealed as bytes: a JSON one is `malformed` here. */
export async function openBytes(
  key: CryptoKey,
  aad: string,
  sealed: Uint8Array,
): Promise<Opened<Uint8Array<ArrayBuffer>>> {
  const opened = await open(key, aad, sealed);
  if (!opened.ok) return opened;
  return opened.value instanceof Uint8Array ? { ok: true, value: opened.value } : { ok: false, error: 'malformed' };
}

/** Base64 (standard alphabet) of bytes, to keep a sealed value in JSON or across the host bridge. */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

/** The bytes of standard or URL-safe base64; `undefined` when `text` is not base64. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(standard)) return undefined;
  try {
    return Uint8Array.from(atob(standard.padEnd(Math.ceil(standard.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

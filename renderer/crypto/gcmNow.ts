import { unsafe } from '@noble/ciphers/aes.js';
import { GHASH } from '@noble/ciphers/_polyval.js';

/**
 * AES-256-GCM without waiting, for one key used for thousands of records (the session's row key):
 * @noble/ciphers' `gcm()` expands the AES key and builds a GHASH table at every message, with
 * small windows for a small message, which was half of a record's sealing time. Here both are
 * made once per key — the table with 8-bit windows, noble's fastest — and each message gets its
 * own GHASH state on top of the shared table. The primitives are noble's (AES-CTR, GHASH); only
 * their composition into GCM (NIST SP 800-38D, 96-bit IVs) is here, and its output is the same as
 * noble's `gcm()` and as WebCrypto's, both ways (renderer/crypto/gcmNow.test.ts).
 *
 * `forgetKey` destroys what was derived from a key (the session is locked or ends); a key whose
 * bytes were changed in place is prepared anew, never used with a stale schedule.
 */
const blockSize = 16;
const tagSize = 16;
const ivSize = 12;

type Prepared = { readonly bytes: Uint8Array; readonly schedule: Uint32Array; readonly table: GHASH };

const prepared = new WeakMap<Uint8Array, Prepared>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

function preparedFor(key: Uint8Array): Prepared {
  const known = prepared.get(key);
  if (known && sameBytes(known.bytes, key)) return known;
  if (known) destroy(known);
  if (key.length !== 32) throw new Error('aes-256-gcm: the key must be 32 bytes');
  const schedule = unsafe.expandKeyLE(key);
  // H = E_K(0¹²⁸), the GHASH key.
  const hashKey = unsafe.ctr32(schedule, false, new Uint8Array(blockSize), new Uint8Array(blockSize));
  // An expected length of 1 MiB makes noble choose its 8-bit windows.
  const table = new GHASH(hashKey, 1 << 20);
  hashKey.fill(0);
  const made = { bytes: Uint8Array.from(key), schedule, table };
  prepared.set(key, made);
  return made;
}

function destroy(made: Prepared): void {
  made.table.destroy();
  made.schedule.fill(0);
  made.bytes.fill(0);
}

/** Destroys what was derived from `key` (its schedule and GHASH table), if anything was. */
export function forgetKey(key: Uint8Array): void {
  const made = prepared.get(key);
  if (!made) return;
  destroy(made);
  prepared.delete(key);
}

/** The tag of `ciphertext` under `aad`: GHASH_H(A, C, lengths) xor E_K(J0). */
function tagOf(made: Prepared, tagMask: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  // A state of its own over the shared table: the table is only read.
  const hash = Object.create(made.table) as GHASH;
  const lengths = new Uint8Array(blockSize);
  const view = new DataView(lengths.buffer);
  view.setBigUint64(0, BigInt(aad.length * 8), false);
  view.setBigUint64(8, BigInt(ciphertext.length * 8), false);
  hash.update(aad);
  hash.update(ciphertext);
  hash.update(lengths);
  const tag = new Uint8Array(blockSize);
  hash.digestInto(tag);
  for (let i = 0; i < blockSize; i++) tag[i] = (tag[i] ?? 0) ^ (tagMask[i] ?? 0);
  return tag;
}

/** The counter block J0 = IV ‖ 0³¹ ‖ 1, and E_K(J0); the counter is left at inc32(J0). */
function start(made: Prepared, iv: Uint8Array): { counter: Uint8Array; tagMask: Uint8Array } {
  if (iv.length !== ivSize) throw new Error('aes-256-gcm: the IV must be 12 bytes');
  const counter = new Uint8Array(blockSize);
  counter.set(iv);
  counter[blockSize - 1] = 1;
  const tagMask = unsafe.ctr32(made.schedule, false, counter, new Uint8Array(blockSize));
  return { counter, tagMask };
}

/** The ciphertext of `plaintext` followed by its 16-byte tag. */
export function encryptNow(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const made = preparedFor(key);
  const { counter, tagMask } = start(made, iv);
  const out = new Uint8Array(plaintext.length + tagSize);
  const ciphertext = out.subarray(0, plaintext.length);
  if (plaintext.length > 0) unsafe.ctr32(made.schedule, false, counter, plaintext, ciphertext);
  out.set(tagOf(made, tagMask, aad, ciphertext), plaintext.length);
  counter.fill(0);
  tagMask.fill(0);
  return out;
}

/** The plaintext of what `encryptNow` made, or `null` when it is not authentic (nothing else said). */
export function decryptNow(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | null {
  if (sealed.length < tagSize) return null;
  const made = preparedFor(key);
  const { counter, tagMask } = start(made, iv);
  const ciphertext = sealed.subarray(0, sealed.length - tagSize);
  const expected = tagOf(made, tagMask, aad, ciphertext);
  tagMask.fill(0);
  // In constant time: every byte is compared whatever the first difference.
  if (!sameBytes(expected, sealed.subarray(sealed.length - tagSize))) {
    counter.fill(0);
    return null;
  }
  const plaintext = new Uint8Array(ciphertext.length);
  if (ciphertext.length > 0) unsafe.ctr32(made.schedule, false, counter, ciphertext, plaintext);
  counter.fill(0);
  return plaintext;
}

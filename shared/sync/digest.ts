/**
 * Digests that let a client and the server check they hold the same rows of a (scope, table)
 * (docs/sync-protocol.md, "Pull"): the number of rows and the XOR of a 64-bit hash of each row's
 * `(id, seq)`, where `seq` is the scope sequence number of the row's last change. XOR makes the
 * digest order-free and lets both sides maintain it incrementally: changing a row's seq XORs its
 * old hash out and its new hash in.
 *
 * The hash is cyrb53-style mixing on two 32-bit lanes (not cryptographic: it detects divergence,
 * it does not defend against forgery, which the authenticated transport does).
 */

export type DigestValue = { readonly count: number; readonly hash: string };

export const emptyDigest: DigestValue = { count: 0, hash: '0'.repeat(16) };

/** The 64-bit hash of one row's `(id, seq)`, as 16 hex digits. */
export function rowDigestHash(id: string, seq: number): string {
  const [h1, h2] = rowDigestLanes(id, seq);
  return hex32(h1) + hex32(h2);
}

/** The hash's two 32-bit lanes (what `digestOf` XORs without building strings). */
function rowDigestLanes(id: string, seq: number): [number, number] {
  const text = `${id}:${seq}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1, h2];
}

/** XOR of two 16-hex-digit hashes. */
export function xorHash(a: string, b: string): string {
  return (
    hex32(parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16)) +
    hex32(parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16))
  );
}

/** The digest after a row enters (`previousSeq` null), changes seq, or leaves (`nextSeq` null). */
export function updateDigest(
  digest: DigestValue,
  id: string,
  previousSeq: number | null,
  nextSeq: number | null,
): DigestValue {
  let { count, hash } = digest;
  if (previousSeq !== null) {
    hash = xorHash(hash, rowDigestHash(id, previousSeq));
    count -= 1;
  }
  if (nextSeq !== null) {
    hash = xorHash(hash, rowDigestHash(id, nextSeq));
    count += 1;
  }
  return { count, hash };
}

/** The digest of a set of rows, computed from scratch (a PC checks tens of thousands at once). */
export function digestOf(rows: Iterable<{ readonly id: string; readonly seq: number }>): DigestValue {
  let count = 0;
  let high = 0;
  let low = 0;
  for (const row of rows) {
    const [h1, h2] = rowDigestLanes(row.id, row.seq);
    high ^= h1;
    low ^= h2;
    count += 1;
  }
  return { count, hash: hex32(high) + hex32(low) };
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

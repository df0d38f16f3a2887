import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { digestOf, emptyDigest, rowDigestHash, updateDigest, xorHash } from './digest';

const id = '0190a8d4-1c2e-7a3b-9c4d-000000000001';

describe('row digests', () => {
  it('hashes (id, seq) to 16 hex digits, differently for another seq or id', () => {
    expect(rowDigestHash(id, 1)).toMatch(/^[0-9a-f]{16}$/);
    expect(rowDigestHash(id, 1)).toBe(rowDigestHash(id, 1));
    expect(rowDigestHash(id, 2)).not.toBe(rowDigestHash(id, 1));
    expect(rowDigestHash(id.replace(/1$/, '2'), 1)).not.toBe(rowDigestHash(id, 1));
  });

  it('XOR with itself is zero', () => {
    const hash = rowDigestHash(id, 7);
    expect(xorHash(hash, hash)).toBe(emptyDigest.hash);
  });

  it('maintained incrementally, equals the digest computed from scratch, in any order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.uuid(), fc.integer({ min: 1, max: 1_000_000 })), { maxLength: 30 }),
        (changes) => {
          const latest = new Map<string, number>();
          let digest = emptyDigest;
          for (const [rowId, seq] of changes) {
            digest = updateDigest(digest, rowId, latest.get(rowId) ?? null, seq);
            latest.set(rowId, seq);
          }
          const rows = [...latest].map(([rowId, seq]) => ({ id: rowId, seq }));
          expect(digest).toEqual(digestOf(rows));
          expect(digestOf([...rows].reverse())).toEqual(digest);
        },
      ),
    );
  });

  it('tells a missing row or a stale seq apart', () => {
    const other = { id: id.replace(/1$/, '2'), seq: 4 };
    const full = digestOf([{ id, seq: 3 }, other]);
    expect(digestOf([other])).not.toEqual(full);
    expect(digestOf([{ id, seq: 2 }, other])).not.toEqual(full);
  });
});

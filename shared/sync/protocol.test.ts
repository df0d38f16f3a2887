import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatHlc } from './hlc';
import { decodeVersions, encodeVersions, jsonValueSchema, wireRowSchema } from './protocol';

const replica = '0190b1e4-7c3a-7000-8000-00000000d001.0190b1e4-7c3a-7000-8000-00000000a001';
const hlc = (wall: number) => formatHlc({ wall, counter: 0, replicaId: replica });

describe('jsonValueSchema', () => {
  it('accepts JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        // fast-check's JSON values include -0, which JSON itself writes as 0: both are numbers.
        expect(jsonValueSchema.safeParse(value).success).toBe(true);
      }),
    );
  });

  it('refuses what JSON cannot carry, and oversized values', () => {
    for (const value of [undefined, Number.NaN, Infinity, () => 1, new Date(0), new Map(), 'x'.repeat(100_001)])
      expect(jsonValueSchema.safeParse(value).success).toBe(false);
    let deep: unknown = 1;
    for (let depth = 0; depth < 25; depth++) deep = [deep];
    expect(jsonValueSchema.safeParse(deep).success).toBe(false);
    expect(jsonValueSchema.safeParse({ ['k'.repeat(65)]: 1 }).success).toBe(false);
  });
});

describe('wire row versions', () => {
  it('send each distinct HLC once and decode to the same map', () => {
    const versions = { cin: hlc(1), lastNameLatin: hlc(1), sex: hlc(2), centreId: hlc(1) };
    const encoded = encodeVersions(versions);
    expect(encoded.hlcs).toEqual([hlc(1), hlc(2)]);
    expect(decodeVersions(encoded)).toEqual(versions);
  });

  it('refuses a row whose version index points outside its HLCs', () => {
    const row = {
      id: '0190b1e4-7c3a-7000-8000-0000000000e1',
      seq: 1,
      deleted: false,
      record: { cin: 'AB1' },
      hlcs: [hlc(1)],
      versions: { cin: 1 },
      tombstoneVersion: null,
      conflicts: [],
    };
    expect(wireRowSchema.safeParse(row).success).toBe(false);
    expect(wireRowSchema.safeParse({ ...row, versions: { cin: 0 } }).success).toBe(true);
  });
});

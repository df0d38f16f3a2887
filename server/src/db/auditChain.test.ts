import { describe, expect, it } from 'vitest';
import { ChainVerifier, canonicalEntry, chainHash, genesisHash } from './auditChain';
import type { ChainHead, ChainedEntry } from './auditChain';

function entry(seq: number, overrides: Partial<ChainedEntry> = {}): ChainedEntry {
  return {
    seq,
    id: `id-${seq}`,
    at: `2026-03-10T09:00:0${seq % 10}.000Z`,
    type: 'sign-in',
    outcome: 'ok',
    actorUserId: 'u1',
    subjectUserId: 'u1',
    deviceId: 'd1',
    username: 'amina',
    detail: '{}',
    beneficiaryIds: [],
    ...overrides,
  };
}

/** A chain of `count` entries as the server stores them, and its head. */
function chain(count: number): { stored: (ChainedEntry & { hash: string })[]; head: ChainHead } {
  let previous = genesisHash;
  const stored = Array.from({ length: count }, (_, index) => {
    const current = entry(index + 1, index === 1 ? { beneficiaryIds: ['p2', 'p1'] } : {});
    previous = chainHash(previous, current);
    return { ...current, hash: previous };
  });
  return { stored, head: { lastSeq: count, lastHash: previous } };
}

function verify(stored: readonly (ChainedEntry & { hash: string })[], head: ChainHead | undefined) {
  const verifier = new ChainVerifier(head);
  for (const item of stored) verifier.feed(item);
  return verifier.finish();
}

describe('audit chain', () => {
  it('serialises every fact of an entry, persons sorted and deduplicated', () => {
    const a = canonicalEntry(entry(1, { beneficiaryIds: ['b', 'a', 'b'] }));
    expect(a).toBe(canonicalEntry(entry(1, { beneficiaryIds: ['a', 'b'] })));
    for (const change of [
      { seq: 2 },
      { id: 'other' },
      { at: '2026-03-11T00:00:00.000Z' },
      { type: 'sign-out' },
      { outcome: 'invalid-credentials' },
      { actorUserId: null },
      { subjectUserId: 'u2' },
      { deviceId: null },
      { username: 'badr' },
      { detail: '{"x":1}' },
      { beneficiaryIds: ['a'] },
    ]) {
      expect(canonicalEntry(entry(1, { beneficiaryIds: ['a', 'b'], ...change }))).not.toBe(a);
    }
  });

  it('chains each hash on the previous one', () => {
    const first = chainHash(genesisHash, entry(1));
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(first, entry(2))).not.toBe(chainHash(genesisHash, entry(2)));
  });

  it('finds an intact chain intact, with its last hash', () => {
    const { stored, head } = chain(5);
    expect(verify(stored, head)).toEqual({ isIntact: true, entries: 5, headHash: head.lastHash });
    expect(verify([], { lastSeq: 0, lastHash: genesisHash })).toEqual({
      isIntact: true,
      entries: 0,
      headHash: genesisHash,
    });
  });

  it('reports a changed fact, or a person removed from the index, at its entry', () => {
    const { stored, head } = chain(5);
    const changed = stored.map((item) => (item.seq === 3 ? { ...item, detail: '{"forged":true}' } : item));
    expect(verify(changed, head)).toEqual({ isIntact: false, entries: 2, problem: { kind: 'changed', seq: 3 } });
    const unindexed = stored.map((item) => (item.seq === 2 ? { ...item, beneficiaryIds: ['p1'] } : item));
    expect(verify(unindexed, head)).toMatchObject({ problem: { kind: 'changed', seq: 2 } });
  });

  it('reports the next entry when a changed entry got a recomputed hash', () => {
    const { stored, head } = chain(5);
    const forged = stored.map((item) => {
      if (item.seq !== 3) return item;
      const facts = { ...item, outcome: 'ok-forged' };
      return { ...facts, hash: chainHash(stored[1]?.hash ?? '', facts) };
    });
    expect(verify(forged, head)).toMatchObject({ problem: { kind: 'changed', seq: 4 } });
  });

  it('reports a deleted entry, the last one included', () => {
    const { stored, head } = chain(5);
    expect(
      verify(
        stored.filter((item) => item.seq !== 2),
        head,
      ),
    ).toEqual({ isIntact: false, entries: 1, problem: { kind: 'deleted', seq: 2 } });
    expect(verify(stored.slice(0, 4), head)).toEqual({
      isIntact: false,
      entries: 4,
      problem: { kind: 'deleted', seq: 5 },
    });
  });

  it('reports an entry beyond the head as inserted', () => {
    const { stored, head } = chain(3);
    const extra = { ...entry(4), hash: chainHash(head.lastHash, entry(4)) };
    expect(verify([...stored, extra], head)).toEqual({
      isIntact: false,
      entries: 3,
      problem: { kind: 'inserted', seq: 4 },
    });
  });

  it('reports a missing or rewritten head', () => {
    const { stored, head } = chain(3);
    expect(verify(stored, undefined)).toMatchObject({ isIntact: false, problem: { kind: 'head' } });
    expect(verify(stored, { ...head, lastHash: genesisHash })).toMatchObject({
      isIntact: false,
      problem: { kind: 'head', seq: 3 },
    });
  });
});

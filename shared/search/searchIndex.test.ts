import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { nameTokens } from './fold';
import { createSearchIndex, defaultSearchLimit, type SearchableRecord, type SearchHit } from './searchIndex';
import { familyNameConcepts, firstNameConcepts, syntheticRecords, type SyntheticRecord } from './syntheticRecords';

function indexOf(records: readonly SearchableRecord[]) {
  const index = createSearchIndex();
  for (const record of records) index.upsert(record);
  return index;
}

const ids = (hits: readonly SearchHit[]) => hits.map((hit) => hit.id);

const people: readonly SearchableRecord[] = [
  {
    id: 'p01',
    names: ['El Idrissi', 'Mohamed', 'الإدريسي', 'محمد'],
    cin: 'BE123456',
    phones: ['0612345678'],
    fileNumber: 'CAS-2026-0042',
    dateOfBirth: '1990-04-12',
  },
  {
    id: 'p02',
    names: ['Alami', 'Mohammed'],
    cin: 'BE120000',
    phones: ['+212 7 00 11 22 33'],
    fileNumber: 'CAS-2026-0043',
  },
  { id: 'p03', names: ['العلوي', 'محمد'], cin: '' },
  { id: 'p04', names: ['Mohamedi', 'Tazi'], cin: 'A98765' },
  { id: 'p05', names: ['Alami', 'Mohamed'] },
  { id: 'p06', names: ['Alamine', 'Mohamed'] },
  { id: 'p07', names: ['Abd El Kader', 'Benali'], phones: ['0522-12-34-56'] },
  { id: 'p08', names: ['Abdelkader', 'Chaoui'], fileNumber: 'rab/2025/0042' },
  { id: 'p09', names: ['عبد القادر', 'الشاوي'] },
  { id: 'p10', names: ['Fatiha', 'Ouahmane'] },
  { id: 'p11', names: ['Fatima', 'Wahmane'] },
  { id: 'p00', names: ['Alami', 'Mohamed'] },
];

describe('createSearchIndex — basics', () => {
  it('returns nothing for an empty or blank query', () => {
    const index = indexOf(people);
    expect(index.search('')).toEqual([]);
    expect(index.search('   \t ')).toEqual([]);
    expect(index.search('mohamed', { limit: 0 })).toEqual([]);
  });

  it('counts, replaces, removes and clears records', () => {
    const index = indexOf(people);
    expect(index.size()).toBe(people.length);
    index.upsert({ id: 'p01', names: ['Berrada', 'Karim'] });
    expect(index.size()).toBe(people.length);
    expect(ids(index.search('idrissi'))).toEqual([]);
    expect(ids(index.search('karim berrada'))).toEqual(['p01']);
    index.remove('p01');
    index.remove('p01');
    index.remove('unknown');
    expect(index.size()).toBe(people.length - 1);
    expect(ids(index.search('karim'))).toEqual([]);
    index.clear();
    expect(index.size()).toBe(0);
    expect(index.search('mohamed')).toEqual([]);
  });

  it('stays correct when removals leave many holes (compaction)', () => {
    const index = indexOf(
      Array.from({ length: 3000 }, (_, n) => ({
        id: `r${String(n).padStart(4, '0')}`,
        names: ['Tazi', n % 2 ? 'Omar' : 'Nadia'],
        fileNumber: `F-${String(n)}`,
      })),
    );
    for (let n = 0; n < 2500; n++) index.remove(`r${String(n).padStart(4, '0')}`);
    expect(index.size()).toBe(500);
    expect(index.search('omar', { limit: 1000 })).toHaveLength(250);
    expect(ids(index.search('nadia', { limit: 3 }))).toEqual(['r2500', 'r2502', 'r2504']);
    expect(ids(index.search('F-2999'))).toEqual(['r2999']);
    expect(index.search('F-42')).toEqual([]);
    index.upsert({ id: 'r0042', names: ['Tazi', 'Omar'], fileNumber: 'F-42' });
    expect(ids(index.search('F-42'))).toEqual(['r0042']);
    expect(index.search('omar', { limit: 1000 })).toHaveLength(251);
  });
});

describe('createSearchIndex — names', () => {
  const index = indexOf(people);

  it('finds any part of a name by prefix, in either script', () => {
    expect(ids(index.search('idri'))).toEqual(['p01']);
    expect(ids(index.search('ادري'))).toEqual(['p01']);
    expect(ids(index.search('محم'))).toEqual(['p01', 'p03']);
    expect(ids(index.search('kader'))).toEqual(['p07']); // inner word of "Abd El Kader"
    expect(ids(index.search('M'))).toContain('p04');
  });

  it('finds transliterations and the other script by phonetic key', () => {
    const hits = ids(index.search('mohamed', { limit: 100 }));
    expect(hits).toEqual(expect.arrayContaining(['p01', 'p02', 'p03', 'p05', 'p06', 'p00']));
    expect(ids(index.search('محمد العلوي'))).toEqual(['p03']);
    expect(ids(index.search('mohamed العلوي'))).toEqual(['p03']);
    expect(ids(index.search('wahmane'))).toEqual(['p11', 'p10']);
    expect(ids(index.search('Abd El Kader', { limit: 100 })).sort()).toEqual(['p07', 'p08', 'p09']);
    expect(ids(index.search('عبد القادر', { limit: 100 })).sort()).toEqual(['p07', 'p08', 'p09']);
  });

  it('ranks exact over prefix over phonetic, then by id', () => {
    const hits = index.search('mohamed', { limit: 100 });
    // Exact "mohamed" (p00, p01, p05, p06 by id), then the prefix "Mohamedi" (p04), then the
    // phonetic matches Mohammed and محمد (p02, p03).
    expect(ids(hits)).toEqual(['p00', 'p01', 'p05', 'p06', 'p04', 'p02', 'p03']);
    expect(hits.every((hit) => hit.matched === 'name')).toBe(true);
    const scores = hits.map((hit) => hit.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('requires every query token and ranks more exact tokens first', () => {
    expect(ids(index.search('mohamed alami'))).toEqual(['p00', 'p05', 'p06', 'p02']);
    expect(ids(index.search('mohamed tazi'))).toEqual(['p04']);
    expect(ids(index.search('mohamed berrada'))).toEqual([]);
  });

  it('treats the article as optional and particles as part of the name', () => {
    expect(ids(index.search('El Idrissi'))).toEqual(['p01']);
    expect(ids(index.search('Idrissi'))).toEqual(['p01']);
    expect(ids(index.search('Elidrissi'))).toEqual(['p01']);
    expect(ids(index.search('ben ali'))).toEqual(['p07']);
    expect(ids(index.search('benali'))).toEqual(['p07']);
    expect(ids(index.search('ben'))).toEqual(['p07']);
  });

  it('does not find a name by the phonetic key of a short query', () => {
    // "mhd" has 3 letters (key mhd ≠ mhmd); "mh" is too short for a key and prefixes nothing.
    expect(ids(index.search('mh'))).toEqual([]);
  });
});

describe('createSearchIndex — identifiers', () => {
  const index = indexOf(people);

  it('finds a CIN whatever its case and spaces, exact before prefix', () => {
    expect(index.search('be 123 456')).toEqual([{ id: 'p01', score: expect.any(Number) as number, matched: 'cin' }]);
    expect(ids(index.search('be12'))).toEqual(['p01', 'p02']);
    expect(ids(index.search('BE120000'))).toEqual(['p02']);
    const [exactHit, prefixHit] = indexOf([
      { id: 'a', names: ['X'], cin: 'AB12' },
      { id: 'b', names: ['Y'], cin: 'AB123' },
    ]).search('ab12');
    expect([exactHit?.id, prefixHit?.id]).toEqual(['a', 'b']);
    expect(exactHit?.score).toBeGreaterThan(prefixHit?.score ?? Infinity);
  });

  it('finds phone numbers in any format, by their end or by their start typed with 0', () => {
    for (const query of ['0612345678', '+212 612-345-678', '00212612345678', '345678', '0612 345']) {
      expect({ query, hits: index.search(query) }).toEqual({
        query,
        hits: [expect.objectContaining({ id: 'p01', matched: 'phone' })],
      });
    }
    expect(ids(index.search('0700112233'))).toEqual(['p02']);
    expect(ids(index.search('٠٦١٢٣٤٥٦٧٨'))).toEqual(['p01']);
  });

  it('finds the digits of a CIN from 6 digits on', () => {
    // A whole digit part outranks the end of a phone number (p07: 05 22 12 34 56).
    expect(index.search('123456')).toEqual([
      expect.objectContaining({ id: 'p01', matched: 'cin' }),
      expect.objectContaining({ id: 'p07', matched: 'phone' }),
    ]);
    expect(ids(index.search('98765'))).toEqual([]);
    expect(ids(index.search('987650'))).toEqual([]);
  });

  it('finds file numbers without case or separators, by start or end', () => {
    expect(index.search('cas-2026-0042')).toEqual([expect.objectContaining({ id: 'p01', matched: 'fileNumber' })]);
    expect(ids(index.search('CAS20260042'))).toEqual(['p01']);
    expect(ids(index.search('2026 0042'))).toEqual(['p01']);
    expect(ids(index.search('0042'))).toEqual(['p01', 'p08']);
    expect(ids(index.search('CAS-2026'))).toEqual(['p01', 'p02']);
    // The exact file number ranks first.
    expect(ids(index.search('RAB-2025-0042'))).toEqual(['p08']);
  });

  it('ranks identifier matches above names and keeps the limit', () => {
    const many = indexOf(
      Array.from({ length: 120 }, (_, n) => ({ id: `m${String(n).padStart(3, '0')}`, names: ['Mohamed', 'Alami'] })),
    );
    expect(many.search('mohamed')).toHaveLength(defaultSearchLimit);
    expect(ids(many.search('mohamed', { limit: 3 }))).toEqual(['m000', 'm001', 'm002']);
    expect(many.search('mohamed', { limit: 1000 })).toHaveLength(120);
  });
});

// ---------------------------------------------------------------------------------------------
// 50 000 synthetic beneficiaries: correctness at scale (timing belongs to the benchmarks).

describe('createSearchIndex — 50 000 records', () => {
  const count = 50_000;
  let data: SyntheticRecord[] = [];
  let index = createSearchIndex();
  const all = { limit: count };
  const idsWhere = (predicate: (entry: SyntheticRecord) => boolean) =>
    data
      .filter(predicate)
      .map((entry) => entry.record.id)
      .sort();

  beforeAll(() => {
    data = syntheticRecords(count);
    index = indexOf(data.map((entry) => entry.record));
  });

  it('holds every record', () => {
    expect(index.size()).toBe(count);
  });

  it('finds every Mohammed, exact spellings first', () => {
    // No other generated name shares the key mhmd (checked here, so the truth below holds).
    const otherConcepts = [...firstNameConcepts, ...familyNameConcepts].filter((c) => c.concept !== 'mohammed');
    for (const concept of otherConcepts) {
      for (const spelling of [...concept.latin, concept.arabic]) {
        expect(nameTokens(spelling).flatMap((token) => token.keys)).not.toContain('mhmd');
      }
    }
    const hits = index.search('mohamed', all);
    expect([...ids(hits)].sort()).toEqual(idsWhere((entry) => entry.firstName.concept === 'mohammed'));
    const exactIds = idsWhere((entry) => entry.latinFirst === 'Mohamed');
    expect(ids(hits.slice(0, exactIds.length))).toEqual(exactIds);
    expect(index.search('mohamed')).toEqual(hits.slice(0, defaultSearchLimit));
  });

  it('finds "idri" in every Idrissi spelling and in Idriss', () => {
    const hits = ids(index.search('idri', all)).sort();
    expect(hits).toEqual(idsWhere((entry) => entry.familyName.concept === 'idrissi' || entry.latinFirst === 'Idriss'));
  });

  it('finds Arabic prefixes among Arabic names', () => {
    const hits = ids(index.search('محم', all)).sort();
    expect(hits).toEqual(idsWhere((entry) => entry.hasArabic && entry.firstName.concept === 'mohammed'));
  });

  it('needs every token: Youssef El Amrani in either script', () => {
    const truth = idsWhere((entry) => entry.firstName.concept === 'youssef' && entry.familyName.concept === 'amrani');
    expect(truth.length).toBeGreaterThan(50);
    expect(ids(index.search('youssef el amrani', all)).sort()).toEqual(truth);
    expect(ids(index.search('يوسف العمراني', all)).sort()).toEqual(truth);
  });

  it('finds one record by CIN, phone and file number, and forgets it once removed', () => {
    const target = data[31_415]?.record;
    if (target === undefined) throw new Error('no target');
    index.upsert({ ...target, cin: 'ZZ314159', phones: ['+212 699-314-159'] });
    expect(index.search('zz 314159')[0]).toEqual(expect.objectContaining({ id: target.id, matched: 'cin' }));
    expect(index.search('0699314159')[0]).toEqual(expect.objectContaining({ id: target.id, matched: 'phone' }));
    expect(index.search(target.fileNumber ?? '')[0]).toEqual(
      expect.objectContaining({ id: target.id, matched: 'fileNumber' }),
    );
    index.remove(target.id);
    expect(index.search('zz314159')).toEqual([]);
    expect(index.size()).toBe(count - 1);
    index.upsert(target);
    expect(index.size()).toBe(count);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const pool = syntheticRecords(60, 7).map((entry) => entry.record);
const recordArb = fc.constantFrom(...pool);
const opArb = fc.oneof(
  fc.record({
    kind: fc.constant('upsert' as const),
    record: recordArb,
    id: fc.constantFrom('r1', 'r2', 'r3', 'r4', 'r5'),
  }),
  fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom('r1', 'r2', 'r3', 'r4', 'r5') }),
  fc.record({ kind: fc.constant('clear' as const) }),
);

describe('createSearchIndex — properties', () => {
  it('agrees with a plain map of records after any upserts, removals and clears', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const index = createSearchIndex();
        const model = new Map<string, SearchableRecord>();
        for (const op of ops) {
          if (op.kind === 'upsert') {
            const record = { ...op.record, id: op.id, fileNumber: `F-${op.id}-${op.record.fileNumber ?? ''}` };
            index.upsert(record);
            model.set(op.id, record);
          } else if (op.kind === 'remove') {
            index.remove(op.id);
            model.delete(op.id);
          } else {
            index.clear();
            model.clear();
          }
        }
        expect(index.size()).toBe(model.size);
        for (const record of model.values()) {
          expect(index.search(record.fileNumber ?? '')[0]).toEqual(
            expect.objectContaining({ id: record.id, matched: 'fileNumber' }),
          );
          // Any name of a live record finds it; nothing finds a removed one.
          const hits = ids(index.search(record.names[0] ?? '', { limit: 10 }));
          expect(hits).toContain(record.id);
          expect(hits.every((id) => model.has(id))).toBe(true);
        }
      }),
    );
  });

  it('finds a record by any prefix of any of its name tokens, and orders hits strictly', () => {
    const index = indexOf(pool);
    const prefixArb = fc
      .record({ record: recordArb, nameIndex: fc.nat(), tokenIndex: fc.nat(), length: fc.integer({ min: 1, max: 12 }) })
      .map(({ record, nameIndex, tokenIndex, length }) => {
        const name = record.names[nameIndex % record.names.length] ?? '';
        const tokens = nameTokens(name);
        const token = tokens[tokenIndex % tokens.length];
        return { id: record.id, query: token?.folded.slice(0, length) ?? '' };
      });
    fc.assert(
      fc.property(prefixArb, fc.integer({ min: 1, max: 80 }), ({ id, query }, limit) => {
        fc.pre(query !== '');
        expect(ids(index.search(query, { limit: pool.length }))).toContain(id);
        const hits = index.search(query, { limit });
        expect(hits.length).toBeLessThanOrEqual(limit);
        expect(new Set(ids(hits)).size).toBe(hits.length);
        for (let n = 1; n < hits.length; n++) {
          const [before, after] = [hits[n - 1], hits[n]];
          if (before === undefined || after === undefined) continue;
          expect(before.score > after.score || (before.score === after.score && before.id < after.id)).toBe(true);
        }
        // The limited answer is the head of the full answer.
        expect(hits).toEqual(index.search(query, { limit: pool.length }).slice(0, limit));
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDuplicateCandidates, type DuplicateCandidate } from './duplicates';
import type { SearchableRecord } from './searchIndex';
import { syntheticRecords } from './syntheticRecords';

const draft: SearchableRecord = {
  id: 'draft',
  names: ['El Amrani', 'Youssef'],
  cin: 'be-123 456',
  phones: ['+212 6 12 34 56 78'],
  dateOfBirth: '1990-03-10',
};

/** The reasons found for each record, keyed by id, in the order returned. */
function reasonsOf(candidates: readonly DuplicateCandidate[]): [string, string[]][] {
  return candidates.map((candidate) => [candidate.id, candidate.reasons]);
}

describe('findDuplicateCandidates', () => {
  it('finds the same CIN (normalised), never an empty one', () => {
    const records: SearchableRecord[] = [
      { id: 'a', names: ['Berrada', 'Karim'], cin: 'BE123456' },
      { id: 'b', names: ['Tazi', 'Omar'], cin: '' },
      { id: 'c', names: ['Tazi', 'Omar'] },
    ];
    expect(reasonsOf(findDuplicateCandidates(draft, records))).toEqual([['a', ['sameCin']]]);
    expect(findDuplicateCandidates({ ...draft, cin: '' }, records)).toEqual([]);
  });

  it('finds the same phone number in another format, never a partial one', () => {
    const records: SearchableRecord[] = [
      { id: 'a', names: ['Berrada', 'Karim'], phones: ['05 22 00 00 00', '0612345678'] },
      { id: 'b', names: ['Tazi', 'Omar'], phones: ['345678'] },
    ];
    expect(reasonsOf(findDuplicateCandidates(draft, records))).toEqual([['a', ['samePhone']]]);
    expect(findDuplicateCandidates({ ...draft, phones: ['345678'] }, records)).toEqual([]);
  });

  it('finds a similar name across transliterations', () => {
    const records: SearchableRecord[] = [
      { id: 'a', names: ['Amrani', 'Yousef'], dateOfBirth: '1991-01-01' },
      { id: 'b', names: ['El Amrani', 'Youcef'] },
      { id: 'c', names: ['Idrissi', 'Mohammed'] },
    ];
    expect(reasonsOf(findDuplicateCandidates(draft, records))).toEqual([
      ['a', ['similarName']],
      ['b', ['similarName']],
    ]);
    const mohamed = { id: 'new', names: ['El Idrissi', 'Mohamed'] };
    expect(reasonsOf(findDuplicateCandidates(mohamed, records))).toEqual([['c', ['similarName']]]);
  });

  it('finds a Latin draft in a record written in Arabic only', () => {
    const records: SearchableRecord[] = [{ id: 'ar', names: ['العمراني', 'يوسف'], dateOfBirth: '1989-12-01' }];
    const latinDraft = { id: 'new', names: ['Youssef El Amrani'], dateOfBirth: '1990-03-10' };
    expect(reasonsOf(findDuplicateCandidates(latinDraft, records))).toEqual([['ar', ['similarName']]]);
    // And the other way round.
    const arabicDraft = { id: 'new', names: ['يوسف العمراني'] };
    expect(reasonsOf(findDuplicateCandidates(arabicDraft, [{ id: 'la', names: ['Amrani', 'Yusuf'] }]))).toEqual([
      ['la', ['similarName']],
    ]);
  });

  it('meets the abd el family and the Ch/Sh spellings', () => {
    const records: SearchableRecord[] = [{ id: 'a', names: ['Shaoui', 'Abdelkader'] }];
    const other = { id: 'new', names: ['Ech-Chaoui', 'Abd El Kader'] };
    expect(reasonsOf(findDuplicateCandidates(other, records))).toEqual([['a', ['similarName']]]);
  });

  it('needs birth dates at most maxYearsApart years apart when both are known', () => {
    const record = (id: string, dateOfBirth: string): SearchableRecord => ({
      id,
      names: ['Amrani', 'Youssef'],
      dateOfBirth,
    });
    const records = [
      record('same', '1990-03-10'),
      record('two', '1992-03-10'),
      record('over', '1992-03-11'),
      record('before', '1988-03-09'),
    ];
    expect(findDuplicateCandidates(draft, records).map((candidate) => candidate.id)).toEqual(['same', 'two']);
    expect(findDuplicateCandidates(draft, records, { maxYearsApart: 5 }).map((candidate) => candidate.id)).toEqual([
      'before',
      'over',
      'same',
      'two',
    ]);
    expect(findDuplicateCandidates(draft, records, { maxYearsApart: 0 }).map((candidate) => candidate.id)).toEqual([
      'same',
    ]);
  });

  it('lets a name match alone when a birth date is unknown', () => {
    const records: SearchableRecord[] = [{ id: 'a', names: ['Amrani', 'Youssef'] }];
    expect(findDuplicateCandidates(draft, records)).toHaveLength(1);
    const older: SearchableRecord = { id: 'b', names: ['Amrani', 'Youssef'], dateOfBirth: '1950-01-01' };
    expect(findDuplicateCandidates({ ...draft, dateOfBirth: undefined }, [older])).toHaveLength(1);
    expect(
      findDuplicateCandidates({ ...draft, dateOfBirth: 'not a date' }, [
        { id: 'c', names: ['Amrani', 'Youssef'], dateOfBirth: '1950-01-01' },
      ]),
    ).toHaveLength(1);
  });

  it('ignores another person who only shares a first name, or a family name', () => {
    const records: SearchableRecord[] = [
      { id: 'first', names: ['Bennani', 'Youssef'], dateOfBirth: '1990-03-10' },
      { id: 'family', names: ['El Amrani', 'Khalid'], dateOfBirth: '1990-03-10' },
    ];
    expect(findDuplicateCandidates(draft, records)).toEqual([]);
  });

  it('pairs tokens one-to-one and compares one script with one script', () => {
    // Both Mohameds of a bilingual draft must not count twice against one record.
    const bilingual = { id: 'new', names: ['Mohamed Alami', 'محمد العلمي'] };
    expect(findDuplicateCandidates(bilingual, [{ id: 'x', names: ['Mohamed Amrani', 'محمد العمراني'] }])).toEqual([]);
    expect(
      findDuplicateCandidates({ id: 'new', names: ['Mohamed Mohamed'] }, [{ id: 'y', names: ['Mohamed Alami'] }]),
    ).toEqual([]);
    // Hassan and Hassani share a key, yet both pair.
    expect(
      findDuplicateCandidates({ id: 'new', names: ['Hassan Hassani'] }, [{ id: 'z', names: ['Hassani', 'Hassan'] }]),
    ).toHaveLength(1);
    // A single-token name never makes a similar name.
    expect(findDuplicateCandidates({ id: 'new', names: ['Youssef'] }, [{ id: 'w', names: ['Youssef'] }])).toEqual([]);
  });

  it('excludes the draft itself', () => {
    expect(findDuplicateCandidates(draft, [{ ...draft }])).toEqual([]);
  });

  it('orders sameCin, then samePhone, then similarName, then by more reasons and id', () => {
    const records: SearchableRecord[] = [
      { id: 'n2', names: ['Amrani', 'Yusuf'] },
      { id: 'n1', names: ['Amrani', 'Youssef'] },
      { id: 'p1', names: ['Tazi', 'Omar'], phones: ['0612345678'] },
      { id: 'c2', names: ['Tazi', 'Omar'], cin: 'BE123456' },
      { id: 'c1', names: ['Tazi', 'Omar'], cin: 'BE123456' },
      { id: 'all', names: ['Amrani', 'Youssef'], cin: 'BE123456', phones: ['0612345678'] },
      { id: 'pn', names: ['Amrani', 'Youssef'], phones: ['0612345678'] },
    ];
    expect(reasonsOf(findDuplicateCandidates(draft, records))).toEqual([
      ['all', ['sameCin', 'samePhone', 'similarName']],
      ['c1', ['sameCin']],
      ['c2', ['sameCin']],
      ['pn', ['samePhone', 'similarName']],
      ['p1', ['samePhone']],
      ['n1', ['similarName']],
      ['n2', ['similarName']],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const pool = syntheticRecords(40, 11);
const entryArb = fc.constantFrom(...pool);
const dateArb = fc.option(
  fc
    .record({
      year: fc.integer({ min: 1960, max: 2005 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
    })
    .map(({ year, month, day }) => `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`),
  { nil: undefined },
);

describe('findDuplicateCandidates — properties', () => {
  it('is symmetric: A is a candidate for B with the same reasons as B for A', () => {
    fc.assert(
      fc.property(entryArb, entryArb, dateArb, dateArb, fc.integer({ min: 0, max: 4 }), (a, b, dateA, dateB, years) => {
        const recordA = { ...a.record, id: 'A', dateOfBirth: dateA };
        const recordB = { ...b.record, id: 'B', dateOfBirth: dateB };
        const options = { maxYearsApart: years };
        const ab = findDuplicateCandidates(recordA, [recordB], options).map((candidate) => candidate.reasons);
        const ba = findDuplicateCandidates(recordB, [recordA], options).map((candidate) => candidate.reasons);
        expect(ab).toEqual(ba);
      }),
    );
  });

  it('finds the same person registered again under other spellings of the same names', () => {
    fc.assert(
      fc.property(entryArb, fc.nat(), fc.nat(), fc.boolean(), (entry, firstChoice, familyChoice, arabicOnly) => {
        const pickSpelling = (spellings: readonly string[], choice: number) =>
          spellings[choice % spellings.length] ?? '';
        const again: SearchableRecord = {
          id: 'again',
          names: arabicOnly
            ? [entry.familyName.arabic, entry.firstName.arabic]
            : [pickSpelling(entry.familyName.latin, familyChoice), pickSpelling(entry.firstName.latin, firstChoice)],
          dateOfBirth: entry.record.dateOfBirth,
        };
        const candidates = findDuplicateCandidates(again, [entry.record]);
        expect(candidates).toEqual([{ id: entry.record.id, reasons: ['similarName'] }]);
      }),
    );
  });
});

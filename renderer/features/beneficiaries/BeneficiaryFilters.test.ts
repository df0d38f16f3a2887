import { describe, expect, it } from 'vitest';
import type { Beneficiary } from '../../../shared/beneficiary/beneficiary';
import { filterBeneficiaries, isFiltering, noFilters } from './BeneficiaryFilters';

/** The list's filters on a few files: what each filter keeps, alone and together. */

/** A file with the fields given, the others ordinary. */
function person(id: string, fields: Partial<Beneficiary>): Beneficiary {
  return {
    id,
    lastNameLatin: 'Alaoui',
    firstNameLatin: 'Karim',
    lastNameArabic: '',
    firstNameArabic: '',
    sex: 'M',
    dateOfBirth: '1990-01-01',
    cin: '',
    prefectureCode: 'CS-CASABLANCA',
    centreId: 'centre',
    createdAt: '2026-01-05T09:00:00Z',
    updatedAt: '2026-01-05T09:00:00Z',
    ...fields,
  };
}

const everyone = [
  person('a', { stage: 'diagnostic', prefectureCode: 'CS-CASABLANCA', followedById: 'u1' }),
  person('b', { stage: 'suivi', prefectureCode: 'CS-MOHAMMEDIA', followedById: 'u2' }),
  // Saved before stages and counsellors were recorded: at accueil, followed by nobody.
  person('c', { prefectureCode: 'CS-CASABLANCA' }),
  person('d', { stage: 'diagnostic', prefectureCode: 'CS-MOHAMMEDIA', followedById: 'u1' }),
];
const ids = (list: readonly Beneficiary[]) => list.map((b) => b.id);

describe('isFiltering', () => {
  it('is false with no filter and true as soon as one is set', () => {
    expect(isFiltering(noFilters)).toBe(false);
    expect(isFiltering({ ...noFilters, stage: 'accueil' })).toBe(true);
    expect(isFiltering({ ...noFilters, prefectureCode: 'CS-SETTAT' })).toBe(true);
    expect(isFiltering({ ...noFilters, counsellorId: 'u1' })).toBe(true);
    expect(isFiltering({ ...noFilters, overdueOnly: true })).toBe(true);
  });
});

describe('filterBeneficiaries', () => {
  it('gives the list itself back when nothing filters', () => {
    expect(filterBeneficiaries(everyone, noFilters, undefined)).toBe(everyone);
  });

  it('keeps the files at a stage, a file without one counting as at accueil', () => {
    expect(ids(filterBeneficiaries(everyone, { ...noFilters, stage: 'diagnostic' }, undefined))).toEqual(['a', 'd']);
    expect(ids(filterBeneficiaries(everyone, { ...noFilters, stage: 'accueil' }, undefined))).toEqual(['c']);
  });

  it('keeps the files of a préfecture, and those a counsellor follows', () => {
    expect(ids(filterBeneficiaries(everyone, { ...noFilters, prefectureCode: 'CS-MOHAMMEDIA' }, undefined))).toEqual([
      'b',
      'd',
    ]);
    expect(ids(filterBeneficiaries(everyone, { ...noFilters, counsellorId: 'u1' }, undefined))).toEqual(['a', 'd']);
  });

  it('keeps only the overdue files, and none while they are being read', () => {
    const overdueOnly = { ...noFilters, overdueOnly: true };
    expect(ids(filterBeneficiaries(everyone, overdueOnly, new Set(['b', 'c'])))).toEqual(['b', 'c']);
    expect(filterBeneficiaries(everyone, overdueOnly, undefined)).toEqual([]);
  });

  it('applies every filter set at once', () => {
    const filters = {
      stage: 'diagnostic',
      prefectureCode: 'CS-MOHAMMEDIA',
      counsellorId: 'u1',
      overdueOnly: true,
    } as const;
    expect(ids(filterBeneficiaries(everyone, filters, new Set(['a', 'd'])))).toEqual(['d']);
    expect(ids(filterBeneficiaries(everyone, filters, new Set(['a'])))).toEqual([]);
  });
});

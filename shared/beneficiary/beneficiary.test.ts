import { describe, expect, it } from 'vitest';
import { beneficiaryDraftSchema, nationalNumberSchema } from './beneficiary';
import { hasUsualCinShape, normaliseCin } from './cin';

const now = Date.UTC(2026, 10, 28, 12);
const valid = {
  lastNameLatin: '  Aït   Benhaddou ',
  firstNameLatin: "M'hamed",
  lastNameArabic: 'آيت بنحدو',
  firstNameArabic: '',
  sex: 'M',
  dateOfBirth: '1985-02-28',
  cin: ' be-123 456',
  prefectureCode: 'CS-NOUACEUR',
  districtCode: '',
  arrondissementCode: '',
  addressLine: '',
  phone: '',
  phoneOther: '',
};

function issuesOf(input: Record<string, unknown>): Record<string, string> {
  const result = beneficiaryDraftSchema(now).safeParse(input);
  if (result.success) return {};
  const issues: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.join('.');
    expect(issues[path], `a second message for ${path}`).toBeUndefined();
    issues[path] = issue.message;
  }
  return issues;
}

describe('beneficiary draft', () => {
  it('normalises spaces and the CIN', () => {
    const draft = beneficiaryDraftSchema(now).parse(valid);
    expect(draft.lastNameLatin).toBe('Aït Benhaddou');
    expect(draft.cin).toBe('BE123456');
  });

  it('requires the Latin names, sex, birth date and préfecture, with i18n keys as messages', () => {
    expect(
      issuesOf({ ...valid, lastNameLatin: ' ', firstNameLatin: '', sex: '', dateOfBirth: '', prefectureCode: '' }),
    ).toEqual({
      lastNameLatin: 'errors.required',
      firstNameLatin: 'errors.required',
      sex: 'errors.sexRequired',
      dateOfBirth: 'errors.required',
      prefectureCode: 'errors.prefectureRequired',
    });
  });

  it('refuses the wrong script in each name field', () => {
    expect(issuesOf({ ...valid, lastNameLatin: 'بنعلي', firstNameArabic: 'Youssef' })).toEqual({
      lastNameLatin: 'errors.latinScript',
      firstNameArabic: 'errors.arabicScript',
    });
  });

  it.each([
    ['1990-02-30', 'errors.invalidDate'],
    ['1990-13-01', 'errors.invalidDate'],
    ['30/01/1990', 'errors.invalidDate'],
    ['2026-11-29', 'errors.dateInFuture'],
    ['2015-01-01', 'errors.tooYoung'],
    ['1920-01-01', 'errors.tooOld'],
  ])('refuses the birth date %s', (dateOfBirth, message) => {
    expect(issuesOf({ ...valid, dateOfBirth })).toEqual({ dateOfBirth: message });
  });

  it('accepts a birth date exactly 16 years ago today (Casablanca time)', () => {
    expect(issuesOf({ ...valid, dateOfBirth: '2010-11-28' })).toEqual({});
  });

  it('refuses an unknown préfecture and a CIN with symbols', () => {
    expect(issuesOf({ ...valid, prefectureCode: 'XX', cin: 'AB#1' })).toEqual({
      prefectureCode: 'errors.prefectureRequired',
      cin: 'errors.cinCharacters',
    });
  });
});

describe('CIN', () => {
  it('normalises case, spaces, dashes and dots', () => {
    expect(normaliseCin(' bk-65.43 21 ')).toBe('BK654321');
  });
  it.each(['BE123456', 'A12345', 'AB123456', '1234567890'])('finds %s usual', (cin) => {
    expect(hasUsualCinShape(cin)).toBe(true);
  });
  it.each(['X12', 'ABC12345', '123456', 'BE1234567'])('finds %s unusual', (cin) => {
    expect(hasUsualCinShape(cin)).toBe(false);
  });
});

describe('the address, level by level', () => {
  it('takes a préfecture or province of any region, and an address line', () => {
    expect(
      issuesOf({ ...valid, prefectureCode: 'TTA-TANGER-ASSILAH', addressLine: '  12, rue  Moussa Ibn Noussair ' }),
    ).toEqual({});
    const parsed = beneficiaryDraftSchema(now).parse({ ...valid, addressLine: '  12, rue  Moussa ' });
    expect(parsed.addressLine).toBe('12, rue Moussa');
    expect(issuesOf({ ...valid, prefectureCode: 'XX-NOWHERE' })).toEqual({
      prefectureCode: 'errors.prefectureRequired',
    });
  });

  it('takes a préfecture d’arrondissements and an arrondissement only where they belong', () => {
    const anfa = { ...valid, prefectureCode: 'CS-CASABLANCA', districtCode: 'CS-CASABLANCA-ANFA' };
    expect(issuesOf({ ...anfa, arrondissementCode: 'CS-CASABLANCA-ANFA-MAARIF' })).toEqual({});
    expect(issuesOf({ ...anfa, prefectureCode: 'CS-MOHAMMEDIA' })).toEqual({ districtCode: 'errors.districtMismatch' });
    expect(issuesOf({ ...anfa, arrondissementCode: 'CS-CASABLANCA-HAY-HASSANI-HAY-HASSANI' })).toEqual({
      arrondissementCode: 'errors.arrondissementMismatch',
    });
    expect(issuesOf({ ...anfa, districtCode: '', arrondissementCode: 'CS-CASABLANCA-ANFA-MAARIF' })).toEqual({
      arrondissementCode: 'errors.arrondissementMismatch',
    });
    expect(issuesOf({ ...valid, addressLine: 'x'.repeat(201) })).toEqual({ addressLine: 'errors.tooLong' });
  });
});

describe('phones', () => {
  it('stores what is typed as E.164, and leaves an empty one empty', () => {
    const parsed = beneficiaryDraftSchema(now).parse({ ...valid, phone: '06 12 34 56 78', phoneOther: '' });
    expect(parsed.phone).toBe('+212612345678');
    expect(parsed.phoneOther).toBe('');
  });

  it('says which number is wrong', () => {
    expect(issuesOf({ ...valid, phone: '0612', phoneOther: '05 22 12 34 56' })).toEqual({
      phone: 'errors.phoneInvalid',
    });
    expect(issuesOf({ ...valid, phoneOther: 'appeler le frère' })).toEqual({ phoneOther: 'errors.phoneInvalid' });
  });
});

describe('national number', () => {
  it('keeps 10 digits typed with spaces, refuses any other shape, allows none', () => {
    expect(nationalNumberSchema.parse(' 12345 67890 ')).toBe('1234567890');
    expect(nationalNumberSchema.parse('')).toBe('');
    for (const wrong of ['123456789', '12345678901', 'AB12345678'])
      expect(nationalNumberSchema.safeParse(wrong).error?.issues[0]?.message).toBe('errors.nationalNumber');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparableCin, nationalPhoneDigits, normaliseFileNumber } from './identifiers';

describe('nationalPhoneDigits', () => {
  it('keeps the 9 national digits of every usual format', () => {
    for (const phone of [
      '0612345678',
      '06 12 34 56 78',
      '06-12-34-56-78',
      '+212 6 12 34 56 78',
      '+212612345678',
      '00212612345678',
      '(+212) 612-345-678',
      '٠٦١٢٣٤٥٦٧٨',
      '612345678',
    ]) {
      expect({ phone, digits: nationalPhoneDigits(phone) }).toEqual({ phone, digits: '612345678' });
    }
  });

  it('keeps an incomplete number, less its trunk 0', () => {
    expect(nationalPhoneDigits('0612 34')).toBe('61234');
    expect(nationalPhoneDigits('')).toBe('');
    expect(nationalPhoneDigits('n/a')).toBe('');
  });

  it('is idempotent and never longer than 9 digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789 +-()٠٩'.split('')) }), (phone) => {
        const digits = nationalPhoneDigits(phone);
        expect(digits).toMatch(/^[0-9]{0,9}$/);
        if (digits.length === 9) expect(nationalPhoneDigits(digits)).toBe(digits);
      }),
    );
  });
});

describe('comparableCin and normaliseFileNumber', () => {
  it('normalise case, spaces, dashes and Arabic digits', () => {
    expect(comparableCin(' be-123 456')).toBe('BE123456');
    expect(comparableCin('ab١٢٣')).toBe('AB123');
    expect(comparableCin(undefined)).toBe('');
    expect(normaliseFileNumber('cas-2026-0042')).toBe('CAS20260042');
    expect(normaliseFileNumber('CAS 2026/0042')).toBe('CAS20260042');
    expect(normaliseFileNumber(undefined)).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { arabicListName, arabicProseName, latinName } from './displayName';

const amina = {
  lastNameLatin: 'El Idrissi',
  firstNameLatin: 'Amina',
  lastNameArabic: 'الإدريسي',
  firstNameArabic: 'أمينة',
};

describe('display names', () => {
  it('write the family name in capitals first in Latin, and both Arabic orders', () => {
    expect(latinName(amina)).toBe('EL IDRISSI Amina');
    expect(arabicListName(amina)).toBe('الإدريسي أمينة');
    expect(arabicProseName(amina)).toBe('أمينة الإدريسي');
  });

  it('give nothing for a script the file does not have', () => {
    expect(arabicListName({ ...amina, lastNameArabic: '', firstNameArabic: '' })).toBe('');
    expect(latinName({ ...amina, lastNameLatin: '', firstNameLatin: '' })).toBe('');
  });
});

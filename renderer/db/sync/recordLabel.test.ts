import { describe, expect, it } from 'vitest';
import { recordLabel } from './recordLabel';

const id = '0190a0b0-0000-7000-8000-000000000001';
const rachida = {
  lastNameLatin: 'Bennani',
  firstNameLatin: 'Rachida',
  lastNameArabic: 'بناني',
  firstNameArabic: 'رشيدة',
};

describe('the label of a record in the sync lists', () => {
  it('names a beneficiary in Latin letters, else in Arabic, else by the id’s start', () => {
    expect(recordLabel('beneficiaries', id, rachida)).toBe('Bennani Rachida');
    expect(recordLabel('beneficiaries', id, { lastNameArabic: 'بناني', firstNameArabic: 'رشيدة' })).toBe('بناني رشيدة');
    expect(recordLabel('beneficiaries', id, {})).toBe('0190a0b0');
  });

  it('names a record of a file by its person, with what names the record itself', () => {
    expect(recordLabel('incomeProjects', id, { title: 'Snack' }, rachida)).toBe('Bennani Rachida — Snack');
    expect(recordLabel('equipmentLines', id, { designation: ' Friteuse ' }, rachida)).toBe(
      'Bennani Rachida — Friteuse',
    );
    expect(recordLabel('fundingShares', id, { funder: 'indh' }, rachida)).toBe('Bennani Rachida');
    expect(recordLabel('lifeProjectActions', id, { description: 'x'.repeat(80) }, rachida)).toBe(
      `Bennani Rachida — ${'x'.repeat(59)}…`,
    );
    // The person not on this PC (another centre's file, removed since): what the record says.
    expect(recordLabel('incomeProjects', id, { title: 'Snack' })).toBe('Snack');
    expect(recordLabel('fundingShares', id, { funder: 'indh' })).toBe('0190a0b0');
  });

  it('names a ceremony by its place and date', () => {
    expect(recordLabel('ceremonies', id, { place: 'Préfecture Anfa', date: '2026-04-01' })).toBe(
      'Préfecture Anfa (2026-04-01)',
    );
    expect(recordLabel('ceremonies', id, { place: '', date: '' })).toBe('0190a0b0');
  });
});

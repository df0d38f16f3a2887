import { describe, expect, it } from 'vitest';
import { committeeDecisionFormSchema, equipmentLineFormSchema, fundingShareFormSchema } from './incomeProjectForms';

const line = (quantity: string, unitPrice: string) =>
  equipmentLineFormSchema.safeParse({ designation: 'Four', quantity, unitPrice, supplier: '', serialNumber: '' });
const firstMessage = (result: { error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

describe('the income-generating project forms', () => {
  it('read quantities and prices as a counsellor types them, in both scripts', () => {
    expect(line('2', '3 250,50').data).toMatchObject({ quantity: 2, unitPriceCentimes: 325_050 });
    expect(line('١٢', '٣٢٥٠٫٥').data).toMatchObject({ quantity: 12, unitPriceCentimes: 325_050 });
    expect(line(' 3 ', '1.121.215,07 DH').data).toMatchObject({ quantity: 3, unitPriceCentimes: 112_121_507 });
  });

  it('refuse impossible quantities and prices with one message at the field', () => {
    expect(firstMessage(line('', '10'))).toBe('errors.required');
    expect(firstMessage(line('-3', '10'))).toBe('errors.quantityInvalid');
    expect(firstMessage(line('2,5', '10'))).toBe('errors.quantityInvalid');
    expect(firstMessage(line('0', '10'))).toBe('errors.quantityInvalid');
    expect(firstMessage(line('5000', '10'))).toBe('errors.quantityTooLarge');
    expect(firstMessage(line('1', ''))).toBe('errors.required');
    expect(firstMessage(line('1', 'douze'))).toBe('errors.amountInvalid');
    expect(firstMessage(line('1', '-12'))).toBe('errors.amountNegative');
    expect(firstMessage(line('1', '12,345'))).toBe('errors.amountTooManyDecimals');
    expect(firstMessage(line('1', '0'))).toBe('errors.amountZero');
    expect(firstMessage(line('1', '2 000 000,01'))).toBe('errors.amountTooLarge');
  });

  it('ask a partner’s name only for a partner, and forget it otherwise', () => {
    expect(
      fundingShareFormSchema.safeParse({ funder: 'partenaire', partnerName: '', amount: '10' }).error?.issues[0]?.path,
    ).toEqual(['partnerName']);
    expect(fundingShareFormSchema.parse({ funder: 'indh', partnerName: 'Reste', amount: '10,5' })).toEqual({
      funder: 'indh',
      partnerName: '',
      amountCentimes: 1_050,
    });
    expect(firstMessage(fundingShareFormSchema.safeParse({ funder: '', partnerName: '', amount: '10' }))).toBe(
      'errors.required',
    );
  });

  it('need an amount granted for an approval only', () => {
    const schema = committeeDecisionFormSchema('2026-11-28');
    const base = { committee: 'CPDH', decisionDate: '2026-11-20', decisionReference: 'R-1', amountGranted: '' };
    expect(schema.parse({ ...base, decision: 'ajourne' }).amountGrantedCentimes).toBe(0);
    expect(schema.safeParse({ ...base, decision: 'approuve' }).error?.issues[0]).toMatchObject({
      path: ['amountGranted'],
      message: 'errors.required',
    });
    expect(schema.parse({ ...base, decision: 'approuve', amountGranted: '45 000' }).amountGrantedCentimes).toBe(
      4_500_000,
    );
    expect(
      schema.safeParse({ ...base, decision: 'approuve', amountGranted: '6 000 000' }).error?.issues[0],
    ).toMatchObject({
      path: ['amountGranted'],
      message: 'errors.amountTooLarge',
    });
    expect(
      schema.safeParse({ ...base, decisionDate: '2027-01-01', decision: 'refuse' }).error?.issues[0]?.message,
    ).toBe('errors.dateInFuture');
  });
});

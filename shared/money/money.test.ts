import { describe, expect, it } from 'vitest';
import {
  formatAmount,
  formatMoney,
  isCentimes,
  lineTotal,
  maxAmountCentimes,
  moneyErrors,
  parseAmount,
  sumCentimes,
  type MoneyError,
} from './money';

/** What a reader sees: without bidirectional marks, every kind of space as a plain space. */
function visible(text: string): string {
  return text.replace(/[\u200E\u200F\u061C]/gu, '').replace(/\s/gu, ' ');
}

describe('isCentimes', () => {
  it('accepts safe integers only', () => {
    expect([0, 1, -250, maxAmountCentimes, Number.MAX_SAFE_INTEGER].every(isCentimes)).toBe(true);
    expect([0.5, Number.NaN, Infinity, Number.MAX_SAFE_INTEGER + 1, '12', 12n, null].some(isCentimes)).toBe(false);
  });
});

describe('lineTotal', () => {
  it('multiplies a quantity by a unit price exactly', () => {
    expect(lineTotal(3, 1999)).toBe(5997);
    expect(lineTotal(0, 250_000)).toBe(0);
    expect(lineTotal(12, 200_000_000)).toBe(2_400_000_000);
    expect(Object.is(lineTotal(0, -5), 0)).toBe(true);
  });

  it('throws RangeError on a quantity that is not a whole number ≥ 0', () => {
    for (const quantity of [-1, 1.5, Number.NaN, Infinity]) {
      expect(() => lineTotal(quantity, 100)).toThrow(RangeError);
    }
    expect(() => lineTotal(1, 0.5)).toThrow(RangeError);
  });

  it('throws RangeError rather than return a rounded product', () => {
    expect(lineTotal(1, Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => lineTotal(2, Number.MAX_SAFE_INTEGER)).toThrow(RangeError);
    expect(() => lineTotal(10_000, maxAmountCentimes)).toThrow(RangeError);
  });
});

describe('sumCentimes', () => {
  it('adds exactly, where dirhams as floats would not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumCentimes([10, 20])).toBe(30);
    expect(sumCentimes([])).toBe(0);
    expect(sumCentimes(new Set([70_760_450, 123_334_169, 1_067_841_500]))).toBe(1_261_936_119);
  });

  it('does not depend on the order when a partial sum leaves the safe range', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(sumCentimes([max, max, -max])).toBe(max);
    expect(sumCentimes([max, -max, max])).toBe(max);
  });

  it('throws RangeError on an unsafe total or a value that is not centimes', () => {
    expect(() => sumCentimes([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(() => sumCentimes([1, 0.5])).toThrow(RangeError);
    expect(() => sumCentimes([Number.NaN])).toThrow(RangeError);
  });
});

describe('parseAmount', () => {
  const accepted: readonly (readonly [string, number])[] = [
    ['1234', 123_400],
    ['1234,5', 123_450],
    ['1234,56', 123_456],
    ['1 234,56', 123_456],
    ['1\u00A0234,56', 123_456],
    ['1\u202F234,56', 123_456],
    ['1.234,56', 123_456],
    ['1234.56', 123_456],
    ['1234.5', 123_450],
    ['1.234', 123_400],
    ['1.121.215,07', 112_121_507],
    ['1 121 215.07', 112_121_507],
    ['0,07', 7],
    ['0', 0],
    ['007', 700],
    ['  12  ', 1200],
    ['١٢٣٤٫٥٦', 123_456],
    ['١٬٢٣٤٫٥', 123_450],
    ['۱۲۳۴,۵۶', 123_456],
    ['١٢٣٤،٥٦', 123_456],
    ['12 DH', 1200],
    ['12DH', 1200],
    ['12 Dh', 1200],
    ['12 dhs', 1200],
    ['DH 12', 1200],
    ['MAD 1.234,56', 123_456],
    ['1 234,56 MAD', 123_456],
    ['12 dirhams', 1200],
    ['1 dirham', 100],
    ['12 د.م.', 1200],
    ['د.م. 12', 1200],
    ['12 درهم', 1200],
    ['درهم 12', 1200],
    ['10000000000', maxAmountCentimes],
    ['10.000.000.000,00 DH', maxAmountCentimes],
    ['\u200F1.121.215,07\u00A0د.م.\u200F', 112_121_507],
  ];
  it.each(accepted)('reads %j', (text, centimes) => {
    expect(parseAmount(text)).toEqual({ ok: true, value: centimes });
  });

  const refused: readonly (readonly [string, MoneyError])[] = [
    ['', 'errors.required'],
    [' \u00A0 ', 'errors.required'],
    ['-12', 'errors.amountNegative'],
    ['−12', 'errors.amountNegative'],
    ['-12 DH', 'errors.amountNegative'],
    ['DH -12', 'errors.amountNegative'],
    ['\u200E-12,50', 'errors.amountNegative'],
    ['12,345', 'errors.amountTooManyDecimals'],
    ['1234.567', 'errors.amountTooManyDecimals'],
    ['1.234,567', 'errors.amountTooManyDecimals'],
    ['10000000000,01', 'errors.amountTooLarge'],
    ['10.000.000.001', 'errors.amountTooLarge'],
    ['123456789012345678901234', 'errors.amountTooLarge'],
    ['abc', 'errors.amountInvalid'],
    ['DH', 'errors.amountInvalid'],
    ['12 34', 'errors.amountInvalid'],
    ['1.23.456', 'errors.amountInvalid'],
    ['1.234.56', 'errors.amountInvalid'],
    ['1.234 567', 'errors.amountInvalid'],
    ['1,234.56', 'errors.amountInvalid'],
    ['1,2,3', 'errors.amountInvalid'],
    [',50', 'errors.amountInvalid'],
    ['12,', 'errors.amountInvalid'],
    ['+12', 'errors.amountInvalid'],
    ['12-', 'errors.amountInvalid'],
    ['--12', 'errors.amountInvalid'],
    ['1e3', 'errors.amountInvalid'],
    ['DH 12 DH', 'errors.amountInvalid'],
    ['12 €', 'errors.amountInvalid'],
  ];
  it.each(refused)('refuses %j with %s', (text, error) => {
    expect(parseAmount(text)).toEqual({ ok: false, error });
  });

  it('only ever returns the declared error keys', () => {
    for (const [text] of refused) {
      const result = parseAmount(text);
      expect(!result.ok && moneyErrors.includes(result.error)).toBe(true);
    }
  });
});

describe('formatMoney and formatAmount', () => {
  it('write the Moroccan separators with the currency of each language', () => {
    expect(visible(formatMoney(112_121_507, 'fr'))).toBe('1.121.215,07 MAD');
    expect(visible(formatMoney(112_121_507, 'ar'))).toBe('1.121.215,07 د.م.');
  });

  it('keep the ar-MA digits Latin, as counsellors write them', () => {
    expect(formatMoney(112_121_507, 'ar')).toMatch(/^[\u200E\u200F]?1\.121\.215,07\s/u);
  });

  it('write table cells without currency, always with two decimals', () => {
    expect(formatAmount(112_121_507, 'fr')).toBe('1.121.215,07');
    expect(visible(formatAmount(112_121_507, 'ar'))).toBe('1.121.215,07');
    expect(formatAmount(7, 'fr')).toBe('0,07');
    expect(formatAmount(123_400, 'fr')).toBe('1.234,00');
    expect(formatAmount(maxAmountCentimes, 'fr')).toBe('10.000.000.000,00');
    expect(visible(formatAmount(-1250, 'fr'))).toBe('-12,50');
    expect(formatAmount(-0, 'fr')).toBe('0,00');
  });

  it('are exact beyond the precision of dirhams as floats', () => {
    // As a float, 9 007 199 254 740 991 / 100 prints …409,90: the text must come from the integer.
    expect(formatAmount(Number.MAX_SAFE_INTEGER, 'fr')).toBe('90.071.992.547.409,91');
    expect(formatAmount(9_007_199_254_740_893, 'fr')).toBe('90.071.992.547.408,93');
  });

  it('refuse what is not centimes', () => {
    expect(() => formatMoney(0.5, 'fr')).toThrow(RangeError);
    expect(() => formatAmount(Number.NaN, 'ar')).toThrow(RangeError);
  });
});

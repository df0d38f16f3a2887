import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Language } from '../i18n/language';
import {
  formatAmount,
  formatMoney,
  lineTotal,
  maxAmountCentimes,
  moneyErrors,
  parseAmount,
  sumCentimes,
} from './money';
import { amountInWords } from './words';

const languageArb = fc.constantFrom<Language>('fr', 'ar');

/** Amounts a counsellor can type, biased towards the small, the round and the ends of the range. */
const amountArb = fc.oneof(
  fc.integer({ min: 0, max: 10_000 }),
  fc.integer({ min: 0, max: 100_000_000 }),
  fc.integer({ min: 0, max: maxAmountCentimes }),
  fc.integer({ min: 0, max: 100_000 }).map((dirhams) => dirhams * 100),
  fc.integer({ min: 0, max: 10_000 }).map((thousands) => thousands * 100_000),
  fc.integer({ min: maxAmountCentimes - 1_000, max: maxAmountCentimes }),
);

/** Signed centimes, some near the ends of the safe range so that partial sums can leave it. */
const signedArb = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.integer({ min: -maxAmountCentimes, max: maxAmountCentimes }),
  fc.integer({ min: Number.MAX_SAFE_INTEGER - 10, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: -Number.MAX_SAFE_INTEGER + 10 }),
);

/** The value, or the fact that it threw a RangeError, so that two outcomes can be compared. */
function outcome(compute: () => number): number | 'RangeError' {
  try {
    return compute();
  } catch (error) {
    if (error instanceof RangeError) return 'RangeError';
    throw error;
  }
}

describe('lineTotal and sumCentimes', () => {
  it('sum equipment lines exactly as BigInt does', () => {
    const lineArb = fc.record({
      quantity: fc.integer({ min: 0, max: 10_000 }),
      unitPrice: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 1_000_000_000 })),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 200 }), (lines) => {
        const expected = lines.reduce((sum, line) => sum + BigInt(line.quantity) * BigInt(line.unitPrice), 0n);
        const total = sumCentimes(lines.map((line) => lineTotal(line.quantity, line.unitPrice)));
        expect(BigInt(total)).toBe(expected);
      }),
    );
  });

  it('give the same sum, or the same RangeError, in any order', () => {
    const valuesAndShuffleArb = fc
      .array(signedArb, { maxLength: 30 })
      .chain((values) =>
        fc.tuple(
          fc.constant(values),
          fc.shuffledSubarray(values, { minLength: values.length, maxLength: values.length }),
        ),
      );
    fc.assert(
      fc.property(valuesAndShuffleArb, ([values, shuffled]) => {
        const expected = values.reduce((sum, value) => sum + BigInt(value), 0n);
        const isSafe = expected <= BigInt(Number.MAX_SAFE_INTEGER) && expected >= BigInt(-Number.MAX_SAFE_INTEGER);
        expect(outcome(() => sumCentimes(values))).toBe(isSafe ? Number(expected) : 'RangeError');
        expect(outcome(() => sumCentimes(shuffled))).toBe(outcome(() => sumCentimes(values)));
        expect(outcome(() => sumCentimes([...values].reverse()))).toBe(outcome(() => sumCentimes(values)));
      }),
    );
  });

  it('multiply exactly when the product is safe, and throw RangeError otherwise', () => {
    const quantityArb = fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.maxSafeNat());
    const priceArb = fc.oneof(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.maxSafeInteger());
    fc.assert(
      fc.property(quantityArb, priceArb, (quantity, unitPrice) => {
        const exact = BigInt(quantity) * BigInt(unitPrice);
        const isSafe = exact <= BigInt(Number.MAX_SAFE_INTEGER) && exact >= BigInt(-Number.MAX_SAFE_INTEGER);
        expect(outcome(() => lineTotal(quantity, unitPrice))).toBe(isSafe ? Number(exact) : 'RangeError');
      }),
    );
  });
});

describe('parseAmount', () => {
  it('reads back what formatAmount and formatMoney print, in both languages', () => {
    fc.assert(
      fc.property(amountArb, languageArb, (centimes, language) => {
        expect(parseAmount(formatAmount(centimes, language))).toEqual({ ok: true, value: centimes });
        expect(parseAmount(formatMoney(centimes, language))).toEqual({ ok: true, value: centimes });
      }),
    );
  });

  it('reads amounts typed without grouping, with a comma or a dot', () => {
    fc.assert(
      fc.property(amountArb, fc.constantFrom(',', '.', '٫'), (centimes, decimal) => {
        const cents = String(centimes % 100).padStart(2, '0');
        const text = `${(centimes - (centimes % 100)) / 100}${decimal}${cents}`;
        expect(parseAmount(text)).toEqual({ ok: true, value: centimes });
      }),
    );
  });

  it('never throws, and answers with centimes in range or a declared error key', () => {
    const textArb = fc.oneof(
      fc.string(),
      fc.string({ unit: fc.constantFrom(...Array.from('0123456789٠١٢٣٤٥٦٧٨٩., ٫٬-DHMAD\u00A0\u202F\u200F')) }),
    );
    fc.assert(
      fc.property(textArb, (text) => {
        const result = parseAmount(text);
        if (result.ok) {
          expect(Number.isSafeInteger(result.value) && result.value >= 0 && result.value <= maxAmountCentimes).toBe(
            true,
          );
        } else {
          expect(moneyErrors).toContain(result.error);
        }
      }),
    );
  });
});

describe('amountInWords', () => {
  it('is clean text: no undefined, NaN, double or outer spaces; and deterministic', () => {
    fc.assert(
      fc.property(amountArb, languageArb, (centimes, language) => {
        const words = amountInWords(centimes, language);
        expect(words).not.toMatch(/undefined|NaN|null|\s\s|^\s|\s$/u);
        expect(amountInWords(centimes, language)).toBe(words);
      }),
    );
  });

  it('always names the currency', () => {
    fc.assert(
      fc.property(amountArb, (centimes) => {
        expect(amountInWords(centimes, 'fr')).toMatch(/dirham/u);
        expect(amountInWords(centimes, 'ar')).toMatch(/درهم|دراهم|درهما|درهمان/u);
      }),
    );
  });

  it('gives different words to different amounts (sample below 1 000 000 DH)', () => {
    const belowMillionArb = fc.integer({ min: 0, max: 100_000_000 - 1 });
    fc.assert(
      fc.property(belowMillionArb, belowMillionArb, languageArb, (first, second, language) => {
        fc.pre(first !== second);
        expect(amountInWords(first, language)).not.toBe(amountInWords(second, language));
      }),
    );
  });

  it('gives different words to every whole amount below 100 000 DH', () => {
    for (const language of ['fr', 'ar'] as const) {
      const seen = new Set<string>();
      for (let dirhams = 0; dirhams < 100_000; dirhams += 1) seen.add(amountInWords(dirhams * 100, language));
      expect(seen.size).toBe(100_000);
    }
  });
});

/**
 * Money in Masar: integer centimes of dirham (MAD), exact to the centime.
 *
 * Amounts are stored, summed and compared as safe integers of centimes, never as floating
 * dirhams: 0.1 + 0.2 is not 0.3 in binary floating point, and a handover receipt must add up to
 * the centime. Totals are always computed from their lines (`lineTotal`, `sumCentimes`), never
 * typed. Text crosses this module only at its edges: `parseAmount` for what a counsellor types,
 * `formatMoney`/`formatAmount` for display, `amountInWords` (words.ts) for receipts.
 *
 * Arithmetic throws `RangeError` instead of returning a result: its inputs were parsed and
 * bounded at the edge (forms, schemas), so an unsafe product or sum is a defect, and an
 * exception keeps a wrong total from ever being printed. User input gets a result with an error
 * key (`parseAmount`), which the renderer translates; nothing here holds French or Arabic text
 * for the UI.
 */
import { localeOf, type Language } from '../i18n/language';
import { failure, ok, type Result } from '../result';

/** An amount in centimes of dirham: a safe integer (negative only for differences). */
export type Centimes = number;

/**
 * The largest amount Masar accepts from a counsellor and writes in words: 10 000 000 000 DH.
 * Far above any project or ceremony total, and small enough that every sum of a few thousand such
 * amounts stays a safe integer (Number.MAX_SAFE_INTEGER is about 9e15 centimes).
 */
export const maxAmountCentimes: Centimes = 1_000_000_000_000;

/** Error keys for a typed amount; the renderer translates them (`errors.*` in its messages). */
export const moneyErrors = [
  'errors.required',
  'errors.amountInvalid',
  'errors.amountNegative',
  'errors.amountTooManyDecimals',
  'errors.amountTooLarge',
] as const;
export type MoneyError = (typeof moneyErrors)[number];

export type ParseAmountResult = Result<Centimes, MoneyError>;

export function isCentimes(value: unknown): value is Centimes {
  return Number.isSafeInteger(value);
}

function assertCentimes(value: Centimes, name: string): void {
  if (!isCentimes(value)) throw new RangeError(`${name} is not a safe integer of centimes: ${String(value)}`);
}

/** Turns -0 into 0, so that no "-0,00" ever reaches a screen or a receipt. */
function withoutNegativeZero(value: Centimes): Centimes {
  return value + 0;
}

/**
 * quantity × unit price, exact. Throws RangeError if the quantity is not a safe integer ≥ 0, the
 * price is not centimes, or the product is beyond Number.MAX_SAFE_INTEGER (the edge bounds both
 * factors, see the module header). A float product of two integers is exact whenever the exact
 * product is a safe integer, and is not a safe integer otherwise, so the check is sufficient.
 */
export function lineTotal(quantity: number, unitPriceCentimes: Centimes): Centimes {
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw new RangeError(`quantity must be a safe integer ≥ 0: ${String(quantity)}`);
  }
  assertCentimes(unitPriceCentimes, 'unit price');
  const total = quantity * unitPriceCentimes;
  if (!Number.isSafeInteger(total)) {
    throw new RangeError(`line total ${quantity} × ${unitPriceCentimes} is beyond a safe integer`);
  }
  return withoutNegativeZero(total);
}

/**
 * The exact sum. Accumulates in BigInt so that the result does not depend on the order of the
 * values (with differences, a partial sum may leave the safe range while the total does not).
 * Throws RangeError if a value is not centimes or the total is beyond a safe integer.
 */
export function sumCentimes(values: Iterable<Centimes>): Centimes {
  let total = 0n;
  for (const value of values) {
    assertCentimes(value, 'amount');
    total += BigInt(value);
  }
  const result = Number(total);
  if (!Number.isSafeInteger(result)) throw new RangeError(`sum ${total.toString()} is beyond a safe integer`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Parsing what a counsellor types
// ---------------------------------------------------------------------------------------------

/** Bidirectional marks: ar-MA formatting wraps amounts in U+200F and signs in U+200E. */
const bidiMarks = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/**
 * Currency words accepted before or after the amount, in any letter case: DH, DHS, MAD,
 * dirham(s), د.م. (with or without its last dot), درهم, دراهم, درهما.
 */
const currency = String.raw`(?:mad|dhs?|dirhams?|د\.م\.?|درهما?|دراهم)`;

/** Arabic-Indic (U+0660…) and Eastern Arabic-Indic (U+06F0…) digits to ASCII digits. */
function toAsciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/gu, (digit) => {
    const code = digit.codePointAt(0) ?? 0;
    return String(code - (code >= 0x06f0 ? 0x06f0 : 0x0660));
  });
}

/**
 * Puts typed text into one alphabet: ASCII digits, ',' for the decimal comma (Arabic ٫ and the
 * Arabic comma ، typed on an Arabic keyboard included), ' ' for every kind of space (no-break
 * U+00A0 and narrow no-break U+202F, as Intl prints them), and the Arabic thousands separator ٬
 * kept as its own kind of group separator.
 */
function normalise(text: string): string {
  return toAsciiDigits(text.replace(bidiMarks, ''))
    .replace(/[\u066B\u060C]/gu, ',')
    .replace(/\s+/gu, ' ')
    .trim();
}

type Digits = Result<{ integer: string; fraction: string }, MoneyError>;

const invalid = failure<MoneyError>('errors.amountInvalid');

/**
 * Digits of an integer part written with at most one kind of group separator (space, '.' or ٬):
 * either plain digits, or a first group of 1–3 digits followed by groups of exactly 3, so that a
 * slip such as "12 34" or "1.23.456" is refused rather than guessed.
 */
function groupedIntegerDigits(text: string): string | undefined {
  if (/^[0-9]+$/.test(text)) return text;
  const separators = new Set(text.replace(/[0-9]/g, ''));
  if (separators.size !== 1) return undefined;
  const [separator] = separators;
  if (separator === undefined || !' .\u066C'.includes(separator)) return undefined;
  const [first = '', ...rest] = text.split(separator);
  if (!/^[0-9]{1,3}$/.test(first) || !rest.every((group) => /^[0-9]{3}$/.test(group))) return undefined;
  return first + rest.join('');
}

function decimalDigits(integerText: string, fraction: string): Digits {
  if (!/^[0-9]+$/.test(fraction)) return invalid;
  if (fraction.length > 2) return failure('errors.amountTooManyDecimals');
  const integer = groupedIntegerDigits(integerText);
  return integer === undefined ? invalid : ok({ integer, fraction });
}

/**
 * Splits a normalised unsigned number into integer and fraction digits.
 * A comma is always the decimal separator (Moroccan usage). Without a comma, a single dot followed
 * by 1–2 digits is a decimal point ("1234.5", "1234.56"), and dots followed by groups of 3 digits
 * are thousands separators ("1.234" is one thousand two hundred and thirty-four dirhams, as a
 * Moroccan reads it; never 1,234 DH).
 */
function splitDigits(text: string): Digits {
  const commaParts = text.split(',');
  if (commaParts.length > 2) return invalid;
  if (commaParts.length === 2) return decimalDigits(commaParts[0] ?? '', commaParts[1] ?? '');
  const dotParts = text.split('.');
  if (dotParts.length === 2) {
    const [before = '', after = ''] = dotParts;
    if (/^[0-9]{1,2}$/.test(after)) return decimalDigits(before, after);
    const grouped = groupedIntegerDigits(text);
    if (grouped !== undefined) return ok({ integer: grouped, fraction: '' });
    // "1234.567" cannot be grouping, so it is a decimal point with too many decimals.
    return /^[0-9]+$/.test(after) ? decimalDigits(before, after) : invalid;
  }
  const integer = groupedIntegerDigits(text);
  return integer === undefined ? invalid : ok({ integer, fraction: '' });
}

function unsignedAmount(text: string): ParseAmountResult {
  const digits = splitDigits(text);
  if (!digits.ok) return digits;
  const integer = digits.value.integer.replace(/^0+(?=[0-9])/, '');
  // Eleven digits of dirhams hold the maximum; more cannot be converted exactly and are too large.
  if (integer.length > String(maxAmountCentimes / 100).length) return failure('errors.amountTooLarge');
  const value = Number(integer) * 100 + Number(digits.value.fraction.padEnd(2, '0'));
  return value > maxAmountCentimes ? failure('errors.amountTooLarge') : ok(value);
}

/**
 * An optional sign and currency around the number; the sign may come before or after a leading
 * currency ("-12 DH", "DH -12"). The number itself is checked by `unsignedAmount`.
 */
const amountShape = new RegExp(
  String.raw`^(?<sign>[-\u2212])?\s*(?<before>${currency})?\s*(?<signAfterCurrency>[-\u2212])?\s*(?<number>.*?)\s*(?<after>${currency})?$`,
  'iu',
);

/**
 * What a counsellor types, to centimes: "1234", "1234,5", "1 234,56", "1.234,56", "1234.56",
 * Arabic-Indic or Eastern Arabic digits with ٫ and ٬, with an optional currency (DH, MAD,
 * dirhams, د.م., درهم) before or after; and whatever `formatMoney`/`formatAmount` print.
 * Refuses with an error key: empty (`errors.required`), negative, more than 2 decimals, more
 * than `maxAmountCentimes`, or anything else (`errors.amountInvalid`).
 */
export function parseAmount(text: string): ParseAmountResult {
  const normalised = normalise(text);
  if (normalised === '') return failure('errors.required');
  const groups = amountShape.exec(normalised)?.groups;
  if (groups === undefined) return invalid;
  const { sign, before, signAfterCurrency, number = '', after } = groups;
  if ((sign !== undefined && signAfterCurrency !== undefined) || (before !== undefined && after !== undefined)) {
    return invalid;
  }
  const amount = unsignedAmount(number);
  if (amount.ok && (sign ?? signAfterCurrency) !== undefined) return failure('errors.amountNegative');
  return amount;
}

// ---------------------------------------------------------------------------------------------
// Display
// ---------------------------------------------------------------------------------------------

/**
 * The exact decimal text of an amount ("-1121215.07"). Intl.NumberFormat formats such a string
 * exactly (ES2023), whereas centimes / 100 as a float is already rounded.
 */
function decimalText(centimes: Centimes): `${number}` {
  assertCentimes(centimes, 'amount');
  const magnitude = Math.abs(centimes);
  const cents = magnitude % 100;
  const dirhams = (magnitude - cents) / 100;
  const text = `${centimes < 0 ? '-' : ''}${dirhams}.${String(cents).padStart(2, '0')}`;
  return text as `${number}`;
}

const twoDecimals = { minimumFractionDigits: 2, maximumFractionDigits: 2 } as const;

const moneyFormats = new Map<Language, Intl.NumberFormat>();
const amountFormats = new Map<Language, Intl.NumberFormat>();

function moneyFormat(language: Language): Intl.NumberFormat {
  let format = moneyFormats.get(language);
  if (format === undefined) {
    format = new Intl.NumberFormat(localeOf[language], { style: 'currency', currency: 'MAD', ...twoDecimals });
    moneyFormats.set(language, format);
  }
  return format;
}

function amountFormat(language: Language): Intl.NumberFormat {
  let format = amountFormats.get(language);
  if (format === undefined) {
    format = new Intl.NumberFormat(localeOf[language], twoDecimals);
    amountFormats.set(language, format);
  }
  return format;
}

/**
 * An amount with its currency, as the locale writes it. Node 20 (ICU 78) prints 112121507 as
 * "1.121.215,07\u00A0MAD" in fr-MA and "\u200F1.121.215,07\u00A0د.م.\u200F" in ar-MA (right-to-left
 * marks around it); Chromium's ICU may differ in spaces and marks, which `parseAmount` ignores.
 */
export function formatMoney(centimes: Centimes, language: Language): string {
  return moneyFormat(language).format(decimalText(withoutNegativeZero(centimes)));
}

/** The same digits and separators without the currency, for table cells ("1.121.215,07"). */
export function formatAmount(centimes: Centimes, language: Language): string {
  return amountFormat(language).format(decimalText(withoutNegativeZero(centimes)));
}

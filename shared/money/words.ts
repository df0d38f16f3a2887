/**
 * Amounts in words for handover receipts (procès-verbal de remise), which state every total "in
 * figures and in words", in French and in Arabic. The words are the legal statement of the amount,
 * so they must be exact and unambiguous; both languages always name the dirhams (even "zéro
 * dirham" / "صفر درهم") and name the centimes only when there are some.
 */
import { isCentimes, maxAmountCentimes, type Centimes } from './money';
import type { Language } from '../i18n/language';

/** The amount in words, for 0 ≤ centimes ≤ `maxAmountCentimes`; throws RangeError otherwise. */
export function amountInWords(centimes: Centimes, language: Language): string {
  if (!isCentimes(centimes) || centimes < 0 || centimes > maxAmountCentimes) {
    throw new RangeError(`amount out of range for words: ${String(centimes)}`);
  }
  const cents = centimes % 100;
  const dirhams = (centimes - cents) / 100;
  return language === 'fr' ? frenchAmount(dirhams, cents) : arabicAmount(dirhams, cents);
}

/** Splits a whole number into thousands groups, highest first: 1121215 → [1, 121, 215]. */
function groupsOfThousand(value: number): number[] {
  const groups: number[] = [];
  let rest = value;
  do {
    groups.unshift(rest % 1000);
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups;
}

// ---------------------------------------------------------------------------------------------
// French
//
// Traditional spelling (the one of the Académie française before the optional 1990
// rectifications), which Moroccan administrative documents, laws and receipts use: hyphens only
// between tens and units below one hundred, none around "cent", "mille", "million":
//   - 21, 31, 41, 51, 61 and 71 take "et" without hyphens: "vingt et un", "soixante et onze";
//     81 and 91 do not: "quatre-vingt-un", "quatre-vingt-onze".
//   - "vingt" (in 80) and "cent" take an s when multiplied and ending the number: "quatre-vingts",
//     "deux cents", but "quatre-vingt-un", "deux cent un", "deux cent mille" ("mille" is an
//     invariable numeral); "million" and "milliard" are nouns, so "quatre-vingts millions",
//     "deux cents millions".
//   - "mille", never "un mille"; "cent", never "un cent"; "un million", "deux millions",
//     "un milliard", "deux milliards".
//   - The noun: "un dirham", "zéro dirham", otherwise "dirhams"; "de dirhams" after a number
//     ending in whole millions or milliards ("un million de dirhams", "deux milliards trois
//     millions de dirhams", but "un million cent dirhams"); "un centime", "sept centimes".
// Sources: Grevisse & Goosse, Le Bon Usage, §§ 593–598 (adjectifs numéraux cardinaux);
// Académie française, Dictionnaire, 9e éd., s.v. « cent », « vingt », « mille ».
// ---------------------------------------------------------------------------------------------

const frenchUnits = [
  'zéro',
  'un',
  'deux',
  'trois',
  'quatre',
  'cinq',
  'six',
  'sept',
  'huit',
  'neuf',
  'dix',
  'onze',
  'douze',
  'treize',
  'quatorze',
  'quinze',
  'seize',
] as const;
const frenchTens = ['', 'dix', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante'] as const;

function at<T>(table: readonly T[], index: number): T {
  const entry = table[index];
  if (entry === undefined) throw new RangeError(`no entry ${index}`);
  return entry;
}

/** 0–99; `isFinal`: nothing but a noun follows, so 80 is "quatre-vingts". */
function frenchBelowHundred(value: number, isFinal: boolean): string {
  if (value < 17) return at(frenchUnits, value);
  if (value < 20) return `dix-${at(frenchUnits, value - 10)}`;
  const tens = Math.floor(value / 10);
  const units = value % 10;
  // 70–79 and 90–99 count on from soixante and quatre-vingt: soixante-dix, quatre-vingt-onze.
  if (tens === 7) return units === 1 ? 'soixante et onze' : `soixante-${frenchBelowHundred(10 + units, false)}`;
  if (tens === 8)
    return units === 0 ? (isFinal ? 'quatre-vingts' : 'quatre-vingt') : `quatre-vingt-${at(frenchUnits, units)}`;
  if (tens === 9) return `quatre-vingt-${frenchBelowHundred(10 + units, false)}`;
  const tensWord = at(frenchTens, tens);
  if (units === 0) return tensWord;
  return units === 1 ? `${tensWord} et un` : `${tensWord}-${at(frenchUnits, units)}`;
}

/** 1–999; `isFinal`: nothing follows but a noun (dirhams, millions), so "cents"/"vingts" take an s. */
function frenchBelowThousand(value: number, isFinal: boolean): string {
  const hundreds = Math.floor(value / 100);
  const rest = value % 100;
  const words: string[] = [];
  if (hundreds === 1) words.push('cent');
  if (hundreds > 1) words.push(`${at(frenchUnits, hundreds)} ${rest === 0 && isFinal ? 'cents' : 'cent'}`);
  if (rest > 0) words.push(frenchBelowHundred(rest, isFinal));
  return words.join(' ');
}

/** A whole number 0 – 10^10 in French words. */
function frenchNumber(value: number): string {
  if (value === 0) return 'zéro';
  const groups = groupsOfThousand(value);
  const words: string[] = [];
  groups.forEach((count, index) => {
    if (count === 0) return;
    const scale = groups.length - 1 - index;
    if (scale === 0) words.push(frenchBelowThousand(count, true));
    else if (scale === 1) words.push(count === 1 ? 'mille' : `${frenchBelowThousand(count, false)} mille`);
    else {
      const noun = scale === 2 ? 'million' : 'milliard';
      words.push(`${frenchBelowThousand(count, true)} ${noun}${count > 1 ? 's' : ''}`);
    }
  });
  return words.join(' ');
}

function frenchDirhams(dirhams: number): string {
  if (dirhams === 0) return 'zéro dirham';
  if (dirhams === 1) return 'un dirham';
  const isWholeMillions = dirhams % 1_000_000 === 0;
  return `${frenchNumber(dirhams)} ${isWholeMillions ? 'de dirhams' : 'dirhams'}`;
}

function frenchAmount(dirhams: number, cents: number): string {
  if (cents === 0) return frenchDirhams(dirhams);
  const centimes = cents === 1 ? 'un centime' : `${frenchNumber(cents)} centimes`;
  return `${frenchDirhams(dirhams)} et ${centimes}`;
}

// ---------------------------------------------------------------------------------------------
// Arabic (Modern Standard Arabic, nominative case, as on Moroccan official documents)
//
// Rules implemented (W. Wright, A Grammar of the Arabic Language, 3rd ed., vol. I §§ 321–330 and
// vol. II §§ 99–101; K. Ryding, A Reference Grammar of Modern Standard Arabic, 2005, ch. 15;
// عباس حسن، النحو الوافي، ج 4، باب العدد):
//   - Every counted noun here is masculine (درهم، سنتيم، ألف، مليون، مليار), so 3–10 take the
//     feminine form (ثلاثة … عشرة), 11 and 12 are أحد عشر and اثنا عشر, 13–19 ثلاثة عشر …
//     تسعة عشر, and units come before tens joined by و: واحد وعشرون، خمسة وتسعون.
//   - Hundreds: مائة، مائتان، ثلاثمائة … تسعمائة, written in one word and with the ا of مائة,
//     as Moroccan official texts write them.
//   - The counted noun (تمييز) depends on the last counted part:
//       1 → noun then واحد (درهم واحد); 2 → the dual alone (درهمان، ألفان، مليونان);
//       3–10 → genitive plural (ثلاثة دراهم، عشرة آلاف، ثلاثة ملايين);
//       11–99 → accusative singular (درهما، ألفا، مليونا);
//       100, 1000 and above, i.e. last two digits 00 → genitive singular (مائة درهم، ثلاثة آلاف
//       درهم، مليون درهم).
//   - After a hundred, a final 1 or 2 is not a counted number but a second noun phrase joined
//     by و, since واحد and اثنان take no تمييز: 101 DH → مائة ودرهم واحد, 102 DH → مائة ودرهمان;
//     for a thousands or millions group the word is repeated so that the text cannot be read as
//     a sum of groups: 101 000 → مائة ألف وألف (not مائة وألف, which also reads 1 100).
//   - A number directly followed by its noun is its first term (مضاف): the dual loses its ن and
//     the tanween goes: مائتا درهم، ألفا درهم، مليونا درهم، عشرون ألف درهم، مائتا ألف.
//   - Groups are joined by و: مليون ومائة وواحد وعشرون ألفا ومائتان وخمسة عشر درهما.
// No vowel marks: the tanween of the accusative is written with its alif only (ألفا، درهما).
// ---------------------------------------------------------------------------------------------

/** The forms of a counted masculine noun that a number can call for. */
type ArabicNoun = {
  /** Genitive singular, after 100, 1000…: درهم. */
  singular: string;
  /** The noun counted once: درهم واحد; a scale word stands alone: ألف. */
  one: string;
  /** Nominative dual, standing alone: درهمان، ألفان. */
  dual: string;
  /** Dual as the first term of an idafa (ألفا درهم). */
  dualConstruct: string;
  /** Genitive plural after 3–10: دراهم، آلاف. */
  plural: string;
  /** Accusative singular after 11–99: درهما، ألفا. */
  accusative: string;
};

/** The currency ends the phrase, so its dual is never the first term of an idafa. */
const dirhamNoun: ArabicNoun = {
  singular: 'درهم',
  one: 'درهم واحد',
  dual: 'درهمان',
  dualConstruct: 'درهمان',
  plural: 'دراهم',
  accusative: 'درهما',
};
const centimeNoun: ArabicNoun = {
  singular: 'سنتيم',
  one: 'سنتيم واحد',
  dual: 'سنتيمان',
  dualConstruct: 'سنتيمان',
  plural: 'سنتيمات',
  accusative: 'سنتيما',
};
/** Thousands, millions, milliards (مليار, the Moroccan word for 10^9). */
const scaleNouns: readonly ArabicNoun[] = [
  { singular: 'ألف', one: 'ألف', dual: 'ألفان', dualConstruct: 'ألفا', plural: 'آلاف', accusative: 'ألفا' },
  { singular: 'مليون', one: 'مليون', dual: 'مليونان', dualConstruct: 'مليونا', plural: 'ملايين', accusative: 'مليونا' },
  {
    singular: 'مليار',
    one: 'مليار',
    dual: 'ملياران',
    dualConstruct: 'مليارا',
    plural: 'مليارات',
    accusative: 'مليارا',
  },
];

const arabicUnits = ['', 'واحد', 'اثنان', 'ثلاثة', 'أربعة', 'خمسة', 'ستة', 'سبعة', 'ثمانية', 'تسعة', 'عشرة'] as const;
const arabicTens = ['', '', 'عشرون', 'ثلاثون', 'أربعون', 'خمسون', 'ستون', 'سبعون', 'ثمانون', 'تسعون'] as const;
const arabicHundreds = [
  '',
  'مائة',
  'مائتان',
  'ثلاثمائة',
  'أربعمائة',
  'خمسمائة',
  'ستمائة',
  'سبعمائة',
  'ثمانمائة',
  'تسعمائة',
] as const;

const and = ' و';

/** 1–99, masculine nominative. */
function arabicBelowHundred(value: number): string {
  if (value <= 10) return at(arabicUnits, value);
  if (value === 11) return 'أحد عشر';
  if (value === 12) return 'اثنا عشر';
  if (value < 20) return `${at(arabicUnits, value - 10)} عشر`;
  const units = value % 10;
  const tens = at(arabicTens, Math.floor(value / 10));
  return units === 0 ? tens : `${at(arabicUnits, units)}${and}${tens}`;
}

/** 1–999; `isConstruct`: a noun follows directly, so a bare 200 is مائتا. */
function arabicBelowThousand(value: number, isConstruct: boolean): string {
  const hundreds = Math.floor(value / 100);
  const rest = value % 100;
  const words: string[] = [];
  if (hundreds > 0) words.push(hundreds === 2 && rest === 0 && isConstruct ? 'مائتا' : at(arabicHundreds, hundreds));
  if (rest > 0) words.push(arabicBelowHundred(rest));
  return words.join(and);
}

/**
 * `count` (1–999) of a noun, with the noun in the form the count calls for. `isConstruct`: another
 * noun follows directly (ألف followed by درهم), which only changes a final dual or tanween.
 */
function countedNoun(count: number, noun: ArabicNoun, isConstruct: boolean): string {
  if (count === 1) return noun.one;
  if (count === 2) return isConstruct ? noun.dualConstruct : noun.dual;
  const lastTwo = count % 100;
  if (lastTwo === 0) return `${arabicBelowThousand(count, true)} ${noun.singular}`;
  if (lastTwo <= 2)
    return `${countedNoun(count - lastTwo, noun, false)}${and}${countedNoun(lastTwo, noun, isConstruct)}`;
  const number = arabicBelowThousand(count, false);
  if (lastTwo <= 10) return `${number} ${noun.plural}`;
  return `${number} ${isConstruct ? noun.singular : noun.accusative}`;
}

/**
 * The groups of a whole number ≥ 1 in words. `isConstruct`: the currency noun follows directly
 * (the number ends in 00), so the last group is the first term of an idafa.
 */
function arabicGroups(groups: readonly number[], isConstruct: boolean): string[] {
  const lastNonZero = groups.findLastIndex((count) => count !== 0);
  const words: string[] = [];
  groups.forEach((count, index) => {
    if (count === 0) return;
    const scale = groups.length - 1 - index;
    const construct = isConstruct && index === lastNonZero;
    words.push(
      scale === 0 ? arabicBelowThousand(count, construct) : countedNoun(count, at(scaleNouns, scale - 1), construct),
    );
  });
  return words;
}

/** Whole dirhams (or centimes, < 100) with their noun. */
function arabicCounted(value: number, noun: ArabicNoun): string {
  if (value === 0) return `صفر ${noun.singular}`;
  const lastTwo = value % 100;
  if (lastTwo === 1 || lastTwo === 2) {
    // A final 1 or 2 is a noun phrase of its own after the rest of the number (مائة ودرهم واحد).
    const counted = lastTwo === 1 ? noun.one : noun.dual;
    const rest = value - lastTwo;
    return rest === 0 ? counted : [...arabicGroups(groupsOfThousand(rest), false), counted].join(and);
  }
  const number = arabicGroups(groupsOfThousand(value), lastTwo === 0).join(and);
  if (lastTwo === 0) return `${number} ${noun.singular}`;
  return `${number} ${lastTwo <= 10 ? noun.plural : noun.accusative}`;
}

function arabicAmount(dirhams: number, cents: number): string {
  const words = arabicCounted(dirhams, dirhamNoun);
  return cents === 0 ? words : `${words}${and}${arabicCounted(cents, centimeNoun)}`;
}

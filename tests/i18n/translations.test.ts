/**
 * The strings of both languages, in one walk over every i18next namespace (the screens'
 * `translation`, as registered with i18next, and the printed documents' counted sentences,
 * `print`): the same keys in French and Arabic, the same placeholders, and every number a person
 * reads next to a noun through i18next's plural forms — French `_one` (0 and 1) and `_other`;
 * Arabic `_zero`, `_one`, `_two`, `_few`, `_many`, `_other`. A new string that counts without plural
 * forms, or that one language lacks, fails here. It reads the whole renderer (features and printed
 * documents included), hence its place here rather than in renderer/i18n/, which imports nothing
 * above it. That a key given to `t` exists is the type checker's work (renderer/i18n/resources.ts).
 */
/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/i18n/language';
import { summaryHeadline } from '../../renderer/features/ceremonies/summaryHeadline';
import { printCountsAr, printCountsFr, printStrings } from '../../renderer/print/templates/printStrings';
import { formatNumber } from '../../renderer/i18n/format';
import { createI18n } from '../../renderer/i18n/i18n';
import { isTranslationKey, type TranslationKey } from '../../renderer/i18n/resources';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`),
  );
}

/** Every string of a language: the screens' (as registered with i18next) and the documents' counted ones. */
function strings(language: Language): Map<string, string> {
  const screens = createI18n(language).getResourceBundle(language, 'translation') as Tree;
  const documents = language === 'fr' ? printCountsFr : printCountsAr;
  return new Map([...leaves(screens), ...leaves(documents, 'print.')]);
}

const french = strings('fr');
const arabic = strings('ar');

const pluralSuffix = /_(zero|one|two|few|many|other)$/;
const arabicForms = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
const placeholders = (text: string) => [...new Set([...text.matchAll(/{{(\w+)}}/g)].map((match) => match[1] ?? ''))];
const showsTheNumber = (text: string) => /{{(formatted|count)}}/.test(text);
/** The keys of counted strings: `x.y` for `x.y_one`, `x.y_other`… */
const countedBases = (messages: Map<string, string>) =>
  [...messages.keys()].filter((key) => key.endsWith('_other')).map((key) => key.slice(0, -'_other'.length));

describe('the strings of both languages', () => {
  it('are found (the walk sees every namespace: the screens and the documents)', () => {
    expect(french.size).toBeGreaterThan(1000);
    for (const area of [
      'admin.',
      'sync.',
      'casefile.',
      'sections.',
      'agr.',
      'ceremonies.',
      'setup.',
      'audit.',
      'print.',
    ])
      expect(
        [...arabic.keys()].some((key) => key.startsWith(area)),
        area,
      ).toBe(true);
  });

  it('have the same keys, Arabic adding only the plural forms of a counted string', () => {
    const counted = new Set(countedBases(french));
    const missingInArabic = [...french.keys()].filter((key) => !arabic.has(key));
    const onlyInArabic = [...arabic.keys()].filter(
      (key) => !french.has(key) && !(pluralSuffix.test(key) && counted.has(key.replace(pluralSuffix, ''))),
    );
    expect(missingInArabic).toEqual([]);
    expect(onlyInArabic).toEqual([]);
    for (const [key, text] of arabic) expect(text.trim(), `ar ${key}`).not.toBe('');
  });

  it('have the same placeholders (a plural form may leave some out, never add one)', () => {
    const sorted = (text: string | undefined) => placeholders(text ?? '').sort();
    for (const [key, text] of arabic) {
      const base = key.replace(pluralSuffix, '');
      if (base === key) {
        expect(sorted(text), `ar ${key}`).toEqual(sorted(french.get(key)));
        continue;
      }
      const frenchForms = [...french].filter(([other]) => other.replace(pluralSuffix, '') === base);
      const allowed = new Set(frenchForms.flatMap(([, form]) => placeholders(form)));
      for (const name of placeholders(text)) expect(allowed.has(name), `ar ${key}: {{${name}}}`).toBe(true);
    }
  });
});

describe('keys', () => {
  const i18n = createI18n('fr');

  it('given to `t` are checked by the compiler, a counted string by its base key', () => {
    // @ts-expect-error -- not a key of the French strings: `tsc -b` fails without this line's directive.
    expect(i18n.t('app.nmae')).toBe('app.nmae');
    const loose: string = 'app.name';
    // @ts-expect-error -- nor is any `string`: a key built at run time comes from a typed map.
    expect(i18n.t(loose)).toBe('Masar');
    const counted: TranslationKey = 'beneficiaries.count';
    // @ts-expect-error -- `TranslationKey` holds the keys of the French strings only.
    const wrong: TranslationKey = 'beneficiaries.counts';
    expect(i18n.t(counted, { count: 2, formatted: '2' })).toBe('2 bénéficiaires');
    expect([isTranslationKey(counted), isTranslationKey(wrong), isTranslationKey('app')]).toEqual([true, false, false]);
  });

  it('of the schemas (shared/, which cannot see the renderer) are all in the strings', () => {
    // zod takes a message as a `string`: the forms narrow it (`messageKey`, falling back on
    // `errors.invalid`), and this test holds every message written in shared/ to being a key.
    const sources = import.meta.glob<string>(['../../shared/**/*.ts', '!../../shared/**/*.test.ts'], {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    const messages = Object.entries(sources).flatMap(([file, source]) =>
      [...source.matchAll(/'(errors\.[\w.]+)'/g)].map((match) => [file, match[1] ?? ''] as const),
    );
    expect(messages.length).toBeGreaterThan(100);
    expect(messages.filter(([, key]) => !isTranslationKey(key))).toEqual([]);
  });
});

/**
 * Placeholders that hold a number. Every placeholder of every string is in this list or in
 * `notCounts`: a new one must be classified here before its strings pass.
 */
const counts = new Set(['count', 'formatted', 'seconds', 'minutes', 'sent', 'total', 'size']);
const notCounts = new Set([
  // names, titles, words
  ...['action', 'by', 'cin', 'code', 'committee', 'decision', 'deletedBy', 'description', 'designation'],
  ...['editedBy', 'engine', 'field', 'from', 'funder', 'label', 'message', 'name', 'orientation', 'path'],
  ...['phase', 'place', 'query', 'reason', 'record', 'short', 'stage', 'status', 'title', 'to', 'username'],
  ...['value', 'who', 'names', 'list'],
  // dates
  ...['absolute', 'relative', 'date', 'deadline'],
  // money (formatted amounts, amounts in words: their own grammar in shared/money)
  ...['amount', 'approved', 'current', 'words'],
  // an order, not a quantity ("version 2", "schéma v9")
  ...['version', 'schemaVersion', 'line'],
  // already counted: by Intl's CLDR units ("12 minutes", "3 أيام"), or by a plural key of ours
  ...['offset', 'changes', 'records', 'attempts', 'beneficiaries', 'women', 'men'],
]);

/** Strings that show a number with no noun to agree with it, and why. */
const figuresWithoutAgreement = new Map([
  ['sync.page.countLabel', 'a figure in parentheses after a tab label: "Journal (3)"'],
  ['sync.dialog.sending', 'a progress fraction: "Envoi 30 / 120"'],
  ['sync.duration.seconds', 'an abbreviated unit: "12 s", "12 ث"'],
  ['sync.duration.minutes', 'abbreviated units: "2 min 05 s", "2 د 05 ث"'],
  ['ceremonies.sign.scanLoaded', 'an abbreviated unit: "(240 Ko)", "(240 ك.ب)"'],
  ['sync.values.image', 'an abbreviated unit: "Image (12 Ko)", "صورة (12 ك.ب)"'],
]);

describe('counted strings', () => {
  it('are found (the walk sees the screens and the documents)', () => {
    expect(countedBases(french)).toEqual(
      expect.arrayContaining([
        'beneficiaries.count',
        'ceremonies.summary.women',
        'print.women',
        'auth.autoLockMinutes',
      ]),
    );
    expect(countedBases(french).length).toBeGreaterThan(25);
  });

  it('in French: every _other has its _one, and no form is alone', () => {
    for (const base of countedBases(french)) expect(french.has(`${base}_one`), `${base}_one`).toBe(true);
    for (const key of french.keys()) {
      const base = key.replace(pluralSuffix, '');
      if (base !== key) expect(french.has(`${base}_other`), `${key} without ${base}_other`).toBe(true);
      expect(key, 'French has no dual or few/many form').not.toMatch(/_(two|few|many)$/);
    }
  });

  it('in Arabic: every counted string has its six forms, and counts where French counts', () => {
    expect(countedBases(arabic).sort()).toEqual(countedBases(french).sort());
    for (const base of countedBases(arabic))
      for (const form of arabicForms) expect(arabic.get(`${base}_${form}`)?.trim(), `${base}_${form}`).toBeTruthy();
    for (const key of arabic.keys()) {
      const base = key.replace(pluralSuffix, '');
      if (base !== key) expect(arabic.has(`${base}_other`), `${key} without ${base}_other`).toBe(true);
    }
  });

  it('show the number wherever the form serves more than one number', () => {
    for (const [key, text] of french) {
      // French `_one` also serves 0, unless a `_zero` says "Aucun…": a written "1" would be wrong for 0.
      const base = key.replace(pluralSuffix, '');
      if (key.endsWith('_other') || (key.endsWith('_one') && !french.has(`${base}_zero`)))
        expect(showsTheNumber(text), `fr ${key}: ${text}`).toBe(true);
    }
    // Arabic zero, one and two are one number each and may say it in words (مستفيد واحد، مستفيدان).
    for (const [key, text] of arabic)
      if (/_(few|many|other)$/.test(key)) expect(showsTheNumber(text), `ar ${key}: ${text}`).toBe(true);
  });

  it('are the only strings that show a count: a number with a noun is a plural key', () => {
    for (const [language, messages] of [
      ['fr', french],
      ['ar', arabic],
    ] as const)
      for (const [key, text] of messages) {
        const names = placeholders(text);
        for (const name of names)
          expect(
            counts.has(name) || notCounts.has(name),
            `${language} ${key}: is {{${name}}} a number? Classify it in translations.test.ts`,
          ).toBe(true);
        if (!names.some((name) => counts.has(name)) || pluralSuffix.test(key)) continue;
        expect(figuresWithoutAgreement.has(key), `${language} ${key} counts without plural forms: ${text}`).toBe(true);
      }
    // The exceptions still exist and still show a number (none is left over from a removed string).
    for (const key of figuresWithoutAgreement.keys()) {
      expect(
        placeholders(french.get(key) ?? '').some((name) => counts.has(name)),
        key,
      ).toBe(true);
      expect(
        placeholders(arabic.get(key) ?? '').some((name) => counts.has(name)),
        key,
      ).toBe(true);
    }
  });
});

/** The renderer's source files (tests apart): where the screens call `t`. */
function sourceFiles(): [string, string][] {
  const sources = import.meta.glob<string>(['../../renderer/**/*.{ts,tsx}', '!../../renderer/**/*.test.{ts,tsx}'], {
    query: '?raw',
    import: 'default',
    eager: true,
  });
  return Object.entries(sources);
}

/** The call a string literal sits in: from its callee's name to its closing parenthesis. */
function enclosingCall(source: string, at: number): string {
  let depth = 0;
  let start = at;
  while (start > 0 && depth >= 0) {
    start -= 1;
    if (source[start] === ')') depth += 1;
    else if (source[start] === '(') depth -= 1;
  }
  let end = start;
  for (depth = 0; end < source.length; end += 1) {
    if (source[end] === '(') depth += 1;
    else if (source[end] === ')' && --depth === 0) break;
  }
  const callee = /[\w.]+$/.exec(source.slice(Math.max(0, start - 40), start))?.[0] ?? '';
  return `${callee}${source.slice(start, end + 1)}`;
}

describe('screens that show a count', () => {
  it('pass it as `count`, from which i18next picks the form', () => {
    // `counted` and `countText` (sync screens) call `t(key, { count, formatted })` themselves.
    const passesCount = /\bcount\b|^(counted|countText)\(/;
    const bases = countedBases(french).filter((base) => !base.startsWith('print.'));
    const calls: string[] = [];
    for (const [file, source] of sourceFiles())
      for (const base of bases)
        for (const match of source.matchAll(new RegExp(`['"\`]${base.replaceAll('.', '\\.')}['"\`]`, 'g'))) {
          const call = enclosingCall(source, match.index);
          calls.push(call);
          expect(passesCount.test(call), `${file}: ${call}`).toBe(true);
        }
    expect(calls.length).toBeGreaterThan(20);
  });
});

describe('counts as read', () => {
  const numbers = [0, 1, 2, 3, 11, 100] as const;
  const i18n = { fr: createI18n('fr'), ar: createI18n('ar') };
  const render = (language: Language, key: TranslationKey, extra: Record<string, unknown> = {}) =>
    numbers.map((count) => i18n[language].t(key, { count, formatted: formatNumber(count, language), ...extra }));

  it('the ceremony summary: beneficiaries, women and men, each with its own form', () => {
    const headline = (language: Language) =>
      numbers.map((count) =>
        summaryHeadline({ beneficiaries: count, women: count, men: 1 }, language, i18n[language].t),
      );
    expect(headline('fr')).toEqual([
      '0 bénéficiaire (0 femme, 1 homme)',
      '1 bénéficiaire (1 femme, 1 homme)',
      '2 bénéficiaires (2 femmes, 1 homme)',
      '3 bénéficiaires (3 femmes, 1 homme)',
      '11 bénéficiaires (11 femmes, 1 homme)',
      '100 bénéficiaires (100 femmes, 1 homme)',
    ]);
    expect(headline('ar')).toEqual([
      'لا يوجد أي مستفيد (لا امرأة، رجل واحد)',
      'مستفيد واحد (امرأة واحدة، رجل واحد)',
      'مستفيدان (امرأتان، رجل واحد)',
      '3 مستفيدين (3 نساء، رجل واحد)',
      '11 مستفيدًا (11 امرأة، رجل واحد)',
      '100 مستفيد (100 امرأة، رجل واحد)',
    ]);
    expect(summaryHeadline({ beneficiaries: 32, women: 12, men: 20 }, 'ar', i18n.ar.t)).toBe(
      '32 مستفيدًا (12 امرأة، 20 رجلًا)',
    );
    expect(summaryHeadline({ beneficiaries: 0, women: 0, men: 0 }, 'fr', i18n.fr.t)).toBe(
      '0 bénéficiaire (0 femme, 0 homme)',
    );
  });

  it('the automatic lock delay (بعد 5 دقائق, not بعد 5 دقيقة)', () => {
    expect(i18n.ar.t('auth.autoLockMinutes', { count: 5 })).toBe('بعد 5 دقائق من عدم النشاط');
    expect(i18n.ar.t('auth.autoLockMinutes', { count: 10 })).toBe('بعد 10 دقائق من عدم النشاط');
    expect(i18n.ar.t('auth.autoLockMinutes', { count: 15 })).toBe('بعد 15 دقيقة من عدم النشاط');
    expect(render('ar', 'auth.autoLockMinutes')).toEqual([
      'فور عدم النشاط',
      'بعد دقيقة واحدة من عدم النشاط',
      'بعد دقيقتين من عدم النشاط',
      'بعد 3 دقائق من عدم النشاط',
      'بعد 11 دقيقة من عدم النشاط',
      'بعد 100 دقيقة من عدم النشاط',
    ]);
    expect(i18n.fr.t('auth.autoLockMinutes', { count: 5 })).toBe('Après 5 min d’inactivité');
  });

  it('the list of beneficiaries and the number of centres out of reach', () => {
    expect(render('fr', 'beneficiaries.count')).toEqual([
      'Aucun bénéficiaire',
      '1 bénéficiaire',
      '2 bénéficiaires',
      '3 bénéficiaires',
      '11 bénéficiaires',
      '100 bénéficiaires',
    ]);
    expect(render('ar', 'beneficiaries.count')).toEqual([
      'لا يوجد أي مستفيد',
      'مستفيد واحد',
      'مستفيدان',
      '3 مستفيدين',
      '11 مستفيدًا',
      '100 مستفيد',
    ]);
    expect(render('fr', 'admin.users.otherCentres')).toEqual([
      '+ 0 centre hors de votre périmètre',
      '+ 1 centre hors de votre périmètre',
      '+ 2 centres hors de votre périmètre',
      '+ 3 centres hors de votre périmètre',
      '+ 11 centres hors de votre périmètre',
      '+ 100 centres hors de votre périmètre',
    ]);
    expect(render('ar', 'admin.users.otherCentres').slice(1)).toEqual([
      '+ مركز واحد خارج نطاقك',
      '+ مركزان خارج نطاقك',
      '+ 3 مراكز خارج نطاقك',
      '+ 11 مركزًا خارج نطاقك',
      '+ 100 مركز خارج نطاقك',
    ]);
  });

  it('a queue stuck after some attempts', () => {
    const attempts = (language: Language) => render(language, 'sync.status.attempts');
    expect(attempts('fr')[3]).toBe('3 tentatives sans progrès');
    expect(attempts('fr')[1]).toBe('1 tentative sans progrès');
    expect(attempts('ar').slice(1)).toEqual([
      'محاولة واحدة دون تقدم',
      'محاولتان دون تقدم',
      '3 محاولات دون تقدم',
      '11 محاولة دون تقدم',
      '100 محاولة دون تقدم',
    ]);
  });

  it('the printed summary: "au profit de", women and men', () => {
    const lead = (language: Language) =>
      numbers.map((count) => printStrings[language].summary.lead.beneficiaries(count));
    const people = (language: Language) =>
      numbers.map(
        (count) => `${printStrings[language].summary.women(count)} | ${printStrings[language].summary.men(count)}`,
      );
    expect(lead('fr')).toEqual([
      'au profit de 0 bénéficiaire',
      'au profit de 1 bénéficiaire',
      'au profit de 2 bénéficiaires',
      'au profit de 3 bénéficiaires',
      'au profit de 11 bénéficiaires',
      'au profit de 100 bénéficiaires',
    ]);
    expect(people('fr')).toEqual([
      '0 femme | 0 homme',
      '1 femme | 1 homme',
      '2 femmes | 2 hommes',
      '3 femmes | 3 hommes',
      '11 femmes | 11 hommes',
      '100 femmes | 100 hommes',
    ]);
    expect(lead('ar')).toEqual([
      'لفائدة 0 مستفيد',
      'لفائدة مستفيد واحد',
      'لفائدة مستفيدين اثنين',
      'لفائدة 3 مستفيدين',
      'لفائدة 11 مستفيدا',
      'لفائدة 100 مستفيد',
    ]);
    expect(people('ar')).toEqual([
      'لا امرأة | لا رجل',
      'امرأة واحدة | رجل واحد',
      'امرأتان | رجلان',
      '3 نساء | 3 رجال',
      '11 امرأة | 11 رجلا',
      '100 امرأة | 100 رجل',
    ]);
  });
});

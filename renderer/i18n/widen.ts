/**
 * The shape a translation must have, from the French file: the same keys with any strings, plus,
 * for each counted string (a key `X_other`), the Arabic plural forms `X_zero`, `X_two`, `X_few` and
 * `X_many` (French has `X_one` and `X_other`, sometimes `X_zero`). i18next looks a missing Arabic form
 * up in the bare key and then in French, never in `X_other`: without all six, an Arabic screen would
 * show a French sentence for some numbers. tests/i18n/translations.test.ts checks the same rules at run time.
 */
/** i18next's plural suffixes, French and Arabic (CLDR). */
export type PluralForm = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type ArabicOnlyPluralForm = Exclude<PluralForm, 'one' | 'other'>;

export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> } & {
  [K in keyof T as K extends `${infer Base}_other` ? `${Base}_${ArabicOnlyPluralForm}` : never]: string;
};

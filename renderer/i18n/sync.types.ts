import type { syncFr } from './sync.fr';

type PluralExtra = 'zero' | 'two' | 'few' | 'many';
/**
 * Arabic must have exactly the French keys, plus the Arabic plural forms (`_zero`, `_two`, `_few`,
 * `_many`) of each counted string: i18next falls back to the bare key, not to `_other`, when a
 * form is missing, so the Arabic file gives all six.
 */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> } & {
  [K in keyof T as K extends `${infer Base}_other` ? `${Base}_${PluralExtra}` : never]: string;
};
export type SyncTranslation = Widen<typeof syncFr>;

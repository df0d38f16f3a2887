import { agrAr } from './agr.ar';
import { agrFr } from './agr.fr';
import { ar } from './ar';
import { auditAr } from './audit.ar';
import { auditFr } from './audit.fr';
import { ceremoniesAr } from './ceremonies.ar';
import { ceremoniesFr } from './ceremonies.fr';
import { casefileAr } from './casefile.ar';
import { casefileFr } from './casefile.fr';
import { sectionsAr } from './sections.ar';
import { sectionsFr } from './sections.fr';
import { setupAr } from './setup.ar';
import { setupFr } from './setup.fr';
import { fr } from './fr';
import { syncAr } from './sync.ar';
import { syncFr } from './sync.fr';
import type { PluralForm } from './widen';

/**
 * Every screen string, as registered with i18next (one namespace, `translation`). The sync screens'
 * strings live in their own files (sync.fr.ts, sync.ar.ts), under `sync.*`; the case file's under
 * `casefile.*`, `sections.*` and `agr.*`; the first run's under `setup.*`; the audit screen's under
 * `audit.*`.
 */
export const french = {
  ...fr,
  sync: syncFr,
  casefile: casefileFr,
  sections: sectionsFr,
  agr: agrFr,
  ceremonies: ceremoniesFr,
  setup: setupFr,
  audit: auditFr,
};

export const arabic = {
  ...ar,
  sync: syncAr,
  casefile: casefileAr,
  sections: sectionsAr,
  agr: agrAr,
  ceremonies: ceremoniesAr,
  setup: setupAr,
  audit: auditAr,
};

/**
 * i18next's types read the keys from the French strings: `t('a.wrong.key')` does not compile, nor
 * does a `string` where a key is expected. The values stay `string` (the files are not `as const`),
 * so the checker walks the keys only. The namespace is registered in `ResourceNamespaceMap` (not
 * `CustomTypeOptions.resources`) so that the printed documents' own instance can add its `print`.
 */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
  }
  interface ResourceNamespaceMap {
    translation: typeof french;
  }
}

/** The keys under a tree, dotted; a counted string (`x_one`, `x_other`…) by its base key `x`. */
type Keys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? K extends `${infer Base}_${PluralForm}`
      ? `${Prefix}${Base}`
      : `${Prefix}${K}`
    : Keys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/**
 * A key of a screen string, as `t` takes it (a counted one by its base key, with `count`). A key
 * chosen at run time comes from a map typed with it (`Record<Connection, TranslationKey>`) or a
 * template over a union (`casefile.stage.${Stage}`); a string from outside (a table or an outcome
 * the server wrote, a schema's message) is narrowed to one by `isTranslationKey`, with a fallback.
 */
export type TranslationKey = Keys<typeof french>;

/**
 * A translator as the models take it (`t` from `useTranslation`, or an instance's `t` in a test):
 * a key of the French strings, never any `string`.
 */
export type Translate = (key: TranslationKey, values?: Record<string, unknown>) => string;

/** Every key of the French strings, for the few that arrive at run time (`isTranslationKey`). */
function keysOf(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]: [string, unknown]) =>
    typeof value === 'object' && value !== null
      ? keysOf(value, `${prefix}${key}.`)
      : [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, '')}`],
  );
}
const translationKeys: ReadonlySet<string> = new Set(keysOf(french));

/** Whether a string built or received at run time is a key of the screens' strings. */
export function isTranslationKey(key: string): key is TranslationKey {
  return translationKeys.has(key);
}

/**
 * The key of a form field's error: zod schemas (shared/) give their message as a key, and
 * react-hook-form hands it on as a `string`. A message that is not a key shows as "Valeur invalide".
 */
export function messageKey(message: string): TranslationKey {
  return isTranslationKey(message) ? message : 'errors.invalid';
}

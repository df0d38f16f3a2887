import type { casefileFr } from './casefile.fr';
import type { sectionsFr } from './sections.fr';
import type { agrFr } from './agr.fr';
import type { ceremoniesFr } from './ceremonies.fr';

type PluralExtra = 'zero' | 'two' | 'few' | 'many';
/** Arabic has exactly the French keys, plus the Arabic plural forms (see sync.types.ts). */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> } & {
  [K in keyof T as K extends `${infer Base}_other` ? `${Base}_${PluralExtra}` : never]: string;
};
export type CasefileTranslation = Widen<typeof casefileFr>;
export type SectionsTranslation = Widen<typeof sectionsFr>;
export type AgrTranslation = Widen<typeof agrFr>;
export type CeremoniesTranslation = Widen<typeof ceremoniesFr>;

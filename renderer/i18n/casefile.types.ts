import type { casefileFr } from './casefile.fr';
import type { sectionsFr } from './sections.fr';
import type { agrFr } from './agr.fr';
import type { ceremoniesFr } from './ceremonies.fr';
import type { Widen } from './widen';

/** Arabic has exactly the French keys, plus the Arabic plural forms (see widen.ts). */
export type CasefileTranslation = Widen<typeof casefileFr>;
export type SectionsTranslation = Widen<typeof sectionsFr>;
export type AgrTranslation = Widen<typeof agrFr>;
export type CeremoniesTranslation = Widen<typeof ceremoniesFr>;

import type { SectionsTranslation } from './casefile.types';

/** Arabic strings of the case file's sections (see sections.fr.ts). */
export const sectionsAr: SectionsTranslation = {};

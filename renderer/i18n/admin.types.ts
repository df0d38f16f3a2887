import type { adminFr } from './admin.fr';
import type { Widen } from './widen';

/** Arabic must have exactly the French keys, plus the Arabic plural forms (see widen.ts). */
export type AdminTranslation = Widen<typeof adminFr>;

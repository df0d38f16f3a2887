import type { syncFr } from './sync.fr';
import type { Widen } from './widen';

/** Arabic must have exactly the French keys, plus the Arabic plural forms (see widen.ts). */
export type SyncTranslation = Widen<typeof syncFr>;

import type { adminFr } from './admin.fr';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** Arabic must have exactly the French keys. */
export type AdminTranslation = Widen<typeof adminFr>;

import type { auditFr } from './audit.fr';
import type { Widen } from './widen';

/** Arabic must have exactly the French keys, plus the Arabic plural forms (see widen.ts). */
export type AuditTranslation = Widen<typeof auditFr>;

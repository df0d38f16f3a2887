import { z } from 'zod';
import { consultedParts } from '../audit/auditEvents';

/**
 * A *consultation*: a PC showed a person's judicial data to its signed-in user (law 09-08: every
 * access to judicial records is logged). Written once by the PC at the moment it shows them — the
 * case file's detention section, a detention value in the sync lists — at most once per person and
 * user each time the screen is opened, and synced with the day's work: the server records it in
 * the audit chain when it applies it (server/src/audit/syncAudit.ts). Restricted like the data it
 * is about (`access: 'judicial'`), and written once (the server refuses any change).
 */
export const consultationSchema = z.object({
  id: z.uuid(),
  /** The person's centre: the row's sync scope. */
  centreId: z.string(),
  beneficiaryId: z.uuid(),
  /** The signed-in user the data was shown to (the server also knows who pushed it). */
  userId: z.string().max(64),
  /** What was shown. */
  what: z.enum(consultedParts),
  /** When, by the PC's clock (ISO 8601): the day's work may reach the server days later. */
  viewedAt: z.string().max(40),
});
export type Consultation = z.infer<typeof consultationSchema>;

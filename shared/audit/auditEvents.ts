import { z } from 'zod';
import { idSchema } from '../auth/schemas';
import { languageSchema } from '../i18n/language';

/**
 * The audit trail as the server, the routes and the *Audit* screen see it (docs/architecture.md,
 * "Audit"). Each event has a `type` (what happened, written by the server) and, derived from it,
 * a `kind` (the screen's filter: sign-ins, administration, sync, consultations, exports, the audit
 * itself). A type this build does not know (written by a later version) is of kind `other`: the
 * screen still lists it, under its raw name.
 */
export const auditKinds = [
  'sign-in',
  'administration',
  'push',
  'pull',
  'consultation',
  'export',
  'audit',
  'other',
] as const;
export type AuditKind = (typeof auditKinds)[number];
export const auditKindSchema = z.enum(auditKinds);

/** Every event type written by this build, with its kind. */
export const auditEventTypes = {
  // Sign-ins and sessions (server/src/routes/auth.ts, auth/authenticate.ts, first-run).
  'sign-in': 'sign-in',
  'sign-out': 'sign-in',
  'password-change': 'sign-in',
  'session-end': 'sign-in',
  'device-register': 'sign-in',
  request: 'sign-in',
  'first-run': 'sign-in',
  // Account administration (server/src/routes/admin.ts, the CLI, the demo).
  'centre-create': 'administration',
  'centre-update': 'administration',
  'user-create': 'administration',
  'user-update': 'administration',
  'user-disable': 'administration',
  'user-enable': 'administration',
  'password-reset': 'administration',
  'device-revoke': 'administration',
  // Sync: the field changes of a push batch, the ops refused as forbidden, judicial rows pulled.
  'sync-push': 'push',
  'sync-forbidden': 'push',
  'sync-pull-judicial': 'pull',
  // A PC showed judicial data (a `consultations` row, pushed with the day's work).
  consultation: 'consultation',
  export: 'export',
  // Reading the audit is audited too.
  'audit-read': 'audit',
  'audit-export': 'audit',
  'audit-verify': 'audit',
} as const satisfies Record<string, Exclude<AuditKind, 'other'>>;
export type AuditEventType = keyof typeof auditEventTypes;

export function isKnownAuditEventType(type: string): type is AuditEventType {
  return Object.hasOwn(auditEventTypes, type);
}

export function kindOfAuditEventType(type: string): AuditKind {
  return isKnownAuditEventType(type) ? auditEventTypes[type] : 'other';
}

/** The known types of a kind (`other`: none — it is every type not listed). */
export function auditEventTypesOf(kind: AuditKind): AuditEventType[] {
  return (Object.keys(auditEventTypes) as AuditEventType[]).filter((type) => auditEventTypes[type] === kind);
}

/**
 * What a PC showed when it records a consultation (shared/casefile/consultation.ts): the case
 * file's detention section, or a detention value in the sync lists (*À vérifier*, rejections).
 */
export const consultedParts = ['detention', 'detentionConflict', 'detentionRejection'] as const;
export type ConsultedPart = (typeof consultedParts)[number];

/** The filters of the *Audit* screen; every one optional, all combined with *and*. */
export const auditFilterSchema = z
  .object({
    /** The user who acted, or whom the event is about (a sign-in refused for their account). */
    userId: idSchema.optional(),
    /** A person: a beneficiary id, or text matched against file numbers and names. */
    person: z.string().trim().min(1).max(100).optional(),
    /** Instants (ISO 8601): `from` included, `to` excluded. */
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
    kind: auditKindSchema.optional(),
  })
  .strict();
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const maxAuditPageSize = 200;

export const auditSearchRequestSchema = z
  .object({
    filter: auditFilterSchema,
    /** The next page: entries older than this sequence number. */
    beforeSeq: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(maxAuditPageSize).optional(),
  })
  .strict();
export type AuditSearchRequest = z.infer<typeof auditSearchRequestSchema>;

export const auditEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  type: z.string(),
  kind: auditKindSchema,
  outcome: z.string(),
  actorUserId: z.string().nullable(),
  subjectUserId: z.string().nullable(),
  deviceId: z.string().nullable(),
  /** The username typed at a sign-in (even for no such account). */
  username: z.string().nullable(),
  /** Non-secret facts: ids, counts, field names; never a value of a record, a password or a token. */
  detail: z.record(z.string(), z.unknown()),
  /** The persons (beneficiary ids) the event is about. */
  beneficiaryIds: z.array(z.string()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** A person named by the entries, as the server holds them (file number and names). */
export const auditPersonSchema = z.object({
  id: z.string(),
  fileNumber: z.string(),
  latinName: z.string(),
  arabicName: z.string(),
});
export type AuditPerson = z.infer<typeof auditPersonSchema>;

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  /** Pass as `beforeSeq` for the next (older) page; null when this is the last one. */
  nextBeforeSeq: z.number().int().positive().nullable(),
  /** Names for the ids the entries carry. */
  users: z.record(z.string(), z.object({ displayName: z.string(), username: z.string() })),
  devices: z.record(z.string(), z.string()),
  persons: z.record(z.string(), auditPersonSchema),
  /** When the person filter was text: the persons it matched (empty: nobody, so no entry). */
  matchedPersons: z.array(auditPersonSchema).nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

/** The CSV export: every entry matching the filter, newest first, up to `maxAuditExportRows`. */
export const maxAuditExportRows = 50_000;

export const auditExportRequestSchema = z.object({ filter: auditFilterSchema, language: languageSchema }).strict();

export const auditExportSchema = z.object({
  fileName: z.string(),
  /** UTF-8 text with a byte-order mark, `;`-separated (shared/audit/auditCsv.ts). */
  csv: z.string(),
  rowCount: z.number().int().nonnegative(),
  /** More entries matched than `maxAuditExportRows`: narrow the filter. */
  isTruncated: z.boolean(),
});
export type AuditExport = z.infer<typeof auditExportSchema>;

export const auditProblemKinds = ['changed', 'deleted', 'inserted', 'head'] as const;
export type AuditProblemKind = (typeof auditProblemKinds)[number];

/** What `verify-audit` and the verify route find (server/src/db/auditChain.ts). */
export const auditVerificationSchema = z.discriminatedUnion('isIntact', [
  z.object({
    isIntact: z.literal(true),
    entries: z.number().int().nonnegative(),
    /** The last entry's hash: written down elsewhere, it later shows that the chain was not rebuilt. */
    headHash: z.string(),
  }),
  z.object({
    isIntact: z.literal(false),
    /** Entries read before the first problem. */
    entries: z.number().int().nonnegative(),
    problem: z.object({ kind: z.enum(auditProblemKinds), seq: z.number().int().nonnegative() }),
  }),
]);
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

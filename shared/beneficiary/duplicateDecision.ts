import { z } from 'zod';

/**
 * What a counsellor decided about a possible duplicate shown before saving a new beneficiary
 * (same CIN, same phone, or a similar name with a close date of birth): the new person is
 * someone else (`distinct`), or the same person whose two files are to be merged later
 * (`mergeLater`). Kept as a synced record of its own, so the warning is not shown again for that
 * pair and the files to merge can be listed; who decided is the writer of the record's version.
 */
export const duplicateDecisionKinds = ['distinct', 'mergeLater'] as const;
export type DuplicateDecisionKind = (typeof duplicateDecisionKinds)[number];

export const duplicateReasonSchema = z.enum(['sameCin', 'samePhone', 'similarName']);

export const duplicateDecisionSchema = z.object({
  id: z.uuid({ version: 'v7' }),
  /** The centre of the beneficiary saved: the record's sync scope. */
  centreId: z.string(),
  /** The beneficiary being saved when the warning was shown. */
  beneficiaryId: z.uuid(),
  /** The stored beneficiary the warning pointed at. */
  otherBeneficiaryId: z.uuid(),
  decision: z.enum(duplicateDecisionKinds),
  /** Why they looked alike, as the warning said. */
  reasons: z.array(duplicateReasonSchema).min(1).max(3),
  /** ISO 8601 instant of the PC clock: for display only. */
  decidedAt: z.string().max(40),
});
export type DuplicateDecision = z.infer<typeof duplicateDecisionSchema>;

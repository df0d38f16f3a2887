import { z } from 'zod';
import { isCalendarDate, todayInCasablanca } from '../dates/calendarDate';

/**
 * Detention and judicial data of a beneficiary (*données judiciaires*): restricted (law 09-08,
 * CNDP). A record of its own, linked to the beneficiary, so that access is decided per row and
 * role (shared/auth/restricted.ts): the server never sends these rows to a role without access and
 * refuses them from it, and the screens do not show them. One record per beneficiary, whose id is
 * the beneficiary's id: two PCs filling it offline edit the same record (merged field by field)
 * instead of making two.
 *
 * The release date is not here: it is on the beneficiary, needed by every counsellor (the parcours
 * starts from it) and not judicial.
 */
export const detentionRecordSchema = z.object({
  id: z.uuid(),
  /** The centre of the beneficiary: the record's sync scope. */
  centreId: z.string(),
  beneficiaryId: z.uuid(),
  /** *Établissement pénitentiaire* of the last detention. */
  establishment: z.string(),
  /** Start of the last detention (YYYY-MM-DD) or ''. */
  entryDate: z.string(),
  /** Sentence length in months, or null when not given. */
  sentenceMonths: z.number().nullable(),
  /** Judicial notes the accompaniment needs (free text, kept short). */
  judicialNotes: z.string(),
  /** ISO 8601 instant of the PC clock: display only. */
  updatedAt: z.string().max(40),
});
export type DetentionRecord = z.infer<typeof detentionRecordSchema>;

const trimmed = (max: number) =>
  z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().max(max, 'errors.tooLong'));

export const detentionFields = {
  establishment: trimmed(120),
  entryDate: z.union([z.literal(''), z.string().refine(isCalendarDate, 'errors.invalidDate')]),
  sentenceMonths: z
    .number({ error: 'errors.number' })
    .int('errors.number')
    .min(0, 'errors.number')
    .max(1200, 'errors.number')
    .nullable(),
  judicialNotes: trimmed(2000),
};

/**
 * The detention form: the entry cannot be in the future, before birth, nor after the release.
 */
export function detentionDraftSchema(now: number, dateOfBirth: string, releaseDate: string) {
  const today = todayInCasablanca(now);
  return z.object(detentionFields).superRefine((draft, context) => {
    const entry = draft.entryDate;
    if (entry === '') return;
    if (entry > today) context.addIssue({ code: 'custom', path: ['entryDate'], message: 'errors.dateInFuture' });
    else if (isCalendarDate(dateOfBirth) && entry < dateOfBirth)
      context.addIssue({ code: 'custom', path: ['entryDate'], message: 'errors.dateBeforeBirth' });
    else if (releaseDate !== '' && entry > releaseDate)
      context.addIssue({ code: 'custom', path: ['entryDate'], message: 'errors.entryAfterRelease' });
  });
}
export type DetentionDraftInput = z.input<ReturnType<typeof detentionDraftSchema>>;
export type DetentionDraft = z.output<ReturnType<typeof detentionDraftSchema>>;

export const emptyDetentionDraft: DetentionDraftInput = {
  establishment: '',
  entryDate: '',
  sentenceMonths: null,
  judicialNotes: '',
};

import { z } from 'zod';
import { isCalendarDate } from '../dates/calendarDate';
import { orientations, type Orientation } from './parcours';

/**
 * *Diagnostic et qualification* of a beneficiary: professional path, skills, training,
 * constraints, motivation, fit with the regional labour market, the recommended orientation and a
 * complementary qualification when needed. One per beneficiary (its id is the beneficiary's).
 */
export const diagnosticSchema = z.object({
  id: z.uuid(),
  centreId: z.string(),
  beneficiaryId: z.uuid(),
  professionalPath: z.string(),
  skills: z.string(),
  training: z.string(),
  constraints: z.string(),
  motivation: z.string(),
  labourMarketFit: z.string(),
  /** Partners and authorities the diagnostic was made with. */
  partners: z.string(),
  orientation: z.union([z.literal(''), z.enum(orientations)]),
  complementaryQualification: z.string(),
  /** The day the diagnostic was made (YYYY-MM-DD) or ''. */
  diagnosticDate: z.string(),
  updatedAt: z.string().max(40),
});
export type Diagnostic = z.infer<typeof diagnosticSchema>;

const text = (max: number) =>
  z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().max(max, 'errors.tooLong'));

export const diagnosticFields = {
  professionalPath: text(4000),
  skills: text(4000),
  training: text(4000),
  constraints: text(4000),
  motivation: text(4000),
  labourMarketFit: text(4000),
  partners: text(1000),
  orientation: z.union([z.literal(''), z.enum(orientations)]),
  complementaryQualification: text(1000),
  diagnosticDate: z.string(),
};

/** The texts a complete diagnostic must have (with its orientation and date). */
export const requiredDiagnosticTexts = [
  'professionalPath',
  'skills',
  'constraints',
  'motivation',
  'labourMarketFit',
] as const;

/** The diagnostic's orientation when it is complete, else null (what the parcours rules need). */
export function completeOrientation(diagnostic: Diagnostic | undefined): Orientation | null {
  if (!diagnostic || diagnostic.orientation === '' || diagnostic.diagnosticDate === '') return null;
  return requiredDiagnosticTexts.every((field) => diagnostic[field].trim() !== '') ? diagnostic.orientation : null;
}

/**
 * The diagnostic form: its date a real day, not in the future nor before birth (when the birth
 * date is known). Texts may stay empty while drafting.
 */
export function diagnosticDraftSchema(today: string, dateOfBirth = '') {
  return z.object({ ...diagnosticFields, diagnosticDate: dayOfLife(today, dateOfBirth) });
}

/** '' or a real day between birth (if known) and today; one message, the first rule broken. */
export function dayOfLife(today: string, dateOfBirth: string) {
  // One string schema rather than a union with '': a union would hide the rule's message.
  return z
    .string()
    .refine((value) => value === '' || isCalendarDate(value), { error: 'errors.invalidDate', abort: true })
    .refine((value) => value === '' || value <= today, { error: 'errors.dateInFuture', abort: true })
    .refine((value) => value === '' || !isCalendarDate(dateOfBirth) || value >= dateOfBirth, 'errors.dateBeforeBirth');
}
export type DiagnosticDraftInput = z.input<ReturnType<typeof diagnosticDraftSchema>>;
export type DiagnosticDraft = z.output<ReturnType<typeof diagnosticDraftSchema>>;

export const emptyDiagnosticDraft: DiagnosticDraftInput = {
  professionalPath: '',
  skills: '',
  training: '',
  constraints: '',
  motivation: '',
  labourMarketFit: '',
  partners: '',
  orientation: '',
  complementaryQualification: '',
  diagnosticDate: '',
};

import { z } from 'zod';
import { isCalendarDate, todayInCasablanca, yearsBetween } from '../dates/calendarDate';
import { allPrefectureCodes, arrondissementsOf, districtPrefecturesOf } from '../reference/administrative';
import { normaliseCin } from './cin';
import { isStoredPhone, readPhone } from './phone';

/**
 * A beneficiary (bénéficiaire) as the *Nouveau bénéficiaire* form captures it.
 * Error messages are i18n keys (`errors.*`): the renderer translates them, so the same
 * rule gives the same message in French and Arabic, and the server can reuse the schema.
 */

/** Latin-script names: letters (accents allowed), spaces, apostrophes, hyphens. */
const latinName = /^[\p{Script=Latin}][\p{Script=Latin}' -]*$/u;
/** Arabic-script names: Arabic letters and marks, spaces, hyphens. */
const arabicName = /^[\p{Script=Arabic}][\p{Script=Arabic}\p{Mn} -]*$/u;

const collapseSpaces = (value: string) => value.trim().replace(/\s+/g, ' ');

export const requiredLatinName = z
  .string()
  .transform(collapseSpaces)
  .pipe(
    z
      .string()
      .min(1, { error: 'errors.required', abort: true })
      .max(80, 'errors.tooLong')
      .regex(latinName, 'errors.latinScript'),
  );

export const optionalArabicName = z
  .string()
  .transform(collapseSpaces)
  .pipe(z.union([z.literal(''), z.string().max(80, 'errors.tooLong').regex(arabicName, 'errors.arabicScript')]));

export const sexSchema = z.enum(['F', 'M'], { error: 'errors.sexRequired' });
export type Sex = z.infer<typeof sexSchema>;

/** Oldest and youngest plausible ages of a beneficiary on the day of entry. */
export const minimumAge = 16;
export const maximumAge = 100;

/** A phone as typed (any usual Moroccan form) → E.164, or '' when left empty. */
export const phoneSchema = z.string().transform((text, context) => {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const read = readPhone(trimmed);
  if (read.ok) return read.e164;
  context.addIssue({ code: 'custom', message: read.messageKey });
  return z.NEVER;
});

/** A phone as stored: E.164 or ''. */
export const storedPhoneSchema = z.union([z.literal(''), z.string().refine(isStoredPhone, 'errors.phoneInvalid')]);

export function dateOfBirthSchema(today: string) {
  // Each check stops the chain, so a field shows one message: the first rule it breaks.
  return z
    .string()
    .min(1, { error: 'errors.required', abort: true })
    .refine(isCalendarDate, { error: 'errors.invalidDate', abort: true })
    .refine((value) => value <= today, { error: 'errors.dateInFuture', abort: true })
    .refine((value) => yearsBetween(value, today) >= minimumAge, { error: 'errors.tooYoung', abort: true })
    .refine((value) => yearsBetween(value, today) <= maximumAge, 'errors.tooOld');
}

export const cinSchema = z
  .string()
  .transform(normaliseCin)
  .pipe(
    z
      .string()
      .max(12, 'errors.tooLong')
      .regex(/^[A-Z0-9]*$/, 'errors.cinCharacters'),
  );

/**
 * The form schema depends on "today" (a birth date cannot be in the future), so it is built
 * from the clock the caller trusts.
 */
export function beneficiaryDraftSchema(now: number) {
  const today = todayInCasablanca(now);
  return z
    .object({
      lastNameLatin: requiredLatinName,
      firstNameLatin: requiredLatinName,
      lastNameArabic: optionalArabicName,
      firstNameArabic: optionalArabicName,
      sex: sexSchema,
      dateOfBirth: dateOfBirthSchema(today),
      cin: cinSchema,
      /** The person's own number, and another one to reach them (family, a neighbour). */
      phone: phoneSchema,
      phoneOther: phoneSchema,
      prefectureCode: z.enum(allPrefectureCodes, { error: 'errors.prefectureRequired' }),
      /** Préfecture d'arrondissements (Casablanca only); '' when not given. */
      districtCode: z.string(),
      /** Arrondissement within it; '' when not given. */
      arrondissementCode: z.string(),
      addressLine: addressLineSchema,
    })
    .superRefine((draft, context) => {
      // Each level must belong to the one above: the selects offer nothing else, this guards
      // imports and stale values after the préfecture changed.
      if (!isDistrictOf(draft.districtCode, draft.prefectureCode))
        context.addIssue({ code: 'custom', path: ['districtCode'], message: 'errors.districtMismatch' });
      if (!isArrondissementOf(draft.arrondissementCode, draft.districtCode))
        context.addIssue({ code: 'custom', path: ['arrondissementCode'], message: 'errors.arrondissementMismatch' });
    });
}

export const addressLineSchema = z.string().transform(collapseSpaces).pipe(z.string().max(200, 'errors.tooLong'));

/** '' (not given) or a préfecture d'arrondissements of that préfecture. */
export function isDistrictOf(districtCode: string, prefectureCode: string): boolean {
  return (
    districtCode === '' || districtPrefecturesOf(prefectureCode).some((district) => district.code === districtCode)
  );
}

/** '' (not given) or an arrondissement of that préfecture d'arrondissements. */
export function isArrondissementOf(arrondissementCode: string, districtCode: string): boolean {
  return (
    arrondissementCode === '' ||
    arrondissementsOf(districtCode).some((arrondissement) => arrondissement.code === arrondissementCode)
  );
}
export type BeneficiaryDraftInput = z.input<ReturnType<typeof beneficiaryDraftSchema>>;
export type BeneficiaryDraft = z.output<ReturnType<typeof beneficiaryDraftSchema>>;

export const beneficiarySchema = z.object({
  id: z.uuid({ version: 'v7' }),
  lastNameLatin: z.string(),
  firstNameLatin: z.string(),
  lastNameArabic: z.string(),
  firstNameArabic: z.string(),
  sex: sexSchema,
  dateOfBirth: z.string(),
  cin: z.string(),
  /** E.164 or ''; absent on records saved before phones were asked. */
  phone: z.string().optional(),
  phoneOther: z.string().optional(),
  prefectureCode: z.string(),
  /** Absent on records saved before the address had these levels. */
  districtCode: z.string().optional(),
  arrondissementCode: z.string().optional(),
  addressLine: z.string().optional(),
  /** The centre (CAPC) that follows the person: the row's sync scope, who may see and change it. */
  centreId: z.string(),
  /** ISO 8601 instants of the local PC clock: for display and audit only, never for ordering. */
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Beneficiary = z.infer<typeof beneficiarySchema>;

export const emptyBeneficiaryDraft: BeneficiaryDraftInput = {
  lastNameLatin: '',
  firstNameLatin: '',
  lastNameArabic: '',
  firstNameArabic: '',
  sex: '' as unknown as Sex,
  dateOfBirth: '',
  cin: '',
  phone: '',
  phoneOther: '',
  prefectureCode: '' as unknown as BeneficiaryDraftInput['prefectureCode'],
  districtCode: '',
  arrondissementCode: '',
  addressLine: '',
};

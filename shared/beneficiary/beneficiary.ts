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
  if (read.ok) return read.value;
  context.addIssue({ code: 'custom', message: read.error });
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
 * The national identifier (*numéro national*, 10 digits, on the newer CNIE): spaces ignored,
 * '' when not given; anything else than 10 digits is refused at its field.
 */
export const nationalNumberSchema = z
  .string()
  .transform((value) => value.replace(/\s+/g, ''))
  .refine((value) => value === '' || /^\d{10}$/.test(value), 'errors.nationalNumber');

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
      nationalNumber: nationalNumberSchema.default(''),
      /** The person's own number, and another one to reach them (family, a neighbour). */
      phone: phoneSchema,
      phoneOther: phoneSchema,
      prefectureCode: z.enum(allPrefectureCodes, { error: 'errors.prefectureRequired' }),
      /** Préfecture d'arrondissements (Casablanca only); '' when not given. */
      districtCode: z.string(),
      /** Arrondissement within it; '' when not given. */
      arrondissementCode: z.string(),
      addressLine: addressLineSchema,
      releaseDate: releaseDateSchema(today).default(''),
    })
    .superRefine((draft, context) => {
      if (!isReleaseAfterBirth(draft.releaseDate, draft.dateOfBirth))
        context.addIssue({ code: 'custom', path: ['releaseDate'], message: 'errors.releaseBeforeBirth' });
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
/** The release date as typed: '' or a real date, not in the future. */
export function releaseDateSchema(today: string) {
  return z
    .string()
    .refine((value) => value === '' || isCalendarDate(value), { error: 'errors.invalidDate', abort: true })
    .refine((value) => value === '' || value <= today, 'errors.releaseInFuture');
}

/** Release after birth (and at an age a person can have been detained). */
export function isReleaseAfterBirth(releaseDate: string, dateOfBirth: string): boolean {
  if (releaseDate === '' || !isCalendarDate(dateOfBirth) || !isCalendarDate(releaseDate)) return true;
  return yearsBetween(dateOfBirth, releaseDate) >= 12;
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
  /** 10 digits or ''; absent on records saved before it was asked. */
  nationalNumber: z.string().optional(),
  /** E.164 or ''; absent on records saved before phones were asked. */
  phone: z.string().optional(),
  phoneOther: z.string().optional(),
  prefectureCode: z.string(),
  /** Absent on records saved before the address had these levels. */
  districtCode: z.string().optional(),
  arrondissementCode: z.string().optional(),
  addressLine: z.string().optional(),
  /** *Numéro de dossier* (fileNumber.ts); absent on records saved before numbers were given. */
  fileNumber: z.string().optional(),
  /**
   * Numbers the file had before, still found by search: a number given before the PC knew its
   * centre's code (`CAPC-…`), corrected once the code was known (renderer/db/fileNumbers.ts).
   */
  formerFileNumbers: z.array(z.string()).optional(),
  /** Where the file stands in the parcours (shared/parcours); absent before: *accueil*. */
  stage: z.string().optional(),
  /** The last release from detention (YYYY-MM-DD) or ''. */
  releaseDate: z.string().optional(),
  /** The counsellor who follows the file (user id and name as it was then). */
  followedById: z.string().optional(),
  followedByName: z.string().optional(),
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
  nationalNumber: '',
  phone: '',
  phoneOther: '',
  prefectureCode: '' as unknown as BeneficiaryDraftInput['prefectureCode'],
  districtCode: '',
  arrondissementCode: '',
  addressLine: '',
  releaseDate: '',
};

export const familySituations = ['celibataire', 'marie', 'divorce', 'veuf'] as const;
export const housingSituations = ['famille', 'locataire', 'proprietaire', 'hebergement', 'sansDomicile'] as const;
export const educationLevels = [
  'aucun',
  'prescolaire',
  'primaire',
  'college',
  'lycee',
  'superieur',
  'formationProfessionnelle',
] as const;

export const longText = (max: number) =>
  z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().max(max, 'errors.tooLong'));
const optionalDate = z.union([z.literal(''), z.string().refine(isCalendarDate, 'errors.invalidDate')]);
const optionalChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.literal(''), z.enum(values)]);

/** The field rules of the admission details, shared by the form and the sync declaration. */
export const admissionFields = {
  familySituation: optionalChoice(familySituations),
  childrenCount: z
    .number({ error: 'errors.number' })
    .int('errors.number')
    .min(0, 'errors.number')
    .max(30, 'errors.number')
    .nullable(),
  housing: optionalChoice(housingSituations),
  educationLevel: optionalChoice(educationLevels),
  detentionTraining: longText(2000),
  sprDiagnostic: longText(4000),
  sprDiagnosticDate: optionalDate,
  consentDate: optionalDate,
  consentPurpose: longText(300),
  consentCollectedBy: longText(120),
};

/**
 * *Accueil* details of a stored beneficiary (the file page's admission form): family, housing,
 * education, what was done in detention, the SPR's diagnostic and consent. Dates cannot be in the
 * future nor before birth; consent is all three (date, purpose, by whom) or nothing.
 */
export function admissionSchema(now: number, dateOfBirth: string) {
  const today = todayInCasablanca(now);
  return z.object({ ...admissionFields, releaseDate: releaseDateSchema(today) }).superRefine((draft, context) => {
    if (!isReleaseAfterBirth(draft.releaseDate, dateOfBirth))
      context.addIssue({ code: 'custom', path: ['releaseDate'], message: 'errors.releaseBeforeBirth' });
    for (const key of ['sprDiagnosticDate', 'consentDate'] as const) {
      if (draft[key] !== '' && draft[key] > today)
        context.addIssue({ code: 'custom', path: [key], message: 'errors.dateInFuture' });
      else if (draft[key] !== '' && isCalendarDate(dateOfBirth) && draft[key] < dateOfBirth)
        context.addIssue({ code: 'custom', path: [key], message: 'errors.dateBeforeBirth' });
    }
    const consent = [draft.consentDate, draft.consentPurpose, draft.consentCollectedBy];
    if (consent.some((value) => value !== '') && consent.some((value) => value === '')) {
      const paths = ['consentDate', 'consentPurpose', 'consentCollectedBy'] as const;
      paths.forEach((path, position) => {
        if (consent[position] === '')
          context.addIssue({ code: 'custom', path: [path], message: 'errors.consentIncomplete' });
      });
    }
  });
}
export type AdmissionInput = z.input<ReturnType<typeof admissionSchema>>;
export type Admission = z.output<ReturnType<typeof admissionSchema>>;

/**
 * The admission details of a person (*accueil*) that are not on the beneficiary itself: family,
 * housing, education, what was done in detention, the SPR's diagnostic, consent. A record of its
 * own (its id is the beneficiary's) so that long texts never weigh on the list, which reads every
 * beneficiary when it opens (`npm run bench:local`).
 */
export const admissionRecordSchema = z.object({
  id: z.uuid(),
  /** The centre of the beneficiary: the record's sync scope. */
  centreId: z.string(),
  beneficiaryId: z.uuid(),
  familySituation: z.string(),
  childrenCount: z.number().nullable(),
  housing: z.string(),
  educationLevel: z.string(),
  /** Training followed and certificates obtained in detention (free text). */
  detentionTraining: z.string(),
  /** The SPR's diagnostic shared before release (text and date). */
  sprDiagnostic: z.string(),
  sprDiagnosticDate: z.string(),
  /** Consent to the processing of personal data (law 09-08): when, for what, collected by whom. */
  consentDate: z.string(),
  consentPurpose: z.string(),
  consentCollectedBy: z.string(),
  updatedAt: z.string().max(40),
});
export type AdmissionRecord = z.infer<typeof admissionRecordSchema>;

/** The admission form's values: the release date of the person, the rest of their record. */
export function admissionOf(beneficiary: Beneficiary, record: AdmissionRecord | undefined): AdmissionInput {
  return {
    releaseDate: beneficiary.releaseDate ?? '',
    familySituation: (record?.familySituation ?? '') as AdmissionInput['familySituation'],
    childrenCount: record?.childrenCount ?? null,
    housing: (record?.housing ?? '') as AdmissionInput['housing'],
    educationLevel: (record?.educationLevel ?? '') as AdmissionInput['educationLevel'],
    detentionTraining: record?.detentionTraining ?? '',
    sprDiagnostic: record?.sprDiagnostic ?? '',
    sprDiagnosticDate: record?.sprDiagnosticDate ?? '',
    consentDate: record?.consentDate ?? '',
    consentPurpose: record?.consentPurpose ?? '',
    consentCollectedBy: record?.consentCollectedBy ?? '',
  };
}

/** Consent is recorded when its date, purpose and collector are all given. */
export function hasConsent(record: AdmissionRecord | undefined): boolean {
  return (
    record !== undefined &&
    record.consentDate !== '' &&
    record.consentPurpose !== '' &&
    record.consentCollectedBy !== ''
  );
}

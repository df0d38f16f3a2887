import { z } from 'zod';
import {
  addressLineSchema,
  beneficiarySchema,
  cinSchema,
  nationalNumberSchema,
  optionalArabicName,
  requiredLatinName,
  sexSchema,
  storedPhoneSchema,
  type Beneficiary,
} from '../beneficiary/beneficiary';
import { duplicateDecisionSchema, type DuplicateDecision } from '../beneficiary/duplicateDecision';
import { isCalendarDate } from '../dates/calendarDate';
import type { RowAccess } from '../auth/restricted';
import { admissionFields, admissionRecordSchema, type AdmissionRecord } from '../beneficiary/beneficiary';
import { isFileNumber } from '../beneficiary/fileNumber';
import { consultationSchema, type Consultation } from '../casefile/consultation';
import { detentionFields, detentionRecordSchema, type DetentionRecord } from '../casefile/detention';
import { diagnosticFields, diagnosticSchema, type Diagnostic } from '../parcours/diagnostic';
import {
  lifeProjectActionFields,
  lifeProjectActionSchema,
  lifeProjectFields,
  lifeProjectSchema,
  type LifeProject,
  type LifeProjectAction,
} from '../parcours/lifeProject';
import { stages } from '../parcours/parcours';
import { stageChangeSchema, type StageChange } from '../parcours/stageChange';
import { allPrefectureCodes, arrondissements, districtPrefectures } from '../reference/administrative';
import type { SyncedEntity } from './merge';
import {
  ceremonyFields,
  ceremonyLineFields,
  ceremonyLineSchema,
  ceremonySchema,
  handoverReceiptFields,
  handoverReceiptSchema,
  type Ceremony,
  type CeremonyLine,
  type HandoverReceipt,
} from '../agr/ceremony';
import {
  decisionFields,
  equipmentLineFields,
  equipmentLineSchema,
  fundingShareFields,
  fundingShareSchema,
  incomeProjectFields,
  incomeProjectSchema,
  type EquipmentLine,
  type FundingShare,
  type IncomeProject,
} from '../agr/incomeProject';

/**
 * The synced entities, declared once for the server and the client (docs/sync-protocol.md):
 * each names its table, its scope field (the centre whose PCs receive and may change the row),
 * its review fields (a concurrent edit with different values opens an *À vérifier* conflict), and
 * one schema per field, with which the server validates every pushed value. A new entity is one
 * more entry here plus its local table; the engine needs nothing else.
 */
export type SyncedEntityDefinition<Row extends object> = SyncedEntity<Row> & {
  /**
   * Who may receive and change the rows (shared/auth/restricted.ts): `centre` (everyone serving
   * the row's centre, the default) or `judicial` (restricted data).
   */
  readonly access?: RowAccess;
  /**
   * Rows written once (a signed handover receipt): the server accepts the fields of a new row,
   * then refuses any change to a field it holds, and any delete (`immutable`).
   */
  readonly writeOnce?: boolean;
  /** Every synced field except the primary key `id`; a value must parse with its schema. */
  readonly fields: { readonly [F in Exclude<Extract<keyof Row, string>, 'id'>]: z.ZodType };
};

const instant = z.string().max(40);
const calendarDateOrEmpty = z.union([z.literal(''), z.string().refine(isCalendarDate, 'errors.invalidDate')]);
const linkedId = z.uuid();

export const beneficiarySync: SyncedEntityDefinition<Beneficiary> = {
  table: 'beneficiaries',
  scopeField: 'centreId',
  // `stage`: two counsellors moving the same file differently must see both moves.
  reviewFields: [
    'lastNameLatin',
    'firstNameLatin',
    'lastNameArabic',
    'firstNameArabic',
    'cin',
    'dateOfBirth',
    'sex',
    'stage',
    'releaseDate',
  ],
  fields: {
    // The form's own rules (a value passes them as saved: the server checks, it never rewrites).
    lastNameLatin: requiredLatinName,
    firstNameLatin: requiredLatinName,
    lastNameArabic: optionalArabicName,
    firstNameArabic: optionalArabicName,
    sex: sexSchema,
    // Only the shape: the form's age rules depend on the day of entry, and an edit of another
    // field must not make a record saved years ago invalid.
    dateOfBirth: z.string().refine(isCalendarDate, 'errors.invalidDate'),
    // Already normalised by the form: the server checks the stored shape, it does not rewrite it.
    cin: z
      .string()
      .pipe(cinSchema)
      .refine((value) => /^[A-Z0-9]*$/.test(value), 'errors.cinCharacters'),
    nationalNumber: z
      .string()
      .pipe(nationalNumberSchema)
      .refine((value) => /^(\d{10})?$/.test(value), 'errors.nationalNumber'),
    phone: storedPhoneSchema,
    phoneOther: storedPhoneSchema,
    prefectureCode: z.enum(allPrefectureCodes, { error: 'errors.prefectureRequired' }),
    // Each level is checked alone: two PCs may change the préfecture and the arrondissement
    // concurrently, and field-level merging may then pair values the form would not.
    districtCode: z.union([z.literal(''), z.enum(districtPrefectures.map((district) => district.code))]),
    arrondissementCode: z.union([z.literal(''), z.enum(arrondissements.map((arrondissement) => arrondissement.code))]),
    addressLine: z.string().pipe(addressLineSchema),
    fileNumber: z.string().refine(isFileNumber, 'errors.fileNumber'),
    formerFileNumbers: z.array(z.string().refine(isFileNumber, 'errors.fileNumber')).max(20),
    stage: z.enum(stages),
    releaseDate: calendarDateOrEmpty,
    followedById: z.string().max(64),
    followedByName: z.string().max(120),
    centreId: z.uuid(),
    createdAt: instant,
    updatedAt: instant,
  },
};

const { shape: decision } = duplicateDecisionSchema;

export const duplicateDecisionSync: SyncedEntityDefinition<DuplicateDecision> = {
  table: 'duplicateDecisions',
  scopeField: 'centreId',
  // Two counsellors deciding differently about the same pair must see both decisions.
  reviewFields: ['decision'],
  fields: {
    centreId: z.uuid(),
    beneficiaryId: decision.beneficiaryId,
    otherBeneficiaryId: decision.otherBeneficiaryId,
    decision: decision.decision,
    reasons: decision.reasons,
    decidedAt: decision.decidedAt,
  },
};

/** The admission details of a person (family, education, SPR diagnostic, consent). */
export const admissionSync: SyncedEntityDefinition<AdmissionRecord> = {
  table: 'admissions',
  scopeField: 'centreId',
  reviewFields: ['consentDate', 'consentCollectedBy'],
  fields: {
    centreId: z.uuid(),
    beneficiaryId: linkedId,
    // The admission form's rules (cross-field checks stay with the form: see districtCode).
    ...admissionFields,
    updatedAt: instant,
  },
};

/** Restricted: detention and judicial data (shared/casefile/detention.ts). */
export const detentionRecordSync: SyncedEntityDefinition<DetentionRecord> = {
  table: 'detentionRecords',
  scopeField: 'centreId',
  access: 'judicial',
  reviewFields: ['establishment', 'entryDate', 'sentenceMonths'],
  fields: {
    centreId: z.uuid(),
    beneficiaryId: linkedId,
    ...detentionFields,
    updatedAt: instant,
  },
};

/**
 * Restricted and written once: a PC showed judicial data to its user (shared/casefile/consultation.ts).
 * The server records each one in the audit chain when it applies it.
 */
export const consultationSync: SyncedEntityDefinition<Consultation> = {
  table: 'consultations',
  scopeField: 'centreId',
  access: 'judicial',
  writeOnce: true,
  reviewFields: [],
  fields: {
    centreId: z.uuid(),
    beneficiaryId: linkedId,
    userId: consultationSchema.shape.userId,
    what: consultationSchema.shape.what,
    viewedAt: instant,
  },
};

/** The parcours history: rows written once (shared/parcours/stageChange.ts); the server refuses any change. */
export const stageChangeSync: SyncedEntityDefinition<StageChange> = {
  table: 'stageChanges',
  scopeField: 'centreId',
  writeOnce: true,
  reviewFields: [],
  fields: (({ id: _id, centreId: _centre, ...rest }) => ({ ...rest, centreId: z.uuid() }))(stageChangeSchema.shape),
};

export const diagnosticSync: SyncedEntityDefinition<Diagnostic> = {
  table: 'diagnostics',
  scopeField: 'centreId',
  reviewFields: ['orientation', 'diagnosticDate'],
  fields: {
    centreId: z.uuid(),
    beneficiaryId: linkedId,
    ...diagnosticFields,
    diagnosticDate: calendarDateOrEmpty,
    updatedAt: instant,
  },
};

export const lifeProjectSync: SyncedEntityDefinition<LifeProject> = {
  table: 'lifeProjects',
  scopeField: 'centreId',
  reviewFields: ['validatedOn', 'validatedBy'],
  fields: {
    centreId: z.uuid(),
    beneficiaryId: linkedId,
    ...lifeProjectFields,
    validatedOn: calendarDateOrEmpty,
    updatedAt: instant,
  },
};

export const lifeProjectActionSync: SyncedEntityDefinition<LifeProjectAction> = {
  table: 'lifeProjectActions',
  scopeField: 'centreId',
  reviewFields: ['status', 'deadline'],
  fields: {
    centreId: z.uuid(),
    beneficiaryId: linkedId,
    ...lifeProjectActionFields,
    deadline: z.string().refine(isCalendarDate, 'errors.invalidDate'),
    createdAt: instant,
    updatedAt: instant,
  },
};

/**
 * Income-generating projects (shared/agr/incomeProject.ts): the title and every field of the
 * committee's decision are reviewed, so a decision the server puts back for review (a rule broken
 * by merging) shows whole in *À vérifier*.
 */
export const incomeProjectSync: SyncedEntityDefinition<IncomeProject> = {
  table: 'incomeProjects',
  scopeField: 'centreId',
  reviewFields: ['title', ...decisionFields],
  fields: {
    centreId: z.uuid(),
    beneficiaryId: linkedId,
    ...incomeProjectFields,
    createdAt: instant,
    updatedAt: instant,
  },
};

/** Equipment lines: money and what was handed over are reviewed (two prices must both be seen). */
export const equipmentLineSync: SyncedEntityDefinition<EquipmentLine> = {
  table: 'equipmentLines',
  scopeField: 'centreId',
  reviewFields: ['designation', 'quantity', 'unitPriceCentimes', 'handoverStatus', 'serialNumber'],
  fields: {
    centreId: z.uuid(),
    beneficiaryId: linkedId,
    projectId: linkedId,
    ...equipmentLineFields,
    createdAt: instant,
    updatedAt: instant,
  },
};

export const fundingShareSync: SyncedEntityDefinition<FundingShare> = {
  table: 'fundingShares',
  scopeField: 'centreId',
  reviewFields: ['funder', 'amountCentimes'],
  fields: {
    centreId: z.uuid(),
    beneficiaryId: linkedId,
    projectId: linkedId,
    ...fundingShareFields,
    createdAt: instant,
    updatedAt: instant,
  },
};

/** Handover ceremonies (shared/agr/ceremony.ts). */
export const ceremonySync: SyncedEntityDefinition<Ceremony> = {
  table: 'ceremonies',
  scopeField: 'centreId',
  reviewFields: ['date', 'place', 'status'],
  fields: { centreId: z.uuid(), ...ceremonyFields, createdAt: instant, updatedAt: instant },
};

/** A project on a ceremony's list (its id is the project's): moved or withdrawn by an edit. */
export const ceremonyLineSync: SyncedEntityDefinition<CeremonyLine> = {
  table: 'ceremonyLines',
  scopeField: 'centreId',
  reviewFields: ['ceremonyId', 'status'],
  fields: { centreId: z.uuid(), ...ceremonyLineFields, createdAt: instant, updatedAt: instant },
};

/** Signed *procès-verbaux de remise*: written once; a correction is a new receipt. */
export const handoverReceiptSync: SyncedEntityDefinition<HandoverReceipt> = {
  table: 'handoverReceipts',
  scopeField: 'centreId',
  writeOnce: true,
  reviewFields: [],
  fields: { centreId: z.uuid(), ...handoverReceiptFields, signedAt: instant },
};

// Each declaration must cover its row schema exactly (a field added to the row and forgotten
// here would be refused by the server).
for (const [name, fields, shape] of [
  ['beneficiarySync', beneficiarySync.fields, beneficiarySchema.shape],
  ['duplicateDecisionSync', duplicateDecisionSync.fields, duplicateDecisionSchema.shape],
  ['admissionSync', admissionSync.fields, admissionRecordSchema.shape],
  ['detentionRecordSync', detentionRecordSync.fields, detentionRecordSchema.shape],
  ['consultationSync', consultationSync.fields, consultationSchema.shape],
  ['stageChangeSync', stageChangeSync.fields, stageChangeSchema.shape],
  ['diagnosticSync', diagnosticSync.fields, diagnosticSchema.shape],
  ['lifeProjectSync', lifeProjectSync.fields, lifeProjectSchema.shape],
  ['lifeProjectActionSync', lifeProjectActionSync.fields, lifeProjectActionSchema.shape],
  ['incomeProjectSync', incomeProjectSync.fields, incomeProjectSchema.shape],
  ['equipmentLineSync', equipmentLineSync.fields, equipmentLineSchema.shape],
  ['fundingShareSync', fundingShareSync.fields, fundingShareSchema.shape],
  ['ceremonySync', ceremonySync.fields, ceremonySchema.shape],
  ['ceremonyLineSync', ceremonyLineSync.fields, ceremonyLineSchema.shape],
  ['handoverReceiptSync', handoverReceiptSync.fields, handoverReceiptSchema.shape],
] as const) {
  const declared: readonly string[] = Object.keys(fields);
  const rowFields = Object.keys(shape).filter((field) => field !== 'id');
  if (declared.length !== rowFields.length || rowFields.some((field) => !declared.includes(field)))
    throw new Error(`${name}.fields must list every field of its row schema`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry of heterogeneous rows
export type AnySyncedEntity = SyncedEntityDefinition<any>;

export const syncedEntities: readonly AnySyncedEntity[] = [
  beneficiarySync,
  duplicateDecisionSync,
  admissionSync,
  detentionRecordSync,
  stageChangeSync,
  diagnosticSync,
  lifeProjectSync,
  lifeProjectActionSync,
  incomeProjectSync,
  equipmentLineSync,
  fundingShareSync,
  ceremonySync,
  ceremonyLineSync,
  handoverReceiptSync,
  consultationSync,
];

/** The access class of an entity's rows (shared/auth/restricted.ts). */
export function accessOf(entity: AnySyncedEntity): RowAccess {
  return entity.access ?? 'centre';
}

export function syncedEntity(table: string): AnySyncedEntity | undefined {
  return syncedEntities.find((entity) => entity.table === table);
}

export const syncedTableNames: readonly string[] = syncedEntities.map((entity) => entity.table);

/**
 * The file a row belongs to: a person's id for the person and every record about them (the
 * rules across a file's records read it whole, shared/sync/fileRules.ts); null for rows outside
 * any file (ceremonies).
 */
export function fileIdOf(table: string, rowId: string, record: Readonly<Record<string, unknown>>): string | null {
  if (table === 'beneficiaries') return rowId;
  const beneficiaryId = record.beneficiaryId;
  return typeof beneficiaryId === 'string' && beneficiaryId !== '' ? beneficiaryId : null;
}

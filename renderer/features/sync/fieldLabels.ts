import { displayPhone } from '../../../shared/beneficiary/phone';
import type { Language } from '../../../shared/i18n/language';
import { formatMoney, isCentimes } from '../../../shared/money/money';
import {
  findArrondissement,
  findDistrictPrefecture,
  findPrefectureByCode,
  placeLabel,
} from '../../../shared/reference/administrative';
import { tombstoneField, type JsonValue } from '../../../shared/sync/merge';
import { formatDate, formatInstant, formatNumber } from '../../i18n/format';
import { isTranslationKey, type Translate, type TranslationKey } from '../../i18n/resources';

/**
 * What the sync lists (*À vérifier*, *Rejets*, the confirmations) call each synced table, field and
 * value: the label the record's own form uses wherever there is one, so that a rejected committee
 * decision reads "Décision : Approuvé" as in the case file, and `sync.fields.*` / `sync.values.*`
 * for what no form shows (ids, history, PV snapshots). `fieldLabels.test.ts` holds every field of
 * every synced entity (shared/sync/entities.ts) to having a label in French and in Arabic.
 */

/** Fields several tables share. */
const common: Readonly<Record<string, TranslationKey>> = {
  centreId: 'sync.fields.centreId',
  beneficiaryId: 'sync.fields.beneficiaryId',
  projectId: 'sync.fields.projectId',
  ceremonyId: 'sync.fields.ceremonyId',
  createdAt: 'sync.fields.createdAt',
  updatedAt: 'sync.fields.updatedAt',
  [tombstoneField]: 'sync.fields.deleted',
};

/** Fields whose label is the form's `${prefix}${field}`. */
const sameNames = <Prefix extends string, Field extends string>(prefix: Prefix, fields: readonly Field[]) =>
  // Object.fromEntries types its keys as `string`: the record is exactly one `${prefix}${field}` per field.
  Object.fromEntries(fields.map((field) => [field, `${prefix}${field}`])) as Record<Field, `${Prefix}${Field}`>;

const labelKeys = {
  beneficiaries: {
    ...sameNames('form.', [
      'lastNameLatin',
      'firstNameLatin',
      'lastNameArabic',
      'firstNameArabic',
      'sex',
      'dateOfBirth',
      'cin',
      'nationalNumber',
      'phone',
      'phoneOther',
      'addressLine',
      'releaseDate',
    ]),
    prefectureCode: 'beneficiaries.columns.prefecture',
    districtCode: 'form.district',
    arrondissementCode: 'form.arrondissement',
    fileNumber: 'casefile.fileNumber',
    formerFileNumbers: 'sync.fields.formerFileNumbers',
    stage: 'beneficiaries.columns.stage',
    followedById: 'casefile.followedBy',
    followedByName: 'casefile.followedBy',
  },
  duplicateDecisions: {
    otherBeneficiaryId: 'sync.fields.otherBeneficiaryId',
    decision: 'duplicates.decisionLabel',
    reasons: 'sync.fields.duplicateReasons',
    decidedAt: 'sync.fields.decidedAt',
  },
  admissions: sameNames('sections.admission.', [
    'familySituation',
    'childrenCount',
    'housing',
    'educationLevel',
    'detentionTraining',
    'sprDiagnostic',
    'sprDiagnosticDate',
    'consentDate',
    'consentPurpose',
    'consentCollectedBy',
  ]),
  detentionRecords: sameNames('sections.detention.', ['establishment', 'entryDate', 'sentenceMonths', 'judicialNotes']),
  stageChanges: {
    kind: 'sync.fields.moveKind',
    from: 'sync.fields.moveFrom',
    to: 'sync.fields.moveTo',
    reason: 'casefile.parcours.reason',
    comment: 'casefile.parcours.comment',
    byUserId: 'sync.fields.by',
    byName: 'sync.fields.by',
    at: 'sync.fields.at',
  },
  diagnostics: sameNames('sections.diagnostic.', [
    'professionalPath',
    'skills',
    'training',
    'constraints',
    'motivation',
    'labourMarketFit',
    'partners',
    'orientation',
    'complementaryQualification',
    'diagnosticDate',
  ]),
  lifeProjects: sameNames('sections.lifeProject.', [
    'personalObjectives',
    'professionalObjectives',
    'socialObjectives',
    'validatedOn',
    'validatedBy',
  ]),
  lifeProjectActions: sameNames('sections.actions.', ['description', 'deadline', 'responsible', 'status']),
  incomeProjects: {
    ...sameNames('agr.fields.', ['title', 'sector', 'sectorOther', 'activity', 'place', 'marketJustification']),
    ...sameNames('agr.decision.', ['committee', 'decisionDate', 'decisionReference', 'decision']),
    amountGrantedCentimes: 'agr.decision.amountGranted',
    approvedTotalCentimes: 'sync.fields.approvedTotal',
  },
  equipmentLines: {
    ...sameNames('agr.equipment.', ['designation', 'quantity', 'supplier', 'serialNumber']),
    unitPriceCentimes: 'agr.equipment.unitPrice',
    handoverStatus: 'agr.equipment.status',
    handoverNote: 'ceremonies.lines.itemNote',
  },
  fundingShares: {
    funder: 'agr.funding.funder',
    partnerName: 'agr.funding.partnerName',
    amountCentimes: 'agr.funding.amount',
  },
  ceremonies: {
    ...sameNames('ceremonies.details.', ['date', 'place', 'presidingAuthority', 'partnersPresent']),
    prefectureCode: 'ceremonies.details.prefecture',
    status: 'ceremonies.columns.status',
  },
  ceremonyLines: { status: 'sync.fields.listStatus' },
  handoverReceipts: {
    version: 'sync.fields.receiptVersion',
    supersedesId: 'sync.fields.supersedes',
    correctionReason: 'ceremonies.sign.reason',
    beneficiaryName: 'sync.fields.beneficiaryName',
    beneficiaryNameArabic: 'sync.fields.beneficiaryNameArabic',
    beneficiaryCin: 'sync.fields.beneficiaryCin',
    projectTitle: 'sync.fields.projectTitle',
    items: 'ceremonies.sign.items',
    beneficiarySignatureKind: 'ceremonies.sign.kind',
    beneficiarySignature: 'ceremonies.sign.beneficiarySignature',
    counsellorName: 'ceremonies.sign.counsellorName',
    counsellorSignature: 'ceremonies.sign.counsellorSignature',
    signedOn: 'ceremonies.sign.signedOn',
    signedAt: 'sync.fields.signedAt',
  },
  consultations: {
    userId: 'sync.fields.consultedBy',
    what: 'sync.fields.consultedWhat',
    viewedAt: 'sync.fields.viewedAt',
  },
} as const satisfies Readonly<Record<string, Readonly<Record<string, TranslationKey>>>>;
const labelKeysByTable: Readonly<Record<string, Readonly<Record<string, TranslationKey>>>> = labelKeys;

function isLabelledTable(table: string): table is keyof typeof labelKeys {
  return Object.hasOwn(labelKeys, table);
}

/** The i18n key of a field's label, or null for a table or field Masar does not sync. */
export function fieldLabelKey(table: string, field: string): TranslationKey | null {
  const own = labelKeysByTable[table];
  if (own === undefined) return null;
  return own[field] ?? common[field] ?? null;
}

/** The i18n key of a synced table's name (`sync.tables.*`). */
export function tableLabelKey(table: string): TranslationKey | null {
  return isLabelledTable(table) ? `sync.tables.${table}` : null;
}

/** Enumerated fields: the key of a value's label is `${prefix}${value}`. */
const valuePrefixes: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  beneficiaries: { stage: 'casefile.stage.' },
  duplicateDecisions: { decision: 'duplicates.decision.', reasons: 'duplicates.reasons.' },
  admissions: {
    familySituation: 'sections.admission.familySituationOption.',
    housing: 'sections.admission.housingOption.',
    educationLevel: 'sections.admission.educationLevelOption.',
  },
  stageChanges: {
    kind: 'sync.values.moveKind.',
    from: 'casefile.stage.',
    to: 'casefile.stage.',
    reason: 'casefile.closureReason.',
  },
  diagnostics: { orientation: 'casefile.orientation.' },
  lifeProjectActions: { status: 'casefile.actionStatus.' },
  incomeProjects: { sector: 'agr.sector.', decision: 'agr.decisionValue.' },
  equipmentLines: { handoverStatus: 'agr.handoverStatus.' },
  fundingShares: { funder: 'agr.funder.' },
  ceremonies: { status: 'ceremonies.status.' },
  ceremonyLines: { status: 'sync.values.listStatus.' },
  handoverReceipts: { beneficiarySignatureKind: 'ceremonies.sign.' },
  consultations: { what: 'audit.consulted.' },
};

/** The prefix of the labels of an enumerated field's values, or null for a free field. */
export function valueLabelPrefix(table: string, field: string): string | null {
  if (field === 'sex') return 'form.sex';
  return valuePrefixes[table]?.[field] ?? null;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
/** The calendar dates of the synced records (typed with a date input). */
const dateFields = new Set([
  'dateOfBirth',
  'releaseDate',
  'consentDate',
  'sprDiagnosticDate',
  'entryDate',
  'diagnosticDate',
  'validatedOn',
  'deadline',
  'decisionDate',
  'date',
]);
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A value as a person reads it: "Approuvé", "3 000,00 MAD", "21 mars 1994", "Casablanca",
 * "(vide)"; a signature as "Image (12 Ko)" and a PV's items as their designations.
 */
export function displayValue(table: string, field: string, value: JsonValue, language: Language, t: Translate): string {
  if (value === null || value === '') return t('sync.review.emptyValue');
  const prefix = valueLabelPrefix(table, field);
  if (prefix !== null) {
    const label = (item: JsonValue): string => {
      const text = typeof item === 'string' ? item : JSON.stringify(item);
      // A value this build has no label for (a later version's, or a typo in an old record) shows as is.
      const key = `${prefix}${text}`;
      return isTranslationKey(key) ? t(key) : text;
    };
    return Array.isArray(value) ? value.map(label).join(', ') : label(value);
  }
  if (field.endsWith('Centimes') && isCentimes(value)) return formatMoney(value, language);
  if (typeof value === 'number') return formatNumber(value, language);
  if (typeof value === 'string') {
    if (field === 'phone' || field === 'phoneOther') return displayPhone(value);
    const place =
      field === 'prefectureCode'
        ? findPrefectureByCode(value)?.name
        : field === 'districtCode'
          ? findDistrictPrefecture(value)?.name
          : field === 'arrondissementCode'
            ? findArrondissement(value)?.name
            : undefined;
    if (place !== undefined) return placeLabel(place, language);
    if (value.startsWith('data:image/')) {
      const kilobytes = Math.max(1, Math.round((value.length * 3) / 4 / 1024));
      return t('sync.values.image', { formatted: formatNumber(kilobytes, language) });
    }
    try {
      if (isoDate.test(value)) return formatDate(value, language);
      if (isoInstant.test(value) && !isNaN(Date.parse(value))) return formatInstant(value, language);
    } catch {
      return value;
    }
    return value;
  }
  if (field === 'items' && Array.isArray(value)) {
    const list = (value as readonly JsonValue[])
      .map((item): string => {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) return '';
        const designation = (item as { readonly [key: string]: JsonValue | undefined }).designation;
        return typeof designation === 'string' ? designation : '';
      })
      .filter((designation) => designation !== '')
      .join(', ');
    return t('sync.values.items', { count: value.length, formatted: formatNumber(value.length, language), list });
  }
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * What *Modifier* offers for a field: a text or a date input, checked by the field's schema; null
 * where typing a third value makes no sense (ids, choices, amounts, numbers, history, PVs) — keep
 * one side, then correct it in its form.
 */
export function editKind(table: string, field: string, value: JsonValue): 'text' | 'date' | 'sex' | null {
  if (table === 'beneficiaries' && field === 'sex') return 'sex';
  if (typeof value !== 'string' || value.startsWith('data:')) return null;
  if (table === 'stageChanges' || table === 'handoverReceipts') return null;
  if (valueLabelPrefix(table, field) !== null || field.endsWith('Id') || field.endsWith('Code')) return null;
  if (field === 'createdAt' || field === 'updatedAt' || field === 'fileNumber') return null;
  if (dateFields.has(field)) return 'date';
  return 'text';
}

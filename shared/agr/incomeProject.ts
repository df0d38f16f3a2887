import { z } from 'zod';
import { isCalendarDate } from '../dates/calendarDate';
import { dayOfLife } from '../parcours/diagnostic';
import { lineTotal, sumCentimes } from '../money/money';

/**
 * *Projet générateur de revenus* (AGR, docs/glossary.md): a small business the Fondation and its
 * partners equip. A beneficiary may have several. Its budget is a set of **equipment lines**
 * (rows of their own, so two counsellors adding lines offline both keep theirs) and its funding a
 * set of **funding shares** (Fondation, INDH, other partners by name, personal contribution) that
 * must add up to the budget. The committee's decision (committee, date, reference, decision,
 * amount granted) is on the project.
 *
 * Money is integer centimes everywhere (shared/money); totals are always computed from the lines,
 * never stored — except `approvedTotalCentimes`, the budget the committee saw, kept so that a
 * budget changed after the decision is shown as such.
 */

export const sectors = [
  'restauration',
  'artisanat',
  'services',
  'commerce',
  'agricultureElevage',
  'btp',
  'autre',
] as const;
export type Sector = (typeof sectors)[number];

export const committeeDecisions = ['approuve', 'ajourne', 'refuse'] as const;
export type CommitteeDecision = (typeof committeeDecisions)[number];

export const funders = ['fondation', 'indh', 'partenaire', 'apportPersonnel'] as const;
export type Funder = (typeof funders)[number];

/** Where an equipment line stands at the handover (*prévu / remis / manquant / remplacé*). */
export const handoverStatuses = ['prevu', 'remis', 'manquant', 'remplace'] as const;
export type HandoverStatus = (typeof handoverStatuses)[number];

/**
 * Bounds against absurd input, not policy: the largest ceremony in the communiqués averaged about
 * 65 000 DH per person. A line above 2 000 000 DH or 1 000 units is a typing slip.
 */
export const maxQuantity = 1_000;
export const maxUnitPriceCentimes = 200_000_000;
/** A project's budget or a share: at most 5 000 000 DH. */
export const maxProjectCentimes = 500_000_000;

export const incomeProjectSchema = z.object({
  id: z.uuid({ version: 'v7' }),
  centreId: z.string(),
  beneficiaryId: z.uuid(),
  title: z.string(),
  sector: z.union([z.literal(''), z.enum(sectors)]),
  /** The sector in words when `sector` is `autre`. */
  sectorOther: z.string(),
  activity: z.string(),
  /** Where the activity will run (a shop, a market, a douar…). */
  place: z.string(),
  /** Why this activity fits the regional market. */
  marketJustification: z.string(),
  /** The committee's decision: which committee (e.g. the CPDH), the day, its reference. */
  committee: z.string(),
  decisionDate: z.string(),
  decisionReference: z.string(),
  decision: z.union([z.literal(''), z.enum(committeeDecisions)]),
  amountGrantedCentimes: z.number().int().min(0),
  /** The budget (sum of the lines) when the decision was recorded; 0 before. */
  approvedTotalCentimes: z.number().int().min(0),
  createdAt: z.string().max(40),
  updatedAt: z.string().max(40),
});
export type IncomeProject = z.infer<typeof incomeProjectSchema>;

/** The committee's decision on a project: the fields the coordination records together. */
export const decisionFields = [
  'committee',
  'decisionDate',
  'decisionReference',
  'decision',
  'amountGrantedCentimes',
  'approvedTotalCentimes',
] as const;
export type DecisionField = (typeof decisionFields)[number];

/** A project's decision fields before the committee sits. */
export const noDecision: Readonly<Pick<IncomeProject, DecisionField>> = {
  committee: '',
  decisionDate: '',
  decisionReference: '',
  decision: '',
  amountGrantedCentimes: 0,
  approvedTotalCentimes: 0,
};

export const equipmentLineSchema = z.object({
  id: z.uuid({ version: 'v7' }),
  centreId: z.string(),
  beneficiaryId: z.uuid(),
  projectId: z.uuid(),
  designation: z.string(),
  quantity: z.number().int(),
  unitPriceCentimes: z.number().int(),
  supplier: z.string(),
  /** Filled when the item is delivered (a machine's serial number), else ''. */
  serialNumber: z.string(),
  handoverStatus: z.enum(handoverStatuses),
  /** What replaced the item (`remplace`) or why it is missing (`manquant`). */
  handoverNote: z.string(),
  createdAt: z.string().max(40),
  updatedAt: z.string().max(40),
});
export type EquipmentLine = z.infer<typeof equipmentLineSchema>;

export const fundingShareSchema = z.object({
  id: z.uuid({ version: 'v7' }),
  centreId: z.string(),
  beneficiaryId: z.uuid(),
  projectId: z.uuid(),
  funder: z.enum(funders),
  /** The partner's name (`partenaire`), else ''. */
  partnerName: z.string(),
  amountCentimes: z.number().int(),
  createdAt: z.string().max(40),
  updatedAt: z.string().max(40),
});
export type FundingShare = z.infer<typeof fundingShareSchema>;

const text = (max: number) =>
  z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().max(max, 'errors.tooLong'));
const requiredText = (max: number) => text(max).pipe(z.string().min(1, 'errors.required'));
const calendarDateOrEmpty = z.union([z.literal(''), z.string().refine(isCalendarDate, 'errors.invalidDate')]);

/** The rules of each synced field, as the server checks them (cross-row rules stay with the forms). */
export const incomeProjectFields = {
  title: requiredText(200),
  sector: z.union([z.literal(''), z.enum(sectors)]),
  sectorOther: text(120),
  activity: text(2000),
  place: text(300),
  marketJustification: text(4000),
  committee: text(200),
  decisionDate: calendarDateOrEmpty,
  decisionReference: text(120),
  decision: z.union([z.literal(''), z.enum(committeeDecisions)]),
  amountGrantedCentimes: z.number().int('errors.amountInvalid').min(0).max(maxProjectCentimes, 'errors.amountTooLarge'),
  approvedTotalCentimes: z
    .number()
    .int()
    .min(0)
    .max(maxProjectCentimes * 1_000),
};

export const equipmentLineFields = {
  designation: requiredText(300),
  quantity: z
    .number({ error: 'errors.quantityInvalid' })
    .int('errors.quantityInvalid')
    .min(1, 'errors.quantityInvalid')
    .max(maxQuantity, 'errors.quantityTooLarge'),
  unitPriceCentimes: z
    .number({ error: 'errors.amountInvalid' })
    .int('errors.amountInvalid')
    .min(1, 'errors.amountZero')
    .max(maxUnitPriceCentimes, 'errors.amountTooLarge'),
  supplier: text(200),
  serialNumber: text(120),
  handoverStatus: z.enum(handoverStatuses),
  handoverNote: text(500),
};

export const fundingShareFields = {
  funder: z.enum(funders),
  partnerName: text(200),
  amountCentimes: z
    .number({ error: 'errors.amountInvalid' })
    .int('errors.amountInvalid')
    .min(1, 'errors.amountZero')
    .max(maxProjectCentimes, 'errors.amountTooLarge'),
};

/** The project form (description only: the lines, shares and decision have their own). */
export const incomeProjectDraftSchema = z
  .object({
    title: incomeProjectFields.title,
    sector: z.enum(sectors, { error: 'errors.required' }),
    sectorOther: incomeProjectFields.sectorOther,
    activity: incomeProjectFields.activity,
    place: incomeProjectFields.place,
    marketJustification: incomeProjectFields.marketJustification,
  })
  .superRefine((draft, context) => {
    if (draft.sector === 'autre' && draft.sectorOther === '')
      context.addIssue({ code: 'custom', path: ['sectorOther'], message: 'errors.required' });
  });
export type IncomeProjectDraftInput = z.input<typeof incomeProjectDraftSchema>;
export type IncomeProjectDraft = z.output<typeof incomeProjectDraftSchema>;

export const emptyIncomeProjectDraft: IncomeProjectDraftInput = {
  title: '',
  sector: '' as Sector,
  sectorOther: '',
  activity: '',
  place: '',
  marketJustification: '',
};

/** One equipment line as the form gives it (amounts already parsed to centimes). */
export const equipmentLineDraftSchema = z.object({
  designation: equipmentLineFields.designation,
  quantity: equipmentLineFields.quantity,
  unitPriceCentimes: equipmentLineFields.unitPriceCentimes,
  supplier: equipmentLineFields.supplier,
  serialNumber: equipmentLineFields.serialNumber,
});
export type EquipmentLineDraft = z.output<typeof equipmentLineDraftSchema>;

/** One funding share as the form gives it; a partner needs its name. */
export const fundingShareDraftSchema = z.object(fundingShareFields).superRefine((draft, context) => {
  if (draft.funder === 'partenaire' && draft.partnerName === '')
    context.addIssue({ code: 'custom', path: ['partnerName'], message: 'errors.required' });
});
export type FundingShareDraft = z.output<typeof fundingShareDraftSchema>;

/** The committee's decision as the form gives it: all of committee, day, reference and decision. */
export function committeeDecisionDraftSchema(today: string) {
  return z.object({
    committee: requiredText(200),
    decisionDate: z.string().min(1, { error: 'errors.required', abort: true }).pipe(dayOfLife(today, '')),
    decisionReference: requiredText(120),
    decision: z.enum(committeeDecisions, { error: 'errors.required' }),
    amountGrantedCentimes: incomeProjectFields.amountGrantedCentimes,
  });
}
export type CommitteeDecisionDraft = z.output<ReturnType<typeof committeeDecisionDraftSchema>>;

/** quantity × unit price, exact (shared/money: a RangeError rather than an unsafe integer). */
export function lineTotalCentimes(line: Pick<EquipmentLine, 'quantity' | 'unitPriceCentimes'>): number {
  return lineTotal(line.quantity, line.unitPriceCentimes);
}

/** The budget: the sum of the lines, always computed (integer centimes, exact). */
export function budgetCentimes(lines: readonly Pick<EquipmentLine, 'quantity' | 'unitPriceCentimes'>[]): number {
  return sumCentimes(lines.map(lineTotalCentimes));
}

export function sharesTotalCentimes(shares: readonly Pick<FundingShare, 'amountCentimes'>[]): number {
  return sumCentimes(shares.map((share) => share.amountCentimes));
}

/** Why a favourable decision cannot be recorded yet: i18n keys under `agr.refused.*`. */
export type DecisionBlocker = 'noLines' | 'sharesDoNotAddUp' | 'grantedAboveBudget' | 'grantedZero';

/**
 * What stops recording a favourable decision (`approuve`) on these records: the budget has lines,
 * the shares add up to it exactly, and the amount granted is positive and within the budget.
 * Adjourning or refusing needs none of it.
 */
export function decisionBlockers(
  decision: Pick<CommitteeDecisionDraft, 'decision' | 'amountGrantedCentimes'>,
  lines: readonly EquipmentLine[],
  shares: readonly FundingShare[],
): DecisionBlocker[] {
  if (decision.decision !== 'approuve') return [];
  const budget = budgetCentimes(lines);
  const blockers: DecisionBlocker[] = [];
  if (lines.length === 0 || budget === 0) blockers.push('noLines');
  else if (sharesTotalCentimes(shares) !== budget) blockers.push('sharesDoNotAddUp');
  if (decision.amountGrantedCentimes <= 0) blockers.push('grantedZero');
  // Against an empty budget every amount is "above": `noLines` says it already.
  else if (budget > 0 && decision.amountGrantedCentimes > budget) blockers.push('grantedAboveBudget');
  return blockers;
}

/** A project the committee approved (what the parcours needs before *remise*). */
export function isApproved(project: Pick<IncomeProject, 'decision'>): boolean {
  return project.decision === 'approuve';
}

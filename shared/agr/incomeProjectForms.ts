import { z } from 'zod';
import { parseAmount } from '../money/money';
import {
  committeeDecisionDraftSchema,
  equipmentLineFields,
  fundingShareFields,
  incomeProjectFields,
  type CommitteeDecisionDraft,
  type EquipmentLineDraft,
  type FundingShareDraft,
} from './incomeProject';

/**
 * The forms of an income-generating project as the counsellor types them: amounts and quantities
 * are text ("1 234,50", "١٢", "3.250,50 DH"), parsed here into integer centimes and whole numbers
 * with one message at the field when they cannot be. The outputs are the drafts the repository
 * takes (shared/agr/incomeProject.ts).
 */

const easternDigits = /[٠-٩۰-۹]/g;

/** Arabic-Indic and Eastern Arabic-Indic digits as ASCII digits. */
function asciiDigits(text: string): string {
  return text.replace(easternDigits, (digit) => String((digit.codePointAt(0) ?? 0) % 16));
}

/** A typed amount → centimes, or the parser's message (`errors.amount*`, `errors.required`). */
const amountText = z.string().transform((text, context) => {
  const parsed = parseAmount(text);
  if (parsed.ok) return parsed.value;
  context.addIssue({ code: 'custom', message: parsed.error });
  return z.NEVER;
});

/** A typed whole number of units → the number, or `errors.quantityInvalid`. */
const quantityText = z.string().transform((text, context) => {
  const trimmed = asciiDigits(text).replace(/[\s\u00a0\u202f]/g, '');
  if (trimmed === '') {
    context.addIssue({ code: 'custom', message: 'errors.required' });
    return z.NEVER;
  }
  if (!/^\d+$/.test(trimmed)) {
    context.addIssue({ code: 'custom', message: 'errors.quantityInvalid' });
    return z.NEVER;
  }
  return Number(trimmed);
});

export const equipmentLineFormSchema = z
  .object({
    designation: equipmentLineFields.designation,
    quantity: quantityText.pipe(equipmentLineFields.quantity),
    unitPrice: amountText.pipe(equipmentLineFields.unitPriceCentimes),
    supplier: equipmentLineFields.supplier,
    serialNumber: equipmentLineFields.serialNumber,
  })
  .transform(({ unitPrice, ...rest }): EquipmentLineDraft => ({ ...rest, unitPriceCentimes: unitPrice }));
export type EquipmentLineFormInput = z.input<typeof equipmentLineFormSchema>;

export const emptyEquipmentLineForm: EquipmentLineFormInput = {
  designation: '',
  quantity: '1',
  unitPrice: '',
  supplier: '',
  serialNumber: '',
};

export const fundingShareFormSchema = z
  .object({
    funder: z.enum(fundingShareFields.funder.options, { error: 'errors.required' }),
    partnerName: fundingShareFields.partnerName,
    amount: amountText.pipe(fundingShareFields.amountCentimes),
  })
  .superRefine((draft, context) => {
    if (draft.funder === 'partenaire' && draft.partnerName === '')
      context.addIssue({ code: 'custom', path: ['partnerName'], message: 'errors.required' });
  })
  .transform(({ amount, funder, partnerName }): FundingShareDraft => ({
    funder,
    // A name only means something for a partner.
    partnerName: funder === 'partenaire' ? partnerName : '',
    amountCentimes: amount,
  }));
export type FundingShareFormInput = z.input<typeof fundingShareFormSchema>;

export const emptyFundingShareForm: FundingShareFormInput = { funder: '' as never, partnerName: '', amount: '' };

/**
 * The committee's decision: all of committee, day, reference and decision. The amount granted is
 * required for an approval; for an adjournment or a refusal it may stay empty (0).
 */
export function committeeDecisionFormSchema(today: string) {
  const { shape } = committeeDecisionDraftSchema(today);
  return z
    .object({ ...shape, amountGranted: z.string() })
    .omit({ amountGrantedCentimes: true })
    .transform((draft, context): CommitteeDecisionDraft => {
      const { amountGranted, ...rest } = draft;
      if (amountGranted.trim() === '' && draft.decision !== 'approuve') return { ...rest, amountGrantedCentimes: 0 };
      const parsed = parseAmount(amountGranted);
      if (!parsed.ok) {
        context.addIssue({ code: 'custom', path: ['amountGranted'], message: parsed.error });
        return z.NEVER;
      }
      const bounded = incomeProjectFields.amountGrantedCentimes.safeParse(parsed.value);
      if (!bounded.success) {
        context.addIssue({
          code: 'custom',
          path: ['amountGranted'],
          message: bounded.error.issues[0]?.message ?? 'errors.amountInvalid',
        });
        return z.NEVER;
      }
      return { ...rest, amountGrantedCentimes: bounded.data };
    });
}
export type CommitteeDecisionFormInput = z.input<ReturnType<typeof committeeDecisionFormSchema>>;

/** The statuses a signed PV may give an item: it was handed over, missing, or replaced. */
export const signedHandoverStatuses = ['remis', 'manquant', 'remplace'] as const;

/**
 * One item of the signing form: its status is required (a PV cannot be signed with an item still
 * *prévu*), and a missing or replaced item says why or by what.
 */
const itemHandoverFields = {
  lineId: z.string(),
  handoverStatus: z
    .string()
    .refine((value) => (signedHandoverStatuses as readonly string[]).includes(value), 'errors.itemStatusRequired')
    .transform((value) => value as (typeof signedHandoverStatuses)[number]),
  handoverNote: equipmentLineFields.handoverNote,
};
const noteWhenNotHandedOver = (
  item: { handoverStatus: string; handoverNote: string },
  context: z.RefinementCtx,
): void => {
  if (item.handoverStatus !== 'remis' && item.handoverNote === '')
    context.addIssue({ code: 'custom', path: ['handoverNote'], message: 'errors.itemNoteRequired' });
};

export const itemHandoverFormSchema = z.object(itemHandoverFields).superRefine(noteWhenNotHandedOver);

/** In a correction, the line's own fields as typed too (the equipment changes only through a new PV). */
export const itemCorrectionFormSchema = z
  .object({
    ...itemHandoverFields,
    designation: equipmentLineFields.designation,
    quantity: quantityText.pipe(equipmentLineFields.quantity),
    unitPrice: amountText.pipe(equipmentLineFields.unitPriceCentimes),
    serialNumber: equipmentLineFields.serialNumber,
  })
  .superRefine(noteWhenNotHandedOver);
export type ItemHandoverFormInput = z.input<typeof itemHandoverFormSchema>;
export type ItemCorrectionFormInput = z.input<typeof itemCorrectionFormSchema>;

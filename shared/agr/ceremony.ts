import { z } from 'zod';
import { isCalendarDate } from '../dates/calendarDate';
import { allPrefectureCodes, districtPrefectures } from '../reference/administrative';
import { sumCentimes, lineTotal } from '../money/money';
import type { Sex } from '../beneficiary/beneficiary';
import { handoverStatuses, sectors, type HandoverStatus, type Sector } from './incomeProject';

/**
 * *Cérémonie de remise* (docs/glossary.md): a batch of beneficiaries receives the equipment of
 * their approved projects, at a place such as the seat of a préfecture d'arrondissements, presided
 * by an authority, with partners present. Each beneficiary signs a *procès-verbal de remise*.
 *
 * - `ceremonies`: the event.
 * - `ceremonyLines`: one per project handed over. Its id is the **project's id**: a project is
 *   handed over at one ceremony, and two PCs putting it on a list offline edit one row (merged
 *   field by field) instead of making two. A line is withdrawn (`status`), never deleted, so that
 *   putting it back is an ordinary edit.
 * - `handoverReceipts`: the signed PV, **written once**. It carries a snapshot of what was handed
 *   over (items, quantities, values, statuses) and both signatures; the server refuses any change
 *   to it (shared/sync/entities.ts, `writeOnce`). A correction is a new receipt, `version` + 1,
 *   naming the one it replaces (`supersedesId`), which is kept.
 */

export const ceremonyStatuses = ['preparation', 'tenue'] as const;
export type CeremonyStatus = (typeof ceremonyStatuses)[number];

export const ceremonyLineStatuses = ['inscrit', 'retire'] as const;
export type CeremonyLineStatus = (typeof ceremonyLineStatuses)[number];

export const ceremonySchema = z.object({
  id: z.uuid({ version: 'v7' }),
  centreId: z.string(),
  /** YYYY-MM-DD. */
  date: z.string(),
  /** Where it is held, in words (e.g. "Siège de la préfecture d'arrondissements Al Fida-Mers Sultan"). */
  place: z.string(),
  /** The préfecture/province where it is held ('' when not given). */
  prefectureCode: z.string(),
  presidingAuthority: z.string(),
  partnersPresent: z.string(),
  status: z.enum(ceremonyStatuses),
  createdAt: z.string().max(40),
  updatedAt: z.string().max(40),
});
export type Ceremony = z.infer<typeof ceremonySchema>;

export const ceremonyLineSchema = z.object({
  /** The project's id (one line per project). */
  id: z.uuid(),
  centreId: z.string(),
  ceremonyId: z.uuid(),
  beneficiaryId: z.uuid(),
  projectId: z.uuid(),
  status: z.enum(ceremonyLineStatuses),
  createdAt: z.string().max(40),
  updatedAt: z.string().max(40),
});
export type CeremonyLine = z.infer<typeof ceremonyLineSchema>;

/** One item of a receipt: what was handed over, as it stood when the PV was signed. */
export const receiptItemSchema = z.object({
  designation: z.string().min(1).max(300),
  quantity: z.number().int().min(1).max(1_000),
  unitPriceCentimes: z.number().int().min(1).max(200_000_000),
  serialNumber: z.string().max(120),
  handoverStatus: z.enum(handoverStatuses),
  handoverNote: z.string().max(500),
});
export type ReceiptItem = z.infer<typeof receiptItemSchema>;

/** A signature as a PNG (drawn) or a scanned signed paper (JPEG/PNG), as a data URL. */
export const signatureKinds = ['drawn', 'scanned'] as const;
export type SignatureKind = (typeof signatureKinds)[number];
/** Bounds the image so that one receipt stays well inside a push batch (1 MB). */
export const maxSignatureChars = 400_000;
const imageDataUrl = z
  .string()
  .max(maxSignatureChars, 'errors.signatureTooLarge')
  .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+=*$/, 'errors.signatureInvalid');

export const handoverReceiptSchema = z.object({
  id: z.uuid({ version: 'v7' }),
  centreId: z.string(),
  ceremonyId: z.uuid(),
  beneficiaryId: z.uuid(),
  projectId: z.uuid(),
  /** 1 for the first PV of a project; a correction is the next version. */
  version: z.number().int().min(1),
  /** The receipt this one corrects ('' for the first). */
  supersedesId: z.string(),
  correctionReason: z.string(),
  /** Snapshots at signing: who received, what, from which project. */
  beneficiaryName: z.string(),
  beneficiaryNameArabic: z.string(),
  beneficiaryCin: z.string(),
  projectTitle: z.string(),
  items: z.array(receiptItemSchema),
  beneficiarySignatureKind: z.enum(signatureKinds),
  beneficiarySignature: z.string(),
  counsellorName: z.string(),
  counsellorSignature: z.string(),
  /** The day it was signed (YYYY-MM-DD) and the writing PC's instant. */
  signedOn: z.string(),
  signedAt: z.string().max(40),
});
export type HandoverReceipt = z.infer<typeof handoverReceiptSchema>;

const text = (max: number) =>
  z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().max(max, 'errors.tooLong'));
const requiredText = (max: number) => text(max).pipe(z.string().min(1, 'errors.required'));

export const ceremonyFields = {
  date: z.string().refine(isCalendarDate, 'errors.invalidDate'),
  place: requiredText(300),
  prefectureCode: z.union([z.literal(''), z.enum(allPrefectureCodes)]),
  presidingAuthority: text(300),
  partnersPresent: text(1000),
  status: z.enum(ceremonyStatuses),
};

export const ceremonyLineFields = {
  ceremonyId: z.uuid(),
  beneficiaryId: z.uuid(),
  projectId: z.uuid(),
  status: z.enum(ceremonyLineStatuses),
};

export const handoverReceiptFields = {
  ceremonyId: z.uuid(),
  beneficiaryId: z.uuid(),
  projectId: z.uuid(),
  version: z.number().int().min(1).max(1_000),
  supersedesId: z.union([z.literal(''), z.uuid()]),
  correctionReason: text(1000),
  beneficiaryName: text(250),
  beneficiaryNameArabic: text(250),
  beneficiaryCin: text(20),
  projectTitle: text(200),
  items: z.array(receiptItemSchema).min(1, 'errors.receiptEmpty').max(200),
  beneficiarySignatureKind: z.enum(signatureKinds),
  beneficiarySignature: imageDataUrl,
  counsellorName: requiredText(120),
  counsellorSignature: imageDataUrl,
  signedOn: z.string().refine(isCalendarDate, 'errors.invalidDate'),
};

/** The ceremony form: a real day (in the future while it is prepared), a place. */
export const ceremonyDraftSchema = z.object({
  date: z.string().min(1, { error: 'errors.required', abort: true }).refine(isCalendarDate, 'errors.invalidDate'),
  place: ceremonyFields.place,
  prefectureCode: ceremonyFields.prefectureCode,
  presidingAuthority: ceremonyFields.presidingAuthority,
  partnersPresent: ceremonyFields.partnersPresent,
});
export type CeremonyDraftInput = z.input<typeof ceremonyDraftSchema>;
export type CeremonyDraft = z.output<typeof ceremonyDraftSchema>;

export const emptyCeremonyDraft: CeremonyDraftInput = {
  date: '',
  place: '',
  prefectureCode: '',
  presidingAuthority: '',
  partnersPresent: '',
};

/** The value of a receipt: the sum of its items (computed, never stored). */
export function receiptTotalCentimes(items: readonly Pick<ReceiptItem, 'quantity' | 'unitPriceCentimes'>[]): number {
  return sumCentimes(items.map((item) => lineTotal(item.quantity, item.unitPriceCentimes)));
}

/**
 * What signing (or correcting) a PV says of one equipment line: where it stands at the handover
 * — never *prévu* any more: the PV says what was handed over —, with a note for a missing or
 * replaced item. In a correction the line's own fields may be corrected too (the equipment of a
 * signed project changes only this way, as a new version of its PV).
 */
export type ItemHandover = {
  readonly lineId: string;
  readonly handoverStatus: HandoverStatus;
  readonly handoverNote: string;
  readonly corrected?: {
    readonly designation: string;
    readonly quantity: number;
    readonly unitPriceCentimes: number;
    readonly serialNumber: string;
  };
};

/** Why a PV's items cannot be signed as given (i18n keys under `ceremonies.refused.*`). */
export type ItemsRefusal = 'itemPlanned' | 'itemsChanged' | 'noItems';

/**
 * Checks the items given at signing against the project's equipment lines as stored: one for each
 * line, none still *prévu*. `itemsChanged`: the lines changed since the form was opened (a line
 * added or removed, here or pulled from a colleague): the form must be read again.
 */
export function checkHandoverItems(
  lines: readonly { readonly id: string }[],
  items: readonly Pick<ItemHandover, 'lineId' | 'handoverStatus'>[],
): ItemsRefusal | null {
  if (lines.length === 0) return 'noItems';
  const given = new Set(items.map((item) => item.lineId));
  if (given.size !== items.length || given.size !== lines.length || lines.some((line) => !given.has(line.id)))
    return 'itemsChanged';
  return items.some((item) => item.handoverStatus === 'prevu') ? 'itemPlanned' : null;
}

/** Items that count in what was handed over: everything but a missing item. */
export function isHandedOver(status: HandoverStatus): boolean {
  return status !== 'manquant';
}

/** The receipts in force: each project's latest version (a corrected one is kept but replaced). */
export function currentReceipts<R extends Pick<HandoverReceipt, 'id' | 'projectId' | 'version'>>(
  receipts: readonly R[],
): R[] {
  const latest = new Map<string, R>();
  for (const receipt of receipts) {
    const known = latest.get(receipt.projectId);
    if (!known || receipt.version > known.version || (receipt.version === known.version && receipt.id > known.id))
      latest.set(receipt.projectId, receipt);
  }
  return [...latest.values()];
}

/** One beneficiary of a ceremony, as the summary counts them. */
export type SummaryEntry = {
  readonly sex: Sex;
  readonly prefectureCode: string;
  /** The préfecture d'arrondissements within the préfecture ('' where there is none or it is not known). */
  readonly districtCode: string;
  readonly sector: Sector | '';
  /** The value handed over (or planned): items not missing. */
  readonly valueCentimes: number;
};

export type CeremonySummary = {
  readonly beneficiaries: number;
  readonly women: number;
  readonly men: number;
  readonly totalCentimes: number;
  /** By sector and by préfecture/province: count and value, in the order of the reference data. */
  readonly bySector: readonly {
    readonly sector: Sector | '';
    readonly count: number;
    readonly valueCentimes: number;
  }[];
  /**
   * By place, as the communiqués name it: the préfecture d'arrondissements where there is one
   * (Aïn Sebaâ-Hay Mohammadi), else the préfecture or province (`districtCode` '').
   */
  readonly byPrefecture: readonly {
    readonly prefectureCode: string;
    readonly districtCode: string;
    readonly count: number;
    readonly valueCentimes: number;
  }[];
};

/**
 * The ceremony's figures, in the format of the communiqués: beneficiaries (women, men), by sector,
 * by préfecture/province, total value. One entry per beneficiary (a person with two projects at
 * one ceremony is one entry with both values: the caller sums them).
 */
export function summarise(entries: readonly SummaryEntry[]): CeremonySummary {
  const bySector = new Map<Sector | '', { count: number; values: number[] }>();
  const byPrefecture = new Map<
    string,
    { prefectureCode: string; districtCode: string; count: number; values: number[] }
  >();
  for (const entry of entries) {
    const sector = bySector.get(entry.sector) ?? { count: 0, values: [] };
    sector.count += 1;
    sector.values.push(entry.valueCentimes);
    bySector.set(entry.sector, sector);
    const placeKey = `${entry.prefectureCode}/${entry.districtCode}`;
    const place = byPrefecture.get(placeKey) ?? {
      prefectureCode: entry.prefectureCode,
      districtCode: entry.districtCode,
      count: 0,
      values: [],
    };
    place.count += 1;
    place.values.push(entry.valueCentimes);
    byPrefecture.set(placeKey, place);
  }
  const sectorOrder = (sector: Sector | '') => (sector === '' ? sectors.length : sectors.indexOf(sector));
  const orderIn = (codes: readonly string[], code: string) => {
    const index = codes.indexOf(code);
    return index === -1 ? codes.length : index;
  };
  const districtCodes = districtPrefectures.map((district) => district.code);
  // Préfectures in the reference order; within one, the préfecture itself first, then its districts.
  const placeOrder = (a: { prefectureCode: string; districtCode: string }, b: typeof a) =>
    orderIn(allPrefectureCodes, a.prefectureCode) - orderIn(allPrefectureCodes, b.prefectureCode) ||
    (a.districtCode === '' ? -1 : orderIn(districtCodes, a.districtCode)) -
      (b.districtCode === '' ? -1 : orderIn(districtCodes, b.districtCode));
  return {
    beneficiaries: entries.length,
    women: entries.filter((entry) => entry.sex === 'F').length,
    men: entries.filter((entry) => entry.sex === 'M').length,
    totalCentimes: sumCentimes(entries.map((entry) => entry.valueCentimes)),
    bySector: [...bySector]
      .sort(([a], [b]) => sectorOrder(a) - sectorOrder(b))
      .map(([sector, { count, values }]) => ({ sector, count, valueCentimes: sumCentimes(values) })),
    byPrefecture: [...byPrefecture.values()]
      .sort(placeOrder)
      .map(({ prefectureCode, districtCode, count, values }) => ({
        prefectureCode,
        districtCode,
        count,
        valueCentimes: sumCentimes(values),
      })),
  };
}

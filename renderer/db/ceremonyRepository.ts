import {
  currentReceipts,
  isHandedOver,
  receiptTotalCentimes,
  summarise,
  type Ceremony,
  type CeremonyDraft,
  type CeremonyLine,
  type CeremonyStatus,
  type CeremonySummary,
  type HandoverReceipt,
  type ReceiptItem,
  type SignatureKind,
  type SummaryEntry,
} from '../../shared/agr/ceremony';
import { isApproved, type EquipmentLine, type IncomeProject } from '../../shared/agr/incomeProject';
import type { Beneficiary } from '../../shared/beneficiary/beneficiary';
import { newId } from '../../shared/ids/uuidv7';
import { sumCentimes } from '../../shared/money/money';
import type { Author } from './beneficiaryRepository';
import { unknownAuthor } from './beneficiaryRepository';
import type { MasarDatabase } from './database';
import type { StoredCentre } from './sync/types';
import { arabicProseName, latinName } from '../../shared/beneficiary/displayName';

/** One project on a ceremony's list, with what the page and the documents need. */
export type CeremonyEntry = {
  readonly line: CeremonyLine;
  readonly project: IncomeProject;
  readonly beneficiary: Beneficiary;
  readonly equipment: readonly EquipmentLine[];
  /** The receipt in force (latest version), if signed. */
  readonly receipt: HandoverReceipt | undefined;
  /** Every version, oldest first. */
  readonly receipts: readonly HandoverReceipt[];
  /** Planned, or handed over once signed: the items that count (not missing). */
  readonly valueCentimes: number;
};

export type CeremonyFile = {
  readonly ceremony: Ceremony;
  /** The ceremony's centre as the last pull named it (absent before a first sync). */
  readonly centre: StoredCentre | undefined;
  /** Listed projects (withdrawn ones are left out), by beneficiary name. */
  readonly entries: readonly CeremonyEntry[];
  readonly summary: CeremonySummary;
};

export type CeremonyListItem = {
  readonly ceremony: Ceremony;
  readonly beneficiaries: number;
  readonly signed: number;
};

/** Why a write was refused (i18n keys under `ceremonies.refused.*`); nothing was written. */
export type CeremonyRefusal =
  | 'notFound'
  | 'notApproved'
  | 'otherCentre'
  | 'alreadyListed'
  | 'signed'
  | 'notListed'
  | 'alreadySigned'
  | 'noItems'
  | 'notCurrent'
  | 'ceremonyHeld';

export type CeremonyResult<T = undefined> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: CeremonyRefusal };

/** What the signing screen gives: both signatures, the counsellor's name, the day. */
export type Signatures = {
  readonly beneficiarySignatureKind: SignatureKind;
  readonly beneficiarySignature: string;
  readonly counsellorSignature: string;
  readonly counsellorName: string;
  readonly signedOn: string;
};

/**
 * Reads and writes handover ceremonies, their lists and the signed receipts. Every rule is checked
 * in the transaction that writes, against the records as stored: only approved projects of the
 * ceremony's centre are listed, once; a signed project is not withdrawn; a project is signed once
 * — a correction is a new version that keeps the old one. Receipts are never changed.
 */
export type CeremonyRepository = {
  list(): Promise<CeremonyListItem[]>;
  create(centreId: string, draft: CeremonyDraft): Promise<Ceremony>;
  update(ceremonyId: string, draft: CeremonyDraft): Promise<boolean>;
  setStatus(ceremonyId: string, status: CeremonyStatus): Promise<boolean>;
  load(ceremonyId: string): Promise<CeremonyFile | undefined>;
  /** Approved projects of the ceremony's centre on no list (or withdrawn), to add. */
  candidates(ceremonyId: string): Promise<{ project: IncomeProject; beneficiary: Beneficiary }[]>;
  addProjects(ceremonyId: string, projectIds: readonly string[]): Promise<CeremonyResult<number>>;
  withdraw(projectId: string): Promise<CeremonyResult>;
  sign(projectId: string, signatures: Signatures): Promise<CeremonyResult<HandoverReceipt>>;
  correct(receiptId: string, reason: string, signatures: Signatures): Promise<CeremonyResult<HandoverReceipt>>;
};

const nameOf = latinName;

function itemsOf(equipment: readonly EquipmentLine[]): ReceiptItem[] {
  return equipment.map((line) => ({
    designation: line.designation,
    quantity: line.quantity,
    unitPriceCentimes: line.unitPriceCentimes,
    serialNumber: line.serialNumber,
    handoverStatus: line.handoverStatus,
    handoverNote: line.handoverNote,
  }));
}

function valueOf(items: readonly Pick<ReceiptItem, 'quantity' | 'unitPriceCentimes' | 'handoverStatus'>[]): number {
  return receiptTotalCentimes(items.filter((item) => isHandedOver(item.handoverStatus)));
}

const byCreation = <T extends { createdAt: string; id: string }>(a: T, b: T) =>
  a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1;

export function createCeremonyRepository(
  db: MasarDatabase,
  now: () => Date = () => new Date(),
  author: Author = unknownAuthor,
): CeremonyRepository {
  const stamp = () => now().toISOString();
  const readTables = () => [
    db.ceremonies,
    db.ceremonyLines,
    db.incomeProjects,
    db.beneficiaries,
    db.equipmentLines,
    db.handoverReceipts,
    db.centres,
  ];

  async function readCeremony(ceremonyId: string): Promise<CeremonyFile | undefined> {
    const ceremony = await db.ceremonies.get(ceremonyId);
    if (!ceremony) return undefined;
    const lines = (await db.ceremonyLines.where('ceremonyId').equals(ceremonyId).toArray()).filter(
      (line) => line.status === 'inscrit',
    );
    const projectIds = lines.map((line) => line.projectId);
    const [projects, beneficiaries, equipment, receipts] = await Promise.all([
      db.incomeProjects.bulkGet(projectIds),
      db.beneficiaries.bulkGet(lines.map((line) => line.beneficiaryId)),
      db.equipmentLines.where('projectId').anyOf(projectIds).toArray(),
      db.handoverReceipts.where('projectId').anyOf(projectIds).toArray(),
    ]);
    const entries: CeremonyEntry[] = [];
    lines.forEach((line, index) => {
      const project = projects[index];
      const beneficiary = beneficiaries[index];
      // A line whose project or person is not (yet) on this PC is left out until they arrive.
      if (!project || !beneficiary) return;
      const projectEquipment = equipment.filter((item) => item.projectId === project.id).sort(byCreation);
      const versions = receipts
        .filter((receipt) => receipt.projectId === project.id)
        .sort((a, b) => a.version - b.version || (a.id < b.id ? -1 : 1));
      const receipt = currentReceipts(versions)[0];
      entries.push({
        line,
        project,
        beneficiary,
        equipment: projectEquipment,
        receipt,
        receipts: versions,
        valueCentimes: valueOf(receipt ? receipt.items : projectEquipment),
      });
    });
    entries.sort((a, b) => nameOf(a.beneficiary).localeCompare(nameOf(b.beneficiary), 'fr'));
    return { ceremony, centre: await db.centres.get(ceremony.centreId), entries, summary: summaryOf(entries) };
  }

  async function makeReceipt(
    projectId: string,
    signatures: Signatures,
    correction: { version: number; supersedesId: string; reason: string } | null,
  ): Promise<CeremonyResult<HandoverReceipt>> {
    const line = await db.ceremonyLines.get(projectId);
    if (!line || line.status !== 'inscrit') return { ok: false, refusal: 'notListed' };
    const [project, beneficiary, equipment] = await Promise.all([
      db.incomeProjects.get(projectId),
      db.beneficiaries.get(line.beneficiaryId),
      db.equipmentLines.where('projectId').equals(projectId).toArray(),
    ]);
    if (!project || !beneficiary) return { ok: false, refusal: 'notFound' };
    if (equipment.length === 0) return { ok: false, refusal: 'noItems' };
    const receipt: HandoverReceipt = {
      id: newId(),
      centreId: line.centreId,
      ceremonyId: line.ceremonyId,
      beneficiaryId: beneficiary.id,
      projectId,
      version: correction?.version ?? 1,
      supersedesId: correction?.supersedesId ?? '',
      correctionReason: correction?.reason ?? '',
      beneficiaryName: nameOf(beneficiary),
      beneficiaryNameArabic: arabicProseName(beneficiary),
      beneficiaryCin: beneficiary.cin,
      projectTitle: project.title,
      items: itemsOf(equipment.sort(byCreation)),
      ...signatures,
      counsellorName: signatures.counsellorName.trim() || author.name,
      signedAt: stamp(),
    };
    await db.handoverReceipts.add(receipt);
    return { ok: true, value: receipt };
  }

  return {
    async list() {
      return db.transaction('r', db.ceremonies, db.ceremonyLines, db.handoverReceipts, async () => {
        const [ceremonies, lines, receipts] = await Promise.all([
          db.ceremonies.orderBy('date').reverse().toArray(),
          db.ceremonyLines.toArray(),
          db.handoverReceipts.toArray(),
        ]);
        const signedProjects = new Set(receipts.map((receipt) => receipt.projectId));
        return ceremonies.map((ceremony) => {
          const listed = lines.filter((line) => line.ceremonyId === ceremony.id && line.status === 'inscrit');
          return {
            ceremony,
            beneficiaries: new Set(listed.map((line) => line.beneficiaryId)).size,
            signed: listed.filter((line) => signedProjects.has(line.projectId)).length,
          };
        });
      });
    },

    async create(centreId, draft) {
      const at = stamp();
      const ceremony: Ceremony = {
        id: newId(),
        centreId,
        ...draft,
        status: 'preparation',
        createdAt: at,
        updatedAt: at,
      };
      await db.transaction('rw', db.ceremonies, async () => {
        await db.ceremonies.add(ceremony);
      });
      return ceremony;
    },

    async update(ceremonyId, draft) {
      return db.transaction('rw', db.ceremonies, async () => {
        const current = await db.ceremonies.get(ceremonyId);
        if (!current) return false;
        const changed = (Object.keys(draft) as (keyof CeremonyDraft)[]).some((key) => current[key] !== draft[key]);
        if (changed) await db.ceremonies.put({ ...current, ...draft, updatedAt: stamp() });
        return true;
      });
    },

    async setStatus(ceremonyId, status) {
      return db.transaction('rw', db.ceremonies, async () => {
        const current = await db.ceremonies.get(ceremonyId);
        if (!current) return false;
        if (current.status !== status) await db.ceremonies.put({ ...current, status, updatedAt: stamp() });
        return true;
      });
    },

    load: (ceremonyId) => db.transaction('r', readTables(), () => readCeremony(ceremonyId)),

    async candidates(ceremonyId) {
      return db.transaction('r', readTables(), async () => {
        const ceremony = await db.ceremonies.get(ceremonyId);
        if (!ceremony) return [];
        const [projects, lines] = await Promise.all([db.incomeProjects.toArray(), db.ceremonyLines.toArray()]);
        const listed = new Set(lines.filter((line) => line.status === 'inscrit').map((line) => line.projectId));
        const open = projects.filter(
          (project) => isApproved(project) && project.centreId === ceremony.centreId && !listed.has(project.id),
        );
        const people = await db.beneficiaries.bulkGet(open.map((project) => project.beneficiaryId));
        return open
          .flatMap((project, index) => {
            const beneficiary = people[index];
            return beneficiary ? [{ project, beneficiary }] : [];
          })
          .sort((a, b) => nameOf(a.beneficiary).localeCompare(nameOf(b.beneficiary), 'fr'));
      });
    },

    async addProjects(ceremonyId, projectIds) {
      return db.transaction('rw', db.ceremonies, db.ceremonyLines, db.incomeProjects, async () => {
        const ceremony = await db.ceremonies.get(ceremonyId);
        if (!ceremony) return { ok: false, refusal: 'notFound' } as const;
        if (ceremony.status === 'tenue') return { ok: false, refusal: 'ceremonyHeld' } as const;
        const [projects, existing] = await Promise.all([
          db.incomeProjects.bulkGet([...projectIds]),
          db.ceremonyLines.bulkGet([...projectIds]),
        ]);
        const at = stamp();
        const lines: CeremonyLine[] = [];
        for (const [index, project] of projects.entries()) {
          if (!project) return { ok: false, refusal: 'notFound' } as const;
          if (!isApproved(project)) return { ok: false, refusal: 'notApproved' } as const;
          if (project.centreId !== ceremony.centreId) return { ok: false, refusal: 'otherCentre' } as const;
          const line = existing[index];
          if (line?.status === 'inscrit') return { ok: false, refusal: 'alreadyListed' } as const;
          lines.push({
            id: project.id,
            centreId: ceremony.centreId,
            ceremonyId,
            beneficiaryId: project.beneficiaryId,
            projectId: project.id,
            status: 'inscrit',
            createdAt: line?.createdAt ?? at,
            updatedAt: at,
          });
        }
        await db.ceremonyLines.bulkPut(lines);
        return { ok: true, value: lines.length } as const;
      });
    },

    async withdraw(projectId) {
      return db.transaction('rw', db.ceremonies, db.ceremonyLines, db.handoverReceipts, async () => {
        const line = await db.ceremonyLines.get(projectId);
        if (!line || line.status !== 'inscrit') return { ok: false, refusal: 'notListed' } as const;
        if ((await db.ceremonies.get(line.ceremonyId))?.status === 'tenue')
          return { ok: false, refusal: 'ceremonyHeld' } as const;
        if ((await db.handoverReceipts.where('projectId').equals(projectId).count()) > 0)
          return { ok: false, refusal: 'signed' } as const;
        await db.ceremonyLines.put({ ...line, status: 'retire', updatedAt: stamp() });
        return { ok: true, value: undefined } as const;
      });
    },

    async sign(projectId, signatures) {
      return db.transaction('rw', readTables(), async () => {
        if ((await db.handoverReceipts.where('projectId').equals(projectId).count()) > 0)
          return { ok: false, refusal: 'alreadySigned' } as const;
        return makeReceipt(projectId, signatures, null);
      });
    },

    async correct(receiptId, reason, signatures) {
      return db.transaction('rw', readTables(), async () => {
        const corrected = await db.handoverReceipts.get(receiptId);
        if (!corrected) return { ok: false, refusal: 'notFound' } as const;
        const versions = await db.handoverReceipts.where('projectId').equals(corrected.projectId).toArray();
        if (currentReceipts(versions)[0]?.id !== corrected.id) return { ok: false, refusal: 'notCurrent' } as const;
        return makeReceipt(corrected.projectId, signatures, {
          version: corrected.version + 1,
          supersedesId: corrected.id,
          reason: reason.trim(),
        });
      });
    },
  };
}

/** The summary of a ceremony's entries: one per beneficiary (their projects' values summed). */
export function summaryOf(entries: readonly CeremonyEntry[]): CeremonySummary {
  const byPerson = new Map<string, { entry: CeremonyEntry; values: number[] }>();
  for (const entry of entries) {
    const person = byPerson.get(entry.beneficiary.id) ?? { entry, values: [] };
    person.values.push(entry.valueCentimes);
    byPerson.set(entry.beneficiary.id, person);
  }
  const summaryEntries: SummaryEntry[] = [...byPerson.values()].map(({ entry, values }) => ({
    sex: entry.beneficiary.sex,
    prefectureCode: entry.beneficiary.prefectureCode,
    sector: entry.project.sector,
    valueCentimes: sumCentimes(values),
  }));
  return summarise(summaryEntries);
}

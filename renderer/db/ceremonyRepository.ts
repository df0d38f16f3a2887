import {
  checkHandoverItems,
  currentReceipts,
  isHandedOver,
  type ItemHandover,
  type ItemsRefusal,
  receiptTotalCentimes,
  summarise,
  type Ceremony,
  type CeremonyDraft,
  type CeremonyLine,
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
import type { MasarDatabase } from './tables';
import type { StoredCentre } from './sync/types';
import { isStepOpen } from '../../shared/agr/projectSteps';
import { mayEditField } from '../../shared/auth/fieldRoles';
import type { MoveRefusal, Stage } from '../../shared/parcours/parcours';
import { caseFileTables, readCaseFile, stageOf, writeMove } from './caseFileRepository';
import { arabicProseName, latinName } from '../../shared/beneficiary/displayName';
import { failure, ok, type Result } from '../../shared/result';

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
  | 'notCurrent'
  | 'ceremonyHeld'
  | 'notAtStage'
  /** The user's role may not do this (shared/auth/fieldRoles.ts): hold, or sign another's file. */
  | 'role'
  | ItemsRefusal;

/** An approved project of the ceremony's centre on no list, with its value and its file's stage. */
export type CeremonyCandidate = {
  readonly project: IncomeProject;
  readonly beneficiary: Beneficiary;
  readonly stage: Stage;
  /** The planned value: the project's equipment not marked missing. */
  readonly valueCentimes: number;
};

/**
 * What holding a ceremony did: the files moved to *suivi* (their PV is signed), the listed files
 * still without a signed PV (they stay where they are), and the files the parcours rules kept
 * from moving (with why: the move's refusal, e.g. consent no longer recorded).
 */
export type HoldOutcome = {
  readonly moved: readonly Beneficiary[];
  readonly missingReceipts: readonly CeremonyEntry[];
  readonly notMoved: readonly { readonly beneficiary: Beneficiary; readonly refusal: MoveRefusal }[];
};

export type CeremonyResult<T = undefined> = Result<T, CeremonyRefusal>;

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
  /**
   * Marks the ceremony held, and in the same transaction moves each listed file whose PV is signed
   * to *suivi* (through *remise* from *mise en œuvre*), in its parcours history, by this PC's user.
   */
  hold(ceremonyId: string): Promise<CeremonyResult<HoldOutcome>>;
  /** Back to *en préparation* (a ceremony marked held by mistake); moved files stay where they are. */
  reopen(ceremonyId: string): Promise<boolean>;
  load(ceremonyId: string): Promise<CeremonyFile | undefined>;
  /**
   * Approved projects of the ceremony's centre on no list (or withdrawn): `ready` to add (their file
   * is at *mise en œuvre* or *remise*), `waiting` for their file to get there.
   */
  candidates(ceremonyId: string): Promise<{ ready: CeremonyCandidate[]; waiting: CeremonyCandidate[] }>;
  addProjects(ceremonyId: string, projectIds: readonly string[]): Promise<CeremonyResult<number>>;
  withdraw(projectId: string): Promise<CeremonyResult>;
  /**
   * Signs the PV with each item's status (`items`, one per equipment line, none *prévu*), written to
   * the equipment lines in the same transaction. At a ceremony already held, the file moves to
   * *suivi* too.
   */
  sign(
    projectId: string,
    signatures: Signatures,
    items: readonly ItemHandover[],
  ): Promise<CeremonyResult<HandoverReceipt>>;
  /** A new version of the PV, with its reason; `items` may correct the equipment lines too. */
  correct(
    receiptId: string,
    reason: string,
    signatures: Signatures,
    items: readonly ItemHandover[],
  ): Promise<CeremonyResult<HandoverReceipt>>;
};

const nameOf = latinName;

/**
 * The project's lines as the PV's items say (statuses, notes, and in a correction the corrected
 * fields); a line the items leave as it was stays the same object.
 */
function linesAsSigned(equipment: readonly EquipmentLine[], items: readonly ItemHandover[]): EquipmentLine[] {
  const byLine = new Map(items.map((item) => [item.lineId, item]));
  return equipment.map((line) => {
    const item = byLine.get(line.id);
    if (!item) return line;
    const next: EquipmentLine = {
      ...line,
      ...(item.corrected ?? {}),
      handoverStatus: item.handoverStatus,
      handoverNote: item.handoverNote,
    };
    return (Object.keys(next) as (keyof EquipmentLine)[]).some((key) => next[key] !== line[key]) ? next : line;
  });
}

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
  /** Holding a ceremony (or signing at one held) also moves files: the whole case file is read. */
  const writeTables = () => [...new Set([...readTables(), ...caseFileTables(db)])];

  /**
   * Moves a file whose PV is signed on to *suivi* (through *remise* from *mise en œuvre*), inside
   * the caller's transaction. Null when it moved or had nothing to do (already further on), else
   * the parcours' refusal.
   */
  async function moveOnAfterHandover(beneficiaryId: string, at: string): Promise<MoveRefusal | null> {
    for (;;) {
      const file = await readCaseFile(db, beneficiaryId, false);
      if (!file) return null;
      const stage = stageOf(file.beneficiary);
      if (stage !== 'miseEnOeuvre' && stage !== 'remise') return null;
      const moved = await writeMove(
        db,
        file,
        { kind: 'forward', to: stage === 'remise' ? 'suivi' : 'remise' },
        author,
        at,
      );
      if (!moved.ok) return moved.error === 'notFound' ? null : moved.error;
    }
  }

  /** Writes the lines that differ from what was stored, inside the caller's transaction. */
  async function writeLines(stored: readonly EquipmentLine[], lines: readonly EquipmentLine[], at: string) {
    const changed = lines.filter((line, index) => line !== stored[index]).map((line) => ({ ...line, updatedAt: at }));
    if (changed.length > 0) await db.equipmentLines.bulkPut(changed);
  }

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
    items: readonly ItemHandover[],
    correction: { version: number; supersedesId: string; reason: string } | null,
  ): Promise<CeremonyResult<HandoverReceipt>> {
    const line = await db.ceremonyLines.get(projectId);
    if (!line || line.status !== 'inscrit') return failure('notListed');
    const [project, beneficiary, stored] = await Promise.all([
      db.incomeProjects.get(projectId),
      db.beneficiaries.get(line.beneficiaryId),
      db.equipmentLines.where('projectId').equals(projectId).toArray(),
    ]);
    if (!project || !beneficiary) return failure('notFound');
    // The counsellor who follows the file, or a coordinator, signs (the server holds it to that).
    if (!mayEditField('handoverReceipts', 'items', { ...author, fileCounsellorId: beneficiary.followedById ?? '' }))
      return failure('role');
    // The handover is a step of the parcours; correcting a PV afterwards is not.
    if (!correction && !isStepOpen('handover', stageOf(beneficiary))) return failure('notAtStage');
    const itemsRefusal = checkHandoverItems(stored, items);
    if (itemsRefusal) return failure(itemsRefusal);
    const at = stamp();
    const equipment = linesAsSigned(stored, items);
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
      // The signer is the user signed in: the server stamps the name it knows, as here.
      counsellorName: author.name,
      signedAt: at,
    };
    // The PV first, then the lines it describes: the server judges a signed project's lines
    // against its PV in force, and the ops reach it in this order.
    await db.handoverReceipts.add(receipt);
    await writeLines(stored, equipment, at);
    // Signed after the ceremony was held (paperwork finished later): the file moves on now.
    if (!correction && (await db.ceremonies.get(line.ceremonyId))?.status === 'tenue')
      await moveOnAfterHandover(beneficiary.id, at);
    return ok(receipt);
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

    async hold(ceremonyId) {
      return db.transaction('rw', writeTables(), async (): Promise<CeremonyResult<HoldOutcome>> => {
        const current = await db.ceremonies.get(ceremonyId);
        if (!current) return failure('notFound');
        if (!mayEditField('ceremonies', 'status', { ...author, fileCounsellorId: '' })) return failure('role');
        if (current.status === 'tenue') return failure('ceremonyHeld');
        const at = stamp();
        await db.ceremonies.put({ ...current, status: 'tenue', updatedAt: at });
        const file = await readCeremony(ceremonyId);
        const moved: Beneficiary[] = [];
        const notMoved: { beneficiary: Beneficiary; refusal: MoveRefusal }[] = [];
        const signedPeople = new Set(file?.entries.flatMap((entry) => (entry.receipt ? [entry.beneficiary.id] : [])));
        for (const entry of file?.entries ?? []) {
          // One move per person, even with two projects at this ceremony.
          if (!entry.receipt || !signedPeople.delete(entry.beneficiary.id)) continue;
          const before = stageOf(entry.beneficiary);
          const refusal = await moveOnAfterHandover(entry.beneficiary.id, at);
          if (refusal) notMoved.push({ beneficiary: entry.beneficiary, refusal });
          else if (before === 'miseEnOeuvre' || before === 'remise') moved.push(entry.beneficiary);
        }
        const missingReceipts = file?.entries.filter((entry) => !entry.receipt) ?? [];
        return ok({ moved, missingReceipts, notMoved });
      });
    },

    async reopen(ceremonyId) {
      return db.transaction('rw', db.ceremonies, async () => {
        const current = await db.ceremonies.get(ceremonyId);
        if (!current || !mayEditField('ceremonies', 'status', { ...author, fileCounsellorId: '' })) return false;
        if (current.status !== 'preparation')
          await db.ceremonies.put({ ...current, status: 'preparation', updatedAt: stamp() });
        return true;
      });
    },

    load: (ceremonyId) => db.transaction('r', readTables(), () => readCeremony(ceremonyId)),

    async candidates(ceremonyId) {
      return db.transaction('r', readTables(), async () => {
        const ceremony = await db.ceremonies.get(ceremonyId);
        if (!ceremony) return { ready: [], waiting: [] };
        const [projects, lines] = await Promise.all([db.incomeProjects.toArray(), db.ceremonyLines.toArray()]);
        const listed = new Set(lines.filter((line) => line.status === 'inscrit').map((line) => line.projectId));
        const open = projects.filter(
          (project) => isApproved(project) && project.centreId === ceremony.centreId && !listed.has(project.id),
        );
        const [people, equipment] = await Promise.all([
          db.beneficiaries.bulkGet(open.map((project) => project.beneficiaryId)),
          db.equipmentLines
            .where('projectId')
            .anyOf(open.map((project) => project.id))
            .toArray(),
        ]);
        const found = open
          .flatMap((project, index): CeremonyCandidate[] => {
            const beneficiary = people[index];
            if (!beneficiary) return [];
            const items = equipment.filter((item) => item.projectId === project.id);
            return [{ project, beneficiary, stage: stageOf(beneficiary), valueCentimes: valueOf(items) }];
          })
          .sort((a, b) => nameOf(a.beneficiary).localeCompare(nameOf(b.beneficiary), 'fr'));
        const isReady = (candidate: CeremonyCandidate) => isStepOpen('ceremonyList', candidate.stage);
        // Closed files are not waiting for anything.
        return {
          ready: found.filter(isReady),
          waiting: found.filter((candidate) => !isReady(candidate) && candidate.stage !== 'cloture'),
        };
      });
    },

    async addProjects(ceremonyId, projectIds) {
      return db.transaction('rw', db.ceremonies, db.ceremonyLines, db.incomeProjects, db.beneficiaries, async () => {
        const ceremony = await db.ceremonies.get(ceremonyId);
        if (!ceremony) return failure('notFound');
        if (ceremony.status === 'tenue') return failure('ceremonyHeld');
        const [projects, existing] = await Promise.all([
          db.incomeProjects.bulkGet([...projectIds]),
          db.ceremonyLines.bulkGet([...projectIds]),
        ]);
        const people = await db.beneficiaries.bulkGet(projects.map((project) => project?.beneficiaryId ?? ''));
        const at = stamp();
        const lines: CeremonyLine[] = [];
        for (const [index, project] of projects.entries()) {
          if (!project) return failure('notFound');
          if (!isApproved(project)) return failure('notApproved');
          if (project.centreId !== ceremony.centreId) return failure('otherCentre');
          const person = people[index];
          if (!person) return failure('notFound');
          if (!isStepOpen('ceremonyList', stageOf(person))) return failure('notAtStage');
          const line = existing[index];
          if (line?.status === 'inscrit') return failure('alreadyListed');
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
        return ok(lines.length);
      });
    },

    async withdraw(projectId) {
      return db.transaction('rw', db.ceremonies, db.ceremonyLines, db.handoverReceipts, async () => {
        const line = await db.ceremonyLines.get(projectId);
        if (!line || line.status !== 'inscrit') return failure('notListed');
        if ((await db.ceremonies.get(line.ceremonyId))?.status === 'tenue') return failure('ceremonyHeld');
        if ((await db.handoverReceipts.where('projectId').equals(projectId).count()) > 0) return failure('signed');
        await db.ceremonyLines.put({ ...line, status: 'retire', updatedAt: stamp() });
        return ok(undefined);
      });
    },

    async sign(projectId, signatures, items) {
      return db.transaction('rw', writeTables(), async () => {
        if ((await db.handoverReceipts.where('projectId').equals(projectId).count()) > 0)
          return failure('alreadySigned');
        return makeReceipt(projectId, signatures, items, null);
      });
    },

    async correct(receiptId, reason, signatures, items) {
      return db.transaction('rw', writeTables(), async () => {
        const corrected = await db.handoverReceipts.get(receiptId);
        if (!corrected) return failure('notFound');
        const versions = await db.handoverReceipts.where('projectId').equals(corrected.projectId).toArray();
        if (currentReceipts(versions)[0]?.id !== corrected.id) return failure('notCurrent');
        return makeReceipt(corrected.projectId, signatures, items, {
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
    districtCode: entry.beneficiary.districtCode ?? '',
    sector: entry.project.sector,
    valueCentimes: sumCentimes(values),
  }));
  return summarise(summaryEntries);
}

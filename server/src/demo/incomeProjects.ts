/**
 * The income-generating projects (AGR) and handover ceremonies of the demo centre
 * (`npm run seed:demo`), as the app's own records (shared/agr): for each file oriented to an AGR
 * that reached *mise en œuvre*, a project with its equipment lines and funding shares, and, once
 * past *remise*, the committee's approval; two ceremonies held, whose lists hold the projects of
 * the files now at *suivi* (or closed after it), each with its signed receipt; one ceremony in
 * preparation listing the projects of the files at *remise*.
 *
 * Pure and deterministic like generate.ts, with its own seed, so that adding it changed none of
 * the people. Dates follow each file's history: the project is prepared after the move into
 * *mise en œuvre*, the committee decides before the move into *remise*, and the ceremony is held
 * after it and before the move into *suivi* (generate.ts dates those files around the ceremonies).
 */
import { v7 } from 'uuid';
import type { Ceremony, CeremonyLine, HandoverReceipt } from '../../../shared/agr/ceremony';
import {
  budgetCentimes,
  type EquipmentLine,
  type FundingShare,
  type HandoverStatus,
  type IncomeProject,
} from '../../../shared/agr/incomeProject';
import type { Beneficiary } from '../../../shared/beneficiary/beneficiary';
import type { CalendarDate } from '../../../shared/dates/calendarDate';
import { sumCentimes } from '../../../shared/money/money';
import type { Orientation } from '../../../shared/parcours/parcours';
import type { StageChange } from '../../../shared/parcours/stageChange';
import { addDays, daysBetween, earlier, instant, later, weekdayOf } from './days';
import { Dice } from './dice';
import { signaturePng } from './signature';
import {
  ceremonyVenues,
  derbs,
  douars,
  fundingPartners,
  missingNotes,
  replacementNotes,
  type EquipmentTemplate,
  type Trade,
} from './vocabulary';
import { arabicProseName, latinName } from '../../../shared/beneficiary/displayName';

const seed = 20_260_415;

/** A budget is sized to what the Fondation and the INDH fund for one person: 15 000 to 70 000 DH. */
const smallestBudget = 1_500_000;
const largestBudget = 7_000_000;
const mostLines = 5;

/** How long a file waits at *mise en œuvre* before its project goes to the committee. */
const daysBeforeCommittee = 45;

// ---- The ceremonies' days ------------------------------------------------------------------------

const thursday = 4;
const friday = 5;

function onOrBefore(date: CalendarDate, weekday: number): CalendarDate {
  return addDays(date, -((weekdayOf(date) - weekday + 7) % 7));
}

function onOrAfter(date: CalendarDate, weekday: number): CalendarDate {
  return addDays(date, (weekday - weekdayOf(date) + 7) % 7);
}

/**
 * The days of the two ceremonies held before `today`, oldest first: a little over a year ago
 * (files since closed were handed their equipment there) and some three months ago.
 */
export function heldCeremonyDays(today: CalendarDate): readonly [CalendarDate, CalendarDate] {
  return [onOrBefore(addDays(today, -400), friday), onOrBefore(addDays(today, -110), thursday)];
}

/** The day of the ceremony in preparation, in a couple of weeks. */
function upcomingCeremonyDay(today: CalendarDate): CalendarDate {
  return onOrAfter(addDays(today, 10), thursday);
}

// ---- Inputs and outputs --------------------------------------------------------------------------

export type AgrFile = {
  readonly beneficiary: Beneficiary;
  /** Index of the file's counsellor among the centre's, and their name (they sign the receipt). */
  readonly counsellor: number;
  readonly counsellorName: string;
  /** Oldest first. */
  readonly stageChanges: readonly StageChange[];
  readonly orientation: Orientation;
  readonly trade: Trade;
  /** Index in `heldCeremonyDays` of the ceremony its equipment was handed over at, if any. */
  readonly handover: number | null;
};

export type FileIncomeProjects = {
  readonly incomeProjects: readonly IncomeProject[];
  readonly equipmentLines: readonly EquipmentLine[];
  readonly fundingShares: readonly FundingShare[];
  readonly handoverReceipts: readonly HandoverReceipt[];
};

export type DemoCeremony = { readonly ceremony: Ceremony; readonly lines: readonly CeremonyLine[] };

export type DemoIncomeProjects = {
  /** In the order of `files`. */
  readonly perFile: readonly FileIncomeProjects[];
  /** The held ceremonies, oldest first, then the one in preparation. */
  readonly ceremonies: readonly DemoCeremony[];
};

// ---- Budgets and funding -------------------------------------------------------------------------

type DrawnLine = {
  readonly item: EquipmentTemplate;
  readonly quantity: number;
  readonly unitPriceCentimes: number;
  readonly supplier: string;
};

/** A quote's unit price: before tax to the dirham, plus 20 % VAT; animals and feed without VAT. */
function unitPrice(dice: Dice, item: EquipmentTemplate): number {
  const [least, most] = item.price;
  const dirhams = dice.int(least, most);
  if (item.isVatExempt === true) return (most >= 1_000 ? Math.round(dirhams / 50) * 50 : dirhams) * 100;
  return Math.round(dirhams / 1.2) * 120;
}

const totalOf = (lines: readonly DrawnLine[]) =>
  budgetCentimes(lines.map(({ quantity, unitPriceCentimes }) => ({ quantity, unitPriceCentimes })));

/**
 * 2 to 5 lines of the trade's catalogue (its main items always), in catalogue order: items are
 * added while the budget is under 15 000 DH and the dearest optional ones dropped while it is over
 * 70 000 DH.
 */
function drawBudget(dice: Dice, trade: Trade): DrawnLine[] {
  const { equipment, suppliers } = trade.incomeProject;
  const cores = equipment.filter((item) => item.isCore === true);
  const others = dice.shuffle(equipment.filter((item) => item.isCore !== true));
  const count = dice.int(Math.max(2, cores.length), mostLines);
  const draw = (item: EquipmentTemplate): DrawnLine => {
    const [least, most] = item.quantity ?? [1, 1];
    return { item, quantity: dice.int(least, most), unitPriceCentimes: unitPrice(dice, item), supplier: '' };
  };
  const lines = [...cores, ...others.splice(0, count - cores.length)].map(draw);
  while (totalOf(lines) < smallestBudget && lines.length < mostLines) {
    const next = others.shift();
    if (next === undefined) break;
    lines.push(draw(next));
  }
  while (totalOf(lines) > largestBudget && lines.length > 2) {
    const optional = lines.filter((line) => line.item.isCore !== true);
    if (optional.length === 0) break;
    const dearest = optional.reduce((a, b) =>
      a.quantity * a.unitPriceCentimes >= b.quantity * b.unitPriceCentimes ? a : b,
    );
    lines.splice(lines.indexOf(dearest), 1);
  }
  // One supplier for most of a quote; another for an item or two.
  const main = dice.pick(suppliers);
  return lines
    .map((line) => ({ ...line, supplier: dice.chance(0.75) ? main : dice.pick(suppliers) }))
    .sort((a, b) => equipment.indexOf(a.item) - equipment.indexOf(b.item));
}

type DrawnShare = Pick<FundingShare, 'funder' | 'partnerName' | 'amountCentimes'>;

const hundredDirhams = 10_000;
const roundedDown = (centimes: number, step: number) => Math.floor(centimes / step) * step;

/**
 * Shares covering the budget to the centime: a personal contribution of a few per cent (most
 * people bring one), sometimes a partner association, the rest split between the INDH and the
 * Fondation, which takes the centimes.
 */
function fullShares(dice: Dice, budget: number): DrawnShare[] {
  const personal = dice.chance(0.85)
    ? Math.max(5 * hundredDirhams, roundedDown((budget * dice.int(3, 8)) / 100, hundredDirhams))
    : 0;
  const partnerName = dice.chance(0.3) ? dice.pick(fundingPartners) : '';
  const partner = partnerName === '' ? 0 : roundedDown((budget * dice.int(10, 20)) / 100, hundredDirhams);
  const rest = budget - personal - partner;
  const indh = roundedDown((rest * dice.int(40, 60)) / 100, 100);
  const shares: DrawnShare[] = [
    { funder: 'fondation', partnerName: '', amountCentimes: rest - indh },
    { funder: 'indh', partnerName: '', amountCentimes: indh },
  ];
  if (partner > 0) shares.push({ funder: 'partenaire', partnerName, amountCentimes: partner });
  if (personal > 0) shares.push({ funder: 'apportPersonnel', partnerName: '', amountCentimes: personal });
  return shares;
}

/** A project still being prepared: no shares yet, a first share or two, or all of them. */
function draftShares(dice: Dice, budget: number): DrawnShare[] {
  return dice.weighted<() => DrawnShare[]>([
    [() => [], 35],
    [
      () => [
        {
          funder: 'fondation',
          partnerName: '',
          amountCentimes: roundedDown((budget * dice.int(40, 60)) / 100, hundredDirhams),
        },
      ],
      35,
    ],
    [() => fullShares(dice, budget), 30],
  ])();
}

function committeeOf(beneficiary: Beneficiary): string {
  return beneficiary.prefectureCode === 'CS-MOHAMMEDIA' ? 'CPDH de Mohammedia' : 'CPDH de Casablanca';
}

/**
 * `CPDH/2025/118`: each committee numbers its decisions through the year, other centres' projects
 * in between; about as far into the year's numbers as the day is into the year.
 */
function numberDecisions(dice: Dice, projects: IncomeProject[]): void {
  const decided = projects
    .filter((project) => project.decision !== '')
    .sort((a, b) =>
      a.decisionDate === b.decisionDate ? (a.id < b.id ? -1 : 1) : a.decisionDate < b.decisionDate ? -1 : 1,
    );
  const last = new Map<string, number>();
  for (const project of decided) {
    const year = project.decisionDate.slice(0, 4);
    const key = `${project.committee}/${year}`;
    const perYear = project.committee === 'CPDH de Mohammedia' ? 40 : 220;
    const dayOfYear = daysBetween(`${year}-01-01`, project.decisionDate);
    const number = Math.max((last.get(key) ?? 0) + dice.int(1, 4), Math.ceil((dayOfYear / 365) * perYear));
    last.set(key, number);
    const index = projects.indexOf(project);
    projects[index] = { ...project, decisionReference: `CPDH/${year}/${String(number)}` };
  }
}

// ---- A file's project ----------------------------------------------------------------------------

type Timeline = {
  /** The days the file entered *mise en œuvre* and *remise*, and was closed. */
  readonly implementation: CalendarDate | undefined;
  readonly handoverStage: CalendarDate | undefined;
  readonly closed: CalendarDate | undefined;
};

function timelineOf(changes: readonly StageChange[]): Timeline {
  const dayOf = (pick: (change: StageChange) => boolean) => changes.find(pick)?.at.slice(0, 10);
  return {
    implementation: dayOf((change) => change.kind === 'forward' && change.to === 'miseEnOeuvre'),
    handoverStage: dayOf((change) => change.kind === 'forward' && change.to === 'remise'),
    closed: dayOf((change) => change.kind === 'close'),
  };
}

type ProjectPlan = {
  readonly createdDay: CalendarDate;
  /** The last day a line or share may be added on. */
  readonly lastEntryDay: CalendarDate;
  readonly decision: { readonly day: CalendarDate; readonly outcome: 'approuve' | 'ajourne' } | null;
};

/** What the file's history says of its project (null: none yet). */
function planProject(
  dice: Dice,
  file: AgrFile,
  timeline: Timeline,
  lastDay: CalendarDate,
  adjournedOne: { done: boolean },
): ProjectPlan | null {
  const { implementation, handoverStage, closed } = timeline;
  if (file.orientation !== 'agr' || implementation === undefined) return null;
  const createdDay = (until: CalendarDate) =>
    addDays(implementation, dice.int(1, Math.min(10, daysBetween(implementation, until))));
  if (handoverStage !== undefined) {
    // Prepared during mise en œuvre, approved some days before the move into remise.
    const created = createdDay(addDays(implementation, 10));
    const day = addDays(handoverStage, -dice.int(2, 12));
    return { createdDay: created, lastEntryDay: addDays(day, -1), decision: { day, outcome: 'approuve' } };
  }
  const end = closed === undefined ? lastDay : addDays(closed, -1);
  // Just arrived at mise en œuvre: the project is not written yet.
  if (daysBetween(implementation, end) < 6) return null;
  const created = createdDay(end);
  if (closed === undefined && daysBetween(implementation, end) >= daysBeforeCommittee) {
    const day = addDays(end, -dice.int(0, 20));
    const outcome = adjournedOne.done ? 'approuve' : 'ajourne';
    adjournedOne.done = true;
    return { createdDay: created, lastEntryDay: addDays(day, -1), decision: { day, outcome } };
  }
  return { createdDay: created, lastEntryDay: end, decision: null };
}

function placeOf(dice: Dice, file: AgrFile): { place: string; area: string } {
  const { premises } = file.trade.incomeProject;
  const isCity = file.beneficiary.prefectureCode === 'CS-CASABLANCA';
  const area =
    isCity && file.trade.incomeProject.sector !== 'agricultureElevage'
      ? `Derb ${dice.pick(derbs)}`
      : `Douar ${dice.pick(douars)}`;
  return { place: `${premises}, ${area}`, area };
}

type MutableFile = {
  incomeProjects: IncomeProject[];
  equipmentLines: EquipmentLine[];
  fundingShares: FundingShare[];
  handoverReceipts: HandoverReceipt[];
};

/**
 * The demo centre's projects and ceremonies for its files (in file-number order): deterministic for
 * the same files, day and centre.
 */
export function generateIncomeProjects(
  files: readonly AgrFile[],
  input: { readonly today: CalendarDate; readonly centreId: string },
): DemoIncomeProjects {
  const { today, centreId } = input;
  const dice = new Dice(seed);
  const ids = new Dice(seed + 1);
  const newId = (at: string) => v7({ msecs: Date.parse(at), random: ids.bytes(16) });
  const lastDay = addDays(today, -1);
  const timelines = files.map((file) => timelineOf(file.stageChanges));

  // 1. The ceremonies: two held (prepared some seven weeks before), one in preparation since the
  //    first of its files reached remise.
  const held = heldCeremonyDays(today);
  const upcoming = upcomingCeremonyDay(today);
  const waiting = files.flatMap((file, index) =>
    file.orientation === 'agr' && file.beneficiary.stage === 'remise'
      ? [timelines[index]?.handoverStage ?? lastDay]
      : [],
  );
  const upcomingCreated = earlier(addDays(upcoming, -35), waiting.reduce(earlier, lastDay));
  const ceremonies: Ceremony[] = [...held, upcoming].map((date, index) => {
    const venue = ceremonyVenues[index] ?? ceremonyVenues[0];
    const isHeld = index < held.length;
    const createdAt = instant(isHeld ? addDays(date, -50) : upcomingCreated, 540 + index);
    return {
      id: newId(createdAt),
      centreId,
      date,
      ...venue,
      status: isHeld ? 'tenue' : 'preparation',
      createdAt,
      updatedAt: isHeld ? instant(date, 17 * 60) : createdAt,
    };
  });
  const ceremonyLines: CeremonyLine[][] = ceremonies.map(() => []);

  // 2. Each file's project: lines, shares, decision; its place on a ceremony's list.
  const perFile: MutableFile[] = files.map(() => ({
    incomeProjects: [],
    equipmentLines: [],
    fundingShares: [],
    handoverReceipts: [],
  }));
  const serialItems = new Set<string>();
  const adjournedOne = { done: false };
  for (const [index, file] of files.entries()) {
    const timeline = timelines[index];
    const out = perFile[index];
    if (timeline === undefined || out === undefined) continue;
    const plan = planProject(dice, file, timeline, lastDay, adjournedOne);
    if (plan === null) continue;
    const { beneficiary, trade } = file;
    const template = trade.incomeProject;
    const minute = dice.int(540, 700);
    const createdAt = instant(plan.createdDay, minute);
    const projectId = newId(createdAt);
    const { place, area } = placeOf(dice, file);

    // The quote's lines, entered in one sitting some days after the project.
    const drawn = drawBudget(dice, trade);
    const entryDay = earlier(addDays(plan.createdDay, dice.int(0, 3)), later(plan.lastEntryDay, plan.createdDay));
    let entryMinute = minute + 5;
    const stamp = () => instant(entryDay, (entryMinute += 4));
    for (const line of drawn) {
      const at = stamp();
      const id = newId(at);
      if (line.item.hasSerial === true) serialItems.add(id);
      out.equipmentLines.push({
        id,
        centreId,
        beneficiaryId: beneficiary.id,
        projectId,
        designation: line.item.designation,
        quantity: line.quantity,
        unitPriceCentimes: line.unitPriceCentimes,
        supplier: line.supplier,
        serialNumber: '',
        handoverStatus: 'prevu',
        handoverNote: '',
        createdAt: at,
        updatedAt: at,
      });
    }
    const budget = budgetCentimes(out.equipmentLines);
    const shares = plan.decision === null ? draftShares(dice, budget) : fullShares(dice, budget);
    for (const share of shares) {
      const at = stamp();
      out.fundingShares.push({
        id: newId(at),
        centreId,
        beneficiaryId: beneficiary.id,
        projectId,
        ...share,
        createdAt: at,
        updatedAt: at,
      });
    }

    const { decision } = plan;
    const isApproved = decision?.outcome === 'approuve';
    const personal = sumCentimes(
      shares.filter((share) => share.funder === 'apportPersonnel').map((share) => share.amountCentimes),
    );
    out.incomeProjects.push({
      id: projectId,
      centreId,
      beneficiaryId: beneficiary.id,
      title: template.title,
      sector: template.sector,
      sectorOther: '',
      activity: template.activity,
      place,
      marketJustification: template.justification.replace('{area}', area),
      committee: decision === null ? '' : committeeOf(beneficiary),
      decisionDate: decision?.day ?? '',
      // Numbered once every decision is known (numberDecisions).
      decisionReference: '',
      decision: decision?.outcome ?? '',
      amountGrantedCentimes: isApproved ? budget - personal : 0,
      approvedTotalCentimes: isApproved ? budget : 0,
      createdAt,
      updatedAt: decision === null ? createdAt : instant(decision.day, dice.int(600, 960)),
    });

    // On a ceremony's list: added by the coordinator once the file reached remise.
    const ceremonyIndex = file.handover ?? (beneficiary.stage === 'remise' ? held.length : null);
    const ceremony = ceremonyIndex === null ? undefined : ceremonies[ceremonyIndex];
    if (ceremonyIndex !== null && ceremony !== undefined && timeline.handoverStage !== undefined) {
      const listedDay = earlier(
        later(addDays(timeline.handoverStage, dice.int(1, 5)), ceremony.createdAt.slice(0, 10)),
        earlier(lastDay, addDays(ceremony.date, -1)),
      );
      const at = instant(listedDay, dice.int(600, 960));
      ceremonyLines[ceremonyIndex]?.push({
        id: projectId,
        centreId,
        ceremonyId: ceremony.id,
        beneficiaryId: beneficiary.id,
        projectId,
        status: 'inscrit',
        createdAt: at,
        updatedAt: at,
      });
    }
  }
  const projects = perFile.flatMap((file) => file.incomeProjects);
  numberDecisions(dice, projects);
  for (const file of perFile)
    file.incomeProjects = file.incomeProjects.map(
      (project) => projects.find((candidate) => candidate.id === project.id) ?? project,
    );

  // 3. The held ceremonies: every item handed over (a serial number on the machines), but for an
  //    item replaced by an equivalent at the first, and at the second one replaced and one missing;
  //    then each beneficiary signs the PV with their counsellor, in the order of the list.
  for (const [ceremonyIndex, date] of held.entries()) {
    const ceremony = ceremonies[ceremonyIndex];
    if (ceremony === undefined) continue;
    const entries = files.flatMap((file, index) => {
      const out = perFile[index];
      return file.handover === ceremonyIndex && out !== undefined ? [{ file, index, out }] : [];
    });
    const special = new Map<string, { status: HandoverStatus; note: string }>();
    const chosen = dice.some(entries, ceremonyIndex === 0 ? 1 : 2);
    for (const [rank, { out }] of chosen.entries()) {
      const status: HandoverStatus = rank === 0 ? 'remplace' : 'manquant';
      // A machine is replaced by an equivalent model; an accessory is what fails to arrive.
      const candidates = out.equipmentLines.filter((line) => serialItems.has(line.id) === (status === 'remplace'));
      const line = dice.pick(candidates.length > 0 ? candidates : out.equipmentLines);
      special.set(line.id, { status, note: dice.pick(status === 'remplace' ? replacementNotes : missingNotes) });
    }
    for (const [rank, { file, index, out }] of entries.entries()) {
      const signedMinute = 600 + rank * 5;
      const changedAt = instant(date, signedMinute - 2);
      out.equipmentLines = out.equipmentLines.map((line) => {
        const { status, note } = special.get(line.id) ?? { status: 'remis', note: '' };
        const serialNumber =
          status !== 'manquant' && serialItems.has(line.id)
            ? `${dice.pick(['SN', 'NS', 'MX', 'KT'])}${date.slice(2, 4)}-${String(dice.int(100_000, 999_999))}`
            : '';
        return { ...line, handoverStatus: status, handoverNote: note, serialNumber, updatedAt: changedAt };
      });
      const [project] = out.incomeProjects;
      if (project === undefined) continue;
      const { beneficiary } = file;
      const signedAt = instant(date, signedMinute);
      out.handoverReceipts.push({
        id: newId(signedAt),
        centreId,
        ceremonyId: ceremony.id,
        beneficiaryId: beneficiary.id,
        projectId: project.id,
        version: 1,
        supersedesId: '',
        correctionReason: '',
        beneficiaryName: latinName(beneficiary),
        beneficiaryNameArabic: arabicProseName(beneficiary),
        beneficiaryCin: beneficiary.cin,
        projectTitle: project.title,
        items: out.equipmentLines.map((line) => ({
          designation: line.designation,
          quantity: line.quantity,
          unitPriceCentimes: line.unitPriceCentimes,
          serialNumber: line.serialNumber,
          handoverStatus: line.handoverStatus,
          handoverNote: line.handoverNote,
        })),
        beneficiarySignatureKind: 'drawn',
        beneficiarySignature: signaturePng(seed + 1_000 + index),
        counsellorName: file.counsellorName,
        counsellorSignature: signaturePng(seed + 10 + file.counsellor),
        signedOn: date,
        signedAt,
      });
    }
  }

  return {
    perFile,
    ceremonies: ceremonies.map((ceremony, index) => ({ ceremony, lines: ceremonyLines[index] ?? [] })),
  };
}

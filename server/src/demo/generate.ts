/**
 * The people of the demo centre (`npm run seed:demo`), as the app's own records: a beneficiary, its
 * detention record, its parcours history, and, as far as the file went, its diagnostic, life project
 * and actions, its income-generating project and signed receipt (incomeProjects.ts), and the
 * centre's handover ceremonies. Pure and deterministic: the same day, centre and staff give the
 * same rows, ids included (the seed relies on it to finish an interrupted run). Every date is at
 * most the day before `today`, except the deadlines of actions still to do and the ceremony in
 * preparation; the stage moves follow the parcours rules (shared/parcours) in chronological order
 * after admission.
 */
import { v7 } from 'uuid';
import type { AdmissionRecord, Beneficiary, Sex } from '../../../shared/beneficiary/beneficiary';
import type { educationLevels, familySituations, housingSituations } from '../../../shared/beneficiary/beneficiary';
import { formatFileNumber } from '../../../shared/beneficiary/fileNumber';
import { isStoredPhone } from '../../../shared/beneficiary/phone';
import type { HandoverReceipt } from '../../../shared/agr/ceremony';
import type { EquipmentLine, FundingShare, IncomeProject } from '../../../shared/agr/incomeProject';
import type { DetentionRecord } from '../../../shared/casefile/detention';
import { yearsBetween, type CalendarDate } from '../../../shared/dates/calendarDate';
import type { Diagnostic } from '../../../shared/parcours/diagnostic';
import type { ActionStatus, LifeProject, LifeProjectAction } from '../../../shared/parcours/lifeProject';
import { nextStage, type ClosureReason, type OpenStage, type Orientation } from '../../../shared/parcours/parcours';
import type { StageChange } from '../../../shared/parcours/stageChange';
import { arrondissementsOf, districtPrefecturesOf } from '../../../shared/reference/administrative';
import { familyNameConcepts, firstNameConcepts, type NameConcept } from '../../../shared/search/syntheticRecords';
import { addDays, addYears, daysBetween, earlier, instant, later } from './days';
import { Dice } from './dice';
import { generateIncomeProjects, heldCeremonyDays, type DemoCeremony } from './incomeProjects';
import {
  actionTemplates,
  backComments,
  closureComments,
  consentPurpose,
  constraints,
  derbs,
  douars,
  educationSentences,
  establishments,
  judicialNotes,
  lotissements,
  motivations,
  partners,
  personalObjectives,
  previousActivities,
  socialObjectives,
  trades,
  type Trade,
} from './vocabulary';

/** How many files stand at each open stage. */
export const openStageCounts: Readonly<Record<OpenStage, number>> = {
  accueil: 80,
  diagnostic: 70,
  projetDeVie: 55,
  validation: 35,
  miseEnOeuvre: 45,
  remise: 20,
  suivi: 50,
};

/** How many files were closed, per reason. */
export const closureCounts: Readonly<Record<ClosureReason, number>> = {
  reinsertionReussie: 18,
  abandon: 12,
  transfert: 5,
  reincarceration: 7,
  deces: 3,
};

export const demoFileCount =
  Object.values(openStageCounts).reduce((sum, count) => sum + count, 0) +
  Object.values(closureCounts).reduce((sum, count) => sum + count, 0);

/** The local-database code of every demo file number (shared/beneficiary/fileNumber.ts). */
export const demoFileCode = 'DEM00';

const seed = 20_260_401;

export type DemoStaff = { readonly userId: string; readonly name: string };

export type DemoInput = {
  /** The day the demo is made on (Casablanca): everything happened before it. */
  readonly today: CalendarDate;
  readonly centre: { readonly id: string; readonly code: string };
  /** Who follows the files (each file has one), and who writes them. */
  readonly counsellors: readonly [DemoStaff, ...DemoStaff[]];
  readonly coordinator: DemoStaff;
};

export type DemoFile = {
  /** Index in `counsellors` of the one who follows the file. */
  readonly counsellor: number;
  readonly beneficiary: Beneficiary;
  /** Admission details (family, education, SPR diagnostic, consent). */
  readonly admission: AdmissionRecord;
  readonly detention: DetentionRecord;
  /** Oldest first. */
  readonly stageChanges: readonly StageChange[];
  readonly diagnostic: Diagnostic | undefined;
  readonly lifeProject: LifeProject | undefined;
  readonly actions: readonly LifeProjectAction[];
  /** For an AGR past the first weeks of mise en œuvre: its project, lines and shares. */
  readonly incomeProjects: readonly IncomeProject[];
  readonly equipmentLines: readonly EquipmentLine[];
  readonly fundingShares: readonly FundingShare[];
  /** For an AGR whose equipment was handed over: the signed PV. */
  readonly handoverReceipts: readonly HandoverReceipt[];
};

/** The demo centre: its people, and its ceremonies (held ones first, then the one in preparation). */
export type DemoCentre = {
  readonly files: readonly DemoFile[];
  readonly ceremonies: readonly DemoCeremony[];
};

// ---- One file ------------------------------------------------------------------------------------

type Slot =
  | { readonly kind: 'open'; readonly stage: OpenStage }
  | { readonly kind: 'closed'; readonly reason: ClosureReason; readonly from: OpenStage };

/** A stage move before it has a date: it happens `gap` days after the previous event. */
type PlannedMove = {
  readonly kind: StageChange['kind'];
  readonly from: StageChange['from'];
  readonly to: StageChange['to'];
  readonly gap: number;
  readonly reason: StageChange['reason'];
  readonly comment: string;
};
type DatedMove = PlannedMove & { readonly date: CalendarDate; readonly at: string };

const femaleNames = new Set(['khadija', 'fatima', 'fatiha', 'aicha', 'nadia', 'zineb', 'naima', 'meryem', 'imane']);

/** Where closed files were closed from, per reason. */
const closedFrom: Readonly<Record<ClosureReason, readonly OpenStage[]>> = {
  reinsertionReussie: ['suivi'],
  abandon: ['accueil', 'diagnostic', 'diagnostic', 'projetDeVie', 'miseEnOeuvre'],
  transfert: ['accueil', 'diagnostic', 'projetDeVie', 'miseEnOeuvre', 'suivi'],
  reincarceration: ['diagnostic', 'projetDeVie', 'miseEnOeuvre', 'suivi'],
  deces: ['diagnostic', 'miseEnOeuvre', 'suivi'],
};

/** Days spent at the current stage so far, per open stage. */
const dwellDays: Readonly<Record<OpenStage, readonly [number, number]>> = {
  accueil: [1, 45],
  diagnostic: [1, 50],
  projetDeVie: [1, 45],
  validation: [1, 25],
  miseEnOeuvre: [1, 120],
  remise: [1, 30],
  suivi: [15, 420],
};

function forwardGap(dice: Dice, from: OpenStage, to: OpenStage): number {
  switch (to) {
    case 'diagnostic':
      return dice.int(5, 25);
    case 'projetDeVie':
      return dice.int(14, 45);
    case 'validation':
      return dice.int(10, 35);
    case 'miseEnOeuvre':
      return dice.int(7, 30);
    case 'remise':
      return dice.int(30, 120);
    case 'suivi':
      return from === 'remise' ? dice.int(7, 30) : dice.int(45, 150);
    case 'accueil':
      return 0;
  }
}

function drawName(dice: Dice, concepts: readonly NameConcept[]): { latin: string; arabic: string } {
  const concept = dice.pick(concepts);
  // The usual spelling most often, the others as registries and counsellors write them.
  const latin = dice.chance(0.6) ? (concept.latin[0] ?? concept.concept) : dice.pick(concept.latin);
  return { latin, arabic: concept.arabic };
}

function drawPhone(dice: Dice): string {
  for (;;) {
    const candidate = `+212${dice.pick(['6', '6', '7'])}${String(dice.int(0, 99_999_999)).padStart(8, '0')}`;
    if (isStoredPhone(candidate)) return candidate;
  }
}

const cinPrefixes = ['BE', 'BH', 'BJ', 'BK', 'BL', 'BB', 'BA', 'B', 'BM', 'BW', 'W', 'M'];

function drawCin(dice: Dice, taken: Set<string>): string {
  for (;;) {
    const prefix = dice.pick(cinPrefixes);
    const digits = prefix.length === 1 ? dice.int(10_000, 999_999) : dice.int(100_000, 999_999);
    const cin = `${prefix}${String(digits)}`;
    if (!taken.has(cin)) {
      taken.add(cin);
      return cin;
    }
  }
}

function drawAddress(dice: Dice) {
  const prefectureCode = dice.weighted([
    ['CS-CASABLANCA', 65],
    ['CS-MOHAMMEDIA', 8],
    ['CS-NOUACEUR', 5],
    ['CS-MEDIOUNA', 5],
    ['CS-BERRECHID', 5],
    ['CS-SETTAT', 4],
    ['CS-EL-JADIDA', 4],
    ['CS-BENSLIMANE', 2],
    ['CS-SIDI-BENNOUR', 2],
  ] as const);
  const street = dice.int(1, 40);
  const number = dice.int(1, 180);
  let districtCode = '';
  let arrondissementCode = '';
  let addressLine: string;
  if (prefectureCode === 'CS-CASABLANCA') {
    districtCode = dice.pick(districtPrefecturesOf(prefectureCode)).code;
    if (dice.chance(0.9)) arrondissementCode = dice.pick(arrondissementsOf(districtCode)).code;
    addressLine = dice.weighted([
      [`Rue ${String(street)}, n° ${String(number)}`, 3],
      [`Derb ${dice.pick(derbs)}, rue ${String(street)}, n° ${String(number)}`, 2],
      [`Lotissement ${dice.pick(lotissements)}, rue ${String(street)}, n° ${String(number)}`, 2],
      [`Résidence ${dice.pick(lotissements)}, imm. ${String(dice.int(1, 30))}, appt ${String(dice.int(1, 20))}`, 1],
    ]);
  } else {
    addressLine = dice.weighted([
      [`Douar ${dice.pick(douars)}`, 2],
      [`Hay ${dice.pick(lotissements)}, n° ${String(number)}`, 3],
      [`Rue ${String(street)}, n° ${String(number)}`, 2],
    ]);
  }
  if (dice.chance(0.06)) addressLine = '';
  return { prefectureCode, districtCode, arrondissementCode, addressLine };
}

/** The moves of a file from admission to where it stands, not yet dated. */
function planMoves(dice: Dice, slot: Slot, orientation: Orientation): { moves: PlannedMove[]; dwell: number } {
  const target = slot.kind === 'open' ? slot.stage : slot.from;
  const moves: PlannedMove[] = [];
  const forward = (from: OpenStage, to: OpenStage, gap: number): PlannedMove => ({
    kind: 'forward',
    from,
    to,
    gap,
    reason: '',
    comment: '',
  });
  const back = (): PlannedMove => ({
    kind: 'back',
    from: 'validation',
    to: 'projetDeVie',
    gap: dice.int(5, 20),
    reason: '',
    comment: dice.pick(backComments),
  });
  // Some projects go back to the counsellor once before the committee validates them.
  const sentBackOnce = target !== 'projetDeVie' && dice.chance(0.12);
  for (let stage: OpenStage = 'accueil'; stage !== target;) {
    const next = nextStage(stage, orientation);
    if (next === null) throw new Error(`no path from ${stage} to ${target}`);
    moves.push(forward(stage, next, forwardGap(dice, stage, next)));
    if (next === 'validation' && sentBackOnce) {
      moves.push(back(), forward('projetDeVie', 'validation', dice.int(7, 30)));
    }
    stage = next;
  }
  if (slot.kind === 'open' && target === 'projetDeVie' && dice.chance(0.2)) {
    moves.push(forward('projetDeVie', 'validation', forwardGap(dice, 'projetDeVie', 'validation')), back());
  }
  if (slot.kind === 'closed') {
    const isSuccess = slot.reason === 'reinsertionReussie';
    moves.push({
      kind: 'close',
      from: target,
      to: 'cloture',
      gap: isSuccess ? dice.int(180, 500) : dice.int(5, 90),
      reason: slot.reason,
      comment: dice.pick(closureComments[slot.reason] ?? ['']),
    });
    return { moves, dwell: dice.int(1, 400) };
  }
  const [least, most] = dwellDays[target];
  return { moves, dwell: dice.int(least, most) };
}

function drawOrientation(dice: Dice, target: OpenStage): Orientation {
  if (target === 'remise') return 'agr';
  if (target === 'suivi')
    return dice.weighted([
      ['agr', 60],
      ['emploiSalarie', 25],
      ['formationComplementaire', 15],
    ] as const);
  return dice.weighted([
    ['agr', 55],
    ['emploiSalarie', 30],
    ['formationComplementaire', 15],
  ] as const);
}

function actionStatus(
  dice: Dice,
  slot: Slot,
  deadline: CalendarDate,
  lastDay: CalendarDate,
  reachedImplementation: boolean,
): ActionStatus {
  const isPast = deadline <= lastDay;
  if (slot.kind === 'closed') {
    if (slot.reason === 'reinsertionReussie') return 'realisee';
    return reachedImplementation && isPast && dice.chance(0.5) ? 'realisee' : 'abandonnee';
  }
  switch (slot.stage) {
    case 'miseEnOeuvre':
      return isPast
        ? dice.weighted([
            ['realisee', 60],
            ['enCours', 28],
            ['prevue', 12],
          ] as const)
        : dice.chance(0.5)
          ? 'enCours'
          : 'prevue';
    case 'remise':
    case 'suivi':
      return isPast ? (dice.chance(0.9) ? 'realisee' : 'abandonnee') : 'enCours';
    default:
      return dice.chance(0.8) ? 'prevue' : 'enCours';
  }
}

/**
 * An AGR file that reached *suivi* had its equipment handed over at one of the held ceremonies
 * (incomeProjects.ts): it entered *remise* some weeks before that day and *suivi* some days after.
 * The planned gaps and dwell are changed to say so; the other files keep theirs. Files long at
 * suivi, and every file since closed, were at the older ceremony. Its own dice, so that the
 * other draws, and the people, stay the same.
 */
function aroundCeremony(
  dice: Dice,
  planned: readonly PlannedMove[],
  dwell: number,
  orientation: Orientation,
  today: CalendarDate,
): { moves: PlannedMove[]; dwell: number; handover: number | null } {
  const moves = [...planned];
  const intoFollowUp = moves.findIndex((move) => move.kind === 'forward' && move.to === 'suivi');
  const intoFollowUpMove = moves[intoFollowUp];
  if (orientation !== 'agr' || intoFollowUpMove === undefined) return { moves, dwell, handover: null };
  const closingIndex = moves.findIndex((move) => move.kind === 'close');
  const closing = moves[closingIndex];
  // The older ceremony is some 400 days back, the recent one some 110 (incomeProjects.ts).
  const handover = closing !== undefined || dwell > 250 ? 0 : 1;
  const ceremonyDay = heldCeremonyDays(today)[handover];
  const intoFollowUpDay = addDays(ceremonyDay, dice.int(1, 14));
  const intoHandoverDay = addDays(ceremonyDay, -dice.int(10, 45));
  moves[intoFollowUp] = { ...intoFollowUpMove, gap: daysBetween(intoHandoverDay, intoFollowUpDay) };
  if (closing === undefined) return { moves, dwell: daysBetween(intoFollowUpDay, today), handover };
  // Closed since: no later than yesterday.
  const closingGap = Math.min(closing.gap, daysBetween(intoFollowUpDay, addDays(today, -1)));
  moves[closingIndex] = { ...closing, gap: closingGap };
  return { moves, dwell: daysBetween(addDays(intoFollowUpDay, closingGap), today), handover };
}

type FileDraft = Omit<
  DemoFile,
  'beneficiary' | 'incomeProjects' | 'equipmentLines' | 'fundingShares' | 'handoverReceipts'
> & {
  readonly beneficiary: Omit<Beneficiary, 'fileNumber'>;
  readonly admissionDate: CalendarDate;
  readonly orientation: Orientation;
  readonly trade: Trade;
  readonly handover: number | null;
};

/** One file's draws: the plan's dice, and the ids' (a separate dice, so ids do not move the people). */
type FileDice = {
  readonly dice: Dice;
  /** A UUID v7 of that instant, its random part from the ids' dice. */
  readonly newId: (at: string) => string;
  /** A minute of the working day (8:30 to 16:30), for an event's instant. */
  readonly minute: () => number;
};

/** Where a file stands and how it got there: its moves from admission, dated. */
type Parcours = {
  /** The stage the file is at, or was closed from. */
  readonly target: OpenStage;
  readonly orientation: Orientation;
  readonly trade: Trade;
  /** The held ceremony its equipment was handed over at (`aroundCeremony`), if any. */
  readonly handover: number | null;
  readonly admissionDate: CalendarDate;
  readonly admissionMinute: number;
  readonly admissionAt: string;
  readonly moves: readonly DatedMove[];
  /** The last day something could happen on this file. */
  readonly endDay: CalendarDate;
  readonly hasLeftAccueil: boolean;
};

/** When the person left prison and was born. */
type Release = {
  readonly releaseDate: CalendarDate;
  readonly isReleaseKnown: boolean;
  readonly dateOfBirth: CalendarDate;
};

/** Who the person is, and which counsellor follows the file. */
function drawPerson(dice: Dice, counsellors: DemoInput['counsellors']) {
  const sex: Sex = dice.chance(0.9) ? 'M' : 'F';
  const first = drawName(
    dice,
    firstNameConcepts.filter((concept) => femaleNames.has(concept.concept) === (sex === 'F')),
  );
  const family = drawName(dice, familyNameConcepts);
  const hasArabic = dice.chance(0.92);
  const counsellorIndex = dice.int(0, counsellors.length - 1);
  const counsellor = counsellors[counsellorIndex] ?? counsellors[0];
  return { sex, first, family, hasArabic, counsellorIndex, counsellor };
}

/** Where the file stands, and how it got there: orientation, trade and the dated stage moves. */
function drawParcours({ dice, minute }: FileDice, agrDice: Dice, slot: Slot, sex: Sex, today: CalendarDate): Parcours {
  const target = slot.kind === 'open' ? slot.stage : slot.from;
  const orientation = drawOrientation(dice, target);
  const trade = dice.pick(trades.filter((candidate: Trade) => candidate.sex === 'all' || candidate.sex === sex));
  const drawn = planMoves(dice, slot, orientation);
  const { moves: planned, dwell, handover } = aroundCeremony(agrDice, drawn.moves, drawn.dwell, orientation, today);
  const lastDay = addDays(today, -1);
  const admissionDate = addDays(today, -(planned.reduce((sum, move) => sum + move.gap, 0) + dwell));
  const admissionMinute = dice.int(510, 900);
  const admissionAt = instant(admissionDate, admissionMinute);
  let day = admissionDate;
  const moves: DatedMove[] = planned.map((move) => {
    day = addDays(day, move.gap);
    return { ...move, date: day, at: instant(day, minute()) };
  });
  const closing = moves.find((move) => move.kind === 'close');
  return {
    target,
    orientation,
    trade,
    handover,
    admissionDate,
    admissionMinute,
    admissionAt,
    moves,
    endDay: closing?.date ?? lastDay,
    hasLeftAccueil: target !== 'accueil',
  };
}

/** The day the file entered a stage (undefined: it never did). */
function dateOf(parcours: Parcours, to: StageChange['to']): CalendarDate | undefined {
  return parcours.moves.find((move) => move.to === to)?.date;
}

/** Release and birth: released at 18 or older, born 1960–2004. */
function drawRelease(dice: Dice, { admissionDate, hasLeftAccueil }: Parcours): Release {
  const releaseDate = addDays(
    admissionDate,
    -dice.weighted([
      [dice.int(0, 14), 35],
      [dice.int(15, 90), 45],
      [dice.int(91, 365), 20],
    ]),
  );
  const isReleaseKnown = hasLeftAccueil || dice.chance(0.85);
  const age = dice.weighted([
    [dice.int(19, 25), 30],
    [dice.int(26, 35), 35],
    [dice.int(36, 45), 22],
    [dice.int(46, 60), 13],
  ]);
  const birthMonthDay = `${String(dice.int(1, 12)).padStart(2, '0')}-${String(dice.int(1, 28)).padStart(2, '0')}`;
  let birthYear = Math.min(2004, Math.max(1960, Number(releaseDate.slice(0, 4)) - age));
  while (yearsBetween(`${String(birthYear)}-${birthMonthDay}`, releaseDate) < 18) birthYear -= 1;
  const dateOfBirth = `${String(birthYear)}-${birthMonthDay}`;
  return { releaseDate, isReleaseKnown, dateOfBirth };
}

/** Detention: entered at 18 or older, served most of the sentence. Ids are the file's (`link`). */
function drawDetention(
  dice: Dice,
  centreId: string,
  { admissionDate, admissionMinute }: Parcours,
  { releaseDate, isReleaseKnown, dateOfBirth }: Release,
): { detention: DetentionRecord; entryDate: CalendarDate } {
  const sentence = dice.weighted([
    [dice.int(3, 24), 60],
    [dice.int(25, 72), 30],
    [dice.int(73, 180), 10],
  ]);
  const served = Math.max(1, Math.round(sentence * (1 - dice.float() * 0.25)));
  const eighteenth = addYears(dateOfBirth, 18);
  const entryDate = earlier(
    later(addDays(releaseDate, -Math.round(served * 30.44)), eighteenth),
    addDays(releaseDate, -1),
  );
  const sentenceMonths = Math.max(sentence, Math.ceil(daysBetween(entryDate, releaseDate) / 30.44));
  const detention: DetentionRecord = {
    id: '',
    centreId,
    beneficiaryId: '',
    establishment: dice.weighted(establishments),
    entryDate: isReleaseKnown ? entryDate : '',
    sentenceMonths: isReleaseKnown || dice.chance(0.5) ? sentenceMonths : null,
    judicialNotes: dice.chance(0.3) ? dice.pick(judicialNotes) : '',
    updatedAt: instant(admissionDate, admissionMinute + 20),
  };
  return { detention, entryDate };
}

/**
 * Admission details: complete once the file left accueil, partly filled before. Ids are the
 * file's (`link`).
 */
function drawAdmission(
  dice: Dice,
  input: DemoInput,
  parcours: Parcours,
  { releaseDate, isReleaseKnown, dateOfBirth }: Release,
  entryDate: CalendarDate,
  counsellorName: string,
): AdmissionRecord {
  const { hasLeftAccueil, trade, orientation, moves, endDay, admissionDate, admissionMinute } = parcours;
  const filled = (probability: number) => hasLeftAccueil || dice.chance(probability);
  const familySituation = filled(0.7)
    ? dice.weighted<(typeof familySituations)[number]>([
        ['celibataire', 55],
        ['marie', 30],
        ['divorce', 12],
        ['veuf', 3],
      ])
    : '';
  // Children in proportion to the years of adult life (a 22-year-old has not five).
  const mostChildren = Math.min(
    familySituation === 'marie' ? 5 : 3,
    Math.floor((yearsBetween(dateOfBirth, input.today) - 18) / 3),
  );
  const childrenCount =
    familySituation === ''
      ? null
      : familySituation === 'celibataire'
        ? dice.chance(0.9)
          ? 0
          : 1
        : dice.int(0, Math.max(0, mostChildren));
  const educationLevel = filled(0.7)
    ? dice.weighted<(typeof educationLevels)[number]>([
        ['aucun', 15],
        ['prescolaire', 2],
        ['primaire', 35],
        ['college', 30],
        ['lycee', 10],
        ['formationProfessionnelle', 5],
        ['superieur', 3],
      ])
    : '';
  const housing = filled(0.7)
    ? dice.weighted<(typeof housingSituations)[number]>([
        ['famille', 60],
        ['locataire', 20],
        ['hebergement', 10],
        ['proprietaire', 5],
        ['sansDomicile', 5],
      ])
    : '';
  const detentionTraining = dice.weighted([
    [`Formation qualifiante en ${trade.course} suivie en détention (attestation).`, 45],
    ['Alphabétisation suivie en détention.', 20],
    ['', 35],
  ]);
  const wish = {
    agr: 'travailler à son compte',
    emploiSalarie: 'un emploi salarié',
    formationComplementaire: 'une formation',
  };
  const hasSprDiagnostic = isReleaseKnown && dice.chance(0.5);
  const sprDiagnostic = hasSprDiagnostic
    ? `Comportement ${dice.pick(['correct', 'exemplaire', 'globalement correct'])} en détention ; participation à l'atelier de ${trade.sector}. Souhaite ${wish[orientation]}.`
    : '';
  const sprDiagnosticDate = hasSprDiagnostic ? later(addDays(releaseDate, -dice.int(10, 60)), entryDate) : '';
  const firstMoveDate = moves[0]?.date ?? endDay;
  const hasConsent = hasLeftAccueil || dice.chance(0.55);
  const consentDate = hasConsent
    ? earlier(addDays(admissionDate, dice.int(0, 3)), later(addDays(firstMoveDate, -1), admissionDate))
    : '';
  return {
    id: '',
    centreId: input.centre.id,
    beneficiaryId: '',
    familySituation,
    childrenCount,
    housing,
    educationLevel,
    detentionTraining,
    sprDiagnostic,
    sprDiagnosticDate,
    consentDate,
    consentPurpose: hasConsent ? consentPurpose : '',
    consentCollectedBy: hasConsent ? counsellorName : '',
    updatedAt: instant(admissionDate, admissionMinute + 20),
  };
}

/**
 * Diagnostic: complete once the file reached the life project; a draft for some at diagnostic.
 * Ids are the file's (`link`).
 */
function drawDiagnostic(
  { dice, minute }: FileDice,
  centreId: string,
  parcours: Parcours,
  { educationLevel, detentionTraining }: AdmissionRecord,
): Diagnostic | undefined {
  const { trade, orientation, endDay } = parcours;
  const diagnosticEntered = dateOf(parcours, 'diagnostic');
  const projectEntered = dateOf(parcours, 'projetDeVie');
  if (diagnosticEntered === undefined || (projectEntered === undefined && !dice.chance(0.6))) return undefined;
  const isComplete = projectEntered !== undefined;
  const diagnosticDay = isComplete
    ? later(addDays(projectEntered, -dice.int(0, 3)), addDays(diagnosticEntered, 1))
    : later(earlier(addDays(diagnosticEntered, dice.int(1, 30)), endDay), diagnosticEntered);
  const sometimes = (text: string) => (isComplete || dice.chance(0.5) ? text : '');
  return {
    id: '',
    centreId,
    beneficiaryId: '',
    professionalPath:
      `Avant la détention : ${dice.pick(previousActivities)} (${String(dice.int(1, 12))} ans). ${educationSentences[educationLevel] ?? ''}`.trim(),
    skills: trade.skills,
    training: sometimes(detentionTraining === '' ? 'Aucune formation suivie en détention.' : detentionTraining),
    constraints: sometimes(dice.some(constraints, dice.int(1, 2)).join(' ')),
    motivation: sometimes(dice.pick(motivations)),
    labourMarketFit: sometimes(trade.market),
    partners: sometimes(dice.some(partners, dice.int(1, 3)).join(', ')),
    orientation: isComplete ? orientation : '',
    complementaryQualification: !isComplete
      ? ''
      : orientation === 'formationComplementaire'
        ? `Formation complémentaire en ${trade.course} (OFPPT, six mois).`
        : orientation === 'agr' && dice.chance(0.5)
          ? "Formation à la gestion d'une petite entreprise (INDH)."
          : '',
    diagnosticDate: isComplete ? diagnosticDay : '',
    updatedAt: instant(diagnosticDay, minute()),
  };
}

/**
 * Life project: objectives and actions from projetDeVie on, validated before mise en œuvre. The
 * project's ids are the file's (`link`); each action has its own.
 */
function drawLifeProject(
  { dice, minute, newId }: FileDice,
  slot: Slot,
  parcours: Parcours,
  sex: Sex,
  counsellor: DemoStaff,
  input: DemoInput,
): { lifeProject: LifeProject | undefined; actions: LifeProjectAction[] } {
  const { trade, orientation, endDay } = parcours;
  const projectEntered = dateOf(parcours, 'projetDeVie');
  const validationEntered = dateOf(parcours, 'validation');
  const implementationEntered = dateOf(parcours, 'miseEnOeuvre');
  const actions: LifeProjectAction[] = [];
  if (projectEntered === undefined || (validationEntered === undefined && !dice.chance(0.7)))
    return { lifeProject: undefined, actions };
  const isFull = validationEntered !== undefined;
  const projectStart = earlier(addDays(projectEntered, dice.int(1, 7)), later(endDay, projectEntered));
  const professional = {
    agr: `Créer ${trade.project} et en vivre dans les deux ans.`,
    emploiSalarie: `Obtenir ${trade.job}, avec un contrat.`,
    formationComplementaire: `Suivre la formation en ${trade.course}, puis trouver ${trade.job}.`,
  }[orientation];
  const validatedOn = implementationEntered ?? '';
  const lifeProject: LifeProject = {
    id: '',
    centreId: input.centre.id,
    beneficiaryId: '',
    personalObjectives: isFull || dice.chance(0.6) ? dice.pick(personalObjectives) : '',
    professionalObjectives: professional,
    socialObjectives: dice.chance(isFull ? 0.7 : 0.4) ? dice.pick(socialObjectives) : '',
    validatedOn,
    validatedBy: validatedOn === '' ? '' : `Comité du centre (${input.coordinator.name})`,
    updatedAt: instant(validatedOn === '' ? projectStart : validatedOn, minute()),
  };
  const { specific, common } = actionTemplates(orientation, trade);
  const count = isFull ? dice.int(1, 4) : dice.int(0, 2);
  const templates = dice.some([...specific, ...dice.some(common, 1)], count);
  // Actions are agreed while the project is built, before it goes to the committee.
  const lastActionDay = validationEntered === undefined ? endDay : addDays(validationEntered, -1);
  for (const template of templates) {
    const createdDay = earlier(addDays(projectStart, dice.int(0, 10)), later(lastActionDay, projectStart));
    const deadline = addDays(createdDay, dice.int(15, 150));
    const status = actionStatus(dice, slot, deadline, endDay, implementationEntered !== undefined);
    const settledDay =
      status === 'realisee' || status === 'abandonnee'
        ? later(earlier(addDays(deadline, -dice.int(0, 10)), endDay), createdDay)
        : createdDay;
    const createdAt = instant(createdDay, minute());
    actions.push({
      id: newId(createdAt),
      centreId: input.centre.id,
      beneficiaryId: '',
      description: template.description,
      deadline,
      responsible:
        template.by === 'counsellor'
          ? counsellor.name
          : template.by === 'person'
            ? sex === 'F'
              ? 'La bénéficiaire'
              : 'Le bénéficiaire'
            : template.by.partner,
      status,
      createdAt,
      updatedAt: settledDay === createdDay ? createdAt : instant(settledDay, minute()),
    });
  }
  // An open file past the life project keeps at least one live action (the parcours rules ask it).
  if (slot.kind === 'open' && isFull && actions.every((action) => action.status === 'abandonnee')) {
    const [firstAction] = actions;
    if (firstAction !== undefined) actions[0] = { ...firstAction, status: 'realisee' };
  }
  return { lifeProject, actions };
}

/** The file's stage history, written by its counsellor. */
function stageChangesOf(
  { newId }: FileDice,
  { moves }: Parcours,
  centreId: string,
  beneficiaryId: string,
  counsellor: DemoStaff,
): StageChange[] {
  return moves.map((move): StageChange => ({
    id: newId(move.at),
    centreId,
    beneficiaryId,
    kind: move.kind,
    from: move.from,
    to: move.to,
    reason: move.reason,
    comment: move.comment,
    byUserId: counsellor.userId,
    byName: counsellor.name,
    at: move.at,
  }));
}

/** Phones, identity card numbers and address. */
function drawContact(dice: Dice, cins: Set<string>) {
  const phones = {
    phone: dice.chance(0.88) ? drawPhone(dice) : '',
    phoneOther: dice.chance(0.3) ? drawPhone(dice) : '',
  };
  const cin = dice.chance(0.96) ? drawCin(dice, cins) : '';
  // The newer 10-digit national number: on the recent cards only.
  const nationalNumber = dice.chance(0.35)
    ? `${String(dice.int(10_000, 99_999))}${String(dice.int(0, 99_999)).padStart(5, '0')}`
    : '';
  const address = drawAddress(dice);
  return { phones, cin, nationalNumber, address };
}

/**
 * One file, drawn step by step in a fixed order (the same dice give the same file): the person,
 * the parcours, release and birth, detention, admission, diagnostic, life project and actions,
 * then the ids that link them, the stage history, and contact details.
 */
function draftFile(dice: Dice, ids: Dice, agrDice: Dice, slot: Slot, input: DemoInput, cins: Set<string>): FileDraft {
  const { today, centre } = input;
  const draws: FileDice = {
    dice,
    newId: (at: string) => v7({ msecs: Date.parse(at), random: ids.bytes(16) }),
    minute: () => dice.int(510, 990),
  };
  const { sex, first, family, hasArabic, counsellorIndex, counsellor } = drawPerson(dice, input.counsellors);
  const parcours = drawParcours(draws, agrDice, slot, sex, today);
  const release = drawRelease(dice, parcours);
  const { detention, entryDate } = drawDetention(dice, centre.id, parcours, release);
  const admission = drawAdmission(dice, input, parcours, release, entryDate, counsellor.name);
  const diagnostic = drawDiagnostic(draws, centre.id, parcours, admission);
  const { lifeProject, actions } = drawLifeProject(draws, slot, parcours, sex, counsellor, input);

  const { admissionAt, moves } = parcours;
  const beneficiaryId = draws.newId(admissionAt);
  const link = <T extends { id: string; beneficiaryId: string }>(row: T, id = beneficiaryId): T => ({
    ...row,
    id,
    beneficiaryId,
  });
  const stageChanges = stageChangesOf(draws, parcours, centre.id, beneficiaryId, counsellor);
  const lastMove = moves.at(-1);
  const { phones, cin, nationalNumber, address } = drawContact(dice, cins);

  return {
    counsellor: counsellorIndex,
    admissionDate: parcours.admissionDate,
    orientation: parcours.orientation,
    trade: parcours.trade,
    handover: parcours.handover,
    beneficiary: {
      id: beneficiaryId,
      lastNameLatin: family.latin,
      firstNameLatin: first.latin,
      lastNameArabic: hasArabic ? family.arabic : '',
      firstNameArabic: hasArabic ? first.arabic : '',
      sex,
      dateOfBirth: release.dateOfBirth,
      cin,
      nationalNumber,
      ...phones,
      ...address,
      stage: slot.kind === 'open' ? slot.stage : 'cloture',
      releaseDate: release.isReleaseKnown ? release.releaseDate : '',
      followedById: counsellor.userId,
      followedByName: counsellor.name,
      centreId: centre.id,
      createdAt: admissionAt,
      updatedAt: lastMove?.at ?? admissionAt,
    },
    admission: link(admission),
    detention: link(detention),
    stageChanges,
    diagnostic: diagnostic && link(diagnostic),
    lifeProject: lifeProject && link(lifeProject),
    actions: actions.map((action) => link(action, action.id)),
  };
}

/** The slots of the plan (a stage, or a closure with the stage it was closed from), shuffled. */
function slots(dice: Dice): Slot[] {
  const all: Slot[] = [];
  for (const [stage, count] of Object.entries(openStageCounts) as [OpenStage, number][])
    for (let index = 0; index < count; index++) all.push({ kind: 'open', stage });
  for (const [reason, count] of Object.entries(closureCounts) as [ClosureReason, number][])
    for (let index = 0; index < count; index++)
      all.push({ kind: 'closed', reason, from: dice.pick(closedFrom[reason]) });
  return dice.shuffle(all);
}

/**
 * The demo centre — its files in the order of their file numbers (admission order), and its
 * ceremonies: deterministic for the same input.
 */
export function generateDemo(input: DemoInput): DemoCentre {
  const dice = new Dice(seed);
  const ids = new Dice(seed + 1);
  const agrDice = new Dice(seed + 2);
  const cins = new Set<string>();
  const drafts = slots(dice).map((slot) => draftFile(dice, ids, agrDice, slot, input, cins));
  drafts.sort((a, b) =>
    a.beneficiary.createdAt === b.beneficiary.createdAt
      ? a.beneficiary.id.localeCompare(b.beneficiary.id)
      : a.beneficiary.createdAt < b.beneficiary.createdAt
        ? -1
        : 1,
  );
  const numbered = drafts.map(({ admissionDate, beneficiary, ...file }, index) => ({
    ...file,
    beneficiary: {
      ...beneficiary,
      fileNumber: formatFileNumber(input.centre.code, Number(admissionDate.slice(0, 4)), demoFileCode, index + 1),
      formerFileNumbers: [],
    },
  }));
  const { perFile, ceremonies } = generateIncomeProjects(
    numbered.map((file) => ({
      ...file,
      counsellorName: (input.counsellors[file.counsellor] ?? input.counsellors[0]).name,
    })),
    { today: input.today, centreId: input.centre.id },
  );
  const files = numbered.map(({ orientation: _orientation, trade: _trade, handover: _handover, ...file }, index) => {
    const agr = perFile[index];
    if (agr === undefined) throw new Error('a file without its income projects');
    return { ...file, ...agr };
  });
  return { files, ceremonies };
}

/** A deterministic UUID for the seed's own bookkeeping (an outbox id), from a number. */
export function demoUuid(salt: number, msecs: number): string {
  return v7({ msecs, random: new Dice(seed + 100 + salt).bytes(16) });
}

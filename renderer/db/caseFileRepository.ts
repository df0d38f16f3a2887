import type { Admission, AdmissionRecord, Beneficiary } from '../../shared/beneficiary/beneficiary';
import type { DuplicateDecision } from '../../shared/beneficiary/duplicateDecision';
import type { DetentionDraft, DetentionRecord } from '../../shared/casefile/detention';
import type { EquipmentLine, FundingShare, IncomeProject } from '../../shared/agr/incomeProject';
import type { HandoverReceipt } from '../../shared/agr/ceremony';
import { todayInCasablanca } from '../../shared/dates/calendarDate';
import { newId } from '../../shared/ids/uuidv7';
import type { Diagnostic, DiagnosticDraft } from '../../shared/parcours/diagnostic';
import { fileFacts } from '../../shared/parcours/facts';
import {
  isOverdue,
  type ActionDraft,
  type LifeProject,
  type LifeProjectAction,
  type LifeProjectDraft,
} from '../../shared/parcours/lifeProject';
import {
  checkMove,
  currentStage,
  stageAfter,
  type MoveRefusal,
  type Stage,
  type StageMove,
} from '../../shared/parcours/parcours';
import { closedFromOf, type StageChange } from '../../shared/parcours/stageChange';
import { failure, ok, type Result } from '../../shared/result';
import { unknownAuthor, type Author } from './beneficiaryRepository';
import type { MasarDatabase } from './tables';

/** Everything recorded about one beneficiary, for the file page (its sections and timeline). */
export type CaseFile = {
  readonly beneficiary: Beneficiary;
  /** Admission details (family, education, SPR diagnostic, consent); absent until first saved. */
  readonly admission: AdmissionRecord | undefined;
  readonly diagnostic: Diagnostic | undefined;
  readonly lifeProject: LifeProject | undefined;
  /** Oldest first. */
  readonly actions: readonly LifeProjectAction[];
  /** The parcours history, oldest first. */
  readonly stageChanges: readonly StageChange[];
  /** Restricted: only read when the screen may show it. */
  readonly detention: DetentionRecord | undefined;
  readonly decisions: readonly DuplicateDecision[];
  /** Income-generating projects, oldest first, with all their equipment lines and funding shares. */
  readonly incomeProjects: readonly IncomeProject[];
  readonly equipmentLines: readonly EquipmentLine[];
  readonly fundingShares: readonly FundingShare[];
  /** Signed handover receipts (every version), oldest first. */
  readonly handoverReceipts: readonly HandoverReceipt[];
};

export type MoveResult = Result<StageChange, MoveRefusal | 'notFound'>;

/**
 * Reads and writes a beneficiary's case file. Every save changes only the fields whose value
 * differs (so that a concurrent edit of another field on another PC is kept by the field-level
 * merge), in one transaction: all or nothing.
 */
export type CaseFileRepository = {
  /**
   * `withDetention`: read the restricted record too — as the caller decided, or as it decides for
   * the file's centre (shared/auth/restricted.ts: judicial access is per centre).
   */
  load(beneficiaryId: string, withDetention: boolean | ((centreId: string) => boolean)): Promise<CaseFile | undefined>;
  saveAdmission(beneficiaryId: string, admission: Admission): Promise<boolean>;
  saveDiagnostic(beneficiaryId: string, draft: DiagnosticDraft): Promise<boolean>;
  saveLifeProject(beneficiaryId: string, draft: LifeProjectDraft): Promise<boolean>;
  addAction(beneficiaryId: string, draft: ActionDraft): Promise<LifeProjectAction | undefined>;
  updateAction(actionId: string, changes: Partial<ActionDraft>): Promise<boolean>;
  saveDetention(beneficiaryId: string, draft: DetentionDraft): Promise<boolean>;
  /** Checks the move against the parcours rules with the records as stored, then writes it. */
  move(beneficiaryId: string, move: StageMove): Promise<MoveResult>;
  /** The beneficiaries with an action to do whose deadline has passed. */
  overdueBeneficiaryIds(today: string): Promise<Set<string>>;
};

/** The stage of a stored record (records saved before stages existed are at *accueil*). */
export function stageOf(beneficiary: Beneficiary): Stage {
  return currentStage(beneficiary);
}

/** The fields of `next` whose value differs from `current` (all of them when there is none). */
function changedFields<T extends object>(current: T | undefined, next: Partial<T>): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (current === undefined || current[key] !== next[key]) changes[key] = next[key];
  }
  return changes;
}

const byTimeThenIdOf =
  <K extends string>(field: K) =>
  (a: Record<K, string> & { id: string }, b: Record<K, string> & { id: string }) =>
    byTimeThenId({ at: a[field], id: a.id }, { at: b[field], id: b.id });

const byTimeThenId = (a: { at: string; id: string }, b: { at: string; id: string }) =>
  a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1;

/** Every table `readCaseFile` reads: a transaction that reads a whole file holds them all. */
export const caseFileTables = (db: MasarDatabase) => [
  db.beneficiaries,
  db.admissions,
  db.diagnostics,
  db.lifeProjects,
  db.lifeProjectActions,
  db.stageChanges,
  db.detentionRecords,
  db.duplicateDecisions,
  db.incomeProjects,
  db.equipmentLines,
  db.fundingShares,
  db.handoverReceipts,
];

/** One whole file, inside the caller's transaction (which holds `caseFileTables`). */
export async function readCaseFile(
  db: MasarDatabase,
  beneficiaryId: string,
  withDetention: boolean | ((centreId: string) => boolean),
): Promise<CaseFile | undefined> {
  const beneficiary = await db.beneficiaries.get(beneficiaryId);
  if (!beneficiary) return undefined;
  const readsDetention = typeof withDetention === 'function' ? withDetention(beneficiary.centreId) : withDetention;
  const [
    admission,
    diagnostic,
    lifeProject,
    actions,
    stageChanges,
    detention,
    saved,
    pointedAt,
    incomeProjects,
    equipmentLines,
    fundingShares,
    handoverReceipts,
  ] = await Promise.all([
    db.admissions.get(beneficiaryId),
    db.diagnostics.get(beneficiaryId),
    db.lifeProjects.get(beneficiaryId),
    db.lifeProjectActions.where('beneficiaryId').equals(beneficiaryId).toArray(),
    db.stageChanges.where('beneficiaryId').equals(beneficiaryId).toArray(),
    readsDetention ? db.detentionRecords.get(beneficiaryId) : Promise.resolve(undefined),
    db.duplicateDecisions.where('beneficiaryId').equals(beneficiaryId).toArray(),
    db.duplicateDecisions.where('otherBeneficiaryId').equals(beneficiaryId).toArray(),
    db.incomeProjects.where('beneficiaryId').equals(beneficiaryId).toArray(),
    db.equipmentLines.where('beneficiaryId').equals(beneficiaryId).toArray(),
    db.fundingShares.where('beneficiaryId').equals(beneficiaryId).toArray(),
    db.handoverReceipts.where('beneficiaryId').equals(beneficiaryId).toArray(),
  ]);
  const byCreation = <T extends { createdAt: string; id: string }>(rows: T[]) =>
    rows.sort((a, b) => byTimeThenId({ at: a.createdAt, id: a.id }, { at: b.createdAt, id: b.id }));
  return {
    beneficiary,
    admission,
    diagnostic,
    lifeProject,
    actions: byCreation(actions),
    stageChanges: stageChanges.sort(byTimeThenId),
    detention,
    decisions: [...saved, ...pointedAt],
    incomeProjects: byCreation(incomeProjects),
    equipmentLines: byCreation(equipmentLines),
    fundingShares: byCreation(fundingShares),
    handoverReceipts: handoverReceipts.sort(byTimeThenIdOf('signedAt')),
  };
}

/**
 * Checks a move against the parcours rules with the file as stored, then writes it with its
 * history row, inside the caller's transaction (which holds `caseFileTables`): the repository's
 * `move`, and a ceremony held, which moves each file whose PV is signed.
 */
export async function writeMove(
  db: MasarDatabase,
  file: CaseFile,
  move: StageMove,
  author: Author,
  at: string,
): Promise<MoveResult> {
  const current = stageOf(file.beneficiary);
  const refusal = checkMove(current, move, fileFacts(file), closedFromOf(file.stageChanges));
  if (refusal) return failure(refusal);
  const to = stageAfter(move);
  const change: StageChange = {
    id: newId(),
    centreId: file.beneficiary.centreId,
    beneficiaryId: file.beneficiary.id,
    kind: move.kind,
    from: current,
    to,
    reason: move.kind === 'close' && move.reason !== null ? move.reason : '',
    comment: 'comment' in move ? move.comment.trim() : '',
    byUserId: author.userId,
    byName: author.name,
    at,
  };
  await db.stageChanges.add(change);
  await db.beneficiaries.update(file.beneficiary.id, { stage: to, updatedAt: at });
  return ok(change);
}

export function createCaseFileRepository(
  db: MasarDatabase,
  now: () => Date = () => new Date(),
  author: Author = unknownAuthor,
): CaseFileRepository {
  const stamp = () => now().toISOString();

  /** Saves a one-per-beneficiary record (its id is the beneficiary's): creates or changes it. */
  async function saveOwnRecord<Row extends { id: string; centreId: string; beneficiaryId: string; updatedAt: string }>(
    table: 'admissions' | 'diagnostics' | 'lifeProjects' | 'detentionRecords',
    beneficiaryId: string,
    values: Omit<Row, 'id' | 'centreId' | 'beneficiaryId' | 'updatedAt'>,
  ): Promise<boolean> {
    return db.transaction('rw', db.beneficiaries, db.table(table), async () => {
      const beneficiary = await db.beneficiaries.get(beneficiaryId);
      if (!beneficiary) return false;
      const records = db.table<Row, string>(table);
      const current = await records.get(beneficiaryId);
      if (!current) {
        await records.add({
          ...values,
          id: beneficiaryId,
          centreId: beneficiary.centreId,
          beneficiaryId,
          updatedAt: stamp(),
        } as Row);
        return true;
      }
      const changes = changedFields(current, values as Partial<Row>);
      if (Object.keys(changes).length > 0)
        await records.update(beneficiaryId, { ...changes, updatedAt: stamp() } as never);
      return true;
    });
  }

  return {
    load: (beneficiaryId, withDetention) =>
      db.transaction('r', caseFileTables(db), () => readCaseFile(db, beneficiaryId, withDetention)),

    async saveAdmission(beneficiaryId, { releaseDate, ...details }) {
      // The release date is the person's; the rest is their admission record: one transaction.
      return db.transaction('rw', db.beneficiaries, db.admissions, async () => {
        const current = await db.beneficiaries.get(beneficiaryId);
        if (!current) return false;
        if ((current.releaseDate ?? '') !== releaseDate)
          await db.beneficiaries.update(beneficiaryId, { releaseDate, updatedAt: stamp() });
        return saveOwnRecord<AdmissionRecord>('admissions', beneficiaryId, details);
      });
    },

    saveDiagnostic: (beneficiaryId, draft) => saveOwnRecord<Diagnostic>('diagnostics', beneficiaryId, draft),
    saveLifeProject: (beneficiaryId, draft) => saveOwnRecord<LifeProject>('lifeProjects', beneficiaryId, draft),
    saveDetention: (beneficiaryId, draft) => saveOwnRecord<DetentionRecord>('detentionRecords', beneficiaryId, draft),

    async addAction(beneficiaryId, draft) {
      return db.transaction('rw', db.beneficiaries, db.lifeProjectActions, async () => {
        const beneficiary = await db.beneficiaries.get(beneficiaryId);
        if (!beneficiary) return undefined;
        const at = stamp();
        const action: LifeProjectAction = {
          id: newId(),
          centreId: beneficiary.centreId,
          beneficiaryId,
          ...draft,
          createdAt: at,
          updatedAt: at,
        };
        await db.lifeProjectActions.add(action);
        return action;
      });
    },

    async updateAction(actionId, changes) {
      return db.transaction('rw', db.lifeProjectActions, async () => {
        const current = await db.lifeProjectActions.get(actionId);
        if (!current) return false;
        const changed = changedFields<LifeProjectAction>(current, changes);
        if (Object.keys(changed).length > 0)
          await db.lifeProjectActions.update(actionId, { ...changed, updatedAt: stamp() });
        return true;
      });
    },

    async move(beneficiaryId, move) {
      return db.transaction('rw', caseFileTables(db), async (): Promise<MoveResult> => {
        const file = await readCaseFile(db, beneficiaryId, false);
        if (!file) return failure('notFound');
        return writeMove(db, file, move, author, stamp());
      });
    },

    async overdueBeneficiaryIds(today) {
      const ids = new Set<string>();
      await db.lifeProjectActions.each((action) => {
        if (isOverdue(action, today)) ids.add(action.beneficiaryId);
      });
      return ids;
    },
  };
}

/** Today in Morocco, by this PC's clock (deadlines are calendar days). */
export function localToday(now: () => Date = () => new Date()): string {
  return todayInCasablanca(now().getTime());
}

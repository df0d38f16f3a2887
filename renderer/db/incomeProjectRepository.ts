import {
  budgetCentimes,
  decisionBlockers,
  type CommitteeDecisionDraft,
  type DecisionBlocker,
  type EquipmentLine,
  type EquipmentLineDraft,
  type FundingShare,
  type FundingShareDraft,
  type HandoverStatus,
  type IncomeProject,
  type IncomeProjectDraft,
  noDecision,
} from '../../shared/agr/incomeProject';
import { isStepOpen } from '../../shared/agr/projectSteps';
import { newId } from '../../shared/ids/uuidv7';
import { currentStage, type Stage } from '../../shared/parcours/parcours';
import type { MasarDatabase } from './tables';
import { unknownAuthor, type Author } from './beneficiaryRepository';
import { mayEditField } from '../../shared/auth/fieldRoles';
import { failure, ok, type Result } from '../../shared/result';

/**
 * Why a write was refused; nothing was written. `signed`: the project's *procès-verbal de remise*
 * is signed, so the project, its equipment and its shares are read-only — a change of the equipment
 * goes through a correction of the PV (a new version, ceremonyRepository). `notAtStage`: the file
 * is not at a stage where this step is open (shared/agr/projectSteps.ts).
 */
export type ProjectRefusal = 'notFound' | 'signed' | 'notAtStage';

export type ProjectWrite<T = undefined> = Result<T, ProjectRefusal>;

/** Why the committee's decision was not recorded: the refusal, and what it needs to be said. */
export type DecisionRefusal =
  | { readonly kind: 'notFound' | 'signed' | 'role' }
  | { readonly kind: 'notAtStage'; readonly stage: Stage }
  | { readonly kind: 'blocked'; readonly blockers: readonly DecisionBlocker[] };

export type DecisionResult = Result<undefined, DecisionRefusal>;

/**
 * Reads and writes income-generating projects (shared/agr/incomeProject.ts), their equipment lines
 * and funding shares. Drafts are already parsed by the forms' schemas. Every save is one
 * transaction and changes only the fields whose value differs; a line or share is a row of its
 * own. In the transaction that writes, against the records as stored: a favourable decision is
 * checked against the lines and shares, the committee's decision waits for the file's stage
 * (shared/agr/projectSteps.ts), and nothing of a project whose PV is signed changes.
 */
export type IncomeProjectRepository = {
  create(beneficiaryId: string, draft: IncomeProjectDraft): Promise<IncomeProject | undefined>;
  update(projectId: string, draft: IncomeProjectDraft): Promise<ProjectWrite>;
  addLine(projectId: string, draft: EquipmentLineDraft): Promise<ProjectWrite<EquipmentLine>>;
  /** Before signing only: at signing the statuses are set by `ceremonyRepository.sign`. */
  updateLine(
    lineId: string,
    changes: Partial<EquipmentLineDraft & { handoverStatus: HandoverStatus; handoverNote: string }>,
  ): Promise<ProjectWrite>;
  removeLine(lineId: string): Promise<ProjectWrite>;
  addShare(projectId: string, draft: FundingShareDraft): Promise<ProjectWrite<FundingShare>>;
  updateShare(shareId: string, changes: Partial<FundingShareDraft>): Promise<ProjectWrite>;
  removeShare(shareId: string): Promise<ProjectWrite>;
  recordDecision(projectId: string, draft: CommitteeDecisionDraft): Promise<DecisionResult>;
};

function changedFields<T extends object>(current: T, next: Partial<T>): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) if (current[key] !== next[key]) changes[key] = next[key];
  return changes;
}

const notFound = failure('notFound' as const);
const signed = failure('signed' as const);
const done = ok(undefined);

export function createIncomeProjectRepository(
  db: MasarDatabase,
  now: () => Date = () => new Date(),
  author: Author = unknownAuthor,
): IncomeProjectRepository {
  const stamp = () => now().toISOString();

  /** Whether the project's PV is signed (inside the caller's transaction, which holds the receipts). */
  const isSigned = async (projectId: string) =>
    (await db.handoverReceipts.where('projectId').equals(projectId).count()) > 0;

  /** Changes a row's differing fields (with `updatedAt`), unless its project's PV is signed. */
  async function change<Row extends { id: string; updatedAt: string }>(
    table: 'incomeProjects' | 'equipmentLines' | 'fundingShares',
    id: string,
    next: Partial<Row>,
  ): Promise<ProjectWrite> {
    const rows = db.table<Row, string>(table);
    return db.transaction('rw', rows, db.handoverReceipts, async () => {
      const current = await rows.get(id);
      if (!current) return notFound;
      const projectId = 'projectId' in current && typeof current.projectId === 'string' ? current.projectId : id;
      if (await isSigned(projectId)) return signed;
      const changes = changedFields(current, next);
      if (Object.keys(changes).length > 0) await rows.put({ ...current, ...changes, updatedAt: stamp() });
      return done;
    });
  }

  /** Adds a row linked to a stored project, in the project's centre and beneficiary. */
  async function addToProject<Row extends EquipmentLine | FundingShare>(
    table: 'equipmentLines' | 'fundingShares',
    projectId: string,
    values: Omit<Row, 'id' | 'centreId' | 'beneficiaryId' | 'projectId' | 'createdAt' | 'updatedAt'>,
  ): Promise<ProjectWrite<Row>> {
    const rows = db.table<Row, string>(table);
    return db.transaction('rw', db.incomeProjects, rows, db.handoverReceipts, async () => {
      const project = await db.incomeProjects.get(projectId);
      if (!project) return notFound;
      if (await isSigned(projectId)) return signed;
      const at = stamp();
      const row = {
        ...values,
        id: newId(),
        centreId: project.centreId,
        beneficiaryId: project.beneficiaryId,
        projectId,
        createdAt: at,
        updatedAt: at,
      } as Row;
      await rows.add(row);
      return ok(row);
    });
  }

  async function remove(table: 'equipmentLines' | 'fundingShares', id: string): Promise<ProjectWrite> {
    const rows = db.table<{ id: string; projectId: string }, string>(table);
    return db.transaction('rw', rows, db.handoverReceipts, async () => {
      const current = await rows.get(id);
      if (!current) return notFound;
      if (await isSigned(current.projectId)) return signed;
      await rows.delete(id);
      return done;
    });
  }

  return {
    async create(beneficiaryId, draft) {
      return db.transaction('rw', db.beneficiaries, db.incomeProjects, async () => {
        const beneficiary = await db.beneficiaries.get(beneficiaryId);
        if (!beneficiary) return undefined;
        const at = stamp();
        const project: IncomeProject = {
          id: newId(),
          centreId: beneficiary.centreId,
          beneficiaryId,
          ...draft,
          ...noDecision,
          createdAt: at,
          updatedAt: at,
        };
        await db.incomeProjects.add(project);
        return project;
      });
    },
    update: (projectId, draft) => change<IncomeProject>('incomeProjects', projectId, draft),
    addLine: (projectId, draft) =>
      addToProject<EquipmentLine>('equipmentLines', projectId, {
        ...draft,
        handoverStatus: 'prevu',
        handoverNote: '',
      }),
    updateLine: (lineId, changes) => change<EquipmentLine>('equipmentLines', lineId, changes),
    removeLine: (lineId) => remove('equipmentLines', lineId),
    addShare: (projectId, draft) => addToProject<FundingShare>('fundingShares', projectId, draft),
    updateShare: (shareId, changes) => change<FundingShare>('fundingShares', shareId, changes),
    removeShare: (shareId) => remove('fundingShares', shareId),

    async recordDecision(projectId, draft) {
      const tables = [db.beneficiaries, db.incomeProjects, db.equipmentLines, db.fundingShares, db.handoverReceipts];
      return db.transaction('rw', tables, async (): Promise<DecisionResult> => {
        const project = await db.incomeProjects.get(projectId);
        const beneficiary = project && (await db.beneficiaries.get(project.beneficiaryId));
        if (!project || !beneficiary) return failure({ kind: 'notFound' });
        // The committee's decision is recorded by the coordination (shared/auth/fieldRoles.ts).
        if (
          !mayEditField('incomeProjects', 'decision', { ...author, fileCounsellorId: beneficiary.followedById ?? '' })
        )
          return failure({ kind: 'role' });
        const stage = currentStage(beneficiary);
        if (!isStepOpen('decision', stage)) return failure({ kind: 'notAtStage', stage });
        if (await isSigned(projectId)) return failure({ kind: 'signed' });
        const [lines, shares] = await Promise.all([
          db.equipmentLines.where('projectId').equals(projectId).toArray(),
          db.fundingShares.where('projectId').equals(projectId).toArray(),
        ]);
        const blockers = decisionBlockers(draft, lines, shares);
        if (blockers.length > 0) return failure({ kind: 'blocked', blockers });
        const next: Partial<IncomeProject> = {
          ...draft,
          // The budget the committee decided on, to show a later change of it.
          approvedTotalCentimes: draft.decision === 'approuve' ? budgetCentimes(lines) : 0,
        };
        const changes = changedFields(project, next);
        if (Object.keys(changes).length > 0)
          await db.incomeProjects.put({ ...project, ...changes, updatedAt: stamp() });
        return ok(undefined);
      });
    },
  };
}

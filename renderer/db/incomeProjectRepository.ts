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
} from '../../shared/agr/incomeProject';
import { newId } from '../../shared/ids/uuidv7';
import type { MasarDatabase } from './database';

export type DecisionResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly refusal: 'notFound' }
  | { readonly ok: false; readonly refusal: 'blocked'; readonly blockers: readonly DecisionBlocker[] };

/**
 * Reads and writes income-generating projects (shared/agr/incomeProject.ts), their equipment lines
 * and funding shares. Drafts are already parsed by the forms' schemas. Every save is one
 * transaction and changes only the fields whose value differs; a line or share is a row of its
 * own. A favourable decision is checked against the lines and shares as stored, in the
 * transaction that records it.
 */
export type IncomeProjectRepository = {
  create(beneficiaryId: string, draft: IncomeProjectDraft): Promise<IncomeProject | undefined>;
  update(projectId: string, draft: IncomeProjectDraft): Promise<boolean>;
  addLine(projectId: string, draft: EquipmentLineDraft): Promise<EquipmentLine | undefined>;
  updateLine(
    lineId: string,
    changes: Partial<EquipmentLineDraft & { handoverStatus: HandoverStatus; handoverNote: string }>,
  ): Promise<boolean>;
  removeLine(lineId: string): Promise<boolean>;
  addShare(projectId: string, draft: FundingShareDraft): Promise<FundingShare | undefined>;
  updateShare(shareId: string, changes: Partial<FundingShareDraft>): Promise<boolean>;
  removeShare(shareId: string): Promise<boolean>;
  recordDecision(projectId: string, draft: CommitteeDecisionDraft): Promise<DecisionResult>;
};

function changedFields<T extends object>(current: T, next: Partial<T>): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) if (current[key] !== next[key]) changes[key] = next[key];
  return changes;
}

export function createIncomeProjectRepository(
  db: MasarDatabase,
  now: () => Date = () => new Date(),
): IncomeProjectRepository {
  const stamp = () => now().toISOString();

  /** Changes a row's differing fields (with `updatedAt`); false when there is no such row. */
  async function change<Row extends { id: string; updatedAt: string }>(
    table: 'incomeProjects' | 'equipmentLines' | 'fundingShares',
    id: string,
    next: Partial<Row>,
  ): Promise<boolean> {
    const rows = db.table<Row, string>(table);
    return db.transaction('rw', rows, async () => {
      const current = await rows.get(id);
      if (!current) return false;
      const changes = changedFields(current, next);
      if (Object.keys(changes).length > 0) await rows.put({ ...current, ...changes, updatedAt: stamp() });
      return true;
    });
  }

  /** Adds a row linked to a stored project, in the project's centre and beneficiary. */
  async function addToProject<Row extends EquipmentLine | FundingShare>(
    table: 'equipmentLines' | 'fundingShares',
    projectId: string,
    values: Omit<Row, 'id' | 'centreId' | 'beneficiaryId' | 'projectId' | 'createdAt' | 'updatedAt'>,
  ): Promise<Row | undefined> {
    const rows = db.table<Row, string>(table);
    return db.transaction('rw', db.incomeProjects, rows, async () => {
      const project = await db.incomeProjects.get(projectId);
      if (!project) return undefined;
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
      return row;
    });
  }

  async function remove(table: 'equipmentLines' | 'fundingShares', id: string): Promise<boolean> {
    const rows = db.table<{ id: string }, string>(table);
    return db.transaction('rw', rows, async () => {
      if (!(await rows.get(id))) return false;
      await rows.delete(id);
      return true;
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
          committee: '',
          decisionDate: '',
          decisionReference: '',
          decision: '',
          amountGrantedCentimes: 0,
          approvedTotalCentimes: 0,
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
      return db.transaction('rw', db.incomeProjects, db.equipmentLines, db.fundingShares, async () => {
        const project = await db.incomeProjects.get(projectId);
        if (!project) return { ok: false, refusal: 'notFound' } as const;
        const [lines, shares] = await Promise.all([
          db.equipmentLines.where('projectId').equals(projectId).toArray(),
          db.fundingShares.where('projectId').equals(projectId).toArray(),
        ]);
        const blockers = decisionBlockers(draft, lines, shares);
        if (blockers.length > 0) return { ok: false, refusal: 'blocked', blockers } as const;
        const next: Partial<IncomeProject> = {
          ...draft,
          // The budget the committee decided on, to show a later change of it.
          approvedTotalCentimes: draft.decision === 'approuve' ? budgetCentimes(lines) : 0,
        };
        const changes = changedFields(project, next);
        if (Object.keys(changes).length > 0)
          await db.incomeProjects.put({ ...project, ...changes, updatedAt: stamp() });
        return { ok: true } as const;
      });
    },
  };
}

import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import {
  committeeDecisionDraftSchema,
  equipmentLineDraftSchema,
  fundingShareDraftSchema,
  incomeProjectDraftSchema,
  type CommitteeDecisionDraft,
} from '../../shared/agr/incomeProject';
import { fileFacts } from '../../shared/parcours/facts';
import { createBeneficiaryRepository } from './beneficiaryRepository';
import { createCaseFileRepository } from './caseFileRepository';
import { openUserDatabase, type MasarDatabase } from './database';
import { expandInserts } from './sync/outboxEntries';
import { createIncomeProjectRepository } from './incomeProjectRepository';
import { testDraft } from './testDraft';

const now = Date.UTC(2026, 10, 28, 12);
const today = '2026-11-28';
const centreId = '0190a8d4-1c2e-7a3b-9c4d-0000000000c1';

const opened: MasarDatabase[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function setUp() {
  const db = openUserDatabase('agr', { indexedDB: new IDBFactory(), IDBKeyRange });
  opened.push(db);
  let clock = now;
  const tick = () => new Date((clock += 1000));
  const beneficiary = await createBeneficiaryRepository(db, tick).create(testDraft(now), centreId);
  const projects = createIncomeProjectRepository(db, tick);
  const caseFiles = createCaseFileRepository(db, tick);
  const project = await projects.create(
    beneficiary.id,
    incomeProjectDraftSchema.parse({
      title: 'Snack de quartier',
      sector: 'restauration',
      sectorOther: '',
      activity: 'Sandwichs et boissons',
      place: 'Hay Mohammadi',
      marketJustification: 'Quartier dense, peu de snacks',
    }),
  );
  if (!project) throw new Error('no project');
  return { db, beneficiary, projects, caseFiles, project };
}

const line = (designation: string, quantity: number, unitPriceCentimes: number) =>
  equipmentLineDraftSchema.parse({
    designation,
    quantity,
    unitPriceCentimes,
    supplier: 'Fournisseur',
    serialNumber: '',
  });
const decision = (changes: Partial<CommitteeDecisionDraft>) =>
  committeeDecisionDraftSchema(today).parse({
    committee: 'CPDH Casablanca',
    decisionDate: '2026-11-20',
    decisionReference: 'CPDH-2026-118',
    decision: 'approuve',
    amountGrantedCentimes: 4_500_000,
    ...changes,
  });

describe('income-generating projects', () => {
  it('keep lines and shares as rows of their own, in the project’s centre, totals computed', async () => {
    const { db, projects, project, caseFiles, beneficiary } = await setUp();
    const oven = await projects.addLine(project.id, line('Four professionnel', 1, 3_250_050));
    await projects.addLine(project.id, line('Chaise', 4, 312_475));
    expect(oven).toMatchObject({
      centreId,
      beneficiaryId: beneficiary.id,
      projectId: project.id,
      handoverStatus: 'prevu',
    });
    await projects.addShare(
      project.id,
      fundingShareDraftSchema.parse({ funder: 'fondation', partnerName: '', amountCentimes: 3_000_000 }),
    );
    const file = await caseFiles.load(beneficiary.id, false);
    expect(file?.equipmentLines).toHaveLength(2);
    expect(file?.fundingShares).toHaveLength(1);
    expect(file?.incomeProjects.map((p) => p.title)).toEqual(['Snack de quartier']);
    // Each line is synced as a row: its own outbox insert.
    const inserts = (await db.outbox.toArray()).filter((entry) => entry.table === 'equipmentLines');
    expect(inserts).toHaveLength(2);
    expect(expandInserts(inserts).find((op) => op.field === 'unitPriceCentimes')?.value).toBe(3_250_050);
  });

  it('refuse a favourable decision until the shares add up to the budget, and record nothing then', async () => {
    const { db, projects, project } = await setUp();
    expect(await projects.recordDecision(project.id, decision({}))).toEqual({
      ok: false,
      refusal: 'blocked',
      blockers: ['noLines'],
    });
    await projects.addLine(project.id, line('Four', 1, 3_000_000));
    await projects.addLine(project.id, line('Chaise', 4, 500_000));
    const share = await projects.addShare(
      project.id,
      fundingShareDraftSchema.parse({ funder: 'indh', partnerName: '', amountCentimes: 4_000_000 }),
    );
    expect(await projects.recordDecision(project.id, decision({}))).toMatchObject({ blockers: ['sharesDoNotAddUp'] });
    expect(await projects.recordDecision(project.id, decision({ amountGrantedCentimes: 5_000_001 }))).toMatchObject({
      blockers: ['sharesDoNotAddUp', 'grantedAboveBudget'],
    });
    expect((await db.incomeProjects.get(project.id))?.decision).toBe('');

    await projects.updateShare(share?.id ?? '', { amountCentimes: 3_999_999 });
    await projects.addShare(
      project.id,
      fundingShareDraftSchema.parse({ funder: 'apportPersonnel', partnerName: '', amountCentimes: 1_000_001 }),
    );
    expect(await projects.recordDecision(project.id, decision({}))).toEqual({ ok: true });
    expect(await db.incomeProjects.get(project.id)).toMatchObject({
      decision: 'approuve',
      amountGrantedCentimes: 4_500_000,
      approvedTotalCentimes: 5_000_000,
    });
  });

  it('record an adjournment without a budget, and count only approval as the parcours fact', async () => {
    const { projects, project, caseFiles, beneficiary } = await setUp();
    expect(
      await projects.recordDecision(project.id, decision({ decision: 'ajourne', amountGrantedCentimes: 0 })),
    ).toEqual({
      ok: true,
    });
    let file = await caseFiles.load(beneficiary.id, false);
    if (!file) throw new Error('no file');
    expect(fileFacts(file).hasApprovedIncomeProject).toBe(false);
    await projects.addLine(project.id, line('Four', 2, 100_000));
    await projects.addShare(
      project.id,
      fundingShareDraftSchema.parse({ funder: 'fondation', partnerName: '', amountCentimes: 200_000 }),
    );
    await projects.recordDecision(project.id, decision({ amountGrantedCentimes: 200_000 }));
    file = await caseFiles.load(beneficiary.id, false);
    if (!file) throw new Error('no file');
    expect(fileFacts(file).hasApprovedIncomeProject).toBe(true);
  });

  it('change only the fields that differ, remove lines, and answer false for unknown rows', async () => {
    const { db, projects, project } = await setUp();
    const added = await projects.addLine(project.id, line('Four', 1, 100_000));
    const id = added?.id ?? '';
    const before = await db.outbox.count();
    await projects.updateLine(id, { quantity: 1, unitPriceCentimes: 100_000, serialNumber: 'SN-1' });
    const ops = (await db.outbox.toArray()).slice(before).map((entry) => entry.field);
    expect(ops.sort()).toEqual(['serialNumber', 'updatedAt']);
    expect(await projects.removeLine(id)).toBe(true);
    expect(await db.equipmentLines.get(id)).toBeUndefined();
    expect(await projects.removeLine(id)).toBe(false);
    expect(await projects.updateLine('0190a8d4-1c2e-7a3b-9c4d-000000000000', { quantity: 2 })).toBe(false);
    expect(await projects.addLine('0190a8d4-1c2e-7a3b-9c4d-000000000000', line('X', 1, 1))).toBeUndefined();
  });
});

describe('the forms’ rules', () => {
  it('refuse absurd quantities and prices, and a partner without a name', () => {
    const parse = (quantity: number, unitPriceCentimes: number) =>
      equipmentLineDraftSchema.safeParse({
        designation: 'Four',
        quantity,
        unitPriceCentimes,
        supplier: '',
        serialNumber: '',
      });
    expect(parse(0, 100).error?.issues[0]?.message).toBe('errors.quantityInvalid');
    expect(parse(-3, 100).error?.issues[0]?.message).toBe('errors.quantityInvalid');
    expect(parse(1.5, 100).error?.issues[0]?.message).toBe('errors.quantityInvalid');
    expect(parse(1_001, 100).error?.issues[0]?.message).toBe('errors.quantityTooLarge');
    expect(parse(1, 0).error?.issues[0]?.message).toBe('errors.amountZero');
    expect(parse(1, 200_000_001).error?.issues[0]?.message).toBe('errors.amountTooLarge');
    expect(parse(1_000, 200_000_000).success).toBe(true);
    expect(
      fundingShareDraftSchema.safeParse({ funder: 'partenaire', partnerName: ' ', amountCentimes: 100 }).error
        ?.issues[0]?.path,
    ).toEqual(['partnerName']);
    expect(
      incomeProjectDraftSchema.safeParse({
        title: 'Atelier',
        sector: 'autre',
        sectorOther: '',
        activity: '',
        place: '',
        marketJustification: '',
      }).error?.issues[0]?.path,
    ).toEqual(['sectorOther']);
    expect(
      committeeDecisionDraftSchema(today).safeParse({ ...decision({}), decisionDate: '2026-12-01' }).error?.issues[0]
        ?.message,
    ).toBe('errors.dateInFuture');
  });
});

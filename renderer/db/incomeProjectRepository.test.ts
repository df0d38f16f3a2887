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
import type { Stage } from '../../shared/parcours/parcours';
import { createBeneficiaryRepository } from './beneficiaryRepository';
import { createCaseFileRepository } from './caseFileRepository';
import type { MasarDatabase } from './tables';
import { openTestDatabase } from './testDatabase';
import { expandInserts } from './sync/outboxEntries';
import { createIncomeProjectRepository, type ProjectWrite } from './incomeProjectRepository';
import { testDraft } from './testDraft';

const now = Date.UTC(2026, 10, 28, 12);
const today = '2026-11-28';
const centreId = '0190a8d4-1c2e-7a3b-9c4d-0000000000c1';

const opened: MasarDatabase[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function setUp() {
  const db = openTestDatabase('agr', { indexedDB: new IDBFactory(), IDBKeyRange });
  opened.push(db);
  let clock = now;
  const tick = () => new Date((clock += 1000));
  const beneficiary = await createBeneficiaryRepository(db, tick).create(testDraft(now), centreId);
  // The centre's coordinator records the committee's decision (a counsellor may not: tested apart).
  const projects = createIncomeProjectRepository(db, tick, {
    userId: 'u-coord',
    name: 'Chaima',
    role: 'coordinateur_centre',
  });
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

/** The value of a write the test expects to succeed. */
function saved<T>(result: ProjectWrite<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.error}`);
  return result.value;
}

/** Puts the file where the committee decides (the parcours' moves have tests of their own). */
async function atStage(db: MasarDatabase, beneficiaryId: string, stage: Stage) {
  await db.beneficiaries.update(beneficiaryId, { stage });
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
    const oven = saved(await projects.addLine(project.id, line('Four professionnel', 1, 3_250_050)));
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
    const { db, projects, project, beneficiary } = await setUp();
    await atStage(db, beneficiary.id, 'validation');
    expect(await projects.recordDecision(project.id, decision({}))).toEqual({
      ok: false,
      error: { kind: 'blocked', blockers: ['noLines'] },
    });
    await projects.addLine(project.id, line('Four', 1, 3_000_000));
    await projects.addLine(project.id, line('Chaise', 4, 500_000));
    const share = saved(
      await projects.addShare(
        project.id,
        fundingShareDraftSchema.parse({ funder: 'indh', partnerName: '', amountCentimes: 4_000_000 }),
      ),
    );
    expect(await projects.recordDecision(project.id, decision({}))).toMatchObject({
      error: { blockers: ['sharesDoNotAddUp'] },
    });
    expect(await projects.recordDecision(project.id, decision({ amountGrantedCentimes: 5_000_001 }))).toMatchObject({
      error: { blockers: ['sharesDoNotAddUp', 'grantedAboveBudget'] },
    });
    expect((await db.incomeProjects.get(project.id))?.decision).toBe('');

    await projects.updateShare(share.id, { amountCentimes: 3_999_999 });
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
    const { db, projects, project, caseFiles, beneficiary } = await setUp();
    await atStage(db, beneficiary.id, 'miseEnOeuvre');
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
    const { id } = saved(await projects.addLine(project.id, line('Four', 1, 100_000)));
    const before = await db.outbox.count();
    await projects.updateLine(id, { quantity: 1, unitPriceCentimes: 100_000, serialNumber: 'SN-1' });
    const ops = (await db.outbox.toArray()).slice(before).map((entry) => entry.field);
    expect(ops.sort()).toEqual(['serialNumber', 'updatedAt']);
    expect(await projects.removeLine(id)).toEqual({ ok: true, value: undefined });
    expect(await db.equipmentLines.get(id)).toBeUndefined();
    const notFound = { ok: false, error: 'notFound' };
    expect(await projects.removeLine(id)).toEqual(notFound);
    expect(await projects.updateLine('0190a8d4-1c2e-7a3b-9c4d-000000000000', { quantity: 2 })).toEqual(notFound);
    expect(await projects.addLine('0190a8d4-1c2e-7a3b-9c4d-000000000000', line('X', 1, 1))).toEqual(notFound);
  });

  it('leave the committee’s decision to the coordination', async () => {
    const { db, project, beneficiary } = await setUp();
    await atStage(db, beneficiary.id, 'validation');
    const counsellor = createIncomeProjectRepository(db, undefined, {
      userId: 'u-c',
      name: 'Amina',
      role: 'conseiller',
    });
    expect(
      await counsellor.recordDecision(project.id, decision({ decision: 'ajourne', amountGrantedCentimes: 0 })),
    ).toEqual({
      ok: false,
      error: { kind: 'role' },
    });
    expect((await db.incomeProjects.get(project.id))?.decision).toBe('');
  });

  it('take the committee’s decision only from the validation stage on, and say where the file stands', async () => {
    const { db, projects, project, beneficiary } = await setUp();
    await projects.addLine(project.id, line('Four', 1, 100_000));
    await projects.addShare(
      project.id,
      fundingShareDraftSchema.parse({ funder: 'fondation', partnerName: '', amountCentimes: 100_000 }),
    );
    const approval = decision({ amountGrantedCentimes: 100_000 });
    for (const stage of ['accueil', 'diagnostic', 'projetDeVie', 'cloture'] as const) {
      await atStage(db, beneficiary.id, stage);
      expect(await projects.recordDecision(project.id, approval)).toEqual({
        ok: false,
        error: { kind: 'notAtStage', stage },
      });
    }
    expect((await db.incomeProjects.get(project.id))?.decision).toBe('');
    await atStage(db, beneficiary.id, 'validation');
    expect(await projects.recordDecision(project.id, approval)).toEqual({ ok: true });
  });

  it('keep a signed project, its equipment and its shares as they were signed', async () => {
    const { db, projects, project, beneficiary } = await setUp();
    const oven = saved(await projects.addLine(project.id, line('Four', 1, 100_000)));
    const share = saved(
      await projects.addShare(
        project.id,
        fundingShareDraftSchema.parse({ funder: 'fondation', partnerName: '', amountCentimes: 100_000 }),
      ),
    );
    await atStage(db, beneficiary.id, 'remise');
    // A receipt as a signature on this PC (or one pulled from a colleague's) leaves it.
    await db.handoverReceipts.add({
      id: '0190a8d4-1c2e-7a3b-9c4d-0000000000f1',
      centreId,
      ceremonyId: '0190a8d4-1c2e-7a3b-9c4d-0000000000e1',
      beneficiaryId: beneficiary.id,
      projectId: project.id,
      version: 1,
      supersedesId: '',
      correctionReason: '',
      beneficiaryName: 'EL AMRANI Mohamed',
      beneficiaryNameArabic: 'محمد العمراني',
      beneficiaryCin: 'BE123456',
      projectTitle: project.title,
      items: [],
      beneficiarySignatureKind: 'drawn',
      beneficiarySignature: '',
      counsellorName: 'Amina',
      counsellorSignature: '',
      signedOn: today,
      signedAt: new Date(now).toISOString(),
    });
    const refused = { ok: false, error: 'signed' };
    expect(await projects.updateLine(oven.id, { unitPriceCentimes: 90_000 })).toEqual(refused);
    expect(await projects.removeLine(oven.id)).toEqual(refused);
    expect(await projects.addLine(project.id, line('Chaise', 1, 1_000))).toEqual(refused);
    expect(await projects.updateShare(share.id, { amountCentimes: 1 })).toEqual(refused);
    expect(await projects.removeShare(share.id)).toEqual(refused);
    expect(
      await projects.addShare(
        project.id,
        fundingShareDraftSchema.parse({ funder: 'indh', partnerName: '', amountCentimes: 1 }),
      ),
    ).toEqual(refused);
    expect(
      await projects.update(
        project.id,
        incomeProjectDraftSchema.parse({ ...project, title: 'Autre titre', sector: 'restauration' }),
      ),
    ).toEqual(refused);
    expect(
      await projects.recordDecision(project.id, decision({ decision: 'refuse', amountGrantedCentimes: 0 })),
    ).toEqual({ ok: false, error: { kind: 'signed' } });
    expect(await db.equipmentLines.get(oven.id)).toEqual(oven);
    expect(await db.fundingShares.toArray()).toEqual([share]);
    expect((await db.incomeProjects.get(project.id))?.title).toBe('Snack de quartier');
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

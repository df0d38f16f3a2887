import { describe, expect, it } from 'vitest';
import { fileViolations, type FileRows } from './fileRules';
import type { JsonRecord } from './merge';

const centreId = '0190a8d4-1c2e-7a3b-9c4d-0000000000c1';
const person = '0190a8d4-1c2e-7a3b-9c4d-000000000001';
const project = '0190a8d4-1c2e-7a3b-9c4d-000000000002';
const ceremony = '0190a8d4-1c2e-7a3b-9c4d-000000000003';
const writer = '0190a8d4-1c2e-7a3b-9c4d-0000000000a1';
const id = (n: number) => `0190a8d4-1c2e-7a3b-9c4d-${String(n).padStart(12, '0')}`;

type Rows = Record<string, Record<string, JsonRecord>>;

/** A complete file at `stage`: consent, diagnostic (AGR), a validated life project with an action. */
function file(stage: string, extra: Rows = {}): Rows {
  const base: Rows = {
    beneficiaries: {
      [person]: {
        centreId,
        lastNameLatin: 'Bennani',
        firstNameLatin: 'Rachida',
        lastNameArabic: '',
        firstNameArabic: '',
        dateOfBirth: '1987-02-14',
        releaseDate: '2026-01-15',
        followedById: writer,
        stage,
      },
    },
    admissions: {
      [person]: {
        beneficiaryId: person,
        consentDate: '2026-01-20',
        consentPurpose: 'Accompagnement',
        consentCollectedBy: 'Amina',
      },
    },
    diagnostics: {
      [person]: {
        beneficiaryId: person,
        professionalPath: 'Cuisinier',
        skills: 'Cuisine',
        constraints: 'Aucune',
        motivation: 'Forte',
        labourMarketFit: 'Oui',
        orientation: 'agr',
        diagnosticDate: '2026-02-01',
      },
    },
    lifeProjects: {
      [person]: {
        beneficiaryId: person,
        professionalObjectives: 'Snack',
        validatedOn: '2026-03-01',
        validatedBy: 'Comité',
      },
    },
    lifeProjectActions: {
      [id(10)]: { beneficiaryId: person, deadline: '2026-04-01', responsible: 'Rachida', status: 'prevue' },
    },
    incomeProjects: { [project]: { beneficiaryId: person, title: 'Snack', decision: '', amountGrantedCentimes: 0 } },
    equipmentLines: {
      [id(20)]: line(id(20), '2026-03-02T10:00:00.000Z', 1, 10_000),
      [id(21)]: line(id(21), '2026-03-02T10:01:00.000Z', 2, 5_000),
    },
    fundingShares: {
      [id(30)]: { beneficiaryId: person, projectId: project, funder: 'fondation', amountCentimes: 20_000 },
    },
  };
  for (const [table, rows] of Object.entries(extra)) base[table] = { ...(base[table] ?? {}), ...rows };
  return base;
}

function line(rowId: string, createdAt: string, quantity: number, unitPriceCentimes: number): JsonRecord {
  return {
    beneficiaryId: person,
    projectId: project,
    designation: `Article ${rowId.slice(-2)}`,
    quantity,
    unitPriceCentimes,
    serialNumber: '',
    supplier: '',
    handoverStatus: 'prevu',
    handoverNote: '',
    createdAt,
  };
}

const approved = { decision: 'approuve', amountGrantedCentimes: 20_000, approvedTotalCentimes: 20_000 };

function rowsOf(rows: Rows): FileRows {
  return new Map(Object.entries(rows).map(([table, byId]) => [table, new Map(Object.entries(byId))]));
}

function patch(rows: Rows, table: string, rowId: string, fields: JsonRecord): Rows {
  return { ...rows, [table]: { ...(rows[table] ?? {}), [rowId]: { ...(rows[table]?.[rowId] ?? {}), ...fields } } };
}

function violationsOf(
  before: Rows,
  after: Rows,
  written: Record<string, string[]>,
  ceremonies: Record<string, JsonRecord> = {},
) {
  return fileViolations({
    before: rowsOf(before),
    after: rowsOf(after),
    written: new Map(Object.entries(written).map(([key, fields]) => [key, new Set(fields)])),
    ceremonies: new Map(Object.entries(ceremonies)),
    writerId: writer,
  });
}

const move = (n: number, from: string, to: string, at: string, fields: JsonRecord = {}): Rows => ({
  stageChanges: {
    [id(n)]: {
      beneficiaryId: person,
      kind: 'forward',
      from,
      to,
      reason: '',
      comment: '',
      byUserId: writer,
      at,
      ...fields,
    },
  },
});

describe('rules across the records of a file', () => {
  it('an approval needs shares covering the budget to the centime, a granted amount within it, and the budget it saw', () => {
    const before = file('validation');
    const decision = ['decision', 'amountGrantedCentimes', 'approvedTotalCentimes'];
    expect(
      violationsOf(before, patch(before, 'incomeProjects', project, approved), {
        [`incomeProjects/${project}`]: decision,
      }),
    ).toEqual([]);
    const short = patch(
      patch(before, 'fundingShares', id(30), { amountCentimes: 19_999 }),
      'incomeProjects',
      project,
      approved,
    );
    expect(violationsOf(before, short, { [`incomeProjects/${project}`]: decision })).toEqual([
      {
        rule: 'decisionCovered',
        messageKey: 'errors.rule.sharesDoNotAddUp',
        at: { table: 'incomeProjects', rowId: project, fields: decision },
        reads: [
          { table: 'equipmentLines', rowId: id(20) },
          { table: 'equipmentLines', rowId: id(21) },
          { table: 'fundingShares', rowId: id(30) },
        ],
        onReview: 'revert',
      },
    ]);
    const above = patch(before, 'incomeProjects', project, { ...approved, amountGrantedCentimes: 20_001 });
    expect(violationsOf(before, above, { [`incomeProjects/${project}`]: decision })[0]?.messageKey).toBe(
      'errors.rule.grantedAboveBudget',
    );
    const stale = patch(before, 'incomeProjects', project, { ...approved, approvedTotalCentimes: 19_000 });
    expect(violationsOf(before, stale, { [`incomeProjects/${project}`]: decision })[0]?.messageKey).toBe(
      'errors.rule.approvedTotalMismatch',
    );
  });

  it('the committee decides from validation on', () => {
    const before = file('projetDeVie');
    const after = patch(before, 'incomeProjects', project, approved);
    expect(
      violationsOf(before, after, { [`incomeProjects/${project}`]: ['decision'] }).map((violation) => violation.rule),
    ).toEqual(['decisionStage']);
  });

  it('a move is allowed by the parcours with the file as merged; the stage follows the writer’s latest move', () => {
    const before = file('miseEnOeuvre', { incomeProjects: { [project]: { beneficiaryId: person, ...approved } } });
    const moved = patch(
      { ...before, ...move(40, 'miseEnOeuvre', 'remise', '2026-05-01T10:00:00.000Z') },
      'beneficiaries',
      person,
      {
        stage: 'remise',
      },
    );
    expect(
      violationsOf(before, moved, {
        [`stageChanges/${id(40)}`]: ['from', 'to'],
        [`beneficiaries/${person}`]: ['stage'],
      }),
    ).toEqual([]);

    // To suivi without a signed PV: the move and the stage are refused with what is missing.
    const tooFar = patch(
      {
        ...before,
        ...move(41, 'miseEnOeuvre', 'remise', '2026-05-01T10:00:00.000Z'),
        ...{
          stageChanges: {
            ...move(41, 'miseEnOeuvre', 'remise', '2026-05-01T10:00:00.000Z').stageChanges,
            ...move(42, 'remise', 'suivi', '2026-05-01T10:01:00.000Z').stageChanges,
          },
        },
      },
      'beneficiaries',
      person,
      { stage: 'suivi' },
    );
    const found = violationsOf(before, tooFar, {
      [`stageChanges/${id(41)}`]: ['from'],
      [`stageChanges/${id(42)}`]: ['from'],
      [`beneficiaries/${person}`]: ['stage'],
    });
    expect(found.map((violation) => [violation.rule, violation.messageKey, violation.onReview])).toEqual([
      ['moveAllowed', 'errors.rule.moveMissing.signedHandover', 'accept'],
      ['stageFollowsMove', 'errors.rule.moveMissing.signedHandover', 'revert'],
    ]);

    // A stage written with no move of the writer's to explain it.
    const forged = patch(before, 'beneficiaries', person, { stage: 'remise' });
    expect(violationsOf(before, forged, { [`beneficiaries/${person}`]: ['stage'] })[0]?.messageKey).toBe(
      'errors.rule.stageWithoutMove',
    );
  });

  it('a signed project keeps its equipment as its PV says; a correction brings the PV and the lines together', () => {
    /** The PV's items: line 20 (at `article20Centimes`) and line 21, both handed over. */
    const pvItems = (article20Centimes: number) => [
      {
        designation: 'Article 20',
        quantity: 1,
        unitPriceCentimes: article20Centimes,
        serialNumber: '',
        handoverStatus: 'remis',
        handoverNote: '',
      },
      {
        designation: 'Article 21',
        quantity: 2,
        unitPriceCentimes: 5_000,
        serialNumber: '',
        handoverStatus: 'remis',
        handoverNote: '',
      },
    ];
    const signed = {
      [id(50)]: {
        beneficiaryId: person,
        projectId: project,
        ceremonyId: ceremony,
        version: 1,
        items: pvItems(10_000),
      },
    };
    const before = file('remise', {
      incomeProjects: { [project]: { beneficiaryId: person, ...approved } },
      handoverReceipts: signed,
      ceremonyLines: {
        [project]: { beneficiaryId: person, projectId: project, ceremonyId: ceremony, status: 'inscrit' },
      },
    });
    const repriced = patch(before, 'equipmentLines', id(20), { unitPriceCentimes: 9_000 });
    expect(violationsOf(before, repriced, { [`equipmentLines/${id(20)}`]: ['unitPriceCentimes'] })).toMatchObject([
      { rule: 'signedProjectLocked', at: { table: 'equipmentLines', rowId: id(20), fields: ['unitPriceCentimes'] } },
    ]);
    const shares = patch(before, 'fundingShares', id(30), { amountCentimes: 1 });
    expect(violationsOf(before, shares, { [`fundingShares/${id(30)}`]: ['amountCentimes'] })[0]?.rule).toBe(
      'signedProjectLocked',
    );
    // A correction (version 2) with the corrected price: the line matches the PV in force.
    const corrected = patch(
      patch(repriced, 'handoverReceipts', id(51), {
        ...signed[id(50)],
        version: 2,
        items: pvItems(9_000),
      }),
      'equipmentLines',
      id(20),
      { unitPriceCentimes: 9_000 },
    );
    expect(
      violationsOf(before, corrected, {
        [`handoverReceipts/${id(51)}`]: ['items', 'version'],
        [`equipmentLines/${id(20)}`]: ['unitPriceCentimes'],
      }),
    ).toEqual([]);
  });

  it('a ceremony lists approved projects of files at mise en œuvre or remise, and a held one no longer changes', () => {
    const listed = {
      ceremonyLines: {
        [project]: { beneficiaryId: person, projectId: project, ceremonyId: ceremony, status: 'inscrit' },
      },
    };
    const written = { [`ceremonyLines/${project}`]: ['status', 'ceremonyId'] };
    const inPreparation = { [ceremony]: { status: 'preparation' } };
    const notApproved = file('miseEnOeuvre');
    expect(violationsOf(notApproved, { ...notApproved, ...listed }, written, inPreparation)[0]?.messageKey).toBe(
      'errors.rule.listNotApproved',
    );
    const early = file('validation', { incomeProjects: { [project]: { beneficiaryId: person, ...approved } } });
    expect(violationsOf(early, { ...early, ...listed }, written, inPreparation)[0]?.messageKey).toBe(
      'errors.rule.listStage',
    );
    const ready = file('remise', { incomeProjects: { [project]: { beneficiaryId: person, ...approved } } });
    expect(violationsOf(ready, { ...ready, ...listed }, written, inPreparation)).toEqual([]);
    expect(
      violationsOf(ready, { ...ready, ...listed }, written, { [ceremony]: { status: 'tenue' } })[0]?.messageKey,
    ).toBe('errors.rule.ceremonyHeld');
  });

  it('a PV is signed with every item handed over, missing or replaced', () => {
    const before = file('remise', {
      incomeProjects: { [project]: { beneficiaryId: person, ...approved } },
      ceremonyLines: {
        [project]: { beneficiaryId: person, projectId: project, ceremonyId: ceremony, status: 'inscrit' },
      },
    });
    const receipt = (status: string) => ({
      handoverReceipts: {
        [id(60)]: {
          beneficiaryId: person,
          projectId: project,
          ceremonyId: ceremony,
          version: 1,
          items: [
            {
              designation: 'Four',
              quantity: 1,
              unitPriceCentimes: 1,
              serialNumber: '',
              handoverStatus: status,
              handoverNote: '',
            },
          ],
        },
      },
    });
    const written = { [`handoverReceipts/${id(60)}`]: ['items'] };
    expect(violationsOf(before, { ...before, ...receipt('prevu') }, written)).toMatchObject([
      { rule: 'receiptSigned', messageKey: 'errors.rule.itemPlanned', onReview: 'accept' },
    ]);
    expect(violationsOf(before, { ...before, ...receipt('remis') }, written)).toEqual([]);
  });
});

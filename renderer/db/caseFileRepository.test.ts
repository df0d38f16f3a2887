import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { admissionOf, admissionSchema, type AdmissionInput } from '../../shared/beneficiary/beneficiary';
import { parseFileNumber } from '../../shared/beneficiary/fileNumber';
import { detentionDraftSchema, emptyDetentionDraft } from '../../shared/casefile/detention';
import { diagnosticDraftSchema, emptyDiagnosticDraft } from '../../shared/parcours/diagnostic';
import {
  actionDraftSchema,
  emptyLifeProjectDraft,
  lifeProjectDraftSchema,
  type ActionDraftInput,
} from '../../shared/parcours/lifeProject';
import type { StageMove } from '../../shared/parcours/parcours';
import { createBeneficiaryRepository } from './beneficiaryRepository';
import { createCaseFileRepository, stageOf } from './caseFileRepository';
import type { MasarDatabase } from './tables';
import { openTestDatabase } from './testDatabase';
import { testDraft } from './testDraft';

const now = Date.UTC(2026, 10, 28, 12);
const today = '2026-11-28';
const centreId = '0190a8d4-1c2e-7a3b-9c4d-0000000000c1';
const author = { userId: 'u-counsellor', name: 'Nadia Berrada', role: 'conseiller' } as const;

const opened: MasarDatabase[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** A fresh database with one beneficiary (born 1990-04-12), and the repositories over it. */
async function setUp(userId: string, indexedDB = new IDBFactory()) {
  const db = openTestDatabase(userId, { indexedDB, IDBKeyRange });
  opened.push(db);
  let clock = now;
  const tick = () => new Date((clock += 1000));
  const beneficiaries = createBeneficiaryRepository(db, tick, author);
  const caseFiles = createCaseFileRepository(db, tick, author);
  const beneficiary = await beneficiaries.create(testDraft(now), centreId);
  return { db, indexedDB, beneficiaries, caseFiles, beneficiary };
}

type Setup = Awaited<ReturnType<typeof setUp>>;

const admission = (current: AdmissionInput, changes: Partial<AdmissionInput>) =>
  admissionSchema(now, '1990-04-12').parse({ ...current, ...changes });

async function outboxOf(db: MasarDatabase, table: string, rowId: string) {
  return (await db.outbox.toArray()).filter((entry) => entry.table === table && entry.rowId === rowId);
}

const diagnostic = (changes: Partial<typeof emptyDiagnosticDraft>) =>
  diagnosticDraftSchema(today).parse({ ...emptyDiagnosticDraft, ...changes });

const completeDiagnostic = diagnostic({
  professionalPath: 'Aide-cuisinier 3 ans',
  skills: 'Cuisine, service',
  constraints: 'Aucune',
  motivation: 'Forte',
  labourMarketFit: 'Restauration en demande à Casablanca',
  orientation: 'emploiSalarie',
  diagnosticDate: '2026-11-20',
});

const action = (changes: Partial<ActionDraftInput> = {}) =>
  actionDraftSchema.parse({
    description: 'Inscription à l’ANAPEC',
    deadline: '2026-12-15',
    responsible: 'ANAPEC Casablanca',
    status: 'prevue',
    ...changes,
  });

/** Fills what *accueil* → *diagnostic* needs: consent and the release date. */
async function fillAdmission({ caseFiles, beneficiary }: Setup) {
  const file = await caseFiles.load(beneficiary.id, false);
  if (!file) throw new Error('file not found');
  expect(
    await caseFiles.saveAdmission(
      beneficiary.id,
      admission(admissionOf(file.beneficiary, file.admission), {
        releaseDate: '2026-10-01',
        consentDate: '2026-11-02',
        consentPurpose: 'Accompagnement post-carcéral',
        consentCollectedBy: 'Nadia Berrada',
      }),
    ),
  ).toBe(true);
}

describe('case file repository: sections', () => {
  it('saves the admission details in their own record, then only the fields whose value differs', async () => {
    const setup = await setUp('cf-admission');
    const { db, caseFiles, beneficiary } = setup;
    const beforeBeneficiary = (await outboxOf(db, 'beneficiaries', beneficiary.id)).length;

    const first = admission(admissionOf(beneficiary, undefined), { familySituation: 'marie', childrenCount: 2 });
    expect(await caseFiles.saveAdmission(beneficiary.id, first)).toBe(true);
    // The record takes the person's id and centre; the person's row is not touched (same release date).
    const saved = await db.admissions.get(beneficiary.id);
    expect(saved).toMatchObject({
      id: beneficiary.id,
      beneficiaryId: beneficiary.id,
      centreId: beneficiary.centreId,
      familySituation: 'marie',
      childrenCount: 2,
    });
    expect(await outboxOf(db, 'beneficiaries', beneficiary.id)).toHaveLength(beforeBeneficiary);
    const afterFirst = await outboxOf(db, 'admissions', beneficiary.id);

    // The same values again: nothing to write, not even the stamp.
    expect(await caseFiles.saveAdmission(beneficiary.id, first)).toBe(true);
    expect(await outboxOf(db, 'admissions', beneficiary.id)).toHaveLength(afterFirst.length);
    expect((await db.admissions.get(beneficiary.id))?.updatedAt).toBe(saved?.updatedAt);

    // Two fields changed (the text is trimmed by the schema): two ops plus the stamp.
    const second = admission(first, { housing: 'famille', detentionTraining: '  CAP cuisine  ' });
    expect(await caseFiles.saveAdmission(beneficiary.id, second)).toBe(true);
    const afterSecond = await outboxOf(db, 'admissions', beneficiary.id);
    expect(
      afterSecond
        .slice(afterFirst.length)
        .map((entry) => entry.field)
        .sort(),
    ).toEqual(['detentionTraining', 'housing', 'updatedAt']);
    expect((await db.admissions.get(beneficiary.id))?.detentionTraining).toBe('CAP cuisine');

    // The release date is the person's: it changes their row, in the same save.
    expect(await caseFiles.saveAdmission(beneficiary.id, admission(second, { releaseDate: '2026-10-01' }))).toBe(true);
    expect(
      (await outboxOf(db, 'beneficiaries', beneficiary.id))
        .slice(beforeBeneficiary)
        .map((entry) => entry.field)
        .sort(),
    ).toEqual(['releaseDate', 'updatedAt']);
  });

  it('refuses to save the admission of a beneficiary that does not exist', async () => {
    const { db, caseFiles, beneficiary } = await setUp('cf-admission-missing');
    const before = await db.outbox.count();
    const missing = '0190a8d4-1c2e-7a3b-9c4d-000000000404';
    expect(
      await caseFiles.saveAdmission(missing, admission(admissionOf(beneficiary, undefined), { housing: 'famille' })),
    ).toBe(false);
    expect(await caseFiles.saveDiagnostic(missing, completeDiagnostic)).toBe(false);
    expect(await caseFiles.addAction(missing, action())).toBeUndefined();
    expect(await db.outbox.count()).toBe(before);
  });

  it('keeps one diagnostic per beneficiary, with its id and centre, and changes only what differs', async () => {
    const { db, caseFiles, beneficiary } = await setUp('cf-diagnostic');
    expect(await caseFiles.saveDiagnostic(beneficiary.id, diagnostic({ skills: 'Cuisine' }))).toBe(true);
    const afterFirst = await outboxOf(db, 'diagnostics', beneficiary.id);
    expect(await caseFiles.saveDiagnostic(beneficiary.id, diagnostic({ skills: 'Cuisine', motivation: 'Forte' }))).toBe(
      true,
    );

    const rows = await db.diagnostics.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: beneficiary.id,
      beneficiaryId: beneficiary.id,
      centreId,
      skills: 'Cuisine',
      motivation: 'Forte',
    });
    const afterSecond = await outboxOf(db, 'diagnostics', beneficiary.id);
    expect(
      afterSecond
        .slice(afterFirst.length)
        .map((entry) => entry.field)
        .sort(),
    ).toEqual(['motivation', 'updatedAt']);
    expect((await caseFiles.load(beneficiary.id, false))?.diagnostic?.motivation).toBe('Forte');
  });

  it('keeps one life project and one detention record per beneficiary, with its id and centre', async () => {
    const { db, caseFiles, beneficiary } = await setUp('cf-own-records');
    const project = lifeProjectDraftSchema(today).parse({
      ...emptyLifeProjectDraft,
      professionalObjectives: 'Trouver un emploi en restauration',
    });
    expect(await caseFiles.saveLifeProject(beneficiary.id, project)).toBe(true);
    expect(await caseFiles.saveLifeProject(beneficiary.id, { ...project, socialObjectives: 'Renouer' })).toBe(true);
    expect(await db.lifeProjects.toArray()).toEqual([
      expect.objectContaining({
        id: beneficiary.id,
        beneficiaryId: beneficiary.id,
        centreId,
        socialObjectives: 'Renouer',
      }),
    ]);

    const detention = detentionDraftSchema(now, '1990-04-12', '').parse({
      ...emptyDetentionDraft,
      establishment: 'Prison locale Oukacha',
      sentenceMonths: 24,
    });
    expect(await caseFiles.saveDetention(beneficiary.id, detention)).toBe(true);
    expect(await caseFiles.saveDetention(beneficiary.id, { ...detention, sentenceMonths: 30 })).toBe(true);
    expect(await db.detentionRecords.toArray()).toEqual([
      expect.objectContaining({ id: beneficiary.id, beneficiaryId: beneficiary.id, centreId, sentenceMonths: 30 }),
    ]);
    // The restricted record is read only when asked for.
    expect((await caseFiles.load(beneficiary.id, false))?.detention).toBeUndefined();
    expect((await caseFiles.load(beneficiary.id, true))?.detention?.establishment).toBe('Prison locale Oukacha');
  });

  it('adds actions, changes them field by field, and lists the beneficiaries with an overdue one', async () => {
    const { db, beneficiaries, caseFiles, beneficiary } = await setUp('cf-actions');
    const other = await beneficiaries.create(testDraft(now, { firstNameLatin: 'Khadija', sex: 'F' }), centreId);

    const late = await caseFiles.addAction(beneficiary.id, action({ deadline: '2026-11-01' }));
    const onTime = await caseFiles.addAction(other.id, action({ deadline: '2026-12-31' }));
    if (!late || !onTime) throw new Error('actions not added');
    expect(late).toMatchObject({ beneficiaryId: beneficiary.id, centreId, status: 'prevue' });
    expect(await caseFiles.overdueBeneficiaryIds(today)).toEqual(new Set([beneficiary.id]));
    // A day later, the other one is late too.
    expect(await caseFiles.overdueBeneficiaryIds('2027-01-01')).toEqual(new Set([beneficiary.id, other.id]));

    const before = (await outboxOf(db, 'lifeProjectActions', late.id)).length;
    expect(await caseFiles.updateAction(late.id, { status: 'realisee' })).toBe(true);
    expect(
      (await outboxOf(db, 'lifeProjectActions', late.id))
        .slice(before)
        .map((entry) => entry.field)
        .sort(),
    ).toEqual(['status', 'updatedAt']);
    // Done: no longer overdue.
    expect(await caseFiles.overdueBeneficiaryIds(today)).toEqual(new Set());
    expect(await caseFiles.updateAction('0190a8d4-1c2e-7a3b-9c4d-000000000404', { status: 'enCours' })).toBe(false);

    const second = await caseFiles.addAction(beneficiary.id, action({ description: 'Atelier CV' }));
    const file = await caseFiles.load(beneficiary.id, false);
    expect(file?.actions.map((row) => row.id)).toEqual([late.id, second?.id]);
    expect(file?.actions[0]?.status).toBe('realisee');
  });
});

describe('case file repository: the parcours', () => {
  const forward = (to: Extract<StageMove, { kind: 'forward' }>['to']): StageMove => ({ kind: 'forward', to });

  it('refuses a forward move with missing requirements and writes nothing', async () => {
    const { db, caseFiles, beneficiary } = await setUp('cf-refused');
    const before = await db.outbox.count();
    const result = await caseFiles.move(beneficiary.id, forward('diagnostic'));
    expect(result).toEqual({ ok: false, error: { kind: 'missing', requirements: ['consent', 'releaseDate'] } });
    // Skipping a stage is not a move at all.
    expect(await caseFiles.move(beneficiary.id, forward('projetDeVie'))).toEqual({
      ok: false,
      error: { kind: 'notAllowed' },
    });
    expect(await db.outbox.count()).toBe(before);
    expect(await db.stageChanges.count()).toBe(0);
    const unchanged = await db.beneficiaries.get(beneficiary.id);
    expect(unchanged && stageOf(unchanged)).toBe('accueil');
    expect(await caseFiles.move('0190a8d4-1c2e-7a3b-9c4d-000000000404', forward('diagnostic'))).toEqual({
      ok: false,
      error: 'notFound',
    });
  });

  it('walks accueil → mise en œuvre as each stage is filled, writing the stage and the history', async () => {
    const setup = await setUp('cf-walk');
    const { db, caseFiles, beneficiary } = setup;

    await fillAdmission(setup);
    const toDiagnostic = await caseFiles.move(beneficiary.id, forward('diagnostic'));
    expect(toDiagnostic).toMatchObject({
      ok: true,
      value: {
        kind: 'forward',
        from: 'accueil',
        to: 'diagnostic',
        beneficiaryId: beneficiary.id,
        centreId,
        byUserId: author.userId,
        byName: author.name,
        reason: '',
        comment: '',
      },
    });
    expect((await db.beneficiaries.get(beneficiary.id))?.stage).toBe('diagnostic');

    expect(await caseFiles.move(beneficiary.id, forward('projetDeVie'))).toEqual({
      ok: false,
      error: { kind: 'missing', requirements: ['diagnostic'] },
    });
    // A diagnostic without its date is not complete.
    await caseFiles.saveDiagnostic(beneficiary.id, { ...completeDiagnostic, diagnosticDate: '' });
    expect((await caseFiles.move(beneficiary.id, forward('projetDeVie'))).ok).toBe(false);
    await caseFiles.saveDiagnostic(beneficiary.id, completeDiagnostic);
    expect((await caseFiles.move(beneficiary.id, forward('projetDeVie'))).ok).toBe(true);

    expect(await caseFiles.move(beneficiary.id, forward('validation'))).toEqual({
      ok: false,
      error: { kind: 'missing', requirements: ['lifeProjectAction'] },
    });
    await caseFiles.saveLifeProject(
      beneficiary.id,
      lifeProjectDraftSchema(today).parse({ ...emptyLifeProjectDraft, professionalObjectives: 'Emploi stable' }),
    );
    // An abandoned action does not count.
    await caseFiles.addAction(beneficiary.id, action({ status: 'abandonnee' }));
    expect((await caseFiles.move(beneficiary.id, forward('validation'))).ok).toBe(false);
    await caseFiles.addAction(beneficiary.id, action());
    expect((await caseFiles.move(beneficiary.id, forward('validation'))).ok).toBe(true);

    expect(await caseFiles.move(beneficiary.id, forward('miseEnOeuvre'))).toEqual({
      ok: false,
      error: { kind: 'missing', requirements: ['lifeProjectValidated'] },
    });
    await caseFiles.saveLifeProject(
      beneficiary.id,
      lifeProjectDraftSchema(today).parse({
        ...emptyLifeProjectDraft,
        professionalObjectives: 'Emploi stable',
        validatedOn: '2026-11-27',
        validatedBy: 'Comité du centre',
      }),
    );
    expect((await caseFiles.move(beneficiary.id, forward('miseEnOeuvre'))).ok).toBe(true);

    const file = await caseFiles.load(beneficiary.id, false);
    expect(file?.beneficiary.stage).toBe('miseEnOeuvre');
    expect(file?.stageChanges.map((change) => [change.from, change.to])).toEqual([
      ['accueil', 'diagnostic'],
      ['diagnostic', 'projetDeVie'],
      ['projetDeVie', 'validation'],
      ['validation', 'miseEnOeuvre'],
    ]);
    // Each change is also an op for the server.
    const changeOps = (await db.outbox.toArray()).filter((entry) => entry.table === 'stageChanges');
    expect(new Set(changeOps.map((entry) => entry.rowId)).size).toBe(4);
  });

  it('moves back only with a comment', async () => {
    const setup = await setUp('cf-back');
    const { db, caseFiles, beneficiary } = setup;
    await fillAdmission(setup);
    expect((await caseFiles.move(beneficiary.id, forward('diagnostic'))).ok).toBe(true);

    const before = await db.outbox.count();
    expect(await caseFiles.move(beneficiary.id, { kind: 'back', to: 'accueil', comment: '   ' })).toEqual({
      ok: false,
      error: { kind: 'commentRequired' },
    });
    expect(await db.outbox.count()).toBe(before);
    expect((await db.beneficiaries.get(beneficiary.id))?.stage).toBe('diagnostic');

    const back = await caseFiles.move(beneficiary.id, {
      kind: 'back',
      to: 'accueil',
      comment: '  Consentement à refaire  ',
    });
    expect(back).toMatchObject({
      ok: true,
      value: { kind: 'back', from: 'diagnostic', to: 'accueil', comment: 'Consentement à refaire' },
    });
    expect((await db.beneficiaries.get(beneficiary.id))?.stage).toBe('accueil');
  });

  it('closes only with a reason (a transfer with a comment) and reopens at the stage it was closed from', async () => {
    const setup = await setUp('cf-close');
    const { db, caseFiles, beneficiary } = setup;
    await fillAdmission(setup);
    expect((await caseFiles.move(beneficiary.id, forward('diagnostic'))).ok).toBe(true);

    const before = await db.outbox.count();
    expect(await caseFiles.move(beneficiary.id, { kind: 'close', reason: null, comment: '' })).toEqual({
      ok: false,
      error: { kind: 'closureReasonRequired' },
    });
    expect(await caseFiles.move(beneficiary.id, { kind: 'close', reason: 'transfert', comment: '' })).toEqual({
      ok: false,
      error: { kind: 'commentRequired' },
    });
    expect(await db.outbox.count()).toBe(before);
    expect(await db.stageChanges.count()).toBe(1);

    const closed = await caseFiles.move(beneficiary.id, {
      kind: 'close',
      reason: 'transfert',
      comment: 'Suivi par le centre de Fès',
    });
    expect(closed).toMatchObject({
      ok: true,
      value: { kind: 'close', from: 'diagnostic', to: 'cloture', reason: 'transfert' },
    });
    expect((await db.beneficiaries.get(beneficiary.id))?.stage).toBe('cloture');

    // Reopening: a comment, and only to the stage it was closed from.
    expect(await caseFiles.move(beneficiary.id, { kind: 'reopen', to: 'diagnostic', comment: '' })).toEqual({
      ok: false,
      error: { kind: 'commentRequired' },
    });
    expect(await caseFiles.move(beneficiary.id, { kind: 'reopen', to: 'accueil', comment: 'Retour' })).toEqual({
      ok: false,
      error: { kind: 'notAllowed' },
    });
    expect((await db.beneficiaries.get(beneficiary.id))?.stage).toBe('cloture');
    const reopened = await caseFiles.move(beneficiary.id, { kind: 'reopen', to: 'diagnostic', comment: 'Retour' });
    expect(reopened).toMatchObject({ ok: true, value: { kind: 'reopen', from: 'cloture', to: 'diagnostic' } });
    expect((await db.beneficiaries.get(beneficiary.id))?.stage).toBe('diagnostic');

    // A reason other than a transfer needs no comment.
    expect(
      (await caseFiles.move(beneficiary.id, { kind: 'close', reason: 'reinsertionReussie', comment: '' })).ok,
    ).toBe(true);
  });
});

describe('file numbers', () => {
  it('numbers two files of one database consecutively with its code; another database has another code', async () => {
    const first = await setUp('fn-a');
    const second = await first.beneficiaries.create(testDraft(now, { firstNameLatin: 'Khadija', sex: 'F' }), centreId);
    const a = parseFileNumber(first.beneficiary.fileNumber ?? '');
    const b = parseFileNumber(second.fileNumber ?? '');
    expect(a).not.toBeNull();
    expect(b).toMatchObject({ prefix: a?.prefix, year: 2026, code: a?.code, counter: (a?.counter ?? 0) + 1 });
    expect(a?.counter).toBe(1);

    const other = await setUp('fn-b');
    const c = parseFileNumber(other.beneficiary.fileNumber ?? '');
    expect(c?.code).toBeDefined();
    expect(c?.code).not.toBe(a?.code);
    expect(c?.counter).toBe(1);
  });
});

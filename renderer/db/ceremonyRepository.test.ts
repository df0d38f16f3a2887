import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { ceremonyDraftSchema, type ItemHandover } from '../../shared/agr/ceremony';
import {
  committeeDecisionDraftSchema,
  equipmentLineDraftSchema,
  fundingShareDraftSchema,
  incomeProjectDraftSchema,
} from '../../shared/agr/incomeProject';
import { fileFacts } from '../../shared/parcours/facts';
import { createBeneficiaryRepository } from './beneficiaryRepository';
import { createCaseFileRepository } from './caseFileRepository';
import { createCeremonyRepository, type Signatures } from './ceremonyRepository';
import type { MasarDatabase } from './tables';
import { openTestDatabase } from './testDatabase';
import { createIncomeProjectRepository } from './incomeProjectRepository';
import { testDraft } from './testDraft';
import { walkTo } from './testCaseFile';

const now = Date.UTC(2026, 10, 28, 12);
const centreId = '0190a8d4-1c2e-7a3b-9c4d-0000000000c1';
const otherCentre = '0190a8d4-1c2e-7a3b-9c4d-0000000000c2';
const png = 'data:image/png;base64,iVBORw0KGgo=';
const signatures: Signatures = {
  beneficiarySignatureKind: 'drawn',
  beneficiarySignature: png,
  counsellorSignature: png,
  counsellorName: 'Nadia Berrada',
  signedOn: '2026-11-28',
};

const opened: MasarDatabase[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function setUp() {
  const db = openTestDatabase('ceremony', { indexedDB: new IDBFactory(), IDBKeyRange });
  opened.push(db);
  let clock = now;
  const tick = () => new Date((clock += 1000));
  const people = createBeneficiaryRepository(db, tick, {
    userId: 'u1',
    name: 'Nadia Berrada',
    role: 'coordinateur_centre',
  });
  const projects = createIncomeProjectRepository(db, tick, {
    userId: 'u1',
    name: 'Nadia Berrada',
    role: 'coordinateur_centre',
  });
  // The centre's coordinator: decides, lists, signs and holds (a counsellor's limits are tested apart).
  const author = { userId: 'u1', name: 'Nadia Berrada', role: 'coordinateur_centre' } as const;
  const ceremonies = createCeremonyRepository(db, tick, author);
  const caseFiles = createCaseFileRepository(db, tick, author);
  /**
   * A person with a project of `lines` (quantity, unit price), approved unless told otherwise, whose
   * file went through the parcours to `stage` (*remise* by default: ready for a ceremony).
   */
  async function personWithProject(
    firstName: string,
    sex: 'F' | 'M',
    lines: [number, number][],
    options: {
      approve?: boolean;
      centre?: string;
      sector?: 'restauration' | 'artisanat';
      stage?: 'validation' | 'miseEnOeuvre' | 'remise';
      districtCode?: string;
    } = {},
  ) {
    const person = await people.create(
      {
        ...testDraft(now),
        firstNameLatin: firstName,
        sex,
        ...(options.districtCode === undefined ? {} : { districtCode: options.districtCode }),
      },
      options.centre ?? centreId,
    );
    const stage = options.stage ?? 'remise';
    await walkTo(caseFiles, person.id, stage === 'remise' ? 'miseEnOeuvre' : stage, now);
    const project = await projects.create(
      person.id,
      incomeProjectDraftSchema.parse({
        title: `Projet de ${firstName}`,
        sector: options.sector ?? 'restauration',
        sectorOther: '',
        activity: '',
        place: '',
        marketJustification: '',
      }),
    );
    if (!project) throw new Error('no project');
    let total = 0;
    for (const [index, [quantity, unitPriceCentimes]] of lines.entries()) {
      total += quantity * unitPriceCentimes;
      await projects.addLine(
        project.id,
        equipmentLineDraftSchema.parse({
          designation: `Article ${index + 1}`,
          quantity,
          unitPriceCentimes,
          supplier: '',
          serialNumber: '',
        }),
      );
    }
    await projects.addShare(
      project.id,
      fundingShareDraftSchema.parse({ funder: 'fondation', partnerName: '', amountCentimes: total }),
    );
    if (options.approve !== false)
      expect(
        await projects.recordDecision(
          project.id,
          committeeDecisionDraftSchema('2026-11-28').parse({
            committee: 'CPDH',
            decisionDate: '2026-11-01',
            decisionReference: 'R',
            decision: 'approuve',
            amountGrantedCentimes: total,
          }),
        ),
      ).toEqual({ ok: true });
    if (stage === 'remise' && options.approve !== false)
      expect((await caseFiles.move(person.id, { kind: 'forward', to: 'remise' })).ok).toBe(true);
    const lineIds = (await db.equipmentLines.where('projectId').equals(project.id).sortBy('createdAt')).map(
      (line) => line.id,
    );
    return { person, project, lineIds };
  }
  const ceremony = await ceremonies.create(
    centreId,
    ceremonyDraftSchema.parse({
      date: '2026-12-10',
      place: 'Siège de la préfecture d’arrondissements Al Fida-Mers Sultan',
      prefectureCode: '',
      presidingAuthority: 'Le gouverneur',
      partnersPresent: 'INDH',
    }),
  );
  return { db, tick, projects, ceremonies, caseFiles, ceremony, personWithProject };
}

/** Every line handed over as planned (the signing form's *Tout remis*). */
const allHandedOver = (lineIds: readonly string[]): ItemHandover[] =>
  lineIds.map((lineId) => ({ lineId, handoverStatus: 'remis', handoverNote: '' }));

describe('handover ceremonies', () => {
  it('list only approved projects of the ceremony’s centre, once, and total them to the centime', async () => {
    const { ceremonies, ceremony, personWithProject } = await setUp();
    const amina = await personWithProject('Amina', 'F', [
      [2, 1_234_507],
      [1, 99],
    ]);
    const omar = await personWithProject('Omar', 'M', [[3, 333_333]], { sector: 'artisanat' });
    const pending = await personWithProject('Said', 'M', [[1, 100]], { approve: false, stage: 'miseEnOeuvre' });
    const elsewhere = await personWithProject('Hind', 'F', [[1, 100]], { centre: otherCentre });
    // Approved at *validation*, not yet at *mise en œuvre*: offered later, and said why.
    const early = await personWithProject('Karim', 'M', [[1, 700]], { stage: 'validation' });

    const candidates = await ceremonies.candidates(ceremony.id);
    expect(candidates.ready.map((c) => c.project.id).sort()).toEqual([amina.project.id, omar.project.id].sort());
    expect(candidates.ready.find((c) => c.project.id === amina.project.id)?.valueCentimes).toBe(2 * 1_234_507 + 99);
    expect(candidates.waiting.map((c) => [c.project.id, c.stage])).toEqual([[early.project.id, 'validation']]);
    expect(await ceremonies.addProjects(ceremony.id, [early.project.id])).toEqual({
      ok: false,
      error: 'notAtStage',
    });
    expect(await ceremonies.addProjects(ceremony.id, [amina.project.id, pending.project.id])).toEqual({
      ok: false,
      error: 'notApproved',
    });
    expect(await ceremonies.addProjects(ceremony.id, [elsewhere.project.id])).toEqual({
      ok: false,
      error: 'otherCentre',
    });
    // Refused as a whole: nothing was listed.
    expect((await ceremonies.load(ceremony.id))?.entries).toHaveLength(0);
    expect(await ceremonies.addProjects(ceremony.id, [amina.project.id, omar.project.id])).toEqual({
      ok: true,
      value: 2,
    });
    expect(await ceremonies.addProjects(ceremony.id, [amina.project.id])).toEqual({
      ok: false,
      error: 'alreadyListed',
    });

    const file = await ceremonies.load(ceremony.id);
    expect(file?.summary).toMatchObject({
      beneficiaries: 2,
      women: 1,
      men: 1,
      totalCentimes: 2 * 1_234_507 + 99 + 3 * 333_333,
    });
    expect(file?.summary.bySector).toEqual([
      { sector: 'restauration', count: 1, valueCentimes: 2 * 1_234_507 + 99 },
      { sector: 'artisanat', count: 1, valueCentimes: 999_999 },
    ]);
    expect(await ceremonies.list()).toEqual([{ ceremony: file?.ceremony, beneficiaries: 2, signed: 0 }]);
  });

  it('sign a project once with each item’s status, keep the project as signed, and correct by a new version', async () => {
    const { db, projects, ceremonies, ceremony, personWithProject } = await setUp();
    const { person, project, lineIds } = await personWithProject('Amina', 'F', [
      [2, 50_000],
      [1, 1_000],
    ]);
    expect(await ceremonies.sign(project.id, signatures, allHandedOver(lineIds))).toEqual({
      ok: false,
      error: 'notListed',
    });
    await ceremonies.addProjects(ceremony.id, [project.id]);
    // Every line needs its status, and none may stay *prévu*: nothing is written until then.
    const [oven = '', chair = ''] = lineIds;
    expect(await ceremonies.sign(project.id, signatures, allHandedOver([oven]))).toEqual({
      ok: false,
      error: 'itemsChanged',
    });
    expect(
      await ceremonies.sign(project.id, signatures, [
        { lineId: oven, handoverStatus: 'remis', handoverNote: '' },
        { lineId: chair, handoverStatus: 'prevu', handoverNote: '' },
      ]),
    ).toEqual({ ok: false, error: 'itemPlanned' });
    expect(await db.handoverReceipts.count()).toBe(0);

    const signed = await ceremonies.sign(project.id, signatures, [
      { lineId: oven, handoverStatus: 'remis', handoverNote: '' },
      { lineId: chair, handoverStatus: 'remplace', handoverNote: 'Tabouret' },
    ]);
    if (!signed.ok) throw new Error(signed.error);
    expect(signed.value).toMatchObject({
      version: 1,
      supersedesId: '',
      beneficiaryName: 'EL AMRANI Amina',
      items: [
        { designation: 'Article 1', quantity: 2, unitPriceCentimes: 50_000, handoverStatus: 'remis' },
        {
          designation: 'Article 2',
          quantity: 1,
          unitPriceCentimes: 1_000,
          handoverStatus: 'remplace',
          handoverNote: 'Tabouret',
        },
      ],
    });
    // The equipment lines say the same as the PV.
    expect(await db.equipmentLines.get(chair)).toMatchObject({ handoverStatus: 'remplace', handoverNote: 'Tabouret' });
    expect(await ceremonies.sign(project.id, signatures, allHandedOver(lineIds))).toEqual({
      ok: false,
      error: 'alreadySigned',
    });
    expect(await ceremonies.withdraw(project.id)).toEqual({ ok: false, error: 'signed' });

    // Signed: the equipment no longer changes in the case file...
    expect(await projects.updateLine(oven, { unitPriceCentimes: 1 })).toEqual({ ok: false, error: 'signed' });
    // ...but through a correction, a new version that carries the corrected lines.
    const corrected = await ceremonies.correct(signed.value.id, 'Four non livré, chaise au bon prix', signatures, [
      {
        lineId: oven,
        handoverStatus: 'manquant',
        handoverNote: 'Livraison en retard',
        corrected: { designation: 'Four à pizza', quantity: 2, unitPriceCentimes: 50_000, serialNumber: 'SN-9' },
      },
      {
        lineId: chair,
        handoverStatus: 'remplace',
        handoverNote: 'Tabouret',
        corrected: { designation: 'Article 2', quantity: 1, unitPriceCentimes: 1_200, serialNumber: '' },
      },
    ]);
    if (!corrected.ok) throw new Error(corrected.error);
    expect(corrected.value).toMatchObject({
      version: 2,
      supersedesId: signed.value.id,
      correctionReason: 'Four non livré, chaise au bon prix',
      items: [
        { designation: 'Four à pizza', handoverStatus: 'manquant', serialNumber: 'SN-9' },
        { designation: 'Article 2', unitPriceCentimes: 1_200 },
      ],
    });
    expect(await db.equipmentLines.get(chair)).toMatchObject({ unitPriceCentimes: 1_200 });
    expect(await ceremonies.correct(signed.value.id, 'encore', signatures, allHandedOver(lineIds))).toEqual({
      ok: false,
      error: 'notCurrent',
    });
    const entry = (await ceremonies.load(ceremony.id))?.entries[0];
    expect(entry?.receipts.map((receipt) => receipt.version)).toEqual([1, 2]);
    expect(entry?.receipt?.id).toBe(corrected.value.id);
    // A missing item is not handed over: only the replaced chair counts.
    expect(entry?.valueCentimes).toBe(1_200);
    expect(await db.handoverReceipts.get(signed.value.id)).toEqual(signed.value);

    const file = await createCaseFileRepository(db).load(person.id, false);
    if (!file) throw new Error('no file');
    expect(fileFacts(file).hasSignedHandover).toBe(true);
  });

  it('sign only while the file is at mise en œuvre or remise', async () => {
    const { ceremonies, caseFiles, ceremony, personWithProject } = await setUp();
    const { person, project, lineIds } = await personWithProject('Omar', 'M', [[1, 10_000]]);
    await ceremonies.addProjects(ceremony.id, [project.id]);
    // Sent back to *validation* (the committee reconsiders): the PV waits.
    for (const to of ['miseEnOeuvre', 'validation'] as const)
      expect((await caseFiles.move(person.id, { kind: 'back', to, comment: 'Revu par le comité' })).ok).toBe(true);
    expect(await ceremonies.sign(project.id, signatures, allHandedOver(lineIds))).toEqual({
      ok: false,
      error: 'notAtStage',
    });
    expect((await caseFiles.move(person.id, { kind: 'forward', to: 'miseEnOeuvre' })).ok).toBe(true);
    expect((await ceremonies.sign(project.id, signatures, allHandedOver(lineIds))).ok).toBe(true);
  });

  it('hold: move every file with a signed PV on to suivi, by the one who held it, and list the PVs missing', async () => {
    const { db, ceremonies, caseFiles, ceremony, personWithProject } = await setUp();
    const atRemise = await personWithProject('Amina', 'F', [[1, 10_000]]);
    const atImplementation = await personWithProject('Omar', 'M', [[1, 20_000]], { stage: 'miseEnOeuvre' });
    const unsigned = await personWithProject('Said', 'M', [[1, 30_000]]);
    await ceremonies.addProjects(ceremony.id, [atRemise.project.id, atImplementation.project.id, unsigned.project.id]);
    for (const { project, lineIds } of [atRemise, atImplementation])
      expect((await ceremonies.sign(project.id, signatures, allHandedOver(lineIds))).ok).toBe(true);

    const held = await ceremonies.hold(ceremony.id);
    if (!held.ok) throw new Error(held.error);
    expect(held.value.moved.map((person) => person.id).sort()).toEqual(
      [atRemise.person.id, atImplementation.person.id].sort(),
    );
    expect(held.value.missingReceipts.map((entry) => entry.project.id)).toEqual([unsigned.project.id]);
    expect(held.value.notMoved).toEqual([]);
    expect((await db.ceremonies.get(ceremony.id))?.status).toBe('tenue');
    const stageOfPerson = async (id: string) => (await db.beneficiaries.get(id))?.stage;
    expect(await stageOfPerson(atRemise.person.id)).toBe('suivi');
    expect(await stageOfPerson(atImplementation.person.id)).toBe('suivi');
    expect(await stageOfPerson(unsigned.person.id)).toBe('remise');
    // In the file's own history, as moves by the person who held the ceremony.
    const history = (await caseFiles.load(atImplementation.person.id, false))?.stageChanges ?? [];
    expect(history.slice(-2).map((change) => [change.from, change.to, change.byName])).toEqual([
      ['miseEnOeuvre', 'remise', 'Nadia Berrada'],
      ['remise', 'suivi', 'Nadia Berrada'],
    ]);
    expect(await ceremonies.hold(ceremony.id)).toEqual({ ok: false, error: 'ceremonyHeld' });

    // The missing PV signed afterwards: its file moves on at once.
    expect((await ceremonies.sign(unsigned.project.id, signatures, allHandedOver(unsigned.lineIds))).ok).toBe(true);
    expect(await stageOfPerson(unsigned.person.id)).toBe('suivi');
    // Back in preparation by mistake: nobody moves back.
    expect(await ceremonies.reopen(ceremony.id)).toBe(true);
    expect(await stageOfPerson(atRemise.person.id)).toBe('suivi');
  });

  it('hold: a file the parcours rules keep from moving is said, not forced', async () => {
    const { db, ceremonies, caseFiles, ceremony, personWithProject } = await setUp();
    const { person, project, lineIds } = await personWithProject('Hind', 'F', [[1, 10_000]]);
    await ceremonies.addProjects(ceremony.id, [project.id]);
    expect((await ceremonies.sign(project.id, signatures, allHandedOver(lineIds))).ok).toBe(true);
    // The life project's validation is withdrawn after the signature.
    const file = await caseFiles.load(person.id, false);
    await caseFiles.saveLifeProject(person.id, {
      ...(file?.lifeProject ?? (undefined as never)),
      validatedOn: '',
      validatedBy: '',
    });
    const held = await ceremonies.hold(ceremony.id);
    if (!held.ok) throw new Error(held.error);
    expect(held.value.moved).toEqual([]);
    expect(held.value.notMoved).toEqual([
      expect.objectContaining({
        beneficiary: expect.objectContaining({ id: person.id }) as unknown,
        refusal: { kind: 'missing', requirements: ['lifeProjectValidated'] },
      }),
    ]);
    expect((await db.beneficiaries.get(person.id))?.stage).toBe('remise');
  });

  it('group the summary by préfecture d’arrondissements where the file has one', async () => {
    const { ceremonies, ceremony, personWithProject } = await setUp();
    const district = 'CS-CASABLANCA-AIN-SEBAA-HAY-MOHAMMADI';
    const a = await personWithProject('Amina', 'F', [[1, 100]], { districtCode: district });
    const b = await personWithProject('Omar', 'M', [[1, 200]], { districtCode: district });
    const c = await personWithProject('Said', 'M', [[1, 400]]);
    await ceremonies.addProjects(ceremony.id, [a.project.id, b.project.id, c.project.id]);
    expect((await ceremonies.load(ceremony.id))?.summary.byPrefecture).toEqual([
      { prefectureCode: 'CS-CASABLANCA', districtCode: '', count: 1, valueCentimes: 400 },
      { prefectureCode: 'CS-CASABLANCA', districtCode: district, count: 2, valueCentimes: 300 },
    ]);
  });

  it('withdraw a project not signed yet, and put it back on a list by an ordinary edit', async () => {
    const { ceremonies, ceremony, personWithProject } = await setUp();
    const { project } = await personWithProject('Omar', 'M', [[1, 10_000]]);
    await ceremonies.addProjects(ceremony.id, [project.id]);
    expect(await ceremonies.withdraw(project.id)).toEqual({ ok: true, value: undefined });
    expect((await ceremonies.load(ceremony.id))?.entries).toHaveLength(0);
    expect((await ceremonies.candidates(ceremony.id)).ready.map((c) => c.project.id)).toEqual([project.id]);
    expect(await ceremonies.addProjects(ceremony.id, [project.id])).toEqual({ ok: true, value: 1 });
    expect((await ceremonies.load(ceremony.id))?.entries).toHaveLength(1);
    // Once held, the list no longer changes.
    expect((await ceremonies.hold(ceremony.id)).ok).toBe(true);
    expect(await ceremonies.withdraw(project.id)).toEqual({ ok: false, error: 'ceremonyHeld' });
    const other = await personWithProject('Hind', 'F', [[1, 500]]);
    expect(await ceremonies.addProjects(ceremony.id, [other.project.id])).toEqual({
      ok: false,
      error: 'ceremonyHeld',
    });
  });

  it('leave holding to the coordination, and a PV to the counsellor of the file or the coordination', async () => {
    const { db, tick, ceremonies, ceremony, personWithProject } = await setUp();
    const { project, lineIds } = await personWithProject('Amina', 'F', [[1, 10_000]]);
    await ceremonies.addProjects(ceremony.id, [project.id]);
    const colleague = createCeremonyRepository(db, tick, { userId: 'u2', name: 'Karim', role: 'conseiller' });
    // Amina's file is followed by u1: another counsellor does not sign it, nor hold the ceremony.
    expect(await colleague.sign(project.id, signatures, allHandedOver(lineIds))).toEqual({
      ok: false,
      error: 'role',
    });
    expect(await colleague.hold(ceremony.id)).toEqual({ ok: false, error: 'role' });
    expect(await colleague.reopen(ceremony.id)).toBe(false);
    expect(await db.handoverReceipts.count()).toBe(0);
    expect((await db.ceremonies.get(ceremony.id))?.status).toBe('preparation');
    // The receipt carries the signer as signed in, whatever the form said.
    const signed = await ceremonies.sign(
      project.id,
      { ...signatures, counsellorName: 'Quelqu’un' },
      allHandedOver(lineIds),
    );
    expect(signed.ok && signed.value.counsellorName).toBe('Nadia Berrada');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { ceremonyDraftSchema } from '../../shared/agr/ceremony';
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
import { openUserDatabase, type MasarDatabase } from './database';
import { createIncomeProjectRepository } from './incomeProjectRepository';
import { testDraft } from './testDraft';

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
  const db = openUserDatabase('ceremony', { indexedDB: new IDBFactory(), IDBKeyRange });
  opened.push(db);
  let clock = now;
  const tick = () => new Date((clock += 1000));
  const people = createBeneficiaryRepository(db, tick);
  const projects = createIncomeProjectRepository(db, tick);
  const ceremonies = createCeremonyRepository(db, tick, { userId: 'u1', name: 'Nadia Berrada' });
  /** A person with a project of `lines` (quantity, unit price), approved unless told otherwise. */
  async function personWithProject(
    firstName: string,
    sex: 'F' | 'M',
    lines: [number, number][],
    options: { approve?: boolean; centre?: string; sector?: 'restauration' | 'artisanat' } = {},
  ) {
    const person = await people.create(
      { ...testDraft(now), firstNameLatin: firstName, sex },
      options.centre ?? centreId,
    );
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
    return { person, project };
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
  return { db, projects, ceremonies, ceremony, personWithProject };
}

describe('handover ceremonies', () => {
  it('list only approved projects of the ceremony’s centre, once, and total them to the centime', async () => {
    const { ceremonies, ceremony, personWithProject } = await setUp();
    const amina = await personWithProject('Amina', 'F', [
      [2, 1_234_507],
      [1, 99],
    ]);
    const omar = await personWithProject('Omar', 'M', [[3, 333_333]], { sector: 'artisanat' });
    const pending = await personWithProject('Said', 'M', [[1, 100]], { approve: false });
    const elsewhere = await personWithProject('Hind', 'F', [[1, 100]], { centre: otherCentre });

    expect((await ceremonies.candidates(ceremony.id)).map((c) => c.project.id).sort()).toEqual(
      [amina.project.id, omar.project.id].sort(),
    );
    expect(await ceremonies.addProjects(ceremony.id, [amina.project.id, pending.project.id])).toEqual({
      ok: false,
      refusal: 'notApproved',
    });
    expect(await ceremonies.addProjects(ceremony.id, [elsewhere.project.id])).toEqual({
      ok: false,
      refusal: 'otherCentre',
    });
    // Refused as a whole: nothing was listed.
    expect((await ceremonies.load(ceremony.id))?.entries).toHaveLength(0);
    expect(await ceremonies.addProjects(ceremony.id, [amina.project.id, omar.project.id])).toEqual({
      ok: true,
      value: 2,
    });
    expect(await ceremonies.addProjects(ceremony.id, [amina.project.id])).toEqual({
      ok: false,
      refusal: 'alreadyListed',
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

  it('sign a project once, keep the signed items whatever changes later, and correct by a new version', async () => {
    const { db, projects, ceremonies, ceremony, personWithProject } = await setUp();
    const { person, project } = await personWithProject('Amina', 'F', [[2, 50_000]]);
    expect(await ceremonies.sign(project.id, signatures)).toEqual({ ok: false, refusal: 'notListed' });
    await ceremonies.addProjects(ceremony.id, [project.id]);
    const signed = await ceremonies.sign(project.id, signatures);
    if (!signed.ok) throw new Error(signed.refusal);
    expect(signed.value).toMatchObject({
      version: 1,
      supersedesId: '',
      beneficiaryName: 'EL AMRANI Amina',
      items: [{ designation: 'Article 1', quantity: 2, unitPriceCentimes: 50_000, handoverStatus: 'prevu' }],
    });
    expect(await ceremonies.sign(project.id, signatures)).toEqual({ ok: false, refusal: 'alreadySigned' });
    expect(await ceremonies.withdraw(project.id)).toEqual({ ok: false, refusal: 'signed' });

    // The equipment changes after signing: the receipt in force keeps what was signed.
    const [line] = await db.equipmentLines.where('projectId').equals(project.id).toArray();
    await projects.updateLine(line?.id ?? '', { handoverStatus: 'manquant', handoverNote: 'Livraison en retard' });
    expect((await ceremonies.load(ceremony.id))?.entries[0]?.receipt?.items[0]?.handoverStatus).toBe('prevu');

    const corrected = await ceremonies.correct(signed.value.id, 'Four non livré', signatures);
    if (!corrected.ok) throw new Error(corrected.refusal);
    expect(corrected.value).toMatchObject({
      version: 2,
      supersedesId: signed.value.id,
      correctionReason: 'Four non livré',
    });
    expect(await ceremonies.correct(signed.value.id, 'encore', signatures)).toEqual({
      ok: false,
      refusal: 'notCurrent',
    });
    const entry = (await ceremonies.load(ceremony.id))?.entries[0];
    expect(entry?.receipts.map((receipt) => receipt.version)).toEqual([1, 2]);
    expect(entry?.receipt?.id).toBe(corrected.value.id);
    // A missing item is not handed over: it leaves the value.
    expect(entry?.valueCentimes).toBe(0);
    expect(await db.handoverReceipts.get(signed.value.id)).toEqual(signed.value);

    const file = await createCaseFileRepository(db).load(person.id, false);
    if (!file) throw new Error('no file');
    expect(fileFacts(file).hasSignedHandover).toBe(true);
  });

  it('withdraw a project not signed yet, and put it back on a list by an ordinary edit', async () => {
    const { ceremonies, ceremony, personWithProject } = await setUp();
    const { project } = await personWithProject('Omar', 'M', [[1, 10_000]]);
    await ceremonies.addProjects(ceremony.id, [project.id]);
    expect(await ceremonies.withdraw(project.id)).toEqual({ ok: true, value: undefined });
    expect((await ceremonies.load(ceremony.id))?.entries).toHaveLength(0);
    expect((await ceremonies.candidates(ceremony.id)).map((c) => c.project.id)).toEqual([project.id]);
    expect(await ceremonies.addProjects(ceremony.id, [project.id])).toEqual({ ok: true, value: 1 });
    expect((await ceremonies.load(ceremony.id))?.entries).toHaveLength(1);
    // Once held, the list no longer changes.
    expect(await ceremonies.setStatus(ceremony.id, 'tenue')).toBe(true);
    expect(await ceremonies.withdraw(project.id)).toEqual({ ok: false, refusal: 'ceremonyHeld' });
    const other = await personWithProject('Hind', 'F', [[1, 500]]);
    expect(await ceremonies.addProjects(ceremony.id, [other.project.id])).toEqual({
      ok: false,
      refusal: 'ceremonyHeld',
    });
  });
});

/**
 * Income-generating projects through a real server (SQLite): a project, its equipment lines and
 * funding shares made offline on one PC reach a colleague's PC to the centime, and two PCs
 * changing the same unit price both see both prices (a review field), never one silently lost.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  committeeDecisionDraftSchema,
  equipmentLineDraftSchema,
  fundingShareDraftSchema,
  incomeProjectDraftSchema,
  budgetCentimes,
} from '../../shared/agr/incomeProject';
import { createCaseFileRepository } from '../../renderer/db/caseFileRepository';
import { createIncomeProjectRepository, type ProjectWrite } from '../../renderer/db/incomeProjectRepository';
import { createCeremonyRepository } from '../../renderer/db/ceremonyRepository';
import { ceremonyDraftSchema, isHandedOver, receiptTotalCentimes, type ReceiptItem } from '../../shared/agr/ceremony';
import { findSyncRows } from '../../server/src/db';
import { walkTo } from '../../renderer/db/testCaseFile';
import { addClient, conflictsOf, startSyncWorld, type Client, type SyncWorld } from './syncHarness';

let world: SyncWorld;
beforeEach(async () => {
  world = await startSyncWorld();
});
afterEach(async () => {
  await world.close();
});

const projectsOf = (client: Client) =>
  createIncomeProjectRepository(client.db, () => new Date(client.now()), client.author);
const caseFilesOf = (client: Client) =>
  createCaseFileRepository(client.db, () => new Date(client.now()), client.author);
/** The row a project write added (undefined if refused: the test then fails on its use). */
const addedRow = async <T>(write: Promise<ProjectWrite<T>>): Promise<T | undefined> => {
  const result = await write;
  return result.ok ? result.value : undefined;
};
const fileOf = (client: Client, beneficiaryId: string) =>
  createCaseFileRepository(client.db, () => new Date(client.now())).load(beneficiaryId, false);

it('a project with its lines, shares and decision reaches another PC to the centime; a concurrent price change shows both', async () => {
  const writer = await addClient(world, 'ecrit');
  const reader = await addClient(world, 'lit');
  const coordination = await addClient(world, 'coordination', { role: 'coordinateur_centre' });
  const person = await writer.create({ firstNameLatin: 'Khadija' });
  // The committee decides from *validation* on: the counsellor takes the file there.
  await walkTo(caseFilesOf(writer), person.id, 'validation', writer.now());
  const project = await projectsOf(writer).create(
    person.id,
    incomeProjectDraftSchema.parse({
      title: 'Atelier de couture',
      sector: 'artisanat',
      sectorOther: '',
      activity: 'Retouches et confection',
      place: 'Derb Sultan',
      marketJustification: 'Demande locale',
    }),
  );
  if (!project) throw new Error('no project');
  const machine = await addedRow(
    projectsOf(writer).addLine(
      project.id,
      equipmentLineDraftSchema.parse({
        designation: 'Machine à coudre industrielle',
        quantity: 2,
        unitPriceCentimes: 1_234_507,
        supplier: 'Singer Maroc',
        serialNumber: '',
      }),
    ),
  );
  await projectsOf(writer).addLine(
    project.id,
    equipmentLineDraftSchema.parse({
      designation: 'Table de coupe',
      quantity: 1,
      unitPriceCentimes: 350_000,
      supplier: '',
      serialNumber: '',
    }),
  );
  for (const share of [
    { funder: 'fondation', partnerName: '', amountCentimes: 2_000_000 },
    { funder: 'partenaire', partnerName: 'Association Al Amal', amountCentimes: 819_014 },
  ])
    await projectsOf(writer).addShare(project.id, fundingShareDraftSchema.parse(share));
  // The coordination records the committee's decision, on its own PC, once the file reached it.
  expect(await writer.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0 });
  expect(await coordination.engine.run()).toMatchObject({ outcome: 'ok' });
  expect(
    await projectsOf(coordination).recordDecision(
      project.id,
      committeeDecisionDraftSchema(new Date().toISOString().slice(0, 10)).parse({
        committee: 'CPDH Casablanca',
        decisionDate: '2026-01-15',
        decisionReference: 'CPDH/2026/07',
        decision: 'approuve',
        amountGrantedCentimes: 2_819_014,
      }),
    ),
  ).toEqual({ ok: true });

  expect(await coordination.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0 });
  expect(await writer.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0 });
  expect(await reader.engine.run()).toMatchObject({ outcome: 'ok' });
  const received = await fileOf(reader, person.id);
  const sent = await fileOf(writer, person.id);
  expect(received?.incomeProjects).toEqual(sent?.incomeProjects);
  expect(received?.equipmentLines).toEqual(sent?.equipmentLines);
  expect(received?.fundingShares).toEqual(sent?.fundingShares);
  expect(budgetCentimes(received?.equipmentLines ?? [])).toBe(2_819_014);

  // Both change the machine's price offline: the second to sync sees both prices to review.
  await projectsOf(writer).updateLine(machine?.id ?? '', { unitPriceCentimes: 1_200_000 });
  await projectsOf(reader).updateLine(machine?.id ?? '', { unitPriceCentimes: 1_250_000 });
  expect(await writer.engine.run()).toMatchObject({ outcome: 'ok' });
  expect(await reader.engine.run()).toMatchObject({ outcome: 'ok' });
  expect(await writer.engine.run()).toMatchObject({ outcome: 'ok' });
  const conflicts = (await conflictsOf(reader.db)).filter((conflict) => conflict.field === 'unitPriceCentimes');
  expect(conflicts).toHaveLength(1);
  expect([conflicts[0]?.winningValue, conflicts[0]?.losingValue].sort()).toEqual([1_200_000, 1_250_000]);
  expect(await conflictsOf(writer.db)).toEqual(await conflictsOf(reader.db));
  writer.close();
  reader.close();
});

it('a signed receipt reaches the centre as signed, and the server refuses any change to it (a correction is a new version)', async () => {
  const coordinator = await addClient(world, 'coord', { role: 'coordinateur_centre' });
  const colleague = await addClient(world, 'collegue');
  const person = await coordinator.create({ firstNameLatin: 'Nadia', sex: 'F' });
  // Decided at *validation*, listed and signed at *remise*.
  await walkTo(caseFilesOf(coordinator), person.id, 'validation', coordinator.now());
  const projects = projectsOf(coordinator);
  const project = await projects.create(
    person.id,
    incomeProjectDraftSchema.parse({
      title: 'Snack',
      sector: 'restauration',
      sectorOther: '',
      activity: '',
      place: '',
      marketJustification: '',
    }),
  );
  if (!project) throw new Error('no project');
  await projects.addLine(
    project.id,
    equipmentLineDraftSchema.parse({
      designation: 'Four',
      quantity: 1,
      unitPriceCentimes: 1_500_000,
      supplier: '',
      serialNumber: '',
    }),
  );
  await projects.addShare(
    project.id,
    fundingShareDraftSchema.parse({ funder: 'indh', partnerName: '', amountCentimes: 1_500_000 }),
  );
  await projects.recordDecision(
    project.id,
    committeeDecisionDraftSchema('2026-11-28').parse({
      committee: 'CPDH',
      decisionDate: '2026-11-02',
      decisionReference: 'R-9',
      decision: 'approuve',
      amountGrantedCentimes: 1_500_000,
    }),
  );
  for (const to of ['miseEnOeuvre', 'remise'] as const)
    expect((await caseFilesOf(coordinator).move(person.id, { kind: 'forward', to })).ok).toBe(true);
  const ceremonies = createCeremonyRepository(coordinator.db, () => new Date(coordinator.now()), coordinator.author);
  const ceremony = await ceremonies.create(
    world.centreId,
    ceremonyDraftSchema.parse({
      date: '2026-12-10',
      place: 'Préfecture Al Fida-Mers Sultan',
      prefectureCode: '',
      presidingAuthority: '',
      partnersPresent: '',
    }),
  );
  await ceremonies.addProjects(ceremony.id, [project.id]);
  const png = 'data:image/png;base64,iVBORw0KGgo=';
  const items = (await coordinator.db.equipmentLines.where('projectId').equals(project.id).toArray()).map((line) => ({
    lineId: line.id,
    handoverStatus: 'remis' as const,
    handoverNote: '',
  }));
  const signed = await ceremonies.sign(
    project.id,
    {
      beneficiarySignatureKind: 'drawn',
      beneficiarySignature: png,
      counsellorSignature: png,
      counsellorName: 'Coordinatrice',
      signedOn: '2026-12-10',
    },
    items,
  );
  if (!signed.ok) throw new Error(signed.error);
  expect(await coordinator.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0 });
  expect(await colleague.engine.run()).toMatchObject({ outcome: 'ok' });
  expect(await colleague.db.handoverReceipts.get(signed.value.id)).toEqual(signed.value);
  expect((await createCeremonyRepository(colleague.db).load(ceremony.id))?.summary.totalCentimes).toBe(1_500_000);
  // The server holds the same receipt: its items give the same total, to the centime.
  const [stored] = await findSyncRows(world.database.db, 'handoverReceipts', [signed.value.id]);
  const serverItems = (JSON.parse(stored?.state ?? '{}') as { record: { items: ReceiptItem[] } }).record.items;
  expect(receiptTotalCentimes(serverItems.filter((item) => isHandedOver(item.handoverStatus)))).toBe(1_500_000);

  // A write around the repository (a modified client): refused by the server, queue not blocked.
  await colleague.db.transaction('rw', colleague.db.handoverReceipts, async () => {
    await colleague.db.handoverReceipts.update(signed.value.id, { items: [], projectTitle: 'Autre' });
  });
  await colleague.db.transaction('rw', colleague.db.handoverReceipts, async () => {
    await colleague.db.handoverReceipts.delete(signed.value.id);
  });
  const receipt = await colleague.engine.run();
  expect(receipt).toMatchObject({ outcome: 'ok', rejections: 3 });
  // A colleague who does not follow the file may not write its PV at all (the role comes first).
  expect((await colleague.db.rejections.toArray()).map((rejection) => rejection.reason)).toEqual([
    'role',
    'role',
    'role',
  ]);
  // The coordinator who signed it may not change it either: written once.
  expect(await coordinator.engine.run()).toMatchObject({ outcome: 'ok' });
  await coordinator.db.transaction('rw', coordinator.db.handoverReceipts, async () => {
    await coordinator.db.handoverReceipts.update(signed.value.id, { projectTitle: 'Autre' });
  });
  expect(await coordinator.engine.run()).toMatchObject({ outcome: 'ok', rejections: 1 });
  expect((await coordinator.db.rejections.toArray()).map((rejection) => rejection.reason)).toEqual(['immutable']);
  // The centre still holds the receipt as signed.
  const [kept] = await findSyncRows(world.database.db, 'handoverReceipts', [signed.value.id]);
  expect(JSON.parse(kept?.state ?? '{}')).toMatchObject({ record: { projectTitle: signed.value.projectTitle } });
  coordinator.close();
  colleague.close();
});

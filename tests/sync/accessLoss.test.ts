/**
 * A user who loses a centre or judicial access (docs/sync-protocol.md, "Losing access"): at the
 * next sync the PC removes what the user may no longer see — the rows of that centre, or the
 * detention records — with their bookkeeping, its list and search entries; an edit of a removed
 * row waiting at that sync is sent first, refused by the server and shown in *Rejets* with why,
 * and nothing else of its batch is lost. A real server on a SQLite file, PCs on fake-indexeddb.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsultationRepository } from '../../renderer/db/consultationRepository';
import { createCaseFileRepository } from '../../renderer/db/caseFileRepository';
import { createSyncEngine } from '../../renderer/sync/engine';
import { createBeneficiarySearch } from '../../renderer/db/search/beneficiarySearch';
import { loadRows } from '../../renderer/db/search/listSnapshot';
import { deleteJudicialHold, putJudicialHolds, setUserCentres, updateUser } from '../../server/src/db';
import { addClient, addOtherCentre, startSyncWorld, type Client, type SyncWorld } from './syncHarness';

let world: SyncWorld;
let otherCentre: string;
beforeEach(async () => {
  world = await startSyncWorld();
  otherCentre = await addOtherCentre(world);
});
afterEach(async () => {
  await world.close();
});

/** A detention record for a person, saved through the case file as a counsellor does. */
async function saveDetention(pc: Client, beneficiaryId: string, judicialNotes: string) {
  const saved = await createCaseFileRepository(pc.db, () => new Date(pc.now())).saveDetention(beneficiaryId, {
    establishment: 'Prison locale Oukacha',
    entryDate: '2019-06-01',
    sentenceMonths: 48,
    judicialNotes,
  });
  expect(saved).toBe(true);
}

async function cursorKeys(pc: Client): Promise<string[]> {
  return (await pc.db.syncMeta.where('key').startsWith('cursor:').primaryKeys()).map(String).sort();
}

describe('losing access', () => {
  it('a counsellor taken off a centre loses its rows at the next sync, list and search included; a waiting edit of one is refused', async () => {
    const amina = await addClient(world, 'amina', { centreIds: [world.centreId, otherCentre] });
    const badr = await addClient(world, 'badr', { centreIds: [otherCentre] });
    const kept = await amina.create({ lastNameLatin: 'Alaoui' });
    const leaving = await amina.create({ lastNameLatin: 'Mansouri', cin: 'MA123456' }, otherCentre);
    await saveDetention(amina, leaving.id, 'Vol qualifié');
    const colleagues = await badr.create({ lastNameLatin: 'Ouazzani' }, otherCentre);
    for (const pc of [amina, badr, amina]) expect(await pc.engine.run()).toMatchObject({ outcome: 'ok' });
    expect(await amina.db.beneficiaries.count()).toBe(3);
    expect(await cursorKeys(amina)).toContain(`cursor:${otherCentre}:beneficiaries`);

    const search = createBeneficiarySearch(amina.db, { snapshotDelayMs: 60_000 });
    await search.ready;
    expect(search.search('Mansouri').map((row) => row.id)).toEqual([leaving.id]);
    expect(await search.flushSnapshot()).toBe(true);

    await setUserCentres(world.database.db, amina.userId, [world.centreId]);
    // Both edits wait in one batch: the one of the centre taken away is refused, the other applied.
    await amina.edit(leaving.id, { phone: '+212600000077' });
    await amina.edit(kept.id, { firstNameLatin: 'Asmae' });
    const receipt = await amina.engine.run();
    expect(receipt).toMatchObject({ outcome: 'ok', rejections: 1, removedRows: { centre: 3, restricted: 0 } });

    expect((await amina.rows()).map((row) => row.id)).toEqual([kept.id]);
    expect(await amina.db.beneficiaries.get(kept.id)).toMatchObject({ firstNameLatin: 'Asmae' });
    expect(await amina.db.detentionRecords.count()).toBe(0);
    expect(
      await amina.db.rowMeta.where('[scope+table]').between([otherCentre, ''], [otherCentre, '\uffff']).count(),
    ).toBe(0);
    for (const id of [leaving.id, colleagues.id])
      expect(await amina.db.rowMeta.get(['beneficiaries', id])).toBeUndefined();
    expect((await cursorKeys(amina)).filter((key) => key.includes(otherCentre))).toEqual([]);
    expect(await amina.db.outbox.count()).toBe(0);
    // The list and the search no longer have them, and the list's snapshot is not trusted with them.
    await search.flushSnapshot();
    expect(search.search('Mansouri')).toEqual([]);
    expect(search.all().map((row) => row.id)).toEqual([kept.id]);
    expect((await loadRows(amina.db)).rows.map((row) => row.id)).toEqual([kept.id]);
    search.close();

    // The refused edit is shown with why; it cannot be sent again, only dismissed.
    const [rejection] = await amina.engine.readRejections();
    expect(rejection).toMatchObject({
      table: 'beneficiaries',
      rowId: leaving.id,
      field: 'phone',
      reason: 'forbidden',
      accessLost: true,
      // Not judicial data: the value typed stays in the notice, so it can be handed over.
      value: '+212600000077',
    });
    await amina.engine.discardRejection(rejection?.id ?? -1);
    expect(await amina.engine.readRejections()).toEqual([]);

    // The server kept the centre's rows, the accepted edit, and not the refused one.
    const colleague = await badr.engine.run();
    expect(colleague.outcome).toBe('ok');
    expect(await badr.db.beneficiaries.get(leaving.id)).toMatchObject({ lastNameLatin: 'Mansouri', phone: '' });
    // Nothing comes back at the next sync.
    expect(await amina.engine.run()).toMatchObject({ outcome: 'ok', receivedRows: 0 });
    expect(await amina.db.beneficiaries.count()).toBe(1);
  });

  it('a counsellor who becomes regional coordinator loses the detention records, keeps the rest; the judicial value refused is not kept', async () => {
    const amina = await addClient(world, 'amina');
    const first = await amina.create({ lastNameLatin: 'Alaoui' });
    const second = await amina.create({ lastNameLatin: 'Bennani' });
    await saveDetention(amina, first.id, 'Condamnation pour vol');
    await saveDetention(amina, second.id, 'Récidive');
    expect(await amina.engine.run()).toMatchObject({ outcome: 'ok' });

    await updateUser(world.database.db, amina.userId, { role: 'coordinateur_regional' });
    await saveDetention(amina, first.id, 'Note ajoutée hors ligne');
    await amina.edit(second.id, { phone: '+212600000011' });

    // Offline (the push cannot reach the server): nothing is removed, the edit waits.
    world.proxy.setFallback(() => ({ kind: 'dropRequest' }));
    expect(await amina.engine.run()).toMatchObject({ outcome: 'failed' });
    expect(await amina.db.detentionRecords.count()).toBe(2);
    expect(await amina.db.outbox.count()).toBeGreaterThan(0);
    world.proxy.setFallback(() => ({ kind: 'pass' }));

    const receipt = await amina.engine.run();
    expect(receipt).toMatchObject({ outcome: 'ok', removedRows: { centre: 0, restricted: 2 } });
    expect(receipt.rejections).toBeGreaterThan(0);
    expect(await amina.db.detentionRecords.count()).toBe(0);
    expect((await amina.rows()).map((row) => row.id).sort()).toEqual([first.id, second.id].sort());
    expect(await amina.db.beneficiaries.get(second.id)).toMatchObject({ phone: '+212600000011' });
    expect((await cursorKeys(amina)).filter((key) => key.endsWith(':detentionRecords'))).toEqual([]);
    expect(
      await amina.db.rowMeta
        .where('[table+rowId]')
        .between(['detentionRecords', ''], ['detentionRecords', '\uffff'])
        .count(),
    ).toBe(0);

    const rejections = await amina.engine.readRejections();
    expect(rejections.length).toBe(receipt.rejections);
    for (const rejection of rejections)
      expect(rejection).toMatchObject({
        table: 'detentionRecords',
        rowId: first.id,
        reason: 'forbidden',
        accessLost: true,
        value: null,
      });
    // Named by its person, who stays on the PC (the record's id is the person's).
    for (const rejection of rejections) expect(rejection.recordLabel).toMatch(/^Alaoui\b/);
    expect(JSON.stringify(await amina.db.rejections.toArray())).not.toContain('Note ajoutée');
    expect(JSON.stringify(await amina.db.rejections.toArray())).not.toContain('Oukacha');

    // The server kept the records as they were; the beneficiary edit of the same batch was applied.
    const coordinator = await addClient(world, 'chaima');
    expect(await coordinator.engine.run()).toMatchObject({ outcome: 'ok' });
    expect(await coordinator.db.detentionRecords.get(first.id)).toMatchObject({
      judicialNotes: 'Condamnation pour vol',
    });
    expect(await coordinator.db.beneficiaries.get(second.id)).toMatchObject({ phone: '+212600000011' });
  });

  it('a counsellor put under judicial hold loses the detention records, and gets them back whole once it is lifted', async () => {
    const amina = await addClient(world, 'amina');
    const person = await amina.create({ lastNameLatin: 'Alaoui' });
    await saveDetention(amina, person.id, 'Condamnation pour vol');
    // She opened the file: its detention record was shown, and that is recorded.
    expect(await createConsultationRepository(amina.db, undefined, amina.author).record(person.id, 'detention')).toBe(
      true,
    );
    expect(await amina.engine.run()).toMatchObject({ outcome: 'ok', rejections: 0 });

    // E.g. her password reset by an administrator, who has no judicial access (issue 14).
    await putJudicialHolds(world.database.db, amina.userId, [world.centreId], {
      heldAt: new Date().toISOString(),
      heldByUserId: amina.userId,
      reason: 'password-reset',
    });
    expect(await amina.engine.run()).toMatchObject({ outcome: 'ok', removedRows: { centre: 0, restricted: 1 } });
    expect(await amina.db.detentionRecords.count()).toBe(0);
    // The consultation goes too (restricted like the data it is about), but is no record of hers to count.
    expect(await amina.db.consultations.count()).toBe(0);
    expect(await amina.db.beneficiaries.count()).toBe(1);

    await deleteJudicialHold(world.database.db, amina.userId, world.centreId);
    // The detention record and its consultation.
    expect(await amina.engine.run()).toMatchObject({ outcome: 'ok', receivedRows: 2 });
    expect(await amina.db.detentionRecords.get(person.id)).toMatchObject({ judicialNotes: 'Condamnation pour vol' });
    expect(await amina.db.consultations.count()).toBe(1);
  });

  it('keeps a row whose edit was made during the sync, and removes it at the next one', async () => {
    const amina = await addClient(world, 'amina');
    const person = await amina.create({ lastNameLatin: 'Alaoui' });
    await saveDetention(amina, person.id, 'Première note');
    expect(await amina.engine.run()).toMatchObject({ outcome: 'ok' });
    await updateUser(world.database.db, amina.userId, { role: 'coordinateur_regional' });

    // The edit is saved after the push went, while the pull is on its way.
    let isEdited = false;
    const engine = createSyncEngine({
      db: amina.db,
      transport: {
        push: (body) => amina.transport.push(body),
        pull: async (body) => {
          if (!isEdited) {
            isEdited = true;
            await saveDetention(amina, person.id, 'Saisie pendant la synchronisation');
          }
          return amina.transport.pull(body);
        },
      },
      userId: amina.userId,
      replicaId: amina.replicaId,
      appVersion: '0.0.0-test',
      now: amina.now,
    });
    const during = await engine.run();
    expect(during).toMatchObject({ outcome: 'ok', rejections: 0 });
    expect(during.removedRows).toBeUndefined();
    expect(await amina.db.detentionRecords.get(person.id)).toMatchObject({
      judicialNotes: 'Saisie pendant la synchronisation',
    });
    // Its fields wait (the note and the record's updatedAt).
    const waiting = await amina.db.outbox.count();
    expect(waiting).toBe(2);

    const next = await amina.engine.run();
    expect(next).toMatchObject({ outcome: 'ok', rejections: waiting, removedRows: { centre: 0, restricted: 1 } });
    expect(await amina.db.detentionRecords.count()).toBe(0);
    expect((await amina.engine.readRejections()).map((rejection) => [rejection.field, rejection.value])).toEqual(
      expect.arrayContaining([['judicialNotes', null]]),
    );
    for (const rejection of await amina.engine.readRejections())
      expect(rejection).toMatchObject({
        table: 'detentionRecords',
        reason: 'forbidden',
        accessLost: true,
        value: null,
      });
  });
});

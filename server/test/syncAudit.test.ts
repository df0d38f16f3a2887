/**
 * What the sync routes write to the audit chain (server/src/audit/syncAudit.ts), on SQLite and
 * PostgreSQL: who changed which field of which row at each push batch (ids and field names, never
 * a value), each consultation of judicial data a PC recorded, and which judicial rows each pull
 * sent to whom.
 */
import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids/uuidv7';
import { consultationSync, detentionRecordSync } from '../../shared/sync/entities';
import type { JsonValue } from '../../shared/sync/merge';
import { listAuditEvents, searchAuditEntries, verifyAuditChain } from '../src/db';
import type { AuditRow, MasarDatabase } from '../src/db';
import { buildAccountsServer, seedCentre, seedUser, signIn } from './support/accounts';
import type { TestUser } from './support/accounts';
import { pushBody, SyncClient } from './support/sync';
import type { OpDraft } from './support/sync';
import { engines } from './support/testDatabase';

const secretEstablishment = 'Prison locale Oukacha';
const secretName = 'Benali';

function onTable(table: string, ops: readonly OpDraft[]): OpDraft[] {
  return ops.map((op) => ({ ...op, table }));
}

function rowOps(client: SyncClient, table: string, rowId: string, fields: Record<string, JsonValue>): OpDraft[] {
  return onTable(
    table,
    Object.entries(fields).map(([field, value]) => client.set(rowId, field, value)),
  );
}

function detention(client: SyncClient, personId: string, centreId: string): OpDraft[] {
  return rowOps(client, detentionRecordSync.table, personId, {
    centreId,
    beneficiaryId: personId,
    establishment: secretEstablishment,
    entryDate: '2019-06-01',
    sentenceMonths: 48,
    judicialNotes: 'Condamnation pour vol',
    updatedAt: '2025-03-10T08:00:00.000Z',
  });
}

function consultation(client: SyncClient, id: string, personId: string, centreId: string): OpDraft[] {
  return rowOps(client, consultationSync.table, id, {
    centreId,
    beneficiaryId: personId,
    userId: client.userId,
    what: 'detention',
    viewedAt: '2025-03-10T08:30:00.000Z',
  });
}

async function eventsOf(database: MasarDatabase, type: string): Promise<(AuditRow & { details: unknown })[]> {
  return (await listAuditEvents(database.db))
    .filter((event) => event.type === type)
    .map((event) => ({ ...event, details: JSON.parse(event.detail) as unknown }));
}

describe.each(engines)('sync audit on %s', (engine) => {
  async function setup() {
    const server = await buildAccountsServer(engine);
    const { app, database, clock } = server;
    const centre = await seedCentre(database, 'CAPC-A', 'CSE');
    const users = {
      amina: await seedUser(database, { username: 'amina', role: 'conseiller', centreIds: [centre.id] }),
      brahim: await seedUser(database, { username: 'brahim', role: 'conseiller', centreIds: [centre.id] }),
      rachid: await seedUser(database, {
        username: 'rachid',
        role: 'coordinateur_regional',
        centreIds: [centre.id],
      }),
    };
    const client = async (user: TestUser) => new SyncClient(app, await signIn(app, user), user.id, clock);
    return { ...server, centre, users, client };
  }

  it('records who changed which field of which row, once per batch, without the values', async () => {
    const { database, centre, users, client } = await setup();
    const amina = await client(users.amina);
    const personId = newId();
    const creation = [
      ...amina.create(personId, centre.id, { lastNameLatin: secretName }),
      ...detention(amina, personId, centre.id),
    ];
    await amina.push(creation);

    const [push] = await eventsOf(database, 'sync-push');
    expect(push).toMatchObject({ outcome: 'ok', actorUserId: users.amina.id, deviceId: amina.session.deviceId });
    expect(push?.details).toMatchObject({ ops: creation.length, fromSeq: 1, toSeq: creation.length });
    expect((push?.details as { rows: unknown[] }).rows).toEqual([
      {
        table: 'beneficiaries',
        rowId: personId,
        centreId: centre.id,
        fields: creation.filter((op) => op.table === 'beneficiaries').map((op) => (op.kind === 'set' ? op.field : '')),
      },
      {
        table: 'detentionRecords',
        rowId: personId,
        centreId: centre.id,
        fields: [
          'centreId',
          'beneficiaryId',
          'establishment',
          'entryDate',
          'sentenceMonths',
          'judicialNotes',
          'updatedAt',
        ],
      },
    ]);
    expect(push?.detail).not.toContain(secretName);
    expect(push?.detail).not.toContain(secretEstablishment);
    // Found by its person.
    const found = await searchAuditEntries(database.db, { beneficiaryIds: [personId], limit: 10 });
    expect(found.map((entry) => entry.type)).toEqual(['sync-push']);

    // An edit and a delete: the field, and the tombstone.
    await amina.push([amina.set(personId, 'cin', 'BK998877'), amina.delete(personId)]);
    const [, second] = await eventsOf(database, 'sync-push');
    expect((second?.details as { rows: unknown[] }).rows).toEqual([
      { table: 'beneficiaries', rowId: personId, centreId: centre.id, fields: ['cin'], deleted: true },
    ]);
    expect(second?.detail).not.toContain('BK998877');
  });

  it('writes nothing more for a retried batch, nor for a batch whose ops were all refused', async () => {
    const { database, centre, users, client } = await setup();
    const amina = await client(users.amina);
    const personId = newId();
    const body = pushBody(amina.create(personId, centre.id), { outboxId: amina.outboxId, fromSeq: 1 });
    for (let attempt = 0; attempt < 2; attempt++) expect((await amina.pushRaw(body)).statusCode).toBe(200);
    expect(await eventsOf(database, 'sync-push')).toHaveLength(1);

    // A regional coordinator may not write detention records: refused, audited as forbidden only.
    const rachid = await client(users.rachid);
    await rachid.push(detention(rachid, personId, centre.id));
    expect(await eventsOf(database, 'sync-push')).toHaveLength(1);
    expect(await eventsOf(database, 'sync-forbidden')).toHaveLength(1);
  });

  it('records each consultation a PC pushes, once, by the user who pushed it', async () => {
    const { database, centre, users, client } = await setup();
    const amina = await client(users.amina);
    const personId = newId();
    await amina.push([...amina.create(personId, centre.id), ...detention(amina, personId, centre.id)]);
    const consultationId = newId();
    // The row's fields over two batches: the entry comes with the batch that completes it.
    const ops = consultation(amina, consultationId, personId, centre.id);
    await amina.push(ops.slice(0, 2));
    expect(await eventsOf(database, 'consultation')).toEqual([]);
    await amina.push(ops.slice(2));
    const [entry] = await eventsOf(database, 'consultation');
    expect(entry).toMatchObject({ outcome: 'ok', actorUserId: users.amina.id, deviceId: amina.session.deviceId });
    expect(entry?.details).toEqual({
      consultationId,
      centreId: centre.id,
      what: 'detention',
      viewedAt: '2025-03-10T08:30:00.000Z',
    });
    const found = await searchAuditEntries(database.db, {
      beneficiaryIds: [personId],
      types: { in: ['consultation'] },
      limit: 5,
    });
    expect(found.map((item) => item.beneficiaryIds)).toEqual([[personId]]);

    // Written once: a change is refused, and no second entry appears.
    const answer = await amina.push(
      onTable(consultationSync.table, [amina.set(consultationId, 'what', 'detentionConflict')]),
    );
    expect(answer.rejections.map((rejection) => rejection.reason)).toEqual(['immutable']);
    expect(await eventsOf(database, 'consultation')).toHaveLength(1);
  });

  it('records the judicial rows each pull sends, to whom, and nothing for a role that gets none', async () => {
    const { database, centre, users, client } = await setup();
    const amina = await client(users.amina);
    const personId = newId();
    const consultationId = newId();
    await amina.push([
      ...amina.create(personId, centre.id, { lastNameLatin: secretName }),
      ...detention(amina, personId, centre.id),
      ...consultation(amina, consultationId, personId, centre.id),
    ]);

    const brahim = await client(users.brahim);
    await brahim.pullAll();
    const pulls = await eventsOf(database, 'sync-pull-judicial');
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ actorUserId: users.brahim.id, deviceId: brahim.session.deviceId });
    expect(pulls[0]?.details).toEqual({
      rows: [
        { table: 'detentionRecords', centreId: centre.id, ids: [personId] },
        { table: 'consultations', centreId: centre.id, ids: [consultationId] },
      ],
      count: 2,
    });
    expect(pulls[0]?.detail).not.toContain(secretEstablishment);
    const byPerson = await searchAuditEntries(database.db, {
      beneficiaryIds: [personId],
      types: { in: ['sync-pull-judicial'] },
      limit: 5,
    });
    expect(byPerson).toHaveLength(1);

    // Nothing new: no entry. A regional coordinator receives no judicial row: no entry either.
    await brahim.pullAll();
    const rachid = await client(users.rachid);
    await rachid.pullAll();
    expect(await eventsOf(database, 'sync-pull-judicial')).toHaveLength(1);
    expect(await verifyAuditChain(database.db)).toMatchObject({ isIntact: true });
  });
});

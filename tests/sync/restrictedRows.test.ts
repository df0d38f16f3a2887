/**
 * Restricted rows (docs/sync-protocol.md, "Restricted rows"): detention records reach the
 * counsellors and centre coordinators of their centre only. A regional coordinator or an
 * administrator serving the centre receives its beneficiaries but never a detention record (no
 * page, no digest, cursors ignored), and their pushes on one are refused without touching it.
 * A real server on SQLite and on PostgreSQL, through the route tests' fixtures (server/test/support).
 */
import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids/uuidv7';
import { digestOf } from '../../shared/sync/digest';
import { accessOf, syncedEntities } from '../../shared/sync/entities';
import type { PullResponse } from '../../shared/sync/protocol';
import { listAuditEvents } from '../../server/src/db';
import { buildAccountsServer, seedCentre, seedUser, signIn } from '../../server/test/support/accounts';
import type { TestUser } from '../../server/test/support/accounts';
import { countRows, SyncClient, table as beneficiaries } from '../../server/test/support/sync';
import { engines } from '../../server/test/support/testDatabase';
import { createDetention, detentionRecords, onDetention, secretEstablishment, secretNotes } from './detentionRecords';

/** The tables every role serving a centre receives. */
const ordinaryTables = syncedEntities.filter((entity) => accessOf(entity) === 'centre').map((entity) => entity.table);

function tablesOf(response: PullResponse, scope: string): { pages: string[]; digests: string[] } {
  return {
    pages: response.pages.filter((page) => page.scope === scope).map((page) => page.table),
    digests: response.digests.filter((digest) => digest.scope === scope).map((digest) => digest.table),
  };
}

describe.each(engines)('restricted rows on %s', (engine) => {
  /**
   * Centre A with two counsellors, its coordinator, a regional coordinator and an administrator;
   * centre B with its counsellor. Amina (A) has pushed a beneficiary and its detention record.
   */
  async function setup() {
    const server = await buildAccountsServer(engine);
    const { app, database, clock } = server;
    const centreA = await seedCentre(database, 'CAPC-A', 'CSE');
    const centreB = await seedCentre(database, 'CAPC-B', 'CSE');
    const users = {
      amina: await seedUser(database, { username: 'amina', role: 'conseiller', centreIds: [centreA.id] }),
      brahim: await seedUser(database, { username: 'brahim', role: 'conseiller', centreIds: [centreA.id] }),
      chaima: await seedUser(database, { username: 'chaima', role: 'coordinateur_centre', centreIds: [centreA.id] }),
      rachid: await seedUser(database, {
        username: 'rachid',
        role: 'coordinateur_regional',
        centreIds: [centreA.id, centreB.id],
      }),
      admin: await seedUser(database, { username: 'admin', role: 'administrateur', centreIds: [centreA.id] }),
      badr: await seedUser(database, { username: 'badr', role: 'conseiller', centreIds: [centreB.id] }),
    };
    const client = async (user: TestUser) => new SyncClient(app, await signIn(app, user), user.id, clock);
    const amina = await client(users.amina);
    const personId = newId();
    const answer = await amina.push([
      ...amina.create(personId, centreA.id, { lastNameLatin: 'Benali' }),
      ...createDetention(amina, personId, centreA.id),
    ]);
    expect(answer.rejections).toEqual([]);
    return { ...server, centreA, centreB, users, client, amina, personId };
  }

  it('a counsellor pushes a detention record and another counsellor of the centre pulls it with the beneficiary', async () => {
    const { centreA, users, client, personId } = await setup();
    for (const user of [users.brahim, users.chaima]) {
      const pc = await client(user);
      const pulled = await pc.pullAll();
      expect(tablesOf(pulled, centreA.id)).toEqual({
        pages: [beneficiaries, detentionRecords],
        digests: syncedEntities.map((entity) => entity.table),
      });
      const [beneficiary, detention] = pulled.pages.map((page) => page.rows.map((row) => row.id));
      expect(beneficiary).toEqual([personId]);
      expect(detention).toEqual([personId]);
      const detentionPage = pulled.pages.find((page) => page.table === detentionRecords);
      expect(detentionPage?.rows[0]?.record).toMatchObject({
        centreId: centreA.id,
        beneficiaryId: personId,
        establishment: secretEstablishment,
        sentenceMonths: 48,
        judicialNotes: secretNotes,
      });
      // The digest matches what the PC received.
      const digest = pulled.digests.find((item) => item.table === detentionRecords);
      expect(digest).toEqual({
        scope: centreA.id,
        table: detentionRecords,
        ...digestOf([{ id: personId, seq: detentionPage?.rows[0]?.seq ?? -1 }]),
      });
    }
  });

  it('a regional coordinator and an administrator serving the centre pull the beneficiary, never the detention record', async () => {
    const { centreA, users, client, personId } = await setup();
    for (const user of [users.rachid, users.admin]) {
      const pc = await client(user);
      const pulled = await pc.pullAll();
      expect(tablesOf(pulled, centreA.id)).toEqual({ pages: [beneficiaries], digests: ordinaryTables });
      expect(pulled.pages.find((page) => page.scope === centreA.id)?.rows.map((row) => row.id)).toEqual([personId]);
      expect(pulled.digests.map((digest) => digest.table)).not.toContain(detentionRecords);
      expect(pulled.pages.map((page) => page.table)).not.toContain(detentionRecords);
      const text = JSON.stringify(pulled);
      expect(text).not.toContain(secretEstablishment);
      expect(text).not.toContain(secretNotes);

      // A cursor on the restricted table is ignored: at 0, behind or ahead of the centre's
      // sequence (which would otherwise ask for a resync), it brings nothing.
      for (const seq of [0, 1, 1000]) {
        pc.cursors.clear();
        pc.cursors.set(`${centreA.id}/${detentionRecords}`, seq);
        const again = await pc.pullAll();
        expect(again.pages.map((page) => page.table)).not.toContain(detentionRecords);
        expect(again.digests.map((digest) => digest.table)).not.toContain(detentionRecords);
        expect(JSON.stringify(again)).not.toContain(secretEstablishment);
      }
    }
  });

  it("refuses an administrator's and a regional coordinator's ops on a detention record, stores nothing, keeps the queue moving", async () => {
    const { centreA, users, client, amina, personId, database } = await setup();
    const before = await database.db
      .selectFrom('sync_rows')
      .select(['seq', 'state'])
      .where('table_name', '=', detentionRecords)
      .where('row_id', '=', personId)
      .executeTakeFirstOrThrow();

    const admin = await client(users.admin);
    await admin.pullAll();
    const newRecord = newId();
    const answer = await admin.push([
      onDetention(admin.set(personId, 'establishment', 'Modifié par le siège')),
      {
        kind: 'delete',
        table: detentionRecords,
        rowId: personId,
        hlc: admin.stamp(),
        baseVersion: null,
        seenVersions: {},
      },
      ...createDetention(admin, newRecord, centreA.id, { beneficiaryId: personId }),
      // The same batch's ordinary op after the refused ones is applied: the queue never blocks.
      admin.set(personId, 'firstNameLatin', 'Aicha', { baseVersion: admin.version(personId, 'firstNameLatin') }),
    ]);
    expect(answer.ackSeq).toBe(admin.nextSeq - 1);
    expect(answer.rejections.filter((rejection) => rejection.table === detentionRecords)).toHaveLength(9);
    expect(new Set(answer.rejections.map((rejection) => `${rejection.table} ${rejection.reason}`))).toEqual(
      new Set([`${detentionRecords} forbidden`]),
    );

    const rachid = await client(users.rachid);
    const refused = await rachid.push([onDetention(rachid.set(personId, 'sentenceMonths', 12))]);
    expect(refused.rejections).toEqual([
      { seq: 1, table: detentionRecords, rowId: personId, field: 'sentenceMonths', reason: 'forbidden' },
    ]);

    // Nothing of it stored: the record as it was, no new record, no op logged for it.
    const after = await database.db
      .selectFrom('sync_rows')
      .select(['seq', 'state'])
      .where('table_name', '=', detentionRecords)
      .execute();
    expect(after).toEqual([before]);
    const logged = await database.db
      .selectFrom('sync_op_log')
      .select('row_id')
      .where('table_name', '=', detentionRecords)
      .execute();
    expect(logged).toHaveLength(7);

    // The counsellor's next pull shows the original record (and the accepted beneficiary edit).
    const pulled = await amina.pullAll();
    expect(tablesOf(pulled, centreA.id).pages).toEqual([beneficiaries, detentionRecords]);
    // (SyncClient keeps rows by id, and the record shares its person's id: read the pages.)
    const person = pulled.pages.find((page) => page.table === beneficiaries)?.rows[0];
    expect(person?.record).toMatchObject({ lastNameLatin: 'Benali', firstNameLatin: 'Aicha' });
    const detention = pulled.pages.find((page) => page.table === detentionRecords)?.rows[0];
    expect(detention).toMatchObject({ id: personId, seq: before.seq, deleted: false });
    expect(detention?.record).toMatchObject({ establishment: secretEstablishment, sentenceMonths: 48 });
    expect(await countRows(database, 'sync_rows')).toBe(2);

    // Audited like any forbidden write: once per row, ids and the access class, never values.
    const events = (await listAuditEvents(database.db)).filter((event) => event.type === 'sync-forbidden');
    const audited = events.map((event) => ({
      actor: event.actorUserId,
      detail: JSON.parse(event.detail) as Record<string, unknown>,
    }));
    expect(audited).toHaveLength(3);
    expect(audited).toEqual(
      expect.arrayContaining([
        {
          actor: users.admin.id,
          detail: expect.objectContaining({
            table: detentionRecords,
            rowId: personId,
            centreId: centreA.id,
            access: 'judicial',
            ops: 2,
          }) as unknown,
        },
        {
          actor: users.admin.id,
          detail: expect.objectContaining({ table: detentionRecords, rowId: newRecord, ops: 7 }) as unknown,
        },
        {
          actor: users.rachid.id,
          detail: expect.objectContaining({ table: detentionRecords, rowId: personId, ops: 1 }) as unknown,
        },
      ]),
    );
    for (const event of events) expect(event.detail).not.toContain('Modifié');
  });

  it('a counsellor of another centre gets nothing of the centre, detention record or beneficiary', async () => {
    const { centreA, centreB, users, client, personId } = await setup();
    const badr = await client(users.badr);
    for (const table of [beneficiaries, detentionRecords]) badr.cursors.set(`${centreA.id}/${table}`, 0);
    const pulled = await badr.pullAll();
    expect(pulled.scopes.map((scope) => scope.id)).toEqual([centreB.id]);
    expect(pulled.pages).toEqual([]);
    expect(pulled.digests.map((digest) => digest.scope)).toEqual(syncedEntities.map(() => centreB.id));
    const text = JSON.stringify(pulled);
    expect(text).not.toContain(personId);
    expect(text).not.toContain(secretEstablishment);

    // Nor may it write there.
    const answer = await badr.push([onDetention(badr.set(personId, 'judicialNotes', 'x'))]);
    expect(answer.rejections.map((rejection) => rejection.reason)).toEqual(['forbidden']);
  });
});

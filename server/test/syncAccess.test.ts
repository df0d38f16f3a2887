import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids/uuidv7';
import { listAuditEvents } from '../src/db';
import { buildAccountsServer, call, seedCentre, seedUser, signIn } from './support/accounts';
import type { TestUser } from './support/accounts';
import { expectApiError } from './support/http';
import { pullBody, SyncClient, table } from './support/sync';
import { engines } from './support/testDatabase';

describe.each(engines)('sync access on %s', (engine) => {
  /** Centre A's counsellor, and a row of centre B written by B's counsellor. */
  async function setup() {
    const server = await buildAccountsServer(engine);
    const { app, database, clock } = server;
    const centreA = await seedCentre(database, 'CAPC-A');
    const centreB = await seedCentre(database, 'CAPC-B');
    const users = {
      amina: await seedUser(database, { username: 'amina', role: 'conseiller', centreIds: [centreA.id] }),
      badr: await seedUser(database, { username: 'badr', role: 'conseiller', centreIds: [centreB.id] }),
      admin: await seedUser(database, { username: 'admin', role: 'administrateur' }),
    };
    const client = async (user: TestUser) => new SyncClient(app, await signIn(app, user), user.id, clock);
    const badr = await client(users.badr);
    const rowOfB = newId();
    await badr.push(badr.create(rowOfB, centreB.id, { lastNameLatin: 'Secret' }));
    return { ...server, centreA, centreB, users, client, badr, rowOfB };
  }

  it("never returns another centre's rows, whatever cursor is sent", async () => {
    const { centreB, users, client } = await setup();
    const amina = await client(users.amina);
    for (const seq of [0, 1, 1000]) {
      amina.cursors.clear();
      amina.cursors.set(`${centreB.id}/${table}`, seq);
      const response = await amina.pullOnce();
      expect(response.pages).toEqual([]);
      expect(response.scopes.map((scope) => scope.code)).toEqual(['CAPC-A']);
      expect(response.digests.map((digest) => digest.scope)).not.toContain(centreB.id);
      expect(JSON.stringify(response)).not.toContain('Secret');
    }
  });

  it("refuses, op by op, a push to another centre's row named by its id, and audits it", async () => {
    const { users, client, database, badr, rowOfB, centreB } = await setup();
    const amina = await client(users.amina);
    const answer = await amina.push([amina.set(rowOfB, 'lastNameLatin', 'Hacked'), { ...amina.delete(rowOfB) }]);
    expect(answer.rejections.map((rejection) => rejection.reason)).toEqual(['forbidden', 'forbidden']);

    await badr.pullAll();
    expect(badr.rows.get(rowOfB)).toMatchObject({ deleted: false, record: { lastNameLatin: 'Secret' } });
    const events = (await listAuditEvents(database.db)).filter((event) => event.type === 'sync-forbidden');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      outcome: 'forbidden',
      actorUserId: users.amina.id,
      deviceId: amina.session.deviceId,
    });
    const detail = JSON.parse(events[0]?.detail ?? '{}') as Record<string, unknown>;
    expect(detail).toMatchObject({ table, rowId: rowOfB, centreId: centreB.id, ops: 2 });
    expect(events[0]?.detail).not.toContain('Hacked');
  });

  it('refuses a new row whose centre the user does not serve, and audits it', async () => {
    const { users, client, database, centreA, centreB } = await setup();
    const amina = await client(users.amina);
    const intruder = newId();
    const own = newId();
    const answer = await amina.push([...amina.create(intruder, centreB.id), ...amina.create(own, centreA.id)]);
    expect(answer.rejections).toHaveLength(11);
    expect(new Set(answer.rejections.map((rejection) => [rejection.rowId, rejection.reason].join(' ')))).toEqual(
      new Set([`${intruder} forbidden`]),
    );

    const rows = await database.db.selectFrom('sync_rows').select(['row_id', 'scope_id']).execute();
    expect(rows.map((row) => row.row_id)).not.toContain(intruder);
    expect(rows).toContainEqual({ row_id: own, scope_id: centreA.id });
    const events = (await listAuditEvents(database.db)).filter((event) => event.type === 'sync-forbidden');
    expect(events.map((event) => JSON.parse(event.detail) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ rowId: intruder, centreId: centreB.id, ops: 11 }),
    ]);
  });

  it('refuses a new row in a centre that does not exist, even for an administrator', async () => {
    const { users, client, database } = await setup();
    const admin = await client(users.admin);
    const rowId = newId();
    const answer = await admin.push(admin.create(rowId, newId()));
    expect(answer.rejections[0]).toMatchObject({
      field: 'centreId',
      reason: 'invalid-value',
      messageKey: 'errors.centreUnknown',
    });
    // The row's other ops: placed in no centre, refused like a row of another centre.
    expect(answer.rejections.slice(1).every((rejection) => rejection.reason === 'forbidden')).toBe(true);
    expect(await database.db.selectFrom('sync_rows').select('row_id').where('row_id', '=', rowId).execute()).toEqual(
      [],
    );
  });

  it('refuses the next sync of a revoked PC', async () => {
    const { app, users, client, centreA } = await setup();
    const amina = await client(users.amina);
    await amina.push(amina.create(newId(), centreA.id));
    const admin = await signIn(app, users.admin);
    expect((await call(app, 'revokeDevice', admin, { id: amina.session.deviceId })).statusCode).toBe(200);

    expectApiError(await amina.pushRaw({}), 403, 'device-revoked');
    expectApiError(await call(app, 'syncPull', amina.session, { body: pullBody([]) }), 403, 'device-revoked');
  });

  it('refuses the next sync of a disabled user', async () => {
    const { app, users, client, centreA } = await setup();
    const amina = await client(users.amina);
    await amina.push(amina.create(newId(), centreA.id));
    const admin = await signIn(app, users.admin);
    expect((await call(app, 'disableUser', admin, { id: users.amina.id })).statusCode).toBe(200);

    expectApiError(await call(app, 'syncPull', amina.session, { body: pullBody([]) }), 401, 'unauthenticated');
    expectApiError(await amina.pushRaw({}), 401, 'unauthenticated');
  });

  it('answers an anonymous caller 401 before reading the body', async () => {
    const { app } = await setup();
    expectApiError(await call(app, 'syncPush', {}, { body: { not: 'a push' } }), 401, 'unauthenticated');
  });
});

/**
 * No way around the judicial restriction (issue 14, point 4): a regional coordinator or an
 * administrator has no judicial access, but may create or reset a counsellor's account and is
 * handed its one-time password. Signing in with it must not reach the detention records: an account
 * given a judicial role by someone without judicial access in the centre is on **judicial hold**
 * there — no restricted row pulled, every restricted op refused `forbidden` — until a centre
 * coordinator of that centre with judicial access confirms it (or, while the centre has none, an
 * administrator other than the holder). A real server on SQLite and on PostgreSQL, through the route
 * tests' fixtures, as `restrictedRows.test.ts`.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { meResponseSchema, userSummarySchema } from '../../shared/auth/schemas';
import { newId } from '../../shared/ids/uuidv7';
import type { PullResponse } from '../../shared/sync/protocol';
import { listAuditEvents } from '../../server/src/db';
import { buildAccountsServer, call, seedCentre, seedUser, signIn } from '../../server/test/support/accounts';
import type { Session } from '../../server/test/support/accounts';
import { expectApiError } from '../../server/test/support/http';
import { SyncClient, table as beneficiaries } from '../../server/test/support/sync';
import { engines } from '../../server/test/support/testDatabase';
import { createDetention, detentionRecords, onDetention, secretEstablishment } from './detentionRecords';

const createdSchema = z.object({ user: userSummarySchema, oneTimePassword: z.string() });
const userAnswerSchema = z.object({ user: userSummarySchema });

function pulledTables(response: PullResponse): string[] {
  return response.pages.map((page) => page.table);
}

describe.each(engines)('judicial hold on %s', (engine) => {
  /**
   * Centre A with its counsellor Amina (who recorded a person's detention), its coordinator Chaima,
   * a regional coordinator and two administrators; centre B, new, with nobody yet.
   */
  async function setup() {
    const server = await buildAccountsServer(engine);
    const { app, database, clock } = server;
    const centreA = await seedCentre(database, 'CAPC-A', 'CSE');
    const centreB = await seedCentre(database, 'CAPC-B', 'CSE');
    const users = {
      amina: await seedUser(database, { username: 'amina', role: 'conseiller', centreIds: [centreA.id] }),
      chaima: await seedUser(database, { username: 'chaima', role: 'coordinateur_centre', centreIds: [centreA.id] }),
      rachid: await seedUser(database, { username: 'rachid', role: 'coordinateur_regional', centreIds: [centreA.id] }),
      admin: await seedUser(database, { username: 'admin', role: 'administrateur' }),
      admin2: await seedUser(database, { username: 'admin.bis', role: 'administrateur' }),
    };
    const aminaPc = new SyncClient(app, await signIn(app, users.amina), users.amina.id, clock);
    const personId = newId();
    const pushed = await aminaPc.push([
      ...aminaPc.create(personId, centreA.id, { lastNameLatin: 'Benali' }),
      ...createDetention(aminaPc, personId, centreA.id),
    ]);
    expect(pushed.rejections).toEqual([]);
    const sessions = {
      chaima: await signIn(app, users.chaima),
      rachid: await signIn(app, users.rachid),
      admin: await signIn(app, users.admin),
      admin2: await signIn(app, users.admin2),
    };
    return { ...server, centreA, centreB, users, sessions, personId };
  }
  type World = Awaited<ReturnType<typeof setup>>;

  /** What whoever was handed a one-time password does: sign in, choose a password, sync. */
  async function takeOver(world: World, username: string, oneTimePassword: string, userId: string) {
    const { app, clock } = world;
    const session = await signIn(app, { username, password: oneTimePassword });
    expect(session.response.user.mustChangePassword).toBe(true);
    const password = `pris par ${username} !`;
    const changed = await call(app, 'changePassword', session, {
      body: { currentPassword: oneTimePassword, newPassword: password },
    });
    expect(changed.statusCode, changed.payload).toBe(200);
    return { pc: new SyncClient(app, session, userId, clock), password };
  }

  async function createCounsellor(world: World, by: Session, username: string, centreId: string) {
    const response = await call(world.app, 'createUser', by, {
      body: { username, displayName: `Compte ${username}`, role: 'conseiller', centreIds: [centreId] },
    });
    expect(response.statusCode, response.payload).toBe(200);
    return createdSchema.parse(response.json());
  }

  function confirm(world: World, by: Session, userId: string, centreId: string): Promise<LightMyRequestResponse> {
    return call(world.app, 'confirmJudicialAccess', by, { id: userId, body: { centreId } });
  }

  /** The held account pulls the beneficiary but no detention record, and its detention op is refused. */
  async function expectNoJudicialAccess(world: World, pc: SyncClient) {
    const pulled = await pc.pullAll();
    expect(pulledTables(pulled)).toEqual([beneficiaries]);
    expect(pulled.digests.map((digest) => digest.table)).not.toContain(detentionRecords);
    expect(JSON.stringify(pulled)).not.toContain(secretEstablishment);
    pc.cursors.set(`${world.centreA.id}/${detentionRecords}`, 0);
    expect(pulledTables(await pc.pullAll())).toEqual([]);
    pc.cursors.delete(`${world.centreA.id}/${detentionRecords}`);

    const answer = await pc.push([
      onDetention(pc.set(world.personId, 'establishment', 'Modifié')),
      ...createDetention(pc, newId(), world.centreA.id),
    ]);
    expect(new Set(answer.rejections.map((rejection) => `${rejection.table} ${rejection.reason}`))).toEqual(
      new Set([`${detentionRecords} forbidden`]),
    );
    expect(answer.rejections).toHaveLength(8);
  }

  it('an account a regional coordinator or an administrator creates pulls no detention record, and its pushes on one are refused', async () => {
    const world = await setup();
    for (const [by, username] of [
      [world.sessions.rachid, 'cree.par.regional'],
      [world.sessions.admin, 'cree.par.admin'],
    ] as const) {
      const created = await createCounsellor(world, by, username, world.centreA.id);
      expect(created.user.judicialHolds).toEqual([
        {
          centreId: world.centreA.id,
          heldByUserId: expect.any(String) as unknown,
          heldAt: expect.any(String) as unknown,
        },
      ]);
      const { pc } = await takeOver(world, username, created.oneTimePassword, created.user.id);
      const me = meResponseSchema.parse((await call(world.app, 'me', pc.session)).json());
      expect(me.user.judicialHoldCentreIds).toEqual([world.centreA.id]);
      await expectNoJudicialAccess(world, pc);
    }
  });

  it("resetting a counsellor's password without judicial access holds the account, whose one-time password then reaches no detention record", async () => {
    const world = await setup();
    for (const by of [world.sessions.rachid, world.sessions.admin]) {
      const reset = await call(world.app, 'resetPassword', by, { id: world.users.amina.id });
      expect(reset.statusCode, reset.payload).toBe(200);
      const { oneTimePassword } = reset.json<{ oneTimePassword: string }>();
      const { pc } = await takeOver(world, 'amina', oneTimePassword, world.users.amina.id);
      await expectNoJudicialAccess(world, pc);
    }
    const resets = (await listAuditEvents(world.database.db)).filter((event) => event.type === 'password-reset');
    expect(resets.map((event) => (JSON.parse(event.detail) as { judicialHolds: string[] }).judicialHolds)).toEqual([
      [world.centreA.id],
      [world.centreA.id],
    ]);
  });

  it('changing a role to counsellor, or adding a centre, without judicial access holds it there only', async () => {
    const world = await setup();
    const { app, sessions, centreA, centreB, users } = world;
    const toCounsellor = await call(app, 'updateUser', sessions.admin, {
      id: users.rachid.id,
      body: { role: 'conseiller' },
    });
    expect(userAnswerSchema.parse(toCounsellor.json()).user.judicialHolds.map((hold) => hold.centreId)).toEqual([
      centreA.id,
    ]);
    const widened = await call(app, 'updateUser', sessions.admin, {
      id: users.amina.id,
      body: { centreIds: [centreA.id, centreB.id] },
    });
    // Her own centre stays confirmed: only the centre given is held.
    expect(userAnswerSchema.parse(widened.json()).user.judicialHolds.map((hold) => hold.centreId)).toEqual([
      centreB.id,
    ]);
    const aminaPc = new SyncClient(app, await signIn(app, users.amina), users.amina.id, world.clock);
    expect(pulledTables(await aminaPc.pullAll())).toEqual([beneficiaries, detentionRecords]);
  });

  it('a coordinator of the centre with judicial access lifts the hold: the detention records are then pulled', async () => {
    const world = await setup();
    const created = await createCounsellor(world, world.sessions.admin, 'nouvelle', world.centreA.id);
    // Not while the one-time password the administrator was handed still signs in.
    expectApiError(await confirm(world, world.sessions.chaima, created.user.id, world.centreA.id), 409, 'conflict');

    const { pc } = await takeOver(world, 'nouvelle', created.oneTimePassword, created.user.id);
    await expectNoJudicialAccess(world, pc);
    // The other administrator may not: the centre has its judicial coordinator.
    expectApiError(await confirm(world, world.sessions.admin2, created.user.id, world.centreA.id), 403, 'forbidden');

    const confirmed = await confirm(world, world.sessions.chaima, created.user.id, world.centreA.id);
    expect(confirmed.statusCode, confirmed.payload).toBe(200);
    expect(userAnswerSchema.parse(confirmed.json()).user.judicialHolds).toEqual([]);

    // The same PC, with the cursors it holds: the restricted table comes in whole.
    const pulled = await pc.pullAll();
    expect(pulledTables(pulled)).toEqual([detentionRecords]);
    expect(pulled.pages[0]?.rows.map((row) => row.id)).toEqual([world.personId]);
    expect(JSON.stringify(pulled)).toContain(secretEstablishment);
    const write = await pc.push([onDetention(pc.set(world.personId, 'sentenceMonths', 36))]);
    expect(write.rejections).toEqual([]);

    const events = (await listAuditEvents(world.database.db)).filter((event) => event.type === 'judicial-confirm');
    expect(events.map((event) => [event.outcome, event.actorUserId])).toEqual([
      ['conflict', world.users.chaima.id],
      ['forbidden', world.users.admin2.id],
      ['ok', world.users.chaima.id],
    ]);
    expect(JSON.parse(events[2]?.detail ?? '{}')).toMatchObject({
      centreId: world.centreA.id,
      by: 'coordinator',
      heldByUserId: world.users.admin.id,
    });
  });

  it("in a new centre, an administrator confirms another's creation, never their own (four eyes)", async () => {
    const world = await setup();
    const { app, sessions, centreB } = world;
    const response = await call(app, 'createUser', sessions.admin, {
      body: {
        username: 'premier.coord',
        displayName: 'Premier coordinateur',
        role: 'coordinateur_centre',
        centreIds: [centreB.id],
      },
    });
    const created = createdSchema.parse(response.json());
    await takeOver(world, 'premier.coord', created.oneTimePassword, created.user.id);

    expectApiError(await confirm(world, sessions.admin, created.user.id, centreB.id), 403, 'forbidden');
    const confirmed = await confirm(world, sessions.admin2, created.user.id, centreB.id);
    expect(confirmed.statusCode, confirmed.payload).toBe(200);
    const event = (await listAuditEvents(world.database.db)).find(
      (candidate) => candidate.type === 'judicial-confirm' && candidate.outcome === 'ok',
    );
    expect(JSON.parse(event?.detail ?? '{}')).toMatchObject({ centreId: centreB.id, by: 'four-eyes' });

    // From now on the centre has its judicial coordinator: the administrators no longer confirm there.
    const counsellor = await createCounsellor(world, sessions.admin2, 'conseil.b', centreB.id);
    await takeOver(world, 'conseil.b', counsellor.oneTimePassword, counsellor.user.id);
    expectApiError(await confirm(world, sessions.admin, counsellor.user.id, centreB.id), 403, 'forbidden');
  });

  it('a counsellor, a regional coordinator and the held account itself cannot confirm', async () => {
    const world = await setup();
    const { app, sessions, centreA, users } = world;
    const created = await createCounsellor(world, sessions.admin, 'nouvelle', centreA.id);
    const { pc } = await takeOver(world, 'nouvelle', created.oneTimePassword, created.user.id);
    const aminaSession = await signIn(app, users.amina);
    expectApiError(await confirm(world, aminaSession, created.user.id, centreA.id), 403, 'forbidden');
    expectApiError(await confirm(world, sessions.rachid, created.user.id, centreA.id), 403, 'forbidden');
    expectApiError(await confirm(world, pc.session, created.user.id, centreA.id), 403, 'forbidden');
    await expectNoJudicialAccess(world, pc);
  });

  it("a judicial coordinator's own creation and reset hold nothing; a held account stays held through their reset", async () => {
    const world = await setup();
    const { app, sessions, centreA } = world;
    const created = await createCounsellor(world, sessions.chaima, 'par.coord', centreA.id);
    expect(created.user.judicialHolds).toEqual([]);
    const { pc } = await takeOver(world, 'par.coord', created.oneTimePassword, created.user.id);
    expect(pulledTables(await pc.pullAll())).toEqual([beneficiaries, detentionRecords]);

    const held = await createCounsellor(world, sessions.admin, 'tenue', centreA.id);
    const reset = await call(app, 'resetPassword', sessions.chaima, { id: held.user.id });
    expect(reset.statusCode).toBe(200);
    const { oneTimePassword } = reset.json<{ oneTimePassword: string }>();
    const { pc: heldPc } = await takeOver(world, 'tenue', oneTimePassword, held.user.id);
    await expectNoJudicialAccess(world, heldPc);
  });

  it('an existing account is never held by the change of rules alone', async () => {
    const world = await setup();
    const aminaPc = new SyncClient(
      world.app,
      await signIn(world.app, world.users.amina),
      world.users.amina.id,
      world.clock,
    );
    expect(aminaPc.session.response.user.judicialHoldCentreIds).toEqual([]);
    expect(pulledTables(await aminaPc.pullAll())).toEqual([beneficiaries, detentionRecords]);
  });
});

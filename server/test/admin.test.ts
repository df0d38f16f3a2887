import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiRouteNames, apiRouteTable } from '../../shared/api/routes';
import type { ApiRouteName } from '../../shared/api/routes';
import { centreSchema, deviceSummarySchema, userSummarySchema } from '../../shared/auth/schemas';
import { newId } from '../../shared/ids/uuidv7';
import { countActiveAdministrators, listAuditEvents } from '../src/db';
import type { MasarDatabase } from '../src/db';
import { buildAccountsServer, call, postSignIn, seedCentre, seedUser, signIn } from './support/accounts';
import type { Session } from './support/accounts';
import { expectApiError } from './support/http';
import { engines } from './support/testDatabase';

const usersSchema = z.object({ users: z.array(userSummarySchema) });
const devicesSchema = z.object({ devices: z.array(deviceSummarySchema) });
const centresSchema = z.object({ centres: z.array(centreSchema) });
const createdUserSchema = z.object({ user: userSummarySchema, oneTimePassword: z.string() });

/** Everything an account change may touch, to prove a refused change changed nothing. */
async function snapshot(database: MasarDatabase) {
  const { db } = database;
  return {
    centres: await db.selectFrom('centres').selectAll().orderBy('id').execute(),
    users: await db.selectFrom('users').selectAll().orderBy('id').execute(),
    userCentres: await db.selectFrom('user_centres').selectAll().orderBy('user_id').orderBy('centre_id').execute(),
    devices: await db.selectFrom('devices').select(['id', 'revoked_at']).orderBy('id').execute(),
    openSessions: await db.selectFrom('sessions').select('id').where('ended_at', 'is', null).orderBy('id').execute(),
  };
}

describe.each(engines)('administration on %s', (engine) => {
  /** Two centres, an administrator, and a coordinator and a counsellor in each, all signed in. */
  async function world() {
    const server = await buildAccountsServer(engine);
    const { app, database } = server;
    const centreA = await seedCentre(database, 'CAPC-FES');
    const centreB = await seedCentre(database, 'CAPC-OUJDA', 'ORI');
    const users = {
      admin: await seedUser(database, { username: 'admin', role: 'administrateur' }),
      coordA: await seedUser(database, { username: 'coord.a', role: 'coordinateur_centre', centreIds: [centreA.id] }),
      counsellorA: await seedUser(database, { username: 'conseil.a', role: 'conseiller', centreIds: [centreA.id] }),
      coordB: await seedUser(database, { username: 'coord.b', role: 'coordinateur_centre', centreIds: [centreB.id] }),
      counsellorB: await seedUser(database, { username: 'conseil.b', role: 'conseiller', centreIds: [centreB.id] }),
    };
    const sessions = {
      admin: await signIn(app, users.admin),
      coordA: await signIn(app, users.coordA),
      counsellorA: await signIn(app, users.counsellorA),
      counsellorB: await signIn(app, users.counsellorB),
    };
    return { ...server, centreA, centreB, users, sessions };
  }

  it('lists the centres a user serves, all of them for an administrator', async () => {
    const { app, sessions, centreA, centreB } = await world();
    const codes = async (session: Session) =>
      centresSchema.parse((await call(app, 'listCentres', session)).json()).centres.map((centre) => centre.id);
    expect(await codes(sessions.counsellorA)).toEqual([centreA.id]);
    expect(await codes(sessions.admin)).toEqual([centreA.id, centreB.id]);
  });

  it('refuses every administration route to a counsellor, changing nothing', async () => {
    const { app, database, sessions, users, centreA } = await world();
    const before = await snapshot(database);
    const bodies: Partial<Record<ApiRouteName, unknown>> = {
      createCentre: { code: 'CAPC-X', nameFr: 'X', nameAr: 'س', regionCode: 'FME' },
      updateCentre: { code: 'CAPC-X', nameFr: 'X', nameAr: 'س', regionCode: 'FME' },
      createUser: { username: 'intrus', displayName: 'Intrus', role: 'conseiller', centreIds: [centreA.id] },
      updateUser: { role: 'administrateur' },
      confirmJudicialAccess: { centreId: centreA.id },
    };
    const ids: Partial<Record<ApiRouteName, string>> = {
      updateCentre: centreA.id,
      revokeDevice: sessions.counsellorA.deviceId,
      approveDevice: sessions.counsellorA.deviceId,
    };
    const adminRoutes = apiRouteNames.filter((name) => apiRouteTable[name].path.startsWith('/api/admin/'));
    expect(adminRoutes).toHaveLength(12);
    for (const name of adminRoutes) {
      const response = await call(app, name, sessions.counsellorA, {
        id: ids[name] ?? users.counsellorA.id,
        body: bodies[name],
      });
      expectApiError(response, 403, 'forbidden');
    }
    expect(await snapshot(database)).toEqual(before);
    const refused = (await listAuditEvents(database.db)).filter((event) => event.outcome === 'forbidden');
    expect(refused.length).toBeGreaterThanOrEqual(8);
  });

  it("keeps a coordinator out of another centre's users and PCs", async () => {
    const { app, database, sessions, users, centreB } = await world();
    const coord = sessions.coordA;
    const listed = usersSchema.parse((await call(app, 'listUsers', coord)).json()).users.map((user) => user.username);
    expect(listed).toEqual(['conseil.a', 'coord.a']);
    const devices = devicesSchema.parse((await call(app, 'listDevices', coord)).json()).devices;
    expect(devices.map((device) => device.registeredByName).sort()).toEqual(['User conseil.a', 'User coord.a']);

    const before = await snapshot(database);
    const target = users.counsellorB.id;
    for (const name of ['disableUser', 'enableUser', 'resetPassword'] as const) {
      expectApiError(await call(app, name, coord, { id: target }), 404, 'not-found');
    }
    expectApiError(await call(app, 'updateUser', coord, { id: target, body: { displayName: 'x' } }), 404, 'not-found');
    expectApiError(await call(app, 'updateUser', coord, { id: newId(), body: { displayName: 'x' } }), 404, 'not-found');
    expectApiError(await call(app, 'revokeDevice', coord, { id: sessions.counsellorB.deviceId }), 404, 'not-found');
    expectApiError(await call(app, 'revokeDevice', coord, { id: newId() }), 404, 'not-found');
    // Moving their own counsellor into centre B is giving a centre they do not serve.
    expectApiError(
      await call(app, 'updateUser', coord, { id: users.counsellorA.id, body: { centreIds: [centreB.id] } }),
      403,
      'forbidden',
    );
    expect(await snapshot(database)).toEqual(before);
    expect((await call(app, 'me', sessions.counsellorB)).statusCode).toBe(200);
  });

  it('lets a coordinator create, change, disable and reset the users of their centre only below their rank', async () => {
    const { app, database, sessions, users, centreA, centreB } = await world();
    const coord = sessions.coordA;
    const create = (role: string, centreIds: string[], username = 'nouveau') =>
      call(app, 'createUser', coord, { body: { username, displayName: 'Nouveau', role, centreIds } });

    const before = await snapshot(database);
    expectApiError(await create('administrateur', []), 403, 'forbidden');
    expectApiError(await create('administrateur', [centreA.id]), 403, 'forbidden');
    expectApiError(await create('coordinateur_centre', [centreA.id]), 403, 'forbidden');
    expectApiError(await create('coordinateur_regional', [centreA.id]), 403, 'forbidden');
    expectApiError(await create('conseiller', [centreB.id]), 403, 'forbidden');
    expectApiError(await create('conseiller', [centreA.id, centreB.id]), 403, 'forbidden');
    expectApiError(await create('conseiller', []), 400, 'invalid-request');
    const promote = (id: string, role: string) => call(app, 'updateUser', coord, { id, body: { role } });
    expectApiError(await promote(users.counsellorA.id, 'coordinateur_centre'), 403, 'forbidden');
    expectApiError(await promote(users.coordA.id, 'coordinateur_regional'), 403, 'forbidden');
    expectApiError(await call(app, 'disableUser', coord, { id: users.coordA.id }), 403, 'forbidden');
    expect(await snapshot(database)).toEqual(before);

    const created = createdUserSchema.parse((await create('conseiller', [centreA.id, centreA.id])).json());
    expect(created.user).toMatchObject({ username: 'nouveau', role: 'conseiller', centreIds: [centreA.id] });
    expect(created.user.mustChangePassword).toBe(true);
    expect(created.oneTimePassword).toMatch(/^[A-HJ-NP-Za-km-z2-9]{12}$/);
    expectApiError(await create('conseiller', [centreA.id]), 409, 'conflict');

    const renamed = await call(app, 'updateUser', coord, {
      id: users.counsellorA.id,
      body: { displayName: '  Salma B.  ' },
    });
    expect(userSummarySchema.parse(renamed.json<{ user: unknown }>().user).displayName).toBe('Salma B.');

    const disabled = await call(app, 'disableUser', coord, { id: users.counsellorA.id });
    expect(userSummarySchema.parse(disabled.json<{ user: unknown }>().user).disabledAt).not.toBeNull();
    expectApiError(await call(app, 'me', sessions.counsellorA), 401, 'unauthenticated');
    const enabled = await call(app, 'enableUser', coord, { id: users.counsellorA.id });
    expect(userSummarySchema.parse(enabled.json<{ user: unknown }>().user).disabledAt).toBeNull();

    const reset = z
      .object({ oneTimePassword: z.string() })
      .parse((await call(app, 'resetPassword', coord, { id: users.counsellorA.id })).json());
    expectApiError(await postSignIn(app, users.counsellorA), 401, 'invalid-credentials');
    const withOtp = await signIn(app, { username: 'conseil.a', password: reset.oneTimePassword });
    expect(withOtp.response.user.mustChangePassword).toBe(true);

    const types = (await listAuditEvents(database.db))
      .filter((event) => event.outcome === 'ok' && event.actorUserId === users.coordA.id)
      .filter((event) => event.type !== 'sign-in' && event.type !== 'device-register')
      .map((event) => event.type);
    expect(types).toEqual(['user-create', 'user-update', 'user-disable', 'user-enable', 'password-reset']);
  });

  it('keeps an administrator from demoting or disabling themselves', async () => {
    const { app, database, sessions, users } = await world();
    const before = await snapshot(database);
    const self = users.admin.id;
    const demote = await call(app, 'updateUser', sessions.admin, {
      id: self,
      body: { role: 'conseiller', centreIds: [] },
    });
    expectApiError(demote, 409, 'conflict');
    expectApiError(await call(app, 'disableUser', sessions.admin, { id: self }), 409, 'conflict');
    expect(await snapshot(database)).toEqual(before);
    // The last-administrator guard counts the others: here there are none.
    expect(await countActiveAdministrators(database.db)).toBe(1);
    expect(await countActiveAdministrators(database.db, self)).toBe(0);
    const renamed = await call(app, 'updateUser', sessions.admin, { id: self, body: { displayName: 'Direction' } });
    expect(renamed.statusCode).toBe(200);
  });

  it('lets an administrator manage centres, with unique codes', async () => {
    const { app, database, sessions, centreA } = await world();
    const input = { code: ' capc-rabat ', nameFr: 'CAPC Rabat', nameAr: 'مركز الرباط', regionCode: 'RSK' };
    const created = await call(app, 'createCentre', sessions.admin, { body: input });
    expect(created.statusCode).toBe(200);
    const { centre } = z.object({ centre: centreSchema }).parse(created.json());
    // A new centre's PCs lock after 10 minutes and sign in offline for 30 days, unless told otherwise.
    expect(centre).toMatchObject({ code: 'CAPC-RABAT', regionCode: 'RSK', autoLockMinutes: 10, maxOfflineDays: 30 });
    expectApiError(await call(app, 'createCentre', sessions.admin, { body: input }), 409, 'conflict');
    expectApiError(
      await call(app, 'createCentre', sessions.coordA, { body: { ...input, code: 'NEW' } }),
      403,
      'forbidden',
    );

    const updated = await call(app, 'updateCentre', sessions.admin, {
      id: centre.id,
      body: { ...input, nameFr: 'CAPC Rabat-Salé' },
    });
    expect(z.object({ centre: centreSchema }).parse(updated.json()).centre.nameFr).toBe('CAPC Rabat-Salé');
    expectApiError(
      await call(app, 'updateCentre', sessions.admin, { id: centre.id, body: { ...input, code: 'CAPC-FES' } }),
      409,
      'conflict',
    );
    expectApiError(await call(app, 'updateCentre', sessions.admin, { id: newId(), body: input }), 404, 'not-found');

    // The PCs' privacy: set within its bounds, kept when an update does not name it.
    const stricter = await call(app, 'updateCentre', sessions.admin, {
      id: centre.id,
      body: { ...input, autoLockMinutes: 5, maxOfflineDays: 7 },
    });
    expect(z.object({ centre: centreSchema }).parse(stricter.json()).centre).toMatchObject({
      autoLockMinutes: 5,
      maxOfflineDays: 7,
    });
    await call(app, 'updateCentre', sessions.admin, { id: centre.id, body: { ...input, nameFr: 'CAPC Rabat' } });
    const listed = z
      .object({ centres: z.array(centreSchema) })
      .parse((await call(app, 'listCentres', sessions.admin)).json())
      .centres.find((item) => item.id === centre.id);
    expect(listed).toMatchObject({ nameFr: 'CAPC Rabat', autoLockMinutes: 5, maxOfflineDays: 7 });
    for (const outOfBounds of [
      { autoLockMinutes: 0 },
      { autoLockMinutes: 61 },
      { maxOfflineDays: 91 },
      { maxOfflineDays: 1.5 },
    ])
      expect(
        (await call(app, 'updateCentre', sessions.admin, { id: centre.id, body: { ...input, ...outOfBounds } }))
          .statusCode,
      ).toBe(400);
    const stored = await database.db.selectFrom('centres').selectAll().where('id', '=', centreA.id).executeTakeFirst();
    expect(stored?.code).toBe('CAPC-FES');
    const types = (await listAuditEvents(database.db)).filter((event) => event.type.startsWith('centre-'));
    expect(types.map((event) => `${event.type}:${event.outcome}`)).toEqual([
      'centre-create:ok',
      'centre-create:conflict',
      'centre-create:forbidden',
      'centre-update:ok',
      'centre-update:conflict',
      'centre-update:not-found',
      'centre-update:ok',
      'centre-update:ok',
    ]);
  });

  it('lets an administrator create users in existing centres only, and administrators without a centre', async () => {
    const { app, database, sessions, centreA } = await world();
    const create = (body: Record<string, unknown>) => call(app, 'createUser', sessions.admin, { body });
    const before = await snapshot(database);
    const unknownCentre = await create({
      username: 'x.y',
      displayName: 'X',
      role: 'conseiller',
      centreIds: [centreA.id, newId()],
    });
    expect(expectApiError(unknownCentre, 400, 'invalid-request').error.issues?.[0]?.path).toBe('centreIds');
    expectApiError(
      await create({ username: 'admin', displayName: 'X', role: 'conseiller', centreIds: [centreA.id] }),
      409,
      'conflict',
    );
    expectApiError(
      await create({ username: 'x.y', displayName: 'X', role: 'coordinateur_regional', centreIds: [] }),
      400,
      'invalid-request',
    );
    expect(await snapshot(database)).toEqual(before);

    const admin2 = createdUserSchema.parse(
      (await create({ username: 'Admin.Two', displayName: 'Admin 2', role: 'administrateur', centreIds: [] })).json(),
    );
    expect(admin2.user).toMatchObject({ username: 'admin.two', role: 'administrateur', centreIds: [] });
    const session = await signIn(app, { username: 'admin.two', password: admin2.oneTimePassword });
    expect(session.response.newDevice).toBeDefined();
    const device = await database.db
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', session.deviceId)
      .executeTakeFirst();
    expect(device?.centre_id).toBeNull();
  });

  it('revokes a PC idempotently, ending its sessions', async () => {
    const { app, database, sessions } = await world();
    const target = sessions.counsellorA;
    const revoke = () => call(app, 'revokeDevice', sessions.coordA, { id: target.deviceId });
    const first = z.object({ device: deviceSummarySchema }).parse((await revoke()).json()).device;
    expect(first).toMatchObject({ id: target.deviceId, registeredByName: 'User conseil.a' });
    expect(first.revokedAt).not.toBeNull();
    const second = z.object({ device: deviceSummarySchema }).parse((await revoke()).json()).device;
    expect(second).toEqual(first);
    expectApiError(await call(app, 'me', target), 403, 'device-revoked');
    expectApiError(
      await postSignIn(app, { username: 'conseil.a', password: 'correct horse battery' }, target.deviceToken),
      403,
      'device-revoked',
    );
    const ended = await database.db
      .selectFrom('sessions')
      .select('end_reason')
      .where('device_id', '=', target.deviceId)
      .execute();
    expect(ended).toEqual([{ end_reason: 'device-revoked' }]);
    const revocations = (await listAuditEvents(database.db)).filter((event) => event.type === 'device-revoke');
    expect(revocations).toHaveLength(1);
    const row = await database.db
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', target.deviceId)
      .executeTakeFirst();
    expect(row?.revoked_by_user_id).not.toBeNull();
  });

  it('refuses malformed and oversized bodies with 400 and 413, creating nothing', async () => {
    const { app, database, sessions, centreA } = await world();
    const before = await snapshot(database);
    const headers = {
      authorization: `Bearer ${sessions.admin.sessionToken}`,
      'x-masar-device': sessions.admin.deviceToken,
      'content-type': 'application/json',
    };
    const post = (url: string, payload: string, method: 'POST' | 'PATCH' = 'POST') =>
      app.inject({ method, url, headers, payload });
    const users = apiRouteTable.createUser.path;
    const centres = apiRouteTable.createCentre.path;
    const centrePath = apiRouteTable.updateCentre.path.replace(':id', centreA.id);
    expectApiError(await post(users, '{"username": "x.y",'), 400, 'invalid-request');
    expectApiError(await post(users, ''), 400, 'invalid-request');
    expectApiError(await post(users, '[]'), 400, 'invalid-request');
    expectApiError(
      await post(users, JSON.stringify({ username: 'x.y', displayName: 'X', role: 'chef', centreIds: [] })),
      400,
      'invalid-request',
    );
    expectApiError(
      await post(centres, JSON.stringify({ code: '!', nameFr: '', nameAr: 'x', regionCode: 'XX' })),
      400,
      'invalid-request',
    );
    expectApiError(await post(centrePath, '{"code":', 'PATCH'), 400, 'invalid-request');
    expectApiError(
      await post(apiRouteTable.updateUser.path.replace(':id', 'not-a-uuid'), '{}', 'PATCH'),
      400,
      'invalid-request',
    );
    expectApiError(
      await post(
        apiRouteTable.updateUser.path.replace(':id', sessions.admin.response.user.id),
        '{"role":"administrateur","admin":true}',
        'PATCH',
      ),
      400,
      'invalid-request',
    );
    const huge = JSON.stringify({
      username: 'x.y',
      displayName: 'x'.repeat(1024 * 1024),
      role: 'conseiller',
      centreIds: [centreA.id],
    });
    expectApiError(await post(users, huge), 413, 'payload-too-large');
    expectApiError(await post(centrePath, huge, 'PATCH'), 413, 'payload-too-large');
    expect(await snapshot(database)).toEqual(before);
  });

  it('answers anonymous callers 401 before reading their body', async () => {
    const { app, database } = await world();
    const before = await snapshot(database);
    const response = await app.inject({
      method: 'POST',
      url: apiRouteTable.createUser.path,
      headers: { 'content-type': 'application/json' },
      payload: '{"broken":',
    });
    expectApiError(response, 401, 'unauthenticated');
    expect(await snapshot(database)).toEqual(before);
  });
});

import { describe, expect, it } from 'vitest';
import { authHeaders } from '../../shared/api/errors';
import { apiRouteNames, apiRouteTable, routePath } from '../../shared/api/routes';
import { meResponseSchema, signInResponseSchema } from '../../shared/auth/schemas';
import { newId } from '../../shared/ids/uuidv7';
import { hashPassword } from '../src/auth/passwords';
import { listAuditEvents } from '../src/db';
import type { MasarDatabase } from '../src/db';
import {
  buildAccountsServer,
  call,
  defaultPassword,
  postSignIn,
  seedCentre,
  seededCentreAsSent,
  seedUser,
  signIn,
} from './support/accounts';
import { expectApiError } from './support/http';
import { engines } from './support/testDatabase';
import { textCollector } from './support/textCollector';

const hour = 60 * 60 * 1000;
const forgedToken = 'A'.repeat(43);

async function sessionRows(database: MasarDatabase) {
  return database.db.selectFrom('sessions').selectAll().orderBy('id').execute();
}

/** What an administrator's "disable" leaves in the database, written straight there. */
async function disableUser(database: MasarDatabase, userId: string, at: Date) {
  await database.db.updateTable('users').set({ disabled_at: at.toISOString() }).where('id', '=', userId).execute();
}

/** What an administrator's "revoke this PC" leaves in the database, written straight there. */
async function revokeDevice(database: MasarDatabase, deviceId: string, at: Date) {
  await database.db.updateTable('devices').set({ revoked_at: at.toISOString() }).where('id', '=', deviceId).execute();
}

async function signInOutcomes(database: MasarDatabase): Promise<string[]> {
  return (await listAuditEvents(database.db)).filter((event) => event.type === 'sign-in').map((event) => event.outcome);
}

describe('password hashes', () => {
  it('are argon2id at the OWASP minimum parameters', async () => {
    expect(await hashPassword('x')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

describe.each(engines)('authentication on %s', (engine) => {
  async function setUp() {
    const server = await buildAccountsServer(engine);
    const centre = await seedCentre(server.database, 'CAPC-FES');
    const other = await seedCentre(server.database, 'CAPC-AGADIR', 'SMA');
    const amina = await seedUser(server.database, {
      username: 'amina',
      role: 'conseiller',
      centreIds: [other.id, centre.id],
    });
    return { ...server, centre, other, amina };
  }

  it('serves every route of the shared table', async () => {
    const { app } = await setUp();
    for (const name of apiRouteNames) {
      const route = apiRouteTable[name];
      const response = await app.inject({ method: route.method, url: routePath(name, newId()) });
      expect(response.json<{ error?: { message: string } }>().error?.message ?? '', name).not.toMatch(/^No route/);
    }
  });

  describe('sign-in', () => {
    it('registers a new PC once, in the first centre of the user, and opens a 12 h session', async () => {
      const { app, database, clock, amina, centre, other } = await setUp();
      const first = await postSignIn(app, { username: ' AMINA ', password: amina.password, deviceName: 'PC accueil' });
      expect(first.statusCode).toBe(200);
      const body = signInResponseSchema.parse(first.json());
      expect(body.user).toEqual({
        id: amina.id,
        username: 'amina',
        displayName: 'User amina',
        role: 'conseiller',
        // By centre code: CAPC-AGADIR, then CAPC-FES.
        centreIds: [other.id, centre.id],
        mustChangePassword: false,
        judicialHoldCentreIds: [],
      });
      expect(body.serverTime).toBe(clock.current.getTime());
      // The PC learns its centres here, before any sync: their codes number its files.
      expect(body.centres).toEqual([
        seededCentreAsSent(other.id, 'CAPC-AGADIR', 'SMA'),
        seededCentreAsSent(centre.id, 'CAPC-FES', 'FME'),
      ]);
      expect(body.sessionExpiresAt).toBe(new Date(clock.current.getTime() + 12 * hour).toISOString());
      expect(body.newDevice?.id).toBe(body.deviceId);
      expect(body.newDevice?.token).toMatch(new RegExp(`^${body.deviceId}\\.[A-Za-z0-9_-]{43}$`));

      const device = await database.db.selectFrom('devices').selectAll().executeTakeFirstOrThrow();
      expect(device).toMatchObject({ id: body.deviceId, name: 'PC accueil', registered_by_user_id: amina.id });
      // Centres sort by code: CAPC-AGADIR before CAPC-FES.
      expect(device.centre_id).toBe(other.id);
      expect(JSON.stringify(device)).not.toContain(body.newDevice?.token.split('.')[1]);
      const [session] = await sessionRows(database);
      expect(session?.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(session)).not.toContain(body.sessionToken);

      const again = await signIn(app, amina, body.newDevice?.token);
      expect(again.response.newDevice).toBeUndefined();
      expect(again.deviceId).toBe(body.deviceId);
      expect(await database.db.selectFrom('devices').select('id').execute()).toHaveLength(1);
      const user = await database.db.selectFrom('users').selectAll().where('id', '=', amina.id).executeTakeFirst();
      expect(user?.last_sign_in_at).toBe(clock.current.toISOString());
    });

    it('names a PC registered without a name "PC"', async () => {
      const { app, database, amina } = await setUp();
      await signIn(app, amina);
      expect((await database.db.selectFrom('devices').select('name').executeTakeFirst())?.name).toBe('PC');
    });

    it('refuses a wrong password with 401 invalid-credentials and audits it', async () => {
      const { app, database, amina } = await setUp();
      const response = await postSignIn(app, { username: 'amina', password: 'wrong password' });
      expectApiError(response, 401, 'invalid-credentials');
      expect(await sessionRows(database)).toHaveLength(0);
      expect(await database.db.selectFrom('devices').select('id').execute()).toHaveLength(0);
      const [event] = await listAuditEvents(database.db);
      expect(event).toMatchObject({
        type: 'sign-in',
        outcome: 'invalid-credentials',
        username: 'amina',
        subjectUserId: amina.id,
      });
    });

    it('answers an unknown user exactly as a wrong password', async () => {
      const { app, database } = await setUp();
      const wrong = await postSignIn(app, { username: 'amina', password: 'wrong password' });
      const unknown = await postSignIn(app, { username: 'nobody', password: 'wrong password' });
      expectApiError(unknown, 401, 'invalid-credentials');
      expect(unknown.json()).toEqual(wrong.json());
      const events = await listAuditEvents(database.db);
      expect(events[1]).toMatchObject({ outcome: 'invalid-credentials', username: 'nobody', subjectUserId: null });
    });

    it('refuses a disabled user with 403 user-disabled, only once the password is right', async () => {
      const { app, database, clock, amina } = await setUp();
      await disableUser(database, amina.id, clock.current);
      expectApiError(
        await postSignIn(app, { username: 'amina', password: 'wrong password' }),
        401,
        'invalid-credentials',
      );
      expectApiError(await postSignIn(app, { username: 'amina', password: amina.password }), 403, 'user-disabled');
      expect(await sessionRows(database)).toHaveLength(0);
      expect(await signInOutcomes(database)).toEqual(['invalid-credentials', 'user-disabled']);
    });

    it('refuses a revoked PC with 403 device-revoked', async () => {
      const { app, database, clock, amina } = await setUp();
      const session = await signIn(app, amina);
      await revokeDevice(database, session.deviceId, clock.current);
      expectApiError(await postSignIn(app, amina, session.deviceToken), 403, 'device-revoked');
      expect(await sessionRows(database)).toHaveLength(1);
      expect((await signInOutcomes(database)).at(-1)).toBe('device-revoked');
    });

    it('refuses a forged or malformed device token with 401 unauthenticated, registering nothing', async () => {
      const { app, database, amina } = await setUp();
      const session = await signIn(app, amina);
      for (const token of [`${session.deviceId}.${forgedToken}`, 'garbage', `${session.deviceId}.short`]) {
        expectApiError(await postSignIn(app, amina, token), 401, 'unauthenticated');
      }
      expect(await sessionRows(database)).toHaveLength(1);
      expect(await database.db.selectFrom('devices').select('id').execute()).toHaveLength(1);
      const refusals = (await listAuditEvents(database.db)).filter((event) => event.type === 'sign-in').slice(1);
      expect(refusals.map((event) => [event.outcome, event.deviceId, JSON.parse(event.detail) as unknown])).toEqual([
        ['forged-device-token', null, { presentedDeviceId: session.deviceId }],
        ['malformed-device-token', null, {}],
        ['malformed-device-token', null, {}],
      ]);
    });

    it('answers 401 device-unknown to a device id it never registered, once the password is right', async () => {
      const { app, database, amina } = await setUp();
      const unknownId = newId();
      const unknownToken = `${unknownId}.${forgedToken}`;
      // A wrong password is answered first, as from any PC: the id is not confirmed to a guesser.
      expectApiError(
        await postSignIn(app, { username: 'amina', password: 'wrong password' }, unknownToken),
        401,
        'invalid-credentials',
      );
      const { error } = expectApiError(await postSignIn(app, amina, unknownToken), 401, 'device-unknown');
      expect(error.message).not.toContain(forgedToken);
      expect(await sessionRows(database)).toHaveLength(0);
      expect(await database.db.selectFrom('devices').select('id').execute()).toHaveLength(0);
      const [, refusal] = (await listAuditEvents(database.db)).filter((event) => event.type === 'sign-in');
      expect(refusal).toMatchObject({ outcome: 'unknown-device', subjectUserId: amina.id, deviceId: null });
      expect(JSON.parse(refusal?.detail ?? '')).toEqual({ presentedDeviceId: unknownId });
      expect(JSON.stringify(await listAuditEvents(database.db))).not.toContain(forgedToken);

      // Signing in again without the header registers the PC anew.
      const registered = await signIn(app, amina);
      expect(registered.deviceId).not.toBe(unknownId);
      expect(registered.response.newDevice?.id).toBe(registered.deviceId);
    });

    it('answers device-unknown to the tokens of a rebuilt database, whose PCs then register again', async () => {
      const before = await setUp();
      const old = await signIn(before.app, before.amina);
      // The same accounts on a new, empty database: the old PC's id means nothing there.
      const rebuilt = await buildAccountsServer(engine);
      const amina = await seedUser(rebuilt.database, { username: 'amina', role: 'conseiller' });
      expectApiError(await postSignIn(rebuilt.app, amina, old.deviceToken), 401, 'device-unknown');
      expectApiError(await call(rebuilt.app, 'me', old), 401, 'device-unknown');
      const again = await signIn(rebuilt.app, amina);
      expect(again.deviceId).not.toBe(old.deviceId);
      expect((await call(rebuilt.app, 'me', again)).statusCode).toBe(200);
    });
    it('refuses an invalid body with 400 and counts nothing', async () => {
      const { app, database } = await setUp();
      for (const payload of [
        { username: 'amina' },
        { username: 'amina', password: 'x', admin: true },
        { username: 'a', password: 'x' },
      ]) {
        expectApiError(
          await app.inject({ method: 'POST', url: apiRouteTable.signIn.path, payload }),
          400,
          'invalid-request',
        );
      }
      expect(await database.db.selectFrom('sign_in_throttle').selectAll().execute()).toHaveLength(0);
    });

    it('logs sign-in outcomes without passwords or tokens', async () => {
      const log = textCollector();
      const server = await buildAccountsServer(engine, { logger: { level: 'info', stream: log.stream } });
      const amina = await seedUser(server.database, { username: 'amina', role: 'administrateur' });
      await postSignIn(server.app, { username: 'amina', password: 'wrong password' });
      const session = await signIn(server.app, amina);
      await call(server.app, 'me', session);
      const logs = log.text();
      expect(logs).toContain('"outcome":"invalid-credentials"');
      expect(logs).toContain('"outcome":"ok"');
      for (const secret of [
        amina.password,
        'wrong password',
        session.sessionToken,
        session.deviceToken.split('.')[1] ?? '',
      ]) {
        expect(logs).not.toContain(secret);
      }
    });
  });

  describe('sessions', () => {
    it('answers /me with the profile read from the server', async () => {
      const { app, amina } = await setUp();
      const session = await signIn(app, amina);
      const response = await call(app, 'me', session);
      expect(response.statusCode).toBe(200);
      const me = meResponseSchema.parse(response.json());
      expect(me.user.id).toBe(amina.id);
      expect(me.centres.map((served) => served.code)).toEqual(['CAPC-AGADIR', 'CAPC-FES']);
    });

    it('refuses missing credentials', async () => {
      const { app, amina } = await setUp();
      const session = await signIn(app, amina);
      expectApiError(await call(app, 'me', {}), 401, 'unauthenticated');
      expectApiError(await call(app, 'me', { sessionToken: session.sessionToken }), 401, 'unauthenticated');
      expectApiError(await call(app, 'me', { deviceToken: session.deviceToken }), 401, 'unauthenticated');
    });

    it('refuses an expired session token', async () => {
      const { app, clock, amina } = await setUp();
      const session = await signIn(app, amina);
      clock.advance(12 * hour - 1);
      expect((await call(app, 'me', session)).statusCode).toBe(200);
      clock.advance(1);
      expectApiError(await call(app, 'me', session), 401, 'unauthenticated');
    });

    it('refuses a forged session token', async () => {
      const { app, amina } = await setUp();
      const session = await signIn(app, amina);
      expectApiError(await call(app, 'me', { ...session, sessionToken: forgedToken }), 401, 'unauthenticated');
      const malformed = await app.inject({
        method: 'GET',
        url: apiRouteTable.me.path,
        headers: { [authHeaders.device]: session.deviceToken, [authHeaders.session]: `Basic ${session.sessionToken}` },
      });
      expectApiError(malformed, 401, 'unauthenticated');
    });

    it('refuses a forged device token with unauthenticated, and audits it', async () => {
      const { app, database, amina } = await setUp();
      const session = await signIn(app, amina);
      const forged = { ...session, deviceToken: `${session.deviceId}.${forgedToken}` };
      expectApiError(await call(app, 'me', forged), 401, 'unauthenticated');
      expectApiError(await call(app, 'signOut', forged), 401, 'unauthenticated');
      expectApiError(await call(app, 'me', { ...session, deviceToken: session.deviceId }), 401, 'unauthenticated');
      const requests = (await listAuditEvents(database.db)).filter((event) => event.type === 'request');
      expect(requests.map((event) => [event.outcome, event.deviceId])).toEqual([
        ['forged-device-token', session.deviceId],
        ['forged-device-token', session.deviceId],
      ]);
      expect(JSON.stringify(requests)).not.toContain(forgedToken);
      expect((await call(app, 'me', session)).statusCode).toBe(200);
    });

    it('answers device-unknown, auditing nothing, to a device id it never registered', async () => {
      const { app, database, amina } = await setUp();
      const session = await signIn(app, amina);
      const unknown = { ...session, deviceToken: `${newId()}.${forgedToken}` };
      expectApiError(await call(app, 'me', unknown), 401, 'device-unknown');
      expectApiError(await call(app, 'signOut', unknown), 401, 'device-unknown');
      expectApiError(await call(app, 'listCentres', { deviceToken: unknown.deviceToken }), 401, 'device-unknown');
      expect((await listAuditEvents(database.db)).filter((event) => event.type === 'request')).toEqual([]);
      expect((await sessionRows(database))[0]?.ended_at).toBeNull();
    });

    it("refuses device A's session sent with device B's token", async () => {
      const { app, amina } = await setUp();
      const onA = await signIn(app, amina);
      const onB = await signIn(app, amina);
      expect(onA.deviceId).not.toBe(onB.deviceId);
      expectApiError(
        await call(app, 'me', { sessionToken: onA.sessionToken, deviceToken: onB.deviceToken }),
        401,
        'unauthenticated',
      );
      expect((await call(app, 'me', onA)).statusCode).toBe(200);
    });

    it('refuses a session at the next request once its PC is revoked', async () => {
      const { app, database, clock, amina } = await setUp();
      const session = await signIn(app, amina);
      await revokeDevice(database, session.deviceId, clock.current);
      expectApiError(await call(app, 'me', session), 403, 'device-revoked');
      expectApiError(await call(app, 'signOut', session), 403, 'device-revoked');
    });

    it("ends a disabled user's session at the next request", async () => {
      const { app, database, clock, amina } = await setUp();
      const session = await signIn(app, amina);
      await disableUser(database, amina.id, clock.current);
      expectApiError(await call(app, 'me', session), 401, 'unauthenticated');
      expect((await sessionRows(database))[0]).toMatchObject({ end_reason: 'user-disabled' });
      // Enabled again, the ended session stays ended.
      await database.db.updateTable('users').set({ disabled_at: null }).where('id', '=', amina.id).execute();
      expectApiError(await call(app, 'me', session), 401, 'unauthenticated');
    });

    it('updates when the session and the PC were last seen', async () => {
      const { app, database, clock, amina } = await setUp();
      const session = await signIn(app, amina);
      clock.advance(hour);
      await call(app, 'me', session);
      const seen = clock.current.toISOString();
      expect((await sessionRows(database))[0]?.last_seen_at).toBe(seen);
      const device = await database.db.selectFrom('devices').select('last_seen_at').executeTakeFirst();
      expect(device?.last_seen_at).toBe(seen);
    });

    it('signs out idempotently', async () => {
      const { app, database, amina } = await setUp();
      const session = await signIn(app, amina);
      const other = await signIn(app, amina, session.deviceToken);
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const response = await call(app, 'signOut', session);
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({ ok: true });
      }
      expectApiError(await call(app, 'me', session), 401, 'unauthenticated');
      expect((await call(app, 'me', other)).statusCode).toBe(200);
      expect((await sessionRows(database)).map((row) => row.end_reason)).toEqual(['signed-out', null]);
      expectApiError(await call(app, 'signOut', { ...session, sessionToken: forgedToken }), 401, 'unauthenticated');
    });
  });

  describe('password change', () => {
    it('checks the current password, refuses the username, ends the other sessions', async () => {
      const { app, database, amina } = await setUp();
      const here = await signIn(app, amina);
      const elsewhere = await signIn(app, amina);
      const change = (currentPassword: string, newPassword: string) =>
        call(app, 'changePassword', here, { body: { currentPassword, newPassword } });

      expectApiError(await change('wrong password', 'a new long password'), 401, 'invalid-credentials');
      const same = expectApiError(await change(amina.password, 'AMINA'), 400, 'invalid-request');
      expect(same.error.issues?.[0]?.path).toBe('newPassword');
      expectApiError(await change(amina.password, 'short'), 400, 'invalid-request');
      expectApiError(await change(amina.password, amina.password), 400, 'invalid-request');
      expectApiError(await change(amina.password, 'amina'.padEnd(10, ' ')), 400, 'invalid-request');

      const response = await change(amina.password, 'a new long password');
      expect(response.statusCode).toBe(200);
      expect(meResponseSchema.parse(response.json()).user.mustChangePassword).toBe(false);
      expect((await call(app, 'me', here)).statusCode).toBe(200);
      expectApiError(await call(app, 'me', elsewhere), 401, 'unauthenticated');
      expect((await sessionRows(database)).map((row) => row.end_reason)).toEqual([null, 'password-changed']);

      expectApiError(await postSignIn(app, amina, here.deviceToken), 401, 'invalid-credentials');
      await signIn(app, { username: 'amina', password: 'a new long password' }, here.deviceToken);
      const changes = (await listAuditEvents(database.db)).filter((event) => event.type === 'password-change');
      expect(changes.map((event) => event.outcome)).toEqual(['invalid-credentials', 'ok']);
    });
  });

  describe('one-time passwords', () => {
    /** A conseiller created by an administrator: the answer carries their one-time password. */
    async function withNewUser() {
      const setup = await setUp();
      const admin = await seedUser(setup.database, { username: 'admin', role: 'administrateur' });
      const adminSession = await signIn(setup.app, admin);
      const created = await call(setup.app, 'createUser', adminSession, {
        body: { username: 'youssef', displayName: 'Youssef', role: 'conseiller', centreIds: [setup.centre.id] },
      });
      expect(created.statusCode).toBe(200);
      const { oneTimePassword } = created.json<{ oneTimePassword: string }>();
      return { ...setup, adminSession, youssef: { username: 'youssef', password: oneTimePassword } };
    }

    it('block every other route until the password is changed', async () => {
      const { app, youssef } = await withNewUser();
      const session = await signIn(app, youssef);
      expect(session.response.user.mustChangePassword).toBe(true);
      expectApiError(await call(app, 'listCentres', session), 403, 'password-change-required');
      expectApiError(await call(app, 'listUsers', session), 403, 'password-change-required');
      expect(meResponseSchema.parse((await call(app, 'me', session)).json()).user.mustChangePassword).toBe(true);

      const changed = await call(app, 'changePassword', session, {
        body: { currentPassword: youssef.password, newPassword: 'my own password' },
      });
      expect(changed.statusCode).toBe(200);
      expect((await call(app, 'listCentres', session)).statusCode).toBe(200);
    });

    it('sign in once: a replayed one-time password is refused, before and after the change', async () => {
      const { app, youssef } = await withNewUser();
      const session = await signIn(app, youssef);
      expectApiError(await postSignIn(app, youssef, session.deviceToken), 401, 'one-time-password-expired');
      expectApiError(await postSignIn(app, youssef), 401, 'one-time-password-expired');

      await call(app, 'changePassword', session, {
        body: { currentPassword: youssef.password, newPassword: 'my own password' },
      });
      expectApiError(await postSignIn(app, youssef, session.deviceToken), 401, 'invalid-credentials');
      await signIn(app, { username: 'youssef', password: 'my own password' }, session.deviceToken);
    });

    it('of an earlier reset no longer sign in after a new reset', async () => {
      const { app, database, adminSession, youssef } = await withNewUser();
      const user = await database.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'youssef')
        .executeTakeFirstOrThrow();
      const reset = await call(app, 'resetPassword', adminSession, { id: user.id });
      const { oneTimePassword } = reset.json<{ oneTimePassword: string }>();
      expect(oneTimePassword).not.toBe(youssef.password);
      expectApiError(await postSignIn(app, youssef), 401, 'invalid-credentials');
      await signIn(app, { username: 'youssef', password: oneTimePassword });
    });

    it('expire 72 hours after they were issued', async () => {
      const { app, database, clock, youssef } = await withNewUser();
      clock.advance(72 * hour);
      expectApiError(await postSignIn(app, youssef), 401, 'one-time-password-expired');
      expect(await sessionRows(database)).toHaveLength(1);
      expect((await signInOutcomes(database)).at(-1)).toBe('one-time-password-expired');
    });
  });

  describe('throttling', () => {
    it('delays attempts from the 5th consecutive failure, growing to 15 minutes, without checking the password', async () => {
      const { app, database, clock, amina } = await setUp();
      const { deviceToken } = await signIn(app, amina);
      const wrong = () => postSignIn(app, { username: 'amina', password: 'wrong password' }, deviceToken);

      for (let failure = 1; failure <= 4; failure += 1) expectApiError(await wrong(), 401, 'invalid-credentials');
      for (let failure = 5; failure <= 16; failure += 1) {
        expectApiError(await wrong(), 401, 'invalid-credentials');
        const delay = Math.min(2 ** (failure - 5), 900);
        const throttled = await postSignIn(app, amina, deviceToken);
        const { error } = expectApiError(throttled, 429, 'throttled');
        expect(error.retryAfterSeconds).toBe(delay);
        expect(throttled.headers['retry-after']).toBe(String(delay));
        clock.advance(delay * 1000 - 1);
        expectApiError(await wrong(), 429, 'throttled');
        clock.advance(1);
      }
      const events = await listAuditEvents(database.db);
      expect(events.filter((event) => event.outcome === 'throttled')).toHaveLength(24);

      // The right password after the delay signs in and resets the count.
      await signIn(app, amina, deviceToken);
      for (let failure = 1; failure <= 4; failure += 1) expectApiError(await wrong(), 401, 'invalid-credentials');
      expect(await database.db.selectFrom('sign_in_throttle').select('failures').executeTakeFirst()).toEqual({
        failures: 4,
      });
    });

    it('per account and PC: failures from an unknown PC never delay the user on their own PC', async () => {
      const { app, amina } = await setUp();
      const { deviceToken } = await signIn(app, amina);
      const fromNewPc = () => postSignIn(app, { username: 'amina', password: 'guess' });
      for (let failure = 1; failure <= 5; failure += 1) expectApiError(await fromNewPc(), 401, 'invalid-credentials');
      expectApiError(await postSignIn(app, amina), 429, 'throttled');
      // A forged device token shares the unknown PCs' counter.
      expectApiError(await postSignIn(app, amina, `${newId()}.${forgedToken}`), 429, 'throttled');

      await signIn(app, amina, deviceToken);
    });

    it('counts parallel guesses one by one: a burst cannot slip past the delay', async () => {
      const { app, amina } = await setUp();
      const { deviceToken } = await signIn(app, amina);
      const burst = await Promise.all(
        Array.from({ length: 8 }, () => postSignIn(app, { username: 'amina', password: 'guess' }, deviceToken)),
      );
      const statuses = burst.map((response) => response.statusCode).sort();
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    });

    it('counts attempts on unknown usernames too', async () => {
      const { app } = await setUp();
      for (let failure = 1; failure <= 5; failure += 1) {
        expectApiError(
          await postSignIn(app, { username: 'ghost', password: defaultPassword }),
          401,
          'invalid-credentials',
        );
      }
      expectApiError(await postSignIn(app, { username: 'ghost', password: defaultPassword }), 429, 'throttled');
    });

    it('also guards the current password of a password change', async () => {
      const { app, clock, amina } = await setUp();
      const session = await signIn(app, amina);
      const change = (currentPassword: string) =>
        call(app, 'changePassword', session, { body: { currentPassword, newPassword: 'a new long password' } });
      for (let failure = 1; failure <= 5; failure += 1)
        expectApiError(await change('wrong'), 401, 'invalid-credentials');
      expectApiError(await change(amina.password), 429, 'throttled');
      clock.advance(1000);
      expect((await change(amina.password)).statusCode).toBe(200);
    });
  });

  it('audits each sign-in outcome', async () => {
    const { app, database, amina } = await setUp();
    const { deviceToken } = await signIn(app, amina);
    await postSignIn(app, { username: 'amina', password: 'wrong password' }, deviceToken);
    await postSignIn(app, { username: 'nobody', password: 'x' });
    const events = await listAuditEvents(database.db);
    expect(events.map(({ type, outcome, username }) => ({ type, outcome, username }))).toEqual([
      { type: 'device-register', outcome: 'ok', username: null },
      { type: 'sign-in', outcome: 'ok', username: 'amina' },
      { type: 'sign-in', outcome: 'invalid-credentials', username: 'amina' },
      { type: 'sign-in', outcome: 'invalid-credentials', username: 'nobody' },
    ]);
    for (const event of events) expect(event.detail).not.toContain(amina.password);
  });
});

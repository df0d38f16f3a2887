/**
 * The first run of a server (`/api/setup*`): whether it has an account and whether the caller is
 * on its own machine; creating the first administrator and loading the demo centre, only from the
 * loopback and only while no account exists — refused otherwise with their own codes, audited, and
 * race-safe (two simultaneous requests: one wins, the other is refused).
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { apiRouteTable, hostCallableRoutes } from '../../shared/api/routes';
import { demoSetupSchema, firstAdministratorResponseSchema, setupStatusSchema } from '../../shared/auth/setup';
import type { MasarServer } from '../src/masarServer';
import { demoAccounts, demoCentre, demoPassword } from '../src/demo/seed';
import { isLoopbackAddress, isLoopbackHost } from '../src/http/loopback';
import { listAuditEvents } from '../src/db';
import type { MasarDatabase } from '../src/db';
import { buildAccountsServer, seedUser, signIn } from './support/accounts';
import { expectApiError } from './support/http';
import { engines } from './support/testDatabase';

const admin = { username: 'direction', displayName: 'Direction FM6', password: 'un long mot de passe' };
const remote = { remoteAddress: '192.0.2.10' };

type From = Pick<InjectOptions, 'remoteAddress' | 'headers'>;

function status(app: MasarServer, from: From = {}) {
  return app.inject({ method: 'GET', url: apiRouteTable.setupStatus.path, ...from });
}

function createFirstAdministrator(app: MasarServer, body: unknown, from: From = {}) {
  return app.inject({
    method: 'POST',
    url: apiRouteTable.setupFirstAdministrator.path,
    payload: body as Record<string, unknown>,
    ...from,
  });
}

function loadDemo(app: MasarServer, from: From = {}) {
  return app.inject({ method: 'POST', url: apiRouteTable.setupDemo.path, ...from });
}

async function users(database: MasarDatabase) {
  return database.db.selectFrom('users').select(['username', 'role']).orderBy('username').execute();
}

/**
 * Holds every request to a first-run route after it passed the gate (loopback, no account yet) and
 * its body was checked, until `count` of them got there: they then race for the first account, and
 * only the check in the creating transaction can keep them from both winning.
 */
function holdAtHandler(app: MasarServer, count: number): void {
  let arrived = 0;
  let release: () => void = () => undefined;
  const allThere = new Promise<void>((resolve) => {
    release = resolve;
  });
  app.addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/api/setup/')) return;
    arrived += 1;
    if (arrived === count) release();
    await allThere;
  });
}

describe('loopback', () => {
  it('is 127.0.0.0/8 and ::1, also IPv4 mapped into IPv6; nothing else', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopbackAddress(address), address).toBe(true);
    }
    for (const address of ['192.0.2.10', '10.0.0.1', '::ffff:192.0.2.10', '::2', '1127.0.0.1', '', undefined]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });

  it('names the loopback in the Host header: localhost, 127.x, [::1], with or without a port', () => {
    for (const host of ['localhost', 'localhost:8787', '127.0.0.1:8787', '[::1]:8787', '[::1]', 'LOCALHOST:80']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['masar.example', 'masar.example:8787', '192.0.2.2:8787', 'localhost.evil.example', undefined]) {
      expect(isLoopbackHost(host), String(host)).toBe(false);
    }
  });

  it('the first-run routes are not callable through the host with a session', () => {
    expect(hostCallableRoutes).not.toContain('setupStatus');
    expect(hostCallableRoutes).not.toContain('setupFirstAdministrator');
    expect(hostCallableRoutes).not.toContain('setupDemo');
  });
});

describe.each(engines)('first run on %s', (engine) => {
  it('tells whether the server has an account and whether the caller is on its own machine', async () => {
    const { app, database } = await buildAccountsServer(engine);
    const statusOf = async (from: From) => setupStatusSchema.parse((await status(app, from)).json());
    expect(await statusOf({})).toEqual({ hasAccounts: false, isLoopback: true });
    expect(await statusOf({ remoteAddress: '::1', headers: { host: '[::1]:8787' } })).toEqual({
      hasAccounts: false,
      isLoopback: true,
    });
    expect(await statusOf(remote)).toEqual({ hasAccounts: false, isLoopback: false });
    // Through a reverse proxy on the same machine, and a foreign name resolved to 127.0.0.1.
    expect(await statusOf({ headers: { 'x-forwarded-for': '127.0.0.1' } })).toEqual({
      hasAccounts: false,
      isLoopback: false,
    });
    expect(await statusOf({ headers: { forwarded: 'for=127.0.0.1' } })).toMatchObject({ isLoopback: false });
    expect(await statusOf({ headers: { host: 'masar.example' } })).toMatchObject({ isLoopback: false });

    await seedUser(database, { username: 'quelqu.un', role: 'conseiller' });
    expect(await statusOf({})).toEqual({ hasAccounts: true, isLoopback: true });
  });

  it('creates the first administrator from the loopback, who signs in; audited with where it came from', async () => {
    const { app, database } = await buildAccountsServer(engine);
    const response = await createFirstAdministrator(app, { ...admin, username: ' Direction ' });
    expect(response.statusCode, response.payload).toBe(200);
    expect(firstAdministratorResponseSchema.parse(response.json()).user).toMatchObject({
      username: 'direction',
      displayName: 'Direction FM6',
      role: 'administrateur',
      centreIds: [],
      mustChangePassword: false,
    });
    expect(await users(database)).toEqual([{ username: 'direction', role: 'administrateur' }]);
    const stored = await database.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    const session = await signIn(app, admin);
    expect(session.response.user.role).toBe('administrateur');

    const [created] = (await listAuditEvents(database.db)).filter((event) => event.type === 'user-create');
    expect(created).toMatchObject({ outcome: 'ok', username: 'direction', actorUserId: null });
    expect(JSON.parse(created?.detail ?? '{}')).toEqual({
      role: 'administrateur',
      centreIds: [],
      via: 'first-run',
      remoteAddress: '127.0.0.1',
    });
    expect(created?.detail).not.toContain(admin.password);
    expect(setupStatusSchema.parse((await status(app)).json()).hasAccounts).toBe(true);
  });

  it('applies the rules of every new account: username, display name, password policy', async () => {
    const { app, database } = await buildAccountsServer(engine);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...admin, username: 'x' }, 'username', 'errors.usernameFormat'],
      [{ ...admin, displayName: '  ' }, 'displayName', 'errors.required'],
      [{ ...admin, password: 'court' }, 'password', 'errors.passwordTooShort'],
      [{ ...admin, username: 'direction.fm6', password: 'DIRECTION.FM6' }, 'password', 'errors.passwordIsUsername'],
      [{ ...admin, role: 'administrateur' }, '', ''],
    ];
    for (const [body, path, message] of cases) {
      const refused = expectApiError(await createFirstAdministrator(app, body), 400, 'invalid-request');
      if (path !== '') expect(refused.error.issues, JSON.stringify(body)).toContainEqual({ path, message });
    }
    expect(await users(database)).toEqual([]);
  });

  it('refuses a caller on another machine, before reading the body, and audits it', async () => {
    const { app, database } = await buildAccountsServer(engine);
    expectApiError(await createFirstAdministrator(app, admin, remote), 403, 'setup-not-local');
    expectApiError(await createFirstAdministrator(app, { username: 'x' }, remote), 403, 'setup-not-local');
    expectApiError(await loadDemo(app, remote), 403, 'setup-not-local');
    // Through a reverse proxy on this machine, or under a foreign name (DNS rebinding).
    expectApiError(
      await createFirstAdministrator(app, admin, { headers: { 'x-forwarded-for': '127.0.0.1' } }),
      403,
      'setup-not-local',
    );
    expectApiError(
      await createFirstAdministrator(app, admin, { headers: { 'x-real-ip': '127.0.0.1' } }),
      403,
      'setup-not-local',
    );
    expectApiError(await loadDemo(app, { headers: { host: 'masar.example:8787' } }), 403, 'setup-not-local');
    expect(await users(database)).toEqual([]);
    expect(await database.db.selectFrom('centres').select('id').execute()).toEqual([]);

    const refusals = (await listAuditEvents(database.db)).filter((event) => event.type === 'first-run');
    expect(refusals).toHaveLength(6);
    expect(refusals.every((event) => event.outcome === 'setup-not-local')).toBe(true);
    expect(JSON.parse(refusals[0]?.detail ?? '{}')).toEqual({
      route: 'setupFirstAdministrator',
      remoteAddress: '192.0.2.10',
    });
  });

  it('refuses both ways in once the server has an account, even from the loopback', async () => {
    const { app, database } = await buildAccountsServer(engine);
    await seedUser(database, { username: 'deja.la', role: 'conseiller' });
    expectApiError(await createFirstAdministrator(app, admin), 409, 'setup-already-done');
    expectApiError(await loadDemo(app), 409, 'setup-already-done');
    expect(await users(database)).toEqual([{ username: 'deja.la', role: 'conseiller' }]);
    expect(await database.db.selectFrom('centres').select('id').execute()).toEqual([]);
    const refusals = (await listAuditEvents(database.db)).filter((event) => event.type === 'first-run');
    expect(refusals.map((event) => event.outcome)).toEqual(['setup-already-done', 'setup-already-done']);

    // The first administrator made, a second one is refused the same way.
    const fresh = await buildAccountsServer(engine);
    expect((await createFirstAdministrator(fresh.app, admin)).statusCode).toBe(200);
    expectApiError(
      await createFirstAdministrator(fresh.app, { ...admin, username: 'autre.admin' }),
      409,
      'setup-already-done',
    );
    expect(await users(fresh.database)).toEqual([{ username: 'direction', role: 'administrateur' }]);
  });

  it('of two simultaneous first administrators, creates one and refuses the other', async () => {
    const { app, database } = await buildAccountsServer(engine);
    holdAtHandler(app, 2);
    const responses = await Promise.all([
      createFirstAdministrator(app, admin),
      createFirstAdministrator(app, { ...admin, username: 'direction.bis', displayName: 'Direction bis' }),
    ]);
    const codes = responses.map((response) => response.statusCode).sort();
    expect(codes).toEqual([200, 409]);
    const loser = responses.find((response) => response.statusCode === 409) as LightMyRequestResponse;
    expectApiError(loser, 409, 'setup-already-done');
    expect(await users(database)).toHaveLength(1);
  });

  it('loads the demo centre once and shows its accounts, who sign in; of two simultaneous loads one is refused', async () => {
    const { app, database } = await buildAccountsServer(engine);
    holdAtHandler(app, 2);
    const responses = await Promise.all([loadDemo(app), loadDemo(app)]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    const loaded = responses.find((response) => response.statusCode === 200) as LightMyRequestResponse;
    expectApiError(
      responses.find((response) => response.statusCode === 409) as LightMyRequestResponse,
      409,
      'setup-already-done',
    );

    const demo = demoSetupSchema.parse(loaded.json());
    expect(demo).toEqual({
      centre: { code: demoCentre.code, nameFr: demoCentre.nameFr, nameAr: demoCentre.nameAr },
      accounts: demoAccounts.map(({ username, displayName, role }) => ({ username, displayName, role })),
      password: demoPassword,
    });
    const centres = await database.db.selectFrom('centres').select('code').execute();
    expect(centres).toEqual([{ code: demoCentre.code }]);
    expect((await users(database)).map((user) => user.username)).toEqual(
      demoAccounts.map((account) => account.username).sort(),
    );
    const beneficiaries = await database.db
      .selectFrom('sync_rows')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where('table_name', '=', 'beneficiaries')
      .executeTakeFirstOrThrow();
    expect(beneficiaries.total).toBe(400);
    for (const account of demo.accounts) {
      const session = await signIn(app, { username: account.username, password: demo.password });
      expect(session.response.user.role).toBe(account.role);
    }
    const events = (await listAuditEvents(database.db)).filter((event) => event.type === 'first-run');
    expect(events.map((event) => event.outcome).sort()).toEqual(['ok', 'setup-already-done']);
    expectApiError(await loadDemo(app), 409, 'setup-already-done');
  });
});

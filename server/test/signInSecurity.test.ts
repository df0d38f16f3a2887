/**
 * Sign-in under attack (issue 14, point 5, and the one-time password of point 8): the throttle
 * counts per account across every PC and per client address, not only per account and PC; new PCs
 * beyond a user's allowance wait for an approval; argon2 work is bounded and answers `server-busy`
 * beyond its queue; a one-time password opens one session even when two sign-ins race. On SQLite
 * and PostgreSQL, with a clock that only moves when the test says so (no timing assertions).
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { apiErrorSchema } from '../../shared/api/health';
import { apiRouteTable } from '../../shared/api/routes';
import { deviceSummarySchema } from '../../shared/auth/schemas';
import { maximumDelayMs } from '../../shared/auth/throttle';
import { createPasswordWork, serverBusyRetryAfterSeconds } from '../src/auth/passwordWork';
import type { PasswordWork } from '../src/auth/passwordWork';
import { hashPassword, verifyPassword } from '../src/auth/passwords';
import { addressKey, throttleAllowances } from '../src/auth/throttle';
import { listAuditEvents } from '../src/db';
import type { MasarDatabase } from '../src/db';
import {
  buildAccountsServer,
  call,
  credentialHeaders,
  postSignIn,
  seedCentre,
  seedUser,
  signIn,
} from './support/accounts';
import type { AccountsServer, TestUser } from './support/accounts';
import { expectApiError } from './support/http';
import { pullBody } from './support/sync';
import { engines } from './support/testDatabase';

const devicesSchema = z.object({ devices: z.array(deviceSummarySchema) });
const day = 24 * 60 * 60 * 1000;

type From = Pick<InjectOptions, 'remoteAddress' | 'headers'>;

function signInFrom(
  app: AccountsServer['app'],
  body: { username: string; password: string },
  from: From,
  deviceToken?: string,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: apiRouteTable.signIn.path,
    ...from,
    headers: { ...credentialHeaders({ deviceToken }), ...from.headers },
    payload: { username: body.username, password: body.password },
  });
}

/** Answers' error codes in order (`ok` for a success). */
function codesOf(responses: readonly LightMyRequestResponse[]): string[] {
  return responses.map((response) =>
    response.statusCode === 200 ? 'ok' : apiErrorSchema.parse(response.json()).error.code,
  );
}

async function sessionCount(database: MasarDatabase, userId: string): Promise<number> {
  const rows = await database.db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();
  return rows.length;
}

describe('client address keys', () => {
  it('are IPv4 as they are (mapped or not), IPv6 by their /64', () => {
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('bounded argon2 work', () => {
  it('runs `concurrency` at once, queues `maxQueued`, refuses beyond, and hands turns over in order', async () => {
    const gates: (() => void)[] = [];
    const work = createPasswordWork({
      concurrency: 1,
      maxQueued: 1,
      functions: {
        hash: (password) =>
          new Promise((resolve) => {
            gates.push(() => {
              resolve(`hash of ${password}`);
            });
          }),
        verify: () => Promise.resolve(true),
      },
    });
    const first = work.hash('un');
    const second = work.hash('deux');
    expect(work.load()).toEqual({ running: 1, queued: 1 });
    await expect(work.hash('trois')).rejects.toMatchObject({ code: 'server-busy' });
    await vi.waitFor(() => {
      expect(gates).toHaveLength(1);
    });
    gates[0]?.();
    expect(await first).toBe('hash of un');
    await vi.waitFor(() => {
      expect(gates).toHaveLength(2);
    });
    expect(work.load()).toEqual({ running: 1, queued: 0 });
    gates[1]?.();
    expect(await second).toBe('hash of deux');
    expect(work.load()).toEqual({ running: 0, queued: 0 });
  });

  it('gives a queued place back when its request leaves before its turn', () => {
    const work = createPasswordWork({ concurrency: 1, maxQueued: 1 });
    const running = work.admit();
    const waiting = work.admit();
    expect(() => work.admit()).toThrow();
    waiting.release();
    expect(work.load()).toEqual({ running: 1, queued: 0 });
    const again = work.admit();
    running.release();
    expect(work.load()).toEqual({ running: 1, queued: 0 });
    again.release();
    expect(work.load()).toEqual({ running: 0, queued: 0 });
  });
});

describe.each(engines)('sign-in security on %s', (engine) => {
  async function setUp(options: Parameters<typeof buildAccountsServer>[1] = {}) {
    const server = await buildAccountsServer(engine, options);
    const centre = await seedCentre(server.database, 'CAPC-FES');
    const amina = await seedUser(server.database, { username: 'amina', role: 'conseiller', centreIds: [centre.id] });
    const mallory = await seedUser(server.database, {
      username: 'mallory',
      role: 'conseiller',
      centreIds: [centre.id],
      password: 'le mot de passe de mallory',
    });
    const coordinator = await seedUser(server.database, {
      username: 'coord',
      role: 'coordinateur_centre',
      centreIds: [centre.id],
    });
    const admin = await seedUser(server.database, { username: 'admin', role: 'administrateur' });
    return { ...server, centre, amina, mallory, coordinator, admin };
  }

  /** Registers PCs with `user`'s own password (pending ones included: each has its token). */
  async function registerPcs(app: AccountsServer['app'], user: TestUser, count: number): Promise<string[]> {
    const tokens: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const response = await postSignIn(app, { username: user.username, password: user.password });
      const body = response.json<{ newDevice?: { token: string }; error?: { newDevice?: { token: string } } }>();
      const token = body.newDevice?.token ?? body.error?.newDevice?.token;
      if (token === undefined) throw new Error(`PC ${index + 1} got no token: ${response.payload}`);
      tokens.push(token);
    }
    return tokens;
  }

  describe('throttling across PCs and addresses', () => {
    it('32 wrong passwords on one account through 8 PCs: the account counter stops them after its allowance', async () => {
      const { app, database, clock, amina, mallory } = await setUp();
      // Mallory's own account registers 8 PCs (beyond 3 they are pending, but each has its token).
      const pcs = await registerPcs(app, mallory, 8);
      const answers: LightMyRequestResponse[] = [];
      for (const token of pcs) {
        for (let guess = 0; guess < 4; guess += 1) {
          answers.push(await postSignIn(app, { username: 'amina', password: `essai ${answers.length}` }, token));
        }
      }
      const codes = codesOf(answers);
      // Each PC alone would have let 4 through, 32 in all: the account lets its 10 free failures
      // through, and the 11th, which starts the delay.
      expect(codes.filter((code) => code === 'invalid-credentials')).toHaveLength(throttleAllowances.account + 1);
      expect(codes.slice(throttleAllowances.account + 1).every((code) => code === 'throttled')).toBe(true);
      const throttled = (await listAuditEvents(database.db)).filter((event) => event.outcome === 'throttled');
      expect(JSON.parse(throttled[0]?.detail ?? '{}')).toMatchObject({ counter: 'account' });

      // The price, decided on purpose: Amina on her own PC waits too — a bounded delay her correct
      // password, once allowed, ends.
      expectApiError(await postSignIn(app, amina), 429, 'throttled');
      clock.advance(maximumDelayMs);
      await signIn(app, amina);
      expect(await postSignIn(app, { username: 'amina', password: 'faux' })).toMatchObject({ statusCode: 401 });
    });

    it('guesses from one address on many accounts stop after its allowance; another address is not delayed', async () => {
      const { app, amina } = await setUp();
      const attacker = { remoteAddress: '192.0.2.7' };
      const answers: LightMyRequestResponse[] = [];
      for (let index = 0; index < throttleAllowances.address + 4; index += 1) {
        answers.push(await signInFrom(app, { username: `compte.${index}`, password: 'devine' }, attacker));
      }
      const codes = codesOf(answers);
      expect(codes.slice(0, throttleAllowances.address + 1).every((code) => code === 'invalid-credentials')).toBe(true);
      expect(codes.slice(throttleAllowances.address + 1).every((code) => code === 'throttled')).toBe(true);
      // Even a right password waits at that address: the throttle answers before any check.
      expectApiError(await signInFrom(app, amina, attacker), 429, 'throttled');
      // The same /64 of IPv6 counts as one address; another address is free.
      expect((await signInFrom(app, amina, { remoteAddress: '192.0.2.8' })).statusCode).toBe(200);
    });

    it("an IPv6 machine's addresses share one counter", async () => {
      const { app } = await setUp();
      const codes: string[] = [];
      for (let index = 0; index < throttleAllowances.address + 2; index += 1) {
        const from = { remoteAddress: `2001:db8:7:7::${(index + 1).toString(16)}` };
        codes.push(...codesOf([await signInFrom(app, { username: `compte.${index}`, password: 'devine' }, from)]));
      }
      expect(codes.at(-1)).toBe('throttled');
    });

    it("a colleague's correct password from the same address resets the address counter", async () => {
      const { app, amina } = await setUp();
      const centre = { remoteAddress: '192.0.2.20' };
      for (let index = 0; index < throttleAllowances.address; index += 1) {
        await signInFrom(app, { username: `faute.${index}`, password: 'faute de frappe' }, centre);
      }
      expect((await signInFrom(app, amina, centre)).statusCode).toBe(200);
      for (let index = 0; index < throttleAllowances.address; index += 1) {
        const answer = await signInFrom(app, { username: `autre.${index}`, password: 'faute' }, centre);
        expect(answer.statusCode).toBe(401);
      }
    });

    it('believes X-Forwarded-For only from a configured proxy', async () => {
      const spoofed = await setUp();
      // Without a trusted proxy the header is ignored: the attacker's own address is counted.
      for (let index = 0; index <= throttleAllowances.address + 1; index += 1) {
        const answer = await signInFrom(
          spoofed.app,
          { username: `compte.${index}`, password: 'devine' },
          { remoteAddress: '192.0.2.7', headers: { 'x-forwarded-for': `198.51.100.${index}` } },
        );
        if (index > throttleAllowances.address) expectApiError(answer, 429, 'throttled');
      }

      const proxied = await setUp({ trustProxy: ['192.0.2.1'] });
      // Behind the configured proxy, each client counts apart…
      for (let index = 0; index <= throttleAllowances.address + 1; index += 1) {
        const answer = await signInFrom(
          proxied.app,
          { username: `compte.${index}`, password: 'devine' },
          { remoteAddress: '192.0.2.1', headers: { 'x-forwarded-for': `198.51.100.${index}` } },
        );
        expect(answer.statusCode).toBe(401);
      }
      // …and one client behind it is counted as itself.
      const codes: string[] = [];
      for (let index = 0; index <= throttleAllowances.address + 1; index += 1) {
        const answer = await signInFrom(
          proxied.app,
          { username: `autre.${index}`, password: 'devine' },
          { remoteAddress: '192.0.2.1', headers: { 'x-forwarded-for': '198.51.100.250' } },
        );
        codes.push(...codesOf([answer]));
      }
      expect(codes.at(-1)).toBe('throttled');
    });
  });

  describe('new PCs beyond the allowance', () => {
    it('waits for an approval: refused device-pending with its credentials, approved in Postes, then signs in', async () => {
      const { app, database, amina, coordinator, mallory, admin } = await setUp();
      for (let index = 0; index < 3; index += 1) await signIn(app, amina);

      const fourth = await postSignIn(app, { ...amina, deviceName: 'PC inconnu' });
      const refusal = expectApiError(fourth, 403, 'device-pending');
      const pending = refusal.error.newDevice;
      if (pending === undefined) throw new Error('no credentials with device-pending');
      // Again from the same PC: the same pending PC, not another one.
      expectApiError(await postSignIn(app, amina, pending.token), 403, 'device-pending');
      expect(
        apiErrorSchema.parse((await postSignIn(app, amina, pending.token)).json()).error.newDevice,
      ).toBeUndefined();
      // A wrong password from it is just a wrong password.
      expectApiError(
        await postSignIn(app, { username: 'amina', password: 'faux' }, pending.token),
        401,
        'invalid-credentials',
      );
      expect(await sessionCount(database, amina.id)).toBe(3);

      const coordinatorSession = await signIn(app, coordinator);
      const listed = devicesSchema.parse((await call(app, 'listDevices', coordinatorSession)).json()).devices;
      expect(listed.find((device) => device.id === pending.id)).toMatchObject({
        name: 'PC inconnu',
        isPendingApproval: true,
        approvedAt: null,
        registeredByUserId: amina.id,
        registeredByRole: 'conseiller',
      });

      // Amina's colleague may not; her coordinator may.
      const colleague = await signIn(app, mallory);
      expectApiError(await call(app, 'approveDevice', colleague, { id: pending.id }), 403, 'forbidden');
      const approved = await call(app, 'approveDevice', coordinatorSession, { id: pending.id });
      expect(approved.statusCode, approved.payload).toBe(200);
      expect(z.object({ device: deviceSummarySchema }).parse(approved.json()).device).toMatchObject({
        isPendingApproval: false,
        approvedAt: expect.any(String) as unknown,
      });
      const session = await signIn(app, amina, pending.token);
      expect(session.deviceId).toBe(pending.id);

      const events = await listAuditEvents(database.db);
      const registrations = events.filter(
        (event) => event.type === 'device-register' && event.subjectUserId === amina.id,
      );
      expect(registrations.map((event) => event.outcome)).toEqual(['ok', 'ok', 'ok', 'pending']);
      expect(
        events.filter((event) => event.type === 'device-approve').map((event) => [event.outcome, event.actorUserId]),
      ).toEqual([
        ['forbidden', mallory.id],
        ['ok', coordinator.id],
      ]);
      // An administrator sees it approved too.
      const adminSession = await signIn(app, admin);
      const all = devicesSchema.parse((await call(app, 'listDevices', adminSession)).json()).devices;
      expect(all.filter((device) => device.isPendingApproval)).toEqual([]);
    });

    it('counts only the PCs of the period that are not revoked', async () => {
      const { app, clock, amina, admin } = await setUp();
      const sessions = [await signIn(app, amina), await signIn(app, amina), await signIn(app, amina)];
      expectApiError(await postSignIn(app, amina), 403, 'device-pending');
      const adminSession = await signIn(app, admin);
      expect((await call(app, 'revokeDevice', adminSession, { id: sessions[0]?.deviceId ?? '' })).statusCode).toBe(200);
      // Still three that count: two of hers and the pending one.
      expectApiError(await postSignIn(app, amina), 403, 'device-pending');
      clock.advance(31 * day);
      await signIn(app, amina);
    });

    it('a pending PC cannot be approved by the user who registered it, nor used with a session', async () => {
      const { app, coordinator } = await setUp();
      const own = [await signIn(app, coordinator), await signIn(app, coordinator), await signIn(app, coordinator)];
      const pending = apiErrorSchema.parse((await postSignIn(app, coordinator)).json()).error.newDevice;
      if (pending === undefined) throw new Error('no pending PC');
      expectApiError(await call(app, 'approveDevice', own[0] ?? {}, { id: pending.id }), 403, 'forbidden');
      expectApiError(
        await call(app, 'me', { deviceToken: pending.token, sessionToken: own[0]?.sessionToken }),
        403,
        'device-pending',
      );
    });
  });

  describe('bounded argon2 work', () => {
    /** A password check that waits while the gate is closed, and tells when it starts. */
    function gatedWork(): { work: PasswordWork; close(): void; open(): void; started: () => number } {
      let isClosed = false;
      let release: () => void = () => undefined;
      let gate = Promise.resolve();
      let started = 0;
      const work = createPasswordWork({
        concurrency: 2,
        maxQueued: 2,
        functions: {
          hash: hashPassword,
          verify: async (passwordHash, password) => {
            started += 1;
            if (isClosed) await gate;
            return verifyPassword(passwordHash, password);
          },
        },
      });
      return {
        work,
        close: () => {
          isClosed = true;
          gate = new Promise((resolve) => {
            release = resolve;
          });
        },
        open: () => {
          isClosed = false;
          release();
        },
        started: () => started,
      };
    }

    it('answers 503 server-busy with Retry-After beyond its queue, counts nothing, and sync still answers', async () => {
      const gated = gatedWork();
      const { app, database, amina, mallory } = await setUp({ passwords: gated.work });
      const session = await signIn(app, amina);

      gated.close();
      // Two checks running, two waiting for a turn.
      const inFlight = [0, 1, 2, 3].map((index) =>
        signInFrom(app, { username: `compte.${index}`, password: 'devine' }, { remoteAddress: `192.0.2.${index + 1}` }),
      );
      await vi.waitFor(() => {
        expect(gated.work.load()).toEqual({ running: 2, queued: 2 });
        // Amina's check, then the two running ones (the queued ones have not started).
        expect(gated.started()).toBe(3);
      });

      const refused = await signInFrom(app, mallory, { remoteAddress: '192.0.2.99' });
      expectApiError(refused, 503, 'server-busy');
      expect(refused.headers['retry-after']).toBe(String(serverBusyRetryAfterSeconds));
      // Refused before being counted: no throttle counter for it.
      const counters = await database.db.selectFrom('sign_in_throttle').select('key').execute();
      expect(counters.map((row) => row.key).filter((key) => key.includes('mallory') || key.includes('.99'))).toEqual(
        [],
      );
      // The sync needs no argon2: it answers while every turn is taken.
      expect((await call(app, 'syncPull', session, { body: pullBody([]) })).statusCode).toBe(200);
      expect((await call(app, 'me', session)).statusCode).toBe(200);

      gated.open();
      expect(codesOf(await Promise.all(inFlight))).toEqual([
        'invalid-credentials',
        'invalid-credentials',
        'invalid-credentials',
        'invalid-credentials',
      ]);
      expect(gated.work.load()).toEqual({ running: 0, queued: 0 });
      expect((await signInFrom(app, mallory, { remoteAddress: '192.0.2.99' })).statusCode).toBe(200);
      const busy = (await listAuditEvents(database.db)).filter((event) => event.outcome === 'server-busy');
      expect(busy.map((event) => event.username)).toEqual(['mallory']);
    });
  });

  describe('one-time passwords', () => {
    it('two sign-ins racing with one one-time password: one session, the other refused', async () => {
      // Both sign-ins are held once their password is checked, until both got there: they then race
      // for the session, and only the transaction that re-reads and consumes it can stop the second.
      let arrived = 0;
      let release: () => void = () => undefined;
      const bothChecked = new Promise<void>((resolve) => {
        release = resolve;
      });
      let isRacing = false;
      const passwords = createPasswordWork({
        functions: {
          hash: hashPassword,
          verify: async (passwordHash, password) => {
            const matches = await verifyPassword(passwordHash, password);
            if (isRacing) {
              arrived += 1;
              if (arrived === 2) release();
              await bothChecked;
            }
            return matches;
          },
        },
      });
      const { app, database, admin, centre } = await setUp({ passwords });
      const adminSession = await signIn(app, admin);
      const created = await call(app, 'createUser', adminSession, {
        body: { username: 'youssef', displayName: 'Youssef', role: 'conseiller', centreIds: [centre.id] },
      });
      const { oneTimePassword, user } = created.json<{ oneTimePassword: string; user: { id: string } }>();

      isRacing = true;
      const answers = await Promise.all([
        signInFrom(app, { username: 'youssef', password: oneTimePassword }, { remoteAddress: '192.0.2.1' }),
        signInFrom(app, { username: 'youssef', password: oneTimePassword }, { remoteAddress: '192.0.2.2' }),
      ]);
      expect(codesOf(answers).sort()).toEqual(['ok', 'one-time-password-expired']);
      expect(await sessionCount(database, user.id)).toBe(1);
      const outcomes = (await listAuditEvents(database.db))
        .filter((event) => event.type === 'sign-in' && event.username === 'youssef')
        .map((event) => event.outcome)
        .sort();
      expect(outcomes).toEqual(['ok', 'one-time-password-expired']);
    });

    it('a password reset between the check and the session refuses the password checked', async () => {
      let onChecked: () => Promise<void> = () => Promise.resolve();
      const passwords = createPasswordWork({
        functions: {
          hash: hashPassword,
          verify: async (passwordHash, password) => {
            const matches = await verifyPassword(passwordHash, password);
            await onChecked();
            return matches;
          },
        },
      });
      const { app, database, admin, amina } = await setUp({ passwords });
      const adminSession = await signIn(app, admin);
      onChecked = async () => {
        onChecked = () => Promise.resolve();
        expect((await call(app, 'resetPassword', adminSession, { id: amina.id })).statusCode).toBe(200);
      };
      expectApiError(await postSignIn(app, amina), 401, 'invalid-credentials');
      expect(await sessionCount(database, amina.id)).toBe(0);
    });
  });
});

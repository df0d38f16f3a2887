import { beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { CentreInfo, UserProfile } from '../../shared/auth/schemas';
import type { HostApi } from '../../shared/host/hostApi';
import { err, ok, type HostErrorCode, type Result } from '../../shared/result';
import { openAccountRepository, type AccountRepository } from '../db/accountRepository';
import { createAuthService, type AuthService } from './authService';

/**
 * The sign-in flow against a scripted host: what the server answers is set per test
 * (`serverAnswer`), the PC's clock is `clock`. The accounts database is a real Dexie on an
 * in-memory IndexedDB, and the verifier is real PBKDF2 (with few iterations for speed).
 */
const amina: UserProfile = {
  id: '0190a8d4-1c2e-7a3b-9c4d-5e6f7a8b9c0d',
  username: 'amina.idrissi',
  displayName: 'Amina El Idrissi',
  role: 'conseiller',
  centreIds: ['0190a8d4-1c2e-7a3b-9c4d-000000000001'],
  mustChangePassword: false,
  judicialHoldCentreIds: [],
};

const casa: CentreInfo = {
  id: '0190a8d4-1c2e-7a3b-9c4d-000000000001',
  code: 'CASA',
  nameFr: 'CAPC Casablanca',
  nameAr: 'مركز الدار البيضاء',
  regionCode: 'CSE',
};

let serverAnswer: () => Result<{ user: UserProfile; deviceId: string; serverTime: number; centres: CentreInfo[] }>;
let isRevoked: boolean;
let clock: number;
let accounts: AccountRepository;
let auth: AuthService;
let serverCalls: number;

const unreachable = () => err('server-unreachable', 'down');
const refused = (code: HostErrorCode) => () => err(code, code);
const accepts = (user: UserProfile) => () =>
  ok({ user, deviceId: '0190a8d4-1c2e-7a3b-9c4d-0000000000d1', serverTime: 0, centres: [casa] });

beforeEach(() => {
  serverCalls = 0;
  isRevoked = false;
  clock = Date.UTC(2026, 10, 28, 9);
  const host = {
    'device:status': () => Promise.resolve(ok({ deviceId: null, isRevoked })),
    'auth:signIn': () => {
      serverCalls += 1;
      return Promise.resolve(serverAnswer());
    },
    'auth:changePassword': ({ newPassword }: { newPassword: string }) =>
      Promise.resolve(
        newPassword.length >= 10
          ? ok({ user: { ...amina, mustChangePassword: false }, centres: [] })
          : err('invalid-request', 'short'),
      ),
    'auth:signOut': () => Promise.resolve(ok({ isServerSessionEnded: true })),
  } as unknown as HostApi;
  accounts = openAccountRepository({ indexedDB: new IDBFactory(), IDBKeyRange });
  auth = createAuthService({ host, accounts, now: () => clock, iterations: 1000 });
});

describe('signing in on a PC', () => {
  it('needs the server the first time, then works offline the next day', async () => {
    serverAnswer = unreachable;
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toEqual({
      kind: 'failed',
      error: { code: 'first-sign-in-online' },
    });

    // Online, the centres come with the profile: the PC keeps them before any work.
    serverAnswer = accepts(amina);
    expect(await auth.signIn('Amina.Idrissi ', 'un mot de passe sûr')).toEqual({
      kind: 'signed-in',
      user: amina,
      hasServerSession: true,
      centres: [casa],
    });

    serverAnswer = unreachable;
    clock += 24 * 3600 * 1000;
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toEqual({
      kind: 'signed-in',
      user: amina,
      hasServerSession: false,
    });
    expect(await auth.signIn('amina.idrissi', 'mauvais')).toMatchObject({ error: { code: 'invalid-credentials' } });
  });

  it('signs in offline while the server is too busy to check passwords, and remembers a judicial hold', async () => {
    const held = { ...amina, judicialHoldCentreIds: [casa.id] };
    serverAnswer = accepts(held);
    await auth.signIn('amina.idrissi', 'un mot de passe sûr');

    serverAnswer = () => err('server-busy', 'busy', 2);
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toEqual({
      kind: 'signed-in',
      user: held,
      hasServerSession: false,
    });
    // A first sign-in on this PC still needs the server's answer.
    expect(await auth.signIn('karim.tazi', 'un mot de passe sûr')).toMatchObject({
      error: { code: 'first-sign-in-online' },
    });
  });

  it('tells a PC that awaits an approval so, and never lets it in offline', async () => {
    serverAnswer = refused('device-pending');
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toEqual({
      kind: 'failed',
      error: { code: 'device-pending' },
    });
  });

  it('never stores the password itself', async () => {
    serverAnswer = accepts(amina);
    await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    const stored = JSON.stringify(await accounts.get(amina.id));
    expect(stored).not.toContain('un mot de passe sûr');
    expect(stored).toContain('PBKDF2-SHA256');
  });

  it("takes the server's refusals as final, even with a valid local verifier", async () => {
    serverAnswer = accepts(amina);
    await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    serverAnswer = refused('invalid-credentials');
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toMatchObject({
      error: { code: 'invalid-credentials' },
    });
  });

  it('remembers a disabled account and refuses it offline afterwards', async () => {
    serverAnswer = accepts(amina);
    await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    serverAnswer = refused('user-disabled');
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toMatchObject({
      error: { code: 'user-disabled' },
    });
    serverAnswer = unreachable;
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toMatchObject({
      error: { code: 'user-disabled' },
    });
  });

  it('refuses everyone on a revoked PC, offline included, without asking the server', async () => {
    serverAnswer = accepts(amina);
    await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    isRevoked = true;
    serverCalls = 0;
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toMatchObject({
      error: { code: 'device-revoked' },
    });
    expect(await auth.unlock(amina, 'un mot de passe sûr')).toMatchObject({
      ok: false,
      error: { code: 'device-revoked' },
    });
    expect(serverCalls).toBe(0);
  });

  it('delays offline attempts after repeated failures, and the delay survives a restart', async () => {
    serverAnswer = accepts(amina);
    await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    serverAnswer = unreachable;
    for (let i = 0; i < 5; i += 1) {
      expect(await auth.signIn('amina.idrissi', 'faux')).toMatchObject({ error: { code: 'invalid-credentials' } });
    }
    // Even the right password waits now: 1 s after the fifth failure.
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toEqual({
      kind: 'failed',
      error: { code: 'throttled', retryAfterSeconds: 1 },
    });
    clock += 1000;
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toMatchObject({ kind: 'signed-in' });
  });

  it('asks to replace a one-time password before anything else, and only then works offline', async () => {
    serverAnswer = accepts({ ...amina, mustChangePassword: true });
    const outcome = await auth.signIn('amina.idrissi', 'K7M-ONE-TIME');
    expect(outcome).toMatchObject({ kind: 'must-change-password' });
    expect(await accounts.get(amina.id)).toBeUndefined();

    expect(await auth.replaceOneTimePassword(amina, 'K7M-ONE-TIME', 'mon nouveau secret')).toMatchObject({
      kind: 'signed-in',
      hasServerSession: true,
    });
    serverAnswer = unreachable;
    expect(await auth.signIn('amina.idrissi', 'K7M-ONE-TIME')).toMatchObject({
      error: { code: 'invalid-credentials' },
    });
    expect(await auth.signIn('amina.idrissi', 'mon nouveau secret')).toMatchObject({ kind: 'signed-in' });
  });

  it('unlocks with the local verifier only', async () => {
    serverAnswer = accepts(amina);
    await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    serverCalls = 0;
    expect(await auth.unlock(amina, 'un mot de passe sûr')).toEqual({ ok: true });
    expect(await auth.unlock(amina, 'faux')).toMatchObject({ ok: false, error: { code: 'invalid-credentials' } });
    expect(serverCalls).toBe(0);
  });

  it('refuses a malformed username without calling the server', async () => {
    serverAnswer = accepts(amina);
    expect(await auth.signIn('a', 'x')).toMatchObject({ error: { code: 'invalid-credentials' } });
    expect(serverCalls).toBe(0);
  });
});

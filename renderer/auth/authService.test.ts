import { beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { CentreInfo, UserProfile } from '../../shared/auth/schemas';
import type { HostApi } from '../../shared/host/hostApi';
import { err, ok, type HostErrorCode, type Result } from '../../shared/result';
import { offlineFailureLimit } from '../../shared/auth/throttle';
import { openNow, sealNow, toBase64 } from '../crypto/envelope';
import type { DataKey } from '../crypto/dataKey';
import { openAccountRepository, type AccountRepository } from '../db/accountRepository';
import { createBeneficiaryRepository } from '../db/beneficiaryRepository';
import { openTestDatabase } from '../db/testDatabase';
import { testDraft } from '../db/testDraft';
import { wipeUserDatabases } from '../db/wipe';
import { createAuthService, type AuthService } from './authService';
import { createVerifier } from '../crypto/offlineVerifier';

/**
 * The sign-in flow against a scripted host: what the server answers is set per test
 * (`serverAnswer`, with the server's data key secret for this user and PC `secret`), the PC's
 * clock is `clock`. The accounts database is a real Dexie on an in-memory IndexedDB, and the data
 * key's wraps are real AES-GCM under real PBKDF2 (with few iterations for speed).
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

let serverAnswer: () => Result<{
  user: UserProfile;
  deviceId: string;
  serverTime: number;
  centres: CentreInfo[];
  dataKeySecret?: string;
}>;
let secret: string | undefined;
/** The fake OS protection (`keys:protect`): false as on another Windows account, which cannot open it. */
let isSameOsAccount: boolean;
const osPrefix = 'protected-by-os:';
/** What the fake OS protection sealed, opened as the test's eyes only. */
const osOpened = (sealed: string | undefined) =>
  sealed === undefined ? undefined : (JSON.parse(atob(sealed.slice(osPrefix.length))) as unknown);
let isRevoked: boolean;
let clock: number;
let accounts: AccountRepository;
let auth: AuthService;
let userDatabases: IDBFactory;
let serverCalls: number;

const unreachable = () => err('server-unreachable', 'down');
const refused = (code: HostErrorCode) => () => err(code, code);
const accepts = (user: UserProfile) => () =>
  ok({
    user,
    deviceId: '0190a8d4-1c2e-7a3b-9c4d-0000000000d1',
    serverTime: 0,
    centres: [casa],
    ...(secret === undefined ? {} : { dataKeySecret: secret }),
  });
const newSecret = () =>
  toBase64(crypto.getRandomValues(new Uint8Array(32)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

beforeEach(() => {
  serverCalls = 0;
  isRevoked = false;
  secret = newSecret();
  isSameOsAccount = true;
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
          ? ok({
              user: { ...amina, mustChangePassword: false },
              centres: [],
              ...(secret === undefined ? {} : { dataKeySecret: secret }),
            })
          : err('invalid-request', 'short'),
      ),
    'auth:signOut': () => Promise.resolve(ok({ isServerSessionEnded: true })),
    'keys:protect': ({ text }: { text: string }) => Promise.resolve(ok({ sealed: `${osPrefix}${btoa(text)}` })),
    'keys:unprotect': ({ sealed }: { sealed: string }) =>
      Promise.resolve(
        isSameOsAccount && sealed.startsWith(osPrefix)
          ? ok({ text: atob(sealed.slice(osPrefix.length)) })
          : err('internal', 'protected by another account'),
      ),
  } as unknown as HostApi;
  accounts = openAccountRepository({ indexedDB: new IDBFactory(), IDBKeyRange });
  userDatabases = new IDBFactory();
  auth = createAuthService({
    host,
    accounts,
    now: () => clock,
    iterations: 1000,
    wipe: (userIds) => wipeUserDatabases(userIds, userDatabases),
  });
});

/** A day's work left unsent in a user's database on this PC: one person registered. */
async function unsentWork(userId: string): Promise<void> {
  const db = openTestDatabase(userId, { indexedDB: userDatabases, IDBKeyRange });
  await createBeneficiaryRepository(db).create(testDraft(clock), '0190a8d4-1c2e-7a3b-9c4d-0000000000c1');
  db.close();
}
const databaseNames = async () => (await userDatabases.databases()).map((info) => info.name);

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
      dataKey: { rows: expect.any(Uint8Array) as Uint8Array, index: expect.any(Uint8Array) as Uint8Array },
      // CASA says nothing of its PCs: the defaults.
      privacy: { autoLockMinutes: 10, maxOfflineDays: 30 },
    });

    serverAnswer = unreachable;
    clock += 24 * 3600 * 1000;
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toEqual({
      kind: 'signed-in',
      user: amina,
      hasServerSession: false,
      dataKey: { rows: expect.any(Uint8Array) as Uint8Array, index: expect.any(Uint8Array) as Uint8Array },
      privacy: { autoLockMinutes: 10, maxOfflineDays: 30 },
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
      dataKey: { rows: expect.any(Uint8Array) as Uint8Array, index: expect.any(Uint8Array) as Uint8Array },
      privacy: { autoLockMinutes: 10, maxOfflineDays: 30 },
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

  it('never stores the password itself, nor anything to test a guess against but the wrapped key', async () => {
    serverAnswer = accepts(amina);
    await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    const stored = await accounts.get(amina.id);
    expect(JSON.stringify(stored)).not.toContain('un mot de passe sûr');
    expect(stored).not.toHaveProperty('verifier');
    expect(JSON.stringify(stored)).not.toMatch(/"hash"/);
    // Sealed by the OS protection around the password wrap.
    expect(stored?.passwordWrap).toMatch(new RegExp(`^${osPrefix}`));
    expect(osOpened(stored?.passwordWrap)).toMatchObject({ kdf: 'PBKDF2-SHA256', iterations: 1000 });
    expect(stored?.serverWrap?.sealed).toEqual(expect.any(String));
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('opens the same data key offline and at unlock; a wrong password is a wrap that does not open', async () => {
    serverAnswer = accepts(amina);
    const online = await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    if (online.kind !== 'signed-in' || online.dataKey === null) throw new Error('no data key');
    expect(online.dataKey.rows).toHaveLength(32);
    const sealed = sealNow(online.dataKey.rows, 'beneficiaries|b1|1', { lastName: 'El Idrissi' });

    serverAnswer = unreachable;
    const offline = await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    if (offline.kind !== 'signed-in' || offline.dataKey === null) throw new Error('no data key offline');
    expect(openNow(offline.dataKey.rows, 'beneficiaries|b1|1', sealed)).toEqual({
      ok: true,
      value: { lastName: 'El Idrissi' },
    });
    const unlocked = await auth.unlock(amina, 'un mot de passe sûr');
    if (!unlocked.ok || unlocked.value === null) throw new Error('no data key at unlock');
    expect(openNow(unlocked.value.rows, 'beneficiaries|b1|1', sealed).ok).toBe(true);

    expect(await auth.unlock(amina, 'un mot de passe faux')).toEqual({
      ok: false,
      error: { code: 'invalid-credentials' },
    });
    expect((await accounts.get(amina.id))?.failedAttempts).toBe(1);
  });

  it("takes the server's refusals as final, even with a password that opens the key", async () => {
    serverAnswer = accepts(amina);
    await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    serverAnswer = refused('invalid-credentials');
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toMatchObject({
      error: { code: 'invalid-credentials' },
    });
  });

  it('erases a disabled account’s data and key at the next contact, says what was unsent, and refuses it offline', async () => {
    serverAnswer = accepts(amina);
    await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    await unsentWork(amina.id);
    expect(await databaseNames()).toEqual([`masar-${amina.id}`]);
    serverAnswer = refused('user-disabled');
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toEqual({
      kind: 'failed',
      error: { code: 'user-disabled', wiped: { unsentChanges: 1 } },
    });
    expect(await databaseNames()).toEqual([]);
    expect(await accounts.get(amina.id)).toBeUndefined();
    // Offline, nothing of the account is left to open: the server must be asked (and refuses).
    serverAnswer = unreachable;
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toMatchObject({
      error: { code: 'first-sign-in-online' },
    });
  });

  it('refuses everyone on a revoked PC, offline included, without asking the server, and erases every user’s data', async () => {
    serverAnswer = accepts(amina);
    await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    await unsentWork(amina.id);
    isRevoked = true;
    serverCalls = 0;
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toEqual({
      kind: 'failed',
      error: { code: 'device-revoked', wiped: { unsentChanges: 1 } },
    });
    expect(await databaseNames()).toEqual([]);
    expect(await accounts.list()).toEqual([]);
    // Said once: the next attempt has nothing left to erase.
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toEqual({
      kind: 'failed',
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

  it('unlocks with the password on this PC only, never asking the server', async () => {
    serverAnswer = accepts(amina);
    await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    serverCalls = 0;
    expect(await auth.unlock(amina, 'un mot de passe sûr')).toEqual({
      ok: true,
      value: { rows: expect.any(Uint8Array) as Uint8Array, index: expect.any(Uint8Array) as Uint8Array },
    });
    expect(await auth.unlock(amina, 'faux')).toMatchObject({ ok: false, error: { code: 'invalid-credentials' } });
    expect(serverCalls).toBe(0);
  });

  it('refuses a malformed username without calling the server', async () => {
    serverAnswer = accepts(amina);
    expect(await auth.signIn('a', 'x')).toMatchObject({ error: { code: 'invalid-credentials' } });
    expect(serverCalls).toBe(0);
  });
});

describe('the data key across failures, resets and password changes', () => {
  // A sign-in's outcome holds `dataKey`; an unlock's or a password change's, a result's `value`.
  const keyOf = (outcome: { dataKey: DataKey | null } | { value: DataKey | null } | object) =>
    'dataKey' in outcome ? outcome.dataKey : 'value' in outcome ? outcome.value : null;
  const sealedBy = (outcome: { dataKey: DataKey | null } | object) => {
    const dataKey = keyOf(outcome);
    if (dataKey === null) throw new Error('no data key');
    return sealNow(dataKey.rows, 'detentionRecords|d1|2', { establishment: 'Oukacha' });
  };
  const opensWith = (outcome: { dataKey: DataKey | null } | object, sealed: Uint8Array) => {
    const dataKey = keyOf(outcome);
    if (dataKey === null) return false;
    return openNow(dataKey.rows, 'detentionRecords|d1|2', sealed).ok;
  };

  it(`refuses offline sign-in and unlock after ${offlineFailureLimit} failures, until an online sign-in`, async () => {
    serverAnswer = accepts(amina);
    await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    serverAnswer = unreachable;
    for (let i = 0; i < offlineFailureLimit; i += 1) {
      clock += 15 * 60 * 1000;
      const attempt = i % 2 === 0 ? auth.signIn('amina.idrissi', 'faux') : auth.unlock(amina, 'faux');
      expect(await attempt).toMatchObject({ error: { code: 'invalid-credentials' } });
    }
    clock += 15 * 60 * 1000;
    // Even the right password, with every delay long past, and after a restart (stored).
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toEqual({
      kind: 'failed',
      error: { code: 'online-sign-in-required' },
    });
    expect(await auth.unlock(amina, 'un mot de passe sûr')).toEqual({
      ok: false,
      error: { code: 'online-sign-in-required' },
    });
    clock += 7 * 24 * 3600 * 1000;
    const restarted = createAuthService({
      host: {
        'device:status': () => Promise.resolve(ok({ deviceId: null, isRevoked: false })),
        'auth:signIn': () => Promise.resolve(unreachable()),
      } as unknown as HostApi,
      accounts,
      now: () => clock,
      iterations: 1000,
    });
    expect(await restarted.signIn('amina.idrissi', 'un mot de passe sûr')).toMatchObject({
      error: { code: 'online-sign-in-required' },
    });

    // The server decides, and its yes clears the count.
    serverAnswer = accepts(amina);
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toMatchObject({ kind: 'signed-in' });
    expect(await accounts.get(amina.id)).toMatchObject({ failedAttempts: 0, nextAttemptAt: 0 });
    serverAnswer = unreachable;
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toMatchObject({ kind: 'signed-in' });
    expect(await auth.unlock(amina, 'un mot de passe sûr')).toMatchObject({ ok: true });
  });

  it('recovers the same key after an administrator reset the password, and the old password opens nothing', async () => {
    serverAnswer = accepts(amina);
    const before = await auth.signIn('amina.idrissi', 'ancien mot de passe');
    const sealed = sealedBy(before);

    // Reset on the server: the one-time password, then the new password chosen.
    serverAnswer = accepts({ ...amina, mustChangePassword: true });
    expect(await auth.signIn('amina.idrissi', 'K7M-ONE-TIME')).toMatchObject({ kind: 'must-change-password' });
    const after = await auth.replaceOneTimePassword(amina, 'K7M-ONE-TIME', 'nouveau mot de passe');
    expect(after).toMatchObject({ kind: 'signed-in' });
    expect(opensWith(after, sealed)).toBe(true);

    serverAnswer = unreachable;
    expect(await auth.signIn('amina.idrissi', 'ancien mot de passe')).toMatchObject({
      error: { code: 'invalid-credentials' },
    });
    expect(await auth.unlock(amina, 'ancien mot de passe')).toMatchObject({ ok: false });
    const offline = await auth.signIn('amina.idrissi', 'nouveau mot de passe');
    expect(opensWith(offline, sealed)).toBe(true);
  });

  it('recovers the same key when the password was changed on another PC', async () => {
    serverAnswer = accepts(amina);
    const sealed = sealedBy(await auth.signIn('amina.idrissi', 'ancien mot de passe'));
    // The server accepts the new password: this PC only knows the old one's wrap.
    const after = await auth.signIn('amina.idrissi', 'changé ailleurs');
    expect(opensWith(after, sealed)).toBe(true);
    serverAnswer = unreachable;
    expect(opensWith(await auth.signIn('amina.idrissi', 'changé ailleurs'), sealed)).toBe(true);
    expect(await auth.signIn('amina.idrissi', 'ancien mot de passe')).toMatchObject({ kind: 'failed' });
  });

  it("re-wraps the key under the user's own new password, with or without the server's secret", async () => {
    for (const withSecret of [true, false]) {
      secret = withSecret ? newSecret() : undefined;
      serverAnswer = accepts(amina);
      const sealed = sealedBy(await auth.signIn('amina.idrissi', `ancien ${withSecret}`));
      const changed = await auth.changePassword(amina, `ancien ${withSecret}`, `nouveau ${withSecret}`);
      expect(changed).toMatchObject({ ok: true });
      expect(opensWith(changed, sealed)).toBe(true);

      serverAnswer = unreachable;
      expect(opensWith(await auth.signIn('amina.idrissi', `nouveau ${withSecret}`), sealed)).toBe(true);
      expect(await auth.unlock(amina, `ancien ${withSecret}`)).toMatchObject({ ok: false });
    }
    expect(await auth.changePassword(amina, 'nouveau false', 'court')).toEqual({
      ok: false,
      error: { code: 'invalid-request' },
    });
  });

  it('opens nothing offline from a profile copied under another OS account, but recovers the key online', async () => {
    serverAnswer = accepts(amina);
    const sealed = sealedBy(await auth.signIn('amina.idrissi', 'un mot de passe sûr'));
    isSameOsAccount = false;
    serverAnswer = unreachable;
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toEqual({
      kind: 'failed',
      error: { code: 'first-sign-in-online' },
    });
    expect(await auth.unlock(amina, 'un mot de passe sûr')).toMatchObject({ ok: false });
    // Not a guess: nothing counted.
    expect((await accounts.get(amina.id))?.failedAttempts).toBe(0);

    // Online, the server's secret opens the same key, wrapped again under this OS account.
    serverAnswer = accepts(amina);
    const online = await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    expect(opensWith(online, sealed)).toBe(true);
  });

  it('lets an account remembered with a verifier in offline until its next online sign-in, which makes the key', async () => {
    // As a PC before data keys stored it.
    await accounts.put({
      userId: amina.id,
      username: amina.username,
      displayName: amina.displayName,
      role: amina.role,
      centreIds: amina.centreIds,
      judicialHoldCentreIds: [],
      verifier: await createVerifier('un mot de passe sûr', 1000),
      isDisabled: false,
      failedAttempts: 0,
      nextAttemptAt: 0,
      lastOnlineSignInAt: '2026-11-01T09:00:00.000Z',
    });
    serverAnswer = unreachable;
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toEqual({
      kind: 'signed-in',
      user: amina,
      hasServerSession: false,
      dataKey: null,
      privacy: { autoLockMinutes: 10, maxOfflineDays: 30 },
    });
    expect(await auth.unlock(amina, 'un mot de passe sûr')).toEqual({ ok: true, value: null });
    expect(await auth.signIn('amina.idrissi', 'faux')).toMatchObject({ error: { code: 'invalid-credentials' } });

    serverAnswer = accepts(amina);
    const online = await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    expect(online).toMatchObject({
      kind: 'signed-in',
      dataKey: { rows: expect.any(Uint8Array) as Uint8Array, index: expect.any(Uint8Array) as Uint8Array },
    });
    const stored = await accounts.get(amina.id);
    expect(stored).not.toHaveProperty('verifier');
    expect(stored).toMatchObject({ failedAttempts: 0 });
    expect(osOpened(stored?.passwordWrap)).toMatchObject({ kdf: 'PBKDF2-SHA256' });

    const sealed = sealedBy(online);
    serverAnswer = unreachable;
    expect(opensWith(await auth.signIn('amina.idrissi', 'un mot de passe sûr'), sealed)).toBe(true);
  });
});

describe("the centre's offline period", () => {
  const day = 24 * 3600 * 1000;
  const strict = { ...casa, autoLockMinutes: 5, maxOfflineDays: 7 };
  const acceptsAt = (serverTime: number, centres: CentreInfo[]) => () =>
    ok({ user: amina, deviceId: '0190a8d4-1c2e-7a3b-9c4d-0000000000d1', serverTime, centres });

  it('lets the user in offline for the days the strictest centre allows, then asks for one online sign-in', async () => {
    serverAnswer = acceptsAt(clock, [casa, strict]);
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toMatchObject({
      privacy: { autoLockMinutes: 5, maxOfflineDays: 7 },
    });
    serverAnswer = unreachable;
    clock += 7 * day - 60_000;
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toMatchObject({
      kind: 'signed-in',
      hasServerSession: false,
      privacy: { autoLockMinutes: 5, maxOfflineDays: 7 },
    });
    clock += 2 * 60_000;
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toEqual({
      kind: 'failed',
      error: { code: 'offline-period-over' },
    });
    expect(await auth.unlock(amina, 'un mot de passe sûr')).toEqual({
      ok: false,
      error: { code: 'offline-period-over' },
    });
    // Nothing was tried: no failure counted.
    expect(await accounts.get(amina.id)).toMatchObject({ failedAttempts: 0 });

    serverAnswer = acceptsAt(clock, [casa]);
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toMatchObject({ kind: 'signed-in' });
    serverAnswer = unreachable;
    clock += 8 * day;
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toMatchObject({ kind: 'signed-in' });
  });

  it("measures on the server's clock: a PC whose clock is simply wrong is not refused, one set back is", async () => {
    // The PC is three months behind the server, and stays so.
    serverAnswer = acceptsAt(clock + 90 * day, [strict]);
    await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    serverAnswer = unreachable;
    clock += 6 * day;
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toMatchObject({ kind: 'signed-in' });
    clock += 2 * day;
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toMatchObject({
      error: { code: 'offline-period-over' },
    });

    serverAnswer = acceptsAt(clock, [strict]);
    await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    serverAnswer = unreachable;
    // Someone sets the PC's date back a year to stretch the period.
    clock -= 365 * day;
    expect(await auth.signIn('amina.idrissi', 'un mot de passe sûr')).toMatchObject({
      error: { code: 'offline-period-over' },
    });
  });

  it('follows the centres a password change names (here none: the defaults)', async () => {
    serverAnswer = acceptsAt(clock, [strict]);
    await auth.signIn('amina.idrissi', 'un mot de passe sûr');
    expect(await accounts.get(amina.id)).toMatchObject({ privacy: { autoLockMinutes: 5, maxOfflineDays: 7 } });
    expect(await auth.changePassword(amina, 'un mot de passe sûr', 'un nouveau mot de passe')).toMatchObject({
      ok: true,
    });
    expect(await accounts.get(amina.id)).toMatchObject({ privacy: { autoLockMinutes: 10, maxOfflineDays: 30 } });
  });
});

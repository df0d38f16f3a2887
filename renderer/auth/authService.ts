import { offlineFailureLimit, throttleDelayMs } from '../../shared/auth/throttle';
import {
  defaultPcPrivacy,
  strictestPrivacy,
  usernameSchema,
  type CentreInfo,
  type PcPrivacy,
  type UserProfile,
} from '../../shared/auth/schemas';
import type { HostApi } from '../../shared/host/hostApi';
import { ok, type HostErrorCode, type Result } from '../../shared/result';
import {
  defaultIterations,
  importDataKey,
  passwordWrapSchema,
  newDataKeyBytes,
  unwrapWithPassword,
  unwrapWithServerSecret,
  wrapWithPassword,
  wrapWithServerSecret,
  type DataKey,
  type PasswordWrap,
} from '../crypto/dataKey';
import type { AccountRepository, LocalAccount } from '../db/accountRepository';
import { wipeUserDatabases, type Wiped } from '../db/wipe';
import { verifyPassword } from '../crypto/offlineVerifier';

/**
 * Signing in on a PC, online first and offline when the server cannot be reached:
 * 1. a PC the server revoked refuses everyone, offline included;
 * 2. the server is asked first (it registers the PC at its first sign-in, knows disabled users
 *    and changed passwords); its refusals are final;
 * 3. only when it does not answer, a user who signed in online on this PC before is let in if the
 *    password opens their data key (docs/security.md), with the same growing delays as the server,
 *    and not at all after `offlineFailureLimit` failures until an online sign-in.
 * Each password the server accepts wraps the user's data key anew (made at the first online
 * sign-in on this PC, recovered with the server's secret after a reset or a change made
 * elsewhere), so the next day works offline. The key opened is the session's (`dataKey`), as a
 * non-extractable keys derived from it (`DataKey`); the raw bytes never outlive the wrapping. The password wrap is
 * stored sealed once more by the host (`keys:protect`: safeStorage on the desktop), so a profile
 * copied under another Windows account opens nothing offline there.
 */
export type AuthErrorCode =
  | HostErrorCode
  | 'first-sign-in-online'
  | 'online-sign-in-required'
  /** The centre's offline period since the last online sign-in on this PC is over. */
  | 'offline-period-over';
/**
 * `wiped`: told by the server that this PC is revoked or the account disabled, the PC erased the
 * local data concerned (docs/security.md, "A PC's life"); `unsentChanges` were among it.
 */
export type AuthError = { code: AuthErrorCode; retryAfterSeconds?: number; wiped?: Wiped };

/**
 * `centres`: the centres the user serves, as the server said at this sign-in (the PC stores them
 * in the user's database before any work: file numbers, letterheads); absent offline, when the
 * database already holds them from an earlier online sign-in or pull. `dataKey`: the user's data
 * key; `null` only offline for an account remembered before data keys (a password verifier),
 * until its next online sign-in.
 */
export type SignInOutcome =
  | {
      kind: 'signed-in';
      user: UserProfile;
      hasServerSession: boolean;
      centres?: readonly CentreInfo[];
      dataKey: DataKey | null;
      /** What the user's centres ask of this PC: its automatic lock, its offline period. */
      privacy: PcPrivacy;
    }
  | { kind: 'must-change-password'; user: UserProfile }
  | { kind: 'failed'; error: AuthError };

/** The session's data key (null for an account remembered before data keys), or why not. */
export type KeyOutcome = Result<DataKey | null, AuthError>;

/**
 * Answers meaning "the server did not decide", after which the PC may decide alone: not reached,
 * or too busy checking passwords to check this one (`server-busy`: a burst of sign-ins, perhaps an
 * attack on other accounts, must not keep a counsellor from working offline).
 */
const unreachable = new Set<HostErrorCode>(['server-unreachable', 'server-error', 'invalid-response', 'server-busy']);

export type AuthService = {
  signIn(username: string, password: string): Promise<SignInOutcome>;
  /** Sets the password chosen to replace a one-time password, then opens the session. */
  replaceOneTimePassword(user: UserProfile, oneTimePassword: string, newPassword: string): Promise<SignInOutcome>;
  /** The signed-in user's own change, online: the data key is wrapped under the new password. */
  changePassword(user: UserProfile, currentPassword: string, newPassword: string): Promise<KeyOutcome>;
  /** Opens the data key again with the password (a lock dropped it). */
  unlock(user: UserProfile, password: string): Promise<KeyOutcome>;
  signOut(): Promise<void>;
};

/** What the server said at an online sign-in or password change, besides the user. */
type ServerFacts = { centres?: readonly CentreInfo[] | undefined; serverTime?: number | undefined };

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Whether the user's centre no longer lets this PC sign them in offline: more than its
 * `maxOfflineDays` since their last online sign-in here, measured on the server's clock (the PC's
 * clock corrected by the offset seen then: a PC whose clock is simply wrong is not refused for it).
 * A last sign-in in the future of that clock (the PC's clock set back) counts as over: nobody can
 * tell how long ago it was.
 */
export function isOfflinePeriodOver(account: LocalAccount, pcNow: number): boolean {
  const last = Date.parse(account.lastOnlineSignInAt);
  if (Number.isNaN(last)) return true;
  const serverNow = pcNow + (account.serverClockOffsetMs ?? 0);
  const maxDays = (account.privacy ?? defaultPcPrivacy).maxOfflineDays;
  // A few minutes of drift since then are no reason to refuse.
  if (serverNow < last - 10 * 60 * 1000) return true;
  return serverNow - last > maxDays * dayMs;
}

export function createAuthService(options: {
  host: HostApi;
  accounts: AccountRepository;
  now?: () => number;
  iterations?: number;
  /** Erases users' local databases (`wipeUserDatabases`); tests give their IndexedDB. */
  wipe?: (userIds: readonly string[]) => Promise<Wiped>;
}): AuthService {
  const { host, accounts } = options;
  const wipe = options.wipe ?? ((userIds: readonly string[]) => wipeUserDatabases(userIds));
  const now = options.now ?? Date.now;
  const iterations = options.iterations ?? defaultIterations;

  /** The password wrap sealed by the host's OS protection (docs/security.md), for `LocalAccount.passwordWrap`. */
  async function protectWrap(
    wrap: PasswordWrap,
  ): Promise<{ ok: true; sealed: string } | { ok: false; error: AuthError }> {
    const protectedWrap = await host['keys:protect']({ text: JSON.stringify(wrap) });
    return protectedWrap.ok
      ? { ok: true, sealed: protectedWrap.value.sealed }
      : { ok: false, error: { code: protectedWrap.error.code } };
  }

  /**
   * The account's password wrap, opened by the host's OS protection: `undefined` when there is
   * none or it is not one; a failure when the OS will not open it (another Windows account or PC).
   */
  async function readWrap(
    account: LocalAccount | undefined,
  ): Promise<{ ok: true; wrap: PasswordWrap | undefined } | { ok: false; error: AuthError }> {
    if (account?.passwordWrap === undefined) return { ok: true, wrap: undefined };
    const opened = await host['keys:unprotect']({ sealed: account.passwordWrap });
    if (!opened.ok) return { ok: false, error: { code: opened.error.code } };
    let json: unknown;
    try {
      json = JSON.parse(opened.value.text);
    } catch {
      return { ok: true, wrap: undefined };
    }
    const wrap = passwordWrapSchema.safeParse(json);
    return { ok: true, wrap: wrap.success ? wrap.data : undefined };
  }

  /**
   * After the server accepted `password`: the user's data key (the one this PC holds, opened
   * with the server's secret, the password, or `otherPasswords` — the one a change replaced —
   * else a new one), wrapped anew under the password and the secret, and the account stored
   * without any verifier, its offline failures forgotten.
   */
  async function remember(
    user: UserProfile,
    password: string,
    secret: string | undefined,
    server: ServerFacts,
    otherPasswords: readonly string[] = [],
  ): Promise<{ ok: true; dataKey: DataKey; privacy: PcPrivacy } | { ok: false; error: AuthError }> {
    const existing = await accounts.get(user.id);
    // A wrap the OS will not open here is as good as none: the server's secret may still recover the key.
    const read = await readWrap(existing);
    const existingWrap = read.ok ? read.wrap : undefined;
    let raw: Uint8Array<ArrayBuffer> | undefined;
    // The secret first: it costs no key derivation.
    if (existing?.serverWrap !== undefined && secret !== undefined) {
      raw = await unwrapWithServerSecret(existing.serverWrap, user.id, secret);
    }
    for (const candidate of [password, ...otherPasswords]) {
      if (raw !== undefined || existingWrap === undefined) break;
      raw = await unwrapWithPassword(existingWrap, user.id, candidate);
    }
    // The centres as the server named them now; a change of password that named none keeps the last known.
    const privacy =
      server.centres === undefined ? (existing?.privacy ?? defaultPcPrivacy) : strictestPrivacy(server.centres);
    // Neither opens (first sign-in here, or a key no wrap can open any more): a new key.
    const isNew = raw === undefined;
    raw ??= newDataKeyBytes();
    try {
      const passwordWrap = await protectWrap(await wrapWithPassword(raw, user.id, password, iterations));
      if (!passwordWrap.ok) return passwordWrap;
      const serverWrap =
        secret === undefined
          ? isNew
            ? undefined
            : existing?.serverWrap
          : await wrapWithServerSecret(raw, user.id, secret);
      const account: LocalAccount = {
        userId: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        centreIds: user.centreIds,
        judicialHoldCentreIds: user.judicialHoldCentreIds,
        passwordWrap: passwordWrap.sealed,
        ...(serverWrap === undefined ? {} : { serverWrap }),
        isDisabled: false,
        failedAttempts: 0,
        nextAttemptAt: 0,
        lastOnlineSignInAt: new Date(server.serverTime ?? now()).toISOString(),
        serverClockOffsetMs: server.serverTime === undefined ? 0 : server.serverTime - now(),
        privacy,
      };
      await accounts.put(account);
      return { ok: true, dataKey: await importDataKey(raw), privacy };
    } finally {
      raw.fill(0);
    }
  }

  /**
   * Opens the data key with the password offline (or checks an old verifier), counting failures:
   * growing delays, and none checked at all from `offlineFailureLimit` failures on.
   */
  async function checkLocally(account: LocalAccount, password: string): Promise<KeyOutcome> {
    if (account.isDisabled) return { ok: false, error: { code: 'user-disabled' } };
    if (account.failedAttempts >= offlineFailureLimit) return { ok: false, error: { code: 'online-sign-in-required' } };
    if (isOfflinePeriodOver(account, now())) return { ok: false, error: { code: 'offline-period-over' } };
    const waitMs = account.nextAttemptAt - now();
    if (waitMs > 0) return { ok: false, error: { code: 'throttled', retryAfterSeconds: Math.ceil(waitMs / 1000) } };
    const read = await readWrap(account);
    // The OS will not open the wrap under this account (a profile copied from another PC or
    // Windows account): to the key, this is a first sign-in here. Not counted: no password was tried.
    if (!read.ok) return { ok: false, error: { code: 'first-sign-in-online' } };
    let opened: { dataKey: DataKey | null } | undefined;
    if (read.wrap !== undefined) {
      const raw = await unwrapWithPassword(read.wrap, account.userId, password);
      if (raw !== undefined) opened = { dataKey: await importDataKey(raw) };
    } else if (account.verifier !== undefined && (await verifyPassword(account.verifier, password))) {
      // Remembered before data keys: no key until the next online sign-in makes it.
      opened = { dataKey: null };
    }
    if (opened !== undefined) {
      await accounts.update(account.userId, { failedAttempts: 0, nextAttemptAt: 0 });
      return ok(opened.dataKey);
    }
    const failedAttempts = account.failedAttempts + 1;
    const delay = throttleDelayMs(failedAttempts);
    await accounts.update(account.userId, { failedAttempts, nextAttemptAt: delay > 0 ? now() + delay : 0 });
    return { ok: false, error: { code: 'invalid-credentials' } };
  }

  async function isRevoked(): Promise<boolean> {
    const status = await host['device:status']({});
    return status.ok && status.value.isRevoked;
  }

  function profileOf(account: LocalAccount): UserProfile {
    return {
      id: account.userId,
      username: account.username,
      displayName: account.displayName,
      role: account.role,
      centreIds: account.centreIds,
      mustChangePassword: false,
      // Accounts remembered before holds existed had none.
      judicialHoldCentreIds: account.judicialHoldCentreIds ?? [],
    };
  }

  /**
   * The server said so: a revoked PC forgets every user it knew, a disabled user is forgotten.
   * Their databases are erased and their accounts (with the wrapped data keys) removed.
   */
  async function forget(forgotten: readonly LocalAccount[]): Promise<Wiped | undefined> {
    if (forgotten.length === 0) return undefined;
    const userIds = forgotten.map((account) => account.userId);
    const wiped = await wipe(userIds);
    await accounts.remove(userIds);
    return wiped;
  }
  const refused = (code: AuthErrorCode, wiped: Wiped | undefined): AuthError =>
    wiped === undefined ? { code } : { code, wiped };

  return {
    async signIn(rawUsername, password) {
      if (await isRevoked())
        return { kind: 'failed', error: refused('device-revoked', await forget(await accounts.list())) };
      const username = usernameSchema.safeParse(rawUsername);
      if (!username.success || password === '') return { kind: 'failed', error: { code: 'invalid-credentials' } };

      const online = await host['auth:signIn']({ username: username.data, password });
      if (online.ok) {
        const { user, centres, dataKeySecret, serverTime } = online.value;
        if (user.mustChangePassword) return { kind: 'must-change-password', user };
        const remembered = await remember(user, password, dataKeySecret, { centres, serverTime });
        if (!remembered.ok) return { kind: 'failed', error: remembered.error };
        return {
          kind: 'signed-in',
          user,
          hasServerSession: true,
          centres,
          dataKey: remembered.dataKey,
          privacy: remembered.privacy,
        };
      }
      const { code, retryAfterSeconds } = online.error;
      if (code === 'device-revoked')
        return { kind: 'failed', error: refused(code, await forget(await accounts.list())) };
      if (code === 'user-disabled') {
        const account = await accounts.findByUsername(username.data);
        return { kind: 'failed', error: refused(code, await forget(account ? [account] : [])) };
      }
      if (!unreachable.has(code)) {
        return { kind: 'failed', error: retryAfterSeconds === undefined ? { code } : { code, retryAfterSeconds } };
      }

      const account = await accounts.findByUsername(username.data);
      if (!account) return { kind: 'failed', error: { code: 'first-sign-in-online' } };
      const opened = await checkLocally(account, password);
      if (!opened.ok) return { kind: 'failed', error: opened.error };
      return {
        kind: 'signed-in',
        user: profileOf(account),
        hasServerSession: false,
        dataKey: opened.value,
        privacy: account.privacy ?? defaultPcPrivacy,
      };
    },

    async replaceOneTimePassword(user, oneTimePassword, newPassword) {
      const changed = await host['auth:changePassword']({ currentPassword: oneTimePassword, newPassword });
      if (!changed.ok) return { kind: 'failed', error: { code: changed.error.code } };
      // After a reset the old password's wrap no longer opens: the server's secret recovers the key.
      const remembered = await remember(changed.value.user, newPassword, changed.value.dataKeySecret, {
        centres: changed.value.centres,
      });
      if (!remembered.ok) return { kind: 'failed', error: remembered.error };
      return {
        kind: 'signed-in',
        user: { ...user, ...changed.value.user },
        hasServerSession: true,
        centres: changed.value.centres,
        dataKey: remembered.dataKey,
        privacy: remembered.privacy,
      };
    },

    async changePassword(_user, currentPassword, newPassword) {
      const changed = await host['auth:changePassword']({ currentPassword, newPassword });
      if (!changed.ok) return { ok: false, error: { code: changed.error.code } };
      const remembered = await remember(
        changed.value.user,
        newPassword,
        changed.value.dataKeySecret,
        { centres: changed.value.centres },
        [currentPassword],
      );
      return remembered.ok ? ok(remembered.dataKey) : remembered;
    },

    async unlock(user, password) {
      if (await isRevoked()) return { ok: false, error: { code: 'device-revoked' } };
      const account = await accounts.get(user.id);
      if (!account) return { ok: false, error: { code: 'first-sign-in-online' } };
      return checkLocally(account, password);
    },

    async signOut() {
      await host['auth:signOut']({});
    },
  };
}

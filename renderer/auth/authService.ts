import { throttleDelayMs } from '../../shared/auth/throttle';
import { usernameSchema, type CentreInfo, type UserProfile } from '../../shared/auth/schemas';
import type { HostApi } from '../../shared/host/hostApi';
import type { HostErrorCode } from '../../shared/result';
import type { AccountRepository, LocalAccount } from '../db/accountRepository';
import { createVerifier, defaultIterations, verifyPassword } from './offlineVerifier';

/**
 * Signing in on a PC, online first and offline when the server cannot be reached:
 * 1. a PC the server revoked refuses everyone, offline included;
 * 2. the server is asked first (it registers the PC at its first sign-in, knows disabled users
 *    and changed passwords); its refusals are final;
 * 3. only when it does not answer, a user who signed in online on this PC before is checked
 *    against the local verifier, with the same growing delays as the server.
 * The verifier is (re)made from each password the server accepts, so the next day works offline.
 */
export type AuthErrorCode = HostErrorCode | 'first-sign-in-online';
export type AuthError = { code: AuthErrorCode; retryAfterSeconds?: number };

/**
 * `centres`: the centres the user serves, as the server said at this sign-in (the PC stores them
 * in the user's database before any work: file numbers, letterheads); absent offline, when the
 * database already holds them from an earlier online sign-in or pull.
 */
export type SignInOutcome =
  | { kind: 'signed-in'; user: UserProfile; hasServerSession: boolean; centres?: readonly CentreInfo[] }
  | { kind: 'must-change-password'; user: UserProfile }
  | { kind: 'failed'; error: AuthError };

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
  unlock(user: UserProfile, password: string): Promise<{ ok: true } | { ok: false; error: AuthError }>;
  signOut(): Promise<void>;
};

export function createAuthService(options: {
  host: HostApi;
  accounts: AccountRepository;
  now?: () => number;
  iterations?: number;
}): AuthService {
  const { host, accounts } = options;
  const now = options.now ?? Date.now;
  const iterations = options.iterations ?? defaultIterations;

  async function remember(user: UserProfile, password: string): Promise<void> {
    const account: LocalAccount = {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      centreIds: user.centreIds,
      judicialHoldCentreIds: user.judicialHoldCentreIds,
      verifier: await createVerifier(password, iterations),
      isDisabled: false,
      failedAttempts: 0,
      nextAttemptAt: 0,
      lastOnlineSignInAt: new Date(now()).toISOString(),
    };
    await accounts.put(account);
  }

  /** Checks a password against the local verifier, counting failures like the server does. */
  async function checkLocally(account: LocalAccount, password: string): Promise<AuthError | null> {
    if (account.isDisabled) return { code: 'user-disabled' };
    const waitMs = account.nextAttemptAt - now();
    if (waitMs > 0) return { code: 'throttled', retryAfterSeconds: Math.ceil(waitMs / 1000) };
    if (await verifyPassword(account.verifier, password)) {
      await accounts.update(account.userId, { failedAttempts: 0, nextAttemptAt: 0 });
      return null;
    }
    const failedAttempts = account.failedAttempts + 1;
    const delay = throttleDelayMs(failedAttempts);
    await accounts.update(account.userId, { failedAttempts, nextAttemptAt: delay > 0 ? now() + delay : 0 });
    return { code: 'invalid-credentials' };
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

  return {
    async signIn(rawUsername, password) {
      if (await isRevoked()) return { kind: 'failed', error: { code: 'device-revoked' } };
      const username = usernameSchema.safeParse(rawUsername);
      if (!username.success || password === '') return { kind: 'failed', error: { code: 'invalid-credentials' } };

      const online = await host['auth:signIn']({ username: username.data, password });
      if (online.ok) {
        const { user, centres } = online.value;
        if (user.mustChangePassword) return { kind: 'must-change-password', user };
        await remember(user, password);
        return { kind: 'signed-in', user, hasServerSession: true, centres };
      }
      const { code, retryAfterSeconds } = online.error;
      if (code === 'user-disabled') await accounts.markDisabledByUsername(username.data);
      if (!unreachable.has(code)) {
        return { kind: 'failed', error: retryAfterSeconds === undefined ? { code } : { code, retryAfterSeconds } };
      }

      const account = await accounts.findByUsername(username.data);
      if (!account) return { kind: 'failed', error: { code: 'first-sign-in-online' } };
      const refusal = await checkLocally(account, password);
      if (refusal) return { kind: 'failed', error: refusal };
      return { kind: 'signed-in', user: profileOf(account), hasServerSession: false };
    },

    async replaceOneTimePassword(user, oneTimePassword, newPassword) {
      const changed = await host['auth:changePassword']({ currentPassword: oneTimePassword, newPassword });
      if (!changed.ok) return { kind: 'failed', error: { code: changed.error.code } };
      await remember(changed.value.user, newPassword);
      return {
        kind: 'signed-in',
        user: { ...user, ...changed.value.user },
        hasServerSession: true,
        centres: changed.value.centres,
      };
    },

    async unlock(user, password) {
      const account = await accounts.get(user.id);
      if (!account) return { ok: false, error: { code: 'first-sign-in-online' } };
      if (await isRevoked()) return { ok: false, error: { code: 'device-revoked' } };
      const refusal = await checkLocally(account, password);
      return refusal ? { ok: false, error: refusal } : { ok: true };
    },

    async signOut() {
      await host['auth:signOut']({});
    },
  };
}

import Dexie, { type EntityTable } from 'dexie';
import type { Role } from '../../shared/auth/roles';
import type { PcPrivacy } from '../../shared/auth/schemas';
import type { Verifier } from '../crypto/offlineVerifier';
import type { ServerWrap } from '../crypto/dataKey';
import type { DexieDependencies } from './database';

/**
 * The accounts known to this PC (`masar-accounts`, one per PC, shared by its users): what the
 * sign-in screen needs to let someone in without the server. It holds profiles and each user's
 * data key, wrapped (docs/security.md), never a password, a password verifier nor any record of
 * the centre: those live in each user's own database (`masar-<userId>`). Also counts failed
 * offline attempts, so that restarting the app does not reset the delay.
 */
export type LocalAccount = {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  centreIds: string[];
  /** The centres where the user's judicial access awaited confirmation at their last online sign-in. */
  judicialHoldCentreIds?: string[];
  /**
   * The user's data key sealed under the password (`PasswordWrap` as JSON), sealed again by the
   * host (`keys:protect`: safeStorage on the desktop, as it is in a browser; docs/security.md).
   * Absent only before the online sign-in that makes the key.
   */
  passwordWrap?: string;
  /** The same key sealed under the server's secret for this user and PC, to recover it after a reset. */
  serverWrap?: ServerWrap;
  /**
   * A PBKDF2 password verifier, from before data keys: an account remembered that way still signs
   * in offline with it, until its next online sign-in makes the data key and drops the verifier.
   */
  verifier?: Verifier;
  /** Set when the server said the account is disabled: offline sign-in is refused from then on. */
  isDisabled: boolean;
  /** Consecutive failed offline attempts; from `offlineFailureLimit` on, only an online sign-in lets the user in. */
  failedAttempts: number;
  /** Epoch ms before which no offline attempt is checked (0: none). */
  nextAttemptAt: number;
  /** The last online sign-in on this PC, by the server's clock when it said it (else this PC's). */
  lastOnlineSignInAt: string;
  /** The server's clock minus this PC's at that sign-in: elapsed time is measured on the server's clock. */
  serverClockOffsetMs?: number;
  /**
   * The strictest privacy of the user's centres at that sign-in (`strictestPrivacy`): the longest
   * automatic-lock delay, and how many days offline sign-in lasts. Absent: the defaults.
   */
  privacy?: PcPrivacy;
};

type AccountsDatabase = Dexie & { accounts: EntityTable<LocalAccount, 'userId'> };

export type AccountRepository = {
  findByUsername(username: string): Promise<LocalAccount | undefined>;
  get(userId: string): Promise<LocalAccount | undefined>;
  put(account: LocalAccount): Promise<void>;
  update(userId: string, changes: Partial<Omit<LocalAccount, 'userId'>>): Promise<void>;
  markDisabledByUsername(username: string): Promise<void>;
  /** Every account this PC remembers. */
  list(): Promise<LocalAccount[]>;
  /** Forgets accounts: their wrapped data keys go with them (docs/security.md, "A PC's life"). */
  remove(userIds: readonly string[]): Promise<void>;
  close(): void;
};

export function openAccountRepository(dependencies?: DexieDependencies): AccountRepository {
  const db = new Dexie('masar-accounts', {
    chromeTransactionDurability: 'strict',
    ...(dependencies ?? {}),
  }) as AccountsDatabase;
  db.version(1).stores({ accounts: 'userId, &username' });
  return {
    findByUsername: (username) => db.accounts.where('username').equals(username).first(),
    get: (userId) => db.accounts.get(userId),
    async put(account) {
      // A username may have moved to another user id on the server: the newest sign-in wins.
      await db.transaction('rw', db.accounts, async () => {
        await db.accounts
          .where('username')
          .equals(account.username)
          .and((a) => a.userId !== account.userId)
          .delete();
        await db.accounts.put(account);
      });
    },
    async update(userId, changes) {
      await db.accounts.update(userId, changes);
    },
    async markDisabledByUsername(username) {
      await db.accounts.where('username').equals(username).modify({ isDisabled: true });
    },
    list: () => db.accounts.toArray(),
    async remove(userIds) {
      await db.accounts.bulkDelete([...userIds]);
    },
    close: () => {
      db.close();
    },
  };
}

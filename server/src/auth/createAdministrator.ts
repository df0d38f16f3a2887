/**
 * Creating an administrator, for the two ways in: `npm run server -- create-admin` on the server
 * machine (cli.ts), and the first-run screen (routes/setup.ts), which may only create the first
 * account of the server. One code path, so both apply the same rules: the caller has parsed the
 * username, display name and password with the shared schemas (`administratorCreateSchema`); the
 * password must not be the username; argon2id; the account and its audit row are written in one
 * transaction under the account lock, which also makes "the username is free" and "the server has
 * no account yet" hold until the commit — of two simultaneous first administrators, one is created
 * and the other refused.
 */
import { passwordIsUsername } from '../../../shared/auth/schemas';
import { newId } from '../../../shared/ids/uuidv7';
import {
  findUserById,
  hasAnyAccount,
  inTransaction,
  insertAuditEvent,
  insertUser,
  isUsernameTaken,
  lockAccountChanges,
} from '../db';
import type { Queryable, UserRecord } from '../db';
import { hashPassword } from './passwords';
import { failure, ok, type Result } from '../../../shared/result';

export type NewAdministrator = { username: string; displayName: string; password: string };

export type CreateAdministratorOptions = {
  /** When the account is made (the server's clock). */
  at: string;
  /** Which way in, for the audit trail. */
  via: 'create-admin' | 'first-run';
  /** Refuse (`accounts-exist`) unless the server has no account at all yet. */
  isFirstOnly: boolean;
  /** Further non-secret facts for the audit row (e.g. the address the request came from). */
  auditDetail?: Record<string, unknown>;
  /** The argon2 hash: the server's bounded one for a request (auth/passwordWork.ts), direct for the CLI. */
  hash?: (password: string) => Promise<string>;
};

export type CreateAdministratorOutcome = Result<
  UserRecord,
  'password-is-username' | 'username-taken' | 'accounts-exist'
>;

export async function createAdministrator(
  db: Queryable,
  administrator: NewAdministrator,
  options: CreateAdministratorOptions,
): Promise<CreateAdministratorOutcome> {
  const { username, displayName, password } = administrator;
  if (passwordIsUsername(password, username)) return failure('password-is-username');
  // The hash takes a while: before the transaction, which holds the account lock.
  const passwordHash = await (options.hash ?? hashPassword)(password);
  const id = newId();
  return inTransaction(db, async (tx): Promise<CreateAdministratorOutcome> => {
    await lockAccountChanges(tx);
    if (options.isFirstOnly && (await hasAnyAccount(tx))) return failure('accounts-exist');
    if (await isUsernameTaken(tx, username)) return failure('username-taken');
    await insertUser(tx, {
      id,
      username,
      displayName,
      role: 'administrateur',
      passwordHash,
      mustChangePassword: false,
      oneTimePasswordExpiresAt: null,
      createdAt: options.at,
      centreIds: [],
    });
    await insertAuditEvent(tx, {
      at: options.at,
      type: 'user-create',
      outcome: 'ok',
      subjectUserId: id,
      username,
      detail: { role: 'administrateur', centreIds: [], via: options.via, ...options.auditDetail },
    });
    const user = await findUserById(tx, id);
    if (user === undefined) throw new Error(`administrator ${id} vanished inside its own transaction`);
    return ok(user);
  });
}

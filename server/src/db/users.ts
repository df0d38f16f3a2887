/**
 * Storage of the user accounts and their centres. Only the server's own tables say who a user
 * is, what role they have and which centres they serve: the actor of every request is read
 * from here, never from the client. Password hashes leave this module only towards the
 * password check.
 */
import type { Kysely, Selectable, Updateable } from 'kysely';
import { roleSchema } from '../../../shared/auth/roles';
import type { Role } from '../../../shared/auth/roles';
import type { UserProfile, UserSummary } from '../../../shared/auth/schemas';
import { serverMetaKeys } from './schema';
import type { Database, UsersTable } from './schema';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  mustChangePassword: boolean;
  oneTimePasswordExpiresAt: string | null;
  disabledAt: string | null;
  createdAt: string;
  lastSignInAt: string | null;
  /** Ordered by centre code: the first one is the centre of the PCs this user registers. */
  centreIds: string[];
}

export function toUserProfile(user: UserRecord): UserProfile {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    centreIds: user.centreIds,
    mustChangePassword: user.mustChangePassword,
  };
}

export function toUserSummary(user: UserRecord): UserSummary {
  return {
    ...toUserProfile(user),
    disabledAt: user.disabledAt,
    createdAt: user.createdAt,
    lastSignInAt: user.lastSignInAt,
  };
}

function toUserRecord(row: Selectable<UsersTable>, centreIds: string[]): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: roleSchema.parse(row.role),
    passwordHash: row.password_hash,
    mustChangePassword: row.must_change_password === 1,
    oneTimePasswordExpiresAt: row.one_time_password_expires_at,
    disabledAt: row.disabled_at,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
    centreIds,
  };
}

async function centresByUser(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const byUser = new Map<string, string[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('user_centres')
    .innerJoin('centres', 'centres.id', 'user_centres.centre_id')
    .select(['user_centres.user_id as userId', 'user_centres.centre_id as centreId'])
    .where('user_centres.user_id', 'in', [...userIds])
    .orderBy('centres.code')
    .execute();
  for (const { userId, centreId } of rows) {
    const list = byUser.get(userId);
    if (list === undefined) byUser.set(userId, [centreId]);
    else list.push(centreId);
  }
  return byUser;
}

async function withCentres(db: Kysely<Database>, rows: Selectable<UsersTable>[]): Promise<UserRecord[]> {
  const centres = await centresByUser(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toUserRecord(row, centres.get(row.id) ?? []));
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : (await withCentres(db, [row]))[0];
}

/** `username` must already be lower-cased (the shared schema does it). */
export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row === undefined ? undefined : (await withCentres(db, [row]))[0];
}

export async function isUsernameTaken(db: Kysely<Database>, username: string): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) !== undefined;
}

/** Whether the server has any account at all (disabled ones too): until then it is at its first run. */
export async function hasAnyAccount(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Every user with their centres, by username (the route keeps those the actor may see). */
export async function listUsers(db: Kysely<Database>): Promise<UserRecord[]> {
  return withCentres(db, await db.selectFrom('users').selectAll().orderBy('username').execute());
}

export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  mustChangePassword: boolean;
  oneTimePasswordExpiresAt: string | null;
  createdAt: string;
  centreIds: readonly string[];
}

export async function insertUser(db: Kysely<Database>, user: NewUser): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      password_hash: user.passwordHash,
      must_change_password: user.mustChangePassword ? 1 : 0,
      one_time_password_expires_at: user.oneTimePasswordExpiresAt,
      disabled_at: null,
      created_at: user.createdAt,
      last_sign_in_at: null,
    })
    .execute();
  await setUserCentres(db, user.id, user.centreIds);
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  passwordHash?: string;
  mustChangePassword?: boolean;
  oneTimePasswordExpiresAt?: string | null;
  disabledAt?: string | null;
  lastSignInAt?: string;
}

export async function updateUser(db: Kysely<Database>, id: string, changes: UserChanges): Promise<void> {
  const set: Updateable<UsersTable> = {};
  if (changes.displayName !== undefined) set.display_name = changes.displayName;
  if (changes.role !== undefined) set.role = changes.role;
  if (changes.passwordHash !== undefined) set.password_hash = changes.passwordHash;
  if (changes.mustChangePassword !== undefined) set.must_change_password = changes.mustChangePassword ? 1 : 0;
  if (changes.oneTimePasswordExpiresAt !== undefined) {
    set.one_time_password_expires_at = changes.oneTimePasswordExpiresAt;
  }
  if (changes.disabledAt !== undefined) set.disabled_at = changes.disabledAt;
  if (changes.lastSignInAt !== undefined) set.last_sign_in_at = changes.lastSignInAt;
  if (Object.keys(set).length === 0) return;
  await db.updateTable('users').set(set).where('id', '=', id).execute();
}

/** Replaces the user's centres with `centreIds`. */
export async function setUserCentres(
  db: Kysely<Database>,
  userId: string,
  centreIds: readonly string[],
): Promise<void> {
  await db.deleteFrom('user_centres').where('user_id', '=', userId).execute();
  const unique = [...new Set(centreIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('user_centres')
    .values(unique.map((centreId) => ({ user_id: userId, centre_id: centreId })))
    .execute();
}

/** Administrators who are not disabled, optionally leaving one out. */
export async function countActiveAdministrators(db: Kysely<Database>, exceptUserId?: string): Promise<number> {
  let query = db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('role', '=', 'administrateur' satisfies Role)
    .where('disabled_at', 'is', null);
  if (exceptUserId !== undefined) query = query.where('id', '<>', exceptUserId);
  const { total } = await query.executeTakeFirstOrThrow();
  return total;
}

/**
 * Serialises account changes: called first in an account-changing transaction, it locks one
 * row every such transaction touches, so checks like "another active administrator remains"
 * or "this username is free" cannot be invalidated by a concurrent change (PostgreSQL runs
 * READ COMMITTED; SQLite's `BEGIN IMMEDIATE` already serialises writers).
 */
export async function lockAccountChanges(db: Kysely<Database>): Promise<void> {
  await db
    .updateTable('server_meta')
    .set((eb) => ({ value: eb.ref('value') }))
    .where('key', '=', serverMetaKeys.databaseId)
    .execute();
}

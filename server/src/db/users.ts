/**
 * Storage of the user accounts and their centres. Only the server's own tables say who a user
 * is, what role they have and which centres they serve: the actor of every request is read
 * from here, never from the client. Password hashes leave this module only towards the
 * password check.
 */
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { JudicialHold } from '../../../shared/auth/restricted';
import { roleSchema } from '../../../shared/auth/roles';
import type { Role } from '../../../shared/auth/roles';
import type { UserProfile, UserSummary } from '../../../shared/auth/schemas';
import { serverMetaKeys } from './schema';
import type { Database, JudicialHoldReason, UsersTable } from './schema';

/** What an account is created with. */
interface AccountFields {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  mustChangePassword: boolean;
  oneTimePasswordExpiresAt: string | null;
  createdAt: string;
}

export interface UserRecord extends AccountFields {
  disabledAt: string | null;
  lastSignInAt: string | null;
  /** Ordered by centre code: the first one is the centre of the PCs this user registers. */
  centreIds: string[];
  /** The centres (among `centreIds`) where the user's judicial access waits for confirmation. */
  judicialHolds: JudicialHold[];
}

export function toUserProfile(user: UserRecord): UserProfile {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    centreIds: user.centreIds,
    mustChangePassword: user.mustChangePassword,
    judicialHoldCentreIds: user.judicialHolds.map((hold) => hold.centreId),
  };
}

export function toUserSummary(user: UserRecord): UserSummary {
  return {
    ...toUserProfile(user),
    disabledAt: user.disabledAt,
    createdAt: user.createdAt,
    lastSignInAt: user.lastSignInAt,
    judicialHolds: user.judicialHolds,
  };
}

function toUserRecord(row: Selectable<UsersTable>, centreIds: string[], holds: JudicialHold[]): UserRecord {
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
    // A hold outlives nothing: only the user's present centres count (setUserCentres drops the others).
    judicialHolds: holds.filter((hold) => centreIds.includes(hold.centreId)),
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

async function holdsByUser(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, JudicialHold[]>> {
  const byUser = new Map<string, JudicialHold[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('judicial_holds')
    .select(['user_id as userId', 'centre_id as centreId', 'held_by_user_id as heldByUserId', 'held_at as heldAt'])
    .where('user_id', 'in', [...userIds])
    .orderBy('centre_id')
    .execute();
  for (const { userId, ...hold } of rows) {
    const list = byUser.get(userId);
    if (list === undefined) byUser.set(userId, [hold]);
    else list.push(hold);
  }
  return byUser;
}

async function withCentres(db: Kysely<Database>, rows: Selectable<UsersTable>[]): Promise<UserRecord[]> {
  const ids = rows.map((row) => row.id);
  const centres = await centresByUser(db, ids);
  const holds = await holdsByUser(db, ids);
  return rows.map((row) => toUserRecord(row, centres.get(row.id) ?? [], holds.get(row.id) ?? []));
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

export interface NewUser extends AccountFields {
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

/** Replaces the user's centres with `centreIds`; the holds of the centres left go with them. */
export async function setUserCentres(
  db: Kysely<Database>,
  userId: string,
  centreIds: readonly string[],
): Promise<void> {
  await db.deleteFrom('user_centres').where('user_id', '=', userId).execute();
  const unique = [...new Set(centreIds)];
  let leftHolds = db.deleteFrom('judicial_holds').where('user_id', '=', userId);
  if (unique.length > 0) leftHolds = leftHolds.where('centre_id', 'not in', unique);
  await leftHolds.execute();
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

/**
 * Locks one user's row until the transaction ends (PostgreSQL row lock; SQLite's `BEGIN IMMEDIATE`
 * serialises writers anyway): what a sign-in reads of the account after this — its password hash,
 * its one-time password, whether it is disabled — cannot change before it commits, and two
 * sign-ins of one account run one after the other. Every change to a credential updates this row.
 */
export async function lockUser(db: Kysely<Database>, userId: string): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ id: eb.ref('id') }))
    .where('id', '=', userId)
    .execute();
}

/**
 * Puts (or renews: a later change by someone else makes them the holder) the user's judicial hold
 * in each of `centreIds` (shared/auth/restricted.ts).
 */
export async function putJudicialHolds(
  db: Kysely<Database>,
  userId: string,
  centreIds: readonly string[],
  hold: { heldAt: string; heldByUserId: string; reason: JudicialHoldReason },
): Promise<void> {
  const unique = [...new Set(centreIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('judicial_holds')
    .values(
      unique.map((centreId) => ({
        user_id: userId,
        centre_id: centreId,
        held_at: hold.heldAt,
        held_by_user_id: hold.heldByUserId,
        reason: hold.reason,
      })),
    )
    .onConflict((conflict) =>
      conflict.columns(['user_id', 'centre_id']).doUpdateSet({
        held_at: hold.heldAt,
        held_by_user_id: hold.heldByUserId,
        reason: hold.reason,
      }),
    )
    .execute();
}

/** Lifts the user's hold in one centre; false when there was none. */
export async function deleteJudicialHold(db: Kysely<Database>, userId: string, centreId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('judicial_holds')
    .where('user_id', '=', userId)
    .where('centre_id', '=', centreId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Whether the centre has an active centre coordinator with judicial access there (not on hold):
 * while it has none, an administrator other than the holder confirms its holds (four eyes).
 */
export async function hasJudicialCoordinator(db: Kysely<Database>, centreId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .innerJoin('user_centres', 'user_centres.user_id', 'users.id')
    .leftJoin('judicial_holds', (join) =>
      join.onRef('judicial_holds.user_id', '=', 'users.id').on('judicial_holds.centre_id', '=', centreId),
    )
    .select('users.id')
    .where('user_centres.centre_id', '=', centreId)
    .where('users.role', '=', 'coordinateur_centre' satisfies Role)
    .where('users.disabled_at', 'is', null)
    .where('judicial_holds.user_id', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

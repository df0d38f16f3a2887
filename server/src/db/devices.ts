/**
 * Storage of the registered PCs. A PC proves itself with a random secret of which the server
 * keeps only the SHA-256: a stolen database does not let anyone impersonate a PC. A revoked PC
 * stays listed (who revoked it, when) and is refused everywhere. A PC registered beyond its
 * user's allowance (auth/deviceRegistration.ts) is pending until approved: it cannot sign in.
 */
import type { Kysely, Selectable } from 'kysely';
import { roleSchema } from '../../../shared/auth/roles';
import type { DeviceSummary } from '../../../shared/auth/schemas';
import type { Database, DevicesTable } from './schema';

export interface DeviceRecord {
  id: string;
  secretHash: string;
  centreId: string | null;
  revokedAt: string | null;
  isPendingApproval: boolean;
}

function toDeviceRecord(
  row: Pick<Selectable<DevicesTable>, 'id' | 'secret_hash' | 'centre_id' | 'revoked_at' | 'pending_approval'>,
): DeviceRecord {
  return {
    id: row.id,
    secretHash: row.secret_hash,
    centreId: row.centre_id,
    revokedAt: row.revoked_at,
    isPendingApproval: row.pending_approval === 1,
  };
}

export async function findDevice(db: Kysely<Database>, id: string): Promise<DeviceRecord | undefined> {
  const row = await db
    .selectFrom('devices')
    .select(['id', 'secret_hash', 'centre_id', 'revoked_at', 'pending_approval'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toDeviceRecord(row);
}

export interface NewDevice {
  id: string;
  name: string;
  secretHash: string;
  centreId: string | null;
  registeredByUserId: string;
  registeredAt: string;
  isPendingApproval: boolean;
}

export async function insertDevice(db: Kysely<Database>, device: NewDevice): Promise<void> {
  await db
    .insertInto('devices')
    .values({
      id: device.id,
      name: device.name,
      secret_hash: device.secretHash,
      centre_id: device.centreId,
      registered_by_user_id: device.registeredByUserId,
      registered_at: device.registeredAt,
      last_seen_at: device.registeredAt,
      last_sync_at: null,
      revoked_at: null,
      revoked_by_user_id: null,
      pending_approval: device.isPendingApproval ? 1 : 0,
      approved_at: null,
      approved_by_user_id: null,
    })
    .execute();
}

/**
 * How many PCs `userId` registered since `since` that are not revoked, pending ones included: what
 * the registration allowance counts (auth/deviceRegistration.ts).
 */
export async function countRecentRegistrations(db: Kysely<Database>, userId: string, since: string): Promise<number> {
  const { total } = await db
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('registered_by_user_id', '=', userId)
    .where('registered_at', '>=', since)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return total;
}

/** Marks a pending PC approved (the first approval is the one kept). */
export async function approveDevice(db: Kysely<Database>, id: string, at: string, byUserId: string): Promise<void> {
  await db
    .updateTable('devices')
    .set({ pending_approval: 0, approved_at: at, approved_by_user_id: byUserId })
    .where('id', '=', id)
    .where('pending_approval', '=', 1)
    .execute();
}

export async function touchDevice(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db.updateTable('devices').set({ last_seen_at: at }).where('id', '=', id).execute();
}

/** Marks the device revoked unless it already is (the first revocation is the one kept). */
export async function revokeDevice(db: Kysely<Database>, id: string, at: string, byUserId: string): Promise<void> {
  await db
    .updateTable('devices')
    .set({ revoked_at: at, revoked_by_user_id: byUserId })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

function summarySelect(db: Kysely<Database>) {
  return db
    .selectFrom('devices')
    .innerJoin('users', 'users.id', 'devices.registered_by_user_id')
    .select([
      'devices.id as id',
      'devices.name as name',
      'devices.centre_id as centreId',
      'devices.registered_by_user_id as registeredByUserId',
      'users.display_name as registeredByName',
      'users.role as registeredByRole',
      'devices.registered_at as registeredAt',
      'devices.last_seen_at as lastSeenAt',
      'devices.last_sync_at as lastSyncAt',
      'devices.revoked_at as revokedAt',
      'devices.pending_approval as pendingApproval',
      'devices.approved_at as approvedAt',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summarySelect>['execute']>>[number];

async function toSummaries(db: Kysely<Database>, rows: SummaryRow[]): Promise<DeviceSummary[]> {
  const userIds = [...new Set(rows.map((row) => row.registeredByUserId))];
  const centres = new Map<string, string[]>();
  if (userIds.length > 0) {
    const links = await db
      .selectFrom('user_centres')
      .select(['user_id', 'centre_id'])
      .where('user_id', 'in', userIds)
      .orderBy('centre_id')
      .execute();
    for (const link of links) centres.set(link.user_id, [...(centres.get(link.user_id) ?? []), link.centre_id]);
  }
  return rows.map(({ pendingApproval, registeredByRole, ...row }) => ({
    ...row,
    isPendingApproval: pendingApproval === 1,
    registeredByRole: roleSchema.parse(registeredByRole),
    registeredByCentreIds: centres.get(row.registeredByUserId) ?? [],
  }));
}

/** Every device, most recently registered first (the route keeps those the actor may manage). */
export async function listDeviceSummaries(db: Kysely<Database>): Promise<DeviceSummary[]> {
  return toSummaries(
    db,
    await summarySelect(db).orderBy('devices.registered_at', 'desc').orderBy('devices.id').execute(),
  );
}

export async function findDeviceSummary(db: Kysely<Database>, id: string): Promise<DeviceSummary | undefined> {
  const row = await summarySelect(db).where('devices.id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : (await toSummaries(db, [row]))[0];
}

/**
 * Storage of the registered PCs. A PC proves itself with a random secret of which the server
 * keeps only the SHA-256: a stolen database does not let anyone impersonate a PC. A revoked PC
 * stays listed (who revoked it, when) and is refused everywhere.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DeviceSummary } from '../../../shared/auth/schemas';
import type { Database, DevicesTable } from './schema';

export interface DeviceRecord {
  id: string;
  secretHash: string;
  centreId: string | null;
  revokedAt: string | null;
}

function toDeviceRecord(
  row: Pick<Selectable<DevicesTable>, 'id' | 'secret_hash' | 'centre_id' | 'revoked_at'>,
): DeviceRecord {
  return { id: row.id, secretHash: row.secret_hash, centreId: row.centre_id, revokedAt: row.revoked_at };
}

export async function findDevice(db: Kysely<Database>, id: string): Promise<DeviceRecord | undefined> {
  const row = await db
    .selectFrom('devices')
    .select(['id', 'secret_hash', 'centre_id', 'revoked_at'])
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
    })
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
      'devices.registered_at as registeredAt',
      'devices.last_seen_at as lastSeenAt',
      'devices.last_sync_at as lastSyncAt',
      'devices.revoked_at as revokedAt',
    ]);
}

/** Every device, most recently registered first (the route keeps those the actor may manage). */
export async function listDeviceSummaries(db: Kysely<Database>): Promise<DeviceSummary[]> {
  return summarySelect(db).orderBy('devices.registered_at', 'desc').orderBy('devices.id').execute();
}

export async function findDeviceSummary(db: Kysely<Database>, id: string): Promise<DeviceSummary | undefined> {
  return summarySelect(db).where('devices.id', '=', id).executeTakeFirst();
}

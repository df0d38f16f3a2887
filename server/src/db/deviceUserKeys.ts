/**
 * The secrets that wrap each user's data key on each PC (docs/security.md, "Server wrap"): one per
 * PC and user, made the first time that user signs in there, the same at every later sign-in, and
 * deleted with the PC's revocation or the user's disabling, so that neither can recover a key
 * any more. Never logged, never audited (the sign-in that hands one out is).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** The secret of `userId` on `deviceId`, made now if it has none. Call it in the transaction that checked both. */
export async function deviceUserSecret(
  db: Kysely<Database>,
  deviceId: string,
  userId: string,
  at: string,
): Promise<string> {
  await db
    .insertInto('device_user_keys')
    .values({ device_id: deviceId, user_id: userId, secret: randomBytes(32).toString('base64url'), created_at: at })
    .onConflict((conflict) => conflict.columns(['device_id', 'user_id']).doNothing())
    .execute();
  const { secret } = await db
    .selectFrom('device_user_keys')
    .select('secret')
    .where('device_id', '=', deviceId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return secret;
}

/** Deletes the secrets of a revoked PC (`deviceId`) or of a disabled user (`userId`). */
export async function deleteDeviceUserSecrets(
  db: Kysely<Database>,
  of: { deviceId: string } | { userId: string },
): Promise<void> {
  const query = db.deleteFrom('device_user_keys');
  await (
    'deviceId' in of ? query.where('device_id', '=', of.deviceId) : query.where('user_id', '=', of.userId)
  ).execute();
}

/**
 * Storage of the sign-in throttle: consecutive failures per key and when the next attempt is
 * allowed. The policy (what the key is, how delays grow) lives in `auth/throttle.ts`.
 *
 * An attempt is claimed before the password is checked, and counted as a failure until a
 * success resets the key: many parallel guesses cannot all slip through before the first
 * failure is written. The claim is one transaction that first upserts the row, which locks it
 * (PostgreSQL row lock; SQLite's `BEGIN IMMEDIATE` serialises writers anyway), so concurrent
 * claims on one key are counted one after the other.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema';

export type ThrottleClaim =
  { allowed: true; failures: number } | { allowed: false; failures: number; nextAllowedAt: string };

/**
 * Claims one attempt for `key` at `now`: refused while `next_allowed_at` is in the future;
 * otherwise counted as one more failure, the next attempt allowed at `nextAllowedAt(failures)`.
 */
export async function claimSignInAttempt(
  db: Kysely<Database>,
  key: string,
  now: Date,
  nextAllowedAt: (failures: number, now: Date) => Date,
): Promise<ThrottleClaim> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sign_in_throttle')
      .values({ key, failures: 0, next_allowed_at: at, updated_at: at })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ updated_at: at }))
      .execute();
    const row = await trx
      .selectFrom('sign_in_throttle')
      .select(['failures', 'next_allowed_at'])
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (Date.parse(row.next_allowed_at) > now.getTime()) {
      return { allowed: false, failures: row.failures, nextAllowedAt: row.next_allowed_at };
    }
    const failures = row.failures + 1;
    await trx
      .updateTable('sign_in_throttle')
      .set({ failures, next_allowed_at: nextAllowedAt(failures, now).toISOString() })
      .where('key', '=', key)
      .execute();
    return { allowed: true, failures };
  });
}

/** Forgets the failures of `key` (after a correct password). */
export async function resetSignInThrottle(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}

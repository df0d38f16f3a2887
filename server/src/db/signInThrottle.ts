/**
 * Storage of the sign-in throttle: consecutive failures per key and when the next attempt is
 * allowed. The policy (which keys, how delays grow) lives in `auth/throttle.ts`.
 *
 * An attempt is claimed before the password is checked, and counted as a failure on each of its
 * keys until a success resets them: many parallel guesses cannot all slip through before the first
 * failure is written. The claim is one transaction that first upserts every key's row, in key
 * order, which locks them (PostgreSQL row locks, taken in one order so two claims never deadlock;
 * SQLite's `BEGIN IMMEDIATE` serialises writers anyway), so concurrent claims are counted one after
 * the other. It is all or nothing: refused when any key is still waiting, and then nothing counted.
 */
import type { Kysely } from 'kysely';
import { failure, ok, type Result } from '../../../shared/result';
import type { Database } from './schema';

export interface ThrottleKey {
  key: string;
  nextAllowedAt: (failures: number, now: Date) => Date;
}

/** A claim refused: the key waiting longest, its failures, and when it next allows an attempt. */
export type ThrottleWait = { key: string; failures: number; nextAllowedAt: string };

/** A claim granted carries each key's failures, this attempt counted. */
export type ThrottleClaim = Result<Record<string, number>, ThrottleWait>;

/**
 * Claims one attempt on every key at `now`: refused while any key's `next_allowed_at` is in the
 * future (the one waiting longest is named); otherwise each key counts one more failure, its next
 * attempt allowed at its own `nextAllowedAt(failures)`.
 */
export async function claimSignInAttempt(
  db: Kysely<Database>,
  keys: readonly ThrottleKey[],
  now: Date,
): Promise<ThrottleClaim> {
  const at = now.toISOString();
  const ordered = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return db.transaction().execute(async (trx) => {
    const rows = new Map<string, { failures: number; next_allowed_at: string }>();
    for (const { key } of ordered) {
      await trx
        .insertInto('sign_in_throttle')
        .values({ key, failures: 0, next_allowed_at: at, updated_at: at })
        .onConflict((conflict) => conflict.column('key').doUpdateSet({ updated_at: at }))
        .execute();
      rows.set(
        key,
        await trx
          .selectFrom('sign_in_throttle')
          .select(['failures', 'next_allowed_at'])
          .where('key', '=', key)
          .executeTakeFirstOrThrow(),
      );
    }
    let wait: ThrottleWait | undefined;
    for (const [key, row] of rows) {
      if (Date.parse(row.next_allowed_at) <= now.getTime()) continue;
      if (wait === undefined || row.next_allowed_at > wait.nextAllowedAt) {
        wait = { key, failures: row.failures, nextAllowedAt: row.next_allowed_at };
      }
    }
    if (wait !== undefined) return failure(wait);
    const failures: Record<string, number> = {};
    for (const { key, nextAllowedAt } of ordered) {
      const count = (rows.get(key)?.failures ?? 0) + 1;
      failures[key] = count;
      await trx
        .updateTable('sign_in_throttle')
        .set({ failures: count, next_allowed_at: nextAllowedAt(count, now).toISOString() })
        .where('key', '=', key)
        .execute();
    }
    return ok(failures);
  });
}

/** Forgets the failures of these keys (after a correct password). */
export async function resetSignInThrottle(db: Kysely<Database>, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db
    .deleteFrom('sign_in_throttle')
    .where('key', 'in', [...keys])
    .execute();
}

/**
 * Migration `0004-account-security` on a database as `0003-sync` left it: accounts and PCs that
 * exist keep working exactly as before — no account is put on judicial hold, no PC waits for an
 * approval — and the throttle's old counters (keys of another shape) are cleared.
 */
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateTo, migrateToLatest } from '../src/db';
import { engines, openTestDatabase } from './support/testDatabase';

describe.each(engines)('migration 0004-account-security on %s', (engine) => {
  it('holds no existing account, keeps every existing PC approved, clears the old throttle counters', async () => {
    const { db } = await openTestDatabase(engine, { migrate: false });
    await migrateTo(db, '0003-sync');
    const at = '2025-01-06T09:00:00.000Z';
    const v3 = db.withTables<{
      centres: { id: string; code: string; name_fr: string; name_ar: string; region_code: string; created_at: string };
    }>();
    await v3
      .insertInto('centres')
      .values({ id: 'c-1', code: 'CAPC-A', name_fr: 'A', name_ar: 'أ', region_code: 'CSE', created_at: at })
      .execute();
    await db
      .insertInto('users')
      .values({
        id: 'u-1',
        username: 'amina',
        display_name: 'Amina',
        role: 'conseiller',
        password_hash: 'x',
        must_change_password: 1,
        one_time_password_expires_at: at,
        disabled_at: null,
        created_at: at,
        last_sign_in_at: null,
      })
      .execute();
    await db.insertInto('user_centres').values({ user_id: 'u-1', centre_id: 'c-1' }).execute();
    // The table as 0003 made it (no approval columns yet).
    await (
      db as unknown as Kysely<{
        devices: {
          id: string;
          name: string;
          secret_hash: string;
          centre_id: string | null;
          registered_by_user_id: string;
          registered_at: string;
          last_seen_at: string | null;
          last_sync_at: string | null;
          revoked_at: string | null;
          revoked_by_user_id: string | null;
        };
      }>
    )
      .insertInto('devices')
      .values(
        ['d-1', 'd-2', 'd-3', 'd-4'].map((id) => ({
          id,
          name: id,
          secret_hash: 'h',
          centre_id: 'c-1',
          registered_by_user_id: 'u-1',
          registered_at: at,
          last_seen_at: null,
          last_sync_at: null,
          revoked_at: null,
          revoked_by_user_id: null,
        })),
      )
      .execute();
    await db
      .insertInto('sign_in_throttle')
      .values({ key: 'amina|new-device', failures: 7, next_allowed_at: at, updated_at: at })
      .execute();

    expect((await migrateToLatest(db)).applied).toContain('0004-account-security');
    expect(await db.selectFrom('judicial_holds').selectAll().execute()).toEqual([]);
    const devices = await db
      .selectFrom('devices')
      .select(['id', 'pending_approval', 'approved_at', 'approved_by_user_id'])
      .orderBy('id')
      .execute();
    expect(devices).toEqual(
      ['d-1', 'd-2', 'd-3', 'd-4'].map((id) => ({
        id,
        pending_approval: 0,
        approved_at: null,
        approved_by_user_id: null,
      })),
    );
    expect(await db.selectFrom('sign_in_throttle').selectAll().execute()).toEqual([]);
  });
});

/**
 * Migration `0009-centre-privacy` on a database as the migration before it left it: the centres
 * already there get the defaults for their PCs' privacy (a 10-minute lock, 30 days of offline
 * sign-in), and their other facts are untouched.
 */
import { describe, expect, it } from 'vitest';
import { findCentre, migrateTo, migrateToLatest, migrationNames } from '../src/db';
import { engines, openTestDatabase } from './support/testDatabase';

const centreId = '0190a8d4-1c2e-7a3b-9c4d-000000000c09';

describe.each(engines)('migration 0009-centre-privacy on %s', (engine) => {
  it('gives the existing centres the default lock and offline period', async () => {
    const { db } = await openTestDatabase(engine, { migrate: false });
    const before = migrationNames[migrationNames.indexOf('0009-centre-privacy') - 1];
    if (before === undefined) throw new Error('0009 has no migration before it');
    await migrateTo(db, before);
    await db
      .withTables<{
        centres: {
          id: string;
          code: string;
          name_fr: string;
          name_ar: string;
          region_code: string;
          created_at: string;
        };
      }>()
      .insertInto('centres')
      .values({
        id: centreId,
        code: 'CASA',
        name_fr: 'CAPC Casablanca',
        name_ar: 'مركز الدار البيضاء',
        region_code: 'CSE',
        created_at: '2026-01-05T09:00:00.000Z',
      })
      .execute();

    expect((await migrateToLatest(db)).applied).toContain('0009-centre-privacy');
    expect(await findCentre(db, centreId)).toEqual({
      id: centreId,
      code: 'CASA',
      nameFr: 'CAPC Casablanca',
      nameAr: 'مركز الدار البيضاء',
      regionCode: 'CSE',
      autoLockMinutes: 10,
      maxOfflineDays: 30,
      createdAt: '2026-01-05T09:00:00.000Z',
    });
  });
});

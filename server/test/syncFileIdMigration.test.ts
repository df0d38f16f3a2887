/**
 * Migration `0007-sync-file-id` on a database as the migration before it left it: every stored
 * row gets the file it belongs to, as `fileIdOf` (shared/sync/entities.ts) gives it to the rows
 * pushed from now on — the person's own id for the person, the person's id for the records of
 * their file, none for a ceremony — and the rules across a file's records find them by it.
 */
import { describe, expect, it } from 'vitest';
import { fileIdOf } from '../../shared/sync/entities';
import { findFileRows, migrateTo, migrateToLatest, migrationNames } from '../src/db';
import { engines, openTestDatabase } from './support/testDatabase';

const centre = '0190a8d4-1c2e-7a3b-9c4d-000000000c01';
const person = '0190a8d4-1c2e-7a3b-9c4d-000000000b01';
const project = '0190a8d4-1c2e-7a3b-9c4d-000000000a01';
const ceremony = '0190a8d4-1c2e-7a3b-9c4d-000000000e01';

const rows: { table: string; rowId: string; record: Record<string, unknown> }[] = [
  { table: 'beneficiaries', rowId: person, record: { centreId: centre, lastNameLatin: 'Bennani' } },
  { table: 'admissions', rowId: person, record: { centreId: centre, beneficiaryId: person } },
  { table: 'incomeProjects', rowId: project, record: { centreId: centre, beneficiaryId: person, title: 'Snack' } },
  { table: 'ceremonyLines', rowId: project, record: { centreId: centre, beneficiaryId: person, ceremonyId: ceremony } },
  { table: 'ceremonies', rowId: ceremony, record: { centreId: centre, place: 'Anfa' } },
  // A record whose person is not set (none is pushed so any more): outside any file, not file ''.
  {
    table: 'fundingShares',
    rowId: '0190a8d4-1c2e-7a3b-9c4d-000000000f01',
    record: { centreId: centre, beneficiaryId: '' },
  },
];

describe.each(engines)('migration 0007-sync-file-id on %s', (engine) => {
  it('files every stored row as fileIdOf would, and leaves a ceremony outside any file', async () => {
    const { db } = await openTestDatabase(engine, { migrate: false });
    const before = migrationNames[migrationNames.indexOf('0007-sync-file-id') - 1];
    if (before === undefined) throw new Error('0007 has no migration before it');
    await migrateTo(db, before);
    const old = db.withTables<{
      sync_scopes: { scope_id: string; last_seq: number; purged_before_seq: number };
      sync_rows: {
        table_name: string;
        row_id: string;
        scope_id: string;
        seq: number;
        is_deleted: number;
        state: string;
      };
    }>();
    await old
      .insertInto('sync_scopes')
      .values({ scope_id: centre, last_seq: rows.length, purged_before_seq: 0 })
      .execute();
    await old
      .insertInto('sync_rows')
      .values(
        rows.map((row, index) => ({
          table_name: row.table,
          row_id: row.rowId,
          scope_id: centre,
          seq: index + 1,
          is_deleted: 0,
          state: JSON.stringify({ record: row.record, versions: {}, siblings: {}, tombstone: [] }),
        })),
      )
      .execute();

    expect((await migrateToLatest(db)).applied).toContain('0007-sync-file-id');
    const stored = await db.selectFrom('sync_rows').select(['table_name', 'row_id', 'file_id']).execute();
    expect(stored).toHaveLength(rows.length);
    for (const row of rows) {
      const found = stored.find((item) => item.table_name === row.table && item.row_id === row.rowId);
      expect(found?.file_id, row.table).toBe(fileIdOf(row.table, row.rowId, row.record as never));
    }
    expect(stored.find((item) => item.table_name === 'ceremonies')?.file_id).toBeNull();
    expect(stored.find((item) => item.table_name === 'fundingShares')?.file_id).toBeNull();
    // The push reads a whole file with one query on the new index.
    const file = await findFileRows(db, [person]);
    expect(file.map((row) => row.table).sort()).toEqual([
      'admissions',
      'beneficiaries',
      'ceremonyLines',
      'incomeProjects',
    ]);
  });
});

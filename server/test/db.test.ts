import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import {
  getDatabaseId,
  getSchemaVersion,
  latestSchemaVersion,
  migrateToLatest,
  migrationNames,
  openDatabase,
  sqliteFileName,
} from '../src/db';
import type { MasarDatabase, OpenDatabaseOptions } from '../src/db';
import { repositoryRoot } from '../src/config';
import { createDatabaseTarget, engines, openTestDatabase } from './support/testDatabase';

const migrationOutcomeSchema = z.object({ applied: z.array(z.string()), schemaVersion: z.number() });
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function openClosedLater(options: OpenDatabaseOptions): Promise<MasarDatabase> {
  const database = await openDatabase(options);
  onTestFinished(() => database.close());
  return database;
}

describe.each(engines)('database on %s', (engine) => {
  it('reports its engine and schema version 0 before any migration', async () => {
    const database = await openTestDatabase(engine, { migrate: false });
    expect(database.engine).toBe(engine);
    expect(await getSchemaVersion(database.db)).toBe(0);
  });

  it('migrates to the latest schema, and a second run changes nothing', async () => {
    const { db } = await openTestDatabase(engine, { migrate: false });
    // Every migration, in order.
    const everyMigration = [
      '0001-server-meta',
      '0002-accounts',
      '0003-sync',
      '0004-account-security',
      '0005-audit-chain',
      '0007-sync-file-id',
      '0008-device-user-keys',
      '0009-centre-privacy',
    ];
    const first = await migrateToLatest(db);
    expect(first).toEqual({ applied: everyMigration, schemaVersion: latestSchemaVersion });
    expect(migrationNames).toEqual(everyMigration);
    const databaseId = await getDatabaseId(db);

    const second = await migrateToLatest(db);
    expect(second).toEqual({ applied: [], schemaVersion: latestSchemaVersion });
    expect(await getSchemaVersion(db)).toBe(latestSchemaVersion);
    expect(await getDatabaseId(db)).toBe(databaseId);
    expect(await db.selectFrom('server_meta').selectAll().execute()).toHaveLength(1);
  });

  it('mints a random database_id once and keeps it across reopen and re-migration', async () => {
    const target = await createDatabaseTarget(engine);
    const first = await openDatabase(target.options);
    await migrateToLatest(first.db);
    const databaseId = await getDatabaseId(first.db);
    expect(databaseId).toMatch(uuidPattern);
    await first.close();

    const reopened = await openClosedLater(target.options);
    await migrateToLatest(reopened.db);
    expect(await getDatabaseId(reopened.db)).toBe(databaseId);
    expect(await getSchemaVersion(reopened.db)).toBe(latestSchemaVersion);
  });

  it('gives two databases two identities', async () => {
    const one = await openTestDatabase(engine);
    const other = await openTestDatabase(engine);
    expect(await getDatabaseId(one.db)).not.toBe(await getDatabaseId(other.db));
  });

  it('lets several processes migrate the same database at the same instant', async () => {
    const target = await createDatabaseTarget(engine);
    // Started ahead of an agreed instant so they all migrate within the same millisecond or so.
    const startAt = String(Date.now() + 4_000);
    const racers = Array.from({ length: 4 }, () =>
      promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'server/test/support/migrateAt.ts', target.options.dataDir, startAt],
        { cwd: repositoryRoot, env: { ...process.env, ...target.env } },
      ),
    );
    const outcomes = (await Promise.all(racers)).map(({ stdout }) => migrationOutcomeSchema.parse(JSON.parse(stdout)));
    expect(outcomes.flatMap((outcome) => outcome.applied)).toEqual(migrationNames);
    expect(outcomes.map((outcome) => outcome.schemaVersion)).toEqual(outcomes.map(() => latestSchemaVersion));
  });

  it('refuses to read a database_id before migrating', async () => {
    const { db } = await openTestDatabase(engine, { migrate: false });
    await expect(getDatabaseId(db)).rejects.toThrow();
  });

  it('compares the op log timestamps byte by byte, whatever the server locale', async () => {
    const { db } = await openTestDatabase(engine);
    const entry = {
      user_id: 'u',
      outbox_id: 'o',
      batch_id: 'b',
      scope_id: 's',
      row_seq: 1,
      table_name: 't',
      row_id: 'r',
      field: 'f',
      kind: 'set',
      original_hlc: null,
      received_at: '2025-03-10T09:00:00.000Z',
    };
    // A locale collation sorts 'a-2' before 'B-1' and may ignore the dashes; bytes put 'B' first.
    const values = ['a-2', 'B-1', 'a2-', '-a3'];
    await db
      .insertInto('sync_op_log')
      .values(values.map((hlc, index) => ({ ...entry, device_id: `d${index}`, op_seq: index + 1, hlc })))
      .execute();
    const rows = await db.selectFrom('sync_op_log').select('hlc').orderBy('hlc').execute();
    expect(rows.map((row) => row.hlc)).toEqual([...values].sort());
    const greater = await db.selectFrom('sync_op_log').select('hlc').where('hlc', '>', 'a-2').execute();
    expect(greater.map((row) => row.hlc)).toEqual(['a2-']);
    if (engine === 'postgres') {
      // The test cluster runs in the C locale, so the order above would hold anyway: the column
      // itself must say "C", for servers installed with a locale collation.
      const columns = await sql<{ column_name: string; collation_name: string | null }>`
        select column_name, collation_name from information_schema.columns
        where table_name = 'sync_op_log' and column_name in ('hlc', 'original_hlc') order by column_name`.execute(db);
      expect(columns.rows).toEqual([
        { column_name: 'hlc', collation_name: 'C' },
        { column_name: 'original_hlc', collation_name: 'C' },
      ]);
    }
  });

  it('returns counts and bigints as numbers', async () => {
    const { db } = await openTestDatabase(engine);
    const { total } = await db
      .selectFrom('server_meta')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow();
    expect(total).toBe(1);
    const { rows } = await sql<{ big: number }>`select cast(9007199254740991 as bigint) as big`.execute(db);
    expect(rows[0]?.big).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('database on sqlite: the file', () => {
  it('creates the data folder and masar.sqlite with WAL, foreign keys and a busy timeout', async () => {
    const target = await createDatabaseTarget('sqlite');
    const dataDir = join(target.options.dataDir, 'nested', 'server');
    const { db } = await openClosedLater({ dataDir });
    await migrateToLatest(db);
    expect(existsSync(join(dataDir, sqliteFileName))).toBe(true);
    const pragma = async (name: string): Promise<unknown> => {
      const { rows } = await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(db);
      return Object.values(rows[0] ?? {})[0];
    };
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBeGreaterThan(0);
  });
});

describe('database on postgres: connection, concurrency and types', () => {
  // SQLite's counterpart runs two real processes: see main.test.ts.
  it('lets two pools migrate the same database at once: one applies, both agree', async () => {
    const target = await createDatabaseTarget('postgres');
    const [a, b] = await Promise.all([openClosedLater(target.options), openClosedLater(target.options)]);
    const [ra, rb] = await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db)]);
    expect([...ra.applied, ...rb.applied]).toEqual(migrationNames);
    expect(await getDatabaseId(a.db)).toBe(await getDatabaseId(b.db));
  });

  it('fails with a clear message that does not reveal the password', async () => {
    const target = await createDatabaseTarget('postgres');
    const unreachable = 'postgresql://masar:s3cret-pass@127.0.0.1:1/masar';
    const failure = openDatabase({ dataDir: target.options.dataDir, databaseUrl: unreachable });
    await expect(failure).rejects.toThrow(
      /^Cannot connect to PostgreSQL at postgresql:\/\/masar@127\.0\.0\.1:1\/masar/,
    );
    await expect(failure).rejects.not.toThrow(/s3cret/);
  });

  it('keeps calendar dates as YYYY-MM-DD strings and refuses int8 beyond 2^53', async () => {
    const { db } = await openTestDatabase('postgres');
    const { rows } = await sql<{ day: unknown }>`select cast('2024-02-29' as date) as day`.execute(db);
    expect(rows[0]?.day).toBe('2024-02-29');
    await expect(sql`select cast(9007199254740993 as bigint) as big`.execute(db)).rejects.toThrow(/does not fit/);
  });
});

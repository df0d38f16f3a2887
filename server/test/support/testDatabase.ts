/**
 * A fresh, isolated database per test on either engine: a temporary folder for SQLite, a new
 * database on the throwaway PostgreSQL server for PostgreSQL (dropped afterwards), so tests
 * running in parallel never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { inject, onTestFinished } from 'vitest';
import type { DatabaseEngine } from '../../../shared/api/health';
import { migrateToLatest, openDatabase } from '../../src/db';
import type { MasarDatabase, OpenDatabaseOptions } from '../../src/db';

export const engines: readonly DatabaseEngine[] = ['sqlite', 'postgres'];

export interface DatabaseTarget {
  engine: DatabaseEngine;
  /** What `openDatabase` needs to reach this database (also a temp dir for SQLite). */
  options: OpenDatabaseOptions;
  /** The same target as environment variables for a spawned `main.ts`. */
  env: Record<string, string>;
}

function adminUrl(): string {
  const url = inject('postgresUrl');
  if (!url) throw new Error('No PostgreSQL for tests: is tests/setup/postgres.ts the vitest globalSetup?');
  return url;
}

async function runAdmin(statement: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates an empty database for the current test; removed when the test finishes. */
export async function createDatabaseTarget(engine: DatabaseEngine): Promise<DatabaseTarget> {
  const dataDir = await mkdtemp(join(tmpdir(), 'masar-server-test-'));
  onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
  if (engine === 'sqlite') {
    return { engine, options: { dataDir }, env: { MASAR_DATA_DIR: dataDir } };
  }
  const name = `masar_t_${randomBytes(6).toString('hex')}`;
  await runAdmin(`CREATE DATABASE ${name}`);
  onTestFinished(() => runAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return { engine, options: { dataDir, databaseUrl }, env: { MASAR_DATA_DIR: dataDir, DATABASE_URL: databaseUrl } };
}

/** Opens (and by default migrates) a fresh database, closed when the test finishes. */
export async function openTestDatabase(
  engine: DatabaseEngine,
  { migrate = true }: { migrate?: boolean } = {},
): Promise<MasarDatabase> {
  const target = await createDatabaseTarget(engine);
  const database = await openDatabase(target.options);
  onTestFinished(() => database.close());
  if (migrate) await migrateToLatest(database.db);
  return database;
}

/**
 * Vitest global setup: a throwaway PostgreSQL cluster for the whole run, so every server test
 * runs on both engines without any machine set-up beyond Debian's `postgresql` package. Tests
 * receive an admin URL through `inject('postgresUrl')` and create their own databases in it.
 * `MASAR_TEST_DATABASE_URL` points at an existing server instead (its role needs CREATEDB).
 */
import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the test PostgreSQL server (same declaration in server/test/support). */
    postgresUrl: string;
  }
}

const run = promisify(execFile);
const postgresRoot = '/usr/lib/postgresql';
const databaseName = 'masar_test';

async function findPostgresBin(): Promise<string> {
  const versions = await readdir(postgresRoot).catch(() => []);
  const newestFirst = versions.filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
  for (const version of newestFirst) {
    const bin = join(postgresRoot, version, 'bin');
    const present = await readdir(bin).catch((): string[] => []);
    if (present.includes('initdb') && present.includes('pg_ctl')) return bin;
  }
  throw new Error(
    'PostgreSQL is not installed: the server tests run on SQLite and PostgreSQL. ' +
      'Install it with `apt-get install postgresql` (Debian), or set MASAR_TEST_DATABASE_URL ' +
      'to a server whose role may CREATE DATABASE.',
  );
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (typeof address === 'object' && address !== null) resolvePort(address.port);
        else reject(new Error('Could not find a free port'));
      });
    });
  });
}

/** initdb refuses to run as root: run the server binaries as `postgres` then. */
async function clusterOwner(dir: string): Promise<(bin: string, args: string[]) => Promise<unknown>> {
  if (process.getuid?.() !== 0) return (bin, args) => run(bin, args);
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  await chown(dir, uid, gid);
  return (bin, args) => run('runuser', ['-u', 'postgres', '--', bin, ...args]);
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env['MASAR_TEST_DATABASE_URL'];
  if (external !== undefined && external !== '') {
    project.provide('postgresUrl', external);
    return undefined;
  }

  const bin = await findPostgresBin();
  const dir = await mkdtemp(join(tmpdir(), 'masar-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const asOwner = await clusterOwner(dir);
  const pgCtl = join(bin, 'pg_ctl');

  const stop = async (): Promise<void> => {
    await asOwner(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop']).catch(() =>
      asOwner(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined),
    );
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await asOwner(join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const port = await freePort();
    const serverOptions = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    await asOwner(pgCtl, ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', 'start']);
    await run(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', databaseName]);
    project.provide('postgresUrl', `postgresql://postgres@127.0.0.1:${port}/${databaseName}`);
  } catch (error) {
    const log = await readFile(logFile, 'utf8').catch(() => '');
    await stop();
    throw new Error(`Could not start the test PostgreSQL cluster: ${String(error)}\n${log}`, { cause: error });
  }
  return stop;
}

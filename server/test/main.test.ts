import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { healthSchema } from '../../shared/api/health';
import { apiRouteTable } from '../../shared/api/routes';
import { repositoryRoot } from '../src/config';
import { latestSchemaVersion } from '../src/db';
import { createDatabaseTarget, engines } from './support/testDatabase';

const listeningLine = /^Masar server listening on (http:\/\/\S+)$/m;
const startTimeoutMs = 20_000;

interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `main.ts` exactly as `npm run server` does (through tsx), with a clean server environment. */
function spawnServer(env: Record<string, string>): ServerProcess {
  const serverVariables = new Set([
    'PORT',
    'HOST',
    'DATABASE_URL',
    'MASAR_DATA_DIR',
    'MASAR_RENDERER_DIR',
    'LOG_LEVEL',
  ]);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !serverVariables.has(name)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: repositoryRoot,
    env: { ...inherited, LOG_LEVEL: 'warn', MASAR_RENDERER_DIR: join(tmpdir(), 'masar-no-renderer'), ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    child.once('exit', (code, signal) => {
      resolveExit({ code, signal });
    });
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Resolves with the URL from the "listening" line; fails with the output if the process dies first. */
async function listeningUrl(server: ServerProcess): Promise<string> {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    const match = listeningLine.exec(server.stdout());
    if (match?.[1] !== undefined) return match[1];
    if (server.child.exitCode !== null) break;
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
  throw new Error(`server did not start.\nstdout: ${server.stdout()}\nstderr: ${server.stderr()}`);
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'masar-main-test-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe.each(engines)('npm run server on %s', (engine) => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'starts, migrates, answers health over HTTP and exits 0 on %s',
    async (signal) => {
      const target = await createDatabaseTarget(engine);
      const server = spawnServer({ ...target.env, PORT: '0' });
      const url = await listeningUrl(server);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const response = await fetch(`${url}${apiRouteTable.health.path}`);
      expect(response.status).toBe(200);
      const health = healthSchema.parse(await response.json());
      expect(health).toMatchObject({ status: 'ok', engine, schemaVersion: latestSchemaVersion });
      expect(health.version).toMatch(/^\d+\.\d+\.\d+/);

      server.child.kill(signal);
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.stderr()).toBe('');
    },
  );

  it('lets two processes start on one database at the same time', async () => {
    const target = await createDatabaseTarget(engine);
    const servers = [spawnServer({ ...target.env, PORT: '0' }), spawnServer({ ...target.env, PORT: '0' })];
    const urls = await Promise.all(servers.map(listeningUrl));
    for (const url of urls) {
      const health = healthSchema.parse(await (await fetch(`${url}${apiRouteTable.health.path}`)).json());
      expect(health.schemaVersion).toBe(latestSchemaVersion);
    }
    for (const server of servers) server.child.kill('SIGTERM');
    for (const server of servers) expect((await server.exited).code).toBe(0);
  });
});

describe('npm run server: failures', () => {
  it('exits 1 with one clear line on a bad configuration', async () => {
    const server = spawnServer({ MASAR_DATA_DIR: await tempDir(), PORT: 'eighty' });
    expect((await server.exited).code).toBe(1);
    const lines = server.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^masar server: Invalid configuration: PORT must be a whole number/);
    expect(server.stdout()).toBe('');
  });

  it('exits 1 with a clear line when PostgreSQL cannot be reached', async () => {
    const server = spawnServer({
      MASAR_DATA_DIR: await tempDir(),
      DATABASE_URL: 'postgresql://masar:s3cret@127.0.0.1:1/masar',
    });
    expect((await server.exited).code).toBe(1);
    expect(server.stderr()).toMatch(
      /^masar server: Cannot connect to PostgreSQL at postgresql:\/\/masar@127\.0\.0\.1:1\/masar/,
    );
    expect(server.stderr()).not.toContain('s3cret');
  });

  it('exits 1 when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolveListen) => blocker.listen(0, '127.0.0.1', resolveListen));
    onTestFinished(
      () =>
        new Promise<void>((resolveClose) => {
          blocker.close(() => {
            resolveClose();
          });
        }),
    );
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const server = spawnServer({ MASAR_DATA_DIR: await tempDir(), PORT: String(port) });
    expect((await server.exited).code).toBe(1);
    expect(server.stderr()).toMatch(/masar server: .*EADDRINUSE/);
  });
});

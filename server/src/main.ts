/**
 * The one-command entry of the central server (`npm run server`): read the configuration, open
 * and migrate the database, listen, and shut down cleanly on SIGTERM/SIGINT. It prints one
 * plain line, `Masar server listening on <url>`, that launch scripts and tests wait for; every
 * other line is a JSON log. `npm run server -- create-admin …` and `npm run server -- verify-audit`
 * run the commands of `cli.ts` instead.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { FastifyBaseLogger } from 'fastify';
import { buildServer } from './app';
import { defaultNewPcAllowance } from './auth/deviceRegistration';
import { runCreateAdmin, runVerifyAudit } from './cli';
import { parseConfig, repositoryRoot } from './config';
import { migrateToLatest, openDatabase, openSyncSequences } from './db';
import type { DatabaseLogger, MasarDatabase } from './db';

const shutdownTimeoutMs = 10_000;

function readAppVersion(): string {
  const packageJson: unknown = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8'));
  return z.object({ version: z.string() }).parse(packageJson).version;
}

/** `http://127.0.0.1:8787`, with brackets around an IPv6 host. */
function listeningUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function fail(message: string): never {
  process.stderr.write(`masar server: ${message}\n`);
  process.exit(1);
}

async function start(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) fail(parsed.error);
  const config = parsed.value;
  const version = readAppVersion();

  // The database opens before Fastify (which owns the logger) exists: forward to it once built.
  const serverLog: { current?: FastifyBaseLogger } = {};
  const databaseLogger: DatabaseLogger = {
    info: (details, message) => serverLog.current?.info(details, message),
    error: (details, message) => serverLog.current?.error(details, message),
  };

  let database: MasarDatabase;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: databaseLogger });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }

  const server = buildServer({
    database,
    version,
    rendererDir: config.rendererDir,
    logger: { level: config.logLevel },
    trustProxy: config.trustProxy,
    newPcAllowance: { ...defaultNewPcAllowance, count: config.newPcAllowance },
  });
  serverLog.current = server.log;

  try {
    const migration = await migrateToLatest(database.db);
    // A new range of sync sequence numbers for this run: none is ever reused, even after a restore.
    await openSyncSequences(database.db);
    server.log.info({ engine: database.engine, ...migration }, 'database ready');
    await server.listen({ port: config.port, host: config.host });
  } catch (error) {
    server.log.error({ err: error }, 'start failed');
    await server.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    fail(error instanceof Error ? error.message : String(error));
  }

  const address = server.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  process.stdout.write(`Masar server listening on ${listeningUrl(config.host, port)}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, 'shutting down');
    const forceExit = setTimeout(() => {
      server.log.error({ timeoutMs: shutdownTimeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, shutdownTimeoutMs);
    forceExit.unref();
    void (async () => {
      try {
        await server.close();
        await database.close();
        server.log.info('stopped');
        process.exit(0);
      } catch (error) {
        server.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      }
    })();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

const [command, ...commandArgs] = process.argv.slice(2);
if (command === 'create-admin') {
  process.exit(
    await runCreateAdmin(commandArgs, {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
    }),
  );
} else if (command === 'verify-audit') {
  process.exit(await runVerifyAudit(commandArgs, { stdout: process.stdout, stderr: process.stderr, env: process.env }));
} else if (command !== undefined) {
  fail(`unknown command "${command}": run it without arguments, or with create-admin or verify-audit`);
} else {
  await start();
}

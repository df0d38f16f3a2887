/**
 * A second central server for the first-run tests, with no account at all: the shared e2e server
 * (startServer.ts) has its administrator from the start, which the other specs rely on. Each call
 * starts the real server (`server/src/main.ts`) on a new SQLite folder, on the port after the e2e
 * server's, and waits for its "listening" line; `stop()` ends it and removes the folder.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
export const freshServerPort = Number(process.env.MASAR_E2E_PORT ?? 41731) + 1;

export type FreshServer = { url: string; stop: () => Promise<void> };

/** `host`: where it listens and where the browser goes (127.0.0.1 unless said otherwise). */
export async function startFreshServer(host = '127.0.0.1'): Promise<FreshServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'masar-e2e-fresh-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(freshServerPort),
      HOST: host,
      DATABASE_URL: '',
      MASAR_DATA_DIR: dataDir,
      MASAR_RENDERER_DIR: join(root, 'dist/renderer'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const listening = await new Promise<boolean>((resolve) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith('Masar server listening on ')) resolve(true);
    });
    child.once('exit', () => {
      resolve(false);
    });
  });
  if (!listening) {
    await stop();
    throw new Error(`the fresh e2e server did not start on ${host}:${freshServerPort}`);
  }
  return { url: `http://${host}:${freshServerPort}`, stop };
}

/** An IPv4 address of this machine that is not the loopback, if it has one (to be "another PC"). */
export function nonLoopbackAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal)?.address;
}

/**
 * The initial pull measured in the real app: the built renderer served by a real server (SQLite
 * file, loopback), a counsellor signing in on a fresh Chromium profile (real IndexedDB, strict
 * durability) and pressing *Synchroniser*. Used by `bench/sync.ts` for `pullRowsPerSec`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/support/chromium';
import { addCounsellor, startSyncWorld, type SyncWorld } from '../tests/sync/syncHarness';

const root = resolve(import.meta.dirname, '..');

export type ChromiumWorld = Pick<SyncWorld, 'database' | 'serverUrl' | 'centreId'>;

export type ChromiumPullResult = {
  rows: number;
  seconds: number;
  localCount: number;
  /** Time inside the pull requests (server and wire), from the page's resource timings. */
  requestSeconds: number;
  requests: number;
  /** CPU time of this process (the server) during the pull: it shares the machine's cores. */
  serverCpuSeconds: number;
};

export type ChromiumPullOptions = {
  /** The server's byte budget of a pull response (the smoke run makes it small: several pulls). */
  readonly maxPullStateBytes?: number | undefined;
};

/**
 * Builds the renderer, starts the server with it, lets `seed` fill it, then
 * times a counsellor's first sync in Chromium from *Lancer* to the receipt.
 */
export async function pullInChromium(
  seed: (world: ChromiumWorld) => Promise<number>,
  log: (message: string) => void,
  options: ChromiumPullOptions = {},
): Promise<ChromiumPullResult> {
  // Always rebuilt: a renderer built before the last change would measure old code. Into a folder
  // of its own: dist/renderer may be in use (the tests read it while `npm test` runs the smoke).
  log('building the renderer…');
  const rendererDir = await mkdtemp(join(tmpdir(), 'masar-bench-renderer-'));
  const built = spawnSync('npx', ['vite', 'build', '--outDir', rendererDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    // The app as shipped: under vitest (NODE_ENV=test) Vite would build React's development mode.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0 || !existsSync(join(rendererDir, 'index.html'))) {
    await rm(rendererDir, { recursive: true, force: true });
    throw new Error('building the renderer failed');
  }
  const world = await startSyncWorld({ rendererDir, maxPullStateBytes: options.maxPullStateBytes });
  const { database, serverUrl, centreId } = world;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch(chromiumLaunchOptions);
    const rows = await seed({ database, serverUrl, centreId });
    const { username, password } = await addCounsellor(world, 'banc');
    const page = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    await page.goto(serverUrl);
    const form = page.getByRole('form', { name: 'Connexion' });
    await form.getByLabel('Identifiant').fill(username);
    await form.getByLabel('Mot de passe').fill(password);
    await form.getByRole('button', { name: 'Se connecter' }).click();
    // The Synchronisation tab: the beneficiary list is unmounted there (it is not virtualised yet,
    // and rendering 50 000 rows is not what this measures).
    await page.getByRole('tab', { name: 'Synchronisation' }).click();
    await page.getByTestId('sync-button').click();
    const dialog = page.getByRole('dialog', { name: 'Synchroniser' });
    const start = dialog.getByTestId('sync-preview').getByRole('button', { name: 'Lancer' });
    await start.waitFor();
    // MASAR_BENCH_PROFILE=<file>: a CPU profile of the page during the sync (Chrome DevTools format).
    const profilePath = process.env.MASAR_BENCH_PROFILE;
    const cdp = profilePath ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    await start.click();
    const outcome = dialog.getByTestId('sync-outcome');
    await outcome.waitFor({ timeout: 30 * 60_000 });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const serverCpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (cdp && profilePath) {
      const { profile } = await cdp.send('Profiler.stop');
      await writeFile(profilePath, JSON.stringify(profile));
    }
    if ((await outcome.getAttribute('data-outcome')) !== 'ok')
      throw new Error(`the sync in Chromium failed: ${await outcome.innerText()}`);
    const localCount = await page.evaluate(async () => {
      const names = (await indexedDB.databases()).map((info) => info.name).filter((name) => name?.startsWith('masar-'));
      const name = names.find((candidate) => candidate !== 'masar-accounts');
      if (!name) return -1;
      return new Promise<number>((resolveCount, reject) => {
        const request = indexedDB.open(name);
        request.onerror = () => {
          reject(new Error('open failed'));
        };
        request.onsuccess = () => {
          const counting = request.result.transaction('beneficiaries').objectStore('beneficiaries').count();
          counting.onsuccess = () => {
            resolveCount(counting.result);
          };
          counting.onerror = () => {
            reject(new Error('count failed'));
          };
        };
      });
    });
    const timings = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => entry.name.endsWith('/api/sync/pull'))
        .map((entry) => entry.duration),
    );
    const requestSeconds = timings.reduce((sum, duration) => sum + duration, 0) / 1000;
    return { rows, seconds, localCount, requestSeconds, requests: timings.length, serverCpuSeconds };
  } finally {
    await browser?.close();
    await world.close();
    await rm(rendererDir, { recursive: true, force: true });
  }
}

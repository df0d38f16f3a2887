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
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/support/chromium';
import { newId } from '../shared/ids/uuidv7';
import { buildServer } from '../server/src/app';
import { hashPassword } from '../server/src/auth/passwords';
import { insertCentre, insertUser, migrateToLatest, openDatabase, type MasarDatabase } from '../server/src/db';

const root = resolve(import.meta.dirname, '..');
const rendererDir = resolve(root, 'dist', 'renderer');

export type ChromiumWorld = {
  readonly database: MasarDatabase;
  readonly serverUrl: string;
  readonly centreId: string;
};

export type ChromiumPullResult = {
  rows: number;
  seconds: number;
  localCount: number;
  /** Time inside the pull requests (server and wire), from the page's resource timings. */
  requestSeconds: number;
  requests: number;
};

/**
 * Builds the renderer, starts the server with it, lets `seed` fill it, then
 * times a counsellor's first sync in Chromium from *Lancer* to the receipt.
 */
export async function pullInChromium(
  seed: (world: ChromiumWorld) => Promise<number>,
  log: (message: string) => void,
): Promise<ChromiumPullResult> {
  // Always rebuilt: a renderer built before the last change would measure old code.
  log('building the renderer…');
  const built = spawnSync('npm', ['run', 'build:renderer'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0 || !existsSync(join(rendererDir, 'index.html')))
    throw new Error('npm run build:renderer failed');
  const folder = await mkdtemp(join(tmpdir(), 'masar-bench-'));
  const database = await openDatabase({ dataDir: folder });
  await migrateToLatest(database.db);
  const centreId = newId();
  await insertCentre(database.db, {
    id: centreId,
    code: 'CAS-BENCH',
    nameFr: 'CAPC Casablanca',
    nameAr: 'مركز الدار البيضاء',
    regionCode: 'CSE',
    createdAt: new Date().toISOString(),
  });
  const server = buildServer({ database, version: '0.0.0-bench', rendererDir });
  const serverUrl = await server.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const rows = await seed({ database, serverUrl, centreId });
    const username = `banc.${newId().slice(-6)}`;
    const password = 'un mot de passe de banc d’essai';
    await insertUser(database.db, {
      id: newId(),
      username,
      displayName: 'Conseillère Banc',
      role: 'conseiller',
      passwordHash: await hashPassword(password),
      mustChangePassword: false,
      oneTimePasswordExpiresAt: null,
      createdAt: new Date().toISOString(),
      centreIds: [centreId],
    });
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
    await start.click();
    const outcome = dialog.getByTestId('sync-outcome');
    await outcome.waitFor({ timeout: 30 * 60_000 });
    const seconds = (performance.now() - started) / 1000;
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
    return { rows, seconds, localCount, requestSeconds, requests: timings.length };
  } finally {
    await browser.close();
    await server.close();
    await database.close();
    await rm(folder, { recursive: true, force: true });
  }
}

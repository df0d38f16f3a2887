/**
 * `npm run bench:local`: the local database in Chromium with 50 000 beneficiaries, through the
 * renderer's real code (repositories, change capture, search service) on the page of
 * bench/local/ (built here with Vite, served on loopback). Prints one JSON object as the last
 * line and writes it under `bench/results/`. Figures, not assertions: targets printed beside.
 *
 * - `bulkInsertRowsPerSec`: 50 000 people saved by `createMany` in batches of 500 (each with its
 *   versions and outbox ops, as a form's save);
 * - `openListMs`: a cold start — a new browser on the same profile — until the list's rows are
 *   ready (database opened, search service filled, sorted); React's first paint is not in it.
 *   The app writes the list's snapshot a few seconds after the last change (here: right after the
 *   fill), so this start reads it (`openListSource`); `openListFromRowsMs` is a second cold start
 *   after the edits below made the snapshot stale: every row read one by one, the worst case;
 *   `openListDatabaseMs`, `openListReadMs`, `openListIndexMs`: its parts (opening IndexedDB
 *   itself, on a profile holding the fill's 50 000 unsent insert entries; reading; indexing);
 * - `searchP50Ms` / `searchP95Ms`: searches by name fragment in Latin and Arabic script, by a
 *   variant spelling, and by CIN, each query repeated;
 * - `saveP50Ms`: one field edited through the repository (row, versions, outbox), 200 times (the
 *   disk's flushes make single saves vary by several milliseconds); `commitFloorP50Ms` beside it:
 *   a transaction writing one small record that is neither synced nor sealed, with the same strict
 *   durability, taken between the saves — what any save costs on this disk.
 *
 * The same world again with every record sealed at rest, as the app stores them (docs/security.md):
 * each figure again with the `encrypted` prefix (`encryptedOpenListMs`, `encryptedSearchP95Ms`,
 * `encryptedSaveP50Ms`…), and `unlockMs`: the password wrap opened (PBKDF2, 600 000 iterations),
 * the session's keys derived and the database's key checked.
 *
 * `MASAR_BENCH_LOCAL_ROWS` makes a smaller world for quick runs; `npm run bench:local -- --smoke`
 * runs it all at 300 people (bench/benchRun.ts), for `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/support/chromium';
import { benchRun } from './benchRun';
import { person } from './people';

const run = benchRun('local', []);
const root = resolve(import.meta.dirname, '..');
// Smoke: fewer people than one batch of 500, but every step (fill, snapshot, both cold starts,
// searches, saves) as in the full run.
const rows = run.isSmoke ? 300 : Number(process.env.MASAR_BENCH_LOCAL_ROWS ?? '50000');
const batchSize = 500;

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const value = sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
  return Math.round(value * 100) / 100;
}

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

async function servePage(pageDir: string) {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = resolve(pageDir, `.${path === '/' ? '/index.html' : path}`);
    if (!file.startsWith(pageDir) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(done)) };
}

async function openBenchPage(context: BrowserContext, url: string): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await page.waitForFunction(() => window.masarBench !== undefined);
  return page;
}

log('building the bench page…');
// A folder of its own per run: a smoke run (npm test) and a full run may overlap.
const pageDir = await mkdtemp(join(tmpdir(), 'masar-bench-local-page-'));
const built = spawnSync(
  'npx',
  [
    'vite',
    'build',
    '--config',
    'bench/local/vite.config.ts',
    '--outDir',
    pageDir,
    '--emptyOutDir',
    '--logLevel',
    'warn',
  ],
  // Production mode whatever the caller's NODE_ENV (vitest sets it to test), as in the app.
  { cwd: root, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'ignore', 'inherit'] },
);
if (built.status !== 0 || !existsSync(join(pageDir, 'index.html'))) {
  await rm(pageDir, { recursive: true, force: true });
  throw new Error('building bench/local failed');
}

const served = await servePage(pageDir);
const results: Record<string, unknown> = {
  benchmark: 'local',
  scale: run.scale,
  at: new Date().toISOString(),
  machine: { node: process.version, platform: process.platform, cpus: (await import('node:os')).cpus().length },
  client: 'Chromium (Debian), persistent profile, real IndexedDB, strict durability',
  rows,
};

/**
 * One world of `rows` people on a profile of its own: filled, opened cold (from the snapshot,
 * then from the rows), searched, edited. `sealed`: records sealed at rest as the app does; its
 * figures take the `encrypted` prefix (`encryptedOpenListMs`…).
 */
async function world(sealed: boolean): Promise<void> {
  const name = (figure: string) => (sealed ? `encrypted${figure[0]?.toUpperCase() ?? ''}${figure.slice(1)}` : figure);
  const profile = await mkdtemp(join(tmpdir(), 'masar-bench-local-'));
  try {
    log(sealed ? 'the sealed world…' : 'the plain world…');
    // Fill: the drafts cross into the page in slices (one evaluate per 5 000).
    let context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions);
    let page = await openBenchPage(context, served.url);
    await page.evaluate((isSealed) => window.masarBench?.open(isSealed), sealed);
    let fillMs = 0;
    for (let start = 0; start < rows; start += 5_000) {
      const drafts = Array.from({ length: Math.min(5_000, rows - start) }, (_, offset) => person(start + offset));
      fillMs += await page.evaluate(
        ({ drafts, batchSize }) => window.masarBench?.fill(drafts, batchSize) ?? Promise.resolve(Number.NaN),
        { drafts, batchSize },
      );
      log(`saved ${Math.min(rows, start + 5_000)} people`);
    }
    results[name('bulkInsertRowsPerSec')] = Math.round(rows / (fillMs / 1000));
    results[name('snapshotWritten')] = await page.evaluate(
      () => window.masarBench?.flushSnapshot() ?? Promise.resolve(false),
    );
    await context.close();

    // Cold start: a new browser on the profile just filled.
    context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions);
    page = await openBenchPage(context, served.url);
    results[name('openListMs')] = Math.round(
      await page.evaluate((isSealed) => window.masarBench?.open(isSealed) ?? Number.NaN, sealed),
    );
    results[name('openListSource')] = await page.evaluate(() => window.masarBench?.source());
    const parts = await page.evaluate(() => window.masarBench?.loadParts());
    results[name('openListDatabaseMs')] = Math.round(parts?.openDatabaseMs ?? Number.NaN);
    results[name('openListReadMs')] = Math.round(parts?.readMs ?? Number.NaN);
    results[name('openListIndexMs')] = Math.round(parts?.indexMs ?? Number.NaN);
    const count = await page.evaluate(() => window.masarBench?.count() ?? 0);
    if (count !== rows) throw new Error(`the list holds ${count} people, expected ${rows}`);
    if (sealed) results.unlockMs = Math.round(await page.evaluate(() => window.masarBench?.unlock() ?? Number.NaN));

    // Fragments, a variant spelling, a full name in each script, CINs of stored people (whole,
    // then its first five characters, spaced as a counsellor might type them).
    const storedCin = person(Math.floor(rows / 3)).cin;
    const queries = [
      'idri',
      'benal',
      'khad',
      'youcef',
      'mohamed benali',
      'محم',
      'الإدريسي',
      'محمد بنعلي',
      storedCin,
      `${storedCin.slice(0, 2)} ${storedCin.slice(2, 5)}`,
    ];
    const searchMs: number[] = [];
    const found: Record<string, number> = {};
    for (let round = 0; round < 10; round++) {
      for (const query of queries) {
        const { ms, found: hits } = await page.evaluate(
          (text) => window.masarBench?.search(text) ?? { ms: Number.NaN, found: 0 },
          query,
        );
        searchMs.push(ms);
        found[query] = hits;
      }
    }
    results[name('searchQueries')] = found;
    results[name('searchP50Ms')] = percentile(searchMs, 0.5);
    results[name('searchP95Ms')] = percentile(searchMs, 0.95);

    const saveMs: number[] = [];
    const floorMs: number[] = [];
    for (let edit = 0; edit < (run.isSmoke ? 20 : 200); edit++) {
      saveMs.push(
        await page.evaluate(({ index, cin }) => window.masarBench?.save(index, cin) ?? Promise.resolve(Number.NaN), {
          index: (edit * 797) % rows,
          cin: `ZZ${String(100_000 + edit)}`,
        }),
      );
      floorMs.push(
        await page.evaluate((round) => window.masarBench?.commitFloor(round) ?? Promise.resolve(Number.NaN), edit),
      );
    }
    results[name('commitFloorP50Ms')] = percentile(floorMs, 0.5);
    results[name('saveP50Ms')] = percentile(saveMs, 0.5);
    await page.evaluate(() => {
      window.masarBench?.close();
    });
    await context.close();

    // The worst case: a cold start after edits, before the snapshot was written again.
    context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions);
    page = await openBenchPage(context, served.url);
    results[name('openListFromRowsMs')] = Math.round(
      await page.evaluate((isSealed) => window.masarBench?.open(isSealed) ?? Number.NaN, sealed),
    );
    results[name('openListFromRowsSource')] = await page.evaluate(() => window.masarBench?.source());
    await page.evaluate(() => {
      window.masarBench?.close();
    });
    await context.close();
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

try {
  await world(false);
  await world(true);
} finally {
  await served.close();
  await rm(pageDir, { recursive: true, force: true });
}

results.targets = {
  searchP95Ms: '<= 30',
  saveP50Ms: '<= 10',
  openListMs: '<= 1500',
  encryptedSearchP95Ms: '<= 10',
  encryptedSaveP50Ms: '<= 8',
  encryptedOpenListMs: '<= 1000',
  unlockMs: '<= 1000',
};
await run.finish(results);

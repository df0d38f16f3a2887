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
 * - `saveP50Ms`: one field edited through the repository (row, versions, outbox), 60 times.
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
const profile = await mkdtemp(join(tmpdir(), 'masar-bench-local-'));
const results: Record<string, unknown> = {
  benchmark: 'local',
  scale: run.scale,
  at: new Date().toISOString(),
  machine: { node: process.version, platform: process.platform, cpus: (await import('node:os')).cpus().length },
  client: 'Chromium (Debian), persistent profile, real IndexedDB, strict durability',
  rows,
};
try {
  // Fill: the drafts cross into the page in slices (one evaluate per 5 000).
  let context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions);
  let page = await openBenchPage(context, served.url);
  await page.evaluate(() => window.masarBench?.open());
  let fillMs = 0;
  for (let start = 0; start < rows; start += 5_000) {
    const drafts = Array.from({ length: Math.min(5_000, rows - start) }, (_, offset) => person(start + offset));
    fillMs += await page.evaluate(
      ({ drafts, batchSize }) => window.masarBench?.fill(drafts, batchSize) ?? Promise.resolve(Number.NaN),
      { drafts, batchSize },
    );
    log(`saved ${Math.min(rows, start + 5_000)} people`);
  }
  results.bulkInsertRowsPerSec = Math.round(rows / (fillMs / 1000));
  results.snapshotWritten = await page.evaluate(() => window.masarBench?.flushSnapshot() ?? Promise.resolve(false));
  await context.close();

  // Cold start: a new browser on the profile just filled.
  context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions);
  page = await openBenchPage(context, served.url);
  results.openListMs = Math.round(await page.evaluate(() => window.masarBench?.open() ?? Number.NaN));
  results.openListSource = await page.evaluate(() => window.masarBench?.source());
  const parts = await page.evaluate(() => window.masarBench?.loadParts());
  results.openListDatabaseMs = Math.round(parts?.openDatabaseMs ?? Number.NaN);
  results.openListReadMs = Math.round(parts?.readMs ?? Number.NaN);
  results.openListIndexMs = Math.round(parts?.indexMs ?? Number.NaN);
  const count = await page.evaluate(() => window.masarBench?.count() ?? 0);
  if (count !== rows) throw new Error(`the list holds ${count} people, expected ${rows}`);

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
  results.searchQueries = found;
  results.searchP50Ms = percentile(searchMs, 0.5);
  results.searchP95Ms = percentile(searchMs, 0.95);

  const saveMs: number[] = [];
  for (let edit = 0; edit < 60; edit++)
    saveMs.push(
      await page.evaluate(({ index, cin }) => window.masarBench?.save(index, cin) ?? Promise.resolve(Number.NaN), {
        index: (edit * 797) % rows,
        cin: `ZZ${String(100_000 + edit)}`,
      }),
    );
  results.saveP50Ms = percentile(saveMs, 0.5);
  await page.evaluate(() => {
    window.masarBench?.close();
  });
  await context.close();

  // The worst case: a cold start after edits, before the snapshot was written again.
  context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions);
  page = await openBenchPage(context, served.url);
  results.openListFromRowsMs = Math.round(await page.evaluate(() => window.masarBench?.open() ?? Number.NaN));
  results.openListFromRowsSource = await page.evaluate(() => window.masarBench?.source());
  await page.evaluate(() => {
    window.masarBench?.close();
  });
  await context.close();
} finally {
  await served.close();
  await rm(profile, { recursive: true, force: true });
  await rm(pageDir, { recursive: true, force: true });
}

results.targets = { searchP95Ms: '<= 30', saveP50Ms: '<= 10', openListMs: '<= 1500' };
await run.finish(results);

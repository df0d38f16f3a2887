/**
 * Every `bench:*` script of package.json runs here at smoke scale (`-- --smoke`, bench/benchRun.ts):
 * the same parts and code as the full run, a few hundred rows, Chromium included. A bench that
 * crashes, or stops reporting one of its figures, fails `npm test` instead of breaking unseen.
 * No timing is asserted: the figures of a smoke run mean nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');

type BenchExpectations = {
  /** Every number the JSON carries: each must be there and finite (NaN would print as null). */
  readonly figures: readonly string[];
  /** What says the run measured what it claims (the parts' shapes), beside the figures. */
  readonly check: (results: Record<string, unknown>) => void;
};

const benches: Record<string, BenchExpectations> = {
  sync: {
    figures: [
      'pushOps',
      'pushPeople',
      'pushOpsPerSec',
      'pushOpsPerSecEndToEnd',
      'bytesPerOpOnWire',
      'pushRequests',
      'endOfDayOps',
      'requestsPerSync',
      'endOfDayBytesUp',
      'endOfDayBytesDown',
      'slowLinkSeconds',
      'slowLinkBytes',
      'slowLinkRequests',
      'slowLinkTargetSeconds',
      'pullRows',
      'pullRowsPerSec',
      'pullSeconds',
      'pullRequestSeconds',
      'encryptedPullRowsPerSec',
      'encryptedPullRatio',
      'pullChromiumRows',
      'pullRowsPerSecChromium',
      'pullChromiumSeconds',
      'pullChromiumRequestSeconds',
      'pullChromiumRequests',
      'pullChromiumServerCpuSeconds',
    ],
    check(results) {
      // Several push batches and several pull responses, as at full scale.
      expect(results.pushRequests).toBeGreaterThan(1);
      expect(results.pullChromiumRequests).toBeGreaterThan(1);
      expect(results.slowLinkRequests).toBeGreaterThan(0);
    },
  },
  local: {
    figures: [
      'rows',
      'bulkInsertRowsPerSec',
      'openListMs',
      'openListDatabaseMs',
      'openListReadMs',
      'openListIndexMs',
      'searchP50Ms',
      'searchP95Ms',
      'saveP50Ms',
      'commitFloorP50Ms',
      'openListFromRowsMs',
      // The same world, sealed at rest (docs/security.md), and what unlocking costs.
      'encryptedBulkInsertRowsPerSec',
      'encryptedOpenListMs',
      'encryptedOpenListDatabaseMs',
      'encryptedOpenListReadMs',
      'encryptedOpenListIndexMs',
      'encryptedSearchP50Ms',
      'encryptedSearchP95Ms',
      'encryptedSaveP50Ms',
      'encryptedCommitFloorP50Ms',
      'encryptedOpenListFromRowsMs',
      'unlockMs',
    ],
    check(results) {
      // In each world, the first cold start reads the snapshot, the second (after edits) the rows.
      expect(results).toMatchObject({
        snapshotWritten: true,
        openListSource: 'snapshot',
        openListFromRowsSource: 'rows',
        encryptedSnapshotWritten: true,
        encryptedOpenListSource: 'snapshot',
        encryptedOpenListFromRowsSource: 'rows',
      });
      // A search that finds nobody would measure nothing.
      for (const queries of [results.searchQueries, results.encryptedSearchQueries]) {
        const found = Object.values(queries as Record<string, number>);
        expect(found.length).toBeGreaterThan(0);
        for (const count of found) expect(count).toBeGreaterThan(0);
      }
    },
  },
};

let resultsDir: string;
beforeEach(async () => {
  resultsDir = await mkdtemp(join(tmpdir(), 'masar-bench-smoke-'));
});
afterEach(async () => {
  await rm(resultsDir, { recursive: true, force: true });
});

/** The bench as a person runs it from a shell: without vitest's variables (NODE_ENV=test…). */
function runSmoke(name: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('VITEST')),
  );
  return new Promise((done) => {
    execFile(
      'npm',
      ['run', '--silent', `bench:${name}`, '--', '--smoke'],
      { cwd: root, env: { ...env, MASAR_BENCH_RESULTS_DIR: resultsDir }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

it('covers every bench:* script of package.json', async () => {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const scripts = Object.keys(manifest.scripts).filter((script) => script.startsWith('bench:'));
  expect(scripts.map((script) => script.slice('bench:'.length)).sort()).toEqual(Object.keys(benches).sort());
});

describe.each(Object.entries(benches))('bench:%s -- --smoke', (name, expected) => {
  it('completes, reports every figure as a finite number and writes its results file', async () => {
    const run = await runSmoke(name);
    expect(run.code, run.stderr.slice(-3000)).toBe(0);

    const lastLine = run.stdout.trimEnd().split('\n').at(-1) ?? '';
    const results = JSON.parse(lastLine) as Record<string, unknown>;
    expect(results).toMatchObject({ benchmark: name, scale: 'smoke' });
    for (const figure of expected.figures) {
      const value = results[figure];
      expect(typeof value === 'number' && Number.isFinite(value), `${figure}: ${String(value)}`).toBe(true);
    }
    // A figure added to the bench is listed here too; a NaN one (printed as null) fails.
    const numeric = Object.keys(results).filter((key) => typeof results[key] === 'number' || results[key] === null);
    expect(numeric.sort()).toEqual([...expected.figures].sort());
    expected.check(results);

    const files = await readdir(resultsDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^${name}-smoke-.+\\.json$`));
    expect((await readFile(join(resultsDir, files[0] ?? ''), 'utf8')).trim()).toBe(lastLine);
  }, 300_000);
});

/**
 * `npm test`: everything CI runs, in order, and one closing line `N passed, N failed` summing
 * every runner. Static checks (typecheck, lint, import rules by dependency-cruiser, format, build)
 * count as one test each; vitest (unit, server on SQLite and PostgreSQL, Electron main under Node,
 * packaging) and Playwright (end-to-end in Chromium) report their own counts through JSON reports.
 * A step that crashes without a report counts as one failure, never as zero tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = `${root}test-results`;
let passed = 0;
let failed = 0;
const failures: string[] = [];

function step(name: string, command: string, args: string[]): boolean {
  console.log(`\n▶ ${name}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  return result.status === 0;
}

function check(name: string, command: string, args: string[]): boolean {
  const ok = step(name, command, args);
  if (ok) passed += 1;
  else {
    failed += 1;
    failures.push(name);
  }
  return ok;
}

function readJson(path: string): unknown {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

function runner(
  name: string,
  command: string,
  args: string[],
  report: string,
  count: (json: never) => [number, number],
) {
  rmSync(report, { force: true });
  const ok = step(name, command, args);
  const json = readJson(report);
  if (json === null) {
    failed += 1;
    failures.push(`${name} (no report)`);
    return;
  }
  const [p, f] = count(json as never);
  passed += p;
  failed += f;
  if (f > 0 || !ok) failures.push(name);
  // A runner that exits non-zero without a failed test (a crash in setup) still fails the run.
  if (!ok && f === 0) failed += 1;
}

mkdirSync(results, { recursive: true });
check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
check('lint', 'npm', ['run', '--silent', 'lint']);
check('depcheck', 'npm', ['run', '--silent', 'depcheck']);
check('format', 'npm', ['run', '--silent', 'format:check']);
const isBuilt = check('build', 'npm', ['run', '--silent', 'build']);

type VitestReport = { numPassedTests: number; numFailedTests: number };
runner(
  'vitest',
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${results}/vitest.json`],
  `${results}/vitest.json`,
  (json: VitestReport) => [json.numPassedTests, json.numFailedTests],
);

type PlaywrightReport = { stats: { expected: number; unexpected: number; flaky: number } };
if (isBuilt) {
  runner('playwright', 'npx', ['playwright', 'test'], `${results}/playwright.json`, (json: PlaywrightReport) => [
    json.stats.expected + json.stats.flaky,
    json.stats.unexpected,
  ]);
} else {
  failed += 1;
  failures.push('playwright (build failed)');
}

if (failures.length > 0) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

/**
 * What every `bench:*` script shares: its command line and where its figures go.
 *
 * `--smoke` runs every part of the bench, the same workloads through the same code, at a tiny
 * scale: `npm test` runs it (tests/bench/benchSmoke.test.ts) so that a bench cannot break unseen.
 * Its figures mean nothing, so they never land beside the real ones: a smoke run writes to
 * `bench/results/smoke/` (or `MASAR_BENCH_RESULTS_DIR`), and its JSON says `"scale": "smoke"`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

export type BenchRun = {
  readonly isSmoke: boolean;
  readonly scale: 'smoke' | 'full';
  /** Whether `part` runs: every part when none is named on the command line. */
  wants(part: string): boolean;
  /** Writes the results file and prints them as the last line of stdout; returns the file's path. */
  finish(results: Record<string, unknown>): Promise<string>;
};

/** Reads `argv` (`--smoke` and part names among `parts`); an unknown word stops the bench. */
export function benchRun(name: string, parts: readonly string[], argv = process.argv.slice(2)): BenchRun {
  const isSmoke = argv.includes('--smoke');
  const named = argv.filter((word) => word !== '--smoke');
  const unknown = named.filter((word) => !parts.includes(word));
  // A mistyped flag must not start a full run of several minutes, nor silently run nothing.
  if (unknown.length > 0)
    throw new Error(
      `bench:${name}: unknown argument ${unknown.join(', ')} (expected --smoke${parts.length > 0 ? ` or parts: ${parts.join(', ')}` : ''})`,
    );
  return {
    isSmoke,
    scale: isSmoke ? 'smoke' : 'full',
    wants: (part) => named.length === 0 || named.includes(part),
    async finish(results) {
      const configured = process.env.MASAR_BENCH_RESULTS_DIR;
      const folder =
        configured !== undefined && configured !== ''
          ? resolve(configured)
          : resolve(import.meta.dirname, 'results', ...(isSmoke ? ['smoke'] : []));
      await mkdir(folder, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = resolve(folder, `${name}${isSmoke ? '-smoke' : ''}-${stamp}.json`);
      const line = JSON.stringify(results);
      await writeFile(file, `${line}\n`);
      process.stdout.write(`${line}\n`);
      return file;
    },
  };
}

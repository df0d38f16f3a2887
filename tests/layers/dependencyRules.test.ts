/**
 * The import rules of `.dependency-cruiser.cjs` bite. Over a small fixture (tests/layers/fixture/:
 * renderer/, shared/ and electron/ in miniature, breaking each rule once next to imports that are
 * allowed) they report each break and nothing else; over the repository, nothing. Run through
 * dependency-cruiser's API with the project's own configuration, as `npm run depcheck` runs it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixture', import.meta.url));

/** `rule: from → to` for each violation, a package named by its name wherever it is installed. */
async function violations(baseDir: string): Promise<string[]> {
  const options = await extractDepcruiseOptions(path.join(root, '.dependency-cruiser.cjs'));
  // `baseDir` must be absolute: from a relative one, dependency-cruiser resolves no package.
  const result = await cruise(
    ['.'],
    { ...options, baseDir },
    {},
    {
      tsConfig: extractTSConfig(path.join(root, 'tsconfig.base.json')),
    },
  );
  const output = (typeof result.output === 'string' ? JSON.parse(result.output) : result.output) as ICruiseResult;
  const packageName = (to: string) => to.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, '$1');
  return output.summary.violations
    .map((violation) => `${violation.rule.name}: ${violation.from} → ${packageName(violation.to)}`)
    .sort();
}

describe('the dependency rules', () => {
  it('report each forbidden import of the fixture, and only those', async () => {
    expect(await violations(fixture)).toEqual([
      // The entry's run-time import and windowOptions.ts's type-only one are allowed.
      'electron-only-in-entry: electron/network/netFetch.ts → electron',
      // A cycle whose way back is a type-only import.
      'no-circular: shared/cycle/first.ts → shared/cycle/second.ts',
      // AlphaPage's import of ui/ is allowed.
      'no-feature-to-feature: renderer/features/alpha/AlphaPage.ts → renderer/features/beta/betaPart.ts',
      'renderer-layers/db: renderer/db/records.ts → renderer/sync/engine.ts',
      'renderer-only-shared: renderer/host/mainProcess.ts → electron/main.ts',
      'shared-no-node: shared/readsFile.ts → fs',
    ]);
  });

  it('find nothing in the repository', async () => {
    expect(await violations(root)).toEqual([]);
  }, 120_000);
});

import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { bundledLanguages, langIdToName } from 'app-builder-lib/out/util/langs';
import { DebugLogger } from 'builder-util';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// electron-builder.yml, read and checked by electron-builder's own loader and schema validator
// (what `electron-builder` runs before packaging), plus the choices that protect the package.
const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const validate = (config: Configuration) => validateConfiguration(config, new DebugLogger(false));

let config: Configuration;
let scratch: string;

beforeAll(async () => {
  config = await getConfig(projectDir, 'electron-builder.yml', null);
  scratch = await mkdtemp(path.join(tmpdir(), 'masar-builder-config-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('electron-builder.yml', () => {
  it('passes electron-builder validation', async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('is rejected by the same validation when broken', async () => {
    await expect(
      validate({ ...config, nsis: { ...config.nsis, perMachine: 'yes' as unknown as boolean } }),
    ).rejects.toThrow(/configuration/i);
    await expect(validate({ ...config, notAnOption: true } as Configuration)).rejects.toThrow(/configuration/i);
  });

  it('is refused when it is not YAML', async () => {
    await copyFile(path.join(projectDir, 'package.json'), path.join(scratch, 'package.json'));
    await writeFile(path.join(scratch, 'electron-builder.yml'), 'appId: [unclosed\nfiles:\n  - : :\n');
    await expect(getConfig(scratch, 'electron-builder.yml', null)).rejects.toThrow();
  });

  it('identifies the app', () => {
    expect(config.appId).toBe('ma.fm6reinsertion.masar');
    expect(config.productName).toBe('Masar');
    expect(config.directories).toMatchObject({ output: 'release', buildResources: 'build' });
  });

  it('packs the bundles into an asar, without rebuilding native modules', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
  });

  it('ships a per-machine, assisted Windows installer in French and Arabic', () => {
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false, language: '1036' });
    const languages = config.nsis?.installerLanguages;
    expect(languages).toEqual(['fr_FR', 'ar_SA']);
    for (const language of ['fr_FR', 'ar_SA']) {
      // The codes electron-builder knows, and the NSIS language each maps to.
      expect(bundledLanguages).toContain(language);
      expect((langIdToName as Record<string, string | undefined>)[language.slice(0, 2)]).toBeDefined();
    }
  });

  it('ships an AppImage and a deb for Linux, filed under Office, with a maintainer', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBe('Office');
    expect(config.linux?.maintainer).toMatch(/<[^@\s]+@[^@\s]+>/);
  });

  it('names every artifact with its version', () => {
    for (const artifactName of [
      config.artifactName,
      config.nsis?.artifactName,
      config.appImage?.artifactName,
      config.deb?.artifactName,
    ]) {
      expect(artifactName).toContain('${version}');
    }
  });

  it('keeps the root package free of runtime dependencies', async () => {
    const rootPackage = JSON.parse(await readFile(path.join(projectDir, 'package.json'), 'utf8')) as {
      main?: string;
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    expect(rootPackage.main).toBe('dist/electron/main.cjs');
    expect(rootPackage.dependencies ?? {}).toEqual({});
    expect(rootPackage.devDependencies?.electron).toBeDefined();
  });
});

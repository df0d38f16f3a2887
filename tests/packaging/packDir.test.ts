import { extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Packs the app offline with the real electron-builder and electron-builder.yml, on a stub Electron
// binary (the real one cannot be downloaded here), then reads what would ship in app.asar.
const run = promisify(execFile);
const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const electronVersion = '45.5.0';
const fuseSentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const enabled = 49; // '1'
const disabled = 48; // '0'

let scratch: string;
let unpacked: string;
let asarPath: string;
let entries: string[];

async function buildIfMissing(files: string[], script: string): Promise<void> {
  if (files.every((file) => existsSync(path.join(projectDir, file)))) return;
  await run('npm', ['run', script], { cwd: projectDir });
}

/** An "electron" file carrying Electron's default fuse wire (v1, 8 fuses), so fuses can be flipped and read. */
async function writeStubElectron(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  const wire = Buffer.from([1, 8, ...Buffer.from('10110001')]);
  const binary = Buffer.concat([
    Buffer.from('#!/bin/sh\nexit 1\n'),
    Buffer.from(fuseSentinel),
    wire,
    Buffer.from('\n'),
  ]);
  await writeFile(path.join(folder, 'electron'), binary, { mode: 0o755 });
  await writeFile(path.join(folder, 'version'), electronVersion);
}

beforeAll(async () => {
  await buildIfMissing(['dist/renderer/index.html'], 'build:renderer');
  await buildIfMissing(['dist/electron/main.cjs', 'dist/electron/preload.cjs'], 'build:electron');

  scratch = await mkdtemp(path.join(tmpdir(), 'masar-pack-'));
  const electronDist = path.join(scratch, 'electron-dist');
  await writeStubElectron(electronDist);
  await run(
    process.execPath,
    [
      path.join(projectDir, 'node_modules', 'electron-builder', 'cli.js'),
      '--dir',
      '--linux',
      '--x64',
      '--projectDir',
      projectDir,
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${path.join(scratch, 'out')}`,
    ],
    { cwd: projectDir, env: { ...process.env, CI: 'true' }, maxBuffer: 16 * 1024 * 1024 },
  );
  unpacked = path.join(scratch, 'out', 'linux-unpacked');
  asarPath = path.join(unpacked, 'resources', 'app.asar');
  entries = listPackage(asarPath, { isPack: false }).map((entry) => entry.replaceAll('\\', '/'));
}, 240_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the packed app (electron-builder --dir, offline)', () => {
  it('contains the main process, the preload and the renderer', () => {
    expect(entries).toEqual(
      expect.arrayContaining([
        '/package.json',
        '/dist/electron/main.cjs',
        '/dist/electron/preload.cjs',
        '/dist/renderer/index.html',
      ]),
    );
  });

  it('starts from the bundled main process', () => {
    const packaged = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as {
      main?: string;
      dependencies?: Record<string, string>;
    };
    expect(packaged.main).toBe('dist/electron/main.cjs');
    expect(packaged.dependencies ?? {}).toEqual({});
  });

  it('contains no server, no node_modules and none of the server libraries', () => {
    expect(entries.filter((entry) => /^\/server(\/|$)/.test(entry))).toEqual([]);
    expect(entries.filter((entry) => entry.includes('node_modules'))).toEqual([]);
    for (const library of ['fastify', 'better-sqlite3', 'pg', 'kysely']) {
      expect(entries.filter((entry) => entry.includes(`/${library}/`) || entry.endsWith(`/${library}`))).toEqual([]);
    }
    expect(existsSync(path.join(unpacked, 'resources', 'app.asar.unpacked'))).toBe(false);
  });

  it('contains no tests, no sources and no source maps', () => {
    expect(entries.filter((entry) => /\.(test|spec)\./.test(entry))).toEqual([]);
    expect(entries.filter((entry) => /(^|\/)tests?(\/|$)/.test(entry))).toEqual([]);
    expect(entries.filter((entry) => /\.(ts|tsx|mts|cts)$/.test(entry))).toEqual([]);
    expect(entries.filter((entry) => entry.endsWith('.map'))).toEqual([]);
  });

  it('bundles everything the main process needs but Electron and Node', () => {
    const main = extractFile(asarPath, 'dist/electron/main.cjs').toString('utf8');
    const required = [...main.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1] ?? '');
    const nodeBuiltins = new Set(builtinModules);
    expect(
      required.filter((name) => name !== 'electron' && !name.startsWith('node:') && !nodeBuiltins.has(name)),
    ).toEqual([]);
  });

  it('has a preload that requires only electron and carries no zod', () => {
    const preload = extractFile(asarPath, 'dist/electron/preload.cjs').toString('utf8');
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).not.toMatch(/ZodError|ZodType|\$constructor/);
    expect(preload).toContain('exposeInMainWorld');
  });

  it('flips the Electron fuses that keep the packaged app from running as Node', async () => {
    const fuses = await getCurrentFuseWire(path.join(unpacked, 'masar'));
    expect(fuses[FuseV1Options.RunAsNode]).toBe(disabled);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(disabled);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(disabled);
    expect(fuses[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(disabled);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(enabled);
    expect(fuses[FuseV1Options.EnableCookieEncryption]).toBe(enabled);
  });
});

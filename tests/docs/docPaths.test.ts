/**
 * The docs name only paths that exist: every `docs/**\/*.md` and every README of the repository,
 * read for the paths they name (tests/docs/docPaths.ts), checked against the repository's files.
 * Only the repository is read: symbolic links are not followed (node_modules), and a path that
 * points outside it is reported, never looked at.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeMissing, extractPathReferences, findMissing, globPattern, type PathReference } from './docPaths';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** The folders the repository ignores (`dist/`, `bench/results/`…): output, not sources. */
function ignoredFolders(): string[] {
  return readFileSync(join(root, '.gitignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.endsWith('/') && !line.startsWith('#') && !line.includes('*'))
    .map((line) => line.replace(/^\//, ''));
}

/** Every file of the repository, from its root, without ignored folders, `.git` and symbolic links. */
function repositoryFiles(ignored: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (entry.isSymbolicLink() || entry.name === '.git') continue;
      if (entry.isDirectory()) {
        const named = `${path}/`;
        if (!ignored.some((folderName) => named === folderName || named.endsWith(`/${folderName}`))) walk(path);
      } else if (entry.isFile()) files.push(path);
    }
  };
  walk('');
  return files;
}

const doc = (path: string, text: string) => extractPathReferences(path, text);
const paths = (references: readonly PathReference[]) => references.map((reference) => reference.path);
const files = [
  'package.json',
  'renderer/db/database.ts',
  'renderer/db/fileNumbers.ts',
  'server/src/db/audit.ts',
  'docs/security.md',
];

describe('the paths a doc names', () => {
  it('finds a code span naming a path, with its line', () => {
    expect(doc('docs/a.md', 'One\nSee `renderer/db/database.ts` and `package.json`.')).toEqual([
      { doc: 'docs/a.md', line: 2, written: 'renderer/db/database.ts', path: 'renderer/db/database.ts' },
      { doc: 'docs/a.md', line: 2, written: 'package.json', path: 'package.json' },
    ]);
  });

  it('reports a path that is present as nothing, and one that is missing', () => {
    const references = doc('docs/a.md', '`renderer/db/database.ts`, `renderer/db/gone.ts`');
    expect(findMissing(references, files)).toEqual([
      { doc: 'docs/a.md', line: 1, written: 'renderer/db/gone.ts', path: 'renderer/db/gone.ts', reason: 'missing' },
    ]);
  });

  it('takes a folder as present when a file is under it', () => {
    expect(
      findMissing(doc('docs/a.md', '`renderer/db/` `server/src/` `server/lib/`'), files).map((m) => m.path),
    ).toEqual(['server/lib/']);
  });

  it('needs a glob to match at least one file', () => {
    const references = doc('docs/a.md', '`renderer/db/*.ts`, `renderer/**/*.test.ts`, `server/src/{db,sync}/audit.ts`');
    expect(findMissing(references, files).map((missing) => [missing.path, missing.reason])).toEqual([
      ['renderer/**/*.test.ts', 'no-match'],
    ]);
    expect(globPattern('renderer/**/*.ts').test('renderer/db/search/listSnapshot.ts')).toBe(true);
    expect(globPattern('renderer/db/*.ts').test('renderer/db/search/listSnapshot.ts')).toBe(false);
    expect(globPattern('renderer/{db').test('renderer/{db')).toBe(true);
  });

  it('reads a link target from the doc’s own folder, without its anchor', () => {
    const references = doc(
      'docs/a.md',
      'See [security](security.md#the-local-stores), [b](b.md) and [web](https://x.org/a.md).',
    );
    expect(paths(references)).toEqual(['docs/security.md', 'docs/b.md']);
    expect(findMissing(references, files).map((missing) => missing.written)).toEqual(['b.md']);
  });

  it('checks the path of `path:symbol` and `path#anchor`', () => {
    expect(paths(doc('docs/a.md', '`renderer/db/fileNumbers.ts:storeCentres`, `docs/security.md#keys`'))).toEqual([
      'renderer/db/fileNumbers.ts',
      'docs/security.md',
    ]);
  });

  it('takes no command, ratio, URL, channel or bare name for a path', () => {
    const text =
      '`npm test`, `npm run bench:sync -- --smoke`, `a/b`, `3/4`, `http://127.0.0.1:8787`, `masar://app/`, ' +
      '`keys:protect`, `settings.json`, `main.ts`, `/api/setup*`, `CENTRE-YEAR-CODE-NNNN`, [top](#top)';
    expect(doc('docs/a.md', text)).toEqual([]);
    expect(doc('server/README.md', text)).toEqual([]);
  });

  it('reads a README’s relative paths from its folder, and top-level folders from the root', () => {
    const text = '`src/db/audit.ts`, `routes/setup.ts`, `test/`, `shared/api/routes.ts`, `package.json`, `a/b`';
    expect(paths(doc('server/README.md', text))).toEqual([
      'server/src/db/audit.ts',
      'server/routes/setup.ts',
      'server/test/',
      'shared/api/routes.ts',
      'server/package.json',
    ]);
    // Outside a README below the root, only the top-level folders and root files are paths.
    expect(paths(doc('docs/a.md', text))).toEqual(['shared/api/routes.ts', 'package.json']);
  });

  it('skips fenced code blocks', () => {
    expect(doc('README.md', '```sh\n`renderer/gone.ts`\n```\n`renderer/db/database.ts`')).toEqual([
      { doc: 'README.md', line: 4, written: 'renderer/db/database.ts', path: 'renderer/db/database.ts' },
    ]);
  });

  it('reports a path outside the repository without looking at it, and skips ignored folders', () => {
    const references = doc('server/README.md', '[shared](../../shared/x.md), `bench/results/smoke/`, `dist/renderer/`');
    expect(findMissing(references, files, ['bench/results/', 'dist/']).map(describeMissing)).toEqual([
      'server/README.md:1: `../../shared/x.md` (../shared/x.md) is outside the repository',
    ]);
  });
});

describe('the docs of the repository', () => {
  it('name only paths that exist', () => {
    const ignored = ignoredFolders();
    const all = repositoryFiles(ignored);
    const docs = all.filter((file) => /^docs\/.*\.md$/.test(file) || posix.basename(file) === 'README.md');
    expect(docs).toEqual(expect.arrayContaining(['README.md', 'server/README.md', 'docs/architecture.md']));
    const references = docs.flatMap((path) => extractPathReferences(path, readFileSync(join(root, path), 'utf8')));
    expect(references.length).toBeGreaterThan(100);
    expect(findMissing(references, all, ignored).map(describeMissing)).toEqual([]);
  });
});

/**
 * What the project's docs name as a path of the repository, and which of those paths do not exist
 * (tests/docs/docPaths.test.ts). Pure: text and file lists in, references and findings out; the
 * test reads the files.
 *
 * A reference is an inline code span or a markdown link target that names a repository path:
 *
 * - a code span starting with a top-level folder (`renderer/db/database.ts`, `tests/sync/`) or
 *   naming a root file (`package.json`) — from the repository's root, whichever doc names it;
 * - in a README below the root, also a code span that reads as a path relative to the README's
 *   folder (`src/db/audit.ts` in `server/README.md`: a `/` inside, and a file extension, a glob or
 *   a trailing `/`);
 * - a link target without a scheme (`[x](security.md#the-local-stores)`), relative to the doc's
 *   folder as markdown reads it.
 *
 * `path:symbol` and `path#anchor` are checked by their path; a glob (`*`, `**`, `{a,b}`) must match
 * at least one file. A code span with a space (`npm test`), a URL, or a fraction (`a/b`) is not a
 * path. Fenced code blocks are skipped. A path under a folder the repository ignores (build and
 * test output, `bench/results/`) is not checked: it is made by running things, not kept.
 */
import { posix } from 'node:path';

export const topLevelFolders = [
  'electron',
  'renderer',
  'shared',
  'server',
  'tests',
  'docs',
  'bench',
  'scripts',
  'build',
  '.ci',
] as const;

export const rootFiles = [
  'package.json',
  'package-lock.json',
  'electron-builder.yml',
  'tsconfig.json',
  'tsconfig.base.json',
  'vite.config.ts',
  'vitest.config.ts',
  'playwright.config.ts',
  'eslint.config.js',
  '.prettierrc.json',
  '.dependency-cruiser.cjs',
  '.prettierignore',
  '.gitignore',
] as const;

export type PathReference = {
  /** The doc, from the repository's root. */
  readonly doc: string;
  /** 1-based. */
  readonly line: number;
  /** As written in the doc (the code span's text or the link's target). */
  readonly written: string;
  /** The path it names, from the repository's root (`..` first when it points outside). */
  readonly path: string;
};

export type MissingPath = PathReference & { readonly reason: 'missing' | 'no-match' | 'outside' };

const pathCharacters = /^[\w.@*{},+-]+(?:\/[\w.@*{},+-]+)*\/?$/;
const hasScheme = /^[a-z][a-z\d+.-]*:/i;
const isUrl = /^[a-z][a-z\d+.-]*:\/\//i;
const isGlob = (path: string) => /[*{]/.test(path);

/** The docs' folder for links; the folder a README's own relative paths start from. */
const folderOf = (doc: string) => posix.dirname(doc);

/** Blanks fenced code blocks (keeping their lines), so that their contents are not read. */
function withoutFences(text: string): string {
  let fence: string | null = null;
  return text
    .split('\n')
    .map((line) => {
      const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence === null && marker !== undefined) {
        fence = marker;
        return '';
      }
      if (fence !== null) {
        if (marker !== undefined && marker.startsWith(fence)) fence = null;
        return '';
      }
      return line;
    })
    .join('\n');
}

/** The path a code span names, or null when it names none. */
function codeSpanPath(doc: string, span: string): string | null {
  const text = span.trim();
  if (text === '' || /\s/.test(text) || isUrl.test(text)) return null;
  const candidate = text.split('#')[0]?.split(':')[0] ?? '';
  if (!pathCharacters.test(candidate)) return null;
  const [first] = candidate.split('/');
  if (candidate.includes('/') && topLevelFolders.some((folder) => folder === first)) return posix.normalize(candidate);
  const base = posix.basename(doc) === 'README.md' ? folderOf(doc) : '.';
  if ((rootFiles as readonly string[]).includes(candidate)) return posix.join(base, candidate);
  if (base === '.' || !candidate.includes('/')) return null;
  const last = candidate.replace(/\/$/, '').split('/').pop() ?? '';
  const looksLikePath = candidate.endsWith('/') || isGlob(candidate) || /\.[a-z\d]+$/i.test(last);
  return looksLikePath ? posix.join(base, candidate) : null;
}

/** The path a link target names, or null for a URL or an anchor of the same page. */
function linkPath(doc: string, target: string): string | null {
  const text = target.trim().replace(/^<(.*)>$/, '$1');
  if (text === '' || text.startsWith('#') || text.startsWith('/') || hasScheme.test(text)) return null;
  const candidate = text.split('#')[0]?.split('?')[0] ?? '';
  return candidate === '' ? null : posix.join(folderOf(doc), candidate);
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** Every repository path `text` (the doc `doc`, from the root) names, in order. */
export function extractPathReferences(doc: string, text: string): PathReference[] {
  const body = withoutFences(text);
  const found: { offset: number; written: string; path: string }[] = [];
  // A code span: a run of backticks, then anything up to the same run (CommonMark).
  for (const match of body.matchAll(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g)) {
    const written = match[2] ?? '';
    const path = codeSpanPath(doc, written.replace(/\n/g, ' '));
    if (path !== null) found.push({ offset: match.index, written, path });
  }
  const outsideSpans = body.replace(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, (span) => span.replace(/[^\n]/g, ' '));
  for (const match of outsideSpans.matchAll(/\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+"[^"]*")?\s*\)/g)) {
    const written = match[1] ?? '';
    const path = linkPath(doc, written);
    if (path !== null) found.push({ offset: match.index, written, path });
  }
  for (const match of outsideSpans.matchAll(/^ {0,3}\[[^\]]+\]:\s*(\S+)/gm)) {
    const written = match[1] ?? '';
    const path = linkPath(doc, written);
    if (path !== null) found.push({ offset: match.index, written, path });
  }
  return found
    .sort((a, b) => a.offset - b.offset)
    .map(({ offset, written, path }) => ({ doc, line: lineAt(body, offset), written, path }));
}

/** A glob as a regular expression over paths from the root: `*` within a name, `**` across. */
export function globPattern(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const character = glob.charAt(index);
    if (glob.startsWith('**/', index)) {
      source += '(?:[^/]+/)*';
      index += 2;
    } else if (glob.startsWith('**', index)) {
      source += '.*';
      index += 1;
    } else if (character === '*') source += '[^/]*';
    else if (character === '{' && glob.includes('}', index)) {
      const end = glob.indexOf('}', index);
      const options = glob.slice(index + 1, end).split(',');
      source += `(?:${options.map((option) => option.replace(/[.+?^$()[\]\\|]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
      index = end;
    } else source += character.replace(/[.+?^$()[\]\\|]/g, '\\$&');
  }
  return new RegExp(`^${source.replace(/\/$/, '')}(?:/.*)?$`);
}

/**
 * Whether `path` is in the ignored `folder`, read as .gitignore reads it: `dist/` at any depth,
 * `bench/results/` (a `/` inside) from the root only.
 */
function isUnder(path: string, folder: string): boolean {
  const name = folder.replace(/^\/|\/$/g, '');
  return name.includes('/') ? `${path}/`.startsWith(`${name}/`) : `/${path}/`.includes(`/${name}/`);
}

/**
 * The references whose path is not among `files` (every file of the repository, from the root;
 * a folder exists when a file is under it). Paths under `generated` folders (`dist/`) are skipped.
 */
export function findMissing(
  references: readonly PathReference[],
  files: readonly string[],
  generated: readonly string[] = [],
): MissingPath[] {
  const present = new Set(files);
  const folders = new Set(
    files.flatMap((file) =>
      file
        .split('/')
        .slice(0, -1)
        .map((_, index, parts) => parts.slice(0, index + 1).join('/')),
    ),
  );
  const missing: MissingPath[] = [];
  for (const reference of references) {
    const path = reference.path.replace(/\/$/, '');
    if (path === '..' || path.startsWith('../') || posix.isAbsolute(path)) {
      missing.push({ ...reference, reason: 'outside' });
      continue;
    }
    if (generated.some((folder) => isUnder(path, folder))) continue;
    if (isGlob(path)) {
      const pattern = globPattern(path);
      if (!files.some((file) => pattern.test(file))) missing.push({ ...reference, reason: 'no-match' });
    } else if (path !== '.' && !present.has(path) && !folders.has(path))
      missing.push({ ...reference, reason: 'missing' });
  }
  return missing;
}

/** One line per finding, as the failing assertion shows them. */
export function describeMissing(missing: MissingPath): string {
  const why = { missing: 'does not exist', 'no-match': 'matches no file', outside: 'is outside the repository' };
  return `${missing.doc}:${String(missing.line)}: \`${missing.written}\` (${missing.path}) ${why[missing.reason]}`;
}

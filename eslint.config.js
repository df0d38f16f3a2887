// ESLint flat config. The boundary rules keep the layers one-way (docs/architecture.md):
// shared → nothing; renderer → shared; electron → shared; server → shared.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const layer = (name) => [
  `**/${name}/**`,
  `../${name}/*`,
  `../../${name}/*`,
  `../../../${name}/*`,
  `../../../../${name}/*`,
];
const nodeBuiltins = {
  // `/crypto`, anchored: Node's module only, not the renderer's own `crypto/` folder (WebCrypto).
  group: ['node:*', 'fs', 'path', 'os', 'child_process', '/crypto', 'http', 'https', 'net'],
  message: 'No Node built-ins here.',
};
const boundary = (forbidden, extra = []) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...forbidden.map((name) => ({
          group: layer(name),
          message: `This layer must not import ${name}/ (docs/architecture.md).`,
        })),
        ...extra,
      ],
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'release/',
      '.tsbuild/',
      'test-results/',
      'playwright-report/',
      '.masar-data/',
      'server/node_modules/',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['shared/**/*.ts'],
    rules: boundary(
      ['renderer', 'electron', 'server'],
      [
        nodeBuiltins,
        { group: ['electron', 'react', 'dexie', 'fastify', 'kysely'], message: 'shared/ is pure TypeScript.' },
      ],
    ),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: boundary(
      ['electron', 'server'],
      [
        nodeBuiltins,
        { group: ['electron'], message: 'The renderer reaches Electron only through the preload bridge.' },
      ],
    ),
  },
  // The local database is below the sync engine and the screens: they use it, never the reverse.
  // Relative paths differ by depth (`../sync` from renderer/db is renderer/sync, from
  // renderer/db/search it is renderer/db/sync, which is allowed): one block per depth.
  ...[
    { files: ['renderer/db/*.ts', 'renderer/db/*.tsx'], up: '..' },
    { files: ['renderer/db/*/*.ts', 'renderer/db/*/*.tsx'], up: '../..' },
    { files: ['renderer/db/*/*/*.ts', 'renderer/db/*/*/*.tsx'], up: '../../..' },
  ].map(({ files, up }) => ({
    files,
    rules: boundary(
      ['electron', 'server'],
      [
        nodeBuiltins,
        { group: ['electron'], message: 'The renderer reaches Electron only through the preload bridge.' },
        {
          group: [`${up}/sync/*`, `${up}/features/*`],
          message: 'renderer/db must not import renderer/sync or renderer/features (docs/architecture.md).',
        },
      ],
    ),
  })),
  { files: ['electron/**/*.ts'], rules: boundary(['renderer', 'server']) },
  {
    files: ['server/**/*.ts'],
    rules: boundary(
      ['renderer', 'electron'],
      [{ group: ['electron', 'react', 'dexie'], message: 'Not on the server.' }],
    ),
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);

/**
 * Who may import whom, checked by dependency-cruiser over the whole repository: `npm run depcheck`,
 * a step of `npm test`; tests/layers/dependencyRules.test.ts shows each rule bites. The layers are
 * explained in docs/architecture.md. Type-only imports count (`tsPreCompilationDeps`): a type is a
 * dependency too, for the layers as for cycles; only the `electron` rule lets types through.
 */

/** A package, resolved (its path under node_modules) or not (its bare name), its `@types` included. */
const npmPackage = (...names) => {
  const name = `(${names.join('|')})`;
  return `(^|/)node_modules/(@types/)?${name}/|^${name}$`;
};
const either = (paths) => `(${paths.join('|')})`;

/**
 * The renderer's layers, lowest first: [rank, folder, why it sits there]. A layer imports only from
 * itself, from layers of a lower rank, from shared/ and from packages; layers of one rank do not
 * import one another. `entry` is the files at the renderer's root.
 */
const rendererLayers = [
  [0, 'i18n', 'words and formats in French and Arabic: data, it needs no other layer'],
  [0, 'host', "the page's one way out (preload bridge or fetch): it needs no other layer"],
  [0, 'api', 'a server route by name, over the host it is handed: it needs no other layer'],
  [0, 'crypto', 'data keys and sealing (WebCrypto, noble): what db/ seals records with'],
  [1, 'db', 'the local database, sealed with crypto/: the records every layer above reads'],
  [2, 'auth', "sign-in and the session: it keeps accounts in db/ and wipes a user's database"],
  [2, 'sync', "the sync engine: db/'s changes to the server through the host, and back"],
  [2, 'print', "printed documents: db/'s records in i18n/'s words"],
  [3, 'ui', 'the parts and hooks several screens share, over the session, db/ and the host'],
  [4, 'features', 'the screens, a folder per feature: the layers below, never another feature'],
  [5, 'shell', 'the frame around the screens: it composes the features and hands one to another'],
  [6, 'entry', 'main.tsx boots the host, App.tsx puts the providers and the gate round the shell'],
].map(([rank, name, why]) => ({
  rank,
  name,
  why,
  path: name === 'entry' ? '^renderer/[^/]+$' : `^renderer/${name}/`,
}));

const layerRules = rendererLayers.map((layer) => ({
  name: `renderer-layers/${layer.name}`,
  severity: 'error',
  comment: `renderer/${layer.name === 'entry' ? '' : `${layer.name}/`} (rank ${layer.rank}): ${layer.why}. It imports only from lower ranks.`,
  from: { path: layer.path },
  to: {
    path: '^renderer/',
    pathNot: either(
      rendererLayers.filter((other) => other === layer || other.rank < layer.rank).map((other) => other.path),
    ),
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycle anywhere, type-only imports included: move what both need to the lower module or a new one.',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'renderer-layers/unknown',
      severity: 'error',
      comment: 'Every renderer file is in a layer: give a new folder its rank in .dependency-cruiser.cjs.',
      from: { path: '^renderer/', pathNot: either(rendererLayers.map((layer) => layer.path)) },
      to: {},
    },
    {
      name: 'no-feature-to-feature',
      severity: 'error',
      comment:
        'A feature imports no other feature: a piece two features share moves down to renderer/ui/ or renderer/db/; ' +
        "a screen that opens another feature's screen is handed it by the shell.",
      from: { path: '^renderer/features/([^/]+)/' },
      to: { path: '^renderer/features/', pathNot: '^renderer/features/$1/' },
    },
    {
      name: 'electron-only-in-entry',
      severity: 'error',
      comment:
        'Only the main-process entry and the preload (electron/vite.config.ts, vite.preload.config.ts) import ' +
        'Electron at run time: the rest is handed what it needs and runs under Node with fakes. Types are fine.',
      from: { pathNot: '^electron/(main|preload)[.]ts$' },
      to: { path: npmPackage('electron'), dependencyTypesNot: ['type-only', 'type-import'] },
    },
    // The processes (docs/architecture.md): shared/ imports none of the others; renderer/, electron/
    // and server/ import shared/ and not one another.
    {
      name: 'shared-is-pure',
      severity: 'error',
      comment:
        'shared/ is pure TypeScript for every side: no other folder, nor Electron, React, Dexie, Fastify, Kysely.',
      from: { path: '^shared/' },
      to: {
        path: either([
          '^(renderer|electron|server|tests|scripts|bench)/',
          npmPackage('electron', 'react', 'dexie', 'fastify', 'kysely'),
        ]),
      },
    },
    {
      name: 'shared-no-node',
      severity: 'error',
      comment: 'shared/ also runs in the renderer: no Node built-in.',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-only-shared',
      severity: 'error',
      comment:
        'The renderer imports shared/, never electron/ or server/; it reaches Electron only through the preload.',
      from: { path: '^renderer/' },
      to: { path: either(['^(electron|server|tests|scripts|bench)/', npmPackage('electron')]) },
    },
    {
      name: 'renderer-no-node',
      severity: 'error',
      comment: 'The renderer is a web page: no Node built-in (its crypto/ is WebCrypto, not node:crypto).',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'electron-only-shared',
      severity: 'error',
      comment: 'The main process imports shared/, never renderer/ or server/.',
      from: { path: '^electron/' },
      to: { path: '^(renderer|server|tests|scripts|bench)/' },
    },
    {
      name: 'server-only-shared',
      severity: 'error',
      comment: 'The server imports shared/, never renderer/ or electron/, nor Electron, React or Dexie.',
      from: { path: '^server/' },
      to: { path: either(['^(renderer|electron|tests|scripts|bench)/', npmPackage('electron', 'react', 'dexie')]) },
    },
  ],
  options: {
    // Packages are in the graph (the `electron` rule looks at them), not cruised.
    doNotFollow: { path: 'node_modules' },
    // Built and generated files, and the rules' own fixture (tests/layers/dependencyRules.test.ts),
    // which breaks each rule on purpose.
    exclude: {
      path: '^(dist|release|test-results|playwright-report|[.]tsbuild|[.]masar-data|bench/results|tests/layers/fixture)/',
    },
    tsPreCompilationDeps: true,
    // The compiler options every folder's tsconfig extends; those add only lib and types, and
    // nothing has path aliases. The root tsconfig.json is a solution file, without options.
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};

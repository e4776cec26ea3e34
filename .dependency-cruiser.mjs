// Who may import whom, checked on the file an import RESOLVES to (not on the text of the import), for
// every file in the repository. `npm run lint:layers` runs it; docs/architecture.md ("Layers") explains
// the table and how to add a folder or an npm package. This is an allow-list: an import that no rule
// below admits fails the build as `not-in-allowed`. tests/unit/layers.test.ts proves each edge.

/** npm packages, as the start of a resolved path (node_modules/<name>/…). */
const npm = (...names) => `(^|/)node_modules/(${names.map((n) => n.replace(/[.]/g, '\\.')).join('|')})/`;

/** Pure packages: no Node, no DOM; usable by every layer, including shared/. */
const PURE = ['zod', 'uuid', 'libphonenumber-js'];
/** The renderer's UI packages. */
const UI = [
  'react',
  'react-dom',
  'react-i18next',
  'i18next',
  'react-router',
  '@tanstack/react-virtual',
  'recharts',
];
/**
 * Packages that run both in the core and in the sandboxed page: `exifr` reads a picked photo's EXIF
 * in the page (from a File's slices: no Node, no network, no eval) before it is imported.
 */
const BROWSER_SAFE = ['exifr'];
/** The laptop core: storage, images, uploads, logs (plain Node, never Electron). */
const CORE = [
  'better-sqlite3-multiple-ciphers',
  'kysely',
  'sharp',
  'exifr',
  'tus-js-client',
  'pino',
  'exceljs',
];
/** Electron glue. */
const MAIN = ['electron', 'electron-updater', 'pino'];
/** The consortium server. */
const SERVER = [
  'fastify',
  '@fastify/compress',
  '@fastify/rate-limit',
  '@tus/server',
  '@tus/file-store',
  'pg',
  '@electric-sql/pglite',
  'kysely',
  'pino',
];
/** Test-only packages, for test files that live beside the code of a layer. */
const TEST = ['vitest', 'fast-check', 'tus-js-client'];

const RENDERER = '^renderer/';
const PRELOAD = '^electron/preload/';
const MAIN_SIDE = '^electron/main/';
const CORE_SIDE = '^electron/core/';
const SHARED = '^shared/';
const SHARED_NODE = '^shared/node/';
const SERVER_SIDE = '^server/';
/** Test code beside a layer's code: `*.test.ts` and `test-support.ts`. */
const TEST_FILE = '(\\.test\\.tsx?|/test-support\\.ts)$';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order matter and layers blur; break them with a third module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve cannot be checked against the layers.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'channels-have-no-runtime-imports',
      severity: 'error',
      comment:
        'The sandboxed preload bundles shared/ipc/channels.ts and can require nothing but electron: ' +
        'the name lists stay free of runtime imports.',
      from: { path: '^shared/ipc/channels\\.ts$' },
      to: { dependencyTypesNot: ['type-only'] },
    },
  ],
  allowedSeverity: 'error',
  allowed: [
    // --- renderer: the sandboxed page ---
    {
      comment: 'renderer → itself, shared (not shared/node), UI and pure packages',
      from: { path: RENDERER },
      to: { path: [RENDERER, SHARED, npm(...UI, ...PURE, ...BROWSER_SAFE)], pathNot: SHARED_NODE },
    },
    {
      comment:
        'renderer, main → vite\'s ambient types (/// <reference types="vite/client" />: import.meta.glob, assets)',
      from: { path: [RENDERER, MAIN_SIDE] },
      to: { path: npm('vite'), dependencyTypes: ['triple-slash-type-reference'] },
    },
    // --- electron/preload: the bridge ---
    {
      comment: 'preload → electron and the dependency-free channel name lists',
      from: { path: PRELOAD },
      to: { path: [PRELOAD, '^shared/ipc/channels\\.ts$', npm('electron')] },
    },
    {
      comment: 'preload → types of the IPC contract (erased at build, so nothing is bundled)',
      from: { path: PRELOAD },
      to: { path: '^shared/ipc/', dependencyTypes: ['type-only'] },
    },
    // --- electron/main: windows, menus, IPC forwarding ---
    {
      comment: 'main → itself, core, shared, shared/node, Node, Electron packages',
      from: { path: MAIN_SIDE },
      to: { path: [MAIN_SIDE, CORE_SIDE, SHARED, npm(...MAIN, ...PURE)] },
    },
    { comment: 'main → Node', from: { path: MAIN_SIDE }, to: { dependencyTypes: ['core'] } },
    // --- electron/core: plain Node, runs in tests, the harness and the core process ---
    {
      comment: 'core → itself, shared, shared/node, Node, core packages (never electron, never main)',
      from: { path: CORE_SIDE },
      to: { path: [CORE_SIDE, SHARED, npm(...CORE, ...PURE)] },
    },
    { comment: 'core → Node', from: { path: CORE_SIDE }, to: { dependencyTypes: ['core'] } },
    // --- shared/: pure TypeScript for every side ---
    {
      comment: 'shared → itself (not shared/node) and pure packages',
      from: { path: SHARED, pathNot: SHARED_NODE },
      to: { path: [SHARED, npm(...PURE)], pathNot: SHARED_NODE },
    },
    // --- shared/node/: Node-only code both the laptop core and the server need ---
    {
      comment: 'shared/node → shared, itself, pure packages',
      from: { path: SHARED_NODE },
      to: { path: [SHARED, npm(...PURE)] },
    },
    { comment: 'shared/node → Node', from: { path: SHARED_NODE }, to: { dependencyTypes: ['core'] } },
    // --- server/: the consortium server ---
    {
      comment: 'server → itself, shared, shared/node, server packages',
      from: { path: SERVER_SIDE },
      to: { path: [SERVER_SIDE, SHARED, npm(...SERVER, ...PURE)] },
    },
    { comment: 'server → Node', from: { path: SERVER_SIDE }, to: { dependencyTypes: ['core'] } },
    // --- test code beside a layer's code (shared, core, server, main) ---
    {
      comment: 'test files → test packages and Node (the code under test stays within its layer)',
      from: { path: TEST_FILE, pathNot: RENDERER },
      to: { path: npm(...TEST) },
    },
    {
      comment: 'test files → Node',
      from: { path: TEST_FILE, pathNot: RENDERER },
      to: { dependencyTypes: ['core'] },
    },
    // --- electron/testing/: the stand-in electron module (the Electron binary cannot run here) ---
    {
      comment: "the glue's tests (main, preload) → the stand-in electron module; never the glue itself",
      from: { path: '^electron/(main|preload)/.+\\.test\\.ts$' },
      to: { path: '^electron/testing/' },
    },
    // --- migrations/: the laptop's SQL files and their tests ---
    {
      comment: 'migration tests → the core migrator, shared, SQLite (vitest and Node as every test file)',
      from: { path: '^migrations/' },
      to: { path: ['^migrations/', CORE_SIDE, SHARED, npm('better-sqlite3-multiple-ciphers')] },
    },
    // --- tests/, bench/, scripts/ and the root config files: outside the app ---
    {
      comment: 'tests → anything (they drive every layer)',
      from: { path: '^tests/' },
      to: {},
    },
    {
      comment: 'bench → everything but the UI and Electron glue',
      from: { path: '^bench/' },
      to: { pathNot: [RENDERER, MAIN_SIDE, PRELOAD, '^scripts/'] },
    },
    {
      comment: 'scripts → themselves, Node and npm tools',
      from: { path: '^scripts/' },
      to: { pathNot: [RENDERER, '^electron/', SHARED, SERVER_SIDE, '^tests/', '^bench/', '^migrations/'] },
    },
    {
      comment: 'root config files (vite, vitest) → anything',
      from: { path: '^[^/]+\\.config\\.ts$' },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '^(out|dist|test-results|bench-results)/' },
    // Type-only imports count (as `type-only`): a layer may not even name another's types unless allowed.
    tsPreCompilationDeps: true,
    // Keep paths through symlinks (a test fixture links node_modules) as they are written.
    preserveSymlinks: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};

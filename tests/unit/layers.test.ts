import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer rules (.dependency-cruiser.mjs) run against a throwaway copy of the repository's layout in
 * a temporary folder: one probe file per edge, each importing one target, judged by where the import
 * resolves. Nothing is written into the source tree. The last test deletes each rule of the real
 * configuration in turn and requires some edge below to change its verdict, so a rule that is dropped
 * or made wider cannot pass unnoticed.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OK = 'ok';

/** Files every probe can import; contents are minimal modules with no imports of their own. */
const TARGETS = [
  'renderer/src/lib/format.ts',
  'renderer/src/app/App.tsx',
  'electron/preload/index.ts',
  'electron/main/ipc.ts',
  'electron/main/core-supervisor.ts',
  'electron/core/app-core.ts',
  'electron/core/host/core-host.ts',
  'electron/core/test-support.ts',
  'electron/testing/fake-electron.ts',
  'shared/domain/dates.ts',
  'shared/domain/enums.ts',
  'shared/ipc/api.ts',
  'shared/ipc/contract.ts',
  'shared/node/blob-files.ts',
  'server/src/app.ts',
  'tests/unit/helpers.ts',
  'bench/harness.ts',
  'scripts/start.ts',
];

type Kind = 'value' | 'type';
/** [the importing file's folder or name, what it imports (a repo file or a bare specifier), verdict]. */
type Edge = [from: string, to: string, verdict: string, kind?: Kind];

const NOT_ALLOWED = 'not-in-allowed';

const FORBIDDEN: Edge[] = [
  // electron/core: plain Node, never Electron, never the main side
  ['electron/core/services/', 'electron/main/ipc.ts', NOT_ALLOWED],
  ['electron/core/services/', 'electron', NOT_ALLOWED],
  ['electron/core/host/', 'electron', NOT_ALLOWED],
  ['electron/core/', 'electron/preload/index.ts', NOT_ALLOWED],
  ['electron/core/', 'renderer/src/lib/format.ts', NOT_ALLOWED],
  ['electron/core/', 'server/src/app.ts', NOT_ALLOWED],
  ['electron/core/', 'tests/unit/helpers.ts', NOT_ALLOWED],
  ['electron/core/', 'vitest', NOT_ALLOWED],
  ['electron/core/', 'react', NOT_ALLOWED],
  // shared/: pure
  ['shared/domain/', 'node:fs', NOT_ALLOWED],
  ['shared/domain/', 'react', NOT_ALLOWED],
  ['shared/domain/', 'better-sqlite3-multiple-ciphers', NOT_ALLOWED],
  ['shared/domain/', 'shared/node/blob-files.ts', NOT_ALLOWED],
  ['shared/domain/', 'electron/core/app-core.ts', NOT_ALLOWED],
  ['shared/domain/', 'renderer/src/lib/format.ts', NOT_ALLOWED],
  ['shared/domain/', 'server/src/app.ts', NOT_ALLOWED],
  // shared/node/: Node and shared only
  ['shared/node/', 'electron/core/app-core.ts', NOT_ALLOWED],
  ['shared/node/', 'server/src/app.ts', NOT_ALLOWED],
  ['shared/node/', 'better-sqlite3-multiple-ciphers', NOT_ALLOWED],
  ['shared/node/', 'electron', NOT_ALLOWED],
  // renderer: the sandboxed page
  ['renderer/src/features/', 'better-sqlite3-multiple-ciphers', NOT_ALLOWED],
  ['renderer/src/features/', 'electron', NOT_ALLOWED],
  ['renderer/src/features/', 'node:fs', NOT_ALLOWED],
  ['renderer/src/features/', 'kysely', NOT_ALLOWED],
  ['renderer/src/features/', 'sharp', NOT_ALLOWED],
  ['renderer/src/lib/', 'electron/core/app-core.ts', NOT_ALLOWED],
  ['renderer/src/lib/', 'electron/preload/index.ts', NOT_ALLOWED],
  ['renderer/src/lib/', 'shared/node/blob-files.ts', NOT_ALLOWED],
  ['renderer/src/lib/', 'server/src/app.ts', NOT_ALLOWED],
  // preload: electron and the channel names, nothing else at run time
  ['electron/preload/', 'shared/domain/dates.ts', NOT_ALLOWED],
  ['electron/preload/', 'shared/ipc/contract.ts', NOT_ALLOWED],
  ['electron/preload/', 'shared/ipc/api.ts', NOT_ALLOWED],
  ['electron/preload/', 'shared/domain/enums.ts', NOT_ALLOWED, 'type'],
  ['electron/preload/', 'zod', NOT_ALLOWED],
  ['electron/preload/', 'electron/core/app-core.ts', NOT_ALLOWED],
  ['electron/preload/', 'electron/main/ipc.ts', NOT_ALLOWED],
  // electron/main: glue, never the UI or the server
  ['electron/main/', 'renderer/src/lib/format.ts', NOT_ALLOWED],
  ['electron/main/', 'server/src/app.ts', NOT_ALLOWED],
  ['electron/main/', 'electron/preload/index.ts', NOT_ALLOWED],
  ['electron/main/', 'react', NOT_ALLOWED],
  ['electron/main/', 'better-sqlite3-multiple-ciphers', NOT_ALLOWED],
  // The stand-in electron module is for the glue's tests only.
  ['electron/main/', 'electron/testing/fake-electron.ts', NOT_ALLOWED],
  ['electron/preload/', 'electron/testing/fake-electron.ts', NOT_ALLOWED],
  ['electron/core/x.test.ts', 'electron/testing/fake-electron.ts', NOT_ALLOWED],
  // server/: shared, shared/node and its own
  ['server/src/sync/', 'electron/core/app-core.ts', NOT_ALLOWED],
  ['server/src/sync/', 'electron', NOT_ALLOWED],
  ['server/src/sync/', 'better-sqlite3-multiple-ciphers', NOT_ALLOWED],
  ['server/src/sync/', 'renderer/src/lib/format.ts', NOT_ALLOWED],
  ['server/src/sync/', 'react', NOT_ALLOWED],
  ['server/src/', 'vitest', NOT_ALLOWED],
  // test helpers beside code still keep to the code's layer
  ['electron/core/x.test.ts', 'server/src/app.ts', NOT_ALLOWED],
  ['shared/domain/x.test.ts', 'better-sqlite3-multiple-ciphers', NOT_ALLOWED],
  // outside the app
  ['migrations/', 'server/src/app.ts', NOT_ALLOWED],
  ['bench/', 'renderer/src/lib/format.ts', NOT_ALLOWED],
  ['bench/', 'electron/main/ipc.ts', NOT_ALLOWED],
  ['scripts/', 'shared/domain/dates.ts', NOT_ALLOWED],
  ['scripts/', 'electron/core/app-core.ts', NOT_ALLOWED],
  // every import must resolve, so that it can be judged
  ['server/src/', 'server/src/nowhere.ts', 'not-in-allowed,not-to-unresolvable'],
];

const ALLOWED: Edge[] = [
  ['renderer/src/features/', 'renderer/src/lib/format.ts', OK],
  ['renderer/src/features/', 'renderer/src/app/App.tsx', OK],
  ['renderer/src/features/', 'shared/domain/dates.ts', OK],
  ['renderer/src/features/', 'shared/ipc/contract.ts', OK],
  ['renderer/src/features/', 'react', OK],
  ['renderer/src/features/', 'react-i18next', OK],
  ['renderer/src/features/', '@tanstack/react-virtual', OK],
  ['renderer/src/features/', 'zod', OK],
  ['renderer/src/features/', 'exifr', OK],
  ['electron/preload/', 'shared/ipc/channels.ts', OK],
  ['electron/preload/', 'electron', OK],
  ['electron/preload/', 'shared/ipc/api.ts', OK, 'type'],
  ['electron/main/', 'electron/main/ipc.ts', OK],
  ['electron/main/', 'electron/core/app-core.ts', OK],
  ['electron/main/core-supervisor.ts', 'electron/core/host/core-host.ts', OK],
  ['electron/main/', 'shared/domain/dates.ts', OK],
  ['electron/main/', 'shared/node/blob-files.ts', OK],
  ['electron/main/', 'electron', OK],
  ['electron/main/x.test.ts', 'electron/testing/fake-electron.ts', OK],
  ['electron/preload/x.test.ts', 'electron/testing/fake-electron.ts', OK],
  ['electron/main/', 'node:path', OK],
  ['electron/core/', 'electron/core/app-core.ts', OK],
  ['electron/core/host/', 'electron/core/app-core.ts', OK],
  ['electron/core/', 'shared/domain/dates.ts', OK],
  ['electron/core/', 'shared/ipc/contract.ts', OK],
  ['electron/core/', 'shared/node/blob-files.ts', OK],
  ['electron/core/', 'better-sqlite3-multiple-ciphers', OK],
  ['electron/core/', 'kysely', OK],
  ['electron/core/', 'node:fs', OK],
  ['shared/domain/', 'shared/domain/enums.ts', OK],
  ['shared/ipc/', 'shared/domain/dates.ts', OK],
  ['shared/domain/', 'zod', OK],
  ['shared/node/', 'shared/domain/dates.ts', OK],
  ['shared/node/', 'shared/node/blob-files.ts', OK],
  ['shared/node/', 'node:crypto', OK],
  ['server/src/sync/', 'server/src/app.ts', OK],
  ['server/src/sync/', 'shared/domain/dates.ts', OK],
  ['server/src/sync/', 'shared/node/blob-files.ts', OK],
  ['server/src/sync/', 'fastify', OK],
  ['server/src/sync/', 'pg', OK],
  ['server/src/sync/', 'node:fs', OK],
  ['electron/core/x.test.ts', 'vitest', OK],
  ['electron/core/x.test.ts', 'electron/core/test-support.ts', OK],
  ['shared/domain/x.test.ts', 'fast-check', OK],
  ['shared/domain/x.test.ts', 'node:fs', OK],
  ['server/src/blobs/x.test.ts', 'tus-js-client', OK],
  ['migrations/0009_x.test.ts', 'electron/core/app-core.ts', OK],
  ['migrations/0009_x.test.ts', 'shared/domain/dates.ts', OK],
  ['migrations/0009_x.test.ts', 'better-sqlite3-multiple-ciphers', OK],
  ['migrations/0009_x.test.ts', 'vitest', OK],
  ['migrations/0009_x.test.ts', 'node:fs', OK],
  ['tests/unit/', 'renderer/src/lib/format.ts', OK],
  ['tests/unit/', 'server/src/app.ts', OK],
  ['tests/unit/', 'electron/main/ipc.ts', OK],
  ['tests/unit/', 'playwright-core', OK],
  ['bench/', 'electron/core/app-core.ts', OK],
  ['bench/', 'server/src/app.ts', OK],
  ['bench/', 'tests/unit/helpers.ts', OK],
  ['bench/', 'node:os', OK],
  ['scripts/', 'node:child_process', OK],
  ['scripts/', 'scripts/start.ts', OK],
  ['electron.vite.config.ts', 'electron/main/ipc.ts', OK],
];

/** Files with imports of their own, for the rules about a file rather than one edge. */
const SPECIAL: Record<string, string> = {
  // The channel name lists are bundled into the sandboxed preload: no runtime import at all.
  'shared/ipc/channels.ts':
    "import type { Kind } from '../domain/enums.ts';\nimport { x } from '../domain/enums.ts';\nexport const names: Kind[] = [x];\n",
  // Cycles, of values and of types only: no exception anywhere.
  'server/src/cycle-a.ts': "import { b } from './cycle-b.ts';\nexport const a = () => b;\n",
  'server/src/cycle-b.ts': "import { a } from './cycle-a.ts';\nexport const b = () => a;\n",
  'electron/core/type-cycle-a.ts':
    "import type { B } from './type-cycle-b.ts';\nexport type A = { b?: B };\n",
  'electron/core/type-cycle-b.ts':
    "import type { A } from './type-cycle-a.ts';\nexport type B = { a?: A };\n",
  'renderer/src/i18n/registry.ts':
    "import { m } from '../features/x/messages.ts';\nexport const all = () => m;\n",
  'renderer/src/features/x/messages.ts':
    "import { all } from '../../i18n/registry.ts';\nexport const m = () => all;\n",
  // vite's ambient types (import.meta.glob), referenced the way vite documents it.
  'renderer/src/vite-env.d.ts': '/// <reference types="vite/client" />\n',
};
const SPECIAL_VERDICTS: [file: string, verdict: string][] = [
  ['shared/ipc/channels.ts', 'channels-have-no-runtime-imports'],
  ['server/src/cycle-a.ts', 'no-circular'],
  ['electron/core/type-cycle-a.ts', 'no-circular'],
  ['renderer/src/features/x/messages.ts', 'no-circular'],
  ['renderer/src/vite-env.d.ts', OK],
];

const EDGES = [...FORBIDDEN, ...ALLOWED];
/** The top-level source folders, as `npm run lint:layers` names them. */
const FOLDERS = ['renderer', 'electron', 'shared', 'server', 'migrations', 'tests', 'bench', 'scripts'];

/** The probe file for edge i: in the given folder, or the given file name made unique. */
function probePath(from: string, i: number): string {
  if (from.endsWith('/')) return `${from}probe${i}.ts`;
  return from.replace(/(\.test|\.config)?\.ts$/, (ext) => `-probe${i}${ext}`);
}

function importLine(probe: string, to: string, kind: Kind): string {
  const repoFile = /\.tsx?$/.test(to);
  let spec = to;
  if (repoFile) {
    spec = relative(dirname(probe), to);
    if (!spec.startsWith('.')) spec = `./${spec}`;
  }
  return kind === 'type'
    ? `import type * as target from '${spec}';\nexport type Probe = typeof target;\n`
    : `import * as target from '${spec}';\nexport const probe = target;\n`;
}

let fixture = '';
let config: IConfiguration;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(fixture, path)), { recursive: true });
  writeFileSync(join(fixture, path), text);
}

/** The rule each file breaks (by name, sorted, joined), or 'ok', under `rules`. */
async function verdicts(rules: IConfiguration): Promise<Map<string, string>> {
  const { forbidden, allowed, allowedSeverity, options } = rules;
  const result = await cruise(
    [...FOLDERS, ...EDGES.map(([from], i) => probePath(from, i)).filter((file) => !file.includes('/'))],
    { ...options, ruleSet: { forbidden, allowed, allowedSeverity }, validate: true, baseDir: fixture },
    {},
    {},
  );
  const output = result.output as ICruiseResult;
  const broken = new Map<string, Set<string>>();
  for (const v of output.summary.violations) {
    const rules = broken.get(v.from) ?? new Set<string>();
    rules.add(v.rule.name);
    broken.set(v.from, rules);
  }
  const out = new Map<string, string>();
  for (const [file, names] of broken) out.set(file, [...names].sort().join(','));
  return out;
}

function expected(): Map<string, string> {
  const all = new Map<string, string>();
  EDGES.forEach(([from, , verdict], i) => {
    all.set(probePath(from, i), verdict);
  });
  for (const [file, verdict] of SPECIAL_VERDICTS) all.set(file, verdict);
  return all;
}

let baseline: Map<string, string>;

beforeAll(async () => {
  fixture = mkdtempSync(join(tmpdir(), 'futasato-layers-'));
  // The real packages, so npm imports resolve to node_modules/<name>/… as in the repository.
  symlinkSync(join(ROOT, 'node_modules'), join(fixture, 'node_modules'), 'dir');
  for (const target of TARGETS) write(target, 'export const x = 1;\nexport type Kind = string;\n');
  for (const [file, text] of Object.entries(SPECIAL)) write(file, text);
  EDGES.forEach(([from, to, , kind = 'value'], i) => {
    const probe = probePath(from, i);
    write(probe, importLine(probe, to, kind));
  });
  config = (await import(pathToFileURL(join(ROOT, '.dependency-cruiser.mjs')).href)).default;
  baseline = await verdicts(config);
});

afterAll(() => {
  if (fixture) rmSync(fixture, { recursive: true, force: true });
});

describe('layer rules on resolved paths (.dependency-cruiser.mjs)', () => {
  it.each(FORBIDDEN.map((edge) => [edge[0], edge[1], edge, EDGES.indexOf(edge)] as const))(
    'refuses %s → %s',
    (_from, _to, [from, , verdict], i) => {
      expect(baseline.get(probePath(from, i)) ?? OK).toBe(verdict);
    },
  );

  it.each(ALLOWED.map((edge) => [edge[0], edge[1], edge, EDGES.indexOf(edge)] as const))(
    'admits %s → %s',
    (_from, _to, [from], i) => {
      expect(baseline.get(probePath(from, i)) ?? OK).toBe(OK);
    },
  );

  it.each(SPECIAL_VERDICTS)('judges %s as %s', (file, verdict) => {
    expect(baseline.get(file) ?? OK).toBe(verdict);
  });

  it('judges no fixture file it was not asked about', () => {
    const known = expected();
    const unexpected = [...baseline.keys()].filter((file) => !known.has(file));
    expect(unexpected).toEqual([]);
  });

  it('is run by `npm run lint:layers` over every top-level folder and file that holds TypeScript', () => {
    const script: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts[
      'lint:layers'
    ];
    const named = new Set(script.split(/\s+/));
    const holdsTypeScript = (dir: string): boolean =>
      readdirSync(join(ROOT, dir), { withFileTypes: true }).some((e) =>
        e.isDirectory() ? holdsTypeScript(join(dir, e.name)) : /\.tsx?$/.test(e.name),
      );
    const IGNORED = new Set([
      'node_modules',
      'out',
      'dist',
      'test-results',
      'bench-results',
      'coverage',
      'docs',
    ]);
    const sources = readdirSync(ROOT, { withFileTypes: true })
      .filter((e) => !e.name.startsWith('.') && !IGNORED.has(e.name))
      .filter((e) => (e.isDirectory() ? holdsTypeScript(e.name) : /\.tsx?$/.test(e.name)))
      .map((e) => e.name);
    expect(sources.filter((name) => !named.has(name))).toEqual([]);
    for (const folder of FOLDERS) expect(named.has(folder), folder).toBe(true);
  });

  it('needs every rule: deleting any one of them changes the verdict on some edge', async () => {
    const want = expected();
    const idle: string[] = [];
    for (const list of ['forbidden', 'allowed'] as const) {
      const rules = config[list] ?? [];
      for (let i = 0; i < rules.length; i++) {
        const got = await verdicts({ ...config, [list]: rules.filter((_, j) => j !== i) });
        const changed = [...want].filter(([file, verdict]) => (got.get(file) ?? OK) !== verdict);
        if (changed.length === 0) idle.push(`${list}[${i}]: ${rules[i]?.comment}`);
      }
    }
    expect(idle).toEqual([]);
  }, 120_000);
});

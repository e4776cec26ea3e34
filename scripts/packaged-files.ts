import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getCollectorByPackageManager, PM } from 'app-builder-lib/out/node-module-collector/index.js';
import { TmpDir } from 'builder-util';

/**
 * `npm run packaged-files [-- --list]`: what the installer carries, computed the way electron-builder
 * computes it without building (the Electron binary is not needed): the `files` of electron-builder.yml
 * (out/** and package.json) plus the production node_modules electron-builder's own collector finds
 * for the app package (`npm list --omit dev`, then its hoisting). Prints each package with its size on
 * disk and the totals; `--list` prints every file.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Module {
  name: string;
  version: string;
  dir: string;
  dependencies?: Module[];
}

function walk(dir: string, into: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, into);
    else if (entry.isFile()) into.push(path);
  }
}

function sizeOf(files: readonly string[]): number {
  return files.reduce((sum, f) => sum + statSync(f).size, 0);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const list = process.argv.includes('--list');
  const tmp = new TmpDir('packaged-files');
  const collector = getCollectorByPackageManager(PM.NPM, ROOT, tmp);
  const { nodeModules } = (await collector.getNodeModules({ packageName: 'futasato' })) as unknown as {
    nodeModules: Module[];
  };
  await tmp.cleanup();

  const modules = new Map<string, Module>();
  const visit = (m: Module): void => {
    if (modules.has(m.dir)) return;
    modules.set(m.dir, m);
    for (const d of m.dependencies ?? []) visit(d);
  };
  for (const m of nodeModules) visit(m);

  const appFiles: string[] = [join(ROOT, 'package.json')];
  walk(join(ROOT, 'out'), appFiles);
  const rows = [...modules.values()]
    .map((m) => {
      const files: string[] = [];
      walk(m.dir, files);
      return { name: m.name, version: m.version, dir: m.dir, files, bytes: sizeOf(files) };
    })
    .sort((a, b) => b.bytes - a.bytes);

  process.stdout.write(`app (out/**, package.json): ${appFiles.length} files, ${mb(sizeOf(appFiles))}\n`);
  process.stdout.write(`node_modules: ${rows.length} packages\n`);
  for (const r of rows) process.stdout.write(`  ${mb(r.bytes).padStart(9)}  ${r.name}@${r.version}\n`);
  const moduleFiles = rows.reduce((n, r) => n + r.files.length, 0);
  const moduleBytes = rows.reduce((n, r) => n + r.bytes, 0);
  process.stdout.write(`node_modules total: ${moduleFiles} files, ${mb(moduleBytes)}\n`);
  if (list) {
    for (const f of appFiles) process.stdout.write(`${relative(ROOT, f)}\n`);
    for (const r of rows) for (const f of r.files) process.stdout.write(`${relative(ROOT, f)}\n`);
  }
}

await main();

import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The installer carries the root package.json's `dependencies` (electron-builder copies them into
 * app.asar); everything else is bundled by Vite or belongs to the server. So `dependencies` must be
 * exactly the npm packages the main and core processes load at run time: found here by following
 * every runtime import (not `import type`) from the two entries of the main build through the
 * repository's own files. A package only the page uses is bundled (devDependencies); one only the
 * server uses is the server workspace's (server/package.json).
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRIES = ['electron/main/index.ts', 'electron/core/host/core-process.ts'];
// Statements that load a module at run time: import … from, export … from, bare import, import().
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function runtimePackages(): { packages: Set<string>; files: number } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const todo = ENTRIES.map((e) => join(ROOT, e));
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const spec = (match[1] ?? match[2])!;
      if (spec.startsWith('.')) {
        todo.push(resolve(dirname(file), spec));
      } else if (!spec.startsWith('node:')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
  }
  return { packages, files: seen.size };
}

describe('the packaged app’s dependencies', () => {
  it('are exactly what the main and core processes import at run time', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const { packages, files } = runtimePackages();
    expect(files).toBeGreaterThan(50);
    // Electron itself is the runtime, not a module in app.asar (electron-builder requires it in devDependencies).
    packages.delete('electron');
    expect(Object.keys(pkg.dependencies).sort(), relative(ROOT, 'package.json')).toEqual(
      [...packages].sort(),
    );
    expect(pkg.devDependencies.electron).toBeDefined();
  });
});

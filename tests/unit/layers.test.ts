import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIOME = `${ROOT}node_modules/.bin/biome`;

/** Lints `source` as a real file at `path` (in a throwaway folder of that layer), then removes it. */
function lintAs(path: string, source: string): { ok: boolean; output: string } {
  const probeDir = join(dirname(path), `__layer_probe_${process.pid}_${Math.random().toString(36).slice(2)}`);
  const file = join(probeDir, path.split('/').pop() ?? 'x.ts');
  mkdirSync(join(ROOT, probeDir), { recursive: true });
  try {
    writeFileSync(join(ROOT, file), source);
    const r = spawnSync(BIOME, ['lint', '--max-diagnostics=50', file], { cwd: ROOT, encoding: 'utf8' });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(join(ROOT, probeDir), { recursive: true, force: true });
  }
}

describe('layer rules enforced by the build', () => {
  it.each([
    [
      'renderer/src/features/x.ts',
      "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
      'electron in the renderer',
    ],
    [
      'renderer/src/features/x.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      'Node in the renderer',
    ],
    [
      'renderer/src/lib/x.ts',
      "import { AppCore } from '../../../../electron/core/app-core.ts';\nexport const x = AppCore;\n",
      'main side in the renderer',
    ],
    [
      'shared/domain/x.ts',
      "import { createHash } from 'node:crypto';\nexport const x = createHash;\n",
      'Node in shared',
    ],
    [
      'shared/domain/x.ts',
      "import { App } from '../../../renderer/src/app/App.tsx';\nexport const x = App;\n",
      'renderer in shared',
    ],
    [
      'electron/core/services/x.ts',
      "import { app } from 'electron';\nexport const x = app;\n",
      'electron in core',
    ],
    [
      'electron/preload/x.ts',
      "import { z } from 'zod';\nexport const x = z;\n",
      'npm code in the sandboxed preload',
    ],
  ])('rejects %s importing %s', (path, source, _what) => {
    const result = lintAs(path, source);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('noRestrictedImports');
  });

  it('accepts the allowed direction', () => {
    expect(
      lintAs(
        'renderer/src/lib/x.ts',
        "import { addDays } from '../../../../shared/domain/dates.ts';\nexport const x = addDays;\n",
      ).ok,
    ).toBe(true);
    expect(
      lintAs(
        'electron/core/x.ts',
        "import { addDays } from '../../../shared/domain/dates.ts';\nexport const x = addDays;\n",
      ).ok,
    ).toBe(true);
  });
});

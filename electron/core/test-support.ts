import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Result } from '../../shared/errors.ts';
import { AppCore, type CoreOptions } from './app-core.ts';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from './db/migrations-fs.ts';

/** A real core on a real SQLite file in a fresh temporary folder. */
export async function openTestCore(
  options: Partial<Omit<CoreOptions, 'dbPath' | 'migrations'>> = {},
): Promise<{
  core: AppCore;
  dir: string;
  dispose: () => Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'futasato-test-'));
  const core = await AppCore.open(testCoreOptions(dir, options));
  return {
    core,
    dir,
    dispose: async () => {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The options openTestCore uses, to open the same database again (a restart after a crash). */
export function testCoreOptions(
  dir: string,
  options: Partial<Omit<CoreOptions, 'dbPath' | 'migrations'>> = {},
): CoreOptions {
  return {
    dbPath: join(dir, 'futasato.db'),
    migrations: loadMigrationsFromDir(REPO_MIGRATIONS_DIR),
    appVersion: '0.0.0-test',
    ...options,
  };
}

/** Anything that answers contract calls: the core itself, or a client of the core process. */
export interface Invoker {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
}

/** Calls a channel and returns its value, failing loudly on an error result. */
export async function call(core: Invoker, channel: string, input: unknown = {}): Promise<unknown> {
  const result = await core.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppCore } from './app-core.ts';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from './db/migrations-fs.ts';

/** A real core on a real SQLite file in a fresh temporary folder. */
export async function openTestCore(options: { now?: () => Date } = {}): Promise<{
  core: AppCore;
  dir: string;
  dispose: () => Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'futasato-test-'));
  const core = await AppCore.open({
    dbPath: join(dir, 'futasato.db'),
    migrations: loadMigrationsFromDir(REPO_MIGRATIONS_DIR),
    appVersion: '0.0.0-test',
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    core,
    dir,
    dispose: async () => {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Calls a channel and returns its value, failing loudly on an error result. */
export async function call(core: AppCore, channel: string, input: unknown = {}): Promise<unknown> {
  const result = await core.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

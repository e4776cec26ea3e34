import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Migration, parseMigrationFiles } from './migrator.ts';

/** Loads `migrations/*.sql` from disk: used by tests, benchmarks and scripts that run in plain Node. */
export function loadMigrationsFromDir(dir: string): Migration[] {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.sql')) files[name] = readFileSync(join(dir, name), 'utf8');
  }
  return parseMigrationFiles(files);
}

export const REPO_MIGRATIONS_DIR = new URL('../../../migrations/', import.meta.url).pathname;

/** Loads `migrations/*.sql` from disk: used by tests, benchmarks and scripts that run in plain Node. */
export { loadMigrationsFromDir } from '../../../shared/node/migration-ledger.ts';

export const REPO_MIGRATIONS_DIR = new URL('../../../migrations/', import.meta.url).pathname;

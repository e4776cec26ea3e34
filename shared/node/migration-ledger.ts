import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Migration, parseMigrationFiles } from '../migration-files.ts';

/**
 * The migration ledger both stores keep (the laptop's SQLite and the server's PostgreSQL): a
 * `schema_migration` table with one row per applied file (version, name, checksum). Each side runs
 * the SQL in its own transaction and lock; the rules of the ledger are here, once:
 * - a database that has a migration these files do not know was written by a newer program and is
 *   refused, rather than mishandled by code that has never heard of its columns;
 * - a released file edited after it was applied is refused: two installations could otherwise
 *   disagree about their schema.
 */

/** One row of `schema_migration`. */
export interface LedgerRow {
  version: number;
  name: string;
  checksum: string;
}

/** How each side words a refusal (the laptop's AppError codes, the server's start-up message). */
export interface LedgerRefusals {
  /** The database has a migration these files do not know. */
  newer(row: LedgerRow, latestKnown: number): Error;
  /** A file was edited after it was applied. */
  edited(row: LedgerRow): Error;
}

export function migrationChecksum(sql: string): string {
  // Line endings are normalised so a checkout with CRLF does not look like an edited migration.
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/**
 * The migrations still to apply, in order, after checking every applied row against the files;
 * throws the side's error for a newer database or an edited file.
 */
export function pendingMigrations(
  applied: readonly LedgerRow[],
  migrations: readonly Migration[],
  refuse: LedgerRefusals,
): Migration[] {
  const known = new Map(migrations.map((m) => [m.version, m]));
  const latestKnown = migrations.at(-1)?.version ?? 0;
  for (const row of applied) {
    const mine = known.get(row.version);
    if (!mine) throw refuse.newer(row, latestKnown);
    if (migrationChecksum(mine.sql) !== row.checksum) throw refuse.edited(row);
  }
  const done = new Set(applied.map((r) => r.version));
  return migrations.filter((m) => !done.has(m.version));
}

/** Loads `NNNN_name.sql` files from a folder (the server at start; the laptop's tests, benchmarks and scripts). */
export function loadMigrationsFromDir(dir: string): Migration[] {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.sql')) files[name] = readFileSync(join(dir, name), 'utf8');
  }
  return parseMigrationFiles(files);
}

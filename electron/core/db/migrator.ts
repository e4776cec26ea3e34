import type { Database } from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors.ts';
import type { Migration } from '../../../shared/migration-files.ts';
import {
  type LedgerRow,
  migrationChecksum,
  pendingMigrations,
} from '../../../shared/node/migration-ledger.ts';

export { type Migration, parseMigrationFiles } from '../../../shared/migration-files.ts';
export { migrationChecksum as checksum } from '../../../shared/node/migration-ledger.ts';

/**
 * Forward-only migrator over numbered SQL files (`migrations/0001_name.sql`), keeping the ledger the
 * server keeps too (shared/node/migration-ledger.ts).
 *
 * - All pending migrations run in ONE transaction: a failure leaves the database as it was.
 * - A database that has a migration this app does not know (written by a newer app) is refused
 *   rather than opened: an older app would silently mishandle columns it has never heard of.
 * - A migration file edited after it was applied (checksum differs) is refused: released migrations
 *   are history, and a changed one means two installations could disagree about their schema.
 */

export interface MigrationReport {
  from: number;
  to: number;
  applied: number[];
}

export function migrate(db: Database, migrations: readonly Migration[]): MigrationReport {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);

  const run = db.transaction((): MigrationReport => {
    const applied = db
      .prepare('SELECT version, name, checksum FROM schema_migration ORDER BY version')
      .all() as LedgerRow[];
    const latestKnown = migrations.at(-1)?.version ?? 0;
    const pending = pendingMigrations(applied, migrations, {
      newer: (row) =>
        new AppError(
          'DB_TOO_NEW',
          `database has schema version ${row.version}; this app knows up to ${latestKnown}`,
        ),
      edited: (row) =>
        new AppError(
          'MIGRATION_CHANGED',
          `migration ${row.version}_${row.name} was edited after it was applied`,
        ),
    });

    const from = applied.at(-1)?.version ?? 0;
    const insert = db.prepare(
      'INSERT INTO schema_migration (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
    );
    const now = new Date().toISOString();
    for (const m of pending) {
      db.exec(m.sql);
      insert.run(m.version, m.name, migrationChecksum(m.sql), now);
    }
    db.pragma(`user_version = ${latestKnown}`);
    return { from, to: latestKnown, applied: pending.map((m) => m.version) };
  });
  // IMMEDIATE: take the write lock before reading the applied list, so two processes opening the same
  // file cannot both decide to apply the same migration.
  return run.immediate();
}

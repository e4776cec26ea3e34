import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Migration } from '../../../shared/migration-files.ts';
import {
  type LedgerRow,
  loadMigrationsFromDir,
  migrationChecksum,
  pendingMigrations,
} from '../../../shared/node/migration-ledger.ts';
import type { ServerDatabase } from './connect.ts';

/**
 * Applies server/migrations/*.sql at start. Several server processes may start at once (a rolling
 * restart), so the whole run takes a transaction-scoped advisory lock: the second process waits, then
 * finds nothing left to do. All pending files apply in one transaction; an edited released file or a
 * database newer than this server stops the start with a clear message (the ledger's rules are the
 * laptop's too: shared/node/migration-ledger.ts).
 */

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../migrations');

export function loadServerMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return loadMigrationsFromDir(dir);
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** Applied migrations' versions and checksums, compared with the files this server ships. */
function pending(applied: readonly LedgerRow[], migrations: readonly Migration[]): Migration[] {
  return pendingMigrations(applied, migrations, {
    newer: (row) =>
      new MigrationError(
        `the database has migration ${row.version} (${row.name}), which this server does not know: it is newer than this server`,
      ),
    edited: (row) =>
      new MigrationError(`migration ${row.version} (${row.name}) was edited after it was applied`),
  });
}

const LOCK = "SELECT pg_advisory_xact_lock(hashtext('futasato.migrate.' || current_schema()))";
const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migration (
  version integer PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;
const APPLIED = 'SELECT version, name, checksum FROM schema_migration ORDER BY version';
const RECORD = 'INSERT INTO schema_migration (version, name, checksum) VALUES ($1, $2, $3)';

export async function migrateServer(
  database: ServerDatabase,
  migrations: readonly Migration[] = loadServerMigrations(),
): Promise<number[]> {
  const { db, pglite } = database;
  if (pglite) {
    // PGlite is one connection: its own transaction API, whose exec() runs multi-statement scripts.
    return pglite.transaction(async (tx) => {
      await tx.query(LOCK);
      await tx.exec(LEDGER);
      const applied = await tx.query<LedgerRow>(APPLIED);
      const todo = pending(applied.rows, migrations);
      for (const m of todo) {
        await tx.exec(m.sql);
        await tx.query(RECORD, [m.version, m.name, migrationChecksum(m.sql)]);
      }
      return todo.map((m) => m.version);
    });
  }
  return db.transaction().execute(async (trx) => {
    await sql.raw(LOCK).execute(trx);
    await sql.raw(LEDGER).execute(trx);
    const applied = await sql<LedgerRow>`${sql.raw(APPLIED)}`.execute(trx);
    const todo = pending(applied.rows, migrations);
    for (const m of todo) {
      // A script of many statements: pg sends a query without parameters as one simple query.
      await sql.raw(m.sql).execute(trx);
      await sql`INSERT INTO schema_migration (version, name, checksum) VALUES (${m.version}, ${m.name}, ${migrationChecksum(m.sql)})`.execute(
        trx,
      );
    }
    return todo.map((m) => m.version);
  });
}

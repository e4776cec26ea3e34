import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { type Migration, parseMigrationFiles } from '../../../shared/migration-files.ts';
import type { ServerDatabase } from './connect.ts';

/**
 * Applies server/migrations/*.sql at start. Several server processes may start at once (a rolling
 * restart), so the whole run takes a transaction-scoped advisory lock: the second process waits, then
 * finds nothing left to do. All pending files apply in one transaction; an edited released file or a
 * database newer than this server stops the start with a clear message.
 */

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../migrations');

export function loadServerMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.sql')) files[name] = readFileSync(join(dir, name), 'utf8');
  }
  return parseMigrationFiles(files);
}

function checksum(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** Applied migrations' versions and checksums, compared with the files this server ships. */
function pending(
  applied: readonly { version: number; name: string; checksum: string }[],
  migrations: readonly Migration[],
): Migration[] {
  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const row of applied) {
    const mine = known.get(row.version);
    if (!mine) {
      throw new MigrationError(
        `the database has migration ${row.version} (${row.name}), which this server does not know: it is newer than this server`,
      );
    }
    if (checksum(mine.sql) !== row.checksum) {
      throw new MigrationError(`migration ${row.version} (${row.name}) was edited after it was applied`);
    }
  }
  const done = new Set(applied.map((r) => r.version));
  return migrations.filter((m) => !done.has(m.version));
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
      const applied = await tx.query<{ version: number; name: string; checksum: string }>(APPLIED);
      const todo = pending(applied.rows, migrations);
      for (const m of todo) {
        await tx.exec(m.sql);
        await tx.query(RECORD, [m.version, m.name, checksum(m.sql)]);
      }
      return todo.map((m) => m.version);
    });
  }
  return db.transaction().execute(async (trx) => {
    await sql.raw(LOCK).execute(trx);
    await sql.raw(LEDGER).execute(trx);
    const applied = await sql<{
      version: number;
      name: string;
      checksum: string;
    }>`${sql.raw(APPLIED)}`.execute(trx);
    const todo = pending(applied.rows, migrations);
    for (const m of todo) {
      // A script of many statements: pg sends a query without parameters as one simple query.
      await sql.raw(m.sql).execute(trx);
      await sql`INSERT INTO schema_migration (version, name, checksum) VALUES (${m.version}, ${m.name}, ${checksum(m.sql)})`.execute(
        trx,
      );
    }
    return todo.map((m) => m.version);
  });
}

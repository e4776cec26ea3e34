import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { Kysely, SqliteDialect } from 'kysely';
import type { Logger } from 'pino';
import { CONSORTIUM_MUNICIPALITIES } from '../../../shared/domain/municipalities.ts';
import { backupBeforeMigration } from '../backup/backup-service.ts';
import { prepareEncryptedDatabase } from '../encryption/convert-database.ts';
import { type AtRestSecret, openKeyed } from '../encryption/keys.ts';
import { type Migration, type MigrationReport, migrate } from './migrator.ts';
import type { DB } from './schema.ts';

export interface Database {
  /** The raw connection: the write path uses it for synchronous transactions. */
  sqlite: BetterSqlite3.Database;
  /** Typed query builder over the same connection, for reads. */
  kysely: Kysely<DB>;
  migration: MigrationReport;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the local database and brings its schema up to date.
 *
 * Pragmas: WAL so the UI's reads never wait behind a write; synchronous=FULL because a coordinator's
 * check-in must survive a laptop whose battery dies a second after "保存"; foreign keys on (SQLite
 * leaves them off by default); a busy timeout so a second process (a backup, a CLI) waits instead of
 * failing; a page cache and memory map sized for a town of 10,000 families.
 */
export function openDatabase(
  path: string,
  migrations: readonly Migration[],
  log?: Logger,
  secret?: AtRestSecret | null,
): Database {
  // Encryption at rest (docs/security.md): with a secret, a clear file is converted first (once, crash
  // safe) and the connection is keyed before anything reads it; without one, an encrypted file is
  // refused with DB_KEY_MISSING rather than read as garbage.
  const keyed = secret && !isMemory(path) ? secret : null;
  if (keyed) prepareEncryptedDatabase(path, keyed, log ? { log } : {});
  const sqlite = openKeyed(path, keyed);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // The default 2 MB page cache is far below a large town's working set (tens of MB); without this
    // every index probe of the today board becomes a read() call.
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('mmap_size = 268435456');
    sqlite.pragma('temp_store = MEMORY');
    // Local safety (docs/operations.md): a database that has data and is about to be migrated is copied
    // first, as it is (backups/futasato-before-migration-*.db). Migrations are forward-only; that copy
    // is the way back. If it cannot be made this throws and nothing is migrated.
    backupBeforeMigration(sqlite, path, migrations, { ...(log ? { log } : {}), secret: keyed });
    const migration = migrate(sqlite, migrations);
    seedReferenceData(sqlite);
    const kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return {
      sqlite,
      kysely,
      migration,
      // Kysely's destroy() closes the underlying better-sqlite3 connection too.
      close: () => kysely.destroy(),
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

const isMemory = (path: string) => path === '' || path === ':memory:' || path.startsWith('file:');

/** The consortium's towns are reference data shipped with the app: upserted on every open. */
function seedReferenceData(sqlite: BetterSqlite3.Database): void {
  const upsert = sqlite.prepare(
    `INSERT INTO municipality (id, prefecture, name, name_kana, is_lead) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET prefecture = excluded.prefecture, name = excluded.name,
       name_kana = excluded.name_kana, is_lead = excluded.is_lead`,
  );
  sqlite.transaction(() => {
    for (const m of CONSORTIUM_MUNICIPALITIES)
      upsert.run(m.id, m.prefecture, m.name, m.nameKana, m.isLead ? 1 : 0);
  })();
}

/**
 * Kysely's SQLite driver prepares every query afresh. With planner statistics (ANALYZE) SQLite then
 * re-plans each new statement against its bound values, which costs milliseconds per query on the
 * today board. Kysely emits the same SQL text for the same query shape, so statements are cached by
 * text (bounded, least recently used first out).
 */
function withStatementCache(sqlite: BetterSqlite3.Database, capacity = 256) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): BetterSqlite3.Statement {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= capacity) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

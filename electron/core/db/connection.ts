import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { CONSORTIUM_MUNICIPALITIES } from '../../../shared/domain/municipalities.ts';
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
 * failing.
 */
export function openDatabase(path: string, migrations: readonly Migration[]): Database {
  const sqlite = new BetterSqlite3(path);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const migration = migrate(sqlite, migrations);
    seedReferenceData(sqlite);
    const kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
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

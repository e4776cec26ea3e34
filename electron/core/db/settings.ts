import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';

/**
 * The `app_setting` key/value table (UI language, HLC, sync cursor, backups …), read and written the
 * same way everywhere. Statements are prepared once per database: sync reads and writes several
 * keys on every page.
 */

interface Statements {
  get: BetterSqlite3.Statement;
  put: BetterSqlite3.Statement;
}

const prepared = new WeakMap<BetterSqlite3.Database, Statements>();

function statements(sqlite: BetterSqlite3.Database): Statements {
  let s = prepared.get(sqlite);
  if (!s) {
    s = {
      get: sqlite.prepare('SELECT value FROM app_setting WHERE key = ?').pluck(),
      put: sqlite.prepare(
        'INSERT INTO app_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
    };
    prepared.set(sqlite, s);
  }
  return s;
}

export function readSetting(sqlite: BetterSqlite3.Database, key: string): string | null {
  const value = statements(sqlite).get.get(key);
  return typeof value === 'string' ? value : null;
}

export function writeSetting(sqlite: BetterSqlite3.Database, key: string, value: string): void {
  statements(sqlite).put.run(key, value);
}

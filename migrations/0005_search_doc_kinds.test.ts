import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../electron/core/db/migrations-fs.ts';
import { migrate } from '../electron/core/db/migrator.ts';

describe('migration 0005: search document kinds without a CHECK', () => {
  it('upgrades a v4 database keeping every document under its rowid, and takes a new kind', () => {
    const db = new BetterSqlite3(':memory:');
    const all = loadMigrationsFromDir(REPO_MIGRATIONS_DIR);
    migrate(
      db,
      all.filter((m) => m.version <= 4),
    );
    const insert = db.prepare(
      'INSERT INTO search_doc (rowid, kind, ref_id, municipality_id, sort_key) VALUES (?, ?, ?, ?, ?)',
    );
    insert.run(7, 'family', 'f1', 't', 'やまだ');
    insert.run(9, 'property', 'p1', 't', '茶花1');
    db.prepare("INSERT INTO search_index (rowid, grams, chars) VALUES (7, 'やま まだ', 'や ま だ')").run();
    expect(() => insert.run(10, 'supporter', 's1', 't', 'x')).toThrow(/CHECK/);

    const report = migrate(db, all);
    expect(report.applied).toContain(5);
    expect(
      db
        .prepare('SELECT rowid, kind, ref_id, municipality_id, sort_key FROM search_doc ORDER BY rowid')
        .all(),
    ).toEqual([
      { rowid: 7, kind: 'family', ref_id: 'f1', municipality_id: 't', sort_key: 'やまだ' },
      { rowid: 9, kind: 'property', ref_id: 'p1', municipality_id: 't', sort_key: '茶花1' },
    ]);
    // The FTS index still answers with the same rowid.
    expect(
      db.prepare('SELECT rowid FROM search_index WHERE search_index MATCH \'grams : "やま"\'').pluck().all(),
    ).toEqual([7]);
    // A new kind needs no migration; the rest of the table's rules stand.
    insert.run(10, 'supporter', 's1', 't', 'x');
    expect(() => insert.run(11, '', 's2', 't', 'x')).toThrow(/CHECK/);
    expect(() => insert.run(12, 'family', 'f1', 't', 'x')).toThrow(/UNIQUE/);
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'search_doc'").pluck().get()).toBe(
      1,
    );
    expect(
      db
        .prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'search_doc_sorted'")
        .pluck()
        .get(),
    ).toBe(1);
  });
});

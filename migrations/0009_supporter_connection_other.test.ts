import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../electron/core/db/migrations-fs.ts';
import { migrate } from '../electron/core/db/migrator.ts';

const AUDIT = "'2026-01-01T00:00:00.000Z', 'u', '2026-01-01T00:00:00.000Z', 'u'";

describe("migration 0009: the text of a supporter's 「その他」 connection", () => {
  it('adds connection_other to existing supporters (null) and holds it to 100 characters', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    const all = loadMigrationsFromDir(REPO_MIGRATIONS_DIR);
    migrate(
      db,
      all.filter((m) => m.version <= 8),
    );
    db.prepare("INSERT INTO municipality VALUES ('t', '鹿児島県', '与論町', 'よろんちょう', 0)").run();
    db.prepare(
      `INSERT INTO supporter (id, municipality_id, name, connections, created_at, created_by, updated_at, updated_by)
       VALUES ('s1', 't', '山田 花子', '["other"]', ${AUDIT})`,
    ).run();

    const report = migrate(
      db,
      all.filter((m) => m.version <= 9),
    );
    expect(report.applied).toEqual([9]);
    expect(db.prepare("SELECT name, connection_other FROM supporter WHERE id = 's1'").get()).toEqual({
      name: '山田 花子',
      connection_other: null,
    });
    const set = (v: string) => () =>
      db.prepare("UPDATE supporter SET connection_other = ? WHERE id = 's1'").run(v);
    set('友人の紹介')();
    expect(set('あ'.repeat(101))).toThrow(/CHECK/);
    expect(db.prepare("SELECT connection_other FROM supporter WHERE id = 's1'").pluck().get()).toBe(
      '友人の紹介',
    );
  });
});

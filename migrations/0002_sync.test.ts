import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../electron/core/db/migrations-fs.ts';
import { migrate } from '../electron/core/db/migrator.ts';

describe('migration 0002: sync', () => {
  it('upgrades a v1 database with its outbox intact and adds the sync tables', () => {
    const db = new BetterSqlite3(':memory:');
    const all = loadMigrationsFromDir(REPO_MIGRATIONS_DIR);
    migrate(
      db,
      all.filter((m) => m.version === 1),
    );
    db.prepare(
      "INSERT INTO outbox (op_id, municipality_id, table_name, row_id, op, changes, hlc, created_at) VALUES ('o1', 't', 'family', 'r', 'insert', '{}', 'h', 'x')",
    ).run();
    const report = migrate(db, all);
    expect(report.applied).toContain(2);
    expect(db.prepare('SELECT state, acked_at, reason_code FROM outbox').get()).toEqual({
      state: 'pending',
      acked_at: null,
      reason_code: null,
    });
    const strict = db
      .prepare("SELECT name, strict FROM pragma_table_list WHERE name IN ('sync_conflict', 'sync_run')")
      .all();
    expect(strict).toEqual(
      expect.arrayContaining([
        { name: 'sync_conflict', strict: 1 },
        { name: 'sync_run', strict: 1 },
      ]),
    );
    db.prepare("INSERT INTO municipality VALUES ('t', '鹿児島県', '与論町', 'よろんちょう', 0)").run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO sync_conflict (id, municipality_id, table_name, row_id, field, kind, lost, won, created_at, created_by, updated_at, updated_by) VALUES ('c', 't', 'family', 'r', 'phone', 'guess', '{}', '{}', 'x', 'u', 'x', 'u')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});

import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../electron/core/db/migrations-fs.ts';
import { migrate } from '../electron/core/db/migrator.ts';

const AUDIT = "'2026-01-01T00:00:00.000Z', 'u', '2026-01-01T00:00:00.000Z', 'u'";

describe("migration 0011: the town's lock policy, and the audit log's device actions", () => {
  it('adds town_policy to a v10 database, holding its values to their ranges', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    const all = loadMigrationsFromDir(REPO_MIGRATIONS_DIR);
    migrate(
      db,
      all.filter((m) => m.version <= 10),
    );
    db.prepare("INSERT INTO municipality VALUES ('t', '鹿児島県', '与論町', 'よろんちょう', 0)").run();
    // The per-laptop settings the town's policy replaces go; the laptop's own lock settings stay.
    const setting = db.prepare('INSERT INTO app_setting (key, value) VALUES (?, ?)');
    setting.run('lock.idle_minutes', '5');
    setting.run('lock.offline_days', '60');
    setting.run('lock.passcode', 'scrypt$…');
    const report = migrate(
      db,
      all.filter((m) => m.version <= 11),
    );
    expect(report.applied).toEqual([11]);
    expect(db.prepare("SELECT key FROM app_setting WHERE key LIKE 'lock.%'").pluck().all()).toEqual([
      'lock.passcode',
    ]);

    let n = 0;
    const put =
      (idle: unknown, days: unknown, town = 't') =>
      () => {
        n += 1;
        db.prepare(
          `INSERT INTO town_policy (id, municipality_id, idle_minutes, offline_lock_days, note, set_at,
           created_at, created_by, updated_at, updated_by)
         VALUES (?, ?, ?, ?, NULL, '2026-01-01T00:00:00.000Z', ${AUDIT})`,
        ).run(`p${n}`, town, idle, days);
      };
    put(1, 1)();
    put(240, 365)();
    put(10, 30)();
    for (const [idle, days] of [
      [0, 30],
      [241, 30],
      [10, 0],
      [10, 366],
      [-5, 30],
    ]) {
      expect(put(idle, days), `${idle}/${days}`).toThrow(/CHECK/);
    }
    // STRICT: a fraction or text is not a number of minutes.
    expect(put(1.5, 30)).toThrow(/cannot store REAL value in INTEGER column/);
    expect(put('ten', 30)).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(put(10, 30, 'nowhere')).toThrow(/FOREIGN KEY/);
    expect(db.prepare('SELECT count(*) FROM town_policy').pluck().get()).toBe(3);
  });

  it('rebuilds audit_log with its rows, ids and index, and lets it name the device actions', () => {
    const db = new BetterSqlite3(':memory:');
    const all = loadMigrationsFromDir(REPO_MIGRATIONS_DIR);
    migrate(
      db,
      all.filter((m) => m.version <= 10),
    );
    const insert = db.prepare(
      `INSERT INTO audit_log (id, at, municipality_id, actor_id, action, table_name, row_id, details)
       VALUES (?, '2026-01-01T00:00:00.000Z', 't', 'a', ?, ?, ?, ?)`,
    );
    insert.run(7, 'update', 'device', 'd1', '{"op":"revoke","reason":"lost"}');
    insert.run(9, 'create', 'family', 'f1', '{"fields":["family_name"]}');
    expect(() => insert.run(10, 'revoke_device', 'device', 'd1', null)).toThrow(/CHECK/);
    const before = db.prepare('SELECT * FROM audit_log ORDER BY id').all();

    migrate(
      db,
      all.filter((m) => m.version <= 11),
    );
    expect(db.prepare('SELECT * FROM audit_log ORDER BY id').all()).toEqual(before);
    insert.run(10, 'revoke_device', 'device', 'd1', '{"reason":"lost"}');
    insert.run(11, 'issue_unlock_code', 'device', 'd2', null);
    expect(() => insert.run(12, 'wipe_everything', 'device', 'd1', null)).toThrow(/CHECK/);
    expect(() => insert.run(13, 'create', 'family', 'f1', 'not json')).toThrow(/CHECK/);
    // A new row still takes the next id after the kept ones.
    db.prepare(
      `INSERT INTO audit_log (at, municipality_id, actor_id, action, table_name, row_id)
       VALUES ('2026-01-02T00:00:00.000Z', 't', 'a', 'create', 'family', 'f2')`,
    ).run();
    expect(db.prepare('SELECT max(id) FROM audit_log').pluck().get()).toBe(12);
    expect(
      db
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'audit_log_by_row'")
        .pluck()
        .get(),
    ).toContain('ON audit_log (table_name, row_id)');
  });
});

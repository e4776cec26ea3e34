import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../electron/core/db/migrations-fs.ts';
import { migrate } from '../electron/core/db/migrator.ts';

const AUDIT = "'2026-01-01T00:00:00.000Z', 'u', '2026-01-01T00:00:00.000Z', 'u'";

describe('migration 0007: inspections on a tablet', () => {
  it('upgrades a v6 database: old inspections count as finished, old answers keep their grade', () => {
    const db = new BetterSqlite3(':memory:');
    const all = loadMigrationsFromDir(REPO_MIGRATIONS_DIR);
    migrate(
      db,
      all.filter((m) => m.version <= 6),
    );
    db.prepare("INSERT INTO municipality VALUES ('t', '鹿児島県', '与論町', 'よろんちょう', 0)").run();
    db.prepare(
      `INSERT INTO property (id, municipality_id, address, created_at, created_by, updated_at, updated_by)
       VALUES ('p', 't', '茶花1', ${AUDIT})`,
    ).run();
    db.prepare(
      `INSERT INTO inspection (id, municipality_id, property_id, inspected_on, template_id, template_version,
         overall_grade, created_at, created_by, updated_at, updated_by)
       VALUES ('old', 't', 'p', '2025-06-01', 'exterior_survey', 1, 'b', ${AUDIT})`,
    ).run();
    db.prepare(
      `INSERT INTO inspection_answer (id, municipality_id, inspection_id, item_key, grade,
         created_at, created_by, updated_at, updated_by)
       VALUES ('a1', 't', 'old', 'roof', 'c', ${AUDIT})`,
    ).run();

    const report = migrate(db, all);
    expect(report.applied).toContain(7);
    expect(
      db
        .prepare(
          `SELECT status, started_at, finished_at, town_rules_id, entry_permitted, score_total, judgement,
             score_provisional, determination, overall_grade FROM inspection WHERE id = 'old'`,
        )
        .get(),
    ).toEqual({
      status: 'finished',
      started_at: null,
      finished_at: null,
      town_rules_id: null,
      entry_permitted: 0,
      score_total: null,
      judgement: null,
      score_provisional: null,
      determination: null,
      overall_grade: 'b',
    });
    expect(db.prepare("SELECT grade, choice FROM inspection_answer WHERE id = 'a1'").get()).toEqual({
      grade: 'c',
      choice: null,
    });

    // The closed vocabularies are enforced; the score columns take a real number.
    const set = (sql: string) => () => db.prepare(`UPDATE inspection SET ${sql} WHERE id = 'old'`).run();
    expect(set("status = 'paused'")).toThrow(/CHECK/);
    expect(set("determination = 'maybe'")).toThrow(/CHECK/);
    expect(set('entry_permitted = 2')).toThrow(/CHECK/);
    expect(set('score_provisional = 3')).toThrow(/CHECK/);
    set("status = 'in_progress', score_total = 112.5, determination = 'tokutei'")();
    expect(set("score_total = 'many'")).toThrow(/cannot store TEXT/);

    // The 調査中 list has its index; the tables stay STRICT.
    expect(
      db
        .prepare(
          "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'inspection_in_progress'",
        )
        .pluck()
        .get(),
    ).toBe(1);
    expect(
      db
        .prepare(
          "SELECT count(*) FROM pragma_table_list WHERE name IN ('inspection', 'inspection_answer') AND strict = 1",
        )
        .pluck()
        .get(),
    ).toBe(2);
    // One answer per item of an inspection, as before.
    expect(() =>
      db
        .prepare(
          `INSERT INTO inspection_answer (id, municipality_id, inspection_id, item_key, choice,
             created_at, created_by, updated_at, updated_by) VALUES ('a2', 't', 'old', 'roof', 'none', ${AUDIT})`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
  });

  it('lets a v6 laptop insert an inspection without the new columns (additive schema)', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, loadMigrationsFromDir(REPO_MIGRATIONS_DIR));
    db.prepare("INSERT INTO municipality VALUES ('t', '鹿児島県', '与論町', 'よろんちょう', 0)").run();
    db.prepare(
      `INSERT INTO property (id, municipality_id, address, created_at, created_by, updated_at, updated_by)
       VALUES ('p', 't', '茶花1', ${AUDIT})`,
    ).run();
    // What sync/apply.ts does with a row pulled from a laptop that does not know v7's columns.
    db.prepare(
      `INSERT INTO inspection (id, municipality_id, property_id, inspected_on, template_id, template_version,
         created_at, created_by, updated_at, updated_by) VALUES ('i', 't', 'p', '2026-12-01', 'furyodo_wooden', 1, ${AUDIT})`,
    ).run();
    expect(db.prepare("SELECT status, entry_permitted FROM inspection WHERE id = 'i'").get()).toEqual({
      status: 'finished',
      entry_permitted: 0,
    });
  });
});

import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../electron/core/db/migrations-fs.ts';
import { migrate } from '../electron/core/db/migrator.ts';

const AUDIT = "'2026-01-01T00:00:00.000Z', 'u', '2026-01-01T00:00:00.000Z', 'u'";

describe('migration 0010: the ripple coefficients as versioned data', () => {
  it('adds kpi_coefficient to a v9 database and holds its values to exact decimals and whole yen', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    const all = loadMigrationsFromDir(REPO_MIGRATIONS_DIR);
    migrate(
      db,
      all.filter((m) => m.version <= 9),
    );
    db.prepare("INSERT INTO municipality VALUES ('t', '鹿児島県', '与論町', 'よろんちょう', 0)").run();
    const report = migrate(
      db,
      all.filter((m) => m.version <= 10),
    );
    expect(report.applied).toEqual([10]);

    let n = 0;
    const put = (effective: string, spend: number, multiplier: string) => () => {
      n += 1;
      db.prepare(
        `INSERT INTO kpi_coefficient (id, municipality_id, effective_from, spend_per_person_night_yen,
           ripple_multiplier, note, set_at, created_at, created_by, updated_at, updated_by)
         VALUES (?, 't', ?, ?, ?, NULL, '2026-01-01T00:00:00.000Z', ${AUDIT})`,
      ).run(`c${n}`, effective, spend, multiplier);
    };
    put('2026-04-01', 8000, '1.35')();
    put('2026-10-01', 9000, '2')();
    put('2027-04-01', 0, '123.4567')();
    for (const bad of ['01.5', '1.', '.5', '1.2.3', '1,35', '-1', '1e3', '1234.5', '1.23456']) {
      expect(put('2026-04-01', 8000, bad), bad).toThrow(/CHECK/);
    }
    expect(put('2026-04-01', -1, '1.35')).toThrow(/CHECK/);
    expect(put('2026-04-01', 10_000_001, '1.35')).toThrow(/CHECK/);
    expect(put('2026/04/01', 8000, '1.35')).toThrow(/CHECK/);
    expect(db.prepare('SELECT count(*) FROM kpi_coefficient').pluck().get()).toBe(3);
  });
});

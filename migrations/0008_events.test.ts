import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../electron/core/db/migrations-fs.ts';
import { migrate } from '../electron/core/db/migrator.ts';

const AUDIT = "'2026-01-01T00:00:00.000Z', 'u', '2026-01-01T00:00:00.000Z', 'u'";

describe('migration 0008: events and the supporters register', () => {
  it('rebuilds event (kind other) keeping rows and the attendance that refers to them', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    const all = loadMigrationsFromDir(REPO_MIGRATIONS_DIR);
    migrate(
      db,
      all.filter((m) => m.version <= 7),
    );
    db.prepare("INSERT INTO municipality VALUES ('t', '鹿児島県', '与論町', 'よろんちょう', 0)").run();
    db.prepare(
      `INSERT INTO event (id, municipality_id, title, kind, starts_at, ends_at, place, capacity, organiser,
         description, created_at, created_by, updated_at, updated_by)
       VALUES ('e1', 't', 'そば打ち体験', 'experience', '2026-02-01T01:00:00.000Z', '2026-02-01T04:00:00.000Z',
         '公民館', 0, '役場', '説明', ${AUDIT})`,
    ).run();
    db.prepare(
      `INSERT INTO attendance (id, municipality_id, event_id, person_name, status, head_count,
         created_at, created_by, updated_at, updated_by)
       VALUES ('a1', 't', 'e1', '山田', 'attended', 2, ${AUDIT})`,
    ).run();

    const report = migrate(db, all);
    expect(report.applied).toContain(8);
    expect(
      db.prepare("SELECT title, kind, place, capacity, status, place_kind FROM event WHERE id = 'e1'").get(),
    ).toEqual({
      title: 'そば打ち体験',
      kind: 'experience',
      place: '公民館',
      capacity: null,
      status: 'planned',
      place_kind: null,
    });
    expect(
      db.prepare("SELECT event_id, person_name, head_count FROM attendance WHERE id = 'a1'").get(),
    ).toEqual({
      event_id: 'e1',
      person_name: '山田',
      head_count: 2,
    });
    // attendance still refers to the (new) event table, and nothing dangles.
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    const fk = db.prepare('SELECT "table" FROM pragma_foreign_key_list(\'attendance\')').pluck().all();
    expect(fk).toContain('event');

    const set = (sql: string) => () => db.prepare(`UPDATE event SET ${sql} WHERE id = 'e1'`).run();
    set("kind = 'other', kind_label = 'サポーターの集い'")();
    expect(set("kind = 'party'")).toThrow(/CHECK/);
    expect(set('capacity = 0')).toThrow(/CHECK/);
    expect(set("place_kind = 'moon'")).toThrow(/CHECK/);
    expect(set("status = 'postponed'")).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(`INSERT INTO attendance (id, municipality_id, event_id, person_name, created_at, created_by,
        updated_at, updated_by) VALUES ('a2', 't', 'nope', 'x', ${AUDIT})`)
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('creates supporter, event_application and event_attendance with their rules', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, loadMigrationsFromDir(REPO_MIGRATIONS_DIR));
    db.prepare("INSERT INTO municipality VALUES ('t', '鹿児島県', '与論町', 'よろんちょう', 0)").run();
    db.prepare(
      `INSERT INTO event (id, municipality_id, title, kind, starts_at, ends_at, created_at, created_by, updated_at, updated_by)
       VALUES ('e1', 't', '説明会', 'online', '2026-02-01T01:00:00.000Z', '2026-02-01T02:00:00.000Z', ${AUDIT})`,
    ).run();
    db.prepare(
      `INSERT INTO supporter (id, municipality_id, name, created_at, created_by, updated_at, updated_by)
       VALUES ('s1', 't', '佐藤 花子', ${AUDIT})`,
    ).run();
    expect(db.prepare('SELECT connections, contact_consent, contact_channels FROM supporter').get()).toEqual({
      connections: '[]',
      contact_consent: 0,
      contact_channels: '[]',
    });
    const apply = (cols: string, vals: string) => () =>
      db
        .prepare(
          `INSERT INTO event_application (id, municipality_id, event_id, applied_at, created_at, created_by,
           updated_at, updated_by, ${cols}) VALUES (lower(hex(randomblob(8))), 't', 'e1', '2026-01-02T00:00:00Z', ${AUDIT}, ${vals})`,
        )
        .run();
    apply('supporter_id, head_count', "'s1', 1")();
    // Exactly one of a family and a supporter; a head count of at least one; a known status.
    expect(apply('head_count', '1')).toThrow(/CHECK/);
    expect(apply('supporter_id, head_count', "'s1', 0")).toThrow(/CHECK/);
    expect(apply('supporter_id, head_count, status', "'s1', 1, 'attended'")).toThrow(/CHECK/);
    const mark = (cols: string, vals: string) => () =>
      db
        .prepare(
          `INSERT INTO event_attendance (id, municipality_id, event_id, marked_at, created_at, created_by,
           updated_at, updated_by, ${cols}) VALUES (lower(hex(randomblob(8))), 't', 'e1', '2026-02-01T01:05:00Z', ${AUDIT}, ${vals})`,
        )
        .run();
    mark('supporter_id', "'s1'")();
    expect(mark('family_id', 'NULL')).toThrow(/CHECK/);
    expect(
      db
        .prepare(
          "SELECT count(*) FROM pragma_table_list WHERE name IN ('supporter', 'event_application', 'event_attendance', 'event') AND strict = 1",
        )
        .pluck()
        .get(),
    ).toBe(4);
  });
});

import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../electron/core/db/migrations-fs.ts';
import { migrate } from '../electron/core/db/migrator.ts';
import { SYNCED_TABLES_V1 as SYNCED_TABLES } from '../electron/core/db/schema.ts';

function freshV1(): BetterSqlite3.Database {
  const db = new BetterSqlite3(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(
    db,
    loadMigrationsFromDir(REPO_MIGRATIONS_DIR).filter((m) => m.version === 1),
  );
  db.prepare("INSERT INTO municipality VALUES ('t1', '鹿児島県', '与論町', 'よろんちょう', 0)").run();
  return db;
}

const stamp = { municipality_id: 't1', created_at: 'x', created_by: 'u', updated_at: 'x', updated_by: 'u' };

function insert(db: BetterSqlite3.Database, table: string, row: Record<string, unknown>) {
  const cols = Object.keys(row);
  return db
    .prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES (${cols.map((c) => `@${c}`).join(',')})`)
    .run(row);
}

describe('migration 0001: schema v1', () => {
  it('creates every table of the domain as STRICT', () => {
    const db = freshV1();
    const list = db
      .prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table'")
      .all() as {
      name: string;
      strict: number;
    }[];
    const names = list.map((t) => t.name);
    for (const t of [
      ...SYNCED_TABLES,
      'municipality',
      'local_profile',
      'app_setting',
      'audit_log',
      'outbox',
      'field_clock',
    ]) {
      expect(names).toContain(t);
    }
    const notStrict = list.filter(
      (t) => t.strict !== 1 && !t.name.startsWith('search_index') && !t.name.startsWith('sqlite_'),
    );
    expect(notStrict).toEqual([]);
  });

  it('gives every synced table the tenant, authorship and tombstone columns', () => {
    const db = freshV1();
    for (const t of SYNCED_TABLES) {
      const cols = (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
      expect(cols, t).toEqual(
        expect.arrayContaining([
          'id',
          'municipality_id',
          'created_at',
          'created_by',
          'updated_at',
          'updated_by',
          'deleted_at',
        ]),
      );
    }
  });

  it('rejects unknown enumeration codes, wrong types and orphan rows', () => {
    const db = freshV1();
    const family = { id: 'f1', family_name: '山田', family_name_kana: 'やまだ', ...stamp };
    insert(db, 'family', family);
    const stay = {
      id: 's1',
      family_id: 'f1',
      programme: 'nursery_stay',
      planned_arrival: '2026-04-01',
      planned_departure: '2026-04-10',
      ...stamp,
    };
    expect(() => insert(db, 'stay', { ...stay, programme: 'holiday' })).toThrow(/CHECK/);
    expect(() => insert(db, 'stay', { ...stay, planned_departure: '2026-03-01' })).toThrow(/CHECK/);
    expect(() => insert(db, 'stay', { ...stay, family_id: 'nobody' })).toThrow(/FOREIGN KEY/);
    expect(() => insert(db, 'family', { ...family, id: 'f2', consent_photo: 'yes' })).toThrow(
      /cannot store TEXT value in INTEGER/,
    );
    insert(db, 'stay', stay);
  });

  it('derives a stay’s effective dates from actual dates when known', () => {
    const db = freshV1();
    insert(db, 'family', { id: 'f1', family_name: '山田', family_name_kana: 'やまだ', ...stamp });
    insert(db, 'stay', {
      id: 's1',
      family_id: 'f1',
      programme: 'nursery_stay',
      planned_arrival: '2026-04-01',
      planned_departure: '2026-04-10',
      actual_arrival: '2026-04-02',
      ...stamp,
    });
    expect(db.prepare('SELECT arrival, departure FROM stay').get()).toEqual({
      arrival: '2026-04-02',
      departure: '2026-04-10',
    });
  });

  it('has indexes that serve the today board and the lists', () => {
    const db = freshV1();
    const plan = (sqlText: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sqlText}`).all() as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    expect(plan("SELECT * FROM checkin WHERE municipality_id = 't1' AND date = '2026-04-01'")).toMatch(
      /checkin_by_date/,
    );
    expect(
      plan(
        "SELECT * FROM stay WHERE municipality_id = 't1' AND deleted_at IS NULL AND status <> 'cancelled' AND departure >= '2026-04-01' AND arrival <= '2026-04-02'",
      ),
    ).toMatch(/stay_by_(dates|departure)/);
    expect(plan("SELECT * FROM family_member WHERE family_id = 'f1'")).toMatch(/family_member_by_family/);
  });

  it('creates a contentless FTS5 search index keyed by search_doc rowids', () => {
    const db = freshV1();
    const rowid = db
      .prepare(
        "INSERT INTO search_doc (kind, ref_id, municipality_id, sort_key) VALUES ('family', 'f1', 't1', 'やまだ')",
      )
      .run().lastInsertRowid;
    db.prepare("INSERT INTO search_index (rowid, grams, chars) VALUES (?, 'やま まだ', 'や ま だ')").run(
      rowid,
    );
    const find = db
      .prepare(
        'SELECT ref_id FROM search_doc WHERE rowid IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)',
      )
      .pluck();
    expect(find.all('grams : "やま まだ"')).toEqual(['f1']);
    expect(find.all('chars : "だ"')).toEqual(['f1']);
    // contentless_delete: a document can be replaced by rowid alone.
    db.prepare('DELETE FROM search_index WHERE rowid = ?').run(rowid);
    expect(find.all('chars : "だ"')).toEqual([]);
    expect(() =>
      db
        .prepare(
          "INSERT INTO search_doc (kind, ref_id, municipality_id, sort_key) VALUES ('stay', 'x', 't1', '')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});

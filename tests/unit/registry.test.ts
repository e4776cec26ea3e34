import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../../electron/core/db/migrations-fs.ts';
import { migrate } from '../../electron/core/db/migrator.ts';
import { SearchIndex } from '../../electron/core/search/search-index.ts';
import { labelQuery } from '../../electron/core/sync/sync-views.ts';
import { syncMessages } from '../../renderer/src/features/sync/messages.ts';
import {
  ATTACHMENT_OWNERS,
  BOOKKEEPING,
  LOCAL_TABLE_NAMES,
  LOCAL_TABLES,
  recordSpec,
  SEARCH_DOC_KINDS,
  SYNCED_RECORD_NAMES,
} from '../../shared/records/registry.ts';
import type { RecordLabel } from '../../shared/records/types.ts';

/**
 * The table registry (shared/records/registry.ts) against the database the migrations build: every
 * table is declared, synced or local, with exactly its columns; what is derived from the registry
 * (labels, search kinds, attachment owners) names tables and columns that exist.
 */

function migrated(): BetterSqlite3.Database {
  const db = new BetterSqlite3(':memory:');
  migrate(db, loadMigrationsFromDir(REPO_MIGRATIONS_DIR));
  return db;
}

function sqlColumns(db: BetterSqlite3.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_xinfo(${table})`).all() as { name: string; hidden: number }[])
    .filter((c) => c.hidden === 0)
    .map((c) => c.name);
}

/** The tables the migrations create (FTS5's own shadow tables and SQLite's are not ours). */
function sqlTables(db: BetterSqlite3.Database): string[] {
  return db
    .prepare(
      "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%'",
    )
    .pluck()
    .all() as string[];
}

describe('the table registry against the migrated SQL', () => {
  const db = migrated();

  it('declares every table of the database exactly once, as synced or as local', () => {
    const declared = [...SYNCED_RECORD_NAMES, ...LOCAL_TABLE_NAMES];
    expect(new Set(declared).size).toBe(declared.length);
    expect(declared.sort()).toEqual(sqlTables(db).sort());
  });

  for (const table of SYNCED_RECORD_NAMES) {
    it(`synced ${table}: the bookkeeping columns and exactly the declared ones`, () => {
      expect(sqlColumns(db, table).sort()).toEqual(
        [...BOOKKEEPING, ...Object.keys(recordSpec(table).columns)].sort(),
      );
    });
  }

  for (const table of LOCAL_TABLE_NAMES) {
    it(`local ${table}: exactly the declared columns`, () => {
      expect(sqlColumns(db, table).sort()).toEqual([...LOCAL_TABLES[table].columns].sort());
    });
  }

  it('lets attachments belong to exactly the tables marked `attachments`, on the wire and in SQL', () => {
    const wire = recordSpec('attachment').columns.owner_table?.values ?? [];
    expect([...wire].sort()).toEqual([...ATTACHMENT_OWNERS].sort());
    // SQLite keeps the CHECK it was created with: a new owner needs a migration rebuilding it.
    const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'attachment'").pluck().get() as string;
    const check = /owner_table IN \(([^)]*)\)/.exec(sql)?.[1] ?? '';
    expect(
      check
        .split(',')
        .map((s) => s.trim().replace(/'/g, ''))
        .sort(),
    ).toEqual([...ATTACHMENT_OWNERS].sort());
  });

  it('searches the declared kinds, and a document part names a kind and a column that exist', () => {
    expect(SEARCH_DOC_KINDS.length).toBeGreaterThan(0);
    for (const table of SYNCED_RECORD_NAMES) {
      const role = recordSpec(table).search;
      if (role && 'partOf' in role) {
        expect(SEARCH_DOC_KINDS as string[], table).toContain(role.partOf);
        expect(sqlColumns(db, table), table).toContain(role.via);
      }
    }
    // The index builds and rebuilds every declared kind (search_doc takes any kind since migration 0005).
    const index = new SearchIndex(db);
    db.transaction(() => index.rebuildAll())();
  });
});

describe('conflict labels', () => {
  const db = migrated();

  it('every synced table has a label that reads from columns that exist', () => {
    for (const table of SYNCED_RECORD_NAMES) {
      const label: RecordLabel = recordSpec(table).label;
      expect(() => db.prepare(labelQuery(table, label)), table).not.toThrow();
    }
  });

  it("an enquiry's conflict is named by its contact, a stay's and a stay member's by their family", () => {
    db.exec(`
      INSERT INTO municipality (id, prefecture, name, name_kana) VALUES ('t', '鹿児島県', 'テスト町', 'てすとちょう');
      INSERT INTO family (id, municipality_id, family_name, family_name_kana, created_at, created_by, updated_at, updated_by)
        VALUES ('f', 't', '山田', 'やまだ', 'x', 'u', 'x', 'u');
      INSERT INTO enquiry (id, municipality_id, contact_name, channel, received_on, topic, created_at, created_by, updated_at, updated_by)
        VALUES ('e', 't', '佐藤花子', 'phone', '2026-11-01', '移住', 'x', 'u', 'x', 'u');
      INSERT INTO stay (id, municipality_id, family_id, programme, planned_arrival, planned_departure, created_at, created_by, updated_at, updated_by)
        VALUES ('s', 't', 'f', 'trial_living', '2026-11-01', '2026-11-05', 'x', 'u', 'x', 'u');
      INSERT INTO family_member (id, municipality_id, family_id, given_name, given_name_kana, relation, created_at, created_by, updated_at, updated_by)
        VALUES ('m', 't', 'f', '花', 'はな', 'child', 'x', 'u', 'x', 'u');
      INSERT INTO stay_member (id, municipality_id, stay_id, member_id, created_at, created_by, updated_at, updated_by)
        VALUES ('sm', 't', 's', 'm', 'x', 'u', 'x', 'u');
    `);
    const label = (table: (typeof SYNCED_RECORD_NAMES)[number], id: string) =>
      db
        .prepare(labelQuery(table, recordSpec(table).label))
        .pluck()
        .get(id);
    expect(label('enquiry', 'e')).toBe('佐藤花子');
    expect(label('stay', 's')).toBe('山田');
    expect(label('stay_member', 'sm')).toBe('山田');
  });

  it('every synced table has a name on the 同期 page, in Japanese and English', () => {
    for (const dict of [syncMessages.ja, syncMessages.en]) {
      const names = (dict as { tables: Record<string, string> }).tables;
      for (const table of SYNCED_RECORD_NAMES) expect(names[table], table).toBeTruthy();
    }
  });
});

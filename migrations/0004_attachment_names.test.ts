import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../electron/core/db/migrations-fs.ts';
import { migrate } from '../electron/core/db/migrator.ts';

const HASH = 'a'.repeat(64);

describe('migration 0004: attachment file names and captions', () => {
  it('upgrades a v3 database, keeping its attachments, with the new columns empty and bounded', () => {
    const db = new BetterSqlite3(':memory:');
    const all = loadMigrationsFromDir(REPO_MIGRATIONS_DIR);
    migrate(
      db,
      all.filter((m) => m.version <= 3),
    );
    db.prepare(
      "INSERT INTO municipality (id, prefecture, name, name_kana) VALUES ('t', '鹿児島県', 'テスト町', 'てすとちょう')",
    ).run();
    const insert = db.prepare(
      `INSERT INTO attachment (id, municipality_id, owner_table, owner_id, sha256, mime_type, size_bytes,
         created_at, created_by, updated_at, updated_by) VALUES (?, 't', 'family', 'f', ?, 'application/pdf', 10, 'x', 'u', 'x', 'u')`,
    );
    insert.run('old', HASH);
    const report = migrate(db, all);
    expect(report.applied).toContain(4);
    expect(
      db.prepare("SELECT id, sha256, file_name, caption FROM attachment WHERE id = 'old'").get(),
    ).toEqual({
      id: 'old',
      sha256: HASH,
      file_name: null,
      caption: null,
    });
    const set = db.prepare("UPDATE attachment SET file_name = ?, caption = ? WHERE id = 'old'");
    set.run('計'.repeat(255), '説'.repeat(500));
    expect(() => set.run('計'.repeat(256), null)).toThrow(/CHECK/);
    expect(() => set.run(null, '説'.repeat(501))).toThrow(/CHECK/);
    // The table stays STRICT: a caption is text.
    expect(() => db.prepare("UPDATE attachment SET caption = x'00' WHERE id = 'old'").run()).toThrow(
      /cannot store BLOB/,
    );
  });
});

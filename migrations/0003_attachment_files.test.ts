import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../electron/core/db/migrations-fs.ts';
import { migrate } from '../electron/core/db/migrator.ts';

const HASH = 'a'.repeat(64);

describe('migration 0003: attachment files', () => {
  it('upgrades a v2 database and keeps one upload per content, with checked states', () => {
    const db = new BetterSqlite3(':memory:');
    const all = loadMigrationsFromDir(REPO_MIGRATIONS_DIR);
    migrate(
      db,
      all.filter((m) => m.version <= 2),
    );
    db.prepare(
      "INSERT INTO outbox (op_id, municipality_id, table_name, row_id, op, changes, hlc, created_at) VALUES ('o1', 't', 'attachment', 'r', 'insert', '{}', 'h', 'x')",
    ).run();
    const report = migrate(db, all);
    expect(report.applied).toContain(3);
    // What v2 held is untouched.
    expect(db.prepare('SELECT op_id, state FROM outbox').get()).toEqual({ op_id: 'o1', state: 'pending' });
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'blob_upload'").pluck().get()).toBe(
      1,
    );

    db.prepare(
      "INSERT INTO blob_upload (sha256, kind, mime_type, size_bytes, created_at) VALUES (?, 'preview', 'image/jpeg', 10, 'x')",
    ).run(HASH);
    expect(db.prepare('SELECT state, upload_offset, attempts, tus_url FROM blob_upload').get()).toEqual({
      state: 'pending',
      upload_offset: 0,
      attempts: 0,
      tus_url: null,
    });
    // The same content twice is one upload.
    expect(() =>
      db
        .prepare(
          "INSERT INTO blob_upload (sha256, kind, mime_type, size_bytes, created_at) VALUES (?, 'original', 'image/jpeg', 10, 'x')",
        )
        .run(HASH),
    ).toThrow(/UNIQUE/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO blob_upload (sha256, kind, mime_type, size_bytes, created_at) VALUES (?, 'thumbnail', 'image/jpeg', 10, 'x')",
        )
        .run('b'.repeat(64)),
    ).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE blob_upload SET state = 'lost'").run()).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO blob_upload (sha256, kind, mime_type, size_bytes, created_at) VALUES ('short', 'original', 'image/jpeg', 10, 'x')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});

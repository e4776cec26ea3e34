import { readdirSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from './migrations-fs.ts';
import { checksum, type Migration, migrate, parseMigrationFiles } from './migrator.ts';

const m1: Migration = { version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER) STRICT;' };
const m2: Migration = { version: 2, name: 'b', sql: 'CREATE TABLE b (y TEXT) STRICT;' };

function tables(db: BetterSqlite3.Database): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
}

describe('migrator', () => {
  it('applies every pending migration and records checksums', () => {
    const db = new BetterSqlite3(':memory:');
    expect(migrate(db, [m1, m2])).toEqual({ from: 0, to: 2, applied: [1, 2] });
    expect(tables(db)).toEqual(['a', 'b', 'schema_migration']);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(migrate(db, [m1, m2])).toEqual({ from: 2, to: 2, applied: [] });
  });

  it('applies only the new ones on an existing database', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, [m1]);
    expect(migrate(db, [m1, m2]).applied).toEqual([2]);
  });

  it('runs pending migrations in one transaction: a failing one leaves nothing behind', () => {
    const db = new BetterSqlite3(':memory:');
    const broken: Migration = {
      version: 2,
      name: 'broken',
      sql: 'CREATE TABLE c (z TEXT); SELECT * FROM missing;',
    };
    expect(() => migrate(db, [m1, broken])).toThrow(/missing/);
    expect(tables(db)).toEqual(['schema_migration']);
    expect(db.prepare('SELECT count(*) FROM schema_migration').pluck().get()).toBe(0);
  });

  it('refuses a database written by a newer app, and changes nothing', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, [m1, m2]);
    expect(() => migrate(db, [m1])).toThrow(expect.objectContaining({ code: 'DB_TOO_NEW' }));
    expect(tables(db)).toEqual(['a', 'b', 'schema_migration']);
  });

  it('refuses a migration edited after it was applied', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, [m1]);
    const edited = { ...m1, sql: 'CREATE TABLE a (x INTEGER, extra TEXT) STRICT;' };
    expect(() => migrate(db, [edited, m2])).toThrow(expect.objectContaining({ code: 'MIGRATION_CHANGED' }));
    expect(tables(db)).toEqual(['a', 'schema_migration']);
  });

  it('treats CRLF and LF checkouts of a migration as the same file', () => {
    expect(checksum('a;\r\nb;\r\n')).toBe(checksum('a;\nb;\n'));
  });

  it('rejects badly named or gapped migration files', () => {
    expect(() => parseMigrationFiles({ 'one.sql': '' })).toThrow(/0001_name/);
    expect(() => parseMigrationFiles({ '0001_a.sql': '', '0003_c.sql': '' })).toThrow(/gaps/);
    expect(parseMigrationFiles({ 'x/0002_b.sql': 'b', 'x/0001_a.sql': 'a' }).map((m) => m.name)).toEqual([
      'a',
      'b',
    ]);
  });

  it('has a test file for every migration in migrations/', () => {
    const files = readdirSync(REPO_MIGRATIONS_DIR);
    const migrations = loadMigrationsFromDir(REPO_MIGRATIONS_DIR);
    expect(migrations.length).toBeGreaterThan(0);
    for (const m of migrations) {
      const base = `${String(m.version).padStart(4, '0')}_${m.name}`;
      expect(files, `${base}.test.ts`).toContain(`${base}.test.ts`);
    }
  });
});

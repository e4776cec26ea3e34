import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Migration } from '../migration-files.ts';
import {
  type LedgerRefusals,
  type LedgerRow,
  loadMigrationsFromDir,
  migrationChecksum,
  pendingMigrations,
} from './migration-ledger.ts';

const FILES: Migration[] = [
  { version: 1, name: 'one', sql: 'CREATE TABLE a (x int);' },
  { version: 2, name: 'two', sql: 'CREATE TABLE b (x int);' },
  { version: 3, name: 'three', sql: 'CREATE TABLE c (x int);' },
];
const row = (m: Migration): LedgerRow => ({
  version: m.version,
  name: m.name,
  checksum: migrationChecksum(m.sql),
});

class Newer extends Error {}
class Edited extends Error {}
const refuse: LedgerRefusals = {
  newer: (r, latest) => new Newer(`${r.version} > ${latest}`),
  edited: (r) => new Edited(`${r.version}_${r.name}`),
};

describe('the migration ledger (laptop SQLite and server PostgreSQL alike)', () => {
  it('checksums SQL regardless of line endings, and tells different SQL apart', () => {
    expect(migrationChecksum('a;\r\nb;\r\n')).toBe(migrationChecksum('a;\nb;\n'));
    expect(migrationChecksum('a;')).not.toBe(migrationChecksum('b;'));
    expect(migrationChecksum('a;')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leaves what is not applied yet, in order', () => {
    expect(pendingMigrations([], FILES, refuse).map((m) => m.version)).toEqual([1, 2, 3]);
    expect(pendingMigrations([row(FILES[0]!)], FILES, refuse).map((m) => m.version)).toEqual([2, 3]);
    expect(pendingMigrations(FILES.map(row), FILES, refuse)).toEqual([]);
  });

  it('refuses a database with a migration the files do not know, in the caller’s words', () => {
    const fromNewer = [...FILES.map(row), { version: 4, name: 'four', checksum: 'x' }];
    expect(() => pendingMigrations(fromNewer, FILES, refuse)).toThrow(Newer);
    expect(() => pendingMigrations(fromNewer, FILES, refuse)).toThrow('4 > 3');
  });

  it('refuses a released file edited after it was applied', () => {
    const edited = [row(FILES[0]!), { ...row(FILES[1]!), checksum: migrationChecksum('something else') }];
    expect(() => pendingMigrations(edited, FILES, refuse)).toThrow(Edited);
    expect(() => pendingMigrations(edited, FILES, refuse)).toThrow('2_two');
  });

  describe('loading a folder', () => {
    let dir = '';
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'futasato-ledger-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('reads the numbered .sql files in order and nothing else', () => {
      writeFileSync(join(dir, '0002_b.sql'), 'B;');
      writeFileSync(join(dir, '0001_a.sql'), 'A;');
      writeFileSync(join(dir, 'README.md'), 'not a migration');
      expect(loadMigrationsFromDir(dir)).toEqual([
        { version: 1, name: 'a', sql: 'A;' },
        { version: 2, name: 'b', sql: 'B;' },
      ]);
    });

    it('refuses a gap in the numbering', () => {
      writeFileSync(join(dir, '0001_a.sql'), 'A;');
      writeFileSync(join(dir, '0003_c.sql'), 'C;');
      expect(() => loadMigrationsFromDir(dir)).toThrow(/gaps/);
    });
  });
});

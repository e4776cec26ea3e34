import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../../electron/core/db/migrations-fs.ts';
import { migrate } from '../../electron/core/db/migrator.ts';
import { BOOKKEEPING as BOOKKEEPING_COLUMNS } from '../../shared/records/registry.ts';
import { SYNC_TABLES } from '../../shared/sync/tables.ts';

/**
 * The wire's table declarations must match the laptop's SQLite schema exactly: a column added by a
 * migration but not declared would never sync; a declared column the laptop lacks could not be stored.
 */
const BOOKKEEPING: ReadonlySet<string> = new Set(BOOKKEEPING_COLUMNS);

describe('shared/sync/tables.ts against the SQLite schema', () => {
  const db = new BetterSqlite3(':memory:');
  migrate(db, loadMigrationsFromDir(REPO_MIGRATIONS_DIR));

  for (const [table, spec] of Object.entries(SYNC_TABLES)) {
    it(`declares exactly the stored columns of ${table}`, () => {
      const info = db.prepare(`PRAGMA table_xinfo(${table})`).all() as {
        name: string;
        type: string;
        notnull: number;
        hidden: number;
        dflt_value: string | null;
      }[];
      const stored = info.filter((c) => c.hidden === 0 && !BOOKKEEPING.has(c.name));
      expect(stored.map((c) => c.name).sort()).toEqual(Object.keys(spec.columns).sort());
      for (const column of stored) {
        const declared = (spec.columns as Record<string, { kind: string; required?: boolean }>)[column.name];
        const sqlType = {
          text: 'TEXT',
          id: 'TEXT',
          date: 'TEXT',
          instant: 'TEXT',
          json: 'TEXT',
          int: 'INTEGER',
          flag: 'INTEGER',
          real: 'REAL',
        }[declared?.kind ?? 'text'];
        expect(column.type, `${table}.${column.name}`).toBe(sqlType);
        // NOT NULL without a default must be required on insert; a required column is NOT NULL.
        if (column.notnull === 1 && column.dflt_value === null) {
          expect(declared?.required, `${table}.${column.name} is NOT NULL`).toBe(true);
        }
        if (declared?.required) expect(column.notnull, `${table}.${column.name}`).toBe(1);
      }
    });
  }
});

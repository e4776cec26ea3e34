import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../../electron/core/db/migrations-fs.ts';
import { migrate } from '../../electron/core/db/migrator.ts';

/**
 * Kysely's view of the database (electron/core/db/schema.ts) is written by hand; the database is
 * what the migrations make. This reads schema.ts with the TypeScript compiler and holds every table
 * of `DB` to the migrated SQLite: the same tables, the same columns, and per column the same type
 * (TEXT ↔ string, INTEGER/REAL ↔ number) and nullability (`| null` ↔ a column that may be NULL).
 */

const SCHEMA_TS = join(import.meta.dirname, '../../electron/core/db/schema.ts');

interface TsColumn {
  base: string;
  nullable: boolean;
  generated: boolean;
}

function readSchema(): Map<string, Map<string, TsColumn>> {
  const source = ts.createSourceFile(
    SCHEMA_TS,
    readFileSync(SCHEMA_TS, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });

  const describeType = (type: ts.TypeNode): TsColumn => {
    let generated = false;
    let node = type;
    if (ts.isTypeReferenceNode(node) && node.typeName.getText(source) === 'Generated') {
      generated = true;
      node = node.typeArguments?.[0] as ts.TypeNode;
    }
    const parts = ts.isUnionTypeNode(node)
      ? node.types.map((t) => t.getText(source))
      : [node.getText(source)];
    const nonNull = parts.filter((p) => p !== 'null');
    return { base: nonNull.join(' | '), nullable: nonNull.length !== parts.length, generated };
  };

  /** An interface's properties, those of the interfaces it extends included. */
  const membersOf = (name: string): Map<string, TsColumn> => {
    const decl = interfaces.get(name);
    if (!decl) throw new Error(`schema.ts has no interface ${name}`);
    const members = new Map<string, TsColumn>();
    for (const clause of decl.heritageClauses ?? []) {
      for (const t of clause.types)
        for (const [k, v] of membersOf(t.expression.getText(source))) members.set(k, v);
    }
    for (const m of decl.members) {
      if (ts.isPropertySignature(m) && m.type) members.set(m.name.getText(source), describeType(m.type));
    }
    return members;
  };

  // DB's members map table names to interfaces (DB extends SyncedTables: its tables too).
  const tables = new Map<string, Map<string, TsColumn>>();
  for (const [table, column] of membersOf('DB')) tables.set(table, membersOf(column.base));
  return tables;
}

interface SqlColumn {
  name: string;
  type: string;
  notnull: number;
  pk: number;
  hidden: number;
}

describe('electron/core/db/schema.ts against the migrated SQL', () => {
  const db = new BetterSqlite3(':memory:');
  migrate(db, loadMigrationsFromDir(REPO_MIGRATIONS_DIR));
  const schema = readSchema();
  const sqlTables = db
    .prepare(
      "SELECT name, type FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%'",
    )
    .all() as { name: string; type: string }[];

  it('has an interface for exactly the tables the migrations create', () => {
    expect([...schema.keys()].sort()).toEqual(sqlTables.map((t) => t.name).sort());
  });

  for (const { name: table, type } of sqlTables) {
    it(`${table}: the same columns, types and nullability`, () => {
      const ts = schema.get(table);
      expect(ts, table).toBeDefined();
      if (!ts) return;
      const info = db.prepare(`PRAGMA table_xinfo(${table})`).all() as SqlColumn[];
      const visible = info.filter((c) => c.hidden === 0 || c.hidden === 2 || c.hidden === 3);
      const expected = visible.map((c) => c.name);
      if (type === 'virtual') {
        // An FTS5 table: Kysely also names its rowid and the hidden column MATCH uses.
        expected.push('rowid', table);
      }
      expect([...ts.keys()].sort(), table).toEqual(expected.sort());
      for (const c of visible) {
        const column = ts.get(c.name);
        if (!column || type === 'virtual') continue;
        const where = `${table}.${c.name}`;
        const tsType = { TEXT: 'string', INTEGER: 'number', REAL: 'number' }[c.type];
        expect(column.base, where).toBe(tsType);
        if (c.hidden === 2 || c.hidden === 3) {
          // A generated column is read-only, and what it computes decides whether it can be NULL.
          expect(column.generated, `${where} is generated`).toBe(true);
          continue;
        }
        // A primary key is never NULL here (the write path always sets it).
        const mayBeNull = c.notnull === 0 && c.pk === 0;
        expect(column.nullable, `${where} ${mayBeNull ? 'may be' : 'is never'} NULL`).toBe(mayBeNull);
      }
    });
  }
});

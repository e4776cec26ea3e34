import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MigrationHarness, openMigrationHarness } from '../src/db/migration-harness.ts';

let h: MigrationHarness;
beforeEach(async () => {
  h = await openMigrationHarness();
});
afterEach(async () => {
  await h.close();
});

const A = 'kagoshima-yoron';
const B = 'tokyo-ome';
const ID = '01900000-0000-7000-8000-0000000000a1';
const USER = '01900000-0000-7000-8000-0000000000b1';

describe('server migration 0001: the schema, confined per town', () => {
  it('creates the tables on an empty database and records itself', async () => {
    expect(await h.migrateTo(1)).toEqual([1]);
    const tables = await h.rows<{ table_name: string }>(
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`,
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'access_token',
      'app_user',
      'blob',
      'device',
      'enrollment_code',
      'quarantine',
      'record',
      'schema_migration',
      'sync_log',
      'town',
      'town_seq',
    ]);
    expect(await h.migrateTo(1)).toEqual([]);
  });

  it('lets the request role see and write only its own town’s records, and never delete them', async () => {
    await h.migrateTo(1);
    await h.rows(
      sql`INSERT INTO town (id, name, prefecture) VALUES (${A}, '与論町', '鹿児島県'), (${B}, '青梅市', '東京都')`,
    );
    // Town ids are the consortium's codes, not free text.
    await expect(
      h.rows(sql`INSERT INTO town (id, name, prefecture) VALUES ('Yoron', 'x', 'y')`),
    ).rejects.toThrow();
    const insert = (town: string, id: string) =>
      sql`INSERT INTO record (id, municipality_id, table_name, vals, clocks, seq, created_at, created_by, updated_at, updated_by)
          VALUES (${id}, ${town}, 'family', '{}', '{}', 1, now(), ${USER}, now(), ${USER})`;
    await h.asTown(A, insert(A, ID));
    await expect(h.asTown(A, insert(B, '01900000-0000-7000-8000-0000000000a2'))).rejects.toThrow(
      /row-level security/,
    );
    expect(await h.asTown(A, sql`SELECT id FROM record`)).toEqual([{ id: ID }]);
    expect(await h.asTown(B, sql`SELECT id FROM record`)).toEqual([]);
    expect(await h.asTown(null, sql`SELECT id FROM record`)).toEqual([]);
    await expect(h.asTown(A, sql`DELETE FROM record`)).rejects.toThrow(/permission denied/);
    await expect(h.asTown(A, sql`SELECT * FROM schema_migration`)).rejects.toThrow(/permission denied/);
  });
});

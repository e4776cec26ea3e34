import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MigrationHarness, openMigrationHarness } from '../src/db/migration-harness.ts';
import { seedRecord, seedTowns } from './seed.ts';

let h: MigrationHarness;
beforeEach(async () => {
  h = await openMigrationHarness();
});
afterEach(async () => {
  await h.close();
});

const ROW = '01900000-0000-7000-8000-000000001001';

describe('server migration 0004: rows keep their pulled form', () => {
  it('adds an empty wire column to the stored rows and keeps the record table’s statistics fresh', async () => {
    await h.migrateTo(3);
    await seedTowns(h);
    await seedRecord(h, { id: ROW, table: 'family', vals: { family_name: '島田' } });
    expect(await h.migrateTo(4)).toEqual([4]);

    expect(await h.rows(sql`SELECT id, wire, vals ->> 'family_name' AS name FROM record`)).toEqual([
      { id: ROW, wire: null, name: '島田' },
    ]);
    await h.rows(sql`UPDATE record SET wire = '{"id":"x"}' WHERE id = ${ROW}`);
    const [options] = await h.rows<{ reloptions: string[] }>(
      sql`SELECT reloptions FROM pg_class WHERE oid = to_regclass('record')`,
    );
    expect([...(options?.reloptions ?? [])].sort()).toEqual([
      'autovacuum_analyze_scale_factor=0.01',
      'autovacuum_analyze_threshold=1000',
    ]);
  });
});

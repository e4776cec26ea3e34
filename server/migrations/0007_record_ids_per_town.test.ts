import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MigrationHarness, openMigrationHarness } from '../src/db/migration-harness.ts';
import { OTHER_TOWN, seedRecord, seedTowns, TOWN } from './seed.ts';

let h: MigrationHarness;
beforeEach(async () => {
  h = await openMigrationHarness();
});
afterEach(async () => {
  await h.close();
});

const ROW = '01900000-0000-7000-8000-000000001001';

describe('server migration 0007: record ids are unique per town', () => {
  it('keeps the stored rows and lets another town hold a row under the same id', async () => {
    await h.migrateTo(6);
    await seedTowns(h);
    await seedRecord(h, { id: ROW, table: 'family', vals: { family_name: '島田' } });
    await expect(seedRecord(h, { id: ROW, town: OTHER_TOWN, table: 'family', vals: {} })).rejects.toThrow(
      /duplicate key/,
    );

    expect(await h.migrateTo(7)).toEqual([7]);
    await seedRecord(h, { id: ROW, town: OTHER_TOWN, table: 'family', vals: { family_name: '青木' } });
    expect(
      await h.rows(
        sql`SELECT municipality_id, vals ->> 'family_name' AS name FROM record WHERE id = ${ROW} ORDER BY 1`,
      ),
    ).toEqual([
      { municipality_id: TOWN, name: '島田' },
      { municipality_id: OTHER_TOWN, name: '青木' },
    ]);
    // Within one town the id is still one row.
    await expect(seedRecord(h, { id: ROW, table: 'family', vals: {} })).rejects.toThrow(/duplicate key/);
  });
});

import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../shared/hlc.ts';
import { type MigrationHarness, openMigrationHarness } from '../src/db/migration-harness.ts';
import { OTHER_TOWN, seedRecord, seedTowns, TOWN } from './seed.ts';

let h: MigrationHarness;
beforeEach(async () => {
  h = await openMigrationHarness();
});
afterEach(async () => {
  await h.close();
});

describe('server migration 0010: the shared clock', () => {
  it('seeds each town’s stored clock with the newest clock of its rows, in either stored form', async () => {
    await h.migrateTo(9);
    await seedTowns(h);
    const older = encodeHlc({ millis: Date.now() - 60_000, counter: 3, node: 'laptopa' });
    const newest = encodeHlc({ millis: Date.now() + 200_000, counter: 1, node: 'laptopb' });
    // The grouped form, and the older one entry per column.
    await seedRecord(h, {
      id: '01900000-0000-7000-8000-000000001001',
      table: 'family',
      vals: { family_name: '島田' },
      clocks: { '#': [[older, null, ['family_name']]] },
    });
    await seedRecord(h, {
      id: '01900000-0000-7000-8000-000000001002',
      table: 'family',
      vals: { family_name: '島田' },
      clocks: { family_name: { h: newest, b: older }, notes: { h: older, b: null } },
    });
    expect(await h.migrateTo(10)).toEqual([10]);

    expect(
      await h.rows(sql`SELECT municipality_id, last_hlc FROM town_seq ORDER BY municipality_id`),
    ).toEqual([
      { municipality_id: TOWN, last_hlc: newest },
      { municipality_id: OTHER_TOWN, last_hlc: null },
    ]);
  });
});

import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MigrationHarness, openMigrationHarness } from '../src/db/migration-harness.ts';
import { DEVICE, OTHER_TOWN, seedDevice, seedTowns, TOWN } from './seed.ts';

let h: MigrationHarness;
beforeEach(async () => {
  h = await openMigrationHarness();
});
afterEach(async () => {
  await h.close();
});

describe('server migration 0008: refresh secrets rotate', () => {
  it('gives stored devices no previous secret and keeps retired secrets per town', async () => {
    await h.migrateTo(7);
    await seedTowns(h);
    await seedDevice(h);
    expect(await h.migrateTo(8)).toEqual([8]);

    expect(await h.rows(sql`SELECT id, refresh_hash, previous_refresh_hash FROM device`)).toEqual([
      { id: DEVICE, refresh_hash: `r-${DEVICE}`, previous_refresh_hash: null },
    ]);
    await h.asTown(
      TOWN,
      sql`INSERT INTO retired_refresh (refresh_hash, device_id, municipality_id) VALUES ('old', ${DEVICE}, ${TOWN})`,
    );
    // A retired secret is retired once: presenting it again is the reuse the server revokes for.
    await expect(
      h.asTown(
        TOWN,
        sql`INSERT INTO retired_refresh (refresh_hash, device_id, municipality_id) VALUES ('old', ${DEVICE}, ${TOWN})`,
      ),
    ).rejects.toThrow(/duplicate key/);
    expect(await h.asTown(TOWN, sql`SELECT refresh_hash FROM retired_refresh`)).toEqual([
      { refresh_hash: 'old' },
    ]);
    expect(await h.asTown(OTHER_TOWN, sql`SELECT refresh_hash FROM retired_refresh`)).toEqual([]);
    await expect(
      h.asTown(
        OTHER_TOWN,
        sql`INSERT INTO retired_refresh (refresh_hash, device_id, municipality_id) VALUES ('x', ${DEVICE}, ${TOWN})`,
      ),
    ).rejects.toThrow(/row-level security/);
  });
});

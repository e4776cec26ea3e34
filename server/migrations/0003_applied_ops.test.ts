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

const OP = '01900000-0000-7000-8000-00000000e001';

describe('server migration 0003: the operation id of each applied operation number', () => {
  it('remembers one operation id per device and number, visible only to the device’s town', async () => {
    await h.migrateTo(2);
    await seedTowns(h);
    await seedDevice(h);
    expect(await h.migrateTo(3)).toEqual([3]);

    await h.asTown(
      TOWN,
      sql`INSERT INTO applied_op (device_id, seq, op_id, municipality_id) VALUES (${DEVICE}, 1, ${OP}, ${TOWN})`,
    );
    // A number is used once per device: a second operation under it is the SEQ_REUSED case.
    await expect(
      h.asTown(
        TOWN,
        sql`INSERT INTO applied_op (device_id, seq, op_id, municipality_id) VALUES (${DEVICE}, 1, gen_random_uuid(), ${TOWN})`,
      ),
    ).rejects.toThrow(/duplicate key/);
    expect(await h.asTown(TOWN, sql`SELECT seq::int, op_id FROM applied_op`)).toEqual([
      { seq: 1, op_id: OP },
    ]);
    expect(await h.asTown(OTHER_TOWN, sql`SELECT seq FROM applied_op`)).toEqual([]);
    // The push prunes rows older than 30 days.
    expect(
      await h.asTown(TOWN, sql`DELETE FROM applied_op WHERE applied_at < now() - interval '30 days'`),
    ).toEqual([]);
  });
});

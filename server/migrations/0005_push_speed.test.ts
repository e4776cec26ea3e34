import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MigrationHarness, openMigrationHarness } from '../src/db/migration-harness.ts';
import { DEVICE, seedDevice, seedRecord, seedTowns, TOWN } from './seed.ts';

let h: MigrationHarness;
beforeEach(async () => {
  h = await openMigrationHarness();
});
afterEach(async () => {
  await h.close();
});

const ROW = '01900000-0000-7000-8000-000000001001';
const NOWHERE = '01900000-0000-7000-8000-00000000dead';

describe('server migration 0005: the push’s tables lose their foreign keys', () => {
  it('keeps the stored rows and no longer checks record and applied_op references row by row', async () => {
    await h.migrateTo(4);
    await seedTowns(h);
    await seedDevice(h);
    await seedRecord(h, { id: ROW, table: 'family', vals: {} });
    const appliedFor = (device: string) =>
      sql`INSERT INTO applied_op (device_id, seq, op_id, municipality_id) VALUES (${device}, 1, gen_random_uuid(), ${TOWN})`;
    // Before: every inserted row fired a reference check.
    await expect(h.rows(appliedFor(NOWHERE))).rejects.toThrow(/foreign key/);

    expect(await h.migrateTo(5)).toEqual([5]);
    expect(await h.rows(sql`SELECT id FROM record`)).toEqual([{ id: ROW }]);
    await h.rows(appliedFor(DEVICE));
    await h.rows(appliedFor(NOWHERE));
    const refs = await h.rows<{ conname: string }>(
      sql`SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid IN (to_regclass('record'), to_regclass('applied_op'))`,
    );
    expect(refs).toEqual([]);
    // Row-level security still refuses another town's row, which is what the references guarded.
    await expect(
      h.asTown(
        TOWN,
        sql`INSERT INTO applied_op (device_id, seq, op_id, municipality_id) VALUES (${DEVICE}, 2, gen_random_uuid(), 'tokyo-ome')`,
      ),
    ).rejects.toThrow(/row-level security/);
  });
});

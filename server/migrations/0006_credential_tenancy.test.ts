import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MigrationHarness, openMigrationHarness } from '../src/db/migration-harness.ts';
import { DEVICE, OTHER_TOWN, seedDevice, seedTowns, TOWN, USER } from './seed.ts';

let h: MigrationHarness;
beforeEach(async () => {
  h = await openMigrationHarness();
});
afterEach(async () => {
  await h.close();
});

const OTHER_USER = '01900000-0000-7000-8000-00000000f002';
const OTHER_DEVICE = '01900000-0000-7000-8000-00000000d002';

describe('server migration 0006: credentials confined per town', () => {
  it('gives the stored access tokens their device’s town and hides every credential of another town', async () => {
    await h.migrateTo(5);
    await seedTowns(h);
    await seedDevice(h);
    await seedDevice(h, OTHER_TOWN, OTHER_USER, OTHER_DEVICE);
    await h.rows(
      sql`INSERT INTO access_token (token_hash, device_id, expires_at) VALUES ('t1', ${DEVICE}, now() + interval '1 hour'), ('t2', ${OTHER_DEVICE}, now() + interval '1 hour')`,
    );
    await h.rows(
      sql`INSERT INTO enrollment_code (code_hash, user_id, municipality_id, expires_at) VALUES ('c1', ${USER}, ${TOWN}, now() + interval '1 day'), ('c2', ${OTHER_USER}, ${OTHER_TOWN}, now() + interval '1 day')`,
    );
    expect(await h.migrateTo(6)).toEqual([6]);

    expect(await h.rows(sql`SELECT token_hash, municipality_id FROM access_token ORDER BY 1`)).toEqual([
      { token_hash: 't1', municipality_id: TOWN },
      { token_hash: 't2', municipality_id: OTHER_TOWN },
    ]);
    await expect(
      h.rows(
        sql`INSERT INTO access_token (token_hash, device_id, expires_at) VALUES ('t3', ${DEVICE}, now())`,
      ),
    ).rejects.toThrow(/null value/);

    for (const table of ['town', 'app_user', 'device', 'enrollment_code', 'access_token']) {
      const seen = await h.asTown(
        TOWN,
        sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`,
      );
      const total = await h.rows(sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`);
      expect(seen[0]?.n, table).toBeLessThan(total[0]?.n as number);
      expect(
        await h.asTown(null, sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`),
        table,
      ).toEqual([{ n: 0 }]);
    }
    await expect(
      h.asTown(TOWN, sql`UPDATE device SET name = 'taken' WHERE id = ${OTHER_DEVICE} RETURNING id`),
    ).resolves.toEqual([]);

    // Before its town is known, a request learns only the town of a code or a device.
    expect(
      await h.asTown(null, sql`SELECT auth_code_town('c1') AS t, auth_code_town('nope') AS none`),
    ).toEqual([{ t: TOWN, none: null }]);
    expect(await h.asTown(null, sql`SELECT auth_device_town(${OTHER_DEVICE}) AS t`)).toEqual([
      { t: OTHER_TOWN },
    ]);
  });
});

import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MigrationHarness, openMigrationHarness } from '../src/db/migration-harness.ts';
import { OTHER_TOWN, seedTowns, TOWN } from './seed.ts';

let h: MigrationHarness;
beforeEach(async () => {
  h = await openMigrationHarness();
});
afterEach(async () => {
  await h.close();
});

describe('server migration 0013: KPI targets with their history', () => {
  it('stores the plan’s targets, lets the request role append and list towns, and refuses rewrites', async () => {
    await h.migrateTo(12);
    await seedTowns(h);
    expect(await h.migrateTo(13)).toEqual([13]);

    expect(
      await h.rows(
        sql`SELECT municipality_id, kpi, fiscal_year_from, fiscal_year_to, value::text FROM kpi_target ORDER BY id`,
      ),
    ).toEqual([
      {
        municipality_id: null,
        kpi: 'relationship_population',
        fiscal_year_from: 2026,
        fiscal_year_to: 2028,
        value: '2133',
      },
      { municipality_id: null, kpi: 'nights', fiscal_year_from: 2026, fiscal_year_to: 2028, value: '17644' },
      {
        municipality_id: null,
        kpi: 'ripple_yen',
        fiscal_year_from: 2026,
        fiscal_year_to: 2028,
        value: '320960000',
      },
    ]);

    // As a town's request role: every town's name through the function, its own only through the table.
    expect(await h.asTown(TOWN, sql`SELECT id FROM kpi_town_list() ORDER BY id`)).toEqual([
      { id: TOWN },
      { id: OTHER_TOWN },
    ]);
    expect(await h.asTown(TOWN, sql`SELECT id FROM town`)).toEqual([{ id: TOWN }]);
    await h.asTown(
      TOWN,
      sql`INSERT INTO kpi_target (municipality_id, kpi, fiscal_year_from, fiscal_year_to, value, set_by_name)
          VALUES (${OTHER_TOWN}, 'nights', 2026, 2026, 10, 'test')`,
    );
    await expect(h.asTown(TOWN, sql`UPDATE kpi_target SET value = 1`)).rejects.toThrow(
      /permission denied|append-only/,
    );
    await expect(h.rows(sql`DELETE FROM kpi_target`)).rejects.toThrow(/append-only/);
    await expect(
      h.rows(
        sql`INSERT INTO kpi_target (kpi, fiscal_year_from, fiscal_year_to, value, set_by_name)
            VALUES ('nights', 2027, 2026, 1, 'x')`,
      ),
    ).rejects.toThrow(/check/i);
    await expect(
      h.rows(
        sql`INSERT INTO kpi_target (kpi, fiscal_year_from, fiscal_year_to, value, set_by_name)
            VALUES ('nights', 2026, 2026, -1, 'x')`,
      ),
    ).rejects.toThrow(/check/i);
  });
});

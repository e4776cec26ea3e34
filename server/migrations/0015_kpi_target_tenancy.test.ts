import { basename } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MigrationHarness, openMigrationHarness } from '../src/db/migration-harness.ts';
import { OTHER_TOWN, seedTowns, TOWN } from './seed.ts';

/** This migration's number, from its file name. */
const VERSION = Number(basename(import.meta.filename).slice(0, 4));

let h: MigrationHarness;
beforeEach(async () => {
  h = await openMigrationHarness();
});
afterEach(async () => {
  await h.close();
});

describe('server migration: KPI targets under row-level security', () => {
  it("shows a town the consortium's targets and its own, and lets it write only its own", async () => {
    await h.migrateTo(VERSION - 1);
    await seedTowns(h);
    await h.rows(
      sql`INSERT INTO kpi_target (municipality_id, kpi, fiscal_year_from, fiscal_year_to, value, note, set_by_name)
          VALUES (${OTHER_TOWN}, 'nights', 2026, 2026, 50, '', 'fixture')`,
    );
    expect(await h.migrateTo(VERSION)).toEqual([VERSION]);

    const seen = (await h.asTown(TOWN, sql`SELECT municipality_id FROM kpi_target`)) as {
      municipality_id: string | null;
    }[];
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.municipality_id === null)).toBe(true);
    await h.asTown(
      TOWN,
      sql`INSERT INTO kpi_target (municipality_id, kpi, fiscal_year_from, fiscal_year_to, value, note, set_by_name)
          VALUES (${TOWN}, 'nights', 2026, 2026, 40, '', 'fixture')`,
    );
    await expect(
      h.asTown(
        TOWN,
        sql`INSERT INTO kpi_target (municipality_id, kpi, fiscal_year_from, fiscal_year_to, value, note, set_by_name)
            VALUES (${OTHER_TOWN}, 'nights', 2026, 2026, 1, '', 'forged')`,
      ),
    ).rejects.toThrow(/row-level security/i);
  });
});

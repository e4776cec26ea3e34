import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MigrationHarness, openMigrationHarness } from '../src/db/migration-harness.ts';
import { seedStay, seedTowns, TOWN } from './seed.ts';

let h: MigrationHarness;
beforeEach(async () => {
  h = await openMigrationHarness();
});
afterEach(async () => {
  await h.close();
});

const figures = sql`SELECT nights::int, person_nights::int FROM kpi_towns('2026-01-01', '2026-12-31', ${TOWN})`;

describe('server migration 0009: KPIs never fail on a stored date', () => {
  it('leaves out stays whose stored dates are not days the app supports, counting the others', async () => {
    await h.migrateTo(8);
    await seedTowns(h);
    await seedStay(h, '01900000-0000-7000-8000-000000005001', {
      actual_arrival: '2026-05-01',
      planned_departure: '2026-05-04',
    });
    // Stored before validation knew the app's calendar: year 0, and a day no month has.
    await seedStay(h, '01900000-0000-7000-8000-000000005002', {
      actual_arrival: '0000-01-01',
      planned_departure: '2026-05-04',
    });
    await seedStay(h, '01900000-0000-7000-8000-000000005003', {
      actual_arrival: '2026-02-30',
      planned_departure: '2026-03-02',
    });
    // Before 0009 one such stay fails every KPI request of its town.
    await expect(h.asTown(TOWN, figures)).rejects.toThrow(/out of range|date/);

    expect(await h.migrateTo(9)).toEqual([9]);
    expect(await h.asTown(TOWN, figures)).toEqual([{ nights: 3, person_nights: 3 }]);
    expect(
      await h.rows<{ d: string | null }>(
        sql`SELECT kpi_date(x)::text AS d FROM (VALUES ('2026-02-28'), ('2026-02-29'), ('1867-12-31'), ('2101-01-01'), ('nope'), (NULL)) v(x)`,
      ),
    ).toEqual([{ d: '2026-02-28' }, { d: null }, { d: null }, { d: null }, { d: null }, { d: null }]);
    // Still private to the owner, like the helpers of 0002.
    await expect(h.asTown(TOWN, sql`SELECT * FROM kpi_started_stay(NULL)`)).rejects.toThrow(
      /permission denied/,
    );
  });
});

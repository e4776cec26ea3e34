import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MigrationHarness, openMigrationHarness } from '../src/db/migration-harness.ts';
import { OTHER_TOWN, seedStay, seedTowns, TOWN } from './seed.ts';

let h: MigrationHarness;
beforeEach(async () => {
  h = await openMigrationHarness();
});
afterEach(async () => {
  await h.close();
});

const STAY = '01900000-0000-7000-8000-000000005001';

describe('server migration 0002: consortium KPIs computed in the database', () => {
  it('counts the stays stored before it, and gives the request role only the per-town figures', async () => {
    await h.migrateTo(1);
    await seedTowns(h);
    // Two people, arrived 3/30, leaving 4/2: nights of 3/30 and 3/31 in March, 4/1 in April.
    await seedStay(h, STAY, { actual_arrival: '2026-03-30', planned_departure: '2026-04-02' }, ['m1', 'm2']);
    await h.rows(
      sql`UPDATE town SET spend_per_person_night_yen = 1000, ripple_multiplier = 1.5 WHERE id = ${TOWN}`,
    );
    expect(await h.migrateTo(2)).toEqual([2]);

    const nights = await h.asTown(
      TOWN,
      sql`SELECT municipality_id, month, programme, nights::int, person_nights::int FROM kpi_nights('2026-01-01', '2026-12-31') ORDER BY month`,
    );
    expect(nights).toEqual([
      { municipality_id: TOWN, month: '2026-03', programme: 'school_stay', nights: 2, person_nights: 4 },
      { municipality_id: TOWN, month: '2026-04', programme: 'school_stay', nights: 1, person_nights: 2 },
    ]);
    const towns = await h.asTown(
      TOWN,
      sql`SELECT municipality_id, person_nights::int, ripple_yen::int, relationship_population::int
            FROM kpi_towns('2026-01-01', '2026-12-31') ORDER BY municipality_id`,
    );
    // Every town, across the consortium, even though the role's own policies show only one.
    expect(towns).toEqual([
      { municipality_id: TOWN, person_nights: 6, ripple_yen: 9000, relationship_population: 2 },
      { municipality_id: OTHER_TOWN, person_nights: 0, ripple_yen: 0, relationship_population: 0 },
    ]);
    // The private helpers return stay and member ids: not callable by the request role.
    await expect(h.asTown(TOWN, sql`SELECT * FROM kpi_started_stay(NULL)`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(h.asTown(TOWN, sql`SELECT * FROM kpi_stay_person(NULL)`)).rejects.toThrow(
      /permission denied/,
    );
  });
});

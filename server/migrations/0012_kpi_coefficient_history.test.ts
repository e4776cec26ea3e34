import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MigrationHarness, openMigrationHarness } from '../src/db/migration-harness.ts';
import { seedRecord, seedStay, seedTowns, TOWN } from './seed.ts';

let h: MigrationHarness;
beforeEach(async () => {
  h = await openMigrationHarness();
});
afterEach(async () => {
  await h.close();
});

const id = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const figures = sql`SELECT nights::int, person_nights::int, ripple_yen::text, unpriced_person_nights::int, arrivals::int
                      FROM kpi_towns('2026-01-01', '2026-12-31', ${TOWN})`;

describe('server migration 0012: the ripple priced with the coefficient version in force each night', () => {
  it('stops reading the town columns, prices by version, and skips versions it cannot read', async () => {
    await h.migrateTo(11);
    await seedTowns(h);
    await h.rows(
      sql`UPDATE town SET spend_per_person_night_yen = 8000, ripple_multiplier = 1.25 WHERE id = ${TOWN}`,
    );
    // 2026-05-01 .. 05-05: four nights, two people.
    await seedStay(h, id(1), { actual_arrival: '2026-05-01', planned_departure: '2026-05-05' }, [
      id(11),
      id(12),
    ]);
    const before = await h.asTown(
      TOWN,
      sql`SELECT ripple_yen::text FROM kpi_towns('2026-01-01', '2026-12-31', ${TOWN})`,
    );
    expect(before).toEqual([{ ripple_yen: '80000' }]);

    expect(await h.migrateTo(12)).toEqual([12]);
    // No version yet: nothing priced, every person-night reported unpriced (never the town columns).
    expect(await h.asTown(TOWN, figures)).toEqual([
      { nights: 4, person_nights: 8, ripple_yen: '0', unpriced_person_nights: 8, arrivals: 2 },
    ]);

    const version = (n: number, vals: Record<string, unknown>) =>
      seedRecord(h, {
        id: id(n),
        table: 'kpi_coefficient',
        vals: { note: null, deleted_at: null, set_at: '2026-01-01T00:00:00.000Z', ...vals },
      });
    // In force from 05-03: the nights of 05-03 and 05-04 (4 person-nights) × 7001 × 1.1 = 30,804.4.
    await version(21, {
      effective_from: '2026-05-03',
      spend_per_person_night_yen: 7001,
      ripple_multiplier: '1.1',
    });
    // Unreadable ones are left out rather than failing the figures.
    await version(22, {
      effective_from: '2026-05-01',
      spend_per_person_night_yen: 9000,
      ripple_multiplier: '1,5',
    });
    await version(23, {
      effective_from: '2026-02-30',
      spend_per_person_night_yen: 9000,
      ripple_multiplier: '1.5',
    });
    await version(24, {
      effective_from: '2026-05-01',
      spend_per_person_night_yen: -3,
      ripple_multiplier: '1.5',
    });
    await version(25, {
      effective_from: '2026-05-01',
      spend_per_person_night_yen: 1.5,
      ripple_multiplier: '1.5',
    });
    await version(26, {
      effective_from: '2026-05-01',
      spend_per_person_night_yen: 9000,
      ripple_multiplier: '1.5',
      deleted_at: '2026-02-01T00:00:00.000Z',
    });
    expect(await h.asTown(TOWN, figures)).toEqual([
      { nights: 4, person_nights: 8, ripple_yen: '30804', unpriced_person_nights: 4, arrivals: 2 },
    ]);
    // Same date, set later: supersedes (the earlier stays in the history but prices nothing).
    await version(27, {
      effective_from: '2026-05-03',
      spend_per_person_night_yen: 7001,
      ripple_multiplier: '1.5',
      set_at: '2026-03-01T00:00:00.000Z',
    });
    // 4 × 7001 × 1.5 = 42,006.
    expect(await h.asTown(TOWN, figures)).toEqual([
      { nights: 4, person_nights: 8, ripple_yen: '42006', unpriced_person_nights: 4, arrivals: 2 },
    ]);
    expect(
      await h.asTown(
        TOWN,
        sql`SELECT version_id::text AS v, used_from::text AS f, used_to::text AS t, person_nights::int AS pn, ripple_yen::text AS y
              FROM kpi_coefficients_used('2026-01-01', '2026-12-31', ${TOWN})`,
      ),
    ).toEqual([{ v: id(27), f: '2026-05-03', t: '2026-12-31', pn: 4, y: '42006' }]);
    await expect(h.asTown(TOWN, sql`SELECT * FROM kpi_coefficient_version(NULL)`)).rejects.toThrow(
      /permission denied/,
    );
  });
});

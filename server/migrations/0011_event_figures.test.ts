import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MigrationHarness, openMigrationHarness } from '../src/db/migration-harness.ts';
import { seedRecord, seedTowns, TOWN } from './seed.ts';

let h: MigrationHarness;
beforeEach(async () => {
  h = await openMigrationHarness();
});
afterEach(async () => {
  await h.close();
});

const id = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const totals = sql`SELECT events::int, participants::int, distinct_people::int, first_timers::int
                     FROM event_figures(2025, ${TOWN}) WHERE bucket = 'total'`;

describe('server migration 0011: the event figures', () => {
  it('counts the events already stored, and never fails on a row it cannot read', async () => {
    await h.migrateTo(10);
    await seedTowns(h);
    const event = (n: number, startsAt: string) =>
      seedRecord(h, {
        id: id(n),
        table: 'event',
        vals: { title: 't', kind: 'exchange', starts_at: startsAt, status: 'planned', deleted_at: null },
      });
    await event(1, '2025-05-01T01:00:00.000Z');
    // Stored by hand or by an old laptop: no instant at all, and a month 13.
    await event(2, 'yesterday');
    await event(3, '2025-13-45T00:00:00.000Z');
    for (const [n, ev] of [
      [11, 1],
      [12, 2],
      [13, 3],
    ] as const) {
      // member_ids that are not JSON name nobody (the laptop's parseCodes): both heads are companions.
      await seedRecord(h, {
        id: id(n),
        table: 'event_application',
        vals: {
          event_id: id(ev),
          family_id: id(90),
          member_ids: '{broken',
          head_count: 2,
          status: 'applied',
        },
      });
      await seedRecord(h, {
        id: id(n + 10),
        table: 'event_attendance',
        vals: { event_id: id(ev), application_id: id(n), member_id: id(91), supporter_id: null },
      });
    }
    await expect(h.asTown(TOWN, totals)).rejects.toThrow(/event_figures/);

    expect(await h.migrateTo(11)).toEqual([11]);
    expect(await h.asTown(TOWN, totals)).toEqual([
      { events: 1, participants: 3, distinct_people: 1, first_timers: 1 },
    ]);
    await expect(h.asTown(TOWN, sql`SELECT event_instant('2025-01-01T00:00:00Z')`)).rejects.toThrow(
      /permission denied/,
    );
  });
});

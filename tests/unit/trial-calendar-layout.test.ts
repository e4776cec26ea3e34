import { describe, expect, it } from 'vitest';
import {
  layOut,
  nightsOf,
  parseMonth,
  shiftMonth,
} from '../../renderer/src/features/trial-calendar/calendar-layout.ts';
import type { TrialCalendarStay } from '../../shared/ipc/views/trial-calendar.ts';

const stay = (stayId: string, arrival: string, departure: string): TrialCalendarStay => ({
  stayId,
  familyId: 'f',
  familyName: '山田',
  programme: 'trial_living',
  status: 'planned',
  arrival,
  departure,
  doubleBooked: false,
  overlapsWith: [],
});

describe('calendar layout', () => {
  const april = nightsOf('2026-04-01', '2026-05-01');

  it('has one night per day of the month', () => {
    expect(april).toHaveLength(30);
    expect(nightsOf('2028-02-01', '2028-03-01')).toHaveLength(29);
  });

  it('clips stays to the month, and stacks overlapping ones on lanes', () => {
    const layout = layOut(
      [
        stay('a', '2026-03-28', '2026-04-03'),
        stay('b', '2026-04-02', '2026-04-05'),
        stay('c', '2026-04-03', '2026-05-02'),
      ],
      april,
    );
    expect(
      layout.placed.map((p) => [p.stay.stayId, p.start, p.span, p.lane, p.fromBefore, p.toAfter]),
    ).toEqual([
      ['a', 0, 2, 0, true, false],
      ['b', 1, 3, 1, false, false],
      // Arrives the morning a leaves: the first lane is free again.
      ['c', 2, 28, 0, false, true],
    ]);
    expect(layout.lanes).toBe(2);
    expect(layout.byNight[1]?.map((p) => p.stay.stayId)).toEqual(['a', 'b']);
    expect(layout.byNight[29]?.map((p) => p.stay.stayId)).toEqual(['c']);
  });

  it('moves between months across years, and refuses a month that is not one', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(parseMonth('2026-13')).toBeNull();
    expect(parseMonth('2026-04')).toBe('2026-04');
  });
});

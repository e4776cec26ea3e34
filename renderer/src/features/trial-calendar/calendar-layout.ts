import { addDays } from '../../../../shared/domain/dates.ts';
import type { TrialCalendarStay } from '../../../../shared/ipc/views/trial-calendar.ts';

/** A stay as one house row draws it: which nights of the month it covers, and on which lane. */
export interface PlacedStay {
  stay: TrialCalendarStay;
  /** Index of its first night in the month (0 = the 1st). */
  start: number;
  /** Nights it covers inside the month. */
  span: number;
  lane: number;
  /** It began before the month or goes on after it. */
  fromBefore: boolean;
  toAfter: boolean;
}

export interface HouseLayout {
  placed: PlacedStay[];
  lanes: number;
  /** For each night of the month, the stays sleeping there (by lane). */
  byNight: PlacedStay[][];
}

/** Every night of the month [from, to) as YYYY-MM-DD. */
export function nightsOf(from: string, to: string): string[] {
  const nights: string[] = [];
  for (let d = from; d < to; d = addDays(d, 1)) nights.push(d);
  return nights;
}

/**
 * Lays one house's stays out over the month's nights: each stay on the first lane that is free for
 * all its nights, so overlapping stays (double bookings) stack instead of hiding each other.
 */
export function layOut(stays: readonly TrialCalendarStay[], nights: readonly string[]): HouseLayout {
  const from = nights[0] ?? '';
  const to = nights.length > 0 ? addDays(nights[nights.length - 1] as string, 1) : '';
  const laneEnds: string[] = [];
  const placed: PlacedStay[] = [];
  const sorted = [...stays].sort(
    (a, b) => a.arrival.localeCompare(b.arrival) || a.stayId.localeCompare(b.stayId),
  );
  for (const stay of sorted) {
    const first = stay.arrival > from ? stay.arrival : from;
    const end = stay.departure < to ? stay.departure : to;
    const start = nights.indexOf(first);
    const span = nights.filter((n) => n >= first && n < end).length;
    if (start < 0 || span <= 0) continue;
    let lane = laneEnds.findIndex((laneEnd) => laneEnd <= first);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = end;
    placed.push({ stay, start, span, lane, fromBefore: stay.arrival < from, toAfter: stay.departure > to });
  }
  const byNight = nights.map((_, i) =>
    placed.filter((p) => p.start <= i && i < p.start + p.span).sort((a, b) => a.lane - b.lane),
  );
  return { placed, lanes: Math.max(1, laneEnds.length), byNight };
}

/** YYYY-MM of a date, and the month `delta` months away. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** A month from the address bar, or null when it is not one. */
export function parseMonth(value: string | null): string | null {
  return value && /^(19|20)\d{2}-(0[1-9]|1[0-2])$/.test(value) ? value : null;
}

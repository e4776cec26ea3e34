import type { AttendanceStatus } from '../../../shared/domain/enums.ts';
import type { Ctx, Stamper } from './context.ts';
import { type Day, iso, jstMs, ymd } from './dates.ts';
import type { FamilyPlan } from './families.ts';
import { ELDER_MAN_NAMES, ELDER_WOMAN_NAMES, MOTHER_NAMES, SURNAMES } from './names.ts';
import { fullName } from './people.ts';
import { EVENT_KIND_WEIGHTS, EVENT_TEMPLATES, type EventTemplate, HALLS, ORGANISERS } from './phrases.ts';
import type { Rng } from './prng.ts';
import type { AttendanceRow, EventRow } from './rows.ts';
import { effectiveArrival, effectiveDeparture, type StayPlan } from './stays.ts';

/**
 * Community events over the timeline and who came. In-town events draw the families staying in town
 * that day; briefings and online events draw families that have not come yet (and people who are not
 * registered as a family at all, recorded by name).
 */

/** Longest stay span in days (21 nights + a day's shift); bounds the search for stays around a date. */
const MAX_SPAN = 23;

export function generateEvents(
  count: number,
  plans: readonly StayPlan[],
  families: readonly FamilyPlan[],
  lastEventDay: Day,
  ctx: Ctx,
  stamp: Stamper,
  rng: Rng,
): { events: EventRow[]; attendance: AttendanceRow[] } {
  const { town, nowMs } = ctx;
  const byArrival = [...plans].sort((a, b) => effectiveArrival(a) - effectiveArrival(b));
  const arrivals = byArrival.map(effectiveArrival);
  const firstArrival = new Map<FamilyPlan, Day>();
  for (const s of byArrival)
    if (!firstArrival.has(s.family as FamilyPlan)) firstArrival.set(s.family as FamilyPlan, s.arrival);

  /** Stays in town on `day` (for a future day: those booked for it). */
  const inTownOn = (day: Day): StayPlan[] => {
    let hi = upperBound(arrivals, day);
    const out: StayPlan[] = [];
    while (hi > 0) {
      hi--;
      const s = byArrival[hi] as StayPlan;
      if (effectiveArrival(s) < day - MAX_SPAN) break;
      if (s.status !== 'cancelled' && effectiveDeparture(s) >= day) out.push(s);
    }
    return out;
  };

  /** Families that had not come yet by `day`. */
  const prospects = (day: Day, n: number): FamilyPlan[] => {
    const out = new Set<FamilyPlan>();
    for (let attempt = 0; attempt < n * 10 && out.size < n; attempt++) {
      const f = rng.pick(families);
      const first = firstArrival.get(f);
      if (first === undefined || first > day) out.add(f);
    }
    return [...out];
  };

  const days = Array.from({ length: count }, () => rng.int(ctx.firstDay, lastEventDay)).sort((a, b) => a - b);
  const events: EventRow[] = [];
  const attendance: AttendanceRow[] = [];
  const office = town.kind === '市' ? '市役所' : '役場';

  for (const day of days) {
    const kind = rng.weighted(EVENT_KIND_WEIGHTS);
    const month = ymd(day).month;
    const ofKind = EVENT_TEMPLATES.filter((t) => t.kind === kind);
    const inSeason = ofKind.filter((t) => t.months.length === 0 || t.months.includes(month));
    const t: EventTemplate = rng.pick(inSeason.length > 0 ? inSeason : ofKind);
    const district = rng.pick(town.districts);
    const place = (t.place ?? rng.pick(HALLS)).replace('{district}', district).replace('{office}', office);
    const startMs = jstMs(day, t.start);
    const endMs = startMs + t.minutes * 60_000;
    const capacity =
      kind === 'online'
        ? rng.chance(0.7)
          ? 100
          : null
        : kind === 'consultation'
          ? rng.int(4, 8)
          : kind === 'briefing'
            ? 30
            : rng.pick([15, 20, 30, 40]);
    const createdMs = Math.min(
      jstMs(day - rng.int(14, 60), rng.int(9 * 60, 17 * 60)),
      nowMs - rng.int(1, 48) * 3_600_000,
    );
    const eventId = stamp.id(createdMs);
    const localTitle = (kind === 'exchange' || kind === 'consultation') && rng.chance(0.25);
    events.push({
      id: eventId,
      municipality_id: ctx.municipalityId,
      title: localTitle ? `${t.title}（${district}地区）` : t.title,
      kind,
      starts_at: iso(startMs),
      ends_at: iso(endMs),
      place,
      capacity,
      organiser: rng.pick(ORGANISERS),
      description: t.description,
      ...stamp.audit(createdMs),
    });

    // Who signed up.
    const limit = capacity ?? 100;
    const guests: { family: FamilyPlan | null; name: string | null; heads: number }[] = [];
    if (kind === 'exchange' || kind === 'experience' || kind === 'consultation') {
      const want = kind === 'consultation' ? rng.int(1, 5) : rng.int(2, 12);
      for (const s of rng.sample(inTownOn(day), Math.min(want, limit))) {
        guests.push({ family: s.family, name: null, heads: Math.max(1, Math.min(5, s.people.length)) });
      }
    }
    if (kind === 'briefing' || kind === 'online' || kind === 'consultation') {
      const want = kind === 'online' ? rng.int(4, 20) : kind === 'briefing' ? rng.int(2, 10) : rng.int(0, 2);
      for (const f of prospects(day, Math.max(0, Math.min(want, limit - guests.length)))) {
        guests.push({ family: f, name: null, heads: kind === 'online' ? rng.int(1, 2) : rng.int(1, 3) });
      }
    }
    // Residents and others who are not a registered family are recorded by name.
    if (kind !== 'online' && guests.length < limit && rng.chance(0.5)) {
      const extra = Math.min(rng.int(1, 3), limit - guests.length);
      for (let k = 0; k < extra; k++) {
        const given = rng.pick(
          rng.chance(0.5) ? ELDER_WOMAN_NAMES : rng.chance(0.5) ? ELDER_MAN_NAMES : MOTHER_NAMES,
        );
        guests.push({ family: null, name: fullName(rng.weighted(SURNAMES), given), heads: rng.int(1, 2) });
      }
    }

    const ended = endMs < nowMs;
    for (const g of guests) {
      const status: AttendanceStatus = ended
        ? rng.weighted<AttendanceStatus>([
            ['attended', 85],
            ['no_show', 10],
            ['registered', 5],
          ])
        : 'registered';
      const regMs = Math.min(
        Math.max(createdMs + 3_600_000, jstMs(day - rng.int(1, 14), rng.int(8 * 60, 22 * 60))),
        startMs - 3_600_000,
        nowMs - 60_000,
      );
      attendance.push({
        id: stamp.id(regMs),
        municipality_id: ctx.municipalityId,
        event_id: eventId,
        family_id: g.family?.id ?? null,
        person_name: g.name,
        status,
        head_count: g.heads,
        ...stamp.audit(regMs, status === 'registered' ? regMs : endMs),
      });
    }
  }
  return { events, attendance };
}

/** Index of the first element greater than `x` in an ascending array. */
function upperBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

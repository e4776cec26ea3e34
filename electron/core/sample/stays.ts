import type { Programme, StayStatus } from '../../../shared/domain/enums.ts';
import type { Ctx, Stamper } from './context.ts';
import { type Day, formatDay, gradeOn, jstDay, jstMs, weekday, ymd } from './dates.ts';
import { childrenOf, type FamilyPlan, type PersonPlan } from './families.ts';
import { NUMBERED_LODGING, NUMBERED_LODGING_UNITS, OTHER_LODGINGS, STAY_NOTES } from './phrases.ts';
import type { Rng, Weighted } from './prng.ts';
import type { TrialHouse } from './properties.ts';
import type { StayMemberRow, StayRow } from './rows.ts';

/**
 * The town's booking calendar. Arrivals follow a seasonal daily rate chosen so that, on average,
 * `inTown` families are in town on any day; the count on `today` is then made exact, because the
 * benchmark's today board needs a known size. Families are attached to stays in arrival order: mostly a
 * new family, sometimes one that has been before (a repeater), never two stays of one family at once.
 */

export interface StayPlan {
  programme: Programme;
  arrival: Day;
  departure: Day;
  status: StayStatus;
  actualArrival: Day | null;
  actualDeparture: Day | null;
  family: FamilyPlan | null;
  /** Which members came, and the nursery/school each attends in town (null: none). */
  people: PersonPlan[];
  schools: (string | null)[];
  schoolName: string | null;
  lodgingId: string | null;
  lodgingText: string | null;
  notes: string | null;
  repeatNo: number;
  createdMs: number;
  updatedMs: number;
  id: string;
}

export interface StayTuning {
  /** Families in town (status in_town) on `today`. */
  inTown: number;
}

const PROGRAMME_WEIGHTS: Weighted<Programme> = [
  ['nursery_stay', 45],
  ['school_stay', 20],
  ['trial_living', 12],
  ['workation', 10],
  ['dual_region', 8],
  ['other', 5],
];

/** Nights per programme: one or two weeks for the children's programmes, shorter for a workation. */
const NIGHTS: Record<Programme, Weighted<number>> = {
  nursery_stay: [
    [5, 1],
    [6, 3],
    [7, 5],
    [9, 1],
    [10, 1],
    [12, 1],
    [13, 4],
    [14, 3],
    [20, 2],
    [21, 1],
  ],
  school_stay: [
    [5, 2],
    [6, 3],
    [7, 4],
    [9, 1],
    [13, 2],
    [14, 1],
  ],
  trial_living: [
    [5, 1],
    [6, 2],
    [7, 3],
    [10, 1],
    [13, 2],
    [14, 2],
    [20, 1],
    [21, 1],
  ],
  workation: [
    [5, 3],
    [6, 2],
    [7, 3],
    [9, 1],
    [13, 1],
  ],
  dual_region: [
    [7, 2],
    [10, 1],
    [13, 1],
    [14, 2],
    [20, 1],
    [21, 2],
  ],
  other: [
    [5, 2],
    [6, 1],
    [7, 2],
    [9, 1],
  ],
};

/**
 * Busier in the summer holidays, quieter over New Year (index = month − 1). Kept mild: the rate is
 * scaled to hit `inTown` on today, so a strong season would make the rest of the year look empty
 * when today falls in August.
 */
const SEASON = [0.85, 0.9, 1.0, 0.95, 1.0, 0.95, 1.1, 1.2, 1.0, 1.05, 1.0, 0.9];

/** Days between a family's departure and its next arrival. */
const REPEAT_GAP = 21;
const P_REPEAT = 0.2;
/** The eldest child must be this old (days) on arrival: nobody books a stay with a newborn. */
const MIN_ELDEST_AGE = 180;
/** Share of stays that lodge in one of the town's trial houses (when one is free). */
export const P_TRIAL_HOUSE = 0.62;

function season(day: Day): number {
  return SEASON[ymd(day).month - 1] ?? 1;
}

/** Expected days in town (nights + 1) of a stay drawn from the weights above. */
function meanDaysInTown(): number {
  let total = 0;
  let weight = 0;
  for (const [programme, pw] of PROGRAMME_WEIGHTS) {
    const table = NIGHTS[programme];
    const tw = table.reduce((s, [, w]) => s + w, 0);
    const mean = table.reduce((s, [n, w]) => s + (n + 1) * w, 0) / tw;
    total += mean * pw;
    weight += pw;
  }
  return total / weight;
}

export const MEAN_DAYS_IN_TOWN = meanDaysInTown();

/** Mean seasonal factor over the last stay-length before `today`: what the in-town count on today reflects. */
function seasonNear(today: Day): number {
  let total = 0;
  const days = Math.round(MEAN_DAYS_IN_TOWN);
  for (let d = today - days; d <= today; d++) total += season(d);
  return total / (days + 1);
}

/**
 * How far back the timeline must start for the stays to produce about `familyDays` in-town
 * family-days before today, at the arrival rate that puts `inTown` families in town today. Walking
 * back day by day follows the season, so the history is longer when today is in the busy summer.
 */
export function historyDaysFor(familyDays: number, inTown: number, today: Day, maxDays: number): number {
  const perDay = inTown / seasonNear(today);
  let total = 0;
  let days = 0;
  while (total < familyDays && days < maxDays) {
    total += perDay * season(today - days);
    days++;
  }
  // The first stays only fill up the town over one stay length, so start half a stay earlier.
  return Math.min(maxDays, days + Math.round(MEAN_DAYS_IN_TOWN / 2));
}

const spanStart = (s: StayPlan) => Math.min(s.arrival, s.actualArrival ?? s.arrival);
const spanEnd = (s: StayPlan) => Math.max(s.departure, s.actualDeparture ?? s.departure);

function newPlan(programme: Programme, arrival: Day, nights: number): StayPlan {
  return {
    programme,
    arrival,
    departure: arrival + nights,
    status: 'planned',
    actualArrival: null,
    actualDeparture: null,
    family: null,
    people: [],
    schools: [],
    schoolName: null,
    lodgingId: null,
    lodgingText: null,
    notes: null,
    repeatNo: 0,
    createdMs: 0,
    updatedMs: 0,
    id: '',
  };
}

function shift(rng: Rng, early: number, late: number): number {
  const r = rng.next();
  return r < early ? -1 : r < early + late ? 1 : 0;
}

/** Status from the planned dates, and actual dates consistent with it. */
function settle(s: StayPlan, today: Day, rng: Rng): void {
  const { arrival, departure } = s;
  if (departure < today) {
    if (rng.chance(0.04)) {
      s.status = 'cancelled';
      return;
    }
    s.status = 'completed';
    let aa = arrival + shift(rng, 0.04, 0.06);
    let ad = departure + shift(rng, 0.06, 0.04);
    if (ad >= today || ad <= aa) {
      aa = arrival;
      ad = departure;
    }
    s.actualArrival = aa;
    s.actualDeparture = ad;
  } else if (arrival > today) {
    s.status = rng.chance(0.07) ? 'cancelled' : 'planned';
  } else if (rng.chance(0.03)) {
    s.status = 'cancelled';
  } else if (arrival === today && rng.chance(0.5)) {
    // Due today but not here yet: the board lists them under "arriving today".
    s.status = 'planned';
  } else {
    markInTown(s, today, rng);
  }
}

function markInTown(s: StayPlan, today: Day, rng: Rng): void {
  s.status = 'in_town';
  const aa = s.arrival + shift(rng, 0.04, 0.06);
  s.actualArrival = aa <= today && aa <= s.departure ? aa : s.arrival;
  s.actualDeparture = null;
}

function drawStay(rng: Rng, arrival: Day): StayPlan {
  const programme = rng.weighted(PROGRAMME_WEIGHTS);
  return newPlan(programme, arrival, rng.weighted(NIGHTS[programme]));
}

export function planStays(
  families: FamilyPlan[],
  trialHouses: TrialHouse[],
  ctx: Ctx,
  tuning: StayTuning,
  lastArrival: Day,
  rng: Rng,
): StayPlan[] {
  const { today, firstDay } = ctx;

  // 1. Arrivals, day by day.
  const base = tuning.inTown / (MEAN_DAYS_IN_TOWN * seasonNear(today));
  let plans: StayPlan[] = [];
  for (let d = firstDay; d <= lastArrival; d++) {
    const n = rng.poisson(base * season(d));
    for (let i = 0; i < n; i++) {
      const s = drawStay(rng, d);
      // Nursery and school stays often start on a Sunday, ready for Monday morning.
      if ((s.programme === 'nursery_stay' || s.programme === 'school_stay') && rng.chance(0.4)) {
        const sunday = d - weekday(d);
        if (sunday >= firstDay) {
          s.departure += sunday - s.arrival;
          s.arrival = sunday;
        }
      }
      settle(s, today, rng);
      plans.push(s);
    }
  }

  // 2. Exactly `inTown` in town today: drop the surplus, or add stays that span today.
  const inTown = plans.filter((s) => s.status === 'in_town');
  if (inTown.length > tuning.inTown) {
    const drop = new Set(rng.sample(inTown, inTown.length - tuning.inTown));
    plans = plans.filter((s) => !drop.has(s));
  }
  for (let n = inTown.length; n < tuning.inTown; n++) plans.push(spanningToday(rng, today));

  // 3. Families, in arrival order.
  plans.sort((a, b) => spanStart(a) - spanStart(b));
  const assigner = new FamilyAssigner(families, rng);
  plans = plans.filter((s) => assigner.assign(s));
  // A small town may run out of families for some in-town stays; fill those up with free families.
  let count = plans.filter((s) => s.status === 'in_town').length;
  for (let attempt = 0; count < tuning.inTown && attempt < tuning.inTown * 20; attempt++) {
    const s = spanningToday(rng, today);
    if (assigner.assignAnyFree(s)) {
      plans.push(s);
      count++;
    }
  }
  plans.sort((a, b) => spanStart(a) - spanStart(b));

  // 4. Who came, where the children go, where the family sleeps.
  for (const f of families) f.stayCount = 0;
  for (const s of plans) {
    const family = s.family as FamilyPlan;
    family.stayCount++;
    s.repeatNo = family.stayCount;
    decideMembers(s, family, ctx, rng);
  }
  lodge(plans, trialHouses, ctx, rng);
  decideTimes(plans, families, ctx, rng);
  return plans;
}

function spanningToday(rng: Rng, today: Day): StayPlan {
  const s = drawStay(rng, today);
  const back = rng.int(0, s.departure - s.arrival);
  s.arrival -= back;
  s.departure -= back;
  markInTown(s, today, rng);
  return s;
}

/** Hands out families: new ones in random order, and repeaters once REPEAT_GAP has passed since their last stay. */
class FamilyAssigner {
  private readonly order: FamilyPlan[];
  private next = 0;
  private readonly eligible: FamilyPlan[] = [];
  private readonly pending = new Map<Day, FamilyPlan[]>();
  private flushedTo = Number.NEGATIVE_INFINITY;
  private readonly spans: [Day, Day][][];
  private readonly families: FamilyPlan[];
  private readonly rng: Rng;

  constructor(families: FamilyPlan[], rng: Rng) {
    this.families = families;
    this.rng = rng;
    this.order = rng.shuffle(families.slice());
    this.spans = families.map(() => []);
  }

  /** Called in order of arrival. False when no family can take the stay (it is then left out). */
  assign(s: StayPlan): boolean {
    const start = spanStart(s);
    if (this.flushedTo === Number.NEGATIVE_INFINITY) this.flushedTo = start - 1;
    while (this.flushedTo < start) {
      this.flushedTo++;
      const ready = this.pending.get(this.flushedTo);
      if (ready) {
        this.eligible.push(...ready);
        this.pending.delete(this.flushedTo);
      }
    }
    let family: FamilyPlan | undefined;
    if (this.eligible.length === 0 || !this.rng.chance(P_REPEAT)) family = this.takeNew(start);
    if (family === undefined && this.eligible.length > 0) {
      const i = this.rng.int(0, this.eligible.length - 1);
      family = this.eligible[i];
      this.eligible[i] = this.eligible[this.eligible.length - 1] as FamilyPlan;
      this.eligible.pop();
    }
    if (family === undefined) return false;
    this.give(s, family);
    const again = spanEnd(s) + REPEAT_GAP + 1;
    const list = this.pending.get(again);
    if (list) list.push(family);
    else this.pending.set(again, [family]);
    return true;
  }

  /** Out of order (after the main pass): any family with no stay near this one. */
  assignAnyFree(s: StayPlan): boolean {
    const start = spanStart(s) - REPEAT_GAP;
    const end = spanEnd(s) + REPEAT_GAP;
    let family = this.takeNew(spanStart(s));
    for (let attempt = 0; family === undefined && attempt < 50; attempt++) {
      const f = this.rng.pick(this.families);
      const spans = this.spans[f.index] ?? [];
      if (f.eldestBirth <= spanStart(s) - MIN_ELDEST_AGE && spans.every(([a, b]) => b < start || a > end))
        family = f;
    }
    if (family === undefined) return false;
    this.give(s, family);
    return true;
  }

  private give(s: StayPlan, family: FamilyPlan): void {
    s.family = family;
    this.spans[family.index]?.push([spanStart(s), spanEnd(s)]);
  }

  private takeNew(start: Day): FamilyPlan | undefined {
    const end = Math.min(this.order.length, this.next + 40);
    for (let j = this.next; j < end; j++) {
      const f = this.order[j] as FamilyPlan;
      if (f.eldestBirth <= start - MIN_ELDEST_AGE) {
        this.order[j] = this.order[this.next] as FamilyPlan;
        this.order[this.next] = f;
        this.next++;
        return f;
      }
    }
    return undefined;
  }
}

const PRESCHOOL = /クラス$|^年[少中長]$/;

function decideMembers(s: StayPlan, family: FamilyPlan, ctx: Ctx, rng: Rng): void {
  const kids = childrenOf(family).filter((c) => c.birth <= s.arrival - 30);
  const grades = kids.map((c) => gradeOn(c.birth, s.arrival) ?? '');
  const canNursery = kids.map(
    (c, i) => PRESCHOOL.test(grades[i] ?? '') && c.birth <= s.arrival - MIN_ELDEST_AGE,
  );
  const isPrimary = grades.map((g) => g.startsWith('小'));
  const anyNursery = canNursery.some(Boolean);
  const anyPrimary = isPrimary.some(Boolean);
  // The programme must fit the children: 保育園留学 needs a child of nursery age, 小学生留学 a pupil.
  if (s.programme === 'nursery_stay' && !anyNursery)
    s.programme = anyPrimary ? 'school_stay' : 'trial_living';
  if (s.programme === 'school_stay' && !anyPrimary)
    s.programme = anyNursery ? 'nursery_stay' : 'trial_living';

  const childProgramme = s.programme === 'nursery_stay' || s.programme === 'school_stay';
  const parents = family.people.filter((p) => p.relation === 'parent');
  let coming = parents;
  if (parents.length === 2) {
    const who = rng.weighted<'mother' | 'father' | 'both'>(
      childProgramme
        ? [
            ['mother', 50],
            ['both', 40],
            ['father', 10],
          ]
        : [
            ['both', 75],
            ['mother', 15],
            ['father', 10],
          ],
    );
    if (who !== 'both') coming = parents.filter((p) => p.role === who);
  }
  const grandparent = family.people.find((p) => p.role === 'grandparent');
  s.people = [...coming, ...kids];
  s.schools = s.people.map(() => null);
  if (grandparent && rng.chance(0.3)) {
    s.people.push(grandparent);
    s.schools.push(null);
  }

  // Children on other programmes use the nursery (一時保育) or school only some of the time.
  const enrolled = childProgramme || rng.chance(0.4);
  const nursery = rng.pick(ctx.town.nurseries);
  const school = rng.pick(ctx.town.schools);
  const used = new Set<string>();
  kids.forEach((_, i) => {
    const place = !enrolled ? null : canNursery[i] ? nursery : isPrimary[i] ? school : null;
    s.schools[coming.length + i] = place;
    if (place) used.add(place);
  });
  s.schoolName = used.size > 0 ? [...used].join('・') : null;
  if (s.repeatNo > 1 && rng.chance(0.6)) s.notes = `リピーター（${s.repeatNo}回目の滞在）`;
  else if (rng.chance(0.1)) s.notes = rng.pick(STAY_NOTES);
}

/**
 * Trial houses, first come first served: a house is free once the previous family has left (with a
 * day for cleaning). The numbered town units named in lodging_text get the same care, so that a
 * screenshot never shows two families in 町営お試し住宅 2号 at once.
 */
function lodge(plans: StayPlan[], houses: TrialHouse[], ctx: Ctx, rng: Rng): void {
  const free = (booked: Day, s: StayPlan) => booked < spanStart(s);
  const units: Day[] = Array.from({ length: NUMBERED_LODGING_UNITS }, () => Number.NEGATIVE_INFINITY);
  for (const s of plans) {
    const active = s.status !== 'cancelled';
    if (active && houses.length > 0 && rng.chance(P_TRIAL_HOUSE)) {
      const offset = rng.int(0, houses.length - 1);
      for (let k = 0; k < houses.length; k++) {
        const h = houses[(offset + k) % houses.length] as TrialHouse;
        if (free(h.bookedUntil, s)) {
          h.bookedUntil = spanEnd(s);
          s.lodgingId = h.id;
          break;
        }
      }
    }
    if (s.lodgingId !== null || (!active && rng.chance(0.6))) continue;
    const district = rng.pick(ctx.town.districts);
    const unit = active && rng.chance(0.4) ? units.findIndex((booked) => free(booked, s)) : -1;
    if (unit >= 0) {
      units[unit] = spanEnd(s);
      s.lodgingText = NUMBERED_LODGING.replace('{kind}', ctx.town.kind).replace('{n}', String(unit + 1));
    } else {
      s.lodgingText = rng.pick(OTHER_LODGINGS).replace('{district}', district);
    }
  }
}

const HOUR = 3_600_000;

/** Booking times (created_at) and the last change (updated_at); a family's record is created with its first booking. */
function decideTimes(plans: StayPlan[], families: FamilyPlan[], ctx: Ctx, rng: Rng): void {
  const { today, nowMs } = ctx;
  const previous = new Map<FamilyPlan, number>();
  for (const s of plans) {
    const family = s.family as FamilyPlan;
    const prev = previous.get(family);
    const latest = Math.min(s.arrival - 3, today);
    let day = s.arrival - rng.int(14, 120);
    if (prev !== undefined) day = Math.max(day, jstDay(prev) + 1);
    day = Math.min(day, latest);
    s.createdMs = Math.min(jstMs(day, rng.int(8 * 60, 22 * 60)), nowMs - rng.int(1, 3) * HOUR);
    if (prev === undefined) family.createdMs = s.createdMs - rng.int(5, 90) * 60_000;
    previous.set(family, s.createdMs);

    switch (s.status) {
      case 'completed':
        s.updatedMs = jstMs(s.actualDeparture ?? s.departure, rng.int(10 * 60, 18 * 60));
        break;
      case 'in_town':
        s.updatedMs = jstMs(s.actualArrival ?? s.arrival, rng.int(13 * 60, 18 * 60));
        break;
      case 'cancelled': {
        const until = Math.min(jstMs(s.arrival, 0), nowMs);
        s.updatedMs = s.createdMs + Math.max(0, Math.round(rng.next() * (until - s.createdMs)));
        break;
      }
      default:
        s.updatedMs = s.createdMs;
    }
  }
  // Families that have not booked yet registered at some point over the timeline.
  for (const f of families) {
    if (f.stayCount === 0)
      f.createdMs = jstMs(rng.int(ctx.firstDay - 90, today - 1), rng.int(9 * 60, 21 * 60));
  }
}

export function makeStayRows(
  plans: StayPlan[],
  ctx: Ctx,
  stamp: Stamper,
): { stays: StayRow[]; stayMembers: StayMemberRow[] } {
  const stays: StayRow[] = [];
  const stayMembers: StayMemberRow[] = [];
  for (const s of plans) {
    const family = s.family as FamilyPlan;
    s.id = stamp.id(s.createdMs);
    stays.push({
      id: s.id,
      municipality_id: ctx.municipalityId,
      family_id: family.id,
      programme: s.programme,
      planned_arrival: formatDay(s.arrival),
      planned_departure: formatDay(s.departure),
      actual_arrival: s.actualArrival === null ? null : formatDay(s.actualArrival),
      actual_departure: s.actualDeparture === null ? null : formatDay(s.actualDeparture),
      lodging_property_id: s.lodgingId,
      lodging_text: s.lodgingText,
      status: s.status,
      school_name: s.schoolName,
      notes: s.notes,
      ...stamp.audit(s.createdMs, s.updatedMs),
    });
    s.people.forEach((p, i) => {
      const at = s.createdMs + (i + 1) * 1000;
      stayMembers.push({
        id: stamp.id(at),
        municipality_id: ctx.municipalityId,
        stay_id: s.id,
        member_id: p.id,
        school_name: s.schools[i] ?? null,
        ...stamp.audit(at),
      });
    });
  }
  return { stays, stayMembers };
}

/** The day a stay ends for the check-ins and the board: actual when known, else planned. */
/**
 * One double booking, as happens when two coordinators book the same trial house offline: the first
 * planned stay that lodges nowhere takes the house of a planned stay it overlaps. The trial calendar
 * and the stay page must show it; everything else about the sample stays clean.
 */
export function doubleBookOne(plans: StayPlan[]): void {
  const overlaps = (a: StayPlan, b: StayPlan) => spanStart(a) < spanEnd(b) && spanStart(b) < spanEnd(a);
  const live = plans.filter((s) => s.status !== 'cancelled' && s.lodgingId !== null);
  for (const s of plans) {
    if (s.status !== 'planned' || s.lodgingId !== null) continue;
    const other = live.find(
      (o) =>
        o.status === 'planned' &&
        o.family !== s.family &&
        overlaps(o, s) &&
        // Exactly one clash, so the calendar shows one double booking, not a pile-up.
        live.filter((x) => x.lodgingId === o.lodgingId && overlaps(x, s)).length === 1,
    );
    if (other === undefined) continue;
    s.lodgingId = other.lodgingId;
    s.lodgingText = null;
    return;
  }
}

export function effectiveDeparture(s: StayPlan): Day {
  return s.actualDeparture ?? s.departure;
}

export function effectiveArrival(s: StayPlan): Day {
  return s.actualArrival ?? s.arrival;
}

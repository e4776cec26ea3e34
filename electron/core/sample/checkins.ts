import type { CheckinKind, Condition } from '../../../shared/domain/enums.ts';
import type { Ctx, Stamper } from './context.ts';
import { type Day, formatDay, iso, jstMs, weekday } from './dates.ts';
import {
  ATTENTION_ABSENT_NOTES,
  ATTENTION_NOTES,
  ATTENTION_SCHOOL_NOTES,
  CALL_NOTES,
  CHILD_PLACEHOLDER,
  GOOD_NOTES,
  GOOD_SCHOOL_NOTES,
  URGENT_CHILD_NOTES,
  URGENT_NOTES,
  VISIT_NOTES,
} from './phrases.ts';
import type { Rng } from './prng.ts';
import type { CheckinRow } from './rows.ts';
import type { StayPlan } from './stays.ts';

/**
 * The coordinators' daily log. Every day of every stay that has started gets one entry (arrival on the
 * first day, departure on the last, daily in between, sometimes a visit or a call instead); today only
 * some families have been seen yet, so the board shows who is still missing. The total is then made
 * exact for the benchmark: extra visits/calls are added on past days, or past daily entries dropped.
 */

/** Share of the in-town families already checked on when the sample's "now" (noon) comes. */
const P_CHECKED_TODAY = 0.6;

const KINDS: readonly CheckinKind[] = ['arrival', 'daily', 'visit', 'call', 'departure'];
const ARRIVAL = 0;
const DAILY = 1;
const VISIT = 2;
const CALL = 3;
const DEPARTURE = 4;

interface Kid {
  id: string;
  /** 陽翔くん / 陽葵ちゃん, as a note would call the child. */
  label: string;
  attends: boolean;
}

interface Entry {
  memberId: string;
  attended: boolean;
}

export function generateCheckins(
  plans: readonly StayPlan[],
  target: number,
  ctx: Ctx,
  stamp: Stamper,
  rng: Rng,
): CheckinRow[] {
  const { today } = ctx;

  // 1. One slot per stay-day (parallel arrays: 100k small objects would be needless garbage).
  const slotStay: number[] = [];
  const slotDay: number[] = [];
  const slotKind: number[] = [];
  plans.forEach((s, si) => {
    if (s.status !== 'in_town' && s.status !== 'completed') return;
    const start = s.actualArrival as Day;
    const completed = s.status === 'completed';
    const end = completed ? (s.actualDeparture as Day) : today;
    for (let d = start; d <= end; d++) {
      if (d === today && !rng.chance(P_CHECKED_TODAY)) continue;
      let kind = DAILY;
      if (d === start) kind = ARRIVAL;
      else if (completed && d === end) kind = DEPARTURE;
      else {
        const r = rng.next();
        if (r < 0.05) kind = VISIT;
        else if (r < 0.1) kind = CALL;
      }
      slotStay.push(si);
      slotDay.push(d);
      slotKind.push(kind);
    }
  });

  // 2. Hit the target exactly, touching only past days so that today's board stays as planned.
  const n = slotStay.length;
  const removed = new Uint8Array(n);
  const extras = new Uint16Array(n);
  const diff = target - n;
  if (diff < 0) {
    const removable: number[] = [];
    for (let i = 0; i < n; i++) if (slotKind[i] === DAILY && (slotDay[i] as Day) < today) removable.push(i);
    if (removable.length < -diff) throw new Error(`sample: cannot trim ${-diff} check-ins`);
    for (const i of rng.sample(removable, -diff)) removed[i] = 1;
  } else if (diff > 0) {
    const past: number[] = [];
    for (let i = 0; i < n; i++) if ((slotDay[i] as Day) < today) past.push(i);
    if (past.length === 0) throw new Error('sample: no past stay-days to add check-ins to');
    for (let k = 0; k < diff; k++) {
      const i = rng.pick(past);
      extras[i] = (extras[i] as number) + 1;
    }
  }

  // 3. The rows.
  const kidsCache = new Map<number, Kid[]>();
  const kidsOf = (si: number): Kid[] => {
    let kids = kidsCache.get(si);
    if (kids === undefined) {
      const s = plans[si] as StayPlan;
      kids = [];
      s.people.forEach((p, i) => {
        if (p.role !== 'child') return;
        kids?.push({
          id: p.id,
          label: `${p.name.kanji}${p.boy ? 'くん' : 'ちゃん'}`,
          attends: s.schools[i] != null,
        });
      });
      kidsCache.set(si, kids);
    }
    return kids;
  };

  const rows: CheckinRow[] = [];
  for (let i = 0; i < n; i++) {
    const si = slotStay[i] as number;
    const s = plans[si] as StayPlan;
    const day = slotDay[i] as Day;
    if (!removed[i]) rows.push(entry(s, kidsOf(si), day, slotKind[i] as number, false, ctx, stamp, rng));
    for (let e = 0; e < (extras[i] as number); e++) {
      rows.push(entry(s, kidsOf(si), day, rng.chance(0.5) ? VISIT : CALL, true, ctx, stamp, rng));
    }
  }
  return rows;
}

function fill(note: string, kids: readonly Kid[], rng: Rng, child?: Kid): string {
  if (!note.includes(CHILD_PLACEHOLDER)) return note;
  const who = child ?? (kids.length > 0 ? rng.pick(kids) : undefined);
  return note.replace(CHILD_PLACEHOLDER, who?.label ?? '子ども');
}

function entry(
  s: StayPlan,
  kids: readonly Kid[],
  day: Day,
  kind: number,
  extra: boolean,
  ctx: Ctx,
  stamp: Stamper,
  rng: Rng,
): CheckinRow {
  const isToday = day === ctx.today;
  const dow = weekday(day);
  // Attendance is recorded on school days, for the children enrolled in a nursery or school here; an
  // extra visit or call is not about attendance.
  const schoolDay = !extra && kind !== ARRIVAL && kind !== DEPARTURE && dow !== 0 && dow !== 6;
  const attendance: Entry[] = schoolDay
    ? kids.filter((k) => k.attends).map((k) => ({ memberId: k.id, attended: true }))
    : [];

  const condition: Condition = extra
    ? rng.chance(0.92)
      ? 'good'
      : 'attention'
    : kind === ARRIVAL || kind === DEPARTURE
      ? rng.chance(0.95)
        ? 'good'
        : 'attention'
      : rng.weighted<Condition>([
          ['good', 88],
          ['attention', 10],
          ['urgent', 2],
        ]);

  // Notes about nursery/school are only written about a child who is enrolled and it is a school day.
  const enrolled = kids.filter((k) => attendance.some((a) => a.memberId === k.id));
  const absent = (child: Kid) => {
    const a = attendance.find((x) => x.memberId === child.id);
    if (a) a.attended = false;
  };
  let note: string | null = null;
  if (condition === 'good') {
    if (kind === VISIT && rng.chance(0.7)) note = rng.pick(VISIT_NOTES);
    else if (kind === CALL && rng.chance(0.7)) note = rng.pick(CALL_NOTES);
    else if (rng.chance(0.12)) {
      note =
        enrolled.length > 0 && rng.chance(0.5)
          ? fill(rng.pick(GOOD_SCHOOL_NOTES), enrolled, rng)
          : fill(rng.pick(GOOD_NOTES), kids, rng);
    }
  } else if (condition === 'attention') {
    const r = rng.next();
    if (enrolled.length > 0 && r < 0.35) {
      const child = rng.pick(enrolled);
      note = fill(rng.pick(ATTENTION_ABSENT_NOTES), kids, rng, child);
      absent(child);
    } else if (enrolled.length > 0 && r < 0.5) {
      note = fill(rng.pick(ATTENTION_SCHOOL_NOTES), enrolled, rng);
    } else {
      note = fill(rng.pick(ATTENTION_NOTES), kids, rng);
    }
  } else if (kids.length > 0 && rng.chance(0.6)) {
    const child = rng.pick(kids);
    note = fill(rng.pick(URGENT_CHILD_NOTES), kids, rng, child);
    absent(child);
  } else {
    note = fill(rng.pick(URGENT_NOTES), kids, rng);
  }

  const followUp = condition === 'urgent' ? rng.chance(0.85) : condition === 'attention' && rng.chance(0.3);
  const followUpOn = followUp ? day + rng.int(1, 2) : null;
  let doneMs: number | null = null;
  if (followUpOn !== null && followUpOn < ctx.today && rng.chance(0.85)) {
    doneMs = jstMs(followUpOn, rng.int(9 * 60, 17 * 60));
  }

  let minutes: number;
  if (isToday) minutes = rng.int(8 * 60 + 30, 11 * 60 + 45);
  else if (kind === ARRIVAL) minutes = rng.int(14 * 60, 19 * 60);
  else if (kind === DEPARTURE) minutes = rng.int(8 * 60 + 30, 11 * 60 + 30);
  else if (kind === CALL) minutes = rng.int(17 * 60, 20 * 60);
  else minutes = rng.int(9 * 60, 17 * 60 + 30);
  const recordedMs = jstMs(day, minutes) + rng.int(0, 59) * 1000;
  const recordedAt = stamp.audit(recordedMs);

  return {
    id: stamp.id(recordedMs),
    municipality_id: ctx.municipalityId,
    stay_id: s.id,
    family_id: (s.family as { id: string }).id,
    date: formatDay(day),
    recorded_at: recordedAt.created_at,
    kind: KINDS[kind] as CheckinKind,
    condition,
    note,
    attendance: JSON.stringify(attendance),
    follow_up_needed: followUp ? 1 : 0,
    follow_up_on: followUpOn === null ? null : formatDay(followUpOn),
    follow_up_done_at: doneMs === null ? null : iso(doneMs),
    ...(doneMs === null ? recordedAt : stamp.audit(recordedMs, doneMs)),
  };
}

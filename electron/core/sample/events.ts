import type { Ctx, Stamper } from './context.ts';
import { type Day, formatDay, iso, jstMs, ymd } from './dates.ts';
import type { FamilyPlan } from './families.ts';
import { ELDER_MAN_NAMES, ELDER_WOMAN_NAMES, MOTHER_NAMES, SURNAMES } from './names.ts';
import { fullName, fullNameKana } from './people.ts';
import { EVENT_KIND_WEIGHTS, EVENT_TEMPLATES, type EventTemplate, HALLS, ORGANISERS } from './phrases.ts';
import type { Rng } from './prng.ts';
import type { ApplicationRow, EventAttendanceRow, EventRow, SupporterRow } from './rows.ts';
import { effectiveArrival, effectiveDeparture, type StayPlan } from './stays.ts';

/**
 * Community events over the timeline, the supporters' register they feed, applications and the roll
 * call (docs/events.md). In-town events draw the families staying in town that day; briefings and
 * online events draw families that have not come yet; people who are not a family are supporters, and
 * some of them come back. On top, the town's signature year: a 1泊2日 体験 that is full with a waiting
 * list, a 相談会 in Tokyo, online 説明会 and the サポーターの集い.
 */

/** Longest stay span in days (21 nights + a day's shift); bounds the search for stays around a date. */
const MAX_SPAN = 23;

const HOME_PREFECTURES = [
  '東京都',
  '神奈川県',
  '大阪府',
  '福岡県',
  '愛知県',
  '埼玉県',
  '千葉県',
  '兵庫県',
] as const;
const OUTSIDE_PLACES = [
  '東京都内（有楽町・ふるさと回帰支援センター）',
  '大阪市内（梅田・移住相談会場）',
  '福岡市内（天神・移住相談会場）',
] as const;
/** Events of the signature year (signatureYear below). */
const SIGNATURE_EVENTS = 5;
const PARTNERS = ['NPO法人ふるさと暮らし支援機構', '地元そば打ち保存会', '観光協会', '商工会青年部'] as const;

export interface SampleEvents {
  events: EventRow[];
  supporters: SupporterRow[];
  applications: ApplicationRow[];
  attendance: EventAttendanceRow[];
}

interface Guest {
  family: FamilyPlan | null;
  memberIds: string[];
  supporter: SupporterRow | null;
  heads: number;
}

export function generateEvents(
  count: number,
  plans: readonly StayPlan[],
  families: readonly FamilyPlan[],
  lastEventDay: Day,
  ctx: Ctx,
  stamp: Stamper,
  rng: Rng,
): SampleEvents {
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

  const out: SampleEvents = { events: [], supporters: [], applications: [], attendance: [] };
  const office = town.kind === '市' ? '市役所' : '役場';

  /** A new supporter, first connected at an event on `day` (before it: applied ahead). */
  const newSupporter = (day: Day, createdMs: number): SupporterRow => {
    const surname = rng.weighted(SURNAMES);
    const given = rng.pick(
      rng.chance(0.5) ? ELDER_WOMAN_NAMES : rng.chance(0.5) ? ELDER_MAN_NAMES : MOTHER_NAMES,
    );
    const consent = rng.chance(0.6);
    const extra = rng.chance(0.3)
      ? [rng.pick(['furusato_nozei', 'volunteer', 'side_job', 'fan_club', 'former_resident'])]
      : [];
    const row: SupporterRow = {
      id: stamp.id(createdMs),
      municipality_id: ctx.municipalityId,
      name: fullName(surname, given),
      name_kana: fullNameKana(surname, given),
      home_prefecture: rng.pick(HOME_PREFECTURES),
      home_city: null,
      phone: rng.chance(0.5) ? `090${String(rng.int(10_000_000, 99_999_999))}` : null,
      email: consent ? `supporter${out.supporters.length + 1}@example.jp` : null,
      connections: JSON.stringify(['event', ...extra].sort()),
      first_connected_on: formatDay(day),
      contact_consent: consent ? 1 : 0,
      contact_channels: JSON.stringify(consent ? ['email'] : []),
      family_member_id: null,
      merged_into: null,
      note: null,
      erased_at: null,
      ...stamp.audit(createdMs),
      // Added by a later migration (0009), so last in the table.
      connection_other: null,
    };
    out.supporters.push(row);
    return row;
  };

  /** Supporters who came before `day` and may come again. */
  const returning = (day: Day): SupporterRow | null => {
    const known = out.supporters.filter((s) => (s.first_connected_on as string) < formatDay(day));
    return known.length > 0 ? rng.pick(known) : null;
  };

  const familyGuest = (f: FamilyPlan, heads: number, people?: readonly { id: string }[]): Guest => {
    const members = (people ?? f.people).slice(0, Math.max(1, Math.min(heads, (people ?? f.people).length)));
    return {
      family: f,
      memberIds: members.map((p) => p.id),
      supporter: null,
      heads: Math.max(heads, members.length),
    };
  };

  /** Applications (and, for an event over, the roll call) of one event. */
  const register = (
    event: EventRow,
    guests: Guest[],
    capacity: number | null,
    createdMs: number,
    startMs: number,
    endMs: number,
  ) => {
    const ended = endMs < nowMs;
    let held = 0;
    guests.forEach((g, i) => {
      const regMs = Math.min(
        Math.max(createdMs + 3_600_000 * (i + 1), startMs - 20 * 86_400_000 + i * 3_600_000),
        startMs - 3_600_000,
        nowMs - 60_000,
      );
      const fits = capacity === null || held + g.heads <= capacity;
      let status: ApplicationRow['status'] = fits ? 'applied' : 'waiting';
      if (ended && status === 'applied') {
        status = rng.weighted<ApplicationRow['status']>([
          ['applied', 85],
          ['absent', 10],
          ['cancelled', 5],
        ]);
      } else if (ended) status = 'cancelled';
      if (status === 'applied' || status === 'absent') held += g.heads;
      const application: ApplicationRow = {
        id: stamp.id(regMs),
        municipality_id: ctx.municipalityId,
        event_id: event.id,
        family_id: g.family?.id ?? null,
        supporter_id: g.supporter?.id ?? null,
        member_ids: JSON.stringify(g.memberIds),
        head_count: g.heads,
        status,
        applied_at: iso(regMs),
        walk_in: 0,
        note: null,
        ...stamp.audit(regMs, ended ? endMs : regMs),
      };
      out.applications.push(application);
      if (ended && status === 'applied') {
        const markMs = startMs + rng.int(0, 20) * 60_000;
        const people = g.family
          ? g.memberIds.map((m) => ({ member: m, supporter: null }))
          : [{ member: null, supporter: g.supporter?.id ?? null }];
        for (const p of people) {
          out.attendance.push({
            id: stamp.id(markMs),
            municipality_id: ctx.municipalityId,
            event_id: event.id,
            application_id: application.id,
            family_id: g.family?.id ?? null,
            member_id: p.member,
            supporter_id: p.supporter,
            marked_at: iso(markMs),
            ...stamp.audit(markMs),
          });
        }
      }
    });
  };

  const makeEvent = (
    fields: Omit<EventRow, 'id' | 'municipality_id' | keyof ReturnType<Stamper['audit']>>,
    createdMs: number,
  ): EventRow => {
    // In the table's column order (the sample loader and its test read rows column by column).
    const row: EventRow = {
      id: stamp.id(createdMs),
      municipality_id: ctx.municipalityId,
      title: fields.title,
      kind: fields.kind,
      kind_label: fields.kind_label,
      starts_at: fields.starts_at,
      ends_at: fields.ends_at,
      place_kind: fields.place_kind,
      place: fields.place,
      place_property_id: fields.place_property_id,
      online_url: fields.online_url,
      capacity: fields.capacity,
      conditions: fields.conditions,
      application_opens_on: fields.application_opens_on,
      application_closes_on: fields.application_closes_on,
      fee_yen: fields.fee_yen,
      fee_note: fields.fee_note,
      organiser: fields.organiser,
      partners: fields.partners,
      description: fields.description,
      status: fields.status,
      ...stamp.audit(createdMs),
    };
    out.events.push(row);
    return row;
  };

  // The signature year's events are part of the count.
  const days = Array.from({ length: Math.max(0, count - SIGNATURE_EVENTS) }, () =>
    rng.int(ctx.firstDay, lastEventDay),
  ).sort((a, b) => a - b);
  for (const [n, day] of days.entries()) {
    const kind = rng.weighted(EVENT_KIND_WEIGHTS);
    const month = ymd(day).month;
    const ofKind = EVENT_TEMPLATES.filter((t) => t.kind === kind);
    const inSeason = ofKind.filter((t) => t.months.length === 0 || t.months.includes(month));
    const t: EventTemplate = rng.pick(inSeason.length > 0 ? inSeason : ofKind);
    const district = rng.pick(town.districts);
    const outside = (kind === 'briefing' || kind === 'consultation') && rng.chance(0.4);
    const place = outside
      ? rng.pick(OUTSIDE_PLACES)
      : (t.place ?? rng.pick(HALLS)).replace('{district}', district).replace('{office}', office);
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
    const localTitle = (kind === 'exchange' || kind === 'consultation') && !outside && rng.chance(0.25);
    const event = makeEvent(
      {
        title: localTitle ? `${t.title}（${district}地区）` : t.title,
        kind,
        kind_label: null,
        starts_at: iso(startMs),
        ends_at: iso(endMs),
        place_kind: kind === 'online' ? 'online' : outside ? 'outside' : 'in_town',
        place: kind === 'online' ? null : place,
        place_property_id: null,
        online_url: kind === 'online' ? `https://meet.example.jp/${ctx.municipalityId}/${n + 1}` : null,
        capacity,
        conditions: kind === 'experience' && rng.chance(0.4) ? '小学生とその父母の2名以上' : null,
        application_opens_on: formatDay(day - 30),
        application_closes_on: formatDay(day - 2),
        fee_yen: kind === 'experience' ? rng.pick([500, 1000, 2000, 3000]) : null,
        fee_note: null,
        organiser: rng.pick(ORGANISERS),
        partners: rng.chance(0.3) ? rng.pick(PARTNERS) : null,
        description: t.description,
        status: 'planned',
      },
      createdMs,
    );

    const limit = capacity ?? 100;
    const guests: Guest[] = [];
    if (kind === 'exchange' || kind === 'experience' || (kind === 'consultation' && !outside)) {
      const want = kind === 'consultation' ? rng.int(1, 5) : rng.int(2, 12);
      for (const s of rng.sample(inTownOn(day), Math.min(want, limit)))
        if (s.family) guests.push(familyGuest(s.family, Math.max(1, Math.min(5, s.people.length)), s.people));
    }
    if (kind === 'briefing' || kind === 'online' || kind === 'consultation') {
      const want = kind === 'online' ? rng.int(4, 20) : kind === 'briefing' ? rng.int(2, 10) : rng.int(0, 2);
      for (const f of prospects(day, Math.max(0, Math.min(want, limit - guests.length))))
        guests.push(familyGuest(f, kind === 'online' ? rng.int(1, 2) : rng.int(1, 3)));
    }
    // People who are not a family: supporters, some of them coming back.
    if (guests.length < limit && rng.chance(0.6)) {
      const extra = Math.min(rng.int(1, 4), limit - guests.length);
      const chosen = new Set<string>();
      for (let k = 0; k < extra; k++) {
        const back = rng.chance(0.35) ? returning(day) : null;
        const s =
          back && !chosen.has(back.id)
            ? back
            : newSupporter(day, Math.min(createdMs + 3_600_000, nowMs - 60_000));
        chosen.add(s.id);
        guests.push({ family: null, memberIds: [], supporter: s, heads: rng.int(1, 2) });
      }
    }
    register(event, guests, capacity, createdMs, startMs, endMs);
  }

  signatureYear(ctx, families, makeEvent, register, newSupporter, returning, rng);
  return out;
}

/**
 * The year a coordinator would show a visitor: a full 1泊2日 体験 with a waiting list ahead, a 相談会 in
 * Tokyo and an online 説明会 behind, the サポーターの集い last month, and another 説明会 to come.
 */
function signatureYear(
  ctx: Ctx,
  families: readonly FamilyPlan[],
  makeEvent: (
    fields: Omit<EventRow, 'id' | 'municipality_id' | keyof ReturnType<Stamper['audit']>>,
    createdMs: number,
  ) => EventRow,
  register: (
    event: EventRow,
    guests: Guest[],
    capacity: number | null,
    createdMs: number,
    startMs: number,
    endMs: number,
  ) => void,
  newSupporter: (day: Day, createdMs: number) => SupporterRow,
  returning: (day: Day) => SupporterRow | null,
  rng: Rng,
): void {
  const today = ctx.today;
  const base = {
    kind_label: null,
    place_property_id: null,
    online_url: null,
    conditions: null,
    fee_yen: null,
    fee_note: null,
    partners: null,
    status: 'planned' as const,
  };
  const plan = (
    offset: number,
    nights: number,
    startMin: number,
    endMin: number,
    fields: Partial<EventRow> &
      Pick<EventRow, 'title' | 'kind' | 'place_kind' | 'place' | 'capacity' | 'organiser' | 'description'>,
  ) => {
    const day = today + offset;
    const startMs = jstMs(day, startMin);
    const endMs = jstMs(day + nights, endMin);
    const createdMs = Math.min(jstMs(day - 45, 10 * 60), ctx.nowMs - 3_600_000);
    const event = makeEvent(
      {
        ...base,
        application_opens_on: formatDay(day - 40),
        application_closes_on: formatDay(day - 3),
        starts_at: iso(startMs),
        ends_at: iso(endMs),
        ...fields,
      },
      createdMs,
    );
    return { event, day, startMs, endMs, createdMs };
  };
  const supporterGuests = (day: Day, n: number, createdMs: number, backShare: number): Guest[] => {
    const guests: Guest[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const back = rng.chance(backShare) ? returning(day) : null;
      const s = back && !seen.has(back.id) ? back : newSupporter(day, createdMs + 3_600_000);
      seen.add(s.id);
      guests.push({ family: null, memberIds: [], supporter: s, heads: 1 });
    }
    return guests;
  };
  const familyGuests = (n: number): Guest[] =>
    rng.sample([...families], n).map((f) => {
      const people = f.people.slice(0, 2);
      return { family: f, memberIds: people.map((p) => p.id), supporter: null, heads: people.length };
    });

  const consult = plan(-120, 0, 13 * 60, 17 * 60, {
    title: '移住・二地域居住 個別相談会（東京）',
    kind: 'consultation',
    place_kind: 'outside',
    place: OUTSIDE_PLACES[0],
    capacity: 8,
    organiser: '企画課 移住定住係',
    partners: 'NPO法人ふるさと暮らし支援機構',
    description: '暮らし・仕事・住まい・子育てについて、町の担当者と個別にご相談いただけます（1組45分）。',
  });
  register(
    consult.event,
    [...familyGuests(3), ...supporterGuests(consult.day, 4, consult.createdMs, 0.2)],
    8,
    consult.createdMs,
    consult.startMs,
    consult.endMs,
  );

  const online = plan(-60, 0, 20 * 60, 21 * 60 + 30, {
    title: 'オンライン移住説明会 〜保育園留学のいま〜',
    kind: 'briefing',
    place_kind: 'online',
    place: null,
    online_url: `https://meet.example.jp/${ctx.municipalityId}/setsumeikai`,
    capacity: 50,
    organiser: '企画課 移住定住係',
    description: '保育園留学・お試し居住の流れ、費用、滞在中の一日を、先輩家族の話とともにご紹介します。',
  });
  register(
    online.event,
    [...familyGuests(8), ...supporterGuests(online.day, 10, online.createdMs, 0.3)],
    50,
    online.createdMs,
    online.startMs,
    online.endMs,
  );

  const gathering = plan(-30, 0, 14 * 60, 17 * 60, {
    title: 'サポーターの集い',
    kind: 'other',
    kind_label: 'サポーターの集い',
    place_kind: 'in_town',
    place: '地域交流センター',
    capacity: 40,
    organiser: '企画課',
    partners: '観光協会\n商工会青年部',
    description: '今年度のイベントに参加してくださった皆さんと、町の人との交流会です。',
  });
  register(
    gathering.event,
    supporterGuests(gathering.day, 14, gathering.createdMs, 0.9),
    40,
    gathering.createdMs,
    gathering.startMs,
    gathering.endMs,
  );

  // Ahead: the 体験 is full (ten heads) and two wait.
  const taiken = plan(20, 1, 10 * 60, 15 * 60, {
    title: 'そば打ちと古民家ステイ 1泊2日体験',
    kind: 'experience',
    place_kind: 'in_town',
    place: '古民家「かやぶきの家」',
    capacity: 10,
    conditions: '小学生とその父母の2名以上',
    fee_yen: 5000,
    fee_note: '1人あたり（宿泊・食事込み）',
    organiser: '企画課 移住定住係',
    partners: '地元そば打ち保存会',
    description: '地元のそば打ち名人とそばを打ち、古民家に泊まって町の暮らしを体験します。',
  });
  const full = [
    ...familyGuests(4),
    ...supporterGuests(taiken.day, 2, taiken.createdMs, 0.5),
    ...supporterGuests(taiken.day, 2, taiken.createdMs, 0.5),
  ];
  register(taiken.event, full, 10, taiken.createdMs, taiken.startMs, taiken.endMs);

  const nextOnline = plan(45, 0, 20 * 60, 21 * 60, {
    title: 'オンライン移住説明会 〜二地域居住の始め方〜',
    kind: 'online',
    place_kind: 'online',
    place: null,
    online_url: `https://meet.example.jp/${ctx.municipalityId}/nichiiki`,
    capacity: null,
    organiser: '企画課 移住定住係',
    description: '二地域居住の制度、住まいの探し方、仕事との両立についてお話しします。',
  });
  register(
    nextOnline.event,
    supporterGuests(nextOnline.day, 5, nextOnline.createdMs, 0.5),
    null,
    nextOnline.createdMs,
    nextOnline.startMs,
    nextOnline.endMs,
  );
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

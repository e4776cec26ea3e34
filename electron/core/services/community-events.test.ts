import { afterEach, describe, expect, it } from 'vitest';
import type {
  ApplicationResult,
  CsvFile,
  DuplicateCandidate,
  EventFigures,
  EventFollowUp,
  EventRoster,
  EventView,
  SupporterPage,
  SupporterView,
} from '../../../shared/ipc/views/community-events.ts';
import type { FamilyDetail } from '../../../shared/ipc/views.ts';
import type { AppCore } from '../app-core.ts';
import { call, openTestCore } from '../test-support.ts';

/** Events, the supporters' register, applications and the roll call, on a real core and SQLite file. */

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
});

// 2026-12-04 12:00 in Japan.
const NOW = new Date('2026-12-04T03:00:00Z');

async function town(role = 'coordinator') {
  const opened = await openTestCore({ now: () => NOW });
  disposers.push(opened.dispose);
  const c = opened.core;
  await call(c, 'profile.setup', { municipalityId: 'kagoshima-yoron', displayName: '与論 花子', role });
  return c;
}

async function refusal(c: AppCore, channel: string, input: unknown) {
  const r = await c.invoke(channel, input);
  if (r.ok) throw new Error(`${channel} was accepted`);
  return r.error;
}

const count = (c: AppCore, table: string) =>
  c.database.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

/** A 1泊2日 体験 (Japan time), capacity as given. */
function taiken(capacity: number | null, day = '2027-01-16', extra: Record<string, unknown> = {}) {
  const next = new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
  return {
    title: 'そば打ち体験 1泊2日',
    kind: 'experience',
    startsAt: `${day}T10:00:00+09:00`,
    endsAt: `${next}T15:00:00+09:00`,
    placeKind: 'in_town',
    place: '茶花公民館',
    capacity,
    conditions: '小学生とその父母の2名以上',
    feeYen: 3000,
    ...extra,
  };
}

async function family(c: AppCore, name: string, kana: string, members: [string, string][]) {
  const f = (await call(c, 'families.create', { familyName: name, familyNameKana: kana })) as FamilyDetail;
  const ids: string[] = [];
  for (const [given, givenKana] of members) {
    const m = (await call(c, 'members.save', {
      familyId: f.id,
      givenName: given,
      givenNameKana: givenKana,
      relation: ids.length === 0 ? 'parent' : 'child',
    })) as { id: string };
    ids.push(m.id);
  }
  return { id: f.id, members: ids };
}

const supporter = async (c: AppCore, fields: Record<string, unknown>) =>
  (await call(c, 'supporters.save', { notADuplicate: true, ...fields })) as SupporterView;

describe('events: planning refused by field, writing nothing', () => {
  it('refuses an end before the start, a capacity of 0, an online event without its address', async () => {
    const c = await town();
    const before = count(c, 'outbox');
    let e = await refusal(
      c,
      'events.save',
      taiken(10, '2027-01-16', { endsAt: '2027-01-15T10:00:00+09:00' }),
    );
    expect(e).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'validation.endBeforeStart',
      field: 'endsAt',
    });
    e = await refusal(c, 'events.save', taiken(0));
    expect(e).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'validation.capacityMin',
      field: 'capacity',
    });
    e = await refusal(c, 'events.save', taiken(10, '2027-01-16', { placeKind: 'online', place: null }));
    expect(e).toMatchObject({ message: 'validation.required', field: 'onlineUrl' });
    e = await refusal(
      c,
      'events.save',
      taiken(10, '2027-01-16', { placeKind: 'online', onlineUrl: 'javascript:alert(1)' }),
    );
    expect(e).toMatchObject({ message: 'validation.url', field: 'onlineUrl' });
    expect(count(c, 'event')).toBe(0);
    expect(count(c, 'outbox')).toBe(before);
  });

  it('plans a several-day event and lists it as upcoming, then as past', async () => {
    const c = await town();
    const saved = (await call(c, 'events.save', taiken(10))) as EventView;
    expect(saved).toMatchObject({
      startsOn: '2027-01-16',
      endsOn: '2027-01-17',
      capacity: 10,
      status: 'planned',
      feeYen: 3000,
    });
    const up = (await call(c, 'events.list', { scope: 'upcoming', now: NOW.toISOString() })) as {
      total: number;
    };
    expect(up.total).toBe(1);
    const past = (await call(c, 'events.list', { scope: 'past', now: '2027-02-01T00:00:00Z' })) as {
      total: number;
    };
    expect(past.total).toBe(1);
    const month = (await call(c, 'events.month', { month: '2027-01' })) as { events: unknown[] };
    expect(month.events).toHaveLength(1);
    const found = (await call(c, 'events.list', {
      scope: 'upcoming',
      now: NOW.toISOString(),
      query: 'そば',
    })) as { total: number };
    expect(found.total).toBe(1);
  });
});

describe('applications: capacity, the waiting list and its move-up', () => {
  it('fills a 体験 of 10, waits the 11th, and moves them up when a family cancels', async () => {
    const c = await town();
    const ev = (await call(c, 'events.save', taiken(10))) as EventView;
    const a = await family(c, '山田', 'やまだ', [
      ['花子', 'はなこ'],
      ['陽翔', 'はると'],
      ['結衣', 'ゆい'],
    ]);
    const b = await family(c, '佐藤', 'さとう', [
      ['恵', 'めぐみ'],
      ['蓮', 'れん'],
      ['葵', 'あおい'],
    ]);
    const d = await family(c, '鈴木', 'すずき', [
      ['健', 'けん'],
      ['湊', 'みなと'],
    ]);
    const s1 = await supporter(c, { name: '田中 一郎', nameKana: 'たなか いちろう' });
    const s2 = await supporter(c, { name: '高橋 二郎', nameKana: 'たかはし じろう' });
    const s3 = await supporter(c, { name: '伊藤 三郎', nameKana: 'いとう さぶろう' });
    const add = (input: Record<string, unknown>) =>
      call(c, 'applications.add', { eventId: ev.id, ...input }) as Promise<ApplicationResult>;
    const ra = await add({ familyId: a.id, memberIds: a.members });
    await add({ familyId: b.id, memberIds: b.members });
    await add({ familyId: d.id, memberIds: d.members });
    const r4 = await add({ supporterId: s1.id });
    expect(r4.full).toBe(false);
    const r5 = await add({ supporterId: s2.id });
    // The tenth place: taken, with the capacity warning.
    expect(r5).toMatchObject({ full: true, application: { status: 'applied' } });
    const r6 = await add({ supporterId: s3.id });
    expect(r6).toMatchObject({ full: true, application: { status: 'waiting', waitingPosition: 1 } });

    const cancelled = (await call(c, 'applications.setStatus', {
      id: ra.application.id,
      status: 'cancelled',
    })) as ApplicationResult;
    expect(cancelled.promoted).toEqual([r6.application.id]);
    const roster = (await call(c, 'events.roster', { eventId: ev.id })) as EventRoster;
    expect(roster.event.counts).toMatchObject({ appliedHeads: 8, waiting: 0 });
    expect(roster.applications.find((x) => x.id === r6.application.id)?.status).toBe('applied');
  });

  it('keeps the waiting list in order: a party that does not fit holds the ones behind it', async () => {
    const c = await town();
    const ev = (await call(c, 'events.save', taiken(3))) as EventView;
    const people = [];
    for (const [n, k] of [
      ['一', 'いち'],
      ['二', 'に'],
      ['三', 'さん'],
      ['四', 'よん'],
    ] as const) {
      people.push(await supporter(c, { name: `森 ${n}`, nameKana: `もり ${k}` }));
    }
    const add = (id: string, headCount: number) =>
      call(c, 'applications.add', {
        eventId: ev.id,
        supporterId: id,
        headCount,
      }) as Promise<ApplicationResult>;
    const first = await add(people[0]!.id, 2);
    const bigWaiting = await add(people[1]!.id, 3);
    const smallWaiting = await add(people[2]!.id, 1);
    expect(bigWaiting.application.status).toBe('waiting');
    // One place is free, but the head of the list needs three: nobody jumps the queue.
    expect(smallWaiting.application).toMatchObject({ status: 'waiting', waitingPosition: 2 });
    const r = (await call(c, 'applications.setStatus', {
      id: first.application.id,
      status: 'cancelled',
    })) as ApplicationResult;
    expect(r.promoted).toEqual([bigWaiting.application.id]);
    // Raising the capacity moves the rest up at once.
    await call(c, 'events.save', { ...taiken(4), id: ev.id });
    const roster = (await call(c, 'events.roster', { eventId: ev.id })) as EventRoster;
    expect(roster.applications.find((x) => x.id === smallWaiting.application.id)?.status).toBe('applied');
  });

  it('refuses a head count of 0 and a registration to a cancelled event, writing nothing', async () => {
    const c = await town();
    const ev = (await call(c, 'events.save', taiken(10))) as EventView;
    const s = await supporter(c, { name: '田中 一郎' });
    let e = await refusal(c, 'applications.add', { eventId: ev.id, supporterId: s.id, headCount: 0 });
    expect(e).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'validation.headCountMin',
      field: 'headCount',
    });
    await call(c, 'events.cancel', { id: ev.id });
    const before = count(c, 'outbox');
    e = await refusal(c, 'applications.add', { eventId: ev.id, supporterId: s.id });
    expect(e).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'validation.eventCancelled',
      field: 'eventId',
    });
    expect(count(c, 'event_application')).toBe(0);
    expect(count(c, 'outbox')).toBe(before);
    // A family must say who comes.
    const f = await family(c, '山田', 'やまだ', [['花子', 'はなこ']]);
    e = await refusal(c, 'applications.add', { eventId: ev.id, familyId: f.id });
    expect(e).toMatchObject({ message: 'validation.chooseMembers', field: 'memberIds' });
  });
});

describe('the supporters register', () => {
  it('shows a likely duplicate before saving, whatever the width or punctuation', async () => {
    const c = await town();
    const first = await supporter(c, {
      name: '山田 花子',
      nameKana: 'ヤマダ ハナコ',
      phone: '090-1234-5678',
      email: 'Hanako@Example.jp',
    });
    const byPhone = (await call(c, 'supporters.duplicates', {
      name: '別人',
      phone: '０９０１２３４５６７８',
    })) as DuplicateCandidate[];
    expect(byPhone).toEqual([expect.objectContaining({ id: first.id, reasons: ['phone'] })]);
    const byName = (await call(c, 'supporters.duplicates', {
      name: '山田　花子',
      nameKana: 'やまだはなこ',
    })) as DuplicateCandidate[];
    expect(byName[0]?.reasons).toEqual(['name', 'kana']);
    const byMail = (await call(c, 'supporters.duplicates', {
      name: 'x',
      email: 'hanako@example.jp',
    })) as DuplicateCandidate[];
    expect(byMail[0]?.reasons).toEqual(['email']);
    // Same name, different furigana: two people.
    expect(await call(c, 'supporters.duplicates', { name: '山田 花子', nameKana: 'やまだ かこ' })).toEqual(
      [],
    );

    const before = count(c, 'supporter');
    const e = await refusal(c, 'supporters.save', { name: '山田花子', nameKana: 'やまだ はなこ' });
    expect(e).toMatchObject({ code: 'SUPPORTER_LIKELY_DUPLICATE' });
    expect(count(c, 'supporter')).toBe(before);
    await call(c, 'supporters.save', { name: '山田花子', nameKana: 'やまだ はなこ', notADuplicate: true });
    expect(count(c, 'supporter')).toBe(before + 1);
  });

  it('keeps the text of an 「その他」 connection: required with it, ≤ 100, dropped without it', async () => {
    const c = await town();
    const before = count(c, 'supporter');
    expect(
      await refusal(c, 'supporters.save', { name: '森 一郎', connections: ['other'], notADuplicate: true }),
    ).toMatchObject({ message: 'validation.required', field: 'connectionOther' });
    expect(
      await refusal(c, 'supporters.save', {
        name: '森 一郎',
        connections: ['other'],
        connectionOther: 'あ'.repeat(101),
        notADuplicate: true,
      }),
    ).toMatchObject({ field: 'connectionOther' });
    expect(count(c, 'supporter')).toBe(before);

    const s = await supporter(c, {
      name: '森 一郎',
      connections: ['other', 'volunteer'],
      connectionOther: ' 友人の紹介 ',
    });
    expect(s).toMatchObject({ connections: ['other', 'volunteer'], connectionOther: '友人の紹介' });
    const listed = (await call(c, 'supporters.list', {})) as SupporterPage;
    expect(listed.supporters.find((x) => x.id === s.id)?.connectionOther).toBe('友人の紹介');
    // Unticking 「その他」 leaves no stale text behind.
    const edited = (await call(c, 'supporters.save', {
      id: s.id,
      name: '森 一郎',
      connections: ['volunteer'],
      connectionOther: '友人の紹介',
      notADuplicate: true,
    })) as SupporterView;
    expect(edited.connectionOther).toBeNull();
    expect(
      c.database.sqlite.prepare('SELECT connection_other FROM supporter WHERE id = ?').pluck().get(s.id),
    ).toBeNull();

    // A merge gives the kept record the text it lacked, with the connection.
    const other = await supporter(c, { name: '森 一朗', connections: ['other'], connectionOther: '町のSNS' });
    const merged = (await call(c, 'supporters.merge', { keepId: s.id, mergeId: other.id })) as SupporterView;
    expect(merged).toMatchObject({ connections: ['other', 'volunteer'], connectionOther: '町のSNS' });
  });

  it('finds supporters with the Japanese search and audits each view of their contact details', async () => {
    const c = await town();
    const s = await supporter(c, {
      name: '髙橋 美咲',
      nameKana: 'たかはし みさき',
      homePrefecture: '東京都',
      phone: '090-1234-5678',
      email: 'misaki@example.jp',
      note: '平日の夜に連絡',
    });
    await supporter(c, { name: '中村 健', nameKana: 'なかむら けん' });
    for (const q of ['高橋', 'タカハシ', 'みさき', '東京']) {
      const page = (await call(c, 'supporters.list', { query: q })) as SupporterPage;
      expect(
        page.supporters.map((x) => x.id),
        q,
      ).toEqual([s.id]);
    }
    const views = () =>
      c.database.sqlite
        .prepare(
          "SELECT action, details FROM audit_log WHERE table_name = 'supporter' AND row_id = ? AND action = 'view_sensitive'",
        )
        .all(s.id) as { details: string }[];
    // Opening the page shows no contact details and writes no audit row…
    const page = (await call(c, 'supporters.get', { id: s.id })) as Record<string, unknown>;
    expect(page).not.toHaveProperty('phone');
    expect(page).not.toHaveProperty('email');
    expect(page).not.toHaveProperty('note');
    expect(views()).toHaveLength(0);
    // …asking for them does, once per request.
    expect(await call(c, 'supporters.contact', { id: s.id })).toEqual({
      phone: '09012345678',
      email: 'misaki@example.jp',
      note: '平日の夜に連絡',
    });
    expect(views()).toHaveLength(1);
    expect(JSON.parse(views()[0]!.details)).toMatchObject({ fields: ['phone', 'email', 'note'] });
    await call(c, 'supporters.contact', { id: s.id });
    expect(views()).toHaveLength(2);
    expect(await refusal(c, 'supporters.contact', { id: crypto.randomUUID() })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(views()).toHaveLength(2);
  });

  it('narrows the register by kind of connection and by contact consent, with the search', async () => {
    const c = await town();
    const fan = await supporter(c, {
      name: '佐藤 一',
      nameKana: 'さとう はじめ',
      connections: ['fan_club', 'volunteer'],
      contactConsent: true,
      contactChannels: ['email'],
    });
    const tax = await supporter(c, {
      name: '佐藤 二',
      nameKana: 'さとう じ',
      connections: ['furusato_nozei'],
    });
    const vol = await supporter(c, { name: '鈴木 三', nameKana: 'すずき さん', connections: ['volunteer'] });
    const ids = async (input: Record<string, unknown>) =>
      ((await call(c, 'supporters.list', input)) as SupporterPage).supporters.map((x) => x.id).sort();
    expect(await ids({ connection: 'volunteer' })).toEqual([fan.id, vol.id].sort());
    expect(await ids({ connection: 'furusato_nozei' })).toEqual([tax.id]);
    expect(await ids({ consent: true })).toEqual([fan.id]);
    expect(await ids({ consent: false })).toEqual([tax.id, vol.id].sort());
    expect(await ids({ query: 'サトウ', connection: 'volunteer' })).toEqual([fan.id]);
    expect(await ids({ query: 'さとう', consent: false })).toEqual([tax.id]);
    const total = ((await call(c, 'supporters.list', { connection: 'volunteer' })) as SupporterPage).total;
    expect(total).toBe(2);
    expect(await refusal(c, 'supporters.list', { connection: 'pen_pal' })).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('merges two records keeping both histories, counted as one person', async () => {
    const c = await town();
    const e1 = (await call(c, 'events.save', taiken(null, '2026-10-03'))) as EventView;
    const e2 = (await call(c, 'events.save', taiken(null, '2026-11-07'))) as EventView;
    const keep = await supporter(c, {
      name: '小林 陽子',
      nameKana: 'こばやし ようこ',
      connections: ['fan_club'],
    });
    const dup = await supporter(c, {
      name: '小林陽子',
      phone: '080-1111-2222',
      connections: ['event'],
      firstConnectedOn: '2026-04-01',
    });
    for (const [ev, s] of [
      [e1, keep],
      [e2, dup],
    ] as const) {
      await call(c, 'applications.add', { eventId: ev.id, supporterId: s.id });
      await call(c, 'rollcall.mark', {
        eventId: ev.id,
        people: [{ kind: 'supporter', id: s.id }],
        attended: true,
      });
    }
    const before = (await call(c, 'events.figures', { fiscalYear: 2026 })) as EventFigures;
    expect(before.total.distinctPeople).toBe(2);

    const merged = (await call(c, 'supporters.merge', { keepId: keep.id, mergeId: dup.id })) as SupporterView;
    expect(merged).toMatchObject({
      connections: ['event', 'fan_club'],
      firstConnectedOn: '2026-04-01',
      mergedFrom: [dup.id],
    });
    expect(await call(c, 'supporters.contact', { id: keep.id })).toMatchObject({ phone: '08011112222' });
    expect(merged.events.map((x) => x.eventId)).toEqual([e2.id, e1.id]);
    const list = (await call(c, 'supporters.list', {})) as SupporterPage;
    expect(list.supporters.map((x) => x.id)).toEqual([keep.id]);
    // The list counts the events of both records under the one kept.
    expect(list.supporters[0]).toMatchObject({ eventsAttended: 2, firstConnectedOn: '2026-04-01' });
    expect(merged.eventsAttended).toBe(2);
    const after = (await call(c, 'events.figures', { fiscalYear: 2026 })) as EventFigures;
    expect(after.total).toMatchObject({ participants: 2, distinctPeople: 1, firstTimers: 1 });
    // The merged-away record stays, pointing at the one kept, and cannot be edited any more.
    expect((await call(c, 'supporters.get', { id: dup.id })) as SupporterView).toMatchObject({
      mergedInto: keep.id,
    });
    expect(
      await refusal(c, 'supporters.save', { id: dup.id, name: '小林陽子', notADuplicate: true }),
    ).toMatchObject({
      code: 'SUPPORTER_MERGED',
    });
    expect(await refusal(c, 'supporters.merge', { keepId: keep.id, mergeId: keep.id })).toMatchObject({
      message: 'validation.mergeSelf',
    });
  });

  it('erases a supporter on request and keeps the anonymous counts', async () => {
    const c = await town();
    const ev = (await call(c, 'events.save', taiken(null, '2026-10-03'))) as EventView;
    const s = await supporter(c, {
      name: '渡辺 真理',
      nameKana: 'わたなべ まり',
      phone: '090-9999-0000',
      email: 'mari@example.jp',
      homePrefecture: '大阪府',
      homeCity: '大阪市',
      contactConsent: true,
      contactChannels: ['email'],
      connections: ['furusato_nozei'],
    });
    const app = (await call(c, 'applications.add', {
      eventId: ev.id,
      supporterId: s.id,
      note: '次回も参加希望',
    })) as ApplicationResult;
    await call(c, 'rollcall.mark', {
      eventId: ev.id,
      people: [{ kind: 'supporter', id: s.id }],
      attended: true,
    });
    const before = (await call(c, 'events.figures', { fiscalYear: 2026 })) as EventFigures;

    expect(await refusal(c, 'supporters.erase', { id: s.id, confirmName: '渡辺' })).toMatchObject({
      message: 'validation.confirmSupporterName',
      field: 'confirmName',
    });
    const erased = (await call(c, 'supporters.erase', {
      id: s.id,
      confirmName: '渡辺　真理',
    })) as SupporterView;
    expect(erased).toMatchObject({
      name: '',
      nameKana: null,
      homeCity: null,
      erased: true,
      homePrefecture: '大阪府',
    });
    expect(await call(c, 'supporters.contact', { id: s.id })).toEqual({
      phone: null,
      email: null,
      note: null,
    });
    const row = c.database.sqlite
      .prepare('SELECT note FROM event_application WHERE id = ?')
      .get(app.application.id);
    expect(row).toEqual({ note: null });
    const after = (await call(c, 'events.figures', { fiscalYear: 2026 })) as EventFigures;
    expect(after.total).toEqual(before.total);
    expect(((await call(c, 'supporters.list', { query: 'わたなべ' })) as SupporterPage).total).toBe(0);
    // Nothing personal left in what waits to go up, nor in the audit log.
    const outbox = c.database.sqlite.prepare('SELECT changes FROM outbox').pluck().all().join('\n');
    const audit = c.database.sqlite.prepare('SELECT details FROM audit_log').pluck().all().join('\n');
    for (const v of ['渡辺', '09099990000', 'mari@example.jp', '大阪市', '次回も参加希望']) {
      expect(outbox).not.toContain(v);
      expect(audit).not.toContain(v);
    }
    expect(
      await refusal(c, 'supporters.save', { id: s.id, name: '渡辺 真理', notADuplicate: true }),
    ).toMatchObject({
      code: 'SUPPORTER_ERASED',
    });
  });

  it('is for staff: a surveyor may see events but not people', async () => {
    const c = await town('surveyor');
    expect(await call(c, 'events.list', { scope: 'upcoming', now: NOW.toISOString() })).toMatchObject({
      total: 0,
    });
    expect(await refusal(c, 'supporters.list', {})).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(c, 'events.save', taiken(10))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the roll call', () => {
  it('marks once however often it is tapped, unmarks and marks again, and adds a walk-in', async () => {
    const c = await town();
    const ev = (await call(c, 'events.save', taiken(10, '2026-12-05'))) as EventView;
    const f = await family(c, '山田', 'やまだ', [
      ['花子', 'はなこ'],
      ['陽翔', 'はると'],
    ]);
    await call(c, 'applications.add', { eventId: ev.id, familyId: f.id, memberIds: f.members, headCount: 3 });
    const everyone = f.members.map((id) => ({ kind: 'member', id }));
    await call(c, 'rollcall.mark', { eventId: ev.id, people: everyone, attended: true });
    let roster = (await call(c, 'rollcall.mark', {
      eventId: ev.id,
      people: everyone,
      attended: true,
    })) as EventRoster;
    expect(count(c, 'event_attendance')).toBe(2);
    expect(roster.applications[0]?.status).toBe('attended');
    expect(roster.event.counts.attendedPeople).toBe(2);
    roster = (await call(c, 'rollcall.mark', {
      eventId: ev.id,
      people: [everyone[1]],
      attended: false,
    })) as EventRoster;
    expect(roster.event.counts.attendedPeople).toBe(1);
    await call(c, 'rollcall.mark', { eventId: ev.id, people: [everyone[1]], attended: true });
    expect(count(c, 'event_attendance')).toBe(2);

    const walkIn = (await call(c, 'rollcall.walkIn', {
      eventId: ev.id,
      name: '飛び入り 太郎',
    })) as ApplicationResult;
    expect(walkIn.application).toMatchObject({ walkIn: true, status: 'attended' });
    roster = (await call(c, 'events.roster', { eventId: ev.id })) as EventRoster;
    expect(roster.event.counts.attendedPeople).toBe(3);
    const stranger = await supporter(c, { name: '申込なし' });
    expect(
      await refusal(c, 'rollcall.mark', {
        eventId: ev.id,
        people: [{ kind: 'supporter', id: stranger.id }],
        attended: true,
      }),
    ).toMatchObject({
      message: 'validation.notApplicant',
      field: 'people.0',
    });
  });
});

describe('follow-up and the figures', () => {
  it('lists first-timers and returners, and exports the consented as Excel-safe CSV', async () => {
    const c = await town();
    const e1 = (await call(c, 'events.save', taiken(null, '2026-09-05'))) as EventView;
    const e2 = (await call(c, 'events.save', taiken(null, '2026-11-07'))) as EventView;
    const old = await supporter(c, {
      name: '常連 さん',
      contactConsent: true,
      contactChannels: ['email'],
      email: 'j@example.jp',
    });
    const sly = await supporter(c, {
      name: '=HYPERLINK("http://x")',
      contactConsent: true,
      contactChannels: ['phone'],
      phone: '090-0000-1111',
    });
    const quiet = await supporter(c, { name: '連絡不要 さん' });
    const attend = async (ev: EventView, s: SupporterView, note?: string) => {
      await call(c, 'applications.add', { eventId: ev.id, supporterId: s.id, ...(note ? { note } : {}) });
      await call(c, 'rollcall.mark', {
        eventId: ev.id,
        people: [{ kind: 'supporter', id: s.id }],
        attended: true,
      });
    };
    await attend(e1, old);
    await attend(e2, old);
    await attend(e2, sly, '-1 のメモ');
    await attend(e2, quiet);
    const follow = (await call(c, 'events.followUp', { eventId: e2.id })) as EventFollowUp;
    expect(follow.returning.map((p) => p.id)).toEqual([old.id]);
    expect(follow.firstTime.map((p) => p.id).sort()).toEqual([sly.id, quiet.id].sort());
    expect(follow.consented.map((p) => p.id).sort()).toEqual([old.id, sly.id].sort());

    const csv = (await call(c, 'events.followUpCsv', { eventId: e2.id })) as CsvFile;
    expect(csv.text.startsWith('\uFEFF"区分","氏名","電話","メール","連絡方法","メモ"\r\n')).toBe(true);
    expect(csv.text).toContain(
      `"初参加","'=HYPERLINK(""http://x"")","09000001111","","電話","'-1 のメモ"\r\n`,
    );
    expect(csv.text).toContain('"リピーター","常連 さん","","j@example.jp","メール",""\r\n');
    expect(csv.text).not.toContain('連絡不要');
    expect(csv.text.split('\r\n')).toHaveLength(4);
    // Showing the consented list and handing it out are audited views of the event (one row each).
    const csvAudit = c.database.sqlite
      .prepare(
        "SELECT details FROM audit_log WHERE table_name = 'event' AND row_id = ? AND action = 'view_sensitive'",
      )
      .pluck()
      .all(e2.id) as string[];
    expect(csvAudit.map((d) => JSON.parse(d) as unknown)).toEqual([
      { fields: ['followUp'], rows: 2 },
      { fields: ['followUpCsv'], rows: 2 },
    ]);
  });

  it('computes the 年度 figures by month and kind, as defined in docs/events.md', async () => {
    const c = await town();
    // FY2025 (2025-04 … 2026-03): one 交流会 in May 2025 with A.
    // FY2026: 体験 in Apr 2026 (A, B + 1 companion), 説明会 online in Jun 2026 (B, C),
    // an 'other' in Jun 2026 (C), a cancelled one in Jul 2026 (D marked, never counted), and a 体験 in
    // 2027-01 still ahead of today (no marks, not yet held).
    const ev = async (kind: string, day: string, extra: Record<string, unknown> = {}) =>
      (await call(c, 'events.save', { ...taiken(null, day), kind, ...extra })) as EventView;
    const may25 = await ev('exchange', '2025-05-10');
    const apr26 = await ev('experience', '2026-04-18');
    const jun26 = await ev('online', '2026-06-06', {
      placeKind: 'online',
      onlineUrl: 'https://meet.example.jp/x',
      place: null,
    });
    const jun26b = await ev('other', '2026-06-20', { kindLabel: 'サポーターの集い' });
    const jul26 = await ev('exchange', '2026-07-04');
    await ev('experience', '2027-01-16');
    const [a, b, cc, d] = [
      await supporter(c, { name: 'A' }),
      await supporter(c, { name: 'B' }),
      await supporter(c, { name: 'C' }),
      await supporter(c, { name: 'D' }),
    ];
    const attend = async (e: EventView, s: SupporterView, headCount = 1) => {
      await call(c, 'applications.add', { eventId: e.id, supporterId: s.id, headCount });
      await call(c, 'rollcall.mark', {
        eventId: e.id,
        people: [{ kind: 'supporter', id: s.id }],
        attended: true,
      });
    };
    await attend(may25, a);
    await attend(apr26, a);
    await attend(apr26, b, 2);
    await attend(jun26, b);
    await attend(jun26, cc);
    await attend(jun26b, cc);
    await attend(jul26, d);
    await call(c, 'events.cancel', { id: jul26.id });

    const fy = (await call(c, 'events.figures', { fiscalYear: 2026 })) as EventFigures;
    // Held events: Apr, Jun ×2 (the cancelled and the future one do not count).
    // Participants: Apr 2 people + 1 companion = 3; Jun online 2; Jun other 1 → 6.
    // Distinct: A, B, C = 3. First-timers: B (Apr), C (Jun online); A first came in FY2025.
    expect(fy.total).toEqual({ events: 3, participants: 6, distinctPeople: 3, firstTimers: 2 });
    expect(fy.byMonth[0]).toEqual({
      month: '2026-04',
      events: 1,
      participants: 3,
      distinctPeople: 2,
      firstTimers: 1,
    });
    expect(fy.byMonth[2]).toEqual({
      month: '2026-06',
      events: 2,
      participants: 3,
      distinctPeople: 2,
      firstTimers: 1,
    });
    expect(fy.byMonth[11]).toMatchObject({ month: '2027-03', events: 0 });
    expect(fy.byKind.find((k) => k.kind === 'online')).toEqual({
      kind: 'online',
      events: 1,
      participants: 2,
      distinctPeople: 2,
      firstTimers: 1,
    });
    expect(fy.byKind.find((k) => k.kind === 'other')).toEqual({
      kind: 'other',
      events: 1,
      participants: 1,
      distinctPeople: 1,
      firstTimers: 0,
    });
    const fy25 = (await call(c, 'events.figures', { fiscalYear: 2025 })) as EventFigures;
    expect(fy25.total).toEqual({ events: 1, participants: 1, distinctPeople: 1, firstTimers: 1 });
  });
});

describe('one person, counted once', () => {
  it('counts a supporter who came to stay as the family member they are linked to', async () => {
    const c = await town();
    const e1 = (await call(c, 'events.save', taiken(null, '2026-05-09'))) as EventView;
    const e2 = (await call(c, 'events.save', taiken(null, '2026-08-08'))) as EventView;
    const s = await supporter(c, { name: '山田 花子', nameKana: 'やまだ はなこ' });
    await call(c, 'applications.add', { eventId: e1.id, supporterId: s.id });
    await call(c, 'rollcall.mark', {
      eventId: e1.id,
      people: [{ kind: 'supporter', id: s.id }],
      attended: true,
    });
    const f = await family(c, '山田', 'やまだ', [
      ['花子', 'はなこ'],
      ['陽翔', 'はると'],
    ]);
    await call(c, 'applications.add', { eventId: e2.id, familyId: f.id, memberIds: f.members });
    await call(c, 'rollcall.mark', {
      eventId: e2.id,
      people: f.members.map((id) => ({ kind: 'member', id })),
      attended: true,
    });
    const before = (await call(c, 'events.figures', { fiscalYear: 2026 })) as EventFigures;
    expect(before.total).toMatchObject({ participants: 3, distinctPeople: 3, firstTimers: 3 });
    await call(c, 'supporters.linkMember', { id: s.id, memberId: f.members[0] });
    const after = (await call(c, 'events.figures', { fiscalYear: 2026 })) as EventFigures;
    // 花子 came in May as a supporter and in August with her family: one person, first in May.
    expect(after.total).toMatchObject({ participants: 3, distinctPeople: 2, firstTimers: 2 });
    expect(after.byMonth[1]).toMatchObject({ month: '2026-05', firstTimers: 1 });
    expect(after.byMonth[4]).toMatchObject({ month: '2026-08', firstTimers: 1, distinctPeople: 2 });
    const follow = (await call(c, 'events.followUp', { eventId: e2.id })) as EventFollowUp;
    expect(follow.returning.map((p) => p.id)).toEqual([f.members[0]]);
  });
});

describe("the sample town's year of events", () => {
  it('loads events, supporters, applications, the roll call and a waiting list the services read', async () => {
    const c = await town();
    await call(c, 'sample.load', { size: 'small' });
    const upcoming = (await call(c, 'events.list', {
      scope: 'upcoming',
      now: NOW.toISOString(),
      query: 'そば打ち',
    })) as {
      events: { id: string; counts: { waiting: number; appliedHeads: number }; capacity: number | null }[];
    };
    const taikenEvent = upcoming.events.find((e) => e.capacity === 10);
    expect(taikenEvent?.counts).toMatchObject({ appliedHeads: 10, waiting: 2 });
    const register = (await call(c, 'supporters.list', {})) as SupporterPage;
    expect(register.total).toBeGreaterThan(10);
    const today = NOW.toISOString().slice(0, 10);
    const fy = (await call(c, 'events.figures', {
      fiscalYear: Number(today.slice(0, 4)) - (today.slice(5, 7) < '04' ? 1 : 0),
    })) as EventFigures;
    expect(fy.total.participants).toBeGreaterThan(0);
    expect(fy.total.firstTimers).toBeGreaterThan(0);
    expect(fy.total.distinctPeople).toBeLessThanOrEqual(fy.total.participants);
    expect(fy.byKind.find((k) => k.kind === 'other')?.events).toBeGreaterThanOrEqual(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/domain/enums.ts';
import { newId } from '../../../shared/ids.ts';
import { createEnrollmentCode, createTown, createUser } from '../admin/commands.ts';
import { startTestServer, type TestServer } from '../test-support.ts';

/**
 * GET /v1/kpi/events over a fixture whose figures are worked out by hand (docs/events.md, "Figures").
 *
 * 与論町, 年度 2025 (2025-04-01 .. 2026-03-31 in Japan time):
 *   e0 exchange     2025-03-20 (年度 2024)  m1                          — m1's first event, last 年度
 *   e1 experience   2025-03-31T15:30Z = 4/1 00:30 in Japan (年度 2025, April)
 *        A1 family [m1, m2] head 4: marks m1 (laptop A), m1 (laptop B), m2  → companions 2
 *        A2 supporter s2 (merged into s3): mark → s3
 *        A3 supporter s4 (linked to m1) head 2: mark → m1; companions 1
 *        A4 supporter s5 (s5 ⇄ s6 merged into each other: the smaller, s5, is kept): mark → s5
 *        attendees m1 m2 s3 s5 = 4, participants 4 + 3 = 7; first-timers m2 s3 s5 = 3
 *   e2 consultation 2025-06-10 (June)
 *        B1 s3, B2 s6 (→ s5), B3 s1 cancelled but marked (counts; its 2 companions do not),
 *        B4 family [m3] marked then unmarked (no), B5 walk-in s7 (merged into a record not here → s7)
 *        attendees s3 s5 s1 s7 = 4, participants 4; first-timers s1 s7 = 2
 *   e3 online  June, cancelled: its mark and 5 heads count nowhere
 *   e4 briefing June, deleted: nowhere
 *   e5 exchange 2099, not started: nowhere (its mark and companions neither)
 *   e6 other 2026-03-31T15:00Z = 2026-04-01 in Japan: 年度 2026, m3's first event
 *   年度 2025: events 2, participants 11, distinct people 6 (m1 m2 s3 s5 s1 s7), first-timers 5
 *
 * 青梅市: e7 experience 2025-05-05, supporter sa head 2 → events 1, participants 2, distinct 1, first 1.
 * 錦江町 (the consortium administrator's): nothing.
 */

const YORON = 'kagoshima-yoron';
const OME = 'tokyo-ome';
const KINKO = 'kagoshima-kinko';

let server: TestServer;
let consortiumToken: string;
let yoronAdminToken: string;
let coordinatorToken: string;
let seq = 0;
const fixtureIds: string[] = [];
const fixtureNames = ['佐藤', '花子', '太郎', '次郎', '田中', '小林', '飛び入り', '高橋'];

async function insert(
  town: string,
  table: string,
  vals: Record<string, string | number | null>,
  id = newId(),
) {
  fixtureIds.push(id);
  seq += 1;
  const at = new Date('2026-04-10T00:00:00Z');
  const author = newId();
  await server.deps.db
    .insertInto('record')
    .values({
      id,
      municipality_id: town,
      table_name: table,
      vals: JSON.stringify({ deleted_at: null, ...vals }),
      clocks: JSON.stringify({}),
      seq,
      origin_device: null,
      created_at: at,
      created_by: author,
      updated_at: at,
      updated_by: author,
    })
    .execute();
  return id;
}

function event(town: string, kind: string, startsAt: string, extra: Record<string, string | null> = {}) {
  return insert(town, 'event', {
    title: `イベント ${kind}`,
    kind,
    starts_at: startsAt,
    ends_at: startsAt,
    status: 'planned',
    ...extra,
  });
}

function supporter(town: string, name: string, extra: Record<string, string | null> = {}, id = newId()) {
  return insert(town, 'supporter', { name, merged_into: null, family_member_id: null, ...extra }, id);
}

function application(
  town: string,
  eventId: string,
  who: { familyId: string; memberIds: string[] } | { supporterId: string },
  headCount: number,
  status = 'applied',
) {
  return insert(town, 'event_application', {
    event_id: eventId,
    family_id: 'familyId' in who ? who.familyId : null,
    supporter_id: 'supporterId' in who ? who.supporterId : null,
    member_ids: 'familyId' in who ? JSON.stringify(who.memberIds) : null,
    head_count: headCount,
    status,
    applied_at: '2025-03-01T00:00:00.000Z',
  });
}

function mark(
  town: string,
  eventId: string,
  applicationId: string,
  person: { memberId: string } | { supporterId: string },
  deletedAt: string | null = null,
) {
  return insert(town, 'event_attendance', {
    event_id: eventId,
    application_id: applicationId,
    member_id: 'memberId' in person ? person.memberId : null,
    supporter_id: 'supporterId' in person ? person.supporterId : null,
    marked_at: '2025-04-01T00:00:00.000Z',
    deleted_at: deletedAt,
  });
}

async function tokenFor(town: string, role: Role): Promise<string> {
  const user = await createUser(server.deps.db, { townId: town, displayName: `${role} 担当`, role });
  const { code } = await createEnrollmentCode(server.deps.db, { userId: user.id });
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/auth/enroll',
    payload: { code, device_name: `${role} PC` },
  });
  if (res.statusCode !== 200) throw new Error(`enrolment failed: ${res.body}`);
  return res.json().access_token as string;
}

function getFigures(token: string, query: string) {
  return server.app.inject({
    method: 'GET',
    url: `/v1/kpi/events?${query}`,
    headers: { authorization: `Bearer ${token}` },
  });
}

beforeAll(async () => {
  server = await startTestServer();
  for (const id of [YORON, OME, KINKO]) await createTown(server.deps.db, { id });
  const Y = YORON;
  const family = await insert(Y, 'family', { family_name: '佐藤', family_name_kana: 'さとう' });
  const members: string[] = [];
  for (const given of ['花子', '太郎', '次郎']) {
    members.push(
      await insert(Y, 'family_member', { family_id: family, given_name: given, relation: 'child' }),
    );
  }
  const [hanako, taro, jiro] = members as [string, string, string];
  const s1 = await supporter(Y, '田中 一郎');
  const s3 = await supporter(Y, '小林 陽子');
  const s2 = await supporter(Y, '小林陽子', { merged_into: s3 });
  const s4 = await supporter(Y, '佐藤 花子', { family_member_id: hanako });
  // A cycle: two laptops merged each into the other offline. The smaller id is kept.
  const s5 = '01900000-0000-7000-8000-0000000000a5';
  const s6 = '01900000-0000-7000-8000-0000000000a6';
  await supporter(Y, '高橋 二郎', { merged_into: s6 }, s5);
  await supporter(Y, '高橋二郎', { merged_into: s5 }, s6);
  const s7 = await supporter(Y, '飛び入り 太郎', { merged_into: newId() });
  const s8 = await supporter(Y, '田中 三郎');

  const e0 = await event(Y, 'exchange', '2025-03-20T01:00:00.000Z');
  await mark(Y, e0, await application(Y, e0, { familyId: family, memberIds: [hanako] }, 1), {
    memberId: hanako,
  });

  const e1 = await event(Y, 'experience', '2025-03-31T15:30:00.000Z');
  const a1 = await application(Y, e1, { familyId: family, memberIds: [hanako, taro] }, 4);
  await mark(Y, e1, a1, { memberId: hanako });
  await mark(Y, e1, a1, { memberId: hanako }); // the same person marked on a second laptop
  await mark(Y, e1, a1, { memberId: taro });
  await mark(Y, e1, await application(Y, e1, { supporterId: s2 }, 1), { supporterId: s2 });
  await mark(Y, e1, await application(Y, e1, { supporterId: s4 }, 2), { supporterId: s4 });
  await mark(Y, e1, await application(Y, e1, { supporterId: s5 }, 1), { supporterId: s5 });

  const e2 = await event(Y, 'consultation', '2025-06-10T01:00:00.000Z');
  await mark(Y, e2, await application(Y, e2, { supporterId: s3 }, 1), { supporterId: s3 });
  await mark(Y, e2, await application(Y, e2, { supporterId: s6 }, 1), { supporterId: s6 });
  await mark(Y, e2, await application(Y, e2, { supporterId: s1 }, 3, 'cancelled'), { supporterId: s1 });
  const b4 = await application(Y, e2, { familyId: family, memberIds: [jiro] }, 1);
  await mark(Y, e2, b4, { memberId: jiro }, '2025-06-10T02:00:00.000Z');
  await mark(Y, e2, await application(Y, e2, { supporterId: s7 }, 1), { supporterId: s7 });

  const e3 = await event(Y, 'online', '2025-06-11T01:00:00.000Z', { status: 'cancelled' });
  await mark(Y, e3, await application(Y, e3, { supporterId: s8 }, 5), { supporterId: s8 });
  const e4 = await event(Y, 'briefing', '2025-06-12T01:00:00.000Z', {
    deleted_at: '2025-06-01T00:00:00.000Z',
  });
  await mark(Y, e4, await application(Y, e4, { supporterId: s8 }, 1), { supporterId: s8 });
  const e5 = await event(Y, 'exchange', '2099-01-01T01:00:00.000Z');
  await mark(Y, e5, await application(Y, e5, { supporterId: s8 }, 3), { supporterId: s8 });
  const e6 = await event(Y, 'other', '2026-03-31T15:00:00.000Z', { kind_label: 'サポーターの集い' });
  await mark(Y, e6, await application(Y, e6, { familyId: family, memberIds: [jiro] }, 1), { memberId: jiro });

  const sa = await supporter(OME, '高橋 さくら');
  const e7 = await event(OME, 'experience', '2025-05-05T01:00:00.000Z');
  await mark(OME, e7, await application(OME, e7, { supporterId: sa }, 2), { supporterId: sa });

  consortiumToken = await tokenFor(KINKO, 'consortium_admin');
  yoronAdminToken = await tokenFor(YORON, 'town_admin');
  coordinatorToken = await tokenFor(YORON, 'coordinator');
});
afterAll(async () => server?.close());

const none = { events: 0, participants: 0, distinct_people: 0, first_timers: 0 };
const MONTHS = ['04', '05', '06', '07', '08', '09', '10', '11', '12', '01', '02', '03'].map(
  (m) => `${['01', '02', '03'].includes(m) ? 2026 : 2025}-${m}`,
);
const KINDS = ['exchange', 'experience', 'briefing', 'consultation', 'online', 'other'];

function byMonth(values: Record<string, typeof none>) {
  return MONTHS.map((month) => ({ month, ...(values[month] ?? none) }));
}
function byKind(values: Record<string, typeof none>) {
  return KINDS.map((kind) => ({ kind, ...(values[kind] ?? none) }));
}

const yoron = {
  town_id: YORON,
  town_name: '与論町',
  events: 2,
  participants: 11,
  distinct_people: 6,
  first_timers: 5,
  by_month: byMonth({
    '2025-04': { events: 1, participants: 7, distinct_people: 4, first_timers: 3 },
    '2025-06': { events: 1, participants: 4, distinct_people: 4, first_timers: 2 },
  }),
  by_kind: byKind({
    experience: { events: 1, participants: 7, distinct_people: 4, first_timers: 3 },
    consultation: { events: 1, participants: 4, distinct_people: 4, first_timers: 2 },
  }),
};

describe('GET /v1/kpi/events', () => {
  it('gives the consortium every town by month and kind, and their sum', async () => {
    const res = await getFigures(consortiumToken, 'fy=2025');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.fiscal_year).toBe(2025);
    expect(body.period).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    for (const key of ['events', 'participants', 'distinct_people', 'first_timers']) {
      expect(body.definitions[key].ja).toMatch(/\S/);
      expect(body.definitions[key].en).toMatch(/\S/);
    }
    expect(body.towns).toEqual([
      { town_id: KINKO, town_name: '錦江町', ...none, by_month: byMonth({}), by_kind: byKind({}) },
      yoron,
      {
        town_id: OME,
        town_name: '青梅市',
        events: 1,
        participants: 2,
        distinct_people: 1,
        first_timers: 1,
        by_month: byMonth({ '2025-05': { events: 1, participants: 2, distinct_people: 1, first_timers: 1 } }),
        by_kind: byKind({ experience: { events: 1, participants: 2, distinct_people: 1, first_timers: 1 } }),
      },
    ]);
    expect(body.total).toEqual({
      events: 3,
      participants: 13,
      distinct_people: 7,
      first_timers: 6,
      by_month: byMonth({
        '2025-04': { events: 1, participants: 7, distinct_people: 4, first_timers: 3 },
        '2025-05': { events: 1, participants: 2, distinct_people: 1, first_timers: 1 },
        '2025-06': { events: 1, participants: 4, distinct_people: 4, first_timers: 2 },
      }),
      by_kind: byKind({
        experience: { events: 2, participants: 9, distinct_people: 5, first_timers: 4 },
        consultation: { events: 1, participants: 4, distinct_people: 4, first_timers: 2 },
      }),
    });
  });

  it('counts a first event of an earlier 年度 there, not here', async () => {
    // 年度 2024 holds e0 only (m1, a first-timer then); 年度 2026 holds e6 (m3's first event).
    const y2024 = (await getFigures(yoronAdminToken, 'fy=2024')).json().towns[0];
    expect(y2024).toMatchObject({ events: 1, participants: 1, distinct_people: 1, first_timers: 1 });
    expect(y2024.by_kind[0]).toEqual({
      kind: 'exchange',
      events: 1,
      participants: 1,
      distinct_people: 1,
      first_timers: 1,
    });
    const y2026 = (await getFigures(yoronAdminToken, 'fy=2026')).json().towns[0];
    expect(y2026).toMatchObject({ events: 1, participants: 1, distinct_people: 1, first_timers: 1 });
    expect(y2026.by_month[0]).toEqual({
      month: '2026-04',
      events: 1,
      participants: 1,
      distinct_people: 1,
      first_timers: 1,
    });
  });

  it('gives a town administrator only its own town, and that as the total', async () => {
    const res = await getFigures(yoronAdminToken, 'fy=2025');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.towns).toEqual([yoron]);
    const { town_id, town_name, ...figures } = body.towns[0];
    expect(body.total).toEqual(figures);
    expect(res.body).not.toContain(OME);
  });

  it('leaves out every name and record id of the fixture', async () => {
    const res = await getFigures(consortiumToken, 'fy=2025');
    expect(fixtureIds.length).toBeGreaterThan(40);
    for (const id of fixtureIds) expect(res.body).not.toContain(id);
    for (const name of fixtureNames) expect(res.body).not.toContain(name);
  });

  it('refuses field staff and requests without a token', async () => {
    const staff = await getFigures(coordinatorToken, 'fy=2025');
    expect(staff.statusCode).toBe(403);
    expect(staff.json().error.code).toBe('FORBIDDEN');
    const anonymous = await server.app.inject({ method: 'GET', url: '/v1/kpi/events?fy=2025' });
    expect(anonymous.statusCode).toBe(401);
  });

  it.each([
    ['no 年度', ''],
    ['not a year', 'fy=soon'],
    ['two digits', 'fy=25'],
    ['before the app calendar', 'fy=1867'],
    ['after it', 'fy=2100'],
    ['an unknown parameter', 'fy=2025&town=tokyo-ome'],
    ['a repeated 年度', 'fy=2025&fy=2026'],
  ])('answers %s with 400 INVALID_REQUEST', async (_label, query) => {
    const res = await getFigures(consortiumToken, query);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('INVALID_REQUEST');
  });

  it('keeps the helpers away from the request role, and the figures function a pinned definer', async () => {
    const { withTown } = await import('../db/tenant.ts');
    const { sql } = await import('kysely');
    for (const call of [
      sql`SELECT event_instant('2025-01-01T00:00:00Z')`,
      sql`SELECT event_code_count('[]')`,
    ]) {
      await expect(withTown(server.deps.db, YORON, (trx) => call.execute(trx))).rejects.toThrow(
        /permission denied/,
      );
    }
    const rows = await sql<{ name: string; definer: boolean; app: boolean }>`
      SELECT p.proname AS name, p.prosecdef AS definer,
             has_function_privilege('futasato_app', p.oid, 'EXECUTE') AS app
        FROM pg_proc p
       WHERE p.proname LIKE 'event\\_%' AND p.pronamespace = (SELECT n.oid FROM pg_namespace n WHERE n.nspname = current_schema())
       ORDER BY p.proname`.execute(server.deps.db);
    expect(rows.rows).toEqual([
      { name: 'event_code_count', definer: false, app: false },
      { name: 'event_figures', definer: true, app: true },
      { name: 'event_instant', definer: false, app: false },
    ]);
  });
});

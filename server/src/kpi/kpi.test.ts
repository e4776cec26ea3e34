import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/domain/enums.ts';
import { newId } from '../../../shared/ids.ts';
import { createEnrollmentCode, createTown, createUser, setTownCoefficients } from '../admin/commands.ts';
import { withTown } from '../db/tenant.ts';
import { startTestServer, type TestServer } from '../test-support.ts';

/**
 * The fixture, with the figures worked out by hand for the period 2025-03-01 .. 2025-04-30.
 *
 * 与論町 (kagoshima-yoron), coefficients as synced versions: A from 2024-09-01 spend 8,000 yen per
 * person-night × 1.25; B from 2025-04-29 10,000 × 1.5 (set 2025-04-01), and B' with the same date set
 * earlier (2025-03-01, 1 × 1), which B supersedes:
 *   stay0  trial_living  2024-08-01..08-04 completed, 花子          — before the period: no nights
 *   stay1  nursery_stay  actual 03-30..04-02 completed, 花子 太郎 次郎 (+ a removed 一郎)
 *                        nights 3/30 3/31 (March) 4/1 (April): 3 nights × 3 people = 9 person-nights
 *   stay2  nursery_stay  planned 04-20..04-25, status planned, 花子 — not started: nothing
 *   stay3  school_stay   cancelled (even with an actual arrival), 一郎 — nothing
 *   stay4  school_stay   completed 03-05..03-08 but deleted, 一郎 — nothing
 *   stay5  workation     in_town, planned 04-28..05-03, nobody recorded: 4/28 4/29 4/30 in the
 *                        period = 3 nights, counted as 1 person = 3 person-nights; 1 stay without members
 *   stay6  nursery_stay  in_town, actual arrival 04-10, planned departure 04-12, 太郎: 2 nights, 2 p-n
 *   nights 3+3+2 = 8; person-nights 9+3+2 = 14; March 2 / 6, April 6 / 8
 *   by programme: nursery_stay 5 / 11, workation 3 / 3
 *   created: 太郎, 次郎 (first stay 3/30) = 2; 花子's first stay was 2024
 *   repeaters: 花子 (stay1 after stay0), 太郎 (stay6 after stay1) = 2
 *   arrivals: 花子 太郎 次郎 (stay1), 太郎 again (stay6) = 3 people
 *   ripple: nights before 4/29 under A: 12 person-nights × 8000 × 1.25 = 120,000; stay5's 4/29 and
 *   4/30 under B: 2 × 10,000 × 1.5 = 30,000; in all 150,000 yen
 *
 * 青梅市 (tokyo-ome), one version from 2025-04-01, spend 4,001 yen, multiplier 1.5:
 *   stay7  school_stay   completed 04-28..05-02, さくら: 3 nights in the period, 3 person-nights
 *   created 1, repeaters 0, arrivals 1; ripple 3 × 4001 × 1.5 = 18,004.5 → 18,005 (half up)
 *
 * 錦江町 (kagoshima-kinko), the consortium administrator's town: nothing, and no coefficients set.
 *
 * Total: nights 11, person-nights 17, created 3, repeaters 2, arrivals 4, ripple 168,005, without
 * members 1.
 */

const YORON = 'kagoshima-yoron';
const OME = 'tokyo-ome';
const KINKO = 'kagoshima-kinko';
const FROM = '2025-03-01';
const TO = '2025-04-30';

let server: TestServer;
let consortiumToken: string;
let yoronAdminToken: string;
let coordinatorToken: string;
let surveyorToken: string;
let seq = 0;
const fixtureIds: string[] = [];
const fixtureNames = ['佐藤', 'サトウ', '花子', '太郎', '次郎', '鈴木', '一郎', '高橋', 'さくら'];

async function insertRecord(
  town: string,
  table: string,
  vals: Record<string, string | number | null>,
  personal = true,
) {
  const id = newId();
  if (personal) fixtureIds.push(id);
  seq += 1;
  const author = newId();
  const at = new Date('2025-05-01T00:00:00Z');
  await server.deps.db
    .insertInto('record')
    .values({
      id,
      municipality_id: town,
      table_name: table,
      vals: JSON.stringify(vals),
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

async function family(town: string, name: string, kana: string) {
  return insertRecord(town, 'family', { family_name: name, family_name_kana: kana, deleted_at: null });
}

async function member(town: string, familyId: string, givenName: string) {
  return insertRecord(town, 'family_member', {
    family_id: familyId,
    given_name: givenName,
    given_name_kana: givenName,
    relation: 'child',
    birth_date: '2019-06-01',
    deleted_at: null,
  });
}

interface StayInput {
  family: string;
  programme: string;
  planned: [string, string];
  actual?: [string | null, string | null];
  status: string;
  deleted?: boolean;
}

async function stay(town: string, s: StayInput, members: string[]) {
  const id = await insertRecord(town, 'stay', {
    family_id: s.family,
    programme: s.programme,
    planned_arrival: s.planned[0],
    planned_departure: s.planned[1],
    actual_arrival: s.actual?.[0] ?? null,
    actual_departure: s.actual?.[1] ?? null,
    status: s.status,
    deleted_at: s.deleted ? '2025-04-15T09:00:00.000Z' : null,
  });
  for (const m of members)
    await insertRecord(town, 'stay_member', { stay_id: id, member_id: m, deleted_at: null });
  return id;
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

async function getKpi(token: string, query: string) {
  return server.app.inject({
    method: 'GET',
    url: `/v1/kpi?${query}`,
    headers: { authorization: `Bearer ${token}` },
  });
}

beforeAll(async () => {
  server = await startTestServer();
  const db = server.deps.db;
  for (const id of [YORON, OME, KINKO]) await createTown(db, { id });
  // The town table's columns are no longer read: the figures use the synced versions only.
  await setTownCoefficients(db, KINKO, { spendPerPersonNightYen: 5000, rippleMultiplier: 2 });
  const version = (town: string, from: string, spend: number, multiplier: string, setAt: string) =>
    insertRecord(
      town,
      'kpi_coefficient',
      {
        effective_from: from,
        spend_per_person_night_yen: spend,
        ripple_multiplier: multiplier,
        note: null,
        set_at: setAt,
        deleted_at: null,
      },
      false,
    );
  await version(YORON, '2024-09-01', 8000, '1.25', '2024-08-01T00:00:00.000Z');
  await version(YORON, '2025-04-29', 10_000, '1.5', '2025-04-01T00:00:00.000Z');
  await version(YORON, '2025-04-29', 1, '1', '2025-03-01T00:00:00.000Z');
  await version(OME, '2025-04-01', 4001, '1.5', '2025-03-01T00:00:00.000Z');

  const sato = await family(YORON, '佐藤', 'サトウ');
  const hanako = await member(YORON, sato, '花子');
  const taro = await member(YORON, sato, '太郎');
  const jiro = await member(YORON, sato, '次郎');
  const suzuki = await family(YORON, '鈴木', 'スズキ');
  const ichiro = await member(YORON, suzuki, '一郎');

  await stay(
    YORON,
    { family: sato, programme: 'trial_living', planned: ['2024-08-01', '2024-08-04'], status: 'completed' },
    [hanako],
  );
  const stay1 = await stay(
    YORON,
    {
      family: sato,
      programme: 'nursery_stay',
      planned: ['2025-03-28', '2025-04-03'],
      actual: ['2025-03-30', '2025-04-02'],
      status: 'completed',
    },
    [hanako, taro, jiro],
  );
  // Removed from the stay before it started: not one of its people.
  await insertRecord(YORON, 'stay_member', {
    stay_id: stay1,
    member_id: ichiro,
    deleted_at: '2025-03-20T00:00:00.000Z',
  });
  await stay(
    YORON,
    { family: sato, programme: 'nursery_stay', planned: ['2025-04-20', '2025-04-25'], status: 'planned' },
    [hanako],
  );
  await stay(
    YORON,
    {
      family: suzuki,
      programme: 'school_stay',
      planned: ['2025-03-10', '2025-03-20'],
      actual: ['2025-03-10', null],
      status: 'cancelled',
    },
    [ichiro],
  );
  await stay(
    YORON,
    {
      family: suzuki,
      programme: 'school_stay',
      planned: ['2025-03-05', '2025-03-08'],
      actual: ['2025-03-05', '2025-03-08'],
      status: 'completed',
      deleted: true,
    },
    [ichiro],
  );
  await stay(
    YORON,
    { family: suzuki, programme: 'workation', planned: ['2025-04-28', '2025-05-03'], status: 'in_town' },
    [],
  );
  await stay(
    YORON,
    {
      family: sato,
      programme: 'nursery_stay',
      planned: ['2025-04-09', '2025-04-12'],
      actual: ['2025-04-10', null],
      status: 'in_town',
    },
    [taro],
  );

  const takahashi = await family(OME, '高橋', 'タカハシ');
  const sakura = await member(OME, takahashi, 'さくら');
  await stay(
    OME,
    {
      family: takahashi,
      programme: 'school_stay',
      planned: ['2025-04-28', '2025-05-02'],
      actual: ['2025-04-28', '2025-05-02'],
      status: 'completed',
    },
    [sakura],
  );

  consortiumToken = await tokenFor(KINKO, 'consortium_admin');
  yoronAdminToken = await tokenFor(YORON, 'town_admin');
  coordinatorToken = await tokenFor(YORON, 'coordinator');
  surveyorToken = await tokenFor(OME, 'surveyor');
});
afterAll(async () => server.close());

const zeroProgrammes = {
  nursery_stay: [0, 0],
  school_stay: [0, 0],
  trial_living: [0, 0],
  workation: [0, 0],
  dual_region: [0, 0],
  other: [0, 0],
};

function programmes(values: Partial<Record<keyof typeof zeroProgrammes, [number, number]>>) {
  return Object.entries({ ...zeroProgrammes, ...values }).map(([programme, [nights, personNights]]) => ({
    programme,
    nights,
    person_nights: personNights,
  }));
}

describe('GET /v1/kpi', () => {
  it('gives the consortium every town, by month and programme, and their sum', async () => {
    const res = await getKpi(consortiumToken, `from=${FROM}&to=${TO}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.period).toEqual({ from: FROM, to: TO });
    for (const key of ['nights', 'person_nights', 'relationship_population', 'repeaters', 'ripple_yen']) {
      expect(body.definitions[key].ja).toMatch(/\S/);
      expect(body.definitions[key].en).toMatch(/\S/);
    }
    expect(body.towns.map((t: { town_id: string }) => t.town_id)).toEqual([KINKO, YORON, OME]);
    const [kinko, yoron, ome] = body.towns;

    expect(yoron).toEqual({
      town_id: YORON,
      town_name: '与論町',
      nights: 8,
      person_nights: 14,
      relationship_population: 2,
      repeaters: 2,
      ripple_yen: 150_000,
      unpriced_person_nights: 0,
      arrivals: 3,
      by_month: [
        { month: '2025-03', nights: 2, person_nights: 6 },
        { month: '2025-04', nights: 6, person_nights: 8 },
      ],
      by_programme: programmes({ nursery_stay: [5, 11], workation: [3, 3] }),
      stays_without_members: 1,
      coefficients: { spend_per_person_night_yen: 10_000, ripple_multiplier: 1.5 },
      coefficients_used: [
        expect.objectContaining({
          effective_from: '2024-09-01',
          spend_per_person_night_yen: 8000,
          ripple_multiplier: '1.25',
          from: FROM,
          to: '2025-04-28',
          person_nights: 12,
          ripple_yen: 120_000,
        }),
        expect.objectContaining({
          effective_from: '2025-04-29',
          spend_per_person_night_yen: 10_000,
          ripple_multiplier: '1.5',
          set_at: '2025-04-01T00:00:00.000Z',
          from: '2025-04-29',
          to: TO,
          person_nights: 2,
          ripple_yen: 30_000,
        }),
      ],
    });
    expect(ome).toMatchObject({
      town_id: OME,
      town_name: '青梅市',
      nights: 3,
      person_nights: 3,
      relationship_population: 1,
      repeaters: 0,
      ripple_yen: 18_005,
      by_month: [
        { month: '2025-03', nights: 0, person_nights: 0 },
        { month: '2025-04', nights: 3, person_nights: 3 },
      ],
      by_programme: programmes({ school_stay: [3, 3] }),
      stays_without_members: 0,
      arrivals: 1,
      coefficients: { spend_per_person_night_yen: 4001, ripple_multiplier: 1.5 },
    });
    expect(kinko).toMatchObject({
      town_id: KINKO,
      nights: 0,
      person_nights: 0,
      relationship_population: 0,
      repeaters: 0,
      ripple_yen: 0,
      stays_without_members: 0,
      coefficients: { spend_per_person_night_yen: null, ripple_multiplier: null },
      coefficients_used: [],
    });
    expect(body.total).toEqual({
      nights: 11,
      person_nights: 17,
      relationship_population: 3,
      repeaters: 2,
      ripple_yen: 168_005,
      unpriced_person_nights: 0,
      arrivals: 4,
      by_month: [
        { month: '2025-03', nights: 2, person_nights: 6 },
        { month: '2025-04', nights: 9, person_nights: 11 },
      ],
      by_programme: programmes({ nursery_stay: [5, 11], school_stay: [3, 3], workation: [3, 3] }),
      stays_without_members: 1,
    });
  });

  it('leaves out every name and record id of the fixture', async () => {
    const res = await getKpi(consortiumToken, `from=${FROM}&to=${TO}`);
    const text = res.body;
    expect(fixtureIds.length).toBeGreaterThan(20);
    for (const id of fixtureIds) expect(text).not.toContain(id);
    for (const name of fixtureNames) expect(text).not.toContain(name);
  });

  it('counts only the nights inside the period, and people by the arrivals inside it', async () => {
    // April only: stay1 keeps its 4/1 night; 太郎 and 次郎 were created in March; 太郎 returned in
    // April (a repeater), 花子's return arrived on 3/30 (not in April).
    const res = await getKpi(yoronAdminToken, 'from=2025-04-01&to=2025-04-30');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.towns).toHaveLength(1);
    expect(body.towns[0]).toMatchObject({
      town_id: YORON,
      nights: 6,
      person_nights: 8,
      relationship_population: 0,
      repeaters: 1,
      arrivals: 1,
      ripple_yen: 90_000,
      by_month: [{ month: '2025-04', nights: 6, person_nights: 8 }],
      by_programme: programmes({ nursery_stay: [3, 5], workation: [3, 3] }),
      stays_without_members: 1,
    });
  });

  it('prices no night before the first version, and says how many it left unpriced', async () => {
    // stay0: 2024-08-01..08-04, 花子: 3 person-nights, all before version A (2024-09-01).
    const res = await getKpi(yoronAdminToken, 'from=2024-08-01&to=2024-09-30');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().towns[0]).toMatchObject({
      nights: 3,
      person_nights: 3,
      ripple_yen: 0,
      unpriced_person_nights: 3,
      coefficients: { spend_per_person_night_yen: 8000, ripple_multiplier: 1.25 },
      coefficients_used: [
        expect.objectContaining({ from: '2024-09-01', to: '2024-09-30', person_nights: 0, ripple_yen: 0 }),
      ],
    });
  });

  it('gives a town administrator only its own town, and that as the total', async () => {
    const res = await getKpi(yoronAdminToken, `from=${FROM}&to=${TO}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.towns.map((t: { town_id: string }) => t.town_id)).toEqual([YORON]);
    const { town_id, town_name, coefficients, coefficients_used, ...figures } = body.towns[0];
    expect(body.total).toEqual(figures);
    expect(body.total.person_nights).toBe(14);
    expect(res.body).not.toContain(OME);
    expect(res.body).not.toContain('青梅市');
  });

  it('refuses field staff', async () => {
    for (const token of [coordinatorToken, surveyorToken]) {
      const res = await getKpi(token, `from=${FROM}&to=${TO}`);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
  });

  it('refuses a request without a token', async () => {
    const res = await server.app.inject({ method: 'GET', url: `/v1/kpi?from=${FROM}&to=${TO}` });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['missing dates', ''],
    ['missing to', 'from=2025-03-01'],
    ['not a date', 'from=2025-03-01&to=soon'],
    ['no such day', 'from=2025-02-29&to=2025-03-31'],
    ['month 13', 'from=2025-13-01&to=2026-01-31'],
    ['reversed', 'from=2025-04-30&to=2025-03-01'],
    ['more than five years', 'from=2020-01-01&to=2025-01-01'],
    ['an unknown parameter', `from=${FROM}&to=${TO}&town=tokyo-ome`],
    ['a repeated date', `from=${FROM}&from=2025-03-02&to=${TO}`],
  ])('answers %s with 400 INVALID_REQUEST', async (_label, query) => {
    const res = await getKpi(consortiumToken, query);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('INVALID_REQUEST');
  });

  it('accepts exactly five years and a one-day period', async () => {
    const five = await getKpi(consortiumToken, 'from=2020-01-01&to=2024-12-31');
    expect(five.statusCode, five.body).toBe(200);
    expect(five.json().total.by_month).toHaveLength(60);
    const day = await getKpi(consortiumToken, 'from=2025-03-31&to=2025-03-31');
    expect(day.statusCode, day.body).toBe(200);
    // stay1's night of 3/31 only: 3 people.
    expect(day.json().total).toMatchObject({ nights: 1, person_nights: 3, relationship_population: 0 });
  });
});

describe('the KPI functions in the database', () => {
  it('let the request role read aggregates of every town while row-level security still hides their rows', async () => {
    await withTown(server.deps.db, YORON, async (trx) => {
      const role = await sql<{ u: string }>`SELECT current_user AS u`.execute(trx);
      expect(role.rows[0]?.u).toBe('futasato_app');
      const theirs = await trx.selectFrom('record').select('id').where('municipality_id', '=', OME).execute();
      expect(theirs).toEqual([]);
      const all = await trx.selectFrom('record').select('municipality_id').distinct().execute();
      expect(all.map((r) => r.municipality_id)).toEqual([YORON]);

      const towns = await sql<{ municipality_id: string; person_nights: string | number }>`
        SELECT municipality_id, person_nights FROM kpi_towns(${FROM}::date, ${TO}::date)
        ORDER BY municipality_id`.execute(trx);
      expect(towns.rows.map((r) => [r.municipality_id, Number(r.person_nights)])).toEqual([
        [KINKO, 0],
        [YORON, 14],
        [OME, 3],
      ]);
      const nights = await sql<{ municipality_id: string }>`
        SELECT municipality_id FROM kpi_nights(${FROM}::date, ${TO}::date, ${OME}::text)`.execute(trx);
      expect(nights.rows.map((r) => r.municipality_id)).toEqual([OME]);
    });
  });

  it('keep the helpers that see stay and member ids away from the request role', async () => {
    for (const call of [
      sql`SELECT * FROM kpi_started_stay(NULL)`,
      sql`SELECT * FROM kpi_stay_person(NULL)`,
      sql`SELECT * FROM kpi_stay_month(${FROM}::date, ${TO}::date, NULL)`,
    ]) {
      await expect(withTown(server.deps.db, YORON, (trx) => call.execute(trx))).rejects.toThrow(
        /permission denied/,
      );
    }
  });

  it('are SECURITY DEFINER with a pinned search_path, and only the public ones granted', async () => {
    const rows = await sql<{ name: string; definer: boolean; config: string[] | null; app: boolean }>`
      SELECT p.proname AS name, p.prosecdef AS definer, p.proconfig AS config,
             has_function_privilege('futasato_app', p.oid, 'EXECUTE') AS app
        FROM pg_proc p
       WHERE p.proname LIKE 'kpi\\_%' AND p.pronamespace = (SELECT n.oid FROM pg_namespace n WHERE n.nspname = current_schema())
       ORDER BY p.proname`.execute(server.deps.db);
    const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(server.deps.db)).rows[0]
      ?.s;
    expect(rows.rows.map((r) => [r.name, r.definer, r.app])).toEqual([
      ['kpi_coefficient_version', false, false],
      ['kpi_coefficients_used', true, true],
      ['kpi_date', false, false],
      ['kpi_nights', true, true],
      ['kpi_priced_nights', false, false],
      ['kpi_started_stay', false, false],
      ['kpi_stay_month', false, false],
      ['kpi_stay_person', false, false],
      ['kpi_target_append_only', false, false],
      ['kpi_town_list', true, true],
      ['kpi_towns', true, true],
    ]);
    for (const r of rows.rows) expect(r.config).toEqual([`search_path=${schema}, pg_temp`]);
  });
});

describe('stored dates the KPI functions cannot use', () => {
  it('leave those stays out and never fail the figures (consortium and town administrator)', async () => {
    const query = `from=${FROM}&to=${TO}`;
    const before = [await getKpi(consortiumToken, query), await getKpi(yoronAdminToken, query)];
    for (const res of before) expect(res.statusCode, res.body).toBe(200);
    // Stored before push validation knew the app's calendar: year 0 (a date in JavaScript, not in
    // PostgreSQL), a day that does not exist, text that is no date, and days outside 1868..2100.
    const sato = await family(YORON, '佐藤', 'サトウ');
    for (const [arrival, departure] of [
      ['0000-01-01', '2025-04-02'],
      ['2025-03-30', '0000-01-01'],
      ['2025-02-30', '2025-04-02'],
      ['2025-13-01', '2025-04-02'],
      ['3月30日', '2025-04-02'],
      ['1867-12-31', '2025-04-02'],
      ['2025-03-30', '2101-01-01'],
    ] as const) {
      await stay(
        YORON,
        {
          family: sato,
          programme: 'nursery_stay',
          planned: [arrival, departure],
          actual: [arrival, departure],
          status: 'completed',
        },
        [],
      );
    }
    const after = [await getKpi(consortiumToken, query), await getKpi(yoronAdminToken, query)];
    for (const [i, res] of after.entries()) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual(before[i]?.json());
    }
  });
});

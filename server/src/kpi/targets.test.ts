import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetsAnswer, TargetWire } from '../../../shared/domain/kpi-targets.ts';
import { createTown } from '../admin/commands.ts';
import { enrollTestDevice, startTestServer, type TestDevice, type TestServer } from '../test-support.ts';

/**
 * GET/PUT /v1/kpi/targets on a real server (PGlite, or PostgreSQL when TEST_DATABASE_URL is set): the
 * plan's targets from migration 0013, who may read and set what, validation that changes nothing,
 * and the history that is never rewritten.
 */

const KINKO = 'kagoshima-kinko';
const YORON = 'kagoshima-yoron';
const OME = 'tokyo-ome';

let server: TestServer;
let consortium: TestDevice;
let yoronAdmin: TestDevice;
let omeAdmin: TestDevice;
let coordinator: TestDevice;

beforeAll(async () => {
  server = await startTestServer();
  for (const id of [KINKO, YORON, OME]) await createTown(server.deps.db, { id });
  consortium = await enrollTestDevice(server, KINKO, 'consortium_admin');
  yoronAdmin = await enrollTestDevice(server, YORON, 'town_admin');
  omeAdmin = await enrollTestDevice(server, OME, 'town_admin');
  coordinator = await enrollTestDevice(server, YORON, 'coordinator');
});
afterAll(async () => server?.close());

function get(device: TestDevice, query = '') {
  return server.app.inject({
    method: 'GET',
    url: `/v1/kpi/targets${query}`,
    headers: { authorization: `Bearer ${device.token}` },
  });
}

function put(device: TestDevice, payload: Record<string, unknown>) {
  return server.app.inject({
    method: 'PUT',
    url: '/v1/kpi/targets',
    headers: { authorization: `Bearer ${device.token}` },
    payload,
  });
}

const rowCount = async () =>
  Number(
    (await sql<{ n: string | number }>`SELECT count(*) AS n FROM kpi_target`.execute(server.deps.db)).rows[0]
      ?.n,
  );

describe('KPI targets', () => {
  it('starts with the plan’s three cumulative targets for R8–R10, readable by every enrolled device', async () => {
    for (const device of [consortium, yoronAdmin, coordinator]) {
      const res = await get(device);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as TargetsAnswer;
      expect(
        body.targets
          .filter((t) => t.town_id === null)
          .map((t) => [t.kpi, t.fiscal_year_from, t.fiscal_year_to, t.value]),
      ).toEqual([
        ['relationship_population', 2026, 2028, 2133],
        ['nights', 2026, 2028, 17644],
        ['ripple_yen', 2026, 2028, 320_960_000],
      ]);
    }
    // 年度 2025 lies outside the plan: nothing; 2027 inside it.
    expect(((await get(coordinator, '?fy=2025')).json() as TargetsAnswer).targets).toEqual([]);
    expect(((await get(coordinator, '?fy=2027')).json() as TargetsAnswer).targets).toHaveLength(3);
  });

  it('lets the consortium set its targets and any town’s, and keeps every setting in the history', async () => {
    const first = await put(consortium, {
      town_id: null,
      kpi: 'relationship_population',
      fiscal_year_from: 2026,
      fiscal_year_to: 2026,
      value: 600,
      note: 'R8 単年度',
    });
    expect(first.statusCode, first.body).toBe(200);
    const set = first.json().target as TargetWire;
    expect(set).toMatchObject({
      town_id: null,
      value: 600,
      note: 'R8 単年度',
      set_by_name: expect.any(String),
    });
    expect(set.set_by_name).toContain('consortium_admin');

    const second = await put(consortium, {
      town_id: null,
      kpi: 'relationship_population',
      fiscal_year_from: 2026,
      fiscal_year_to: 2026,
      value: 650,
    });
    expect(second.statusCode, second.body).toBe(200);
    const forYoron = await put(consortium, {
      town_id: YORON,
      kpi: 'nights',
      fiscal_year_from: 2026,
      fiscal_year_to: 2026,
      value: 900,
    });
    expect(forYoron.statusCode, forYoron.body).toBe(200);
    expect(forYoron.json().target).toMatchObject({ town_id: YORON, town_name: '与論町' });

    const body = (await get(consortium, '?fy=2026')).json() as TargetsAnswer;
    const annual = body.targets.filter((t) => t.fiscal_year_to === 2026);
    expect(annual.map((t) => [t.town_id, t.kpi, t.value])).toEqual([
      [null, 'relationship_population', 650],
      [YORON, 'nights', 900],
    ]);
    // Newest first; the replaced 600 stays in the history.
    const popHistory = body.history.filter(
      (t) => t.kpi === 'relationship_population' && t.fiscal_year_to === 2026,
    );
    expect(popHistory.map((t) => t.value)).toEqual([650, 600]);

    // Who set it is stored with the row: the user and the device, not only a name.
    const stored = await sql<{ set_by_device: string; set_by_user: string }>`
      SELECT set_by_device::text, set_by_user::text FROM kpi_target WHERE id = ${set.id}`.execute(
      server.deps.db,
    );
    expect(stored.rows[0]).toEqual({ set_by_device: consortium.deviceId, set_by_user: consortium.userId });
  });

  it('withdraws a target with null: gone from the targets, there in the history', async () => {
    const base = { town_id: null, kpi: 'person_nights', fiscal_year_from: 2027, fiscal_year_to: 2027 };
    expect((await put(consortium, { ...base, value: 5000 })).statusCode).toBe(200);
    expect((await put(consortium, { ...base, value: null })).statusCode).toBe(200);
    const body = (await get(consortium, '?fy=2027')).json() as TargetsAnswer;
    expect(body.targets.some((t) => t.kpi === 'person_nights')).toBe(false);
    expect(body.history.filter((t) => t.kpi === 'person_nights').map((t) => t.value)).toEqual([null, 5000]);
  });

  it('lets a town administrator set only their own town’s, and shows a town only its own', async () => {
    const own = await put(omeAdmin, {
      town_id: OME,
      kpi: 'ripple_yen',
      fiscal_year_from: 2026,
      fiscal_year_to: 2028,
      value: 12_000_000,
    });
    expect(own.statusCode, own.body).toBe(200);

    const before = await rowCount();
    for (const [device, townId] of [
      [omeAdmin, YORON],
      [omeAdmin, null],
      [coordinator, YORON],
      [coordinator, null],
    ] as const) {
      const res = await put(device, {
        town_id: townId,
        kpi: 'nights',
        fiscal_year_from: 2026,
        fiscal_year_to: 2026,
        value: 1,
      });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect(await rowCount()).toBe(before);

    // 青梅市 sees the consortium's and its own; not 与論町's. The consortium sees both towns'.
    const ome = (await get(omeAdmin)).json() as TargetsAnswer;
    expect(new Set(ome.history.map((t) => t.town_id))).toEqual(new Set([null, OME]));
    const yoron = (await get(coordinator)).json() as TargetsAnswer;
    expect(yoron.history.some((t) => t.town_id === OME)).toBe(false);
    const all = (await get(consortium)).json() as TargetsAnswer;
    expect(new Set(all.history.map((t) => t.town_id))).toEqual(new Set([null, OME, YORON]));
  });

  it('refuses bad input with INVALID_REQUEST naming the field, or NOT_FOUND for an unknown town, and stores nothing', async () => {
    const good = { town_id: null, kpi: 'nights', fiscal_year_from: 2026, fiscal_year_to: 2026, value: 10 };
    const before = await rowCount();
    for (const [change, field] of [
      [{ value: -1 }, 'value'],
      [{ value: 1.5 }, 'value'],
      [{ value: '10' }, 'value'],
      [{ value: 2 ** 60 }, 'value'],
      [{ kpi: 'happiness' }, 'kpi'],
      [{ fiscal_year_from: 2027, fiscal_year_to: 2026 }, 'fiscal_year_to'],
      [{ fiscal_year_from: 2026, fiscal_year_to: 2040 }, 'fiscal_year_to'],
      [{ fiscal_year_from: 1500 }, 'fiscal_year_from'],
      [{ note: 'あ'.repeat(501) }, 'note'],
      [{ extra: 1 }, ''],
    ] as const) {
      const res = await put(consortium, { ...good, ...change });
      expect(res.statusCode, `${JSON.stringify(change)} ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('INVALID_REQUEST');
      if (field) expect(res.json().error.field).toBe(field);
    }
    const unknown = await put(consortium, { ...good, town_id: 'nowhere' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'NOT_FOUND', field: 'town_id' });
    expect((await get(consortium, '?fy=20x5')).json().error.code).toBe('INVALID_REQUEST');
    expect((await get(consortium, '?fy=1500')).json().error.code).toBe('INVALID_REQUEST');
    expect(await rowCount()).toBe(before);
    // Without a token: nothing at all.
    const anonymous = await server.app.inject({ method: 'GET', url: '/v1/kpi/targets' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('is append-only in the database, for the request role and the owner alike', async () => {
    await expect(sql`UPDATE kpi_target SET value = 1`.execute(server.deps.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM kpi_target`.execute(server.deps.db)).rejects.toThrow(/append-only/);
    await expect(
      server.deps.db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('role', 'futasato_app', true)`.execute(trx);
        await sql`UPDATE kpi_target SET value = 1`.execute(trx);
      }),
    ).rejects.toThrow(/permission denied|append-only/);
  });
});

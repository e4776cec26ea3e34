import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HybridLogicalClock } from '../../../shared/hlc.ts';
import { newId } from '../../../shared/ids.ts';
import type { SyncResponse } from '../../../shared/sync/protocol.ts';
import { enrollTestDevice, startTestServer, type TestDevice, type TestServer } from '../test-support.ts';

/**
 * Every role's laptop can sync, whatever its role may see: a role given hardly any synced tables (the
 * consortium administrator, whose view is the KPI endpoint, receives only its town's coefficient and
 * lock-policy versions) gets an empty page and a cursor that moves on, never a failure.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

function sync(device: TestDevice, body: Record<string, unknown>) {
  return server.app.inject({
    method: 'POST',
    url: '/v1/sync',
    headers: { authorization: `Bearer ${device.token}` },
    payload: {
      protocol: 1,
      schema: 1,
      device_id: device.deviceId,
      after_seq: 0,
      cursor: '0',
      ops: [],
      ...body,
    },
  });
}

describe('sync by role', () => {
  it("a consortium administrator's laptop syncs: an empty page, the cursor past the town's rows", async () => {
    const coordinator = await enrollTestDevice(server, 'kagoshima-kinko', 'coordinator');
    const clock = new HybridLogicalClock({ node: 'c0ffee00c0ffee00' });
    const hlc = clock.now();
    const value = (v: string | number) => ({ value: v, hlc, base: null });
    const pushed = await sync(coordinator, {
      ops: [
        {
          seq: 1,
          op_id: newId(),
          table: 'family',
          row: newId(),
          op: 'insert',
          at: new Date().toISOString(),
          changes: {
            family_name: value('錦江'),
            family_name_kana: value('きんこう'),
            phone: value('09012345678'),
            consent_photo: value(0),
            consent_share: value(0),
          },
        },
      ],
    });
    expect(pushed.statusCode, pushed.body).toBe(200);

    const admin = await enrollTestDevice(server, 'kagoshima-kinko', 'consortium_admin');
    const res = await sync(admin, {});
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as SyncResponse;
    expect(body.changes).toEqual([]);
    expect(body.has_more).toBe(false);
    expect(Number(body.cursor)).toBeGreaterThan(0);
    // The next sync from there is as quiet.
    const again = await sync(admin, { cursor: body.cursor });
    expect(again.statusCode, again.body).toBe(200);
    expect((again.json() as SyncResponse).changes).toEqual([]);
  });

  it('a consortium administrator may still not write records', async () => {
    const admin = await enrollTestDevice(server, 'kagoshima-kinko', 'consortium_admin');
    const res = await sync(admin, {
      ops: [
        {
          seq: 1,
          op_id: newId(),
          table: 'family',
          row: newId(),
          op: 'insert',
          at: new Date().toISOString(),
          changes: {
            family_name: { value: 'x', hlc: new HybridLogicalClock({ node: 'aa' }).now(), base: null },
          },
        },
      ],
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN_TABLE');
  });

  it('only administrators write the KPI coefficients; a coordinator receives them but may not push one', async () => {
    const op = () => ({
      seq: 1,
      op_id: newId(),
      table: 'kpi_coefficient',
      row: newId(),
      op: 'insert',
      at: new Date().toISOString(),
      changes: Object.fromEntries(
        Object.entries({
          effective_from: '2026-04-01',
          spend_per_person_night_yen: 8000,
          ripple_multiplier: '1.35',
          set_at: new Date().toISOString(),
        }).map(([k, value]) => [k, { value, hlc: new HybridLogicalClock({ node: 'bb' }).now(), base: null }]),
      ),
    });
    const coordinator = await enrollTestDevice(server, 'kagoshima-yoron', 'coordinator');
    const refused = await sync(coordinator, { ops: [op()] });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN_TABLE');
    for (const role of ['town_admin', 'consortium_admin'] as const) {
      const admin = await enrollTestDevice(server, 'kagoshima-yoron', role);
      const res = await sync(admin, { ops: [op()] });
      expect(res.statusCode, res.body).toBe(200);
    }
    const pulled = await sync(coordinator, {});
    expect((pulled.json() as SyncResponse).changes.filter((c) => c.table === 'kpi_coefficient')).toHaveLength(
      2,
    );
  });

  it("only a town administrator writes the town's lock policy; every laptop of the town receives it", async () => {
    const op = (idle: number) => ({
      seq: 1,
      op_id: newId(),
      table: 'town_policy',
      row: newId(),
      op: 'insert',
      at: new Date().toISOString(),
      changes: Object.fromEntries(
        Object.entries({ idle_minutes: idle, offline_lock_days: 30, set_at: new Date().toISOString() }).map(
          ([k, value]) => [k, { value, hlc: new HybridLogicalClock({ node: 'cc' }).now(), base: null }],
        ),
      ),
    });
    const town = 'kyoto-wazuka';
    for (const role of ['coordinator', 'surveyor', 'consortium_admin'] as const) {
      const device = await enrollTestDevice(server, town, role);
      const refused = await sync(device, { ops: [op(5)] });
      expect(refused.statusCode, role).toBe(403);
      expect(refused.json().error.code, role).toBe('FORBIDDEN_TABLE');
    }
    const admin = await enrollTestDevice(server, town, 'town_admin');
    const res = await sync(admin, { ops: [op(7)] });
    expect(res.statusCode, res.body).toBe(200);
    for (const role of ['coordinator', 'surveyor', 'town_admin', 'consortium_admin'] as const) {
      const device = await enrollTestDevice(server, town, role);
      const policies = ((await sync(device, {})).json() as SyncResponse).changes.filter(
        (c) => c.table === 'town_policy',
      );
      expect(
        policies.map((c) => c.values.idle_minutes),
        role,
      ).toEqual([7]);
    }
    // Another town's laptop never sees it.
    const elsewhere = await enrollTestDevice(server, 'kagoshima-yoron', 'coordinator');
    const theirs = ((await sync(elsewhere, {})).json() as SyncResponse).changes;
    expect(theirs.filter((c) => c.table === 'town_policy')).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HybridLogicalClock } from '../../../shared/hlc.ts';
import { newId } from '../../../shared/ids.ts';
import { verifyUnlockCode } from '../../../shared/node/unlock-code.ts';
import { revokeDevice } from '../admin/commands.ts';
import { enrollTestDevice, startTestServer, type TestDevice, type TestServer } from '../test-support.ts';
import { deviceHistory, issueUnlockCode, MAX_WIPE_ACK_TOKENS } from './lifecycle.ts';

/**
 * Lost and retired laptops and offline unlock codes on the server (docs/security.md), through the
 * real routes on PGlite or PostgreSQL (TEST_DATABASE_URL), like every server suite.
 */

const TOWN = 'kagoshima-yoron';
const OTHER = 'kagoshima-kinko';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

function familyOp(device: TestDevice, seq: number) {
  const hlc = new HybridLogicalClock({ node: device.deviceId.replace(/-/g, '').slice(0, 16) }).now();
  const v = (value: string | number) => ({ value, hlc, base: null });
  return {
    seq,
    op_id: newId(),
    table: 'family',
    row: newId(),
    op: 'insert',
    at: new Date().toISOString(),
    changes: {
      family_name: v('錦江'),
      family_name_kana: v('きんこう'),
      consent_photo: v(0),
      consent_share: v(0),
    },
  };
}

function sync(device: TestDevice, ops: unknown[], afterSeq = 0) {
  return server.app.inject({
    method: 'POST',
    url: '/v1/sync',
    headers: { authorization: `Bearer ${device.token}` },
    payload: { protocol: 1, schema: 1, device_id: device.deviceId, after_seq: afterSeq, cursor: '0', ops },
  });
}

function refresh(device: TestDevice, secret = device.refreshToken) {
  return server.app.inject({
    method: 'POST',
    url: '/v1/auth/token',
    payload: { device_id: device.deviceId, refresh_token: secret },
  });
}

async function actions(device: TestDevice): Promise<string[]> {
  return (await deviceHistory(server.deps.db, device.deviceId)).map((e) => e.action);
}

describe('a laptop revoked as lost', () => {
  it('is told to wipe on every request, the order audited once, and its acknowledgement recorded', async () => {
    const laptop = await enrollTestDevice(server, TOWN);
    const colleague = await enrollTestDevice(server, TOWN);
    expect((await sync(colleague, [familyOp(colleague, 1)])).statusCode).toBe(200);

    const revoked = await revokeDevice(server.deps.db, laptop.deviceId, { reason: 'lost', by: 'test' });
    expect(revoked).toEqual({ alreadyRevoked: false, reason: 'lost' });

    // Its still-valid access token pulls nothing: the answer is the order.
    const answer = await sync(laptop, []);
    expect(answer.statusCode).toBe(410);
    expect(answer.json()).toEqual({ error: expect.objectContaining({ code: 'DEVICE_WIPE', wipe: 'lost' }) });
    expect(answer.body).not.toContain('錦江');
    // Refreshing is refused the same way (and does not rotate the secret).
    const refused = await refresh(laptop);
    expect(refused.statusCode).toBe(410);
    expect(refused.json().error).toMatchObject({ code: 'DEVICE_WIPE', wipe: 'lost' });
    const me = await server.app.inject({
      method: 'GET',
      url: '/v1/auth/me',
      headers: { authorization: `Bearer ${laptop.token}` },
    });
    expect(me.json().error).toMatchObject({ code: 'DEVICE_WIPE', wipe: 'lost' });
    expect(await actions(laptop)).toEqual(['revoked', 'wipe_ordered']);
    expect((await deviceHistory(server.deps.db, laptop.deviceId))[0]?.detail).toEqual({
      reason: 'lost',
      by: 'test',
    });

    // The acknowledgement proves itself with the refresh secret; a wrong one changes nothing.
    const wrong = await server.app.inject({
      method: 'POST',
      url: '/v1/device/wipe-ack',
      payload: { device_id: laptop.deviceId, refresh_token: 'nope', wipe: 'lost' },
    });
    expect(wrong.json().error.code).toBe('UNAUTHENTICATED');
    const wrongReason = await server.app.inject({
      method: 'POST',
      url: '/v1/device/wipe-ack',
      payload: { device_id: laptop.deviceId, refresh_token: laptop.refreshToken, wipe: 'retired' },
    });
    expect(wrongReason.json().error.code).toBe('INVALID_REQUEST');
    expect(await actions(laptop)).toEqual(['revoked', 'wipe_ordered']);
    for (let i = 0; i < 2; i += 1) {
      const ack = await server.app.inject({
        method: 'POST',
        url: '/v1/device/wipe-ack',
        payload: {
          device_id: laptop.deviceId,
          refresh_token: laptop.refreshToken,
          wipe: 'lost',
          unsent_ops: 3,
        },
      });
      expect(ack.json()).toEqual({ acknowledged: true });
    }
    expect(await actions(laptop)).toEqual(['revoked', 'wipe_ordered', 'wipe_acknowledged']);
    expect((await deviceHistory(server.deps.db, laptop.deviceId))[2]?.detail).toEqual({
      reason: 'lost',
      unsent_ops: 3,
      proof: 'refresh_token',
    });
    // Wiped is final: no reason may be given any more.
    await expect(revokeDevice(server.deps.db, laptop.deviceId, { reason: 'retired' })).rejects.toMatchObject({
      code: 'DEVICE_ALREADY_WIPED',
    });
  });
});

describe('the wipe acknowledgement token', () => {
  function ack(payload: Record<string, unknown>) {
    return server.app.inject({ method: 'POST', url: '/v1/device/wipe-ack', payload });
  }

  it('comes with every order, acknowledges only its own device, once; wrong and spent tokens have codes', async () => {
    const laptop = await enrollTestDevice(server, TOWN);
    const other = await enrollTestDevice(server, TOWN);
    await revokeDevice(server.deps.db, laptop.deviceId, { reason: 'lost' });
    await revokeDevice(server.deps.db, other.deviceId, { reason: 'lost' });
    const first = (await sync(laptop, [])).json().error as { ack_token?: string };
    const second = (await refresh(laptop)).json().error as { ack_token?: string };
    const others = (await sync(other, [])).json().error as { ack_token?: string };
    for (const t of [first.ack_token, second.ack_token, others.ack_token]) expect(t).toMatch(/^fwa_/);
    expect(first.ack_token).not.toBe(second.ack_token);
    // Only hashes are stored.
    const stored = await server.deps.db
      .selectFrom('wipe_ack_token')
      .select('token_hash')
      .where('device_id', '=', laptop.deviceId)
      .execute();
    expect(stored).toHaveLength(2);
    expect(JSON.stringify(stored)).not.toContain(first.ack_token!.slice(4));

    // The token reads nothing: as a bearer it is unknown.
    const me = await server.app.inject({
      method: 'GET',
      url: '/v1/auth/me',
      headers: { authorization: `Bearer ${first.ack_token}` },
    });
    expect(me.json().error.code).toBe('UNAUTHENTICATED');
    // Wrong token, another device's token, a made-up one: refused, nothing recorded.
    for (const token of ['fwa_nope', others.ack_token, first.ack_token?.replace(/.$/, 'x')]) {
      const refused = await ack({ device_id: laptop.deviceId, ack_token: token, wipe: 'lost' });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.code).toBe('WIPE_ACK_TOKEN_INVALID');
    }
    expect(
      (
        await ack({
          device_id: laptop.deviceId,
          ack_token: first.ack_token,
          refresh_token: 'x',
          wipe: 'lost',
        })
      ).json().error.code,
    ).toBe('INVALID_REQUEST');
    expect(await actions(laptop)).toEqual(['revoked', 'wipe_ordered']);

    // The older token of the two is as good as the newer one; it is taken once.
    const taken = await ack({
      device_id: laptop.deviceId,
      ack_token: first.ack_token,
      wipe: 'lost',
      unsent_ops: 2,
    });
    expect(taken.json()).toEqual({ acknowledged: true });
    expect(await actions(laptop)).toEqual(['revoked', 'wipe_ordered', 'wipe_acknowledged']);
    expect((await deviceHistory(server.deps.db, laptop.deviceId))[2]?.detail).toEqual({
      reason: 'lost',
      unsent_ops: 2,
      proof: 'ack_token',
    });
    // Every token of the device is spent with it: shown again, refused with its own code.
    for (const token of [first.ack_token, second.ack_token]) {
      const again = await ack({ device_id: laptop.deviceId, ack_token: token, wipe: 'lost' });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('WIPE_ACK_TOKEN_USED');
    }
    expect(await actions(laptop)).toEqual(['revoked', 'wipe_ordered', 'wipe_acknowledged']);
    // An acknowledged device is given no new token.
    expect((await sync(laptop, [])).json().error.ack_token).toBeUndefined();
  });

  it('is issued at most MAX_WIPE_ACK_TOKENS times per device; the refresh secret still acknowledges', async () => {
    const laptop = await enrollTestDevice(server, TOWN);
    await revokeDevice(server.deps.db, laptop.deviceId, { reason: 'lost' });
    for (let i = 0; i < MAX_WIPE_ACK_TOKENS; i += 1) {
      expect(((await sync(laptop, [])).json().error as { ack_token?: string }).ack_token).toMatch(/^fwa_/);
    }
    const beyond = (await sync(laptop, [])).json().error as { code: string; ack_token?: string };
    expect(beyond).toMatchObject({ code: 'DEVICE_WIPE', wipe: 'lost' });
    expect(beyond.ack_token).toBeUndefined();
    const done = await ack({ device_id: laptop.deviceId, refresh_token: laptop.refreshToken, wipe: 'lost' });
    expect(done.json()).toEqual({ acknowledged: true });
  });

  it('comes to a retired laptop in a header beside the sync answer', async () => {
    const laptop = await enrollTestDevice(server, TOWN);
    await revokeDevice(server.deps.db, laptop.deviceId, { reason: 'retired' });
    const pushed = await sync(laptop, [familyOp(laptop, 1)]);
    expect(pushed.headers['x-device-wipe']).toBe('retired');
    const token = pushed.headers['x-device-wipe-ack'];
    expect(token).toMatch(/^fwa_/);
    const done = await ack({ device_id: laptop.deviceId, ack_token: token, wipe: 'retired', unsent_ops: 0 });
    expect(done.json()).toEqual({ acknowledged: true });
    expect((await actions(laptop)).at(-1)).toBe('wipe_acknowledged');
  });
});

describe('a laptop revoked as retired', () => {
  it('still pushes (audited), receives nothing new, is told by header, and may upload but not read', async () => {
    const laptop = await enrollTestDevice(server, TOWN);
    const colleague = await enrollTestDevice(server, TOWN);
    expect((await sync(colleague, [familyOp(colleague, 1)])).statusCode).toBe(200);
    await revokeDevice(server.deps.db, laptop.deviceId, { reason: 'retired' });

    const ops = [familyOp(laptop, 1), familyOp(laptop, 2)];
    const pushed = await sync(laptop, ops);
    expect(pushed.statusCode, pushed.body).toBe(200);
    expect(pushed.headers['x-device-wipe']).toBe('retired');
    const body = pushed.json() as { results: { status: string }[]; changes: unknown[]; has_more: boolean };
    expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(body.changes).toEqual([]);
    expect(body.has_more).toBe(false);
    // The colleague sees what the retired laptop pushed.
    const pulled = await sync(colleague, [], 1);
    const rows = (pulled.json() as { changes: { id: string }[] }).changes.map((c) => c.id);
    expect(rows).toEqual(expect.arrayContaining(ops.map((op) => op.row)));

    // It can still refresh (to finish pushing); other reads answer the order.
    const refreshed = await refresh(laptop);
    expect(refreshed.statusCode).toBe(200);
    const me = await server.app.inject({
      method: 'GET',
      url: '/v1/auth/me',
      headers: { authorization: `Bearer ${laptop.token}` },
    });
    expect(me.json().error).toMatchObject({ code: 'DEVICE_WIPE', wipe: 'retired' });
    const blob = await server.app.inject({
      method: 'GET',
      url: `/v1/blobs/${'a'.repeat(64)}`,
      headers: { authorization: `Bearer ${laptop.token}` },
    });
    expect(blob.json().error).toMatchObject({ code: 'DEVICE_WIPE', wipe: 'retired' });

    const ack = await server.app.inject({
      method: 'POST',
      url: '/v1/device/wipe-ack',
      payload: {
        device_id: laptop.deviceId,
        refresh_token: (refreshed.json() as { refresh_token: string }).refresh_token,
        wipe: 'retired',
        unsent_ops: 0,
      },
    });
    expect(ack.json()).toEqual({ acknowledged: true });
    const history = await deviceHistory(server.deps.db, laptop.deviceId);
    expect(history.map((e) => e.action)).toEqual([
      'revoked',
      'pushed_before_wipe',
      'wipe_ordered',
      'wipe_acknowledged',
    ]);
    expect(history[1]?.detail).toMatchObject({ applied: 2, high_water: 2 });
  });

  it('a retired laptop later reported lost is told to wipe at once; lost is never downgraded', async () => {
    const laptop = await enrollTestDevice(server, TOWN);
    await revokeDevice(server.deps.db, laptop.deviceId, { reason: 'retired' });
    expect(await revokeDevice(server.deps.db, laptop.deviceId, { reason: 'lost' })).toEqual({
      alreadyRevoked: true,
      reason: 'lost',
    });
    expect(await revokeDevice(server.deps.db, laptop.deviceId, { reason: 'retired' })).toEqual({
      alreadyRevoked: true,
      reason: 'lost',
    });
    expect((await sync(laptop, [familyOp(laptop, 1)])).json().error).toMatchObject({ wipe: 'lost' });
    expect(await actions(laptop)).toEqual(['revoked', 'revoked', 'wipe_ordered']);
  });

  it('a plain revoke (no reason) stays a refusal, without a wipe order', async () => {
    const laptop = await enrollTestDevice(server, TOWN);
    await revokeDevice(server.deps.db, laptop.deviceId);
    expect((await sync(laptop, [])).json().error.code).toBe('DEVICE_REVOKED');
    expect((await refresh(laptop)).json().error.code).toBe('DEVICE_REVOKED');
    expect(await actions(laptop)).toEqual(['revoked']);
  });
});

describe('offline unlock codes', () => {
  it('are checked with the secret the laptop received at enrolment and again on refresh; their use is audited', async () => {
    const laptop = await enrollTestDevice(server, TOWN);
    expect(Buffer.from(laptop.unlockSecret, 'base64')).toHaveLength(32);
    const refreshed = (await refresh(laptop)).json() as { unlock_secret: string; access_token: string };
    // The same secret on every refresh: laptops enrolled before short codes get it at their next sync.
    expect(refreshed.unlock_secret).toBe(laptop.unlockSecret);
    laptop.token = refreshed.access_token;

    const now = new Date();
    const issued = await issueUnlockCode(server.deps.db, laptop.deviceId, { hours: 2, now });
    expect(issued.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/);
    expect(
      verifyUnlockCode({ typed: issued.code, secret: laptop.unlockSecret, deviceId: laptop.deviceId, now }),
    ).toEqual({
      nonce: issued.nonce,
      expiresAt: issued.expiresAt,
    });
    // Another laptop has another secret, and the code names this laptop's id.
    const other = await enrollTestDevice(server, TOWN);
    expect(other.unlockSecret).not.toBe(laptop.unlockSecret);
    for (const [secret, deviceId] of [
      [other.unlockSecret, other.deviceId],
      [other.unlockSecret, laptop.deviceId],
      [laptop.unlockSecret, other.deviceId],
    ] as const) {
      expect(() => verifyUnlockCode({ typed: issued.code, secret, deviceId, now })).toThrow(
        expect.objectContaining({ code: 'UNLOCK_CODE_INVALID' }),
      );
    }
    // The server keeps the nonce and audits the expiry, never the code.
    const stored = await server.deps.db
      .selectFrom('unlock_code')
      .select(['nonce', 'expires_at'])
      .where('device_id', '=', laptop.deviceId)
      .execute();
    expect(stored).toEqual([{ nonce: issued.nonce, expires_at: issued.expiresAt }]);
    const issuedAudit = (await deviceHistory(server.deps.db, laptop.deviceId))[0];
    expect(JSON.stringify(issuedAudit)).not.toContain(issued.code.replace(/-/g, '').slice(0, 10));
    expect(JSON.stringify(issuedAudit)).not.toContain(laptop.unlockSecret);

    const used = await server.app.inject({
      method: 'POST',
      url: '/v1/device/events',
      headers: { authorization: `Bearer ${laptop.token}` },
      payload: { events: [{ kind: 'unlock_code_used', nonce: issued.nonce, at: now.toISOString() }] },
    });
    expect(used.json()).toEqual({ recorded: 1 });
    const history = await deviceHistory(server.deps.db, laptop.deviceId);
    expect(history.map((e) => e.action)).toEqual(['unlock_code_issued', 'unlock_code_used']);
    expect(history[1]?.detail).toMatchObject({ nonce: issued.nonce, issued_here: true });
    await expect(issueUnlockCode(server.deps.db, laptop.deviceId, { hours: 1000 })).rejects.toMatchObject({
      code: 'INVALID_EXPIRY',
    });
  });

  it("a town administrator's laptop lists, revokes and unlocks its own town's devices only", async () => {
    const admin = await enrollTestDevice(server, TOWN, 'town_admin');
    const coordinator = await enrollTestDevice(server, TOWN);
    const stranger = await enrollTestDevice(server, OTHER);
    const as = (device: TestDevice, method: 'GET' | 'POST', url: string, payload?: object) =>
      server.app.inject({ method, url, headers: { authorization: `Bearer ${device.token}` }, payload });

    expect((await as(coordinator, 'GET', '/v1/devices')).json().error.code).toBe('FORBIDDEN');
    const list = (await as(admin, 'GET', '/v1/devices')).json() as { devices: { id: string }[] };
    expect(list.devices.map((d) => d.id)).toContain(coordinator.deviceId);
    expect(list.devices.map((d) => d.id)).not.toContain(stranger.deviceId);

    const code = await as(admin, 'POST', `/v1/devices/${coordinator.deviceId}/unlock-code`, { hours: 1 });
    expect(code.statusCode, code.body).toBe(200);
    expect(await as(admin, 'POST', `/v1/devices/${stranger.deviceId}/unlock-code`, {})).toMatchObject({
      statusCode: 404,
    });
    expect(
      (await as(admin, 'POST', `/v1/devices/${stranger.deviceId}/revoke`, { reason: 'lost' })).json().error
        .code,
    ).toBe('NOT_FOUND');
    expect(
      (await as(admin, 'POST', `/v1/devices/${coordinator.deviceId}/revoke`, { reason: 'stolen' }))
        .statusCode,
    ).toBe(400);
    const revoked = await as(admin, 'POST', `/v1/devices/${coordinator.deviceId}/revoke`, { reason: 'lost' });
    expect(revoked.json()).toEqual({ id: coordinator.deviceId, reason: 'lost', already_revoked: false });
    expect((await sync(stranger, [])).statusCode).toBe(200);
    const history = (await as(admin, 'GET', `/v1/devices/${coordinator.deviceId}/history`)).json() as {
      history: { action: string; detail: { by?: string } }[];
    };
    expect(history.history.map((h) => h.action)).toEqual(['unlock_code_issued', 'revoked']);
    expect(history.history[1]?.detail.by).toBe(`device:${admin.deviceId}`);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollTestDevice, startTestServer, type TestServer } from '../test-support.ts';
import { sha256Hex } from './secrets.ts';

/**
 * Refresh secrets rotate on every use; the one just replaced is still accepted (a laptop that lost
 * the answer is not locked out); an older one presented again revokes the device's whole chain.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

/** Either side of the answer; each test reads the half its status says is there. */
interface TokenAnswer {
  refresh_token: string;
  access_token: string;
  error: { code: string };
}

async function refresh(deviceId: string, secret: string) {
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/auth/token',
    payload: { device_id: deviceId, refresh_token: secret },
  });
  return { status: res.statusCode, body: res.json() as TokenAnswer };
}

const me = (token: string) =>
  server.app.inject({ method: 'GET', url: '/v1/auth/me', headers: { authorization: `Bearer ${token}` } });

describe('refresh secret rotation', () => {
  it('answers a new secret on every refresh; the server keeps only hashes', async () => {
    const device = await enrollTestDevice(server, 'kagoshima-yoron');
    const first = await refresh(device.deviceId, device.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toMatch(/^frt_/);
    expect(first.body.refresh_token).not.toBe(device.refreshToken);
    const second = await refresh(device.deviceId, first.body.refresh_token);
    expect(second.status).toBe(200);
    const row = await server.deps.db
      .selectFrom('device')
      .select(['refresh_hash', 'previous_refresh_hash'])
      .where('id', '=', device.deviceId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      refresh_hash: sha256Hex(second.body.refresh_token),
      previous_refresh_hash: sha256Hex(first.body.refresh_token),
    });
  });

  it('a laptop that lost the answer carrying its new secret refreshes again with the old one', async () => {
    const device = await enrollTestDevice(server, 'kagoshima-yoron');
    const lost = await refresh(device.deviceId, device.refreshToken);
    expect(lost.status).toBe(200);
    // The answer never reached the laptop (or it could not store it): it still holds the old secret.
    const retry = await refresh(device.deviceId, device.refreshToken);
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    // And carries on from what it got this time, as many times as it likes.
    let secret = retry.body.refresh_token as string;
    for (let i = 0; i < 3; i += 1) {
      const next = await refresh(device.deviceId, secret);
      expect(next.status).toBe(200);
      secret = next.body.refresh_token;
    }
    expect((await me(device.token)).statusCode).toBe(200);
  });

  it('a replaced secret presented again revokes the device: its secrets and access tokens all stop', async () => {
    const device = await enrollTestDevice(server, 'kagoshima-yoron');
    const n1 = await refresh(device.deviceId, device.refreshToken);
    const n2 = await refresh(device.deviceId, n1.body.refresh_token);
    expect(n2.status).toBe(200);
    // A copy of the enrolment secret, two rotations old, is used by someone.
    const stolen = await refresh(device.deviceId, device.refreshToken);
    expect(stolen.status).toBe(401);
    expect(stolen.body.error.code).toBe('DEVICE_REVOKED');
    // The chain is gone: the newest secret and the newest access token no longer work.
    const legit = await refresh(device.deviceId, n2.body.refresh_token);
    expect(legit.body.error.code).toBe('DEVICE_REVOKED');
    expect((await me(n2.body.access_token)).statusCode).toBe(401);
    const row = await server.deps.db
      .selectFrom('device')
      .select('revoked_at')
      .where('id', '=', device.deviceId)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
  });

  it('a thief using the previous secret first is found out when the laptop uses its own', async () => {
    const device = await enrollTestDevice(server, 'kagoshima-yoron');
    const laptop = await refresh(device.deviceId, device.refreshToken);
    // The thief holds the enrolment secret (now the previous one) and refreshes before the laptop.
    const thief = await refresh(device.deviceId, device.refreshToken);
    expect(thief.status).toBe(200);
    // The laptop's secret was replaced without it being used: presenting it is a reuse.
    const next = await refresh(device.deviceId, laptop.body.refresh_token);
    expect(next.body.error.code).toBe('DEVICE_REVOKED');
    expect((await refresh(device.deviceId, thief.body.refresh_token)).body.error.code).toBe('DEVICE_REVOKED');
  });

  it('a secret that was never this device’s is unknown, not a reuse', async () => {
    const device = await enrollTestDevice(server, 'kagoshima-yoron');
    const other = await enrollTestDevice(server, 'kagoshima-yoron');
    const wrong = await refresh(device.deviceId, other.refreshToken);
    expect(wrong.body.error.code).toBe('UNAUTHENTICATED');
    expect((await refresh(device.deviceId, device.refreshToken)).status).toBe(200);
  });
});

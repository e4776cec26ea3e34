import { afterEach, describe, expect, it } from 'vitest';
import { createEnrollmentCode, createTown, createUser } from '../admin/commands.ts';
import { enrollTestDevice, startTestServer, type TestServer } from '../test-support.ts';

/**
 * Rate limits on the two endpoints a stranger can reach: failures count per address and per
 * credential; a valid enrolment or refresh is never refused for others' failures; the client address
 * is read through the proxies TRUST_PROXY names, and only through those.
 */

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(config: Record<string, string>): Promise<TestServer> {
  server = await startTestServer({ config });
  await createTown(server.deps.db, { id: 'kagoshima-yoron' });
  return server;
}

async function freshCode(s: TestServer): Promise<string> {
  const user = await createUser(s.deps.db, {
    townId: 'kagoshima-yoron',
    displayName: '登録 太郎',
    role: 'coordinator',
  });
  return (await createEnrollmentCode(s.deps.db, { userId: user.id })).code;
}

const enroll = (
  s: TestServer,
  code: string,
  headers: Record<string, string> = {},
  remoteAddress = '198.51.100.7',
) =>
  s.app.inject({
    method: 'POST',
    url: '/v1/auth/enroll',
    remoteAddress,
    headers,
    payload: { code, device_name: 'PC' },
  });

const refresh = (s: TestServer, deviceId: string, secret: string, remoteAddress = '198.51.100.7') =>
  s.app.inject({
    method: 'POST',
    url: '/v1/auth/token',
    remoteAddress,
    payload: { device_id: deviceId, refresh_token: secret },
  });

/** A guess: a well-formed code nobody was given. */
const guess = (i: number) => `ZZZZ-ZZZZ-${String(i).padStart(4, '0').replace(/[01]/g, '2')}`;

describe('auth rate limits', () => {
  it('after 40 bad guesses from one address, a valid enrolment and a valid refresh from it still succeed', async () => {
    const s = await start({ AUTH_RATE_LIMIT: '3' });
    const device = await enrollTestDevice(s, 'kagoshima-yoron');
    const codes: number[] = [];
    for (let i = 0; i < 40; i += 1) codes.push((await enroll(s, guess(i))).statusCode);
    expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
    expect(new Set(codes.slice(3))).toEqual(new Set([429]));
    const limited = await enroll(s, guess(99));
    expect(limited.json().error).toMatchObject({
      code: 'RATE_LIMITED',
      retry_after_seconds: expect.any(Number),
    });
    expect(limited.headers['retry-after']).toBeDefined();

    const valid = await enroll(s, await freshCode(s));
    expect(valid.statusCode, valid.body).toBe(200);
    const refreshed = await refresh(s, device.deviceId, device.refreshToken);
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    // A bad refresh from the same address is a failure like the guesses: limited.
    expect((await refresh(s, device.deviceId, 'frt_wrong')).statusCode).toBe(429);
  });

  it('limits failures per enrolment code and per device, whatever address they come from', async () => {
    const s = await start({ AUTH_CREDENTIAL_RATE_LIMIT: '2' });
    const code = await freshCode(s);
    expect((await enroll(s, code, {}, '192.0.2.1')).statusCode).toBe(200);
    // The used code, tried again from three addresses: the third failure on it is limited.
    const again = [];
    for (const address of ['192.0.2.2', '192.0.2.3', '192.0.2.4']) {
      again.push((await enroll(s, code, {}, address)).statusCode);
    }
    expect(again).toEqual([401, 401, 429]);

    const device = await enrollTestDevice(s, 'kagoshima-yoron');
    const wrong = [];
    for (const address of ['192.0.2.5', '192.0.2.6', '192.0.2.7']) {
      wrong.push((await refresh(s, device.deviceId, 'frt_wrong', address)).statusCode);
    }
    expect(wrong).toEqual([401, 401, 429]);
    // The device's own laptop, with its real secret, is not locked out.
    expect((await refresh(s, device.deviceId, device.refreshToken, '192.0.2.8')).statusCode).toBe(200);
  });

  it('behind a trusted proxy each client has its own bucket; an untrusted X-Forwarded-For is ignored', async () => {
    const behind = await start({ AUTH_RATE_LIMIT: '2', TRUST_PROXY: '127.0.0.1' });
    const via = (client: string, i: number) =>
      enroll(behind, guess(i), { 'x-forwarded-for': client }, '127.0.0.1');
    const first = [];
    for (let i = 0; i < 3; i += 1) first.push((await via('203.0.113.1', i)).statusCode);
    expect(first).toEqual([401, 401, 429]);
    // Another laptop behind the same proxy: its own address, its own bucket.
    expect((await via('203.0.113.2', 10)).statusCode).toBe(401);
    await behind.close();
    server = undefined;

    const direct = await start({ AUTH_RATE_LIMIT: '2' });
    // Not trusted: the header is the client's say-so, and every request counts against the peer.
    const spoof = [];
    for (let i = 0; i < 3; i += 1) {
      spoof.push(
        (await enroll(direct, guess(i), { 'x-forwarded-for': `203.0.113.${i + 1}` }, '198.51.100.9'))
          .statusCode,
      );
    }
    expect(spoof).toEqual([401, 401, 429]);
  });
});

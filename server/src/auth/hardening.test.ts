import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrollmentCode, createTown, createUser, disableUser } from '../admin/commands.ts';
import { enrollTestDevice, startTestServer, type TestServer } from '../test-support.ts';
import { normalizeEnrollmentCode, sha256Hex } from './secrets.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await createTown(server.deps.db, { id: 'kagoshima-yoron' });
});
afterAll(async () => server.close());

const me = (authorization?: string) =>
  server.app.inject({
    method: 'GET',
    url: '/v1/auth/me',
    headers: authorization === undefined ? {} : { authorization },
  });

const errorOf = (res: { json(): unknown }) =>
  (res.json() as { error: { code: string; message: string } }).error;

describe('GET /v1/auth/me', () => {
  it('names the device, its user and town, and gives the server time', async () => {
    const device = await enrollTestDevice(server, 'kagoshima-yoron', 'town_admin');
    const before = Date.now();
    const res = await me(`Bearer ${device.token}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { server_time: string };
    expect(body).toEqual({
      device: { id: device.deviceId, name: 'test town_admin' },
      user: { id: device.userId, display_name: 'town_admin of kagoshima-yoron', role: 'town_admin' },
      town: { id: 'kagoshima-yoron', name: '与論町', prefecture: '鹿児島県' },
      server_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    const serverTime = Date.parse(body.server_time);
    expect(serverTime).toBeGreaterThanOrEqual(before);
    expect(serverTime).toBeLessThanOrEqual(Date.now());
  });

  it('refuses a missing or garbled Authorization header with UNAUTHENTICATED', async () => {
    const device = await enrollTestDevice(server, 'kagoshima-yoron');
    const headers = [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      `Basic ${Buffer.from('admin:admin').toString('base64')}`,
      `${device.token}`,
      `Bearer ${device.token} extra`,
      `Bearer ${device.token.slice(0, -1)}`,
      'Bearer fat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      // The refresh secret is not an access token.
      `Bearer ${device.refreshToken}`,
    ];
    for (const header of headers) {
      const res = await me(header);
      expect(res.statusCode, String(header)).toBe(401);
      expect(res.json(), String(header)).toEqual({
        error: { code: 'UNAUTHENTICATED', message: expect.any(String) },
      });
    }
    // The scheme is case-insensitive (RFC 9110), so this one is accepted.
    expect((await me(`bearer ${device.token}`)).statusCode).toBe(200);
  });

  it('answers TOKEN_EXPIRED for an expired access token, and a refreshed one works', async () => {
    const device = await enrollTestDevice(server, 'kagoshima-yoron');
    await server.deps.db
      .updateTable('access_token')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', sha256Hex(device.token))
      .execute();
    const expired = await me(`Bearer ${device.token}`);
    expect(expired.statusCode).toBe(401);
    expect(errorOf(expired).code).toBe('TOKEN_EXPIRED');

    const refreshed = await server.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { device_id: device.deviceId, refresh_token: device.refreshToken },
    });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    const { access_token: fresh } = refreshed.json() as { access_token: string };
    expect(fresh).not.toBe(device.token);
    expect((await me(`Bearer ${fresh}`)).statusCode).toBe(200);
    // Issuing the new token swept the expired one away.
    const left = await server.deps.db
      .selectFrom('access_token')
      .select('token_hash')
      .where('device_id', '=', device.deviceId)
      .execute();
    expect(left).toEqual([{ token_hash: sha256Hex(fresh) }]);
  });

  it("refuses a disabled user's devices with DEVICE_REVOKED, on every route and on refresh", async () => {
    const device = await enrollTestDevice(server, 'kagoshima-yoron', 'surveyor');
    const second = await createEnrollmentCode(server.deps.db, { userId: device.userId });
    await disableUser(server.deps.db, device.userId);

    const res = await me(`Bearer ${device.token}`);
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('DEVICE_REVOKED');
    const refresh = await server.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { device_id: device.deviceId, refresh_token: device.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
    expect(errorOf(refresh).code).toBe('DEVICE_REVOKED');
    // A code handed out before the user was disabled no longer enrols anything.
    const enroll = await server.app.inject({
      method: 'POST',
      url: '/v1/auth/enroll',
      payload: { code: second.code, device_name: 'PC' },
    });
    expect(enroll.statusCode).toBe(401);
    expect(errorOf(enroll).code).toBe('ENROLLMENT_CODE_INVALID');
  });
});

describe('enrolment codes and stored secrets', () => {
  it('refuses an expired enrolment code exactly like an unknown one', async () => {
    const user = await createUser(server.deps.db, {
      townId: 'kagoshima-yoron',
      displayName: '期限 切れ',
      role: 'coordinator',
    });
    const { code } = await createEnrollmentCode(server.deps.db, { userId: user.id });
    // validHours refuses anything this short, so the code is aged in the database, as time would.
    await server.deps.db
      .updateTable('enrollment_code')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('code_hash', '=', sha256Hex(normalizeEnrollmentCode(code)))
      .execute();
    const expired = await server.app.inject({
      method: 'POST',
      url: '/v1/auth/enroll',
      payload: { code, device_name: 'PC' },
    });
    const unknown = await server.app.inject({
      method: 'POST',
      url: '/v1/auth/enroll',
      payload: { code: 'ZZZZ-ZZZZ-ZZZZ', device_name: 'PC' },
    });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toEqual(unknown.json());
    expect(errorOf(expired).code).toBe('ENROLLMENT_CODE_INVALID');
    const row = await server.deps.db
      .selectFrom('enrollment_code')
      .select(['used_at', 'device_id'])
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ used_at: null, device_id: null });
  });

  it('stores the refresh secret, access token and code only as hashes: no table holds their text', async () => {
    const user = await createUser(server.deps.db, {
      townId: 'kagoshima-yoron',
      displayName: '秘密 確認',
      role: 'coordinator',
    });
    const { code } = await createEnrollmentCode(server.deps.db, { userId: user.id });
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/auth/enroll',
      payload: { code, device_name: 'PC' },
    });
    const body = res.json() as { device_id: string; refresh_token: string; access_token: string };
    const device = await server.deps.db
      .selectFrom('device')
      .select('refresh_hash')
      .where('id', '=', body.device_id)
      .executeTakeFirstOrThrow();
    expect(device.refresh_hash).not.toBe(body.refresh_token);
    expect(device.refresh_hash).toBe(sha256Hex(body.refresh_token));

    const tables = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(server.deps.db);
    expect(tables.rows.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['device', 'access_token', 'enrollment_code']),
    );
    // Rows holding `text` anywhere in their text form; position() since _ is a LIKE wildcard.
    const rowsHolding = async (table: string, text: string): Promise<number> => {
      const found = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM ${sql.table(table)} AS t
        WHERE position(${text} in t::text) > 0`.execute(server.deps.db);
      return found.rows[0]?.n ?? -1;
    };
    // The search does find what is stored: the hash is there.
    expect(await rowsHolding('device', device.refresh_hash)).toBe(1);
    const secrets = [body.refresh_token, body.access_token, code, normalizeEnrollmentCode(code)];
    for (const { table_name } of tables.rows) {
      for (const secret of secrets) {
        expect(await rowsHolding(table_name, secret), `${table_name} holds a secret`).toBe(0);
      }
    }
  });
});

describe('rate limit on the auth endpoints', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ config: { AUTH_RATE_LIMIT: '3' } });
  });
  afterAll(async () => limited.close());

  it('answers the 4th enrolment attempt in a minute with 429 RATE_LIMITED in the one error shape', async () => {
    const attempt = () =>
      limited.app.inject({
        method: 'POST',
        url: '/v1/auth/enroll',
        payload: { code: 'ABCD-EFGH-JKMN', device_name: 'guesser' },
      });
    for (let i = 0; i < 3; i += 1) {
      const res = await attempt();
      expect(res.statusCode).toBe(401);
      expect(errorOf(res).code).toBe('ENROLLMENT_CODE_INVALID');
    }
    const fourth = await attempt();
    expect(fourth.statusCode).toBe(429);
    expect(fourth.headers['content-type']).toMatch(/^application\/json/);
    const body = fourth.json() as { error: { code: string; message: string; retry_after_seconds: number } };
    expect(body).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/^too many attempts; try again in \d+ s$/),
        retry_after_seconds: expect.any(Number),
      },
    });
    expect(body.error.retry_after_seconds).toBeGreaterThan(0);
    expect(body.error.retry_after_seconds).toBeLessThanOrEqual(60);
    expect(fourth.headers['retry-after']).toBeDefined();

    // Only the endpoints a stranger can reach are limited: health still answers.
    const health = await limited.app.inject({ method: 'GET', url: '/v1/health' });
    expect(health.statusCode).toBe(200);
  });
});

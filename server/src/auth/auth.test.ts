import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../../shared/sync/protocol.ts';
import { createEnrollmentCode, createTown, createUser, revokeDevice } from '../admin/commands.ts';
import { startTestServer, type TestServer } from '../test-support.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await createTown(server.deps.db, { id: 'kagoshima-yoron' });
});
afterAll(async () => server.close());

async function enroll(code: string) {
  return server.app.inject({
    method: 'POST',
    url: '/v1/auth/enroll',
    payload: { code, device_name: '与論 ノートPC' },
  });
}

describe('device enrolment and tokens', () => {
  it('answers health', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', protocol: PROTOCOL_VERSION });
  });

  it('enrolls with a one-time code typed in full-width, refreshes, and stops at revocation', async () => {
    const user = await createUser(server.deps.db, {
      townId: 'kagoshima-yoron',
      displayName: '与論 花子',
      role: 'coordinator',
    });
    const { code } = await createEnrollmentCode(server.deps.db, { userId: user.id });
    const fullWidth = code
      .toLowerCase()
      .replace(/[0-9a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const res = await enroll(fullWidth.replace(/-/g, 'ー'));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.town).toMatchObject({ id: 'kagoshima-yoron', name: '与論町' });
    expect(body.refresh_token).toMatch(/^frt_/);

    const again = await enroll(code);
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('ENROLLMENT_CODE_INVALID');

    const refreshed = await server.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { device_id: body.device_id, refresh_token: body.refresh_token },
    });
    expect(refreshed.statusCode).toBe(200);
    const access = refreshed.json().access_token as string;

    await revokeDevice(server.deps.db, body.device_id);
    const after = await server.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { device_id: body.device_id, refresh_token: body.refresh_token },
    });
    expect(after.json().error.code).toBe('DEVICE_REVOKED');
    expect(access).toMatch(/^fat_/);
  });

  it('answers unknown routes and bad JSON in the one error shape', async () => {
    const missing = await server.app.inject({ method: 'GET', url: '/v1/nothing' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    const bad = await server.app.inject({
      method: 'POST',
      url: '/v1/auth/enroll',
      headers: { 'content-type': 'application/json' },
      payload: '{"code":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_JSON');
  });
});

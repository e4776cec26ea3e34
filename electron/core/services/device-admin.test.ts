import { createServer } from 'node:net';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { DeviceAdmin, deviceState } from './device-admin.ts';

/** The parts of 端末の管理 that need no server (the whole path runs in tests/e2e/device-admin.test.ts). */

/** A port nothing listens on: taken, then released. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function admin(role: 'town_admin' | 'coordinator', serverUrl: string) {
  let asked = 0;
  const service = new DeviceAdmin({
    sqlite: new Database(':memory:'),
    auth: {
      deviceId: '00000000-0000-4000-8000-000000000001',
      bearer: async () => {
        asked += 1;
        return { serverUrl, token: 't' };
      },
    },
    role,
    actor: { id: 'me', municipalityId: 'kagoshima-yoron' },
    now: () => new Date('2026-12-05T00:00:00Z'),
    client: { timeoutMs: 5_000 },
  });
  return { service, asked: () => asked };
}

describe('DeviceAdmin', () => {
  it('refuses every role but town administrator before asking the server', async () => {
    const { service, asked } = admin('coordinator', 'http://127.0.0.1:9');
    await expect(service.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.unlockCode('00000000-0000-4000-8000-000000000002')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(asked()).toBe(0);
  });

  it('will not revoke the laptop it runs on', async () => {
    const { service, asked } = admin('town_admin', 'http://127.0.0.1:9');
    await expect(service.revoke('00000000-0000-4000-8000-000000000001', 'lost')).rejects.toMatchObject({
      code: 'DEVICE_SELF_REVOKE',
    });
    expect(asked()).toBe(0);
  });

  it('says DEVICES_OFFLINE when no server answers', async () => {
    const { service } = admin('town_admin', `http://127.0.0.1:${await deadPort()}`);
    await expect(service.list()).rejects.toMatchObject({ code: 'DEVICES_OFFLINE' });
  });

  it('names the state from the server’s revocation fields', () => {
    const base = {
      id: 'x',
      name: 'n',
      user: 'u',
      role: 'coordinator',
      created_at: '2026-01-01T00:00:00Z',
      last_sync_at: null,
    };
    expect(deviceState({ ...base, revoked_at: null })).toBe('active');
    expect(deviceState({ ...base, revoked_at: '2026-02-01T00:00:00Z', revoke_reason: null })).toBe('revoked');
    expect(deviceState({ ...base, revoked_at: '2026-02-01T00:00:00Z' })).toBe('revoked');
    expect(deviceState({ ...base, revoked_at: '2026-02-01T00:00:00Z', revoke_reason: 'lost' })).toBe(
      'lost_pending',
    );
    expect(
      deviceState({
        ...base,
        revoked_at: '2026-02-01T00:00:00Z',
        revoke_reason: 'retired',
        wipe_acknowledged_at: '2026-02-02T00:00:00Z',
      }),
    ).toBe('retired_wiped');
  });
});

import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openTestCore } from '../../electron/core/test-support.ts';
import {
  createEnrollmentCode,
  createTown,
  createUser,
  revokeDevice,
} from '../../server/src/admin/commands.ts';
import { deviceHistory } from '../../server/src/devices/lifecycle.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';

/**
 * A laptop's core and the real server (docs/security.md): lost → nothing more is sent, everything
 * wiped; retired → the outbox goes up first, then everything wiped; both acknowledged and audited.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ listen: true });
  await createTown(server.deps.db, { id: 'kagoshima-yoron' });
});
afterAll(async () => server.close());

async function enrolledLaptop(name: string) {
  const sent: { path: string; body: string }[] = [];
  const recording: typeof fetch = async (input, init) => {
    sent.push({
      path: new URL(String(input)).pathname,
      body: typeof init?.body === 'string' ? init.body : '',
    });
    return fetch(input, init);
  };
  const opened = await openTestCore({ serverClient: { fetch: recording } });
  await call(opened.core, 'profile.setup', {
    municipalityId: 'kagoshima-yoron',
    displayName: name,
    role: 'coordinator',
  });
  const user = await createUser(server.deps.db, {
    townId: 'kagoshima-yoron',
    displayName: name,
    role: 'coordinator',
  });
  const { code } = await createEnrollmentCode(server.deps.db, { userId: user.id });
  await call(opened.core, 'sync.enroll', { serverUrl: server.url ?? '', code });
  // Enrolment starts a first sync by itself: finished here, so what a test writes next is not in it.
  await call(opened.core, 'sync.now');
  const deviceId = opened.core.sync?.deviceId ?? '';
  return { ...opened, sent, deviceId };
}

async function familiesOnServer(): Promise<string[]> {
  const rows = await server.deps.db
    .selectFrom('record')
    .select('vals')
    .where('table_name', '=', 'family')
    .execute();
  return rows.map((r) => String((r.vals as { family_name?: unknown }).family_name));
}

const actions = async (deviceId: string) =>
  (await deviceHistory(server.deps.db, deviceId)).map((e) => e.action);

describe('lost and retired laptops against the real server', () => {
  it('retired: pushes its outbox, then wipes every file; pushed, ordered and acknowledged are audited', async () => {
    const l = await enrolledLaptop('退役 花子');
    try {
      await call(l.core, 'families.create', { familyName: '退役前', familyNameKana: 'たいえきまえ' });
      await revokeDevice(server.deps.db, l.deviceId, { reason: 'retired' });
      await l.core.invoke('sync.now', {});
      await expect.poll(() => readdirSync(l.dir).sort(), { timeout: 20_000 }).toEqual(['logs', 'wiped.json']);
      expect(await familiesOnServer()).toContain('退役前');
      await expect
        .poll(() => actions(l.deviceId), { timeout: 20_000 })
        .toEqual(['revoked', 'pushed_before_wipe', 'wipe_ordered', 'wipe_acknowledged']);
      expect(await call(l.core, 'lock.status')).toMatchObject({ state: 'wiped', wipedReason: 'retired' });
    } finally {
      await l.dispose();
    }
  });

  it('lost: sends nothing of what it holds, wipes, and says so with its refresh secret', async () => {
    const l = await enrolledLaptop('紛失 太郎');
    try {
      await call(l.core, 'families.create', { familyName: '紛失前', familyNameKana: 'ふんしつまえ' });
      await revokeDevice(server.deps.db, l.deviceId, { reason: 'lost' });
      const before = l.sent.length;
      await l.core.invoke('sync.now', {});
      await expect.poll(() => readdirSync(l.dir).sort(), { timeout: 20_000 }).toEqual(['logs', 'wiped.json']);
      await expect
        .poll(() => actions(l.deviceId), { timeout: 20_000 })
        .toEqual(['revoked', 'wipe_ordered', 'wipe_acknowledged']);
      expect(await familiesOnServer()).not.toContain('紛失前');
      // The order came back to the first request; the acknowledgement is the only other one.
      expect(l.sent.slice(before).map((r) => r.path)).toEqual(['/v1/sync', '/v1/device/wipe-ack']);
      const ack = (await deviceHistory(server.deps.db, l.deviceId)).at(-1);
      expect(ack?.detail).toEqual({ reason: 'lost', unsent_ops: 1 });
    } finally {
      await l.dispose();
    }
  });
});

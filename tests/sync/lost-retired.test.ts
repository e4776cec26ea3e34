import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppCore, type CoreOptions } from '../../electron/core/app-core.ts';
import { call, openTestCore, testCoreOptions } from '../../electron/core/test-support.ts';
import {
  createEnrollmentCode,
  createTown,
  createUser,
  revokeDevice,
} from '../../server/src/admin/commands.ts';
import { deviceHistory } from '../../server/src/devices/lifecycle.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { type Shaper, startShaper } from './shaper.ts';

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

async function enrolledLaptop(
  name: string,
  via: string = server.url ?? '',
  extra: Partial<Omit<CoreOptions, 'dbPath' | 'migrations'>> = {},
) {
  const sent: { path: string; body: string }[] = [];
  const recording: typeof fetch = async (input, init) => {
    sent.push({
      path: new URL(String(input)).pathname,
      body: typeof init?.body === 'string' ? init.body : '',
    });
    return fetch(input, init);
  };
  const options = { ...extra, serverClient: { fetch: recording, timeoutMs: 5_000 } };
  const opened = await openTestCore(options);
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
  await call(opened.core, 'sync.enroll', { serverUrl: via, code, allowInsecure: true });
  // Enrolment starts a first sync by itself: finished here, so what a test writes next is not in it.
  await call(opened.core, 'sync.now');
  const deviceId = opened.core.sync?.deviceId ?? '';
  return { ...opened, sent, deviceId, options };
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
      // Said with the token the retired sync answer carried in its header.
      expect((await deviceHistory(server.deps.db, l.deviceId)).at(-1)?.detail).toMatchObject({
        reason: 'retired',
        proof: 'ack_token',
      });
      expect(await call(l.core, 'lock.status')).toMatchObject({ state: 'wiped', wipedReason: 'retired' });
    } finally {
      await l.dispose();
    }
  });

  it('lost: sends nothing of what it holds, wipes, and says so with the token the order carried', async () => {
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
      expect(ack?.detail).toEqual({ reason: 'lost', unsent_ops: 1, proof: 'ack_token' });
    } finally {
      await l.dispose();
    }
  });

  describe('the acknowledgement after a wipe, on a link that fails', () => {
    let link: Shaper;
    beforeAll(async () => {
      link = await startShaper({
        target: { host: '127.0.0.1', port: Number(new URL(server.url ?? '').port) },
        latencyMs: 5,
        bandwidthBps: Number.POSITIVE_INFINITY,
        handshake: false,
      });
    });
    afterAll(async () => link.close());

    const marker = (dir: string) =>
      JSON.parse(readFileSync(join(dir, 'wiped.json'), 'utf8')) as {
        reason: string;
        ack?: { token: string; deviceId: string };
      };
    const acks = (sent: { path: string }[]) => sent.filter((r) => r.path === '/v1/device/wipe-ack').length;

    it('keeps only a single-purpose token, retries while the app runs, and is heard once the link is back', async () => {
      const l = await enrolledLaptop('紛失 再送', link.url, { wipeAckRetryMs: 100 });
      try {
        await revokeDevice(server.deps.db, l.deviceId, { reason: 'lost' });
        // The acknowledgement is cut on its way up; the link then stays down.
        link.cutNext('/v1/device/wipe-ack', 'request');
        const wiped = l.core.invoke('sync.now', {});
        await expect.poll(() => acks(l.sent), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
        link.setOffline(true);
        await wiped;
        await expect.poll(() => acks(l.sent), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
        expect(readdirSync(l.dir).sort()).toEqual(['logs', 'wiped.json']);
        const kept = marker(l.dir);
        expect(kept.ack?.token).toMatch(/^fwa_/);
        expect(kept.ack?.deviceId).toBe(l.deviceId);
        // Nothing in the notice is a credential: the token reads nothing.
        const me = await fetch(`${server.url}/v1/auth/me`, {
          headers: { authorization: `Bearer ${kept.ack?.token}` },
        });
        expect(((await me.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
        expect(await actions(l.deviceId)).toEqual(['revoked', 'wipe_ordered']);

        link.setOffline(false);
        await expect
          .poll(() => actions(l.deviceId), { timeout: 20_000 })
          .toEqual(['revoked', 'wipe_ordered', 'wipe_acknowledged']);
        await expect.poll(() => marker(l.dir).ack, { timeout: 20_000 }).toBeUndefined();
        expect(marker(l.dir).reason).toBe('lost');
        const ack = (await deviceHistory(server.deps.db, l.deviceId)).at(-1);
        expect(ack?.detail).toEqual({ reason: 'lost', unsent_ops: 0, proof: 'ack_token' });
      } finally {
        link.setOffline(false);
        await l.dispose();
      }
    });

    it('is sent again at the next start; the same token shown again, or a wrong one, is refused by code', async () => {
      const l = await enrolledLaptop('紛失 再起動', link.url);
      let core: AppCore | null = null;
      try {
        await revokeDevice(server.deps.db, l.deviceId, { reason: 'lost' });
        link.cutNext('/v1/device/wipe-ack', 'request');
        await l.core.invoke('sync.now', {});
        await expect.poll(() => acks(l.sent), { timeout: 20_000 }).toBe(1);
        await expect.poll(() => marker(l.dir).ack?.token, { timeout: 20_000 }).toMatch(/^fwa_/);
        const token = marker(l.dir).ack?.token ?? '';
        // The app is closed with the acknowledgement unsent (the default retry is minutes away).
        await l.core.close();
        expect(await actions(l.deviceId)).toEqual(['revoked', 'wipe_ordered']);

        core = await AppCore.open(testCoreOptions(l.dir, l.options));
        expect(await call(core, 'lock.status')).toMatchObject({ state: 'wiped', wipedReason: 'lost' });
        await expect
          .poll(() => actions(l.deviceId), { timeout: 20_000 })
          .toEqual(['revoked', 'wipe_ordered', 'wipe_acknowledged']);
        await expect.poll(() => marker(l.dir).ack, { timeout: 20_000 }).toBeUndefined();
        expect(acks(l.sent)).toBe(2);

        const post = (body: Record<string, unknown>) =>
          fetch(`${server.url}/v1/device/wipe-ack`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
        const reused = await post({ device_id: l.deviceId, ack_token: token, wipe: 'lost' });
        expect(reused.status).toBe(409);
        expect(((await reused.json()) as { error: { code: string } }).error.code).toBe('WIPE_ACK_TOKEN_USED');
        const wrong = await post({ device_id: l.deviceId, ack_token: `fwa_${'A'.repeat(43)}`, wipe: 'lost' });
        expect(wrong.status).toBe(401);
        expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe(
          'WIPE_ACK_TOKEN_INVALID',
        );
        expect(await actions(l.deviceId)).toEqual(['revoked', 'wipe_ordered', 'wipe_acknowledged']);
      } finally {
        await core?.close();
        rmSync(l.dir, { recursive: true, force: true });
      }
    });
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { generateReleaseKeys, publish } from '../../server/src/admin/release-commands.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import type { UpdateStatusView, VerifiedInstallerView } from '../../shared/ipc/views.ts';
import { enrolledLaptop, type TestLaptop } from './support.ts';

/**
 * The core's update service against a real server: the release key comes with enrolment, a check
 * follows a successful sync, a metered link waits for the user, and a laptop the server refuses as
 * too old is offered the update without any successful sync.
 */

let root: string;
let server: TestServer;
let installer: Buffer;
const laptops: TestLaptop[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'futasato-update-svc-'));
  const keys = await generateReleaseKeys(join(root, 'keys'));
  const dist = join(root, 'dist');
  await mkdir(dist);
  installer = randomBytes(512 * 1024);
  const name = 'Futasato-0.2.0-x86_64.AppImage';
  await writeFile(join(dist, name), installer);
  const sha512 = createHash('sha512').update(installer).digest('base64');
  await writeFile(join(dist, 'latest-linux.yml'), `version: 0.2.0\npath: ${name}\nsha512: ${sha512}\n`);
  await publish({
    updatesDir: join(root, 'feed'),
    sourceDir: dist,
    keyFile: keys.privateKeyFile,
    publicKeyFile: keys.publicKeyFile,
    percent: 100,
  });
  server = await startTestServer({
    listen: true,
    config: { UPDATES_DIR: join(root, 'feed'), UPDATE_PUBLIC_KEY_FILE: keys.publicKeyFile },
  });
});
afterAll(async () => {
  for (const l of laptops) await l.dispose();
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const status = (l: TestLaptop) => call(l.core, 'updates.status') as Promise<UpdateStatusView>;

describe('update service', () => {
  it('checks after a sync, waits on a metered link until asked, then names the verified installer', async () => {
    const l = await enrolledLaptop(server, 'kagoshima-yoron', '田中 美咲', {
      appVersion: '0.1.0',
      updates: { platform: 'linux', arch: 'x64' },
    });
    laptops.push(l);
    expect(await status(l)).toMatchObject({ phase: 'idle', currentVersion: '0.1.0' });
    await call(l.core, 'attachments.holdOriginals', { hold: true });
    await l.core.sync?.run('manual');
    await expect.poll(async () => (await status(l)).phase).toBe('available');
    expect(await status(l)).toMatchObject({ version: '0.2.0', bytes: installer.length, metered: true });
    // Not downloaded by itself, and not by a plain click either.
    expect(await l.core.invoke('updates.download', {})).toMatchObject({
      ok: false,
      error: { code: 'UPDATE_METERED' },
    });
    expect(await l.core.invoke('updates.verified', {})).toMatchObject({
      ok: false,
      error: { code: 'UPDATE_NOT_READY' },
    });
    await call(l.core, 'updates.download', { evenIfMetered: true });
    await expect.poll(async () => (await status(l)).phase, { timeout: 20_000 }).toBe('ready');
    const verified = (await call(l.core, 'updates.verified')) as VerifiedInstallerView;
    expect(verified.version).toBe('0.2.0');
    expect((await readFile(verified.path)).equals(installer)).toBe(true);
    // A second sync soon after does not ask again (at most once per 6 hours).
    const checkedAt = (await status(l)).lastCheckedAt;
    await l.core.sync?.run('manual');
    expect((await status(l)).lastCheckedAt).toBe(checkedAt);
  });

  it('offers the update at once to a laptop the server refuses as too old', async () => {
    const newerServer: typeof fetch = async (input, init) => {
      if (!String(input).endsWith('/v1/sync')) return fetch(input, init);
      return Response.json(
        {
          error: {
            code: 'UNSUPPORTED_VERSION',
            message: 'please update',
            supported: { protocol: { min: 9, max: 9 }, schema: { min: 1, max: 1 } },
            update_feed: '/v1/updates/latest.json',
          },
        },
        { status: 426 },
      );
    };
    const l = await enrolledLaptop(server, 'kagoshima-yoron', '川口 健', {
      appVersion: '0.1.0',
      updates: { platform: 'linux', arch: 'x64' },
      serverClient: { fetch: newerServer },
    });
    laptops.push(l);
    const report = await l.core.sync?.run('manual');
    expect(report).toMatchObject({ ok: false, errorCode: 'UNSUPPORTED_VERSION' });
    // No successful sync happened: the refusal alone started the check, and the download (not metered).
    await expect
      .poll(
        async () => {
          const s = await status(l);
          return `${s.phase} ${s.errorCode}`;
        },
        { timeout: 20_000 },
      )
      .toBe('ready null');
    expect(await status(l)).toMatchObject({ version: '0.2.0', required: true });
  });

  it('fetches the update over the sync link: cut, it waits; back, it finishes', async () => {
    const link = { up: true, requests: 0 };
    const linkFetch: typeof fetch = async (input, init) => {
      if (String(input).includes('/v1/updates/')) link.requests += 1;
      if (link.up) return fetch(input, init);
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('ECONNRESET'), { code: 'ECONNRESET' }),
      });
    };
    const l = await enrolledLaptop(server, 'kagoshima-yoron', '中村 さくら', {
      appVersion: '0.1.0',
      updates: { platform: 'linux', arch: 'x64', retryBaseMs: 20 },
      serverClient: { fetch: linkFetch },
    });
    laptops.push(l);
    await call(l.core, 'attachments.holdOriginals', { hold: true });
    await l.core.sync?.run('manual');
    await expect.poll(async () => (await status(l)).phase).toBe('available');
    const asked = link.requests;
    expect(asked).toBeGreaterThan(0);
    link.up = false;
    await call(l.core, 'updates.download', { evenIfMetered: true });
    // The download's requests go through the link given to sync, and fail while it is down.
    await expect.poll(() => link.requests).toBeGreaterThan(asked + 1);
    expect((await status(l)).phase).toBe('downloading');
    link.up = true;
    await expect.poll(async () => (await status(l)).phase, { timeout: 20_000 }).toBe('ready');
    const verified = (await call(l.core, 'updates.verified')) as VerifiedInstallerView;
    expect((await readFile(verified.path)).equals(installer)).toBe(true);
  });
});

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  UpdateClient,
  type UpdateClientOptions,
  type UpdateState,
} from '../../electron/core/updates/update-client.ts';
import {
  enrollTestDevice,
  startTestServer,
  type TestDevice,
  type TestServer,
} from '../../server/src/test-support.ts';
import { inRollout, publishRelease, RELEASES, setRollout } from '../../server/src/updates/releases.ts';
import { generateReleaseKeyPair } from '../../shared/node/release-signature.ts';
import { startShaper } from './shaper.ts';

/**
 * The laptop's update download against a real server, through the island-link shaper: the release's
 * signature is checked with the consortium key, a download cut mid-way resumes with a byte range,
 * a tampered installer is refused, a metered link waits for the user.
 */

let root: string;
let server: TestServer;
let device: TestDevice;
const keys = generateReleaseKeyPair();
let installer: Buffer;

async function publish(version: string, bytes: Buffer, percent: number): Promise<void> {
  const dir = join(root, `dist-${version}`);
  await mkdir(dir);
  const name = `Futasato-${version}-x64.exe`;
  const sha512 = createHash('sha512').update(bytes).digest('base64');
  await writeFile(join(dir, name), bytes);
  await writeFile(join(dir, 'latest.yml'), `version: ${version}\npath: ${name}\nsha512: ${sha512}\n`);
  await writeFile(join(dir, `Futasato-${version}-x86_64.AppImage`), randomBytes(1000));
  await writeFile(join(dir, 'latest-linux.yml'), `version: ${version}\n`);
  await publishRelease({
    updatesDir: join(root, 'feed'),
    sourceDir: dir,
    privateKeyPem: keys.privateKeyPem,
    percent,
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'futasato-update-dl-'));
  installer = randomBytes(768 * 1024);
  await publish('0.2.0', installer, 100);
  server = await startTestServer({ listen: true, config: { UPDATES_DIR: join(root, 'feed') } });
  device = await enrollTestDevice(server, 'kagoshima-yoron');
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

function client(
  serverUrl: string,
  overrides: Partial<UpdateClientOptions> = {},
): {
  client: UpdateClient;
  states: UpdateState[];
  dir: string;
} {
  const states: UpdateState[] = [];
  const dir = join(root, `laptop-${randomUUID()}`);
  const c = new UpdateClient({
    bearer: async () => ({ serverUrl, token: device.token }),
    publicKey: () => keys.publicKeyPem,
    currentVersion: '0.1.0',
    platform: 'win32',
    arch: 'x64',
    dir,
    metered: () => false,
    onState: (s) => states.push(s),
    retryBaseMs: 20,
    ...overrides,
  });
  return { client: c, states, dir };
}

describe('update download', () => {
  it('resumes a download cut on the island link and keeps the verified installer', async () => {
    const { port } = new URL(server.url!);
    const shaper = await startShaper({
      target: { host: '127.0.0.1', port: Number(port) },
      latencyMs: 30,
      bandwidthBps: 16_000_000,
      burstBytes: 64 * 1024,
      // Cut an answer every ~200 kB on average: a 768 kB installer is cut a few times.
      resets: { meanBytes: 200_000, filter: (_m, path) => path.includes('.exe') },
      seed: 7,
    });
    try {
      const { client: c, states } = client(shaper.url);
      const update = await c.check();
      expect(update?.version).toBe('0.2.0');
      expect(update?.installer.name).toBe('Futasato-0.2.0-x64.exe');
      expect(states.at(-1)).toEqual({
        phase: 'available',
        version: '0.2.0',
        bytes: installer.length,
        metered: false,
      });

      const path = await c.download();
      expect((await readFile(path)).equals(installer)).toBe(true);
      expect(c.state).toEqual({ phase: 'ready', version: '0.2.0', bytes: installer.length });
      const stats = shaper.stats();
      expect(stats.resets).toBeGreaterThan(0);
      // Resumed, not restarted: the bytes that came down are the installer once, plus what each cut
      // lost in flight and HTTP headers — far less than a second copy.
      expect(stats.bytesDown).toBeLessThan(installer.length * 1.5);
      const requests = stats.byRoute[`GET /v1/updates/0.2.0/Futasato-0.2.0-x64.exe`] ?? 0;
      expect(requests).toBe(stats.resets + 1);
      // Progress only grows within the download, and reaches the whole.
      const progress = states
        .filter((s) => s.phase === 'downloading')
        .map((s) => (s as { received: number }).received);
      expect(progress.at(-1)).toBe(installer.length);
      expect(Math.max(...progress)).toBe(installer.length);
      // A second check finds it already downloaded and verified.
      await c.check();
      expect(c.state.phase).toBe('ready');
    } finally {
      await shaper.close();
    }
  });

  it('refuses a tampered installer with a stable code and keeps nothing of it', async () => {
    await publish('0.3.0', randomBytes(300 * 1024), 100);
    const served = join(root, 'feed', RELEASES, '0.3.0', 'Futasato-0.3.0-x64.exe');
    const original = await readFile(served);
    const evil = Buffer.from(original);
    evil[1000] = (evil[1000] ?? 0) ^ 0xff;
    await writeFile(served, evil);
    try {
      const { client: c, dir } = client(server.url!);
      expect((await c.check())?.version).toBe('0.3.0');
      await expect(c.download()).rejects.toMatchObject({ code: 'UPDATE_FILE_TAMPERED' });
      expect(c.state).toEqual({ phase: 'failed', code: 'UPDATE_FILE_TAMPERED', version: '0.3.0' });
      expect(await readdir(join(dir, '0.3.0'))).toEqual([]);
    } finally {
      await writeFile(served, original);
    }
  });

  it('refuses a release signed with another key before downloading anything', async () => {
    const other = generateReleaseKeyPair();
    const { client: c, dir } = client(server.url!, { publicKey: () => other.publicKeyPem });
    await expect(c.check()).rejects.toMatchObject({ code: 'UPDATE_SIGNATURE_INVALID' });
    await expect(c.download()).rejects.toMatchObject({ code: 'UPDATE_SERVER' });
    expect(existsSync(dir)).toBe(false);
    const { client: keyless } = client(server.url!, { publicKey: () => null });
    await expect(keyless.check()).rejects.toMatchObject({ code: 'UPDATE_NO_KEY' });
  });

  it('waits on a metered link until the user asks', async () => {
    const { client: c } = client(server.url!, { metered: () => true });
    await c.check();
    expect(c.state).toMatchObject({ phase: 'available', metered: true });
    await expect(c.download()).rejects.toMatchObject({ code: 'UPDATE_METERED' });
    expect(c.state.phase).toBe('available');
    const path = await c.download({ userAsked: true });
    expect(path).toMatch(/Futasato-0\.3\.0-x64\.exe$/);
  });

  it('offers nothing to an up-to-date laptop, and the update to one the server refuses', async () => {
    const { client: current } = client(server.url!, { currentVersion: '0.3.0' });
    expect(await current.check()).toBeNull();
    expect(current.state.phase).toBe('none');

    await setRollout(join(root, 'feed'), '0.3.0', 1);
    await setRollout(join(root, 'feed'), '0.2.0', 1);
    let outsider = device;
    while (inRollout(outsider.deviceId, '0.3.0', 1) || inRollout(outsider.deviceId, '0.2.0', 1)) {
      outsider = await enrollTestDevice(server, 'kagoshima-yoron');
    }
    const staged = client(server.url!, {
      bearer: async () => ({ serverUrl: server.url!, token: outsider.token }),
    });
    expect(await staged.client.check()).toBeNull();
    const refused = client(server.url!, {
      bearer: async () => ({ serverUrl: server.url!, token: outsider.token }),
      refusedVersions: () => ({ protocol: 0, schema: 1 }),
    });
    expect((await refused.client.check())?.version).toBe('0.3.0');
  });
});

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReleaseCheckError, verifyManifest } from '../../../shared/node/release-signature.ts';
import { type CliIo, EXIT_FAILED, EXIT_OK, runCli } from '../admin/cli.ts';
import { enrollTestDevice, startTestServer, type TestDevice, type TestServer } from '../test-support.ts';
import { inRollout, rolloutBucket } from './releases.ts';

/**
 * Releases end to end on the server side: the CLI makes a key and publishes electron-builder's
 * output into UPDATES_DIR, the server offers it to enrolled devices by staged rollout, over real HTTP.
 */

let root: string;
let feed: string;
let keys: string;
let server: TestServer;
let device: TestDevice;
let installer: Buffer;

async function cli(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    db: () => Promise.reject(new Error('release commands must not open the database')),
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    updatesDir: feed,
  };
  const status = await runCli(args, io);
  return { status, stdout, stderr };
}

/** What electron-builder leaves in dist/ for one version (NSIS target). */
async function builderOutput(version: string, bytes: Buffer): Promise<string> {
  const dir = join(root, `dist-${version}-${randomUUID().slice(0, 8)}`);
  await mkdir(dir);
  const name = `Futasato-${version}-x64.exe`;
  const sha512 = createHash('sha512').update(bytes).digest('base64');
  await writeFile(join(dir, name), bytes);
  await writeFile(join(dir, `${name}.blockmap`), randomBytes(512));
  await writeFile(
    join(dir, 'latest.yml'),
    [
      `version: ${version}`,
      'files:',
      `  - url: ${name}`,
      `    sha512: ${sha512}`,
      `    size: ${bytes.length}`,
      `path: ${name}`,
      `sha512: ${sha512}`,
      "releaseDate: '2026-05-01T09:00:00.000Z'",
      '',
    ].join('\n'),
  );
  // Not part of a release: electron-builder's own debug file.
  await writeFile(join(dir, 'builder-debug.txt'), 'x');
  return dir;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'futasato-updates-'));
  feed = join(root, 'feed');
  keys = join(root, 'keys');
  const gen = await cli(['release', 'keygen', '--out', keys]);
  expect(gen.status, gen.stderr).toBe(EXIT_OK);
  installer = randomBytes(256 * 1024);
  server = await startTestServer({
    listen: true,
    config: { UPDATES_DIR: feed, UPDATE_PUBLIC_KEY_FILE: join(keys, 'release-key.pub.pem') },
  });
  device = await enrollTestDevice(server, 'kagoshima-yoron');
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const auth = (d: TestDevice = device) => ({ authorization: `Bearer ${d.token}` });

interface Offer {
  release: null | {
    version: string;
    manifest: string;
    signature: string;
    files: { name: string; size: number; url: string }[];
  };
}

async function offer(query = '', d: TestDevice = device): Promise<Offer> {
  const res = await fetch(`${server.url}/v1/updates/latest.json${query}`, { headers: auth(d) });
  expect(res.status).toBe(200);
  return (await res.json()) as Offer;
}

describe('release keys and publishing (CLI)', () => {
  it('never overwrites a release key', async () => {
    const again = await cli(['release', 'keygen', '--out', keys]);
    expect(again.status).toBe(EXIT_FAILED);
    expect(again.stderr).toContain('RELEASE_KEY_EXISTS');
  });

  it('refuses bad rollouts, a folder without latest.yml, a wrong key, and a second publication', async () => {
    const dir = await builderOutput('0.1.5', randomBytes(1024));
    const key = join(keys, 'release-key.pem');
    for (const rollout of ['101', '-1', '12.5', 'half']) {
      const r = await cli(['release', 'publish', dir, '--key', key, `--rollout=${rollout}`]);
      expect(r.status, rollout).toBe(EXIT_FAILED);
      expect(r.stderr).toContain('INVALID_ROLLOUT');
    }
    const empty = join(root, `empty-${randomUUID()}`);
    await mkdir(empty);
    const noYml = await cli(['release', 'publish', empty, '--key', key, '--rollout', '10']);
    expect(noYml.stderr).toContain('RELEASE_INVALID');

    const otherKeys = join(root, `other-${randomUUID()}`);
    await cli(['release', 'keygen', '--out', otherKeys]);
    const mismatch = await cli([
      'release',
      'publish',
      dir,
      '--key',
      join(otherKeys, 'release-key.pem'),
      '--public-key',
      join(keys, 'release-key.pub.pem'),
      '--rollout',
      '10',
    ]);
    expect(mismatch.stderr).toContain('RELEASE_KEY_MISMATCH');
    const notAKey = await cli([
      'release',
      'publish',
      dir,
      '--key',
      join(keys, 'release-key.pub.pem'),
      '--rollout',
      '5',
    ]);
    expect(notAKey.stderr).toContain('RELEASE_KEY_INVALID');

    // Nothing of the refused attempts was published.
    expect((await cli(['release', 'list', '--json'])).stdout.trim()).toBe('[]');
    expect((await cli(['release', 'set-rollout', '0.1.5', '--rollout', '10'])).stderr).toContain(
      'RELEASE_NOT_FOUND',
    );
  });
});

describe('the update feed', () => {
  let published: string;

  beforeAll(async () => {
    const dir = await builderOutput('0.2.0', installer);
    const r = await cli([
      'release',
      'publish',
      dir,
      '--key',
      join(keys, 'release-key.pem'),
      '--public-key',
      join(keys, 'release-key.pub.pem'),
      '--rollout',
      '0',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(EXIT_OK);
    published = (JSON.parse(r.stdout) as { version: string }).version;
    expect(published).toBe('0.2.0');
    const again = await cli([
      'release',
      'publish',
      dir,
      '--key',
      join(keys, 'release-key.pem'),
      '--rollout',
      '5',
    ]);
    expect(again.stderr).toContain('RELEASE_EXISTS');
  });

  it('serves nothing without an enrolled device', async () => {
    for (const path of ['latest.json', 'latest.yml', '0.2.0/Futasato-0.2.0-x64.exe']) {
      const res = await fetch(`${server.url}/v1/updates/${path}`);
      expect(res.status, path).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
      const bad = await fetch(`${server.url}/v1/updates/${path}`, {
        headers: { authorization: 'Bearer fat_nope' },
      });
      expect(bad.status).toBe(401);
    }
  });

  it('offers the release by rollout, signed with the key the laptop got at enrolment', async () => {
    expect((await offer()).release).toBeNull();
    // A withdrawn (0 %) release's files are not served either.
    const hidden = await fetch(`${server.url}/v1/updates/0.2.0/Futasato-0.2.0-x64.exe`, { headers: auth() });
    expect(hidden.status).toBe(404);

    const set = await cli(['release', 'set-rollout', '0.2.0', '--rollout', '100']);
    expect(set.status, set.stderr).toBe(EXIT_OK);
    const { release } = await offer();
    expect(release?.version).toBe('0.2.0');
    expect(release?.files.map((f) => f.name).sort()).toEqual([
      'Futasato-0.2.0-x64.exe',
      'Futasato-0.2.0-x64.exe.blockmap',
      'latest.yml',
    ]);

    // The laptop's key came in its enrolment answer; the manifest verifies with it, binds the
    // installer's hash, and any change to the manifest's bytes breaks the signature.
    const enrolled = await server.app.inject({ method: 'GET', url: '/v1/auth/me', headers: auth() });
    expect(enrolled.statusCode).toBe(200);
    const publicKey = await readFile(join(keys, 'release-key.pub.pem'), 'utf8');
    const manifest = verifyManifest(release!.manifest, release!.signature, publicKey);
    const entry = manifest.files.find((f) => f.name === 'Futasato-0.2.0-x64.exe');
    expect(entry?.sha512).toBe(createHash('sha512').update(installer).digest('base64'));
    const forged = release!.manifest.replace(
      entry!.sha512,
      createHash('sha512').update('evil').digest('base64'),
    );
    expect(() => verifyManifest(forged, release!.signature, publicKey)).toThrowError(ReleaseCheckError);
    try {
      verifyManifest(forged, release!.signature, publicKey);
    } catch (error) {
      expect((error as ReleaseCheckError).code).toBe('UPDATE_SIGNATURE_INVALID');
    }

    const yml = await fetch(`${server.url}/v1/updates/latest.yml`, { headers: auth() });
    expect(yml.status).toBe(200);
    expect(await yml.text()).toMatch(/^version: 0\.2\.0$/m);
  });

  it('serves the installer whole and one range at a time (a cut download resumes)', async () => {
    await cli(['release', 'set-rollout', '0.2.0', '--rollout', '100']);
    const url = `${server.url}/v1/updates/0.2.0/Futasato-0.2.0-x64.exe`;
    const whole = await fetch(url, { headers: auth() });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer()).equals(installer)).toBe(true);

    const part = await fetch(url, { headers: { ...auth(), Range: 'bytes=65536-131071' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 65536-131071/${installer.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(installer.subarray(65536, 131072))).toBe(true);

    const tail = await fetch(url, { headers: { ...auth(), Range: 'bytes=200000-' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(installer.subarray(200000))).toBe(true);

    const beyond = await fetch(url, { headers: { ...auth(), Range: `bytes=${installer.length + 10}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${installer.length}`);
    expect(((await beyond.json()) as { error: { code: string } }).error.code).toBe('RANGE_NOT_SATISFIABLE');
  });

  it('never serves a file the signed manifest does not name', async () => {
    await writeFile(join(root, 'secret.env'), 'DATABASE_URL=postgres://owner:hunter2@db/futasato');
    const { hostname, port } = new URL(server.url!);
    const attempts = [
      '/v1/updates/0.2.0/manifest.json.sig',
      '/v1/updates/0.2.0/rollout.json',
      '/v1/updates/0.2.0/..%2f..%2fsecret.env',
      '/v1/updates/../secret.env',
      '/v1/updates/..%2f..%2f..%2fsecret.env/x',
      '/v1/updates/0.2.0/Futasato-9.9.9-x64.exe',
      '/v1/updates/secret.env',
    ];
    for (const path of attempts) {
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ hostname, port, path, method: 'GET', headers: auth() }, (r) => {
          let body = '';
          r.on('data', (c: Buffer) => (body += c.toString()));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(res.body, path).not.toContain('hunter2');
    }
  });

  it('offers a laptop too old to sync the newest release whatever the rollout', async () => {
    const old = await enrollTestDevice(server, 'kagoshima-yoron');
    await cli(['release', 'set-rollout', '0.2.0', '--rollout', '1']);
    // Find whether this device is outside the 1 %; (almost surely: 99 in 100).
    const outside = !inRollout(old.deviceId, '0.2.0', 1);
    // The server refuses to sync with its protocol, naming the feed …
    const sync = await fetch(`${server.url}/v1/sync`, {
      method: 'POST',
      headers: { ...auth(old), 'content-type': 'application/json' },
      body: JSON.stringify({ protocol: 0, schema: 1, cursor: null, ops: [] }),
    });
    expect(sync.status).toBe(426);
    const refusal = ((await sync.json()) as { error: Record<string, unknown> }).error;
    expect(refusal.code).toBe('UNSUPPORTED_VERSION');
    expect(refusal.update_feed).toBe('/v1/updates/latest.json');
    // … and the feed, told the laptop's versions, offers the update to it now.
    if (outside) expect((await offer('', old)).release).toBeNull();
    expect((await offer('?protocol=0&schema=1', old)).release?.version).toBe('0.2.0');
    // A current laptop naming its versions is staged as usual; a withdrawn release goes to nobody.
    if (outside) expect((await offer('?protocol=2&schema=1', old)).release).toBeNull();
    await cli(['release', 'set-rollout', '0.2.0', '--rollout', '0']);
    expect((await offer('?protocol=0&schema=1', old)).release).toBeNull();
  });

  it('lists releases with their rollout', async () => {
    await cli(['release', 'set-rollout', '0.2.0', '--rollout', '25']);
    const list = JSON.parse((await cli(['release', 'list', '--json'])).stdout) as {
      version: string;
      percent: number;
    }[];
    expect(list).toEqual([expect.objectContaining({ version: '0.2.0', percent: 25, files: 3 })]);
  });

  it('hands the release key out at enrolment', async () => {
    const { createEnrollmentCode, createUser } = await import('../admin/commands.ts');
    const user = await createUser(server.deps.db, {
      townId: 'kagoshima-yoron',
      displayName: 'k',
      role: 'surveyor',
    });
    const { code } = await createEnrollmentCode(server.deps.db, { userId: user.id });
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/auth/enroll',
      payload: { code, device_name: 'test' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().release_public_key).toBe(await readFile(join(keys, 'release-key.pub.pem'), 'utf8'));
  });
});

describe('staged rollout', () => {
  it('takes about the asked share of many devices, and a device once in stays in as it grows', () => {
    const ids = Array.from({ length: 10_000 }, (): string => randomUUID());
    const buckets = new Map<string, number>(ids.map((id) => [id, rolloutBucket(id, '0.3.0')]));
    let previous = new Set<string>();
    for (const percent of [0, 1, 5, 10, 25, 50, 90, 100]) {
      const chosen = new Set(ids.filter((id) => inRollout(id, '0.3.0', percent)));
      for (const id of ids.slice(0, 200)) expect(chosen.has(id)).toBe(buckets.get(id)! < percent);
      const share = (chosen.size / ids.length) * 100;
      // 10,000 draws: the standard deviation of a share is at most 0.5 points; 2 points is 4σ.
      expect(Math.abs(share - percent), `${percent}%`).toBeLessThan(2);
      for (const id of previous) expect(chosen.has(id)).toBe(true);
      previous = chosen;
    }
    expect(previous.size).toBe(ids.length);
  });

  it('is stable per device and differs per release', () => {
    const ids = Array.from({ length: 2000 }, (): string => randomUUID());
    for (const id of ids.slice(0, 50)) expect(rolloutBucket(id, '0.3.0')).toBe(rolloutBucket(id, '0.3.0'));
    const first = ids.filter((id) => inRollout(id, '0.3.0', 10));
    const nextFirst = ids.filter((id) => inRollout(id, '0.4.0', 10));
    const both = first.filter((id) => nextFirst.includes(id)).length;
    // Independent draws: about 1 % of devices are first twice, not the same 10 %.
    expect(both).toBeLessThan(first.length / 3);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollTestDevice, startTestServer, type TestServer } from '../test-support.ts';
import { stagingDir } from './store.ts';

/**
 * Upload staging: the ownership check fails closed, unfinished uploads expire, and each town has a
 * quota of staged bytes. A real listening server with its own data directory and small limits.
 */

let server: TestServer;
let base: string;
let dataDir: string;
let yoron: string;
let wazuka: string;

const KIB = 1024;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'futasato-staging-'));
  server = await startTestServer({
    listen: true,
    config: { DATA_DIR: dataDir, UPLOAD_STAGING_QUOTA_MB: '1', UPLOAD_EXPIRY_HOURS: '1' },
  });
  base = server.url!;
  yoron = (await enrollTestDevice(server, 'kagoshima-yoron', 'surveyor')).token;
  wazuka = (await enrollTestDevice(server, 'kyoto-wazuka', 'surveyor')).token;
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

const tus = (token: string, extra: Record<string, string> = {}) => ({
  'Tus-Resumable': '1.0.0',
  Authorization: `Bearer ${token}`,
  ...extra,
});

function create(token: string, length: number): Promise<Response> {
  const bytes = randomBytes(16);
  const meta = `sha256 ${Buffer.from(createHash('sha256').update(bytes).digest('hex')).toString('base64')},filetype ${Buffer.from('image/jpeg').toString('base64')}`;
  return fetch(`${base}/v1/blobs/uploads`, {
    method: 'POST',
    headers: tus(token, { 'Upload-Length': String(length), 'Upload-Metadata': meta }),
  });
}

async function created(token: string, length: number): Promise<{ url: string; id: string }> {
  const res = await create(token, length);
  expect(res.status, await res.clone().text()).toBe(201);
  const url = new URL(res.headers.get('location')!, base).toString();
  return { url, id: url.split('/').at(-1)! };
}

const infoPath = (id: string) => join(stagingDir(dataDir), `${id}.json`);

describe('upload staging', () => {
  it("fails closed: when an upload cannot be read, another town's DELETE touches nothing", async () => {
    const { url, id } = await created(yoron, 100 * KIB);
    const patched = await fetch(url, {
      method: 'PATCH',
      headers: tus(yoron, { 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': '0' }),
      body: randomBytes(10 * KIB),
    });
    expect(patched.status).toBe(204);
    // The info file half written (as a crash or a concurrent rewrite leaves it): ownership is unknown.
    const info = await readFile(infoPath(id), 'utf8');
    await writeFile(infoPath(id), info.slice(0, 20));
    const kill = await fetch(url, { method: 'DELETE', headers: tus(wazuka) });
    expect(kill.status).toBeGreaterThanOrEqual(400);
    expect(((await kill.json()) as { error: { code: string } }).error.code).toMatch(/^(NOT_FOUND|INTERNAL)$/);
    expect(existsSync(join(stagingDir(dataDir), id))).toBe(true);
    // Once readable again, the owner finds its upload where it was.
    await writeFile(infoPath(id), info);
    const head = await fetch(url, { method: 'HEAD', headers: tus(yoron) });
    expect(head.status).toBe(200);
    expect(head.headers.get('upload-offset')).toBe(String(10 * KIB));
    expect((await fetch(url, { method: 'DELETE', headers: tus(yoron) })).status).toBe(204);
  });

  it("limits each town's unfinished uploads to its quota, and another town keeps its own room", async () => {
    const first = await created(yoron, 600 * KIB);
    const second = await create(yoron, 600 * KIB);
    expect(second.status).toBe(413);
    const body = (await second.json()) as { error: { code: string; quota_bytes: number } };
    expect(body.error.code).toBe('UPLOAD_QUOTA_EXCEEDED');
    expect(body.error.quota_bytes).toBe(1024 * KIB);
    const other = await created(wazuka, 600 * KIB);
    // Finishing or ending an upload gives its room back.
    expect((await fetch(first.url, { method: 'DELETE', headers: tus(yoron) })).status).toBe(204);
    const again = await created(yoron, 600 * KIB);
    for (const u of [again, other]) {
      await fetch(u.url, { method: 'DELETE', headers: tus(u === other ? wazuka : yoron) });
    }
  });

  it('expires unfinished uploads: answered as missing, and the sweep frees their bytes and room', async () => {
    const old = await created(yoron, 900 * KIB);
    // Begun two hours ago, as time would have it (the limit here is one hour).
    const info = JSON.parse(await readFile(infoPath(old.id), 'utf8')) as { creation_date: string };
    info.creation_date = new Date(Date.now() - 2 * 3_600_000).toISOString();
    await writeFile(infoPath(old.id), JSON.stringify(info));
    const head = await fetch(old.url, { method: 'HEAD', headers: tus(yoron) });
    expect(head.status).toBe(404);
    const patched = await fetch(old.url, {
      method: 'PATCH',
      headers: tus(yoron, { 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': '0' }),
      body: randomBytes(KIB),
    });
    expect(patched.status).toBe(404);
    // The next creation sweeps first: the old one's 900 KiB no longer count against the quota.
    const fresh = await created(yoron, 900 * KIB);
    expect(existsSync(join(stagingDir(dataDir), old.id))).toBe(false);
    expect(existsSync(infoPath(old.id))).toBe(false);
    await fetch(fresh.url, { method: 'DELETE', headers: tus(yoron) });
  });
});

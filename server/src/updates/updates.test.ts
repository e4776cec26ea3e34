import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support.ts';

/** The electron-updater generic feed, over real HTTP (raw requests, so `..` reaches the server as sent). */

let root: string;
let feed: string;
let server: TestServer;
let installer: Buffer;
const SECRET = 'DATABASE_URL=postgres://owner:hunter2@db/futasato';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'futasato-updates-'));
  feed = join(root, 'feed');
  await mkdir(feed);
  // Beside the feed, where a traversal would land.
  await writeFile(join(root, 'secret.env'), SECRET);
  await writeFile(join(feed, '.env'), SECRET);

  installer = randomBytes(256 * 1024);
  installer.write('MZ', 0, 'latin1');
  const sha512 = createHash('sha512').update(installer).digest('base64');
  // What electron-builder writes for an NSIS target.
  const latest = [
    'version: 0.2.0',
    'files:',
    '  - url: Futasato-Setup-0.2.0.exe',
    `    sha512: ${sha512}`,
    `    size: ${installer.length}`,
    'path: Futasato-Setup-0.2.0.exe',
    `sha512: ${sha512}`,
    "releaseDate: '2026-05-01T09:00:00.000Z'",
    '',
  ].join('\n');
  await writeFile(join(feed, 'latest.yml'), latest);
  await writeFile(join(feed, 'Futasato-Setup-0.2.0.exe'), installer);
  await writeFile(join(feed, 'Futasato-Setup-0.2.0.exe.blockmap'), randomBytes(2048));

  server = await startTestServer({ listen: true, config: { UPDATES_DIR: feed } });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

/** The `error` object of a JSON error answer. */
async function errorOf(res: Response): Promise<Record<string, unknown>> {
  const body = (await res.json()) as { error: Record<string, unknown> };
  return body.error;
}

/** A GET with the path exactly as written: fetch and URL would resolve the dot segments first. */
function rawGet(path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port } = new URL(server.url!);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('update feed', () => {
  it('serves latest.yml without a token', async () => {
    const res = await fetch(`${server.url}/v1/updates/latest.yml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/yaml/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const text = await res.text();
    expect(text).toMatch(/^version: 0\.2\.0$/m);
    expect(text).toContain('path: Futasato-Setup-0.2.0.exe');
  });

  it('serves the installer whole and in ranges, for differential downloads', async () => {
    const url = `${server.url}/v1/updates/Futasato-Setup-0.2.0.exe`;
    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer()).equals(installer)).toBe(true);

    const part = await fetch(url, { headers: { Range: 'bytes=65536-131071' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 65536-131071/${installer.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(installer.subarray(65536, 131072))).toBe(true);

    const beyond = await fetch(url, { headers: { Range: `bytes=${installer.length + 10}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${installer.length}`);
    expect((await errorOf(beyond)).code).toBe('RANGE_NOT_SATISFIABLE');

    const blockmap = await fetch(`${url}.blockmap`);
    expect(blockmap.status).toBe(200);
    expect((await blockmap.arrayBuffer()).byteLength).toBe(2048);
  });

  it('never serves anything outside the feed, nor lists it, nor its dotfiles', async () => {
    const attempts = [
      '/v1/updates/../secret.env',
      '/v1/updates/../package.json',
      '/v1/updates/../../package.json',
      '/v1/updates/%2e%2e/secret.env',
      '/v1/updates/%2e%2e%2fsecret.env',
      '/v1/updates/..%2fsecret.env',
      '/v1/updates/..%5csecret.env',
      '/v1/updates/%252e%252e%252fsecret.env',
      '/v1/updates/.env',
      '/v1/updates/',
      '/v1/updates/%00latest.yml',
    ];
    for (const path of attempts) {
      const res = await rawGet(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(res.body, path).not.toContain('hunter2');
      expect(res.body, path).not.toContain('"name": "futasato"');
      expect(res.headers['content-type'], path).toMatch(/^application\/json/);
      expect(JSON.parse(res.body).error.code, path).toMatch(/^(NOT_FOUND|INVALID_REQUEST)$/);
    }
    const missing = await rawGet('/v1/updates/Futasato-Setup-9.9.9.exe');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).error.code).toBe('NOT_FOUND');
  });

  it('answers 404 in the JSON shape when no feed is configured', async () => {
    const bare = await startTestServer();
    try {
      for (const url of ['/v1/updates/latest.yml', '/v1/updates/Futasato-Setup-0.2.0.exe']) {
        const res = await bare.app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(404);
        expect(res.json().error.code).toBe('NOT_FOUND');
      }
    } finally {
      await bare.close();
    }
  });
});

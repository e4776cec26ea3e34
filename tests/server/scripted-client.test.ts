import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HybridLogicalClock } from '../../shared/hlc.ts';
import { newId } from '../../shared/ids.ts';
import type { SyncResponse } from '../../shared/sync/protocol.ts';

/**
 * The server's acceptance, as a person would do it on a fresh machine: `npm run server` on the embedded
 * database, the administration CLI creating a town, a user and an enrolment code (while the server
 * runs: the CLI reaches the embedded database through the server's admin socket), then a scripted
 * client that enrols, pushes, pulls, uploads a photo by tus — and is revoked.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let dataDir: string;
let server: ChildProcess;
let base: string;
let serverLog = '';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const address = probe.address();
  await new Promise<void>((done) => probe.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete e.DATABASE_URL;
  return e;
}

/** `npm run server:admin -- …` exactly as an administrator types it. */
async function admin(...argv: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn('npm', ['run', '-s', 'server:admin', '--', ...argv], { cwd: ROOT, env: env() });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const status = await new Promise<number | null>((done) => child.on('close', done));
  return { status, stdout, stderr };
}

async function post(path: string, body: unknown, token?: string) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'futasato-fresh-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn('npm', ['run', '-s', 'server'], { cwd: ROOT, env: { ...env(), PORT: String(port) } });
  server.stdout?.setEncoding('utf8').on('data', (c: string) => {
    serverLog += c;
  });
  server.stderr?.setEncoding('utf8').on('data', (c: string) => {
    serverLog += c;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/v1/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${serverLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 90_000);

afterAll(async () => {
  server.kill('SIGTERM');
  await new Promise((done) => server.on('close', done));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a fresh machine: server, CLI and a scripted client', () => {
  it('enrols, pushes, pulls, uploads a photo by tus, and is refused once revoked', async () => {
    expect((await admin('town', 'add', 'kagoshima-yoron')).status).toBe(0);
    const user = await admin(
      'user',
      'add',
      '--town',
      'kagoshima-yoron',
      '--name',
      '与論 花子',
      '--role',
      'coordinator',
      '--json',
    );
    expect(user.status, user.stderr).toBe(0);
    const userId = (JSON.parse(user.stdout) as { id: string }).id;
    const codes = await Promise.all([1, 2].map(() => admin('code', 'create', '--user', userId, '--json')));
    const [code1, code2] = codes.map((c) => (JSON.parse(c.stdout) as { code: string }).code);

    // Enrol two laptops of the same coordinator.
    const a = await post('/v1/auth/enroll', { code: code1, device_name: 'ノートPC A' });
    const b = await post('/v1/auth/enroll', { code: code2, device_name: 'ノートPC B' });
    expect([a.status, b.status]).toEqual([200, 200]);
    const deviceA = a.body.device_id as string;
    const tokenA = a.body.access_token as string;

    // Push a family from A.
    const clock = new HybridLogicalClock({ node: 'scriptA' });
    const hlc = clock.now();
    const familyId = newId();
    const pushed = await post(
      '/v1/sync',
      {
        protocol: 1,
        schema: 1,
        device_id: deviceA,
        after_seq: 0,
        cursor: '0',
        ops: [
          {
            seq: 1,
            op_id: newId(),
            table: 'family',
            row: familyId,
            op: 'insert',
            at: new Date().toISOString(),
            changes: {
              family_name: { value: '山田', hlc, base: null },
              family_name_kana: { value: 'やまだ', hlc, base: null },
            },
          },
        ],
      },
      tokenA,
    );
    expect(pushed.status).toBe(200);
    expect((pushed.body as unknown as SyncResponse).results).toEqual([{ seq: 1, status: 'applied' }]);

    // Pull it on B.
    const pulled = await post(
      '/v1/sync',
      { protocol: 1, schema: 1, device_id: b.body.device_id, after_seq: 0, cursor: '0', ops: [] },
      b.body.access_token as string,
    );
    expect((pulled.body as unknown as SyncResponse).changes.map((c) => c.id)).toContain(familyId);

    // Upload a photo from A by tus, resumable, and fetch it back by its hash.
    const photo = randomBytes(300_000);
    const sha256 = createHash('sha256').update(photo).digest('hex');
    await new Promise<void>((done, fail) => {
      const upload = new tus.Upload(photo, {
        endpoint: `${base}/v1/blobs/uploads`,
        chunkSize: 64 * 1024,
        headers: { authorization: `Bearer ${tokenA}` },
        metadata: { sha256, filetype: 'image/jpeg' },
        onSuccess: () => done(),
        onError: fail,
      });
      upload.start();
    });
    const head = await fetch(`${base}/v1/blobs/${sha256}`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${tokenA}` },
    });
    expect(head.status).toBe(200);
    const got = await fetch(`${base}/v1/blobs/${sha256}`, {
      headers: { authorization: `Bearer ${tokenA}`, range: 'bytes=0-99' },
    });
    expect(got.status).toBe(206);
    expect(Buffer.from(await got.arrayBuffer()).equals(photo.subarray(0, 100))).toBe(true);

    // The administrator sees the laptops and their last sync, and revokes A.
    const list = await admin('device', 'list', '--town', 'kagoshima-yoron', '--json');
    const devices = JSON.parse(list.stdout) as { id: string; lastSyncAt: string | null }[];
    expect(devices.find((d) => d.id === deviceA)?.lastSyncAt).not.toBeNull();
    expect((await admin('device', 'revoke', deviceA)).status).toBe(0);
    const after = await post(
      '/v1/sync',
      { protocol: 1, schema: 1, device_id: deviceA, after_seq: 1, cursor: '0', ops: [] },
      tokenA,
    );
    expect(after.status).toBe(401);
    expect((after.body.error as { code: string }).code).toBe('DEVICE_REVOKED');
    const refresh = await post('/v1/auth/token', { device_id: deviceA, refresh_token: a.body.refresh_token });
    expect((refresh.body.error as { code: string }).code).toBe('DEVICE_REVOKED');
  }, 180_000);
});

import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upload as TusUpload } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrollmentCode, createTown, createUser } from '../admin/commands.ts';
import { startTestServer, type TestServer } from '../test-support.ts';
import { parseRange } from './range.ts';
import { contentPath, stagingDir } from './store.ts';

/** Real HTTP against a listening server: tus is a streaming protocol, and the cut below is a real one. */

let server: TestServer;
let base: string;
let dataDir: string;
let yoron: string; // a device of kagoshima-yoron
let yoron2: string; // another device of the same town
let wazuka: string; // a device of kyoto-wazuka

const CHUNK = 64 * 1024;

async function enroll(townId: string): Promise<string> {
  const db = server.deps.db;
  const exists = await db.selectFrom('town').select('id').where('id', '=', townId).executeTakeFirst();
  if (!exists) await createTown(db, { id: townId });
  const user = await createUser(db, { townId, displayName: '写真 係', role: 'surveyor' });
  const { code } = await createEnrollmentCode(db, { userId: user.id });
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/auth/enroll',
    payload: { code, device_name: 'ノートPC' },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().access_token as string;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'futasato-blobs-'));
  server = await startTestServer({ listen: true, config: { DATA_DIR: dataDir } });
  base = server.url!;
  yoron = await enroll('kagoshima-yoron');
  yoron2 = await enroll('kagoshima-yoron');
  wazuka = await enroll('kyoto-wazuka');
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A JPEG-shaped buffer: SOI and a JFIF APP0 header, noise, EOI. Fresh bytes each time. */
function photo(size = 300 * 1024): Buffer {
  const bytes = randomBytes(size);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]).copy(bytes, 0);
  bytes[size - 2] = 0xff;
  bytes[size - 1] = 0xd9;
  return bytes;
}

/** The `error` object of a JSON error answer. */
async function errorOf(res: Response): Promise<Record<string, unknown>> {
  const body = (await res.json()) as { error: Record<string, unknown> };
  return body.error;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function metadata(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');
}

function tusHeaders(token: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'Tus-Resumable': '1.0.0',
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
    ...extra,
  };
}

async function createUpload(token: string, length: number, fields: Record<string, string>): Promise<string> {
  const res = await fetch(`${base}/v1/blobs/uploads`, {
    method: 'POST',
    headers: tusHeaders(token, { 'Upload-Length': String(length), 'Upload-Metadata': metadata(fields) }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const location = res.headers.get('location');
  expect(location).toMatch(/^\/v1\/blobs\/uploads\/[0-9a-f]+$/);
  return new URL(location!, base).toString();
}

function patch(token: string, url: string, offset: number, bytes: Buffer): Promise<Response> {
  return fetch(url, {
    method: 'PATCH',
    headers: tusHeaders(token, {
      'Content-Type': 'application/offset+octet-stream',
      'Upload-Offset': String(offset),
    }),
    body: bytes,
  });
}

async function offsetOf(token: string, url: string): Promise<number> {
  const res = await fetch(url, { method: 'HEAD', headers: tusHeaders(token) });
  expect(res.status).toBe(200);
  return Number(res.headers.get('upload-offset'));
}

/** Sends `from` onwards in CHUNK-sized PATCHes; answers the last response. */
async function sendRest(token: string, url: string, bytes: Buffer, from: number): Promise<Response> {
  let offset = from;
  let last: Response | undefined;
  while (offset < bytes.length) {
    const part = bytes.subarray(offset, Math.min(offset + CHUNK, bytes.length));
    last = await patch(token, url, offset, part);
    expect(last.status, await last.clone().text()).toBe(204);
    offset = Number(last.headers.get('upload-offset'));
  }
  return last!;
}

async function upload(token: string, bytes: Buffer, declared = sha256(bytes)): Promise<Response> {
  const url = await createUpload(token, bytes.length, { sha256: declared, filetype: 'image/jpeg' });
  let offset = 0;
  let res: Response | undefined;
  while (offset < bytes.length) {
    res = await patch(token, url, offset, bytes.subarray(offset, offset + CHUNK));
    if (res.status !== 204) return res;
    offset = Number(res.headers.get('upload-offset'));
  }
  return res!;
}

/**
 * The connection dies mid-PATCH: the headers promise `length` bytes, only `sent` go out, then the
 * socket is destroyed, as when a laptop's link drops.
 */
function cutPatch(token: string, url: string, offset: number, length: number, sent: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const req = httpRequest(url, {
      method: 'PATCH',
      headers: tusHeaders(token, {
        'Content-Type': 'application/offset+octet-stream',
        'Upload-Offset': String(offset),
        'Content-Length': String(length),
      }),
    });
    req.on('error', () => resolve());
    req.write(sent, () => {
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 200);
    });
  });
}

async function blobRows(hash: string) {
  return server.deps.db.selectFrom('blob').selectAll().where('sha256', '=', hash).execute();
}

describe('attachments over tus 1.0', () => {
  it('resumes an upload after a cut, then serves the blob whole and in ranges', async () => {
    const bytes = photo();
    const hash = sha256(bytes);

    const before = await fetch(`${base}/v1/blobs/${hash}`, { method: 'HEAD', headers: tusHeaders(yoron) });
    expect(before.status).toBe(404);

    const url = await createUpload(yoron, bytes.length, {
      sha256: hash,
      filetype: 'image/jpeg',
      filename: '集会所.jpg',
    });
    expect(await offsetOf(yoron, url)).toBe(0);
    await sendRest(yoron, url, bytes.subarray(0, 2 * CHUNK), 0);
    expect(await offsetOf(yoron, url)).toBe(2 * CHUNK);

    // The third chunk is cut after 20 KB: whatever reached the disk counts, nothing more.
    await cutPatch(yoron, url, 2 * CHUNK, CHUNK, bytes.subarray(2 * CHUNK, 2 * CHUNK + 20_000));
    const resumeAt = await offsetOf(yoron, url);
    expect(resumeAt).toBeGreaterThanOrEqual(2 * CHUNK);
    expect(resumeAt).toBeLessThanOrEqual(2 * CHUNK + 20_000);

    // A PATCH from the wrong offset is refused in the JSON shape, and changes nothing.
    const wrong = await patch(yoron, url, 0, bytes.subarray(0, 10));
    expect(wrong.status).toBe(409);
    expect(wrong.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await errorOf(wrong)).code).toBe('UPLOAD_OFFSET_MISMATCH');

    const done = await sendRest(yoron, url, bytes, resumeAt);
    expect(done.headers.get('upload-offset')).toBe(String(bytes.length));

    expect(await blobRows(hash)).toMatchObject([
      { municipality_id: 'kagoshima-yoron', size_bytes: String(bytes.length), mime_type: 'image/jpeg' },
    ]);
    expect(existsSync(contentPath(dataDir, hash))).toBe(true);
    // The staging area keeps nothing of a finished upload.
    expect(readdirSync(stagingDir(dataDir))).toEqual([]);
    // The upload resource is gone once its bytes are a blob.
    const after = await fetch(url, { method: 'HEAD', headers: tusHeaders(yoron) });
    expect(after.status).toBe(404);

    const head = await fetch(`${base}/v1/blobs/${hash}`, { method: 'HEAD', headers: tusHeaders(yoron) });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.length));

    const auth = { Authorization: `Bearer ${yoron}` };
    const whole = await fetch(`${base}/v1/blobs/${hash}`, { headers: auth });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('image/jpeg');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('etag')).toBe(`"${hash}"`);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);

    const mid = await fetch(`${base}/v1/blobs/${hash}`, { headers: { ...auth, Range: 'bytes=1000-1999' } });
    expect(mid.status).toBe(206);
    expect(mid.headers.get('content-range')).toBe(`bytes 1000-1999/${bytes.length}`);
    expect(mid.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await mid.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);

    const tail = await fetch(`${base}/v1/blobs/${hash}`, { headers: { ...auth, Range: 'bytes=300000-' } });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes 300000-${bytes.length - 1}/${bytes.length}`);
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(300000))).toBe(true);

    const suffix = await fetch(`${base}/v1/blobs/${hash}`, { headers: { ...auth, Range: 'bytes=-500' } });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get('content-range')).toBe(
      `bytes ${bytes.length - 500}-${bytes.length - 1}/${bytes.length}`,
    );
    expect(Buffer.from(await suffix.arrayBuffer()).equals(bytes.subarray(bytes.length - 500))).toBe(true);

    const beyond = await fetch(`${base}/v1/blobs/${hash}`, {
      headers: { ...auth, Range: `bytes=${bytes.length}-` },
    });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    expect((await errorOf(beyond)).code).toBe('RANGE_NOT_SATISFIABLE');

    // If-Range naming some other version means "send it all".
    const stale = await fetch(`${base}/v1/blobs/${hash}`, {
      headers: { ...auth, Range: 'bytes=0-9', 'If-Range': '"0000"' },
    });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
  });

  it('refuses bytes that do not match the declared hash, and keeps none of them', async () => {
    const bytes = photo(100 * 1024);
    const declared = sha256(photo(10));
    const res = await upload(yoron, bytes, declared);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await errorOf(res)).toMatchObject({ code: 'HASH_MISMATCH', declared, received: sha256(bytes) });

    expect(await blobRows(declared)).toEqual([]);
    expect(await blobRows(sha256(bytes))).toEqual([]);
    expect(existsSync(contentPath(dataDir, declared))).toBe(false);
    expect(existsSync(contentPath(dataDir, sha256(bytes)))).toBe(false);
    expect(readdirSync(stagingDir(dataDir))).toEqual([]);
  });

  it('keeps one row and one file when a town sends the same bytes twice', async () => {
    const bytes = photo(150 * 1024);
    const hash = sha256(bytes);
    expect((await upload(yoron, bytes)).status).toBe(204);
    expect((await upload(yoron2, bytes)).status).toBe(204);
    expect(await blobRows(hash)).toHaveLength(1);
    expect(readdirSync(join(dataDir, 'blobs', 'sha256', hash.slice(0, 2)))).toEqual([hash]);
    expect(readdirSync(stagingDir(dataDir))).toEqual([]);
  });

  it("never lets another town see a town's blob or touch its uploads", async () => {
    const bytes = photo(200 * 1024);
    const hash = sha256(bytes);
    expect((await upload(yoron, bytes)).status).toBe(204);
    expect(existsSync(contentPath(dataDir, hash))).toBe(true);

    // The bytes are on disk, yet for 和束町 the hash names nothing.
    const head = await fetch(`${base}/v1/blobs/${hash}`, { method: 'HEAD', headers: tusHeaders(wazuka) });
    expect(head.status).toBe(404);
    const get = await fetch(`${base}/v1/blobs/${hash}`, {
      headers: { Authorization: `Bearer ${wazuka}`, Range: 'bytes=0-99' },
    });
    expect(get.status).toBe(404);
    expect((await errorOf(get)).code).toBe('NOT_FOUND');

    // A half-finished upload of 与論町 is not 和束町's to inspect, extend or delete.
    const other = photo(100 * 1024);
    const url = await createUpload(yoron, other.length, { sha256: sha256(other), filetype: 'image/jpeg' });
    expect((await patch(yoron, url, 0, other.subarray(0, CHUNK))).status).toBe(204);
    const peek = await fetch(url, { method: 'HEAD', headers: tusHeaders(wazuka) });
    expect(peek.status).toBe(404);
    expect(peek.headers.get('upload-offset')).toBeNull();
    const push = await patch(wazuka, url, CHUNK, other.subarray(CHUNK));
    expect(push.status).toBe(404);
    expect((await errorOf(push)).code).toBe('NOT_FOUND');
    const kill = await fetch(url, { method: 'DELETE', headers: tusHeaders(wazuka) });
    expect(kill.status).toBe(404);
    expect(await offsetOf(yoron, url)).toBe(CHUNK);
    // The owner finishes it undisturbed (or may terminate it: here it does).
    const end = await fetch(url, { method: 'DELETE', headers: tusHeaders(yoron) });
    expect(end.status).toBe(204);

    // When 和束町 sends the same photo itself, it gets its own row; the disk keeps one copy.
    expect((await upload(wazuka, bytes)).status).toBe(204);
    const mine = await fetch(`${base}/v1/blobs/${hash}`, { method: 'HEAD', headers: tusHeaders(wazuka) });
    expect(mine.status).toBe(200);
    expect((await blobRows(hash)).map((r) => r.municipality_id).sort()).toEqual([
      'kagoshima-yoron',
      'kyoto-wazuka',
    ]);
    expect(readdirSync(join(dataDir, 'blobs', 'sha256', hash.slice(0, 2)))).toContain(hash);
  });

  it('answers without a valid token, and bad metadata, in the JSON error shape', async () => {
    const bytes = photo(1024);
    const create = await fetch(`${base}/v1/blobs/uploads`, {
      method: 'POST',
      headers: tusHeaders(undefined, {
        'Upload-Length': String(bytes.length),
        'Upload-Metadata': metadata({ sha256: sha256(bytes), filetype: 'image/jpeg' }),
      }),
    });
    expect(create.status).toBe(401);
    expect((await errorOf(create)).code).toBe('UNAUTHENTICATED');

    const forged = await fetch(`${base}/v1/blobs/uploads`, {
      method: 'POST',
      headers: tusHeaders('fat_forged', { 'Upload-Length': '10' }),
    });
    expect(forged.status).toBe(401);
    expect((await errorOf(forged)).code).toBe('UNAUTHENTICATED');

    const read = await fetch(`${base}/v1/blobs/${sha256(bytes)}`);
    expect(read.status).toBe(401);
    expect((await errorOf(read)).code).toBe('UNAUTHENTICATED');
    const options = await fetch(`${base}/v1/blobs/uploads`, { method: 'OPTIONS' });
    expect(options.status).toBe(401);

    const noHash = await fetch(`${base}/v1/blobs/uploads`, {
      method: 'POST',
      headers: tusHeaders(yoron, {
        'Upload-Length': '10',
        'Upload-Metadata': metadata({ filetype: 'image/png' }),
      }),
    });
    expect(noHash.status).toBe(400);
    expect(await errorOf(noHash)).toMatchObject({ code: 'INVALID_REQUEST', field: 'sha256' });

    const tooBig = await fetch(`${base}/v1/blobs/uploads`, {
      method: 'POST',
      headers: tusHeaders(yoron, {
        'Upload-Length': String(1024 * 1024 * 1024),
        'Upload-Metadata': metadata({ sha256: sha256(bytes), filetype: 'image/jpeg' }),
      }),
    });
    expect(tooBig.status).toBe(413);
    expect((await errorOf(tooBig)).code).toBe('PAYLOAD_TOO_LARGE');

    const badName = await fetch(`${base}/v1/blobs/not-a-hash`, {
      headers: { Authorization: `Bearer ${yoron}` },
    });
    expect(badName.status).toBe(400);
    expect((await errorOf(badName)).code).toBe('INVALID_REQUEST');

    const capabilities = await fetch(`${base}/v1/blobs/uploads`, {
      method: 'OPTIONS',
      headers: { Authorization: `Bearer ${yoron}` },
    });
    expect(capabilities.status).toBe(204);
    expect(capabilities.headers.get('tus-version')).toContain('1.0.0');
    expect(capabilities.headers.get('tus-max-size')).toBe(String(200 * 1024 * 1024));
  });

  it('finishes an upload sent whole with its creation (creation-with-upload)', async () => {
    const bytes = photo(40 * 1024);
    const hash = sha256(bytes);
    const res = await fetch(`${base}/v1/blobs/uploads`, {
      method: 'POST',
      headers: tusHeaders(yoron, {
        'Upload-Length': String(bytes.length),
        'Upload-Metadata': metadata({ sha256: hash, filetype: 'IMAGE/PNG' }),
        'Content-Type': 'application/offset+octet-stream',
      }),
      body: bytes,
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('upload-offset')).toBe(String(bytes.length));
    expect(await blobRows(hash)).toMatchObject([{ mime_type: 'image/png' }]);
    const get = await fetch(`${base}/v1/blobs/${hash}`, { headers: { Authorization: `Bearer ${yoron}` } });
    expect(get.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await get.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('takes an upload from tus-js-client, the library the laptop will use', async () => {
    const bytes = photo(250 * 1024);
    const hash = sha256(bytes);
    const progress: number[] = [];
    await new Promise<void>((resolve, reject) => {
      const client = new TusUpload(bytes, {
        endpoint: `${base}/v1/blobs/uploads`,
        headers: { Authorization: `Bearer ${yoron}` },
        metadata: { sha256: hash, filetype: 'image/jpeg', filename: 'client.jpg' },
        chunkSize: CHUNK,
        retryDelays: [],
        onChunkComplete: (_size, accepted) => progress.push(accepted),
        onSuccess: () => resolve(),
        onError: reject,
      });
      client.start();
    });
    expect(progress.at(-1)).toBe(bytes.length);
    expect(progress.length).toBe(Math.ceil(bytes.length / CHUNK));
    const head = await fetch(`${base}/v1/blobs/${hash}`, { method: 'HEAD', headers: tusHeaders(yoron) });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
  });
});

describe('Range header', () => {
  it('reads one range and ignores what the RFC lets a server ignore', () => {
    expect(parseRange(undefined, 100)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=0-0', 100)).toEqual({ kind: 'partial', start: 0, end: 0 });
    expect(parseRange('bytes=90-200', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(parseRange('bytes=-200', 100)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(parseRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-1', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=5-2', 100)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=0-1,5-6', 100)).toEqual({ kind: 'full' });
    expect(parseRange('items=0-1', 100)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=-', 100)).toEqual({ kind: 'full' });
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HEADER, SEALED_SEGMENT } from '../../electron/core/encryption/blob-cipher.ts';
import { call } from '../../electron/core/test-support.ts';
import { contentPath } from '../../server/src/blobs/store.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import type { FamilyDetail } from '../../shared/ipc/views.ts';
import { type Shaper, startShaper } from './shaper.ts';
import { enrolledLaptop, syncOk, type TestLaptop } from './support.ts';

/**
 * Attachments with encryption at rest (docs/security.md) against the real server: the laptop's store
 * holds only encrypted files, the upload sends the plain bytes (the server checks their SHA-256), and
 * a colleague's laptop downloads them into its own encrypted store and shows the same bytes.
 */

const SENTINEL = 'SENTINEL暗号化確認';
let server: TestServer;
let dataDir: string;
let a: TestLaptop;
let b: TestLaptop;
/** A third colleague, behind a shaped link that the test takes down mid-download. */
let c: TestLaptop;
let link: Shaper;

function holding(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const needle = Buffer.from(SENTINEL, 'utf8');
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => readFileSync(p).includes(needle));
}

/** A noisy photo of several hundred KB (many cipher segments) carrying the sentinel in a comment. */
async function bigPhoto(): Promise<Buffer> {
  const raw = randomBytes(1200 * 900 * 3);
  const image = await sharp(raw, { raw: { width: 1200, height: 900, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
  const text = Buffer.from(SENTINEL, 'utf8');
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0, text.length + 2]), text]);
  return Buffer.concat([image.subarray(0, 2), com, image.subarray(2)]);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'futasato-enc-attach-'));
  server = await startTestServer({ listen: true, config: { DATA_DIR: dataDir } });
  a = await enrolledLaptop(server, 'kagoshima-yoron', '田中 美咲', { secret: randomBytes(32) });
  b = await enrolledLaptop(server, 'kagoshima-yoron', '佐藤 健', { secret: randomBytes(32) });
  link = await startShaper({
    target: { host: '127.0.0.1', port: Number(new URL(server.url!).port) },
    latencyMs: 5,
    // 16 Mbit/s: a 6 MB file takes about three seconds, time enough to look at the disk mid-way.
    bandwidthBps: 16_000_000,
    burstBytes: 64 * 1024,
    handshake: false,
  });
  c = await enrolledLaptop(server, 'kagoshima-yoron', '山田 花子', { secret: randomBytes(32) }, link.url);
});

afterAll(async () => {
  await a?.dispose();
  await b?.dispose();
  await c?.dispose();
  await link?.close();
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('encrypted attachment stores and the server', () => {
  it('uploads plain bytes from an encrypted store, and a colleague downloads them into theirs', async () => {
    const family = (await call(a.core, 'families.create', {
      familyName: '写真',
      familyNameKana: 'しゃしん',
    })) as FamilyDetail;
    const bytes = await bigPhoto();
    expect(bytes.length).toBeGreaterThan(5 * 64 * 1024);
    const view = (await call(a.core, 'attachments.add', {
      ownerTable: 'family',
      ownerId: family.id,
      bytes: new Uint8Array(bytes),
    })) as { id: string; sha256: string };
    expect(view.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(holding(a.dir)).toEqual([]);

    const report = await a.core.uploads!.run();
    expect(report.failed).toEqual([]);
    expect(report.uploaded).toContain(view.sha256);
    // The server holds (and serves) the plain bytes under their hash.
    const { serverUrl, token } = await a.core.sync!.bearer();
    const res = await fetch(`${serverUrl}/v1/blobs/${view.sha256}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);

    await syncOk(a);
    await syncOk(b);
    const got = (await call(b.core, 'attachments.open', { id: view.id, variant: 'original' })) as {
      bytes: Uint8Array;
    };
    expect(Buffer.from(got.bytes).equals(bytes)).toBe(true);
    expect(holding(b.dir)).toEqual([]);
    expect(holding(a.dir)).toEqual([]);
  }, 120_000);

  it('keeps a download cut mid-way encrypted on disk and resumes it from its last whole segment', async () => {
    const family = (await call(a.core, 'families.create', {
      familyName: '書類',
      familyNameKana: 'しょるい',
    })) as FamilyDetail;
    // A 6 MB "scan" with the sentinel in every kilobyte: any plain stretch on disk would show it.
    const block = Buffer.concat([Buffer.from(SENTINEL, 'utf8'), Buffer.alloc(1000)]);
    const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
    for (let i = 0; i < 6 * 1024; i++) parts.push(randomBytes(1000 - block.length + 1000), block);
    const bytes = Buffer.concat(parts);
    const view = await a.core.attachments!.add({
      ownerTable: 'family',
      ownerId: family.id,
      bytes: new Uint8Array(bytes),
      mimeType: 'application/pdf',
    });
    expect((await a.core.uploads!.run()).uploaded).toContain(view.sha256);
    await syncOk(a);
    await syncOk(c);

    const store = c.core.attachments!.store;
    const partial = store.partialPathOf(view.sha256);
    const first = c.core.attachments!.open(view.id, { preview: false });
    const cut = first.then(
      () => null,
      (error: { code?: string }) => error,
    );
    // Mid-download: a good part is on disk, encrypted, and the sentinel is nowhere.
    await vi.waitFor(
      () => {
        expect(existsSync(partial) && statSync(partial).size > 2 * 1024 * 1024).toBe(true);
      },
      { timeout: 30_000, interval: 20 },
    );
    expect(holding(join(c.dir, 'blobs', 'partial'))).toEqual([]);
    expect(holding(c.dir)).toEqual([]);
    link.setOffline(true);
    expect((await cut)?.code).toBe('SYNC_UNREACHABLE');
    // What stays is the header and whole segments only: the plain count is the number of segments.
    const kept = statSync(partial).size;
    expect(kept).toBeGreaterThan(HEADER);
    expect((kept - HEADER) % SEALED_SEGMENT).toBe(0);
    const segments = (kept - HEADER) / SEALED_SEGMENT;
    expect(segments).toBeLessThan(Math.ceil(bytes.length / (64 * 1024)));
    expect(holding(c.dir)).toEqual([]);

    // The link is back: only the rest comes down (a Range from the last whole segment), then checked.
    link.setOffline(false);
    const down = link.stats().bytesDown;
    const path = await c.core.attachments!.open(view.id, { preview: false });
    expect(path).toBe(store.pathOf(view.sha256));
    const rest = bytes.length - segments * 64 * 1024;
    expect(link.stats().bytesDown - down).toBeLessThan(rest + 16_384);
    expect(existsSync(partial)).toBe(false);
    expect((await store.readBytes(view.sha256)).equals(bytes)).toBe(true);
    expect(holding(c.dir)).toEqual([]);
  }, 120_000);

  it('uploads a 30 MB file from an encrypted store, read one PATCH at a time', async () => {
    const family = (await call(a.core, 'families.create', {
      familyName: '大きな書類',
      familyNameKana: 'おおきなしょるい',
    })) as FamilyDetail;
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(30 * 1024 * 1024 - 9)]);
    const view = await a.core.attachments!.add({
      ownerTable: 'family',
      ownerId: family.id,
      bytes: new Uint8Array(bytes),
      mimeType: 'application/pdf',
    });
    const report = await a.core.uploads!.run();
    expect(report.failed).toEqual([]);
    expect(report.uploaded).toContain(view.sha256);
    // The server checked the plain bytes against their hash; its copy is exactly them.
    const served = readFileSync(contentPath(dataDir, view.sha256));
    expect(served.length).toBe(bytes.length);
    expect(served.equals(bytes)).toBe(true);
  }, 120_000);
});

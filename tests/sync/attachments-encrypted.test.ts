import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import type { FamilyDetail } from '../../shared/ipc/views.ts';
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

function holding(dir: string): string[] {
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
});

afterAll(async () => {
  await a?.dispose();
  await b?.dispose();
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
});

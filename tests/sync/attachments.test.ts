import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOLD_ORIGINALS_SETTING } from '../../electron/core/attachments/upload-queue.ts';
import { call } from '../../electron/core/test-support.ts';
import { contentPath } from '../../server/src/blobs/store.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import type { AttachmentProgressView, FamilyDetail, SyncStatusView } from '../../shared/ipc/views.ts';
import { enrolledLaptop, syncOk, type TestLaptop } from './support.ts';

/**
 * Attachments end to end (sync principle P7): real photos made with sharp, the real core on real SQLite, the
 * real server listening on loopback with its blob store in a temporary folder, and a byte-counting
 * TCP relay between them, so "resumed rather than sent again" is measured on the wire.
 */

interface Relay {
  url: string;
  /** Bytes from the laptops to the server, and back. */
  up: number;
  down: number;
  /** While true the link is down: open connections are cut and new ones dropped at once. */
  refuse: boolean;
  cut(): void;
  close(): Promise<void>;
}

async function countingRelay(target: string): Promise<Relay> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const relay: Relay = {
    url: '',
    up: 0,
    down: 0,
    refuse: false,
    cut: () => {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    close: async () => {},
  };
  const server: Server = createServer((client) => {
    if (relay.refuse) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(port), hostname);
    sockets.add(client);
    sockets.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('data', (chunk: Buffer) => {
      relay.up += chunk.length;
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('drain', () => client.resume());
    upstream.on('data', (chunk: Buffer) => {
      relay.down += chunk.length;
      if (!client.write(chunk)) upstream.pause();
    });
    client.on('drain', () => upstream.resume());
    for (const s of [client, upstream]) {
      s.on('close', end);
      s.on('error', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  relay.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  relay.close = () =>
    new Promise<void>((resolve) => {
      relay.cut();
      server.close(() => resolve());
    });
  return relay;
}

let server: TestServer;
let dataDir: string;
let photoDir: string;
let relay: Relay;
let a: TestLaptop;
let b: TestLaptop;
let familyId: string;
let photoCount = 0;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * A 3000×2000 camera-like JPEG: random noise (so every photo is new content and compresses like a
 * real one, ~2.5 MB) with EXIF capture time (no zone, as most cameras write it) and a GPS position
 * on 与論島.
 */
async function photo(): Promise<{ path: string; bytes: Buffer }> {
  photoCount += 1;
  const bytes = await sharp({
    create: {
      width: 3000,
      height: 2000,
      channels: 3,
      background: { r: 0, g: 0, b: 0 },
      noise: { type: 'gaussian', mean: 100 + photoCount, sigma: 40 },
    },
  })
    .jpeg({ quality: 85 })
    .withExif({
      IFD0: { Make: 'Futasato', Model: 'Test camera' },
      IFD2: { DateTimeOriginal: `2024:05:0${photoCount % 10} 10:00:00` },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '27/1 2/1 3/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '128/1 25/1 3000/100',
      },
    })
    .toBuffer();
  const path = join(photoDir, `photo-${photoCount}.jpg`);
  writeFileSync(path, bytes);
  return { path, bytes };
}

function progressOf(laptop: TestLaptop): AttachmentProgressView[] {
  const events: AttachmentProgressView[] = [];
  laptop.core.onEvent((name, payload) => {
    if (name === 'attachments.progress') events.push(payload as AttachmentProgressView);
  });
  return events;
}

async function serverHas(laptop: TestLaptop, hash: string): Promise<number> {
  const { serverUrl, token } = await laptop.core.sync!.bearer();
  const res = await fetch(`${serverUrl}/v1/blobs/${hash}`, {
    method: 'HEAD',
    headers: { authorization: `Bearer ${token}` },
  });
  return res.status;
}

function uploadRow(laptop: TestLaptop, hash: string) {
  return laptop.core.database.sqlite.prepare('SELECT * FROM blob_upload WHERE sha256 = ?').get(hash) as {
    kind: string;
    state: string;
    tus_url: string | null;
    upload_offset: number;
    size_bytes: number;
    confirmed_at: string | null;
  };
}

const fileHash = (path: string) => sha256(readFileSync(path));

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'futasato-attach-server-'));
  photoDir = await mkdtemp(join(tmpdir(), 'futasato-attach-photos-'));
  server = await startTestServer({ listen: true, config: { DATA_DIR: dataDir } });
  relay = await countingRelay(server.url!);
  // Both laptops reach the server through the relay, which counts every byte.
  const viaRelay: TestServer = { ...server, url: relay.url };
  a = await enrolledLaptop(viaRelay, 'kagoshima-yoron', '田中 美咲');
  b = await enrolledLaptop(viaRelay, 'kagoshima-yoron', '佐藤 健');
  const family = (await call(a.core, 'families.create', {
    familyName: '写真',
    familyNameKana: 'しゃしん',
  })) as FamilyDetail;
  familyId = family.id;
});

afterAll(async () => {
  await a?.dispose();
  await b?.dispose();
  await relay?.close();
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(photoDir, { recursive: true, force: true });
});

describe('attachments: local store, upload queue, lazy download', () => {
  const added: { id: string; sha256: string; preview: string; bytes: Buffer }[] = [];

  it('stores three photos with previews and EXIF, sends previews first, and counts only confirmed ones done', async () => {
    const events = progressOf(a);
    for (let i = 0; i < 3; i += 1) {
      const { path, bytes } = await photo();
      const view = await a.core.attachments!.add({
        ownerTable: 'family',
        ownerId: familyId,
        filePath: path,
        mimeType: 'image/jpeg',
      });
      expect(view).toMatchObject({
        sha256: sha256(bytes),
        sizeBytes: bytes.length,
        width: 3000,
        height: 2000,
        mimeType: 'image/jpeg',
      });
      // "10:00" with no zone on the camera reads as JST.
      expect(view.takenAt).toBe(`2024-05-0${photoCount % 10}T01:00:00.000Z`);
      expect(view.latitude).toBeCloseTo(27.0342, 3);
      expect(view.longitude).toBeCloseTo(128.425, 3);
      expect(view.previewSha256).toMatch(/^[0-9a-f]{64}$/);
      // The original is copied whole into the store, the preview is ≤ 1600 px JPEG without GPS.
      const originalPath = await a.core.attachments!.open(view.id, { preview: false });
      expect(readFileSync(originalPath).equals(bytes)).toBe(true);
      const previewPath = await a.core.attachments!.open(view.id);
      const meta = await sharp(previewPath).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1600, 1067]);
      expect(meta.exif).toBeUndefined();
      added.push({ id: view.id, sha256: view.sha256, preview: view.previewSha256!, bytes });
    }
    // The attachment rows went through the write path: they sync as records.
    expect(
      a.core.database.sqlite
        .prepare("SELECT count(*) FROM outbox WHERE table_name = 'attachment' AND op = 'insert'")
        .pluck()
        .get(),
    ).toBe(3);
    const before = (await call(a.core, 'sync.status')) as SyncStatusView;
    const sizes = added.reduce((sum, x) => sum + x.bytes.length + uploadRow(a, x.preview).size_bytes, 0);
    expect(before.waitingPhotoBytes).toBe(sizes);

    const report = await a.core.uploads!.run();
    expect(report.failed).toEqual([]);
    expect(report.deduplicated).toEqual([]);
    const previews = added.map((x) => x.preview);
    const originals = added.map((x) => x.sha256);
    expect(report.uploaded.slice(0, 3).sort()).toEqual([...previews].sort());
    expect(report.uploaded.slice(3).sort()).toEqual([...originals].sort());
    // The progress events tell the same order, and the overall bar ends full.
    const done = events.filter((e) => e.state === 'done');
    expect(done.map((e) => e.kind)).toEqual([
      'preview',
      'preview',
      'preview',
      'original',
      'original',
      'original',
    ]);
    expect(done.at(-1)).toMatchObject({ overallSent: sizes, overallTotal: sizes, blobsLeft: 0 });
    expect(events.some((e) => e.state === 'uploading' && e.bytesSent > 0 && e.bytesSent < e.bytesTotal)).toBe(
      true,
    );

    for (const hash of [...previews, ...originals]) {
      expect(uploadRow(a, hash)).toMatchObject({ state: 'done', tus_url: null });
      expect(uploadRow(a, hash).confirmed_at).not.toBeNull();
      expect(await serverHas(a, hash)).toBe(200);
      expect(fileHash(contentPath(dataDir, hash))).toBe(hash);
    }
    // Confirmed, and the originals are still on this laptop: nothing here deletes them.
    for (const x of added) expect(existsSync(a.core.attachments!.store.pathOf(x.sha256))).toBe(true);
    expect(((await call(a.core, 'sync.status')) as SyncStatusView).waitingPhotoBytes).toBe(0);
  });

  it('holds originals back on a metered link, and resumes a cut original from the stored offset', async () => {
    a.core.setSetting(HOLD_ORIGINALS_SETTING, '1');
    const { path, bytes } = await photo();
    const view = await a.core.attachments!.add({
      ownerTable: 'family',
      ownerId: familyId,
      filePath: path,
      mimeType: 'image/jpeg',
    });
    const held = await a.core.uploads!.run();
    expect(held).toMatchObject({ uploaded: [view.previewSha256], held: 1, failed: [] });
    expect(uploadRow(a, view.sha256).state).toBe('pending');
    expect(await serverHas(a, view.sha256)).toBe(404);
    // A colleague sees the preview already; the original is not on the server yet.
    expect(((await call(a.core, 'sync.status')) as SyncStatusView).waitingPhotoBytes).toBe(bytes.length);

    // The link allows originals again. Partway through, the app quits (the core closes mid-PATCH).
    a.core.setSetting(HOLD_ORIGINALS_SETTING, '0');
    const start = relay.up;
    let restarting: Promise<void> | null = null;
    a.core.onEvent((name, payload) => {
      const p = payload as AttachmentProgressView;
      if (
        name === 'attachments.progress' &&
        !restarting &&
        p.kind === 'original' &&
        p.bytesSent > bytes.length * 0.4
      ) {
        restarting = a.restart();
      }
    });
    const cut = await a.core.uploads!.run();
    expect(cut.stoppedBy).toBe('STOPPED');
    expect(restarting).not.toBeNull();
    await restarting;
    const stored = uploadRow(a, view.sha256);
    expect(stored.state).toBe('pending');
    expect(stored.tus_url).not.toBeNull();
    expect(stored.upload_offset).toBeGreaterThan(0);
    expect(stored.upload_offset).toBeLessThan(bytes.length);
    expect(await serverHas(a, view.sha256)).toBe(404);

    // After the restart the upload goes on from where the server stopped, not from byte 0.
    const events = progressOf(a);
    const resumedAt = relay.up;
    const resumed = await a.core.uploads!.run();
    expect(resumed).toMatchObject({ uploaded: [view.sha256], failed: [], stoppedBy: null });
    const firstMove = events.find((e) => e.sha256 === view.sha256 && e.state === 'uploading');
    expect(firstMove?.bytesSent).toBeGreaterThanOrEqual(stored.upload_offset);
    const sentAfter = relay.up - resumedAt;
    expect(sentAfter).toBeLessThan(bytes.length - stored.upload_offset + 64 * 1024);
    expect(relay.up - start).toBeLessThan(2 * bytes.length);
    expect(await serverHas(a, view.sha256)).toBe(200);
    expect(fileHash(contentPath(dataDir, view.sha256))).toBe(view.sha256);
    expect(uploadRow(a, view.sha256).state).toBe('done');
    added.push({ id: view.id, sha256: view.sha256, preview: view.previewSha256!, bytes });
  });

  it('sends the same photo once, however often it is attached and by whom', async () => {
    const { path, bytes } = await photo();
    const first = await a.core.attachments!.add({
      ownerTable: 'family',
      ownerId: familyId,
      filePath: path,
      mimeType: 'image/jpeg',
    });
    const second = await a.core.attachments!.add({
      ownerTable: 'family',
      ownerId: familyId,
      bytes,
      mimeType: 'image/jpeg',
    });
    expect(second.id).not.toBe(first.id);
    expect([second.sha256, second.previewSha256]).toEqual([first.sha256, first.previewSha256]);
    expect(
      a.core.database.sqlite
        .prepare('SELECT count(*) FROM blob_upload WHERE sha256 IN (?, ?)')
        .pluck()
        .get(first.sha256, first.previewSha256),
    ).toBe(2);
    const up = relay.up;
    const report = await a.core.uploads!.run();
    expect(report.uploaded.sort()).toEqual([first.sha256, first.previewSha256!].sort());
    expect(relay.up - up).toBeLessThan(bytes.length * 1.5);

    // A colleague attaches the same photo: the server has it, so no byte of it is sent again.
    const fromB = await b.core.attachments!.add({
      ownerTable: 'family',
      ownerId: familyId,
      filePath: path,
      mimeType: 'image/jpeg',
    });
    expect(fromB.sha256).toBe(first.sha256);
    const upB = relay.up;
    const dedupe = await b.core.uploads!.run();
    expect(dedupe.uploaded).toEqual([]);
    expect(dedupe.deduplicated.sort()).toEqual([first.sha256, first.previewSha256!].sort());
    expect(relay.up - upB).toBeLessThan(10_000);
  });

  it("downloads a colleague's photo when it is opened, resuming a partial download and checking the hash", async () => {
    await syncOk(a);
    await syncOk(b);
    const [one, two, three, four] = added;
    if (!one || !two || !three || !four) throw new Error('the earlier tests add four photos');
    const store = b.core.attachments!.store;
    expect(existsSync(store.pathOf(one.preview))).toBe(false);

    // Plain lazy download of a preview: nothing of the original comes with it.
    const down = relay.down;
    const previewPath = await b.core.attachments!.open(one.id, { preview: true });
    expect(previewPath).toBe(store.pathOf(one.preview));
    expect(fileHash(previewPath)).toBe(one.preview);
    const previewSize = readFileSync(previewPath).length;
    expect(relay.down - down).toBeLessThan(previewSize + 4_096);
    // Opened again: local, no request.
    const again = relay.down;
    expect(await b.core.attachments!.open(one.id)).toBe(previewPath);
    expect(relay.down).toBe(again);

    // A download cut halfway left its first half: only the rest is fetched (Range), then verified.
    const twoPreview = readFileSync(a.core.attachments!.store.pathOf(two.preview));
    const half = Math.floor(twoPreview.length / 2);
    mkdirSync(dirname(store.partialPathOf(two.preview)), { recursive: true });
    writeFileSync(store.partialPathOf(two.preview), twoPreview.subarray(0, half));
    const beforeRest = relay.down;
    const twoPath = await b.core.attachments!.open(two.id);
    expect(fileHash(twoPath)).toBe(two.preview);
    expect(relay.down - beforeRest).toBeLessThan(twoPreview.length - half + 4_096);
    expect(existsSync(store.partialPathOf(two.preview))).toBe(false);

    // A partial file with wrong bytes fails the hash: it is dropped and the whole fetched again.
    writeFileSync(store.partialPathOf(three.preview), Buffer.alloc(50_000, 7));
    const threePath = await b.core.attachments!.open(three.id);
    expect(fileHash(threePath)).toBe(three.preview);

    // The original, when asked for, is the author's exact bytes.
    const fourOriginal = await b.core.attachments!.open(four.id, { preview: false });
    expect(readFileSync(fourOriginal).equals(four.bytes)).toBe(true);
    // B downloaded, A uploaded: B has nothing to send for them.
    expect(
      b.core.database.sqlite
        .prepare('SELECT count(*) FROM blob_upload WHERE sha256 = ?')
        .pluck()
        .get(four.sha256),
    ).toBe(0);
  });

  it('says when a photo is not on the server yet', async () => {
    a.core.setSetting(HOLD_ORIGINALS_SETTING, '1');
    const { path } = await photo();
    const view = await a.core.attachments!.add({
      ownerTable: 'family',
      ownerId: familyId,
      filePath: path,
      mimeType: 'image/jpeg',
    });
    await a.core.uploads!.run();
    await syncOk(a);
    await syncOk(b);
    // The preview went up; the held original did not.
    expect(await b.core.attachments!.open(view.id)).toBe(
      b.core.attachments!.store.pathOf(view.previewSha256!),
    );
    await expect(b.core.attachments!.open(view.id, { preview: false })).rejects.toMatchObject({
      code: 'ATTACHMENT_NOT_UPLOADED',
    });
  });

  it('backs off after a failure without trying the rest, then sends when the link is back', async () => {
    a.core.setSetting(HOLD_ORIGINALS_SETTING, '0');
    const { path } = await photo();
    const view = await a.core.attachments!.add({
      ownerTable: 'family',
      ownerId: familyId,
      filePath: path,
      mimeType: 'image/jpeg',
    });
    relay.refuse = true;
    relay.cut();
    const down = await a.core.uploads!.run();
    expect(down.stoppedBy).toMatch(/^(NETWORK|OFFLINE|TIMEOUT)$/);
    // The preview failed and waits its backoff; the original was not even tried on a dead link.
    expect(down.failed.map((f) => f.sha256)).toEqual([view.previewSha256]);
    const failed = a.core.database.sqlite
      .prepare('SELECT state, attempts, next_attempt_at, last_error FROM blob_upload WHERE sha256 = ?')
      .get(view.previewSha256) as {
      state: string;
      attempts: number;
      next_attempt_at: string;
      last_error: string;
    };
    expect(failed).toMatchObject({ state: 'failed', attempts: 1 });
    expect(Date.parse(failed.next_attempt_at)).toBeGreaterThan(Date.now());
    expect(uploadRow(a, view.sha256)).toMatchObject({ state: 'pending' });
    // Within the backoff a run leaves the failed preview alone.
    relay.refuse = false;
    const early = await a.core.uploads!.run();
    expect(early.uploaded).not.toContain(view.previewSha256);

    // The backoff over (moved to now rather than waited for), both go, preview first.
    a.core.database.sqlite
      .prepare('UPDATE blob_upload SET next_attempt_at = ? WHERE sha256 = ?')
      .run(new Date().toISOString(), view.previewSha256);
    const back = await a.core.uploads!.run();
    expect(back.uploaded).toContain(view.previewSha256);
    expect(uploadRow(a, view.previewSha256!)).toMatchObject({ state: 'done' });
    expect(uploadRow(a, view.sha256)).toMatchObject({ state: 'done' });
  });

  it("carries a file's name and its author's caption to a colleague, and only the author may caption it", async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const added = await a.core.attachments!.addBytes({
      ownerTable: 'family',
      ownerId: familyId,
      bytes: new Uint8Array(pdf),
      fileName: '写真 家族の同意書.pdf',
    });
    await syncOk(a);
    await syncOk(b);
    const seen = () =>
      b.core.database.sqlite.prepare('SELECT file_name, caption FROM attachment WHERE id = ?').get(added.id);
    expect(seen()).toEqual({ file_name: '写真 家族の同意書.pdf', caption: null });

    // The colleague may read it but not caption it; nothing is queued on their laptop.
    expect(() => b.core.attachments!.setCaption(added.id, '別の説明')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    a.core.attachments!.setCaption(added.id, '署名済みの同意書');
    await syncOk(a);
    await syncOk(b);
    expect(seen()).toEqual({ file_name: '写真 家族の同意書.pdf', caption: '署名済みの同意書' });
    // Cleared by its author: empty means none, on both laptops.
    a.core.attachments!.setCaption(added.id, '  ');
    await syncOk(a);
    await syncOk(b);
    expect(seen()).toEqual({ file_name: '写真 家族の同意書.pdf', caption: null });
  });
});

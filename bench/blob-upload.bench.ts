/**
 * npm run bench:blobs — memory of a photo upload from an encrypted store (docs/security.md,
 * "Attachments"). One laptop with encryption at rest, the real server on loopback (PGlite in a
 * temporary DATA_DIR); for each size, a fresh file is added and `uploads.run()` sends it while the
 * process's memory is sampled every 100 ms, each time after a full collection (so the figure is what the
 * upload holds, not garbage V8 has not collected yet). Printed per size: the peak growth of
 * `arrayBuffers` (where Buffers live) and of the heap over the figure just before the upload, and for
 * comparison what reading the whole file decrypted (the former way) holds. Streaming shows as a peak
 * that does not grow with the file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from '../electron/core/test-support.ts';
import { startTestServer } from '../server/src/test-support.ts';
import type { FamilyDetail } from '../shared/ipc/views.ts';
import { enrolledLaptop } from '../tests/sync/support.ts';

const exposed = (globalThis as { gc?: () => void }).gc;
if (!exposed) throw new Error('run with node --expose-gc (npm run bench:blobs does)');
const gc = exposed;
const MB = 1024 * 1024;

const dataDir = mkdtempSync(join(tmpdir(), 'futasato-bench-blobs-'));
const server = await startTestServer({ listen: true, config: { DATA_DIR: dataDir } });
const laptop = await enrolledLaptop(server, 'kagoshima-yoron', '田中 美咲', { secret: randomBytes(32) });
try {
  const family = (await call(laptop.core, 'families.create', {
    familyName: '計測',
    familyNameKana: 'けいそく',
  })) as FamilyDetail;
  const rows: string[] = [];
  for (const size of [2 * MB, 8 * MB, 30 * MB]) {
    let bytes: Buffer | null = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(size - 9)]);
    const view = await laptop.core.attachments!.add({
      ownerTable: 'family',
      ownerId: family.id,
      bytes: new Uint8Array(bytes),
      mimeType: 'application/pdf',
    });
    bytes = null;
    gc();
    gc();
    const before = process.memoryUsage();
    let peakBuffers = before.arrayBuffers;
    let peakHeap = before.heapUsed;
    // A collection before each sample: the figure is what the upload holds, not garbage not yet
    // collected (which depends on when V8 chooses to run).
    const sampler = setInterval(() => {
      gc();
      const now = process.memoryUsage();
      peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 100);
    const started = performance.now();
    const report = await laptop.core.uploads!.run();
    const ms = performance.now() - started;
    clearInterval(sampler);
    if (!report.uploaded.includes(view.sha256)) throw new Error(`not uploaded: ${JSON.stringify(report)}`);
    // For comparison, the former way: the whole file read and decrypted before the upload.
    gc();
    gc();
    const wholeBefore = process.memoryUsage().arrayBuffers;
    const whole = await laptop.core.attachments!.store.readBytes(view.sha256);
    gc();
    const wholePeak = process.memoryUsage().arrayBuffers - wholeBefore;
    if (whole.length !== size) throw new Error('read back wrong');
    rows.push(
      `${String(size / MB).padStart(3)} MB  peak arrayBuffers +${((peakBuffers - before.arrayBuffers) / MB).toFixed(1)} MB` +
        `  peak heap +${((peakHeap - before.heapUsed) / MB).toFixed(1)} MB  ${Math.round(ms)} ms` +
        `   (whole-file read: arrayBuffers +${(wholePeak / MB).toFixed(1)} MB)`,
    );
  }
  console.log('upload from an encrypted store (256 KiB PATCHes):');
  for (const row of rows) console.log(`  ${row}`);
} finally {
  await laptop.dispose();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}

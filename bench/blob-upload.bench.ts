/**
 * npm run bench:blobs — memory of a photo upload from an encrypted store (docs/security.md,
 * "Attachments"). One laptop with encryption at rest and the real server on loopback (PGlite in a
 * temporary DATA_DIR). For each size a fresh file is stored encrypted, then:
 *   - read as the upload reads it, one 256 KiB PATCH range at a time (LocalBlobStore.openRanges):
 *     the peak of Buffers alive (`arrayBuffers`, after a full collection) with one PATCH held;
 *   - read whole and decrypted, as the upload did before: what that holds;
 *   - uploaded for real (`uploads.run()`), its time. The server shares this process, so its own
 *     buffers would mix into a memory figure taken during the upload; none is printed.
 * Streaming shows as a peak that does not grow with the file.
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
/** The upload queue's PATCH size (upload-queue.ts). */
const PATCH = 256 * 1024;

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
    const store = laptop.core.attachments!.store;
    // What the upload's reader holds: one PATCH's range at a time, each read as tus-js-client asks,
    // measured after a full collection with that PATCH's bytes still alive.
    gc();
    gc();
    const base = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const ranges = await store.openRanges(view.sha256);
    try {
      for (let at = 0; at < ranges.size; at += PATCH) {
        const chunk = await ranges.read(at, at + PATCH);
        gc();
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
        if (chunk.length === 0) throw new Error('short read');
      }
    } finally {
      await ranges.close();
    }
    // The former way: the whole file read and decrypted before the upload began.
    gc();
    gc();
    const wholeBase = process.memoryUsage().arrayBuffers;
    const whole = await store.readBytes(view.sha256);
    gc();
    const wholeHeld = process.memoryUsage().arrayBuffers - wholeBase;
    if (whole.length !== size) throw new Error('read back wrong');
    // And the upload itself, end to end (the server runs in this process: its buffers would mix into
    // a memory figure, so only its time is printed).
    const started = performance.now();
    const report = await laptop.core.uploads!.run();
    const ms = performance.now() - started;
    if (!report.uploaded.includes(view.sha256)) throw new Error(`not uploaded: ${JSON.stringify(report)}`);
    rows.push(
      `${String(size / MB).padStart(3)} MB  read by PATCH: peak +${(peak / MB).toFixed(2)} MB` +
        `   whole file: +${(wholeHeld / MB).toFixed(1)} MB   upload ${Math.round(ms)} ms`,
    );
  }
  console.log('upload from an encrypted store (256 KiB PATCHes), Buffers held after a full collection:');
  for (const row of rows) console.log(`  ${row}`);
} finally {
  await laptop.dispose();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}

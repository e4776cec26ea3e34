import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { exifInstant, readImage, renderPreview } from './images.ts';

const dir = mkdtempSync(join(tmpdir(), 'futasato-images-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('photo facts', () => {
  it('reads EXIF capture times with their zone, as JST without one, and not when unset', () => {
    expect(exifInstant('2024:05:06 07:08:09', '+09:00')).toBe('2024-05-05T22:08:09.000Z');
    expect(exifInstant('2024:05:06 07:08:09', undefined)).toBe('2024-05-05T22:08:09.000Z');
    expect(exifInstant('2024:05:06 07:08:09', '-05:00')).toBe('2024-05-06T12:08:09.000Z');
    expect(exifInstant('0000:00:00 00:00:00', undefined)).toBeNull();
    expect(exifInstant('    :  :     :  :  ', undefined)).toBeNull();
    expect(exifInstant(undefined, undefined)).toBeNull();
  });

  it('sizes a portrait photo as displayed and makes an upright preview within 1600 px', async () => {
    const path = join(dir, 'portrait.jpg');
    // Stored 2400×1200 with orientation 6 (rotate 90°): a portrait photo, as phones write them.
    await sharp({ create: { width: 2400, height: 1200, channels: 3, background: { r: 90, g: 120, b: 60 } } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(path);
    expect(await readImage(path)).toEqual({
      width: 1200,
      height: 2400,
      takenAt: null,
      latitude: null,
      longitude: null,
    });
    const preview = await renderPreview(path);
    expect([preview.width, preview.height]).toEqual([800, 1600]);
    const meta = await sharp(preview.bytes).metadata();
    expect(meta.orientation ?? 1).toBe(1);
  });

  it('answers null for bytes that are no image', async () => {
    const path = join(dir, 'note.pdf');
    writeFileSync(path, '%PDF-1.4 not really');
    expect(await readImage(path)).toBeNull();
  });
});

import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import type { Result } from '../shared/errors.ts';
import { printHtmlToPdf } from '../tests/e2e/listing-print.ts';

/**
 * bench:ui's inspection report figure: from asking the core for the 現地調査報告書 of a finished 不良度
 * inspection with 30 camera-sized photos (every item answered or 確認できず; the photos' previews read,
 * downscaled and inlined) to the PDF's bytes out of Chromium, as the app's main process prints it
 * (tests/e2e/listing-print.ts plays that part). Target < 5 s.
 */

type Invoke = (channel: string, input: unknown) => Promise<Result<unknown>>;

export const REPORT_PHOTOS = 30;

async function must<T>(invoke: Invoke, channel: string, input: unknown): Promise<T> {
  const r = await invoke(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

/** A camera-sized photo (3000×2000 with noise): the core stores a 1600 px preview of it. */
async function photo(seed: number): Promise<Uint8Array> {
  const jpeg = await sharp({
    create: {
      width: 3000,
      height: 2000,
      channels: 3,
      background: { r: (seed * 37) % 255, g: 120, b: 160 },
      noise: { type: 'gaussian', mean: 120, sigma: 30 },
    },
  })
    .jpeg({ quality: 88 })
    .toBuffer();
  return new Uint8Array(jpeg);
}

/** The 不良度 items, each answered with its second choice (the roof could not be checked). */
const ANSWERS: Record<string, string> = {
  foundation_type: 'stones',
  column_size: 'ok',
  wall_construction: 'poor',
  floor_height: 'ok',
  ceiling_height: 'ok',
  daylight_opening: 'ok',
  floor_joists: 'sagging',
  frame: 'major',
  walls: 'exposed',
  roof: 'could_not_check',
  fire_walls: 'some',
  fire_roof: 'none',
  rainwater: 'absent',
};

export async function measureReportPdf(
  invoke: Invoke,
  browser: Browser,
  propertyId: string,
  runs: { warmUp: number; measured: number },
): Promise<{ samples: number[]; pdfBytes: number; photos: number }> {
  const { id } = await must<{ id: string }>(invoke, 'inspections.start', {
    propertyId,
    templateId: 'furyodo_wooden',
    inspectedOn: '2026-11-20',
    weather: '晴れ',
  });
  for (const [itemKey, choice] of Object.entries(ANSWERS)) {
    await must(invoke, 'inspections.answer', {
      inspectionId: id,
      itemKey,
      choice,
      note: `${itemKey} の所見`,
    });
  }
  const items = Object.keys(ANSWERS);
  for (let i = 0; i < REPORT_PHOTOS; i++) {
    await must(invoke, 'attachments.add', {
      ownerTable: 'inspection',
      ownerId: id,
      bytes: await photo(i),
      fileName: `photo-${i}.jpg`,
      itemKey: items[i % items.length],
    });
  }
  await must(invoke, 'inspections.finish', { inspectionId: id, recommendedAction: '所有者へ適正管理の依頼' });
  const samples: number[] = [];
  let pdfBytes = 0;
  let photos = 0;
  for (let i = 0; i < runs.warmUp + runs.measured; i++) {
    const start = performance.now();
    const report = await must<{ html: string; files: string[]; photos: number }>(
      invoke,
      'inspections.report',
      {
        inspectionId: id,
      },
    );
    const pdf = await printHtmlToPdf(browser, report.html, report.files);
    if (i >= runs.warmUp) samples.push(performance.now() - start);
    pdfBytes = pdf.byteLength;
    photos = report.photos;
  }
  if (photos !== REPORT_PHOTOS) throw new Error(`the report held ${photos} photos, not ${REPORT_PHOTOS}`);
  return { samples, pdfBytes, photos };
}

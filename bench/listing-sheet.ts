import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import type { Result } from '../shared/errors.ts';
import { printHtmlToPdf } from '../tests/e2e/listing-print.ts';

/**
 * bench:ui's listing sheet figure: from asking the core for the 物件登録カード of a property with four
 * photos (the consent checked and the disclosure written, the photos' previews read and inlined) to the
 * PDF's bytes out of Chromium, as the app's main process does it (tests/e2e/listing-print.ts plays
 * that part). Target < 3 s.
 */

type Invoke = (channel: string, input: unknown) => Promise<Result<unknown>>;

async function must<T>(invoke: Invoke, channel: string, input: unknown): Promise<T> {
  const r = await invoke(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

/** A camera-sized photo (3000×2000 with noise, as in the photos e2e): the core stores a 1600 px preview. */
async function photo(seed: number): Promise<Uint8Array> {
  const jpeg = await sharp({
    create: {
      width: 3000,
      height: 2000,
      channels: 3,
      background: { r: 60 + seed * 30, g: 120, b: 160 },
      noise: { type: 'gaussian', mean: 120, sigma: 30 },
    },
  })
    .jpeg({ quality: 88 })
    .toBuffer();
  return new Uint8Array(jpeg);
}

export async function measureListingPdf(
  invoke: Invoke,
  browser: Browser,
  propertyId: string,
  runs: { warmUp: number; measured: number },
): Promise<{ samples: number[]; pdfBytes: number }> {
  await must(invoke, 'consents.save', {
    propertyId,
    purpose: 'bank_listing',
    recipient: '空き家バンク',
    scope: ['identification', 'listing', 'photos'],
    givenOn: '2026-01-01',
  });
  const captions = ['全景', '東側', '台所', '庭'];
  for (const [i, caption] of captions.entries()) {
    const added = await must<{ id: string }>(invoke, 'attachments.add', {
      ownerTable: 'property',
      ownerId: propertyId,
      bytes: await photo(i),
      fileName: `${caption}.jpg`,
    });
    await must(invoke, 'attachments.setCaption', { id: added.id, caption });
  }
  const samples: number[] = [];
  let pdfBytes = 0;
  for (let i = 0; i < runs.warmUp + runs.measured; i++) {
    const start = performance.now();
    const sheet = await must<{ html: string; files: string[] }>(invoke, 'consents.listingSheet', {
      propertyId,
      recipient: 'bench',
      contact: '企画課 0997-00-0000',
    });
    const pdf = await printHtmlToPdf(browser, sheet.html, sheet.files);
    if (i >= runs.warmUp) samples.push(performance.now() - start);
    pdfBytes = pdf.byteLength;
  }
  return { samples, pdfBytes };
}

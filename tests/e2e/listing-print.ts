import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';

/**
 * What the app's main process does with the listing sheet (electron/main/listing-print.ts), played by
 * the test process with Chromium: the same HTML, from a private temporary file, printed to PDF in a
 * page of its own with JavaScript off and offline; the page may load only the files it names (its font).
 */
export async function printHtmlToPdf(
  browser: Browser,
  html: string,
  files: readonly string[],
): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'futasato-print-'));
  const file = join(dir, 'listing-sheet.html');
  const fileUrl = pathToFileURL(file).href;
  // Offline: nothing from the network (request interception would cost a second per print here).
  const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
  try {
    await writeFile(file, html, 'utf8');
    const page = await context.newPage();
    // The page may name only its own files: checked here, as the app's print session enforces it.
    for (const url of html.matchAll(/url\('?(file:[^')]+)/g)) {
      if (!files.includes(url[1] as string))
        throw new Error(`the sheet loads a file it did not name: ${url[1]}`);
    }
    await page.goto(fileUrl, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
}

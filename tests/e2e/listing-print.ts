import type { Browser } from 'playwright-core';

/**
 * What the app's main process does with the listing sheet (electron/main/listing-print.ts), played by
 * the test process with Chromium: the same HTML printed to PDF in a page of its own with JavaScript
 * off and no network (every request but the page's own data: URLs is aborted).
 */
export async function printHtmlToPdf(browser: Browser, html: string): Promise<Uint8Array> {
  const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    await page.route('**/*', (route) =>
      route.request().url().startsWith('data:') ? route.continue() : route.abort(),
    );
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } finally {
    await context.close();
  }
}

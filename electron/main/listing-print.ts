import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, session } from 'electron';
import type { Result } from '../../shared/errors.ts';
import type { ListingSheetDocument, ListingSheetPrinted } from '../../shared/ipc/views.ts';
import type { MainCore } from './core-supervisor.ts';
import { denyAllPermissions } from './security.ts';

/**
 * Prints the 空き家バンク listing sheet to PDF (docs/akiya.md). The core builds the HTML after the
 * hand-over is checked and logged (`consents.listingSheet`: CONSENT_REQUIRED without a valid consent,
 * and then nothing is printed); this glue only renders it in a hidden, sandboxed window with no
 * JavaScript and no network, prints it with `webContents.printToPDF`, and saves it where the person
 * chooses. The HTML is loaded from a private temporary file (photos inside it as data: URLs make it
 * longer than Chromium allows a URL to be), and may read only the files it names (its font).
 */

/** A session of its own, in memory: the print window reaches nothing but its own file. */
const PRINT_PARTITION = 'listing-print';

export async function printListingSheet(
  core: Pick<MainCore, 'invoke'>,
  input: unknown,
  parent: BrowserWindow | null,
): Promise<Result<ListingSheetPrinted>> {
  const built = (await core.invoke('consents.listingSheet', input)) as Result<ListingSheetDocument>;
  if (!built.ok) return built;
  const pdf = await renderPdf(built.value.html, built.value.files);
  const options = {
    title: '物件登録カードを保存',
    defaultPath: join(app.getPath('documents'), built.value.fileName),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  };
  const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) {
    return { ok: true, value: { fileName: built.value.fileName, saved: false, size: pdf.byteLength } };
  }
  await writeFile(choice.filePath, pdf);
  return { ok: true, value: { fileName: built.value.fileName, saved: true, size: pdf.byteLength } };
}

/**
 * Prints self-contained HTML (the listing sheet, the inspection report) to an A4 PDF in a hidden,
 * sandboxed window with no JavaScript; its session lets through only the HTML's own file, the files
 * it names (its font) and data: URLs.
 */
export async function renderPdf(html: string, files: readonly string[]): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'futasato-print-'));
  const file = join(dir, 'listing-sheet.html');
  const fileUrl = pathToFileURL(file).href;
  const printSession = session.fromPartition(PRINT_PARTITION);
  denyAllPermissions(printSession);
  printSession.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url === fileUrl || files.includes(details.url) || details.url.startsWith('data:');
    callback({ cancel: !allowed });
  });
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      javascript: false,
      contextIsolation: true,
      nodeIntegration: false,
      // No middle-click "open in new window" (Electron's checklist; the sheet has no links anyway).
      disableBlinkFeatures: 'Auxclick',
      session: printSession,
    },
  });
  try {
    await writeFile(file, html, 'utf8');
    await win.loadFile(file);
    const pdf = await win.webContents.printToPDF({
      pageSize: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
    });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } finally {
    if (!win.isDestroyed()) win.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, type BrowserWindow, dialog } from 'electron';
import type { Result } from '../../shared/errors.ts';
import type {
  InspectionReportDocument,
  InspectionReportPrinted,
} from '../../shared/ipc/views/inspection-summary.ts';
import type { MainCore } from './core-supervisor.ts';
import { renderPdf } from './listing-print.ts';

/**
 * Prints the 現地調査報告書 to PDF (docs/inspections.md), the way the listing sheet is printed: the
 * core builds the HTML (`inspections.report`: and, only when the owner block is asked for, checks and
 * logs the hand-over, CONSENT_REQUIRED otherwise with nothing printed); this glue renders it in the
 * hidden sandboxed print window and saves it where the person chooses.
 */
export async function printInspectionReport(
  core: Pick<MainCore, 'invoke'>,
  input: unknown,
  parent: BrowserWindow | null,
): Promise<Result<InspectionReportPrinted>> {
  const built = (await core.invoke('inspections.report', input)) as Result<InspectionReportDocument>;
  if (!built.ok) return built;
  const pdf = await renderPdf(built.value.html, built.value.files);
  const options = {
    title: '現地調査報告書を保存',
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

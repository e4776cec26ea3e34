import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, type BrowserWindow, dialog } from 'electron';
import type { Result } from '../../shared/errors.ts';
import type { KpiReportDocument, KpiReportPrinted } from '../../shared/ipc/views/exports.ts';
import type { MainCore } from './core-supervisor.ts';
import { renderPdf } from './listing-print.ts';

/**
 * Prints the 実績報告 summary to PDF (docs/exports.md) as the other reports are printed: the core
 * builds the HTML from the period's figures (`exports.kpiReport`, its font named), this glue renders
 * it in the hidden sandboxed print window with webContents.printToPDF and saves where the person says.
 */
export async function printKpiReport(
  core: Pick<MainCore, 'invoke'>,
  input: unknown,
  parent: BrowserWindow | null,
): Promise<Result<KpiReportPrinted>> {
  const built = (await core.invoke('exports.kpiReport', input)) as Result<KpiReportDocument>;
  if (!built.ok) return built;
  const pdf = await renderPdf(built.value.html, built.value.files);
  const options = {
    title: '実績報告を保存',
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

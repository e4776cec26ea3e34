import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, type BrowserWindow, dialog } from 'electron';
import type { Result } from '../../shared/errors.ts';
import type { ExportFile, ExportSaved } from '../../shared/ipc/views.ts';
import type { MainCore } from './core-supervisor.ts';

/**
 * Saves a record-list export (docs/exports.md). The core builds the file (`exports.build`: role
 * checks, audit and consent in the core, progress events on the way, EXPORT_CANCELLED when stopped);
 * this glue only asks where to put it with the save dialog and writes the bytes. A dialog closed
 * without a place saves nothing.
 */
export async function saveExport(
  core: Pick<MainCore, 'invoke'>,
  input: unknown,
  parent: BrowserWindow | null,
): Promise<Result<ExportSaved>> {
  const built = (await core.invoke('exports.build', input)) as Result<ExportFile>;
  if (!built.ok) return built;
  const { fileName, bytes, rows, ownersWithheld } = built.value;
  const csv = fileName.endsWith('.csv');
  const options = {
    title: '書き出したファイルを保存',
    defaultPath: join(app.getPath('documents'), fileName),
    filters: [csv ? { name: 'CSV', extensions: ['csv'] } : { name: 'Excel', extensions: ['xlsx'] }],
  };
  const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  const size = bytes.byteLength;
  if (choice.canceled || !choice.filePath) {
    return { ok: true, value: { fileName, saved: false, size, rows, ownersWithheld } };
  }
  await writeFile(choice.filePath, bytes);
  return { ok: true, value: { fileName, saved: true, size, rows, ownersWithheld } };
}

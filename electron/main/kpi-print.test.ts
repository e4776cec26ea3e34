import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IPC_PREFIX } from '../../shared/ipc/channels.ts';
import type { AppCore } from '../core/app-core.ts';
import { call, openTestCore } from '../core/test-support.ts';
import { app, BrowserWindow, dialog, ipcMain, resetFakeElectron } from '../testing/fake-electron.ts';
import { appPages, RENDERER_INDEX_HTML } from './app-pages.ts';
import { registerIpcHandlers } from './ipc.ts';

/** Printing the 実績報告 against the stand-in electron module and a real core. */

const OUR_PAGE = `${pathToFileURL(RENDERER_INDEX_HTML).href}#/reports`;

describe('main: printing the KPI results report', () => {
  let core: AppCore;
  let dispose: () => Promise<void>;
  let win: BrowserWindow;
  let out: string;
  let loadedHtml: string[] = [];

  beforeAll(async () => {
    ({ core, dispose } = await openTestCore({ now: () => new Date('2026-12-04T03:00:00Z') }));
    await call(core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '与論 町子',
      role: 'town_admin',
    });
    out = mkdtempSync(join(tmpdir(), 'futasato-kpi-print-'));
  });
  afterAll(async () => {
    rmSync(out, { recursive: true, force: true });
    await dispose();
  });
  beforeEach(() => {
    resetFakeElectron();
    app.paths.set('documents', out);
    win = new BrowserWindow(OUR_PAGE);
    loadedHtml = [];
    BrowserWindow.onLoadFile = (path) => loadedHtml.push(readFileSync(path, 'utf8'));
    registerIpcHandlers(core, appPages(true, {}), () => win as never);
  });

  const print = (input: object) =>
    ipcMain.invokeFrom(
      win.webContents,
      win.webContents.mainFrame,
      `${IPC_PREFIX}exports.printKpiReport`,
      input,
    );

  it('prints the core-built HTML in the hidden window and saves where the dialog says', async () => {
    const target = join(out, 'kpi.pdf');
    dialog.nextSave = { canceled: false, filePath: target };
    expect(await print({ from: '2026-04-01', to: '2027-03-31' })).toEqual({
      ok: true,
      value: { fileName: '実績報告KPI_2026-04-01_2027-03-31.pdf', saved: true, size: 15 },
    });
    expect(readFileSync(target, 'utf8')).toBe('%PDF-1.4\n%%EOF\n');
    expect(loadedHtml[0]).toContain('実績報告（KPI）');
    expect(dialog.saveCalls[0]).toMatchObject({
      defaultPath: join(out, '実績報告KPI_2026-04-01_2027-03-31.pdf'),
    });
  });

  it('prints nothing for a period the core refuses', async () => {
    const result = await print({ from: '2027-03-31', to: '2026-04-01' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: 'validation.periodOrder' },
    });
    expect(loadedHtml).toEqual([]);
    expect(dialog.saveCalls).toHaveLength(0);
  });
});

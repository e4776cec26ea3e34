import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IPC_PREFIX } from '../../shared/ipc/channels.ts';
import type { InspectionView, PropertyView } from '../../shared/ipc/views.ts';
import type { AppCore } from '../core/app-core.ts';
import { call, openTestCore } from '../core/test-support.ts';
import { app, BrowserWindow, dialog, ipcMain, resetFakeElectron } from '../testing/fake-electron.ts';
import { appPages, RENDERER_INDEX_HTML } from './app-pages.ts';
import { registerIpcHandlers } from './ipc.ts';

/**
 * Printing the 現地調査報告書 against the stand-in electron module and a real core: the core builds the
 * HTML, the glue prints it in the hidden sandboxed window (the listing sheet's) and saves where the
 * dialog says; asking for the owner without consent prints nothing.
 */

const OUR_PAGE = `${pathToFileURL(RENDERER_INDEX_HTML).href}#/inspections`;

describe('main: printing the inspection report', () => {
  let core: AppCore;
  let dispose: () => Promise<void>;
  let win: BrowserWindow;
  let out: string;
  let inspectionId: string;
  let loadedHtml: string[] = [];

  beforeAll(async () => {
    ({ core, dispose } = await openTestCore());
    await call(core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '調査 員子',
      role: 'surveyor',
    });
    const property = (await call(core, 'properties.save', {
      refNumber: 'Y-0077',
      address: '与論町那間77',
    })) as PropertyView;
    const started = (await call(core, 'inspections.start', {
      propertyId: property.id,
      templateId: 'furyodo_wooden',
      inspectedOn: '2026-12-02',
      weather: '晴れ',
    })) as InspectionView;
    inspectionId = started.id;
    await call(core, 'inspections.answer', { inspectionId, itemKey: 'frame', choice: 'major' });
    out = mkdtempSync(join(tmpdir(), 'futasato-report-test-'));
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
    ipcMain.invokeFrom(win.webContents, win.webContents.mainFrame, `${IPC_PREFIX}inspections.printReport`, {
      inspectionId,
      ...input,
    });

  it('prints in the hidden sandboxed window and saves where the dialog says', async () => {
    const target = join(out, 'report.pdf');
    dialog.nextSave = { canceled: false, filePath: target };
    expect(await print({})).toEqual({
      ok: true,
      value: { fileName: '現地調査報告書_Y-0077_2026-12-02.pdf', saved: true, size: 15 },
    });
    expect(readFileSync(target, 'utf8')).toBe('%PDF-1.4\n%%EOF\n');
    expect(dialog.saveCalls[0]).toMatchObject({
      defaultPath: join(out, '現地調査報告書_Y-0077_2026-12-02.pdf'),
    });
    const hidden = BrowserWindow.made[1] as BrowserWindow;
    expect(hidden.options).toMatchObject({
      show: false,
      webPreferences: { sandbox: true, javascript: false, contextIsolation: true, nodeIntegration: false },
    });
    expect(loadedHtml[0]).toContain('現地調査報告書');
    expect(loadedHtml[0]).toContain('調査 員子');
    expect(hidden.webContents.printed).toEqual([
      { pageSize: 'A4', printBackground: true, preferCSSPageSize: true },
    ]);
    expect(hidden.isDestroyed()).toBe(true);
  });

  it('asking for the owner without consent: CONSENT_REQUIRED, no window, no dialog', async () => {
    expect(await print({ owner: { purpose: 'residence_support_corp' } })).toMatchObject({
      ok: false,
      error: { code: 'CONSENT_REQUIRED' },
    });
    expect(BrowserWindow.made).toHaveLength(1);
    expect(dialog.saveCalls).toHaveLength(0);
  });
});

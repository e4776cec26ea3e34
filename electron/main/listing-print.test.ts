import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.ts';
import { IPC_PREFIX } from '../../shared/ipc/channels.ts';
import type { AppCore } from '../core/app-core.ts';
import { call, openTestCore } from '../core/test-support.ts';
import { app, BrowserWindow, dialog, ipcMain, resetFakeElectron, session } from '../testing/fake-electron.ts';
import { appPages, RENDERER_INDEX_HTML } from './app-pages.ts';
import { registerIpcHandlers } from './ipc.ts';

/**
 * Printing the listing sheet, against the stand-in electron module and a real core: the core checks
 * and logs the hand-over, the glue prints in a hidden sandboxed window without JavaScript or network,
 * and saves where the dialog says. Refused without consent: no window, no dialog, no log row.
 */

const OUR_PAGE = `${pathToFileURL(RENDERER_INDEX_HTML).href}#/akiya`;

describe('main: printing the listing sheet', () => {
  let core: AppCore;
  let dispose: () => Promise<void>;
  let win: BrowserWindow;
  let out: string;
  let propertyId: string;
  let loadedHtml: string[] = [];

  beforeAll(async () => {
    ({ core, dispose } = await openTestCore());
    await call(core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '与論 花子',
      role: 'coordinator',
    });
    propertyId = newId();
    const at = new Date().toISOString();
    core.database.sqlite
      .prepare(
        `INSERT INTO property (id, municipality_id, address, ref_number, price_yen, created_at, created_by, updated_at, updated_by)
         VALUES (?, 'kagoshima-yoron', '与論町茶花1番地1', 'Y-0001', 2500000, ?, 'x', ?, 'x')`,
      )
      .run(propertyId, at, at);
    out = mkdtempSync(join(tmpdir(), 'futasato-print-test-'));
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

  const print = () =>
    ipcMain.invokeFrom(
      win.webContents,
      win.webContents.mainFrame,
      `${IPC_PREFIX}consents.printListingSheet`,
      {
        propertyId,
        recipient: '空き家バンク',
      },
    );
  const disclosures = () => core.database.sqlite.prepare('SELECT count(*) FROM disclosure').pluck().get();

  it('refuses without a valid 空き家バンク consent: no window, no dialog, nothing logged', async () => {
    expect(await print()).toMatchObject({ ok: false, error: { code: 'CONSENT_REQUIRED' } });
    expect(BrowserWindow.made).toHaveLength(1);
    expect(dialog.saveCalls).toHaveLength(0);
    expect(disclosures()).toBe(0);
  });

  it('prints in a hidden sandboxed window and saves where the dialog says', async () => {
    await call(core, 'consents.save', {
      propertyId,
      purpose: 'bank_listing',
      recipient: '与論町空き家バンク',
      scope: ['identification', 'listing'],
      givenOn: '2026-01-01',
    });
    const target = join(out, 'card.pdf');
    dialog.nextSave = { canceled: false, filePath: target };
    expect(await print()).toEqual({
      ok: true,
      value: { fileName: '物件登録カード_Y-0001.pdf', saved: true, size: 15 },
    });
    expect(readFileSync(target, 'utf8')).toBe('%PDF-1.4\n%%EOF\n');
    expect(dialog.saveCalls[0]).toMatchObject({ defaultPath: join(out, '物件登録カード_Y-0001.pdf') });

    const hidden = BrowserWindow.made[1] as BrowserWindow;
    expect(hidden.options).toMatchObject({
      show: false,
      webPreferences: {
        sandbox: true,
        javascript: false,
        contextIsolation: true,
        nodeIntegration: false,
        disableBlinkFeatures: 'Auxclick',
      },
    });
    expect(loadedHtml[0]).toContain('空き家バンク 物件登録カード');
    expect(loadedHtml[0]).toContain('2,500,000円');
    expect(hidden.webContents.printed).toEqual([
      { pageSize: 'A4', printBackground: true, preferCSSPageSize: true },
    ]);
    expect(hidden.isDestroyed()).toBe(true);

    // The print window's session lets through its own file and data: URLs, nothing else.
    const filter = session.partitions.get('listing-print')?.webRequest.filter;
    const verdict = (url: string) =>
      new Promise<boolean>((resolve) => filter?.({ url }, (r) => resolve(r.cancel)));
    expect(await verdict('https://example.com/track.png')).toBe(true);
    expect(await verdict(pathToFileURL(join(out, 'other.html')).href)).toBe(true);
    expect(await verdict('data:image/png;base64,AAAA')).toBe(false);
    const font = /src: url\('([^']+)'\)/.exec(loadedHtml[0] ?? '')?.[1] ?? '';
    expect(font).toMatch(/^file:.*BIZUDGothic-Regular\.ttf$/);
    expect(await verdict(font)).toBe(false);
    // … and grants no device permission at all (Electron's default would grant every one).
    const printSession = session.partitions.get('listing-print');
    for (const permission of ['geolocation', 'media', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(
        await printSession?.request(permission, pathToFileURL(join(out, 'listing-sheet.html')).href),
      ).toBe(false);
      expect(printSession?.check(permission, 'file:///x.html')).toBe(false);
    }
    expect(disclosures()).toBe(1);
  });

  it('a cancelled save writes no file but the hand-over stays logged', async () => {
    const before = disclosures() as number;
    expect(await print()).toMatchObject({ ok: true, value: { saved: false } });
    expect(disclosures()).toBe(before + 1);
  });
});

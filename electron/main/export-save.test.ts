import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/**
 * Saving an export against the stand-in electron module and a real core: the core builds the file,
 * the glue asks where to save it and writes the bytes; a closed dialog writes nothing, and the core's
 * refusal comes back as is.
 */

const OUR_PAGE = `${pathToFileURL(RENDERER_INDEX_HTML).href}#/families`;
let jobCounter = 0;
const jobId = () => `01930000-0000-7000-8000-${String(++jobCounter).padStart(12, '0')}`;

describe('main: saving an export', () => {
  let core: AppCore;
  let dispose: () => Promise<void>;
  let win: BrowserWindow;
  let out: string;

  beforeAll(async () => {
    ({ core, dispose } = await openTestCore({ now: () => new Date('2026-12-04T03:00:00Z') }));
    await call(core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '与論 花子',
      role: 'coordinator',
    });
    await call(core, 'families.create', {
      familyName: '森',
      familyNameKana: 'もり',
    });
    out = mkdtempSync(join(tmpdir(), 'futasato-export-test-'));
  });
  afterAll(async () => {
    rmSync(out, { recursive: true, force: true });
    await dispose();
  });
  beforeEach(() => {
    resetFakeElectron();
    app.paths.set('documents', out);
    win = new BrowserWindow(OUR_PAGE);
    registerIpcHandlers(core, appPages(true, {}), () => win as never);
  });

  const save = (input: object) =>
    ipcMain.invokeFrom(win.webContents, win.webContents.mainFrame, `${IPC_PREFIX}exports.save`, {
      jobId: jobId(),
      kind: 'families',
      filters: {},
      ...input,
    });

  it('writes the bytes where the dialog says, offering the file name in Documents', async () => {
    const target = join(out, 'families.csv');
    dialog.nextSave = { canceled: false, filePath: target };
    const result = await save({ format: 'csv' });
    const bytes = readFileSync(target);
    expect(result).toEqual({
      ok: true,
      value: {
        fileName: '家族一覧_2026-12-04.csv',
        saved: true,
        size: bytes.byteLength,
        rows: 1,
        ownersWithheld: 0,
      },
    });
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('"森","もり"');
    expect(dialog.saveCalls[0]).toMatchObject({
      defaultPath: join(out, '家族一覧_2026-12-04.csv'),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    });
  });

  it('saves nothing when the dialog is closed', async () => {
    const result = await save({ format: 'xlsx' });
    expect(result).toMatchObject({ ok: true, value: { saved: false, fileName: '家族一覧_2026-12-04.xlsx' } });
    expect(dialog.saveCalls[0]).toMatchObject({ filters: [{ name: 'Excel', extensions: ['xlsx'] }] });
    expect(existsSync(join(out, '家族一覧_2026-12-04.xlsx'))).toBe(false);
  });

  it("passes the core's refusal on without opening the dialog", async () => {
    const result = await save({ format: 'pdf' });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(dialog.saveCalls).toHaveLength(0);
  });
});

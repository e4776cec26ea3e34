import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, IPC_PREFIX } from '../../shared/ipc/channels.ts';
import type { AppCore } from '../core/app-core.ts';
import { openTestCore } from '../core/test-support.ts';
import { BrowserWindow, FakeFrame, ipcMain, resetFakeElectron } from '../testing/fake-electron.ts';
import { appPages, RENDERER_INDEX_HTML } from './app-pages.ts';
import { forwardCoreEvents, registerIpcHandlers } from './ipc.ts';

/**
 * The main process's IPC glue against the stand-in electron module and a real core on a real
 * database: only our window's main frame, showing our own page, reaches the core.
 */

const OUR_PAGE = `${pathToFileURL(RENDERER_INDEX_HTML).href}#/today`;
const pages = appPages(true, {});

describe('main: IPC handlers', () => {
  let core: AppCore;
  let dispose: () => Promise<void>;
  let win: BrowserWindow | null;

  beforeAll(async () => {
    ({ core, dispose } = await openTestCore());
  });
  afterAll(() => dispose());
  beforeEach(() => {
    resetFakeElectron();
    win = new BrowserWindow(OUR_PAGE);
    registerIpcHandlers(core, pages, () => win as never);
  });

  const fromMainFrame = (channel: string, input?: unknown) => {
    if (!win) throw new Error('no window');
    return ipcMain.invokeFrom(win.webContents, win.webContents.mainFrame, `${IPC_PREFIX}${channel}`, input);
  };
  const refused = { ok: false, error: { code: 'FORBIDDEN_SENDER' } };
  const profileIsSetUp = async () => {
    const result = (await core.invoke('profile.get', {})) as { ok: true; value: unknown };
    return result.value !== null;
  };
  const setup = { municipalityId: 'kagoshima-kinko', displayName: '森 さくら', role: 'coordinator' };

  it('registers one handler per contract channel and nothing else', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(CHANNEL_NAMES.map((n) => `${IPC_PREFIX}${n}`).sort());
  });

  it('forwards a call from our window’s main frame on our page to the core, which answers it', async () => {
    expect(await fromMainFrame('app.info', {})).toMatchObject({ ok: true, value: { version: '0.0.0-test' } });
    // The core validates: a bad input is its answer, not a throw.
    expect(await fromMainFrame('families.get', { id: 42 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
  });

  it('refuses a frame inside our page (an iframe) before the core sees the input', async () => {
    if (!win) throw new Error('no window');
    const iframe = new FakeFrame(OUR_PAGE);
    expect(
      await ipcMain.invokeFrom(win.webContents, iframe, `${IPC_PREFIX}profile.setup`, setup),
    ).toMatchObject(refused);
    expect(await profileIsSetUp()).toBe(false);
  });

  it('refuses our main frame once it shows another origin or file', async () => {
    if (!win) throw new Error('no window');
    for (const url of [
      'https://example.org/',
      'file:///tmp/index.html',
      'http://127.0.0.1:5173/',
      'about:blank',
    ]) {
      win.webContents.mainFrame.url = url;
      expect(await fromMainFrame('profile.setup', setup)).toMatchObject(refused);
    }
    expect(await profileIsSetUp()).toBe(false);
  });

  it('refuses another webContents, even one showing our page', async () => {
    const other = new BrowserWindow(OUR_PAGE);
    expect(
      await ipcMain.invokeFrom(other.webContents, other.webContents.mainFrame, `${IPC_PREFIX}app.info`, {}),
    ).toMatchObject(refused);
    // A frame of another webContents that claims our main frame's ids does not pass either.
    if (!win) throw new Error('no window');
    expect(
      await ipcMain.invokeFrom(other.webContents, win.webContents.mainFrame, `${IPC_PREFIX}app.info`, {}),
    ).toMatchObject(refused);
  });

  it('refuses every call when there is no window, or it is destroyed', async () => {
    const old = win;
    old?.destroy();
    expect(await fromMainFrame('app.info', {})).toMatchObject(refused);
    win = null;
    if (!old) throw new Error('no window');
    expect(
      await ipcMain.invokeFrom(old.webContents, old.webContents.mainFrame, `${IPC_PREFIX}app.info`, {}),
    ).toMatchObject(refused);
  });

  it('has no handler for a name outside the contract', async () => {
    await expect(fromMainFrame('fs.readFile', {})).rejects.toThrow(/No handler registered/);
    await expect(fromMainFrame('event:data.changed', {})).rejects.toThrow(/No handler registered/);
  });

  it('forwards the core’s events to our window only while it lives', async () => {
    if (!win) throw new Error('no window');
    const stop = forwardCoreEvents(core, () => win as never);
    expect(await fromMainFrame('profile.setup', setup)).toMatchObject({ ok: true });
    await fromMainFrame('families.create', { familyName: '本田', familyNameKana: 'ほんだ' });
    const channels = win.webContents.sent.map((s) => s.channel);
    expect(channels).toContain(`${IPC_PREFIX}event:data.changed`);
    expect(win.webContents.sent.find((s) => s.channel === `${IPC_PREFIX}event:data.changed`)?.args).toEqual([
      { reason: 'local', tables: expect.arrayContaining(['family']) },
    ]);
    const before = win.webContents.sent.length;
    win.destroy();
    core.setSetting('probe', '1');
    await core.invoke('families.create', { familyName: '松本', familyNameKana: 'まつもと' });
    expect(win.webContents.sent).toHaveLength(before);
    stop();
  });
});

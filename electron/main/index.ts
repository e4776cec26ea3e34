import { join } from 'node:path';
import { app, type BrowserWindow, session } from 'electron';
import { appPages } from './app-pages.ts';
import { watchConnectivity } from './connectivity.ts';
import type { CoreSupervisor } from './core-supervisor.ts';
import { openCoreOrExplain } from './database.ts';
import { forwardCoreEvents, registerIpcHandlers } from './ipc.ts';
import { closeMainLog, mainLog } from './main-log.ts';
import { installApplicationMenu } from './menu.ts';
import { lockOnSuspend } from './power-lock.ts';
import { hardenAllWebContents, hardenSession } from './security.ts';
import { createMainWindow, type MainWindow } from './window.ts';

/**
 * App lifecycle. Everything that is not Electron glue lives in electron/core and runs in a process of
 * its own (core-supervisor.ts, docs/architecture.md "Processes"); this file only decides the order:
 * one instance, security hooks, the core process, then the window.
 */

// The database lives here. Pinned to an ASCII folder name so it never moves if package.json ever
// gains a `productName` (Electron would otherwise derive the folder from it).
app.setPath('userData', join(app.getPath('appData'), 'futasato'));
// Windows attributes notifications (the updater's) to this id; it matches electron-builder's appId.
if (process.platform === 'win32') app.setAppUserModelId('jp.futasato.app');

if (app.requestSingleInstanceLock()) {
  main().catch((error: unknown) => {
    mainLog().fatal({ err: error }, 'startup failed');
    app.exit(1);
  });
} else {
  // Two processes writing the same SQLite file would contend for its lock; the first one wins and
  // the second hands over to it through the 'second-instance' event.
  app.quit();
}

async function main(): Promise<void> {
  const pages = appPages(app.isPackaged);
  let current: MainWindow | null = null;
  const currentWindow = (): BrowserWindow | null => current?.win ?? null;

  app.on('second-instance', () => {
    const win = currentWindow();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  hardenAllWebContents(pages);

  await app.whenReady();
  hardenSession(session.defaultSession, pages);

  // The database is opened before any window exists: a window without its data would be useless.
  const core = await openCoreOrExplain();
  if (!core) {
    app.quit();
    return;
  }

  installApplicationMenu({ isDev: !app.isPackaged });
  registerIpcHandlers(core, pages, currentWindow);
  forwardCoreEvents(core, currentWindow);

  let opening: Promise<void> | null = null;
  const openWindow = () => {
    opening ??= createMainWindow(core, pages)
      .then((opened) => {
        current = opened;
        opened.win.on('closed', () => {
          if (current === opened) current = null;
        });
      })
      .finally(() => {
        opening = null;
      });
    return opening;
  };
  await openWindow();

  // macOS keeps the app running with no window; clicking the Dock icon brings one back.
  app.on('activate', () => {
    if (!current)
      openWindow().catch((error: unknown) => mainLog().error({ err: error }, 'could not open the window'));
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  closeCoreBeforeQuit(core, () => current);
  watchConnectivity(core);
  lockOnSuspend(core);

  // Updates: the core process checks and downloads after sync (electron/core/updates/); this process
  // only runs the verified installer on 「再起動して更新」 (updater.ts, the updates.install channel).
}

/**
 * Quitting waits for the core to close: closing checkpoints SQLite's write-ahead log into the main
 * file, so the database is one self-contained file on disk (what backups and copies expect).
 */
function closeCoreBeforeQuit(core: CoreSupervisor, current: () => MainWindow | null): void {
  let state: 'open' | 'closing' | 'closed' = 'open';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    const windowState = current()?.windowState;
    windowState?.flush();
    windowState?.dispose();
    core
      .close()
      .catch((error: unknown) => mainLog().error({ err: error }, 'closing the database failed'))
      .finally(() => {
        state = 'closed';
        closeMainLog();
        app.quit();
      });
  });
}

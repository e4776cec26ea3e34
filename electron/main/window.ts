import { BrowserWindow } from 'electron';
import { type AppPages, PRELOAD_PATH, RENDERER_INDEX_HTML } from './app-pages.ts';
import type { MainCore } from './core-supervisor.ts';
import { mainLog } from './main-log.ts';
import { loadWindowState, trackWindowState, type WindowStateTracker } from './window-state.ts';

/** The one application window. */

export interface MainWindow {
  win: BrowserWindow;
  windowState: WindowStateTracker;
}

export async function createMainWindow(
  core: Pick<MainCore, 'getSetting' | 'setSetting'>,
  pages: AppPages,
): Promise<MainWindow> {
  const initial = await loadWindowState(core);
  const win = new BrowserWindow({
    // Sized to the display's work area, so the window never opens under the taskbar.
    ...initial.bounds,
    minWidth: initial.minimum.width,
    minHeight: initial.minimum.height,
    title: 'ふたさと',
    // Shown once the first paint is ready, so the user never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: PRELOAD_PATH,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      // A middle click would ask for a new window (denied by security.ts); do not even ask.
      disableBlinkFeatures: 'Auxclick',
      // On Linux the spell-checker fetches dictionaries from a remote server; an offline tool holding
      // personal data should not make that request, and Japanese text is not spell-checked anyway.
      spellcheck: false,
    },
  });

  // The page sets <title> itself; keep the window (and taskbar) name stable regardless.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => {
    if (initial.maximized) win.maximize();
    win.show();
  });
  win.webContents.on('render-process-gone', (_event, details) => {
    mainLog().error({ reason: details.reason, exitCode: details.exitCode }, 'renderer gone');
  });

  const windowState = trackWindowState(win, core);

  const load = pages.devServerUrl ? win.loadURL(pages.devServerUrl) : win.loadFile(RENDERER_INDEX_HTML);
  load.catch((error: unknown) => mainLog().error({ err: error }, 'could not load the page'));

  return { win, windowState };
}

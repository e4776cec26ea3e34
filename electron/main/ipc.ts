import { type BrowserWindow, type IpcMainInvokeEvent, ipcMain, type WebFrameMain } from 'electron';
import type { Result } from '../../shared/errors.ts';
import { CHANNEL_NAMES, IPC_PREFIX } from '../../shared/ipc/channels.ts';
import type { AppPages } from './app-pages.ts';
import type { MainCore } from './core-supervisor.ts';
import { saveExport } from './export-save.ts';
import { printInspectionReport } from './inspection-print.ts';
import { printKpiReport } from './kpi-print.ts';
import { printListingSheet } from './listing-print.ts';
import { mainLog } from './main-log.ts';
import { installUpdate } from './updater.ts';

/**
 * Registers one handler per contract channel. Each first checks who is calling: only the main frame
 * of our own window, showing our own page, may reach the core. An iframe, a page navigated
 * elsewhere, or any other webContents is refused before its input is even parsed, as is a name
 * outside the contract (no handler is registered for it). The call then goes to the core process,
 * which validates the input against the contract's zod schema and never throws.
 */
export function registerIpcHandlers(
  core: Pick<MainCore, 'invoke'>,
  pages: AppPages,
  currentWindow: () => BrowserWindow | null,
): void {
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(`${IPC_PREFIX}${name}`, (event, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, pages, currentWindow())) {
        mainLog().warn({ channel: name, frameUrl: event.senderFrame?.url }, 'refused a sender');
        return Promise.resolve({
          ok: false,
          error: { code: 'FORBIDDEN_SENDER', message: `sender may not call ${name}` },
        });
      }
      const own = ownChannels[name];
      return own ? own(core, input, currentWindow()) : core.invoke(name, input);
    });
  }
}

type OwnChannel = (
  core: Pick<MainCore, 'invoke'>,
  input: unknown,
  win: BrowserWindow | null,
) => Promise<Result<unknown>>;

/**
 * The channels this process answers itself (`MAIN_PROCESS_CHANNELS` in the contract): they need a
 * window or a dialog. Each still asks the core for the data, which validates the input.
 */
const ownChannels: Partial<Record<string, OwnChannel>> = {
  'consents.printListingSheet': printListingSheet,
  'inspections.printReport': printInspectionReport,
  'exports.save': saveExport,
  'exports.printKpiReport': printKpiReport,
  'updates.install': (core, input, win) => installUpdate(core, input, win),
};

/** Pushes core events (e.g. data.changed) to the window; returns the unsubscribe function. */
export function forwardCoreEvents(
  core: Pick<MainCore, 'onEvent'>,
  currentWindow: () => BrowserWindow | null,
): () => void {
  return core.onEvent((name, payload) => {
    const win = currentWindow();
    if (win && !win.isDestroyed()) win.webContents.send(`${IPC_PREFIX}event:${name}`, payload);
  });
}

function isTrustedSender(event: IpcMainInvokeEvent, pages: AppPages, win: BrowserWindow | null): boolean {
  const frame = event.senderFrame;
  if (!frame || !win || win.isDestroyed() || event.sender.id !== win.webContents.id) return false;
  return isSameFrame(frame, win.webContents.mainFrame) && pages.isAppUrl(frame.url);
}

/**
 * Identity first; the (process, routing) id pair names the same renderer frame even if Electron ever
 * hands out a fresh wrapper object for it, so a legitimate call is never refused on a technicality.
 */
function isSameFrame(a: WebFrameMain, b: WebFrameMain): boolean {
  return a === b || (a.processId === b.processId && a.routingId === b.routingId);
}

import { type BrowserWindow, screen } from 'electron';
import type { MainCore } from './core-supervisor.ts';
import { mainLog } from './main-log.ts';
import {
  defaultBounds,
  minimumSize,
  parseWindowState,
  type Rect,
  restorableBounds,
  serialiseWindowState,
} from './window-bounds.ts';

/**
 * Remembers the main window's size, position and maximised state across runs, in the app_setting
 * table (so it lives and is backed up with the rest of the user's data).
 */

const SETTING_KEY = 'window.state';
const SAVE_DELAY_MS = 500;

export interface InitialWindowState {
  bounds: Rect;
  minimum: { width: number; height: number };
  maximized: boolean;
}

export async function loadWindowState(core: Pick<MainCore, 'getSetting'>): Promise<InitialWindowState> {
  const saved = parseWindowState(await core.getSetting(SETTING_KEY).catch(() => null));
  const primary = screen.getPrimaryDisplay().workArea;
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const restored = saved ? restorableBounds(saved.bounds, workAreas) : undefined;
  const bounds = restored ?? defaultBounds(primary);
  const home = workAreas.find((area) => contains(area, bounds)) ?? primary;
  return { bounds, minimum: minimumSize(home), maximized: saved?.maximized ?? false };
}

function contains(area: Rect, r: Rect): boolean {
  return r.x >= area.x && r.y >= area.y && r.x < area.x + area.width && r.y < area.y + area.height;
}

export interface WindowStateTracker {
  /** Saves now if a change is pending. */
  flush(): void;
  /** Stops saving: called before the database closes. */
  dispose(): void;
}

export function trackWindowState(win: BrowserWindow, core: Pick<MainCore, 'setSetting'>): WindowStateTracker {
  let timer: NodeJS.Timeout | undefined;
  let disposed = false;

  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    if (disposed || win.isDestroyed()) return;
    // Normal bounds, so un-maximising after a restart returns to the size the user chose.
    const b = win.getNormalBounds();
    const bounds = {
      x: Math.round(b.x),
      y: Math.round(b.y),
      width: Math.round(b.width),
      height: Math.round(b.height),
    };
    core
      .setSetting(SETTING_KEY, serialiseWindowState({ bounds, maximized: win.isMaximized() }))
      // Losing the window position is not worth interrupting the user for.
      .catch((error: unknown) => mainLog().warn({ err: error }, 'could not save the window state'));
  };
  // Debounced: dragging a window fires dozens of move events a second.
  const schedule = () => {
    if (disposed) return;
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };

  win.on('resize', schedule);
  win.on('move', schedule);
  win.on('maximize', schedule);
  win.on('unmaximize', schedule);
  win.on('close', save);

  return {
    flush: () => {
      if (timer) save();
    },
    dispose: () => {
      clearTimeout(timer);
      disposed = true;
    },
  };
}

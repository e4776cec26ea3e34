/**
 * Pure rules for remembering the window's place (no electron import, so they are unit-tested in
 * Node). The saved state comes from our own database but is still parsed defensively: a bad value
 * must never stop the app from opening a window.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

/** The size the window opens at the first time, when the display has room for it. */
export const PREFERRED_SIZE = { width: 1280, height: 800 } as const;
/**
 * The smallest window the layouts are built for: a 1280×800 tablet at Windows' 125 % scaling. Below
 * this the side navigation already collapses; the window may not shrink further.
 */
export const MIN_WINDOW_SIZE = { width: 1024, height: 600 } as const;

/**
 * The first-run window: the preferred size, shrunk to fit the display's work area (the screen less the
 * taskbar), so a 1366×768 laptop with its taskbar gets a window whose bottom edge is on screen. It is
 * centred in that work area.
 */
export function defaultBounds(workArea: Rect): Rect {
  const width = clamp(PREFERRED_SIZE.width, Math.min(MIN_WINDOW_SIZE.width, workArea.width), workArea.width);
  const height = clamp(
    PREFERRED_SIZE.height,
    Math.min(MIN_WINDOW_SIZE.height, workArea.height),
    workArea.height,
  );
  return {
    x: workArea.x + Math.floor((workArea.width - width) / 2),
    y: workArea.y + Math.floor((workArea.height - height) / 2),
    width,
    height,
  };
}

/** The minimum size, never larger than the display (a small screen must still show the whole window). */
export function minimumSize(workArea: Rect): { width: number; height: number } {
  return {
    width: Math.min(MIN_WINDOW_SIZE.width, workArea.width),
    height: Math.min(MIN_WINDOW_SIZE.height, workArea.height),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/** How much of the window must lie on one display for its title bar to be reachable. */
const MIN_VISIBLE = { width: 120, height: 48 };

export function parseWindowState(json: string | null): WindowState | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null) return null;
    const { bounds, maximized } = value as { bounds?: unknown; maximized?: unknown };
    if (!isRect(bounds) || bounds.width <= 0 || bounds.height <= 0) return null;
    return { bounds, maximized: maximized === true };
  } catch {
    return null;
  }
}

export function serialiseWindowState(state: WindowState): string {
  return JSON.stringify(state);
}

/**
 * The saved bounds, if they are still usable: a monitor may have been unplugged or the resolution
 * changed since, and a window restored off every screen looks to the user like an app that never
 * opened.
 */
export function restorableBounds(saved: Rect, workAreas: readonly Rect[]): Rect | undefined {
  const home = workAreas.find((area) => {
    const overlap = intersection(saved, area);
    return overlap.width >= MIN_VISIBLE.width && overlap.height >= MIN_VISIBLE.height;
  });
  if (!home) return undefined;
  // A window saved on a larger screen (or before the taskbar grew) is shrunk into the work area it is
  // on, so its bottom edge and buttons are not hidden under the taskbar.
  const width = Math.min(saved.width, home.width);
  const height = Math.min(saved.height, home.height);
  // Horizontally a window may straddle two displays; it is only moved when it had to shrink.
  const x = width < saved.width ? clamp(saved.x, home.x, home.x + home.width - width) : saved.x;
  const y = clamp(saved.y, home.y, home.y + home.height - height);
  if (width === saved.width && height === saved.height && x === saved.x && y === saved.y) return saved;
  return { x, y, width, height };
}

function intersection(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

function isRect(value: unknown): value is Rect {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return [r.x, r.y, r.width, r.height].every((n) => typeof n === 'number' && Number.isFinite(n));
}

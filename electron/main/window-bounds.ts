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
  const visible = workAreas.some((area) => {
    const overlap = intersection(saved, area);
    return overlap.width >= MIN_VISIBLE.width && overlap.height >= MIN_VISIBLE.height;
  });
  return visible ? saved : undefined;
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

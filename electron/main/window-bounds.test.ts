import { describe, expect, it } from 'vitest';
import {
  defaultBounds,
  MIN_WINDOW_SIZE,
  minimumSize,
  parseWindowState,
  restorableBounds,
  serialiseWindowState,
} from './window-bounds.ts';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const external = { x: 1440, y: 0, width: 1920, height: 1050 };

describe('parseWindowState', () => {
  it('round-trips a saved state', () => {
    const state = { bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: true };
    expect(parseWindowState(serialiseWindowState(state))).toEqual(state);
  });

  it.each([
    null,
    '',
    'not json',
    '42',
    '{}',
    '{"bounds":{"x":0,"y":0,"width":0,"height":10}}',
    '{"bounds":{"x":"0"}}',
  ])('ignores %j', (json) => {
    expect(parseWindowState(json)).toBeNull();
  });
});

describe('restorableBounds', () => {
  it('keeps bounds that lie on a display', () => {
    const bounds = { x: 1600, y: 100, width: 1000, height: 700 };
    expect(restorableBounds(bounds, [laptop, external])).toEqual(bounds);
  });

  it('drops bounds on a display that is no longer connected', () => {
    expect(restorableBounds({ x: 1600, y: 100, width: 1000, height: 700 }, [laptop])).toBeUndefined();
  });

  it('shrinks a window saved on a bigger screen into the work area it lies on', () => {
    const small = { x: 0, y: 0, width: 1366, height: 728 };
    expect(restorableBounds({ x: 40, y: 50, width: 1280, height: 820 }, [small])).toEqual({
      x: 40,
      y: 0,
      width: 1280,
      height: 728,
    });
  });

  it('drops bounds that only graze a display edge', () => {
    expect(restorableBounds({ x: 1400, y: 100, width: 1000, height: 700 }, [laptop])).toBeUndefined();
  });

  it('keeps bounds that straddle two displays', () => {
    const bounds = { x: 1000, y: 100, width: 1000, height: 700 };
    expect(restorableBounds(bounds, [laptop, external])).toEqual(bounds);
  });
});

describe('defaultBounds', () => {
  it('fits a 1366×768 laptop less a 40 px taskbar', () => {
    const workArea = { x: 0, y: 0, width: 1366, height: 728 };
    const bounds = defaultBounds(workArea);
    expect(bounds.height).toBeLessThanOrEqual(728);
    expect(bounds.width).toBeLessThanOrEqual(1366);
    expect(bounds.y).toBeGreaterThanOrEqual(0);
    expect(bounds.y + bounds.height).toBeLessThanOrEqual(728);
    expect(bounds.x + bounds.width).toBeLessThanOrEqual(1366);
  });

  it('keeps the preferred size on a large screen, centred', () => {
    expect(defaultBounds({ x: 0, y: 0, width: 1920, height: 1040 })).toEqual({
      x: 320,
      y: 120,
      width: 1280,
      height: 800,
    });
  });

  it('fills a 1280×800 tablet at 125 % (1024×640 less its taskbar)', () => {
    const workArea = { x: 0, y: 0, width: 1024, height: 600 };
    expect(defaultBounds(workArea)).toEqual(workArea);
  });

  it('respects a work area that does not start at 0 (taskbar on the left, second display)', () => {
    const bounds = defaultBounds({ x: 1440, y: 30, width: 1366, height: 738 });
    expect(bounds.x).toBeGreaterThanOrEqual(1440);
    expect(bounds.y).toBeGreaterThanOrEqual(30);
    expect(bounds.y + bounds.height).toBeLessThanOrEqual(768);
  });
});

describe('minimumSize', () => {
  it('is the layout minimum on an ordinary screen', () => {
    expect(minimumSize({ x: 0, y: 0, width: 1366, height: 728 })).toEqual(MIN_WINDOW_SIZE);
  });

  it('never exceeds a tiny screen', () => {
    expect(minimumSize({ x: 0, y: 0, width: 853, height: 493 })).toEqual({ width: 853, height: 493 });
  });
});

import { describe, expect, it } from 'vitest';
import { parseWindowState, restorableBounds, serialiseWindowState } from './window-bounds.ts';

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

  it('drops bounds that only graze a display edge', () => {
    expect(restorableBounds({ x: 1400, y: 100, width: 1000, height: 700 }, [laptop])).toBeUndefined();
  });

  it('keeps bounds that straddle two displays', () => {
    const bounds = { x: 1000, y: 100, width: 1000, height: 700 };
    expect(restorableBounds(bounds, [laptop, external])).toEqual(bounds);
  });
});

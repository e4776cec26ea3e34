import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHlc, encodeHlc, HlcSkewError, HybridLogicalClock } from './hlc.ts';

function manualClock(start: number) {
  let t = start;
  return { now: () => t, set: (v: number) => (t = v) };
}

describe('hybrid logical clock', () => {
  it('encodes so that string order is timestamp order', () => {
    const a = encodeHlc({ millis: 1_700_000_000_000, counter: 15, node: 'a' });
    const b = encodeHlc({ millis: 1_700_000_000_000, counter: 16, node: 'a' });
    const c = encodeHlc({ millis: 1_700_000_000_001, counter: 0, node: 'a' });
    expect(a < b && b < c).toBe(true);
    expect(decodeHlc(b)).toEqual({ millis: 1_700_000_000_000, counter: 16, node: 'a' });
  });

  it('breaks ties between nodes by node id', () => {
    const x = encodeHlc({ millis: 5, counter: 1, node: 'deviceA' });
    const y = encodeHlc({ millis: 5, counter: 1, node: 'deviceB' });
    expect(x < y).toBe(true);
  });

  it('is strictly monotonic for any sequence of wall-clock readings, including backwards jumps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2_000_000_000_000 }), { minLength: 1, maxLength: 200 }),
        (walls) => {
          const wall = manualClock(0);
          const clock = new HybridLogicalClock({ node: 'n1', wallClock: wall.now });
          let previous = '';
          for (const w of walls) {
            wall.set(w);
            const ts = clock.now();
            expect(ts > previous).toBe(true);
            previous = ts;
          }
        },
      ),
    );
  });

  it('keeps going forward when the wall clock steps back an hour', () => {
    const wall = manualClock(1_800_000_000_000);
    const clock = new HybridLogicalClock({ node: 'n1', wallClock: wall.now });
    const before = clock.now();
    wall.set(1_800_000_000_000 - 3_600_000);
    const after = clock.now();
    expect(after > before).toBe(true);
    expect(decodeHlc(after).millis).toBe(1_800_000_000_000);
  });

  it('orders a local event after any remote timestamp it has received', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000_000, max: 2_000_000 }),
        fc.integer({ min: -200_000, max: 200_000 }),
        fc.integer({ min: 0, max: 1000 }),
        (local, offset, counter) => {
          const wall = manualClock(local);
          const clock = new HybridLogicalClock({ node: 'me', wallClock: wall.now, maxSkewMs: 300_000 });
          const remote = encodeHlc({ millis: local + offset, counter, node: 'them' });
          const merged = clock.receive(remote);
          expect(merged > remote.replace('them', 'me') || decodeHlc(merged).millis > local + offset).toBe(
            true,
          );
          expect(clock.now() > merged).toBe(true);
        },
      ),
    );
  });

  it('refuses a remote clock further ahead than the skew bound and stays unchanged', () => {
    const wall = manualClock(1_000_000_000);
    const clock = new HybridLogicalClock({ node: 'me', wallClock: wall.now, maxSkewMs: 60_000 });
    const before = clock.now();
    const remote = encodeHlc({ millis: 1_000_000_000 + 61_000, counter: 0, node: 'them' });
    expect(() => clock.receive(remote)).toThrow(HlcSkewError);
    expect(clock.current()).toBe(before);
    // Within the bound it is accepted and the local clock follows it.
    const near = encodeHlc({ millis: 1_000_000_000 + 59_000, counter: 3, node: 'them' });
    expect(decodeHlc(clock.receive(near)).millis).toBe(1_000_000_000 + 59_000);
  });

  it('resumes after a restart from the persisted high-water mark', () => {
    const wall = manualClock(10_000);
    const first = new HybridLogicalClock({ node: 'me', wallClock: wall.now });
    first.now();
    const last = first.now();
    wall.set(5_000); // machine rebooted with a wrong clock
    const second = new HybridLogicalClock({ node: 'me', wallClock: wall.now, last });
    expect(second.now() > last).toBe(true);
  });

  it('does not overflow its counter within one millisecond', () => {
    const clock = new HybridLogicalClock({ node: 'me', wallClock: () => 42 });
    let previous = '';
    for (let i = 0; i < 70_000; i++) {
      const ts = clock.now();
      expect(ts > previous).toBe(true);
      previous = ts;
    }
  });

  it('rejects malformed node ids and timestamps', () => {
    expect(() => new HybridLogicalClock({ node: 'has-dash' })).toThrow();
    expect(() => decodeHlc('nonsense')).toThrow();
  });
});

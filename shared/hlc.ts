/**
 * Hybrid logical clock (Kulkarni et al.). A timestamp is (wall milliseconds, counter, node id) and is
 * encoded as a fixed-width string so that plain string comparison orders timestamps:
 *
 *   0001732262400000-0000-<nodeId>
 *
 * Properties the sync relies on (docs/sync-principles.md, P4 and P5):
 * - monotonic: every `now()` on one node is greater than every earlier one, even when the wall clock
 *   steps backwards (NTP correction, a laptop with a flat CMOS battery);
 * - causal: after `receive(remote)`, the next local timestamp is greater than `remote`;
 * - bounded: a remote timestamp more than `maxSkewMs` ahead of our wall clock is refused instead of
 *   dragging every later local timestamp into the future.
 */

export interface HlcTimestamp {
  millis: number;
  counter: number;
  node: string;
}

const MILLIS_WIDTH = 16;
const COUNTER_WIDTH = 4;
const MAX_COUNTER = 0xffff;
export const DEFAULT_MAX_SKEW_MS = 5 * 60 * 1000;

export class HlcSkewError extends Error {
  readonly driftMs: number;
  constructor(driftMs: number) {
    super(`remote clock is ${Math.round(driftMs / 1000)} s ahead of this device`);
    this.name = 'HlcSkewError';
    this.driftMs = driftMs;
  }
}

export function encodeHlc(ts: HlcTimestamp): string {
  return `${ts.millis.toString().padStart(MILLIS_WIDTH, '0')}-${ts.counter
    .toString(16)
    .padStart(COUNTER_WIDTH, '0')}-${ts.node}`;
}

export function decodeHlc(value: string): HlcTimestamp {
  const first = value.indexOf('-');
  const second = value.indexOf('-', first + 1);
  if (first !== MILLIS_WIDTH || second !== MILLIS_WIDTH + 1 + COUNTER_WIDTH) {
    throw new Error(`not an HLC timestamp: ${value}`);
  }
  const millis = Number(value.slice(0, first));
  const counter = Number.parseInt(value.slice(first + 1, second), 16);
  const node = value.slice(second + 1);
  if (!Number.isSafeInteger(millis) || Number.isNaN(counter) || node.length === 0) {
    throw new Error(`not an HLC timestamp: ${value}`);
  }
  return { millis, counter, node };
}

export interface HlcOptions {
  node: string;
  /** Wall clock; injectable for tests. */
  wallClock?: () => number;
  maxSkewMs?: number;
  /** The last timestamp this node issued or saw, restored from storage after a restart. */
  last?: string | undefined;
}

export class HybridLogicalClock {
  readonly node: string;
  private readonly wallClock: () => number;
  private readonly maxSkewMs: number;
  private millis: number;
  private counter: number;

  constructor(options: HlcOptions) {
    if (!/^[0-9a-zA-Z_]+$/.test(options.node)) {
      throw new Error('HLC node id must be alphanumeric');
    }
    this.node = options.node;
    this.wallClock = options.wallClock ?? Date.now;
    this.maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
    const last = options.last === undefined ? undefined : decodeHlc(options.last);
    this.millis = last?.millis ?? 0;
    this.counter = last?.counter ?? 0;
  }

  /** A new timestamp for a local event. */
  now(): string {
    const wall = this.wallClock();
    if (wall > this.millis) {
      this.millis = wall;
      this.counter = 0;
    } else {
      this.bumpCounter();
    }
    return this.current();
  }

  /**
   * Merge a timestamp seen from another node; returns the new local timestamp. `maxSkewMs` may be
   * raised for a trusted source: a laptop takes the server's clock whatever its own wall clock says
   * (the server bounds everyone's drift against its own), because its next write must be newer than
   * every value it has seen.
   */
  receive(remote: string, maxSkewMs: number = this.maxSkewMs): string {
    const theirs = decodeHlc(remote);
    const wall = this.wallClock();
    if (theirs.millis - wall > maxSkewMs) {
      throw new HlcSkewError(theirs.millis - wall);
    }
    const maxMillis = Math.max(wall, this.millis, theirs.millis);
    if (maxMillis === this.millis && maxMillis === theirs.millis) {
      this.counter = Math.max(this.counter, theirs.counter);
      this.bumpCounter();
    } else if (maxMillis === this.millis) {
      this.bumpCounter();
    } else if (maxMillis === theirs.millis) {
      this.millis = theirs.millis;
      this.counter = theirs.counter;
      this.bumpCounter();
    } else {
      this.millis = maxMillis;
      this.counter = 0;
    }
    return this.current();
  }

  /** The last issued timestamp, for persisting across restarts. */
  current(): string {
    return encodeHlc({ millis: this.millis, counter: this.counter, node: this.node });
  }

  private bumpCounter(): void {
    if (this.counter >= MAX_COUNTER) {
      // 65,536 events inside one millisecond: borrow the next millisecond rather than overflow.
      this.millis += 1;
      this.counter = 0;
      return;
    }
    this.counter += 1;
  }
}

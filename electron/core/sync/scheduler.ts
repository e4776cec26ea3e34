import type { SyncEngine, SyncRunReport, SyncTrigger } from './engine.ts';

/**
 * When sync runs by itself: at start, every few minutes, a few seconds after a local write (so a
 * colleague sees a check-in soon, but ten quick edits make one request), and as soon as the network
 * returns. After a failure it waits longer each time (exponential backoff with full jitter, so the
 * laptops of a town do not all retry in the same second when the island's link comes back). States
 * that need a person (update required, revoked, clock wrong) are not retried until resumed.
 */

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
}

const REAL_TIMERS: Timers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // Never keep a test process or a closing app alive just for the next sync.
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  random: Math.random,
};

export interface SchedulerOptions {
  intervalMs?: number;
  afterWriteMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  timers?: Timers;
}

export class SyncScheduler {
  private readonly engine: SyncEngine;
  private readonly timers: Timers;
  private readonly intervalMs: number;
  private readonly afterWriteMs: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private timer: unknown = null;
  private failures = 0;
  private stopped = true;
  /** When the next run is due (for the 同期 page). */
  nextRunAt: number | null = null;

  constructor(engine: SyncEngine, options: SchedulerOptions = {}) {
    this.engine = engine;
    this.timers = options.timers ?? REAL_TIMERS;
    this.intervalMs = options.intervalMs ?? 5 * 60_000;
    this.afterWriteMs = options.afterWriteMs ?? 5_000;
    this.backoffBaseMs = options.backoffBaseMs ?? 15_000;
    this.backoffMaxMs = options.backoffMaxMs ?? 30 * 60_000;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0, 'start');
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.nextRunAt = null;
  }

  /** A local write happened: sync soon, unless a run is already due sooner. */
  notifyWrite(): void {
    if (this.failures > 0) return; // backing off: the write goes with the next attempt
    this.scheduleIfSooner(this.afterWriteMs, 'write');
  }

  /** The network came back: try at once, forgetting the backoff. */
  notifyOnline(): void {
    this.failures = 0;
    this.engine.resume();
    this.schedule(0, 'online');
  }

  private scheduleIfSooner(ms: number, trigger: SyncTrigger): void {
    const due = Date.now() + ms;
    if (this.nextRunAt !== null && this.nextRunAt <= due) return;
    this.schedule(ms, trigger);
  }

  private schedule(ms: number, trigger: SyncTrigger): void {
    if (this.stopped) return;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.nextRunAt = Date.now() + ms;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.nextRunAt = null;
      void this.engine.run(trigger).then((report) => this.after(report));
    }, ms);
  }

  /** The delay after `failures` consecutive failures: base·2^(n−1), capped, with full jitter. */
  backoffMs(failures: number): number {
    const ceiling = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** Math.max(0, failures - 1));
    return Math.round(ceiling / 2 + (this.timers.random() * ceiling) / 2);
  }

  private after(report: SyncRunReport): void {
    if (report.ok || report.errorCode === 'NOT_ENROLLED') {
      this.failures = 0;
      this.schedule(this.intervalMs, 'schedule');
      return;
    }
    if (this.engine.stoppedReason !== null) return; // waits for a person
    this.failures += 1;
    this.schedule(this.backoffMs(this.failures), 'schedule');
  }
}

/**
 * Notices a person has stopped using the window: `onIdle` runs once `timeoutMs` pass with no
 * `activity()`. It reads the time from `now` and waits with `setTimer`, so a test drives it with a
 * fake clock (vitest's, or Playwright's `page.clock` in Chromium, which fakes Date and setTimeout).
 * Activity only records the time (cheap on every mouse move); the timer checks when it fires and
 * waits again for the rest if there was activity meanwhile. A laptop asleep past the deadline locks
 * on waking: the wall clock says the time has passed.
 */
export interface IdleTimerOptions {
  timeoutMs: number;
  onIdle: () => void;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class IdleTimer {
  private readonly options: Required<IdleTimerOptions>;
  private last = 0;
  private handle: unknown = null;
  private fired = false;

  constructor(options: IdleTimerOptions) {
    this.options = {
      now: () => Date.now(),
      setTimer: (run, ms) => setTimeout(run, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      ...options,
    };
  }

  start(): void {
    this.stop();
    this.fired = false;
    this.last = this.options.now();
    this.arm(this.options.timeoutMs);
  }

  /** A key, a click, a touch, a scroll or a mouse move. */
  activity(): void {
    if (!this.fired) this.last = this.options.now();
  }

  stop(): void {
    if (this.handle !== null) this.options.clearTimer(this.handle);
    this.handle = null;
  }

  private arm(ms: number): void {
    this.handle = this.options.setTimer(() => this.check(), Math.max(ms, 0));
  }

  private check(): void {
    this.handle = null;
    const left = this.last + this.options.timeoutMs - this.options.now();
    if (left > 0) {
      this.arm(left);
      return;
    }
    this.fired = true;
    this.options.onIdle();
  }
}

/** The events that count as someone using the window. */
export const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

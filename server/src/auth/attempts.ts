/**
 * Failed credential attempts, counted per key (a client address, an enrolment code's hash, a device
 * id) in fixed one-minute windows, in this process's memory. Only failures count: a valid code or a
 * valid refresh secret is never refused because of what others did from the same address.
 */
export class FailureCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(limit: number, windowMs = 60_000, now: () => number = Date.now) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.now = now;
  }

  /**
   * Counts one failure under each key. Returns the seconds to wait when any key is now past its
   * limit, else null.
   */
  fail(keys: readonly string[]): number | null {
    const now = this.now();
    if (this.windows.size > 50_000) this.prune(now);
    let wait: number | null = null;
    for (const key of keys) {
      let window = this.windows.get(key);
      if (!window || window.resetAt <= now) {
        window = { count: 0, resetAt: now + this.windowMs };
        this.windows.set(key, window);
      }
      window.count += 1;
      if (window.count > this.limit) {
        const seconds = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
        wait = Math.max(wait ?? 0, seconds);
      }
    }
    return wait;
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

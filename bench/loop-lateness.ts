/**
 * How late this process's event loop answers, measured by a timer that should fire every `everyMs`:
 * each firing records how much later than due it came. Unlike perf_hooks.monitorEventLoopDelay — which,
 * checked here with the core in the same process, reported a p99 and a max of 10 ms across a single
 * 5.5 s synchronous block (the large sample's load) — a late timer cannot hide a block: the block is
 * the lateness of the firing after it.
 */
export interface LatenessReport {
  /** Firings recorded. */
  count: number;
  p99Ms: number;
  maxMs: number;
}

export function watchLoopLateness(everyMs = 10): { stop(): LatenessReport } {
  const lateness: number[] = [];
  let due = performance.now() + everyMs;
  const timer = setInterval(() => {
    const now = performance.now();
    lateness.push(Math.max(0, now - due));
    due = now + everyMs;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      // The firing that would follow a block still running at stop() never came: count it too.
      lateness.push(Math.max(0, performance.now() - due));
      const sorted = [...lateness].sort((a, b) => a - b);
      const at = Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1);
      return { count: sorted.length, p99Ms: sorted[at] ?? 0, maxMs: sorted[sorted.length - 1] ?? 0 };
    },
  };
}

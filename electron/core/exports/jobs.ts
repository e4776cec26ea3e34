/**
 * The exports running in the core, by the id the page gave them, so `exports.cancel` can stop one.
 * A cancel that arrives before its export started (the two calls raced) is remembered briefly and
 * stops the export as soon as it starts.
 */
export class ExportJobs {
  private readonly running = new Map<string, AbortController>();
  private readonly early = new Set<string>();

  start(jobId: string): AbortSignal {
    const controller = new AbortController();
    this.running.set(jobId, controller);
    if (this.early.delete(jobId)) controller.abort();
    return controller.signal;
  }

  finish(jobId: string): void {
    this.running.delete(jobId);
  }

  /** True when a running export was stopped; false when none by that id runs (yet). */
  cancel(jobId: string): boolean {
    const controller = this.running.get(jobId);
    if (controller) {
      controller.abort();
      return true;
    }
    this.early.add(jobId);
    if (this.early.size > 100) this.early.delete(this.early.values().next().value as string);
    return false;
  }
}

import { AppError } from '../../../shared/errors.ts';

/**
 * How a long export reports and stops: `report` is called as rows are written (done of total), and
 * `signal` is checked between chunks. The work yields to the event loop between chunks, so the core
 * keeps answering other calls (and the cancel that sets `signal`) while a large file is built.
 */
export interface ExportProgress {
  signal?: AbortSignal | undefined;
  report?: ((done: number, total: number) => void) | undefined;
}

/** Rows written between two yields (and progress reports). */
export const CHUNK_ROWS = 1000;

export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('EXPORT_CANCELLED', 'the export was cancelled');
}

/** Yields, then stops if the export was cancelled meanwhile. */
export async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  await yieldToLoop();
  throwIfCancelled(signal);
}

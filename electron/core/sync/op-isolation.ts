import type { SyncHttpError } from './server-client.ts';

/**
 * Finding the one operation a server fails on. A server that cannot store a value (before it learnt to
 * quarantine it, or a fault nobody foresaw) answers the whole batch with a 500, and every retry of the
 * same batch fails the same way: without this, one bad note would stop the laptop's sync for good.
 *
 * So a batch answered with a server failure is halved, and halved again, until a single operation is
 * left. The other halves go through on the way. A single operation that still fails is set aside
 * locally (outbox state 'quarantined', shown on the 同期 page with its reason) only after a request
 * without it succeeds: a server that fails on everything (its database down) must never make the
 * laptop set its records aside one by one.
 */

/** The reason code of an operation set aside by the laptop itself (i18n: sync:reasons). */
export const SET_ASIDE_CODE = 'SERVER_FAILED_ON_OP';

/** A server error about what it was given, as opposed to one that is down, busy or restarting. */
export function isServerFailure(error: SyncHttpError): boolean {
  return error.status === 500 && (error.code === 'INTERNAL' || error.code === 'SERVER_ERROR');
}

/** The batch size while one exchange's search runs, and what to go back to afterwards. */
export class FailingOpSearch {
  private before: number | null = null;

  /** The batch size for the next request after a batch of `sent` operations failed. */
  narrow(batchSize: number, sent: number): number {
    if (this.before === null) this.before = batchSize;
    return Math.max(1, Math.floor(sent / 2));
  }

  /** The batch size once the operation was set aside or the exchange ended. */
  done(batchSize: number): number {
    const restored = this.before ?? batchSize;
    this.before = null;
    return restored;
  }
}

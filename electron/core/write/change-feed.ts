import type { ChangeOrigin } from '../../../shared/ipc/contract.ts';

/**
 * What one committed transaction changed: the tables it touched (each once, sorted) and where the
 * change came from. The write path announces it after the commit, never from inside the transaction,
 * so a listener that reads the database sees the change, and a rolled-back write announces nothing.
 */
export interface CommittedChange {
  origin: ChangeOrigin;
  tables: readonly string[];
}

export type CommitListener = (change: CommittedChange) => void;

/**
 * The one place changes to the records are announced from: the RecordWriter (local writes), the sync
 * engine (pulled pages), the sample loader. The device turns each into a `data.changed` event and
 * nudges automatic sync for local ones, so no handler has to remember to.
 */
export class ChangeFeed {
  private readonly listeners = new Set<CommitListener>();

  subscribe(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Call after the commit. A transaction that touched no table changed nothing: no announcement. */
  committed(origin: ChangeOrigin, touched: Iterable<{ table: string }>): void {
    const tables = [...new Set([...touched].map((t) => t.table))].sort();
    if (tables.length === 0) return;
    const change: CommittedChange = { origin, tables };
    for (const listener of this.listeners) listener(change);
  }
}

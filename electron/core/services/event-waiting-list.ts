import type { WriteTx } from '../write/record-writer.ts';

/** Heads of the applications that hold a place at the event (申込; 参加 is an 申込 that was marked). */
export function heldHeads(tx: { sqlite: WriteTx['sqlite'] }, eventId: string): number {
  return tx.sqlite
    .prepare(
      `SELECT coalesce(sum(head_count), 0) FROM event_application
        WHERE event_id = ? AND status = 'applied' AND deleted_at IS NULL`,
    )
    .pluck()
    .get(eventId) as number;
}

/**
 * Moves the waiting list up into the places free, in order (applied_at, then id): the first waiting
 * application takes a place when its heads fit; the list stops at the first that does not, so nobody
 * jumps the queue because their party is smaller. Returns the applications moved up.
 */
export function promoteWaiting(tx: WriteTx, eventId: string): string[] {
  const capacity = tx.sqlite.prepare('SELECT capacity FROM event WHERE id = ?').pluck().get(eventId) as
    | number
    | null;
  const waiting = tx.sqlite
    .prepare(
      `SELECT id, head_count FROM event_application
        WHERE event_id = ? AND status = 'waiting' AND deleted_at IS NULL ORDER BY applied_at, id`,
    )
    .all(eventId) as { id: string; head_count: number }[];
  let free = capacity === null ? Number.POSITIVE_INFINITY : capacity - heldHeads(tx, eventId);
  const promoted: string[] = [];
  for (const w of waiting) {
    if (w.head_count > free) break;
    tx.update('event_application', w.id, { status: 'applied' });
    free -= w.head_count;
    promoted.push(w.id);
  }
  return promoted;
}

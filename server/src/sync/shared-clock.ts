import { sql, type Transaction } from 'kysely';
import type { HybridLogicalClock } from '../../../shared/hlc.ts';
import type { ServerDB } from '../db/schema.ts';

/**
 * The server's clock across restarts and worker processes (docs/sync-design.md, "As built").
 *
 * Each process keeps a hybrid logical clock in memory, which alone would forget, on a restart, the
 * clocks laptops sent before it, and which another worker never sees. A clock the server issues must
 * be newer than every clock it has stored: a laptop takes it after a sync, and its next edit must be
 * newer than the value it saw; an erasure stamped with it must beat every copy it wipes. So the
 * newest clock stored for a town is kept in the town's counter row: the push that writes rows raises
 * it in the statement that already locks that row (so concurrent pushes of any worker merge by
 * max), and a process takes it into its own clock before issuing clocks for the town.
 */

type Trx = Transaction<ServerDB>;

/**
 * Takes the newest clock stored for the town into `clock`. Call after the rows a push merges are
 * locked (every push that wrote them has committed, and raised the stored clock with them), or after
 * a pull has read its page (every row on it was committed with its clock already counted).
 */
export async function takeStoredClock(
  trx: Trx,
  municipalityId: string,
  clock: HybridLogicalClock,
): Promise<void> {
  const stored = await trx
    .selectFrom('town_seq')
    .select('last_hlc')
    .where('municipality_id', '=', municipalityId)
    .executeTakeFirst();
  // Our own database's word: however far ahead of this process's wall clock (a laptop may run
  // minutes ahead, within the tolerance), the next clock issued must follow it.
  if (stored?.last_hlc) clock.receive(stored.last_hlc, Number.POSITIVE_INFINITY);
}

/** The SQL that raises the stored clock to at least `hlc` (never lowers it), for writeRows' update. */
export function raiseStoredClock(hlc: string) {
  return sql<string>`greatest(last_hlc, ${hlc}::text COLLATE "C")`;
}

import type { Transaction } from 'kysely';
import type { FieldClock } from '../../../shared/sync/merge.ts';
import type { PulledChange, WireValue } from '../../../shared/sync/protocol.ts';
import type { ServerDB } from '../db/schema.ts';

/**
 * The pull half: rows of the device's town whose sequence number is above the cursor, in sequence
 * order, each with its *current* values (never history), so a new laptop costs O(live rows).
 *
 * The next cursor is safe to store: sequence numbers are handed out under the town's counter lock in
 * commit order (records.ts), so when the counter reads n every row numbered up to n is visible.
 * Rows the device may not receive (its role's tables) and rows that are exactly what the device
 * itself sent are skipped, but the cursor still moves past them.
 */

export interface PullPage {
  changes: PulledChange[];
  cursor: number;
  hasMore: boolean;
}

function toChange(row: {
  id: string;
  table_name: string;
  vals: unknown;
  clocks: unknown;
  seq: string;
  created_at: Date | string;
  created_by: string;
  updated_at: Date | string;
  updated_by: string;
}): PulledChange {
  const values = { ...(row.vals as Record<string, WireValue>) };
  const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();
  values.created_at = iso(row.created_at);
  values.created_by = row.created_by;
  values.updated_at = iso(row.updated_at);
  values.updated_by = row.updated_by;
  const clocks = row.clocks as Record<string, FieldClock>;
  let newest = '';
  for (const c of Object.values(clocks)) if (c.h > newest) newest = c.h;
  // Most rows were written by one op, so one clock stands for all; only the exceptions travel.
  const exceptions: Record<string, string> = {};
  for (const [column, c] of Object.entries(clocks)) if (c.h !== newest) exceptions[column] = c.h;
  const change: PulledChange = {
    seq: Number(row.seq),
    table: row.table_name,
    id: row.id,
    values,
    hlc: newest,
  };
  if (Object.keys(exceptions).length > 0) change.clocks = exceptions;
  return change;
}

export async function pullPage(
  trx: Transaction<ServerDB>,
  municipalityId: string,
  deviceId: string,
  tables: readonly string[],
  cursor: number,
  pageSize: number,
  includeOwn = false,
): Promise<PullPage> {
  // Read the counter first: every row numbered up to it is committed and visible to the next query.
  const counter = await trx
    .selectFrom('town_seq')
    .select('last_seq')
    .where('municipality_id', '=', municipalityId)
    .executeTakeFirstOrThrow();
  const ceiling = Number(counter.last_seq);
  if (ceiling <= cursor) return { changes: [], cursor, hasMore: false };

  let query = trx
    .selectFrom('record')
    .select([
      'id',
      'table_name',
      'vals',
      'clocks',
      'seq',
      'created_at',
      'created_by',
      'updated_at',
      'updated_by',
    ])
    .where('municipality_id', '=', municipalityId)
    .where('seq', '>', String(cursor))
    .where('seq', '<=', String(ceiling))
    .where('table_name', 'in', [...tables]);
  if (!includeOwn) {
    query = query.where((eb) =>
      eb.or([eb('origin_device', 'is', null), eb('origin_device', '!=', deviceId)]),
    );
  }
  const rows = await query
    .orderBy('seq')
    .limit(pageSize + 1)
    .execute();
  const hasMore = rows.length > pageSize;
  const page = hasMore ? rows.slice(0, pageSize) : rows;
  const changes = page.map(toChange);
  const last = page.at(-1);
  return { changes, cursor: hasMore && last ? Number(last.seq) : ceiling, hasMore };
}

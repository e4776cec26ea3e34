import type { Transaction } from 'kysely';
import type { WireValue } from '../../../shared/sync/protocol.ts';
import type { ServerDB } from '../db/schema.ts';
import { unpackClocks } from './stored-clocks.ts';
import { renderWire, withSeq } from './wire.ts';

/**
 * The pull half: rows of the device's town whose sequence number is above the cursor, in sequence
 * order, each with its *current* values (never history), so a new laptop costs O(live rows).
 *
 * The next cursor is safe to store: sequence numbers are handed out under the town's counter lock in
 * commit order (records.ts), so when the counter reads n every row numbered up to n is visible.
 * Rows the device may not receive (outside its role's tables, possibly none) and rows that are exactly what the device
 * itself sent are skipped, but the cursor still moves past them.
 */

export interface PullPage {
  /** Each change as JSON text, ready to splice into the answer (no parse, no re-serialise). */
  changes: string[];
  cursor: number;
  hasMore: boolean;
}

function legacyWire(row: {
  id: string;
  table_name: string;
  vals: unknown;
  clocks: unknown;
  created_at: Date | string;
  created_by: string;
  updated_at: Date | string;
  updated_by: string;
}): string {
  const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();
  return renderWire({
    id: row.id,
    table: row.table_name,
    values: row.vals as Record<string, WireValue>,
    clocks: unpackClocks(row.clocks),
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
  });
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
  // A role that receives no table (the consortium administrator reads figures, not records) still
  // syncs: nothing is sent and the cursor moves past the town's rows, as for any row it may not see.
  if (tables.length === 0) return { changes: [], cursor: ceiling, hasMore: false };

  let query = trx
    .selectFrom('record')
    .select(['id', 'seq', 'wire'])
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
  // Rows written before their wire form existed (migration 0004) are rendered here, once.
  const missing = page.filter((r) => r.wire === null).map((r) => r.id);
  const legacy = new Map<string, string>();
  if (missing.length > 0) {
    const rows = await trx
      .selectFrom('record')
      .select(['id', 'table_name', 'vals', 'clocks', 'created_at', 'created_by', 'updated_at', 'updated_by'])
      .where('id', 'in', missing)
      .execute();
    for (const r of rows) legacy.set(r.id, legacyWire(r));
  }
  const changes = page.map((r) => withSeq(r.seq, r.wire ?? legacy.get(r.id) ?? '{}'));
  const last = page.at(-1);
  return { changes, cursor: hasMore && last ? Number(last.seq) : ceiling, hasMore };
}

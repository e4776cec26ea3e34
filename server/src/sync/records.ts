import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { RowState } from '../../../shared/sync/merge.ts';
import type { WireValue } from '../../../shared/sync/protocol.ts';
import type { ServerDB } from '../db/schema.ts';
import { raiseStoredClock } from './shared-clock.ts';
import { packClocks, unpackClocks } from './stored-clocks.ts';
import { renderWire } from './wire.ts';

/**
 * The `record` table as the push sees it: every synced row of every table, its values and per-column
 * clocks as JSON. These helpers read rows under lock and write a batch back in one statement.
 */

export interface StoredRow {
  id: string;
  table: string;
  state: RowState;
  createdAt: string;
  createdBy: string;
  /** Set when the row changed in this request. */
  dirty: boolean;
  isNew: boolean;
  updatedAt: string;
  updatedBy: string;
  /** The device whose op made the row what it is, if the row equals what that device holds. */
  origin: string | null;
  /** The row's sequence number before this request (0 for a new row). */
  prevSeq: number;
}

type Trx = Transaction<ServerDB>;

function iso(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/**
 * Reads and locks the rows (in id order, so two concurrent pushes touching the same rows always lock
 * them in the same order and never deadlock). Row-level security hides other towns' rows.
 */
export async function lockRows(trx: Trx, ids: readonly string[]): Promise<Map<string, StoredRow>> {
  const rows = new Map<string, StoredRow>();
  if (ids.length === 0) return rows;
  const found = await trx
    .selectFrom('record')
    .select([
      'id',
      'table_name',
      'vals',
      'clocks',
      'erased',
      'seq',
      'origin_device',
      'created_at',
      'created_by',
      'updated_at',
      'updated_by',
    ])
    // One array parameter, not one per id: 500 bound parameters cost more to send and plan.
    .where('id', '=', sql<string>`ANY(${[...ids].sort()}::uuid[])`)
    .orderBy('id')
    .forUpdate()
    .execute();
  for (const r of found) {
    rows.set(r.id, {
      id: r.id,
      table: r.table_name,
      state: {
        values: r.vals as Record<string, WireValue>,
        clocks: unpackClocks(r.clocks),
        erased: r.erased,
      },
      createdAt: iso(r.created_at),
      createdBy: r.created_by,
      updatedAt: iso(r.updated_at),
      updatedBy: r.updated_by,
      dirty: false,
      isNew: false,
      origin: r.origin_device,
      prevSeq: Number(r.seq),
    });
  }
  return rows;
}

/** The conflict records of these rows (open ones unless `all`), locked like any row. */
export async function lockConflictsOf(
  trx: Trx,
  rowIds: readonly string[],
  all: boolean,
): Promise<Map<string, StoredRow>> {
  if (rowIds.length === 0) return new Map();
  let query = trx
    .selectFrom('record')
    .select('id')
    .where('table_name', '=', 'sync_conflict')
    .where(sql<string>`vals ->> 'row_id'`, '=', sql<string>`ANY(${[...rowIds]}::text[])`);
  if (!all) query = query.where(sql<string>`vals ->> 'resolved_at'`, 'is', null);
  const ids = (await query.execute()).map((r) => r.id);
  return lockRows(trx, ids);
}

/**
 * Writes the changed rows with consecutive sequence numbers. The town's counter row is locked here,
 * last, so pushes of one town are numbered (and commit) one after another while their earlier work
 * overlaps; a pull that sees sequence n therefore already sees every sequence below n.
 */
export async function writeRows(
  trx: Trx,
  municipalityId: string,
  rows: readonly StoredRow[],
  /** The newest clock the rows hold (or newer): kept as the town's stored clock (shared-clock.ts). */
  newestClock?: string,
): Promise<void> {
  if (rows.length === 0) return;
  const bumped = await trx
    .updateTable('town_seq')
    .set({
      last_seq: sql`last_seq + ${rows.length}`,
      ...(newestClock ? { last_hlc: raiseStoredClock(newestClock) } : {}),
    })
    .where('municipality_id', '=', municipalityId)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  const first = Number(bumped.last_seq) - rows.length + 1;
  // One statement and ONE parameter for the whole batch: the rows travel as a JSON array that
  // PostgreSQL unpacks (json_to_recordset). A 500-row batch as 6,000 bound parameters cost more to
  // build, send and plan than to write (npm run bench:server). Each row's wire form is already JSON:
  // it is spliced in as a JSON value, not escaped into a string, and read back as its exact text.
  const batch = rows.map((r, i) => {
    const wire = renderWire({
      id: r.id,
      table: r.table,
      values: r.state.values,
      clocks: r.state.clocks,
      createdAt: r.createdAt,
      createdBy: r.createdBy,
      updatedAt: r.updatedAt,
      updatedBy: r.updatedBy,
    });
    const columns = JSON.stringify({
      id: r.id,
      municipality_id: municipalityId,
      table_name: r.table,
      vals: r.state.values,
      clocks: packClocks(r.state.clocks),
      erased: r.state.erased,
      seq: first + i,
      origin_device: r.origin,
      created_at: r.createdAt,
      created_by: r.createdBy,
      updated_at: r.updatedAt,
      updated_by: r.updatedBy,
    });
    return `{"wire":${wire},${columns.slice(1)}`;
  });
  await sql`
    INSERT INTO record (id, municipality_id, table_name, vals, clocks, erased, seq, origin_device, wire,
                        created_at, created_by, updated_at, updated_by)
    SELECT id, municipality_id, table_name, vals, clocks, erased, seq, origin_device, wire::text,
           created_at, created_by, updated_at, updated_by
    FROM json_to_recordset(${`[${batch.join(',')}]`}::json) AS r(
      id uuid, municipality_id text, table_name text, vals jsonb, clocks jsonb, erased jsonb, seq bigint,
      origin_device uuid, wire json, created_at timestamptz, created_by uuid, updated_at timestamptz,
      updated_by uuid)
    ON CONFLICT (municipality_id, id) DO UPDATE SET
      vals = excluded.vals, clocks = excluded.clocks, erased = excluded.erased, seq = excluded.seq,
      origin_device = excluded.origin_device, wire = excluded.wire,
      updated_at = excluded.updated_at, updated_by = excluded.updated_by`.execute(trx);
}

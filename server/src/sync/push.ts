import type { FastifyBaseLogger } from 'fastify';
import { sql, type Transaction } from 'kysely';
import type { HybridLogicalClock } from '../../../shared/hlc.ts';
import { newId } from '../../../shared/ids.ts';
import {
  authorOf,
  type MergeResult,
  mergeOp,
  type NewConflict,
  type OpenConflict,
} from '../../../shared/sync/merge.ts';
import type { OpResult, PushOp, WireValue } from '../../../shared/sync/protocol.ts';
import type { OpReasonCode } from '../../../shared/sync/server-errors.ts';
import { opFault } from '../../../shared/sync/validate.ts';
import { isStorable, storableText } from '../../../shared/text/valid-text.ts';
import type { AuthContext } from '../auth/guard.ts';
import type { ServerDB } from '../db/schema.ts';
import { ApiError } from '../errors.ts';
import { enforceErasures } from './erasure.ts';
import { lockConflictsOf, lockRows, type StoredRow, writeRows } from './records.ts';
import { takeStoredClock } from './shared-clock.ts';

/**
 * The push half of a sync, inside the request's town transaction:
 *   1. the device row is locked and its high-water mark read: ops at or below it are duplicates
 *      (a retried batch whose answer was lost), never applied twice;
 *   2. the rows the batch touches are locked, and each op merges into its row in seq order;
 *   3. an op that fails validation is quarantined: kept with its reason, answered 'quarantined', and
 *      the high-water mark moves past it, so one bad record never wedges the laptop's queue;
 *   4. changed rows and new conflict records are written in one statement with consecutive
 *      sequence numbers, and the device's mark moves to the batch's last op.
 */

export interface PushCounts {
  applied: number;
  duplicates: number;
  conflicts: number;
  quarantined: number;
}

export interface PushOutcome {
  results: OpResult[];
  highWater: number;
  counts: PushCounts;
}

type Trx = Transaction<ServerDB>;

function conflictRow(
  auth: AuthContext,
  op: PushOp,
  conflict: NewConflict,
  serverHlc: string,
  at: string,
): StoredRow {
  const side = (s: NewConflict['lost']) =>
    JSON.stringify({ values: s.values, hlc: s.hlc, author: authorOf(s.hlc) });
  const values: Record<string, WireValue> = {
    table_name: op.table,
    row_id: op.row,
    field: conflict.field,
    kind: conflict.kind,
    lost: side(conflict.lost),
    won: side(conflict.won),
    resolved_at: null,
    resolved_by: null,
    resolution: null,
    deleted_at: null,
  };
  const clocks = Object.fromEntries(Object.keys(values).map((k) => [k, { h: serverHlc, b: null }]));
  return {
    id: newId(),
    table: 'sync_conflict',
    state: { values, clocks, erased: [] },
    createdAt: at,
    createdBy: auth.userId,
    updatedAt: at,
    updatedBy: auth.userId,
    dirty: true,
    isNew: true,
    origin: null,
    prevSeq: 0,
  };
}

/** Closes a conflict record the server no longer considers open. */
function closeConflict(row: StoredRow, resolution: 'superseded', serverHlc: string, at: string): void {
  row.state.values = { ...row.state.values, resolved_at: at, resolved_by: 'server', resolution };
  row.state.clocks = {
    ...row.state.clocks,
    resolved_at: { h: serverHlc, b: null },
    resolved_by: { h: serverHlc, b: null },
    resolution: { h: serverHlc, b: null },
  };
  row.dirty = true;
  row.updatedAt = at;
}

/** Erase reaches into conflicts too: their copies of the wiped values go, the records stay closed. */
function wipeConflict(row: StoredRow, serverHlc: string, at: string): void {
  const wiped = JSON.stringify({ erased: true });
  row.state.values = {
    ...row.state.values,
    lost: wiped,
    won: wiped,
    resolved_at: row.state.values.resolved_at ?? at,
    resolved_by: row.state.values.resolved_by ?? 'server',
    resolution: row.state.values.resolution ?? 'superseded',
  };
  for (const column of ['lost', 'won', 'resolved_at', 'resolved_by', 'resolution']) {
    row.state.clocks[column] = { h: serverHlc, b: null };
  }
  row.state.erased = ['lost', 'won'];
  row.dirty = true;
  row.updatedAt = at;
}

export async function applyPush(
  trx: Trx,
  auth: AuthContext,
  ops: readonly PushOp[],
  afterSeq: number,
  cursor: number,
  clock: HybridLogicalClock,
  log: FastifyBaseLogger,
): Promise<PushOutcome> {
  // Pushes of one device are serialised on its row (a retry racing its original); a pull-only
  // request needs no lock.
  const deviceQuery = trx.selectFrom('device').select('high_water').where('id', '=', auth.deviceId);
  const device = await (ops.length > 0 ? deviceQuery.forUpdate() : deviceQuery).executeTakeFirstOrThrow();
  const highWater = Number(device.high_water);
  if (afterSeq > highWater) {
    // The device believes we applied more than we remember (a server restored from a backup): it
    // must send again from what we have.
    throw new ApiError('SEQ_GAP', `operations after ${highWater} are missing; send them again`, {
      expected_after: highWater,
    });
  }

  const results: OpResult[] = [];
  const counts: PushCounts = { applied: 0, duplicates: 0, conflicts: 0, quarantined: 0 };
  const fresh = ops.filter((op) => op.seq > highWater);
  const replayed = ops.filter((op) => op.seq <= highWater);
  if (replayed.length > 0) {
    // A "duplicate" must be the same operation, not a different one under a reused number (a laptop
    // restored from a backup): otherwise it would be dropped without a word.
    const known = await trx
      .selectFrom('applied_op')
      .select(['seq', 'op_id'])
      .where('device_id', '=', auth.deviceId)
      .where(
        'seq',
        'in',
        replayed.map((op) => String(op.seq)),
      )
      .execute();
    const byseq = new Map(known.map((k) => [Number(k.seq), k.op_id]));
    const reused = replayed.find((op) => byseq.has(op.seq) && byseq.get(op.seq) !== op.op_id);
    if (reused) {
      throw new ApiError(
        'SEQ_REUSED',
        `operation number ${reused.seq} was already used by another operation`,
        {
          seq: reused.seq,
          high_water: highWater,
        },
      );
    }
  }
  for (const op of ops) {
    if (op.seq <= highWater) {
      results.push({ seq: op.seq, status: 'duplicate' });
      counts.duplicates += 1;
    }
  }
  if (fresh.length === 0) return { results, highWater, counts };

  const now = new Date().toISOString();
  const rowIds = [...new Set(fresh.map((op) => op.row))];
  const rows = await lockRows(trx, rowIds);
  // Every push that wrote these rows has committed: the clocks it stored are counted in the town's
  // stored clock, which this process now takes before it issues any clock (erasures, conflicts).
  await takeStoredClock(trx, auth.municipalityId, clock);
  const hasErase = fresh.some((op) => op.op === 'erase');
  const conflictRows = await lockConflictsOf(trx, rowIds, hasErase);

  const quarantine = async (op: PushOp, code: OpReasonCode, rawMessage: string, column?: string) => {
    // The reason may quote the op (a column name); the op itself may hold text no JSONB value can
    // (U+0000, half a surrogate pair). Then it is kept as its JSON text, whose escapes are storable,
    // so the quarantine can always hold what it is given and never fails the batch itself.
    const message = storableText(rawMessage);
    results.push({
      seq: op.seq,
      status: 'quarantined',
      reason: { code, message, ...(column ? { column: storableText(column) } : {}) },
    });
    counts.quarantined += 1;
    await trx
      .insertInto('quarantine')
      .values({
        device_id: auth.deviceId,
        seq: op.seq,
        municipality_id: auth.municipalityId,
        op: JSON.stringify(isStorable(op) ? op : { unstorable: JSON.stringify(op) }),
        code,
        message,
      })
      .execute();
  };

  for (const op of fresh) {
    const fault = opFault(op);
    if (fault) {
      await quarantine(op, fault.code, fault.message, fault.column);
      continue;
    }
    // The rows of the whole batch are written in one statement at the end: a value PostgreSQL
    // refuses there would fail every op of the batch, and the device's every later sync. Validation
    // above refuses such text in every declared column; this is the last check on the whole op.
    if (!isStorable(op)) {
      await quarantine(op, 'TEXT_INVALID', 'the operation holds text that cannot be stored');
      continue;
    }
    let row = rows.get(op.row);
    if (row && row.table !== op.table) {
      await quarantine(op, 'BAD_OPERATION', `record ${op.row} is a ${row.table}, not a ${op.table}`);
      continue;
    }
    if (!row && op.op !== 'insert') {
      await quarantine(op, 'ROW_MISSING', `no ${op.table} ${op.row} to ${op.op}`);
      continue;
    }
    if (!row) {
      row = {
        id: op.row,
        table: op.table,
        state: { values: {}, clocks: {}, erased: [] },
        createdAt: op.at,
        createdBy: auth.userId,
        updatedAt: op.at,
        updatedBy: auth.userId,
        dirty: false,
        isNew: true,
        origin: null,
        prevSeq: 0,
      };
      rows.set(op.row, row);
    }
    const open: OpenConflict[] = [];
    for (const c of conflictRows.values()) {
      if (c.state.values.row_id !== op.row || c.state.values.resolved_at !== null) continue;
      const lost = JSON.parse(String(c.state.values.lost)) as { hlc?: string };
      open.push({ id: c.id, field: String(c.state.values.field), lostHlc: lost.hlc ?? '' });
    }
    const merged: MergeResult = mergeOp(row.isNew && !row.dirty ? null : row.state, op, open, clock.now());
    row.state = merged.state;
    if (merged.changed) {
      row.dirty = true;
      row.updatedAt = op.at;
      row.updatedBy = auth.userId;
    }
    // The device's own pull may skip the row only while the row is exactly what the device holds:
    // every column of its op won, and the device had already seen the row's previous state.
    const deviceHoldsRow =
      merged.allWon &&
      merged.conflicts.length === 0 &&
      merged.droppedErased.length === 0 &&
      (row.isNew || row.origin === auth.deviceId || row.prevSeq <= cursor);
    if (merged.changed || !deviceHoldsRow) row.origin = deviceHoldsRow ? auth.deviceId : null;
    // The author's laptop now holds a value the server did not keep (its write lost, or touched erased
    // data): numbering the row again sends the current values back to it with its next pull.
    if (!merged.allWon || merged.droppedErased.length > 0) row.dirty = true;
    if (merged.droppedErased.length > 0) {
      log.info({ table: op.table, columns: merged.droppedErased }, 'edit of erased personal data dropped');
    }
    for (const id of merged.superseded) {
      const c = conflictRows.get(id);
      if (c) closeConflict(c, 'superseded', clock.now(), now);
    }
    if (merged.wipeConflicts) {
      // Only conflicts about the columns erased: one about a field the erasure keeps (a stay's dates)
      // stays open for a person to review.
      const erasedColumns = Object.keys(op.changes);
      for (const c of conflictRows.values()) {
        const about = String(c.state.values.field).split('+');
        if (c.state.values.row_id === op.row && about.some((m) => erasedColumns.includes(m)))
          wipeConflict(c, clock.now(), now);
      }
    }
    for (const conflict of merged.conflicts) {
      // Kept with the row's other conflicts, so a later op of this same request whose author saw
      // the lost value closes it, exactly as it would had it come in a request of its own.
      const opened = conflictRow(auth, op, conflict, clock.now(), now);
      conflictRows.set(opened.id, opened);
    }
    if (merged.conflicts.length > 0) {
      results.push({ seq: op.seq, status: 'conflict' });
      counts.conflicts += 1;
    } else {
      results.push({ seq: op.seq, status: 'applied' });
      counts.applied += 1;
    }
  }
  results.sort((a, b) => a.seq - b.seq);

  // Bookkeeping first, the rows last: writing the rows takes the town's counter lock, held until
  // commit, so every other push of the town waits only for the row write itself.
  await sql`
    INSERT INTO applied_op (device_id, seq, op_id, municipality_id)
    SELECT ${auth.deviceId}::uuid, seq, op_id, ${auth.municipalityId}
    FROM jsonb_to_recordset(${JSON.stringify(fresh.map((op) => ({ seq: op.seq, op_id: op.op_id })))}::jsonb)
      AS r(seq bigint, op_id uuid)`.execute(trx);
  await trx
    .deleteFrom('applied_op')
    .where('device_id', '=', auth.deviceId)
    .where('applied_at', '<', new Date(Date.now() - 30 * 86_400_000))
    .execute();
  const newHigh = Math.max(highWater, ...fresh.map((op) => op.seq));
  await trx
    .updateTable('device')
    .set({ high_water: newHigh, last_sync_at: new Date(), last_seen_at: new Date() })
    .where('id', '=', auth.deviceId)
    .execute();
  await enforceErasures(trx, fresh, rows, conflictRows, clock, now);
  const changed = [...rows.values(), ...conflictRows.values()].filter((r) => r.dirty);
  try {
    // The process clock has received every clock of the batch (the route) and issued every server
    // clock the rows now hold: what it says now is at least the newest clock stored.
    await writeRows(trx, auth.municipalityId, changed, clock.current());
  } catch (error) {
    // The id exists in another town: row-level security refuses the write. Nothing of the batch is
    // kept (the transaction rolls back), and the device learns which op it was.
    const code = (error as { code?: string }).code;
    if (code === '42501' || code === '23505') {
      throw new ApiError('FORBIDDEN_ROW', 'the batch writes a record that belongs to another town');
    }
    throw error;
  }
  return { results, highWater: newHigh, counts };
}

import type { FieldClock } from '../../../shared/sync/merge.ts';
import type { PulledChange, WireValue } from '../../../shared/sync/protocol.ts';

/**
 * A row as pulled (shared/sync/protocol.ts PulledChange) minus its sequence number, rendered as JSON
 * once, when the row is written (records.ts), and spliced into every answer that sends it (pull.ts).
 */

export interface RowForWire {
  id: string;
  table: string;
  values: Record<string, WireValue>;
  clocks: Record<string, FieldClock>;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export function toPulled(row: RowForWire): Omit<PulledChange, 'seq'> {
  const values: Record<string, WireValue> = {
    ...row.values,
    created_at: row.createdAt,
    created_by: row.createdBy,
    updated_at: row.updatedAt,
    updated_by: row.updatedBy,
  };
  let newest = '';
  for (const c of Object.values(row.clocks)) if (c.h > newest) newest = c.h;
  // Most rows were written by one op, so one clock stands for all; only the exceptions travel.
  const exceptions: Record<string, string> = {};
  let any = false;
  for (const [column, c] of Object.entries(row.clocks)) {
    if (c.h !== newest) {
      exceptions[column] = c.h;
      any = true;
    }
  }
  return any
    ? { table: row.table, id: row.id, values, hlc: newest, clocks: exceptions }
    : { table: row.table, id: row.id, values, hlc: newest };
}

/** `{"table":…}` without the sequence number, which changes each time the row does. */
export function renderWire(row: RowForWire): string {
  return JSON.stringify(toPulled(row));
}

/** Splices the sequence number into a rendered row: `{"seq":n,"table":…}`. */
export function withSeq(seq: number | string, wire: string): string {
  return `{"seq":${Number(seq)},${wire.slice(1)}`;
}

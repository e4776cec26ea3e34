import type { FieldClock } from '../../../shared/sync/merge.ts';

/**
 * How a row's per-column clocks are kept in `record.clocks`. Most rows were written by one operation,
 * so every column carries the same clock and base: stored one entry per column, the clocks were a
 * third of every push's bytes to PostgreSQL (npm run bench:server). They are stored grouped instead:
 * each distinct `{h, b}` once, with the columns that carry it:
 *
 *   { "#": [["<hlc>", "<base or null>", ["notes", "status", …]], …] }
 *
 * Rows written before this form (one `{h, b}` per column) are read as they are and regrouped the next
 * time they are written. '#' can never be a column name (columns are snake_case identifiers).
 */

type Group = [h: string, b: string | null, columns: string[]];
export type StoredClocks = { '#': Group[] } | Record<string, FieldClock>;

const GROUPS = '#';

export function packClocks(clocks: Readonly<Record<string, FieldClock>>): StoredClocks {
  const groups = new Map<string, Group>();
  for (const [column, clock] of Object.entries(clocks)) {
    const key = `${clock.h}\u0000${clock.b ?? ''}`;
    const group = groups.get(key);
    if (group) group[2].push(column);
    else groups.set(key, [clock.h, clock.b, [column]]);
  }
  return { [GROUPS]: [...groups.values()] };
}

export function unpackClocks(stored: unknown): Record<string, FieldClock> {
  const record = (stored ?? {}) as Record<string, unknown>;
  const groups = record[GROUPS];
  if (!Array.isArray(groups)) return record as Record<string, FieldClock>;
  const clocks: Record<string, FieldClock> = {};
  for (const [h, b, columns] of groups as Group[]) {
    for (const column of columns) clocks[column] = { h, b };
  }
  return clocks;
}

import type { PushOp, WireValue } from './protocol.ts';
import { SYNC_TABLES, type SyncTableName, type TableSpec } from './tables.ts';

/**
 * The merge rules (docs/sync-principles.md P4–P6; docs/sync-design.md "Merge"), as one pure function the
 * server applies to every pushed operation. Deterministic: the winner of every field is the write
 * with the greatest hybrid logical clock (the device id inside the clock breaks ties), whatever order
 * the writes arrive in.
 *
 * "Nothing silently lost": a write carries the clock of the value its author saw (`base`). A write
 * that loses, or a winner that is displaced, becomes an open conflict unless the other write's author
 * saw exactly it (base equal to its clock). An open conflict closes as "superseded" when a later write
 * arrives whose author saw the lost value. Every write therefore ends as the current value, an open
 * conflict, or a value some later write's author saw. Because every write reaches other laptops only
 * through the server, a write always arrives after the writes its author saw, and the set of open
 * conflicts depends on the set of writes, not on the order concurrent ones happen to arrive in.
 */

export interface FieldClock {
  /** The clock of the write that set this value. */
  h: string;
  /** The clock of the value that write's author saw (null: the author saw none). */
  b: string | null;
}

export interface RowState {
  values: Record<string, WireValue>;
  clocks: Record<string, FieldClock>;
  /** Columns wiped by an erase request. */
  erased: string[];
}

export interface OpenConflict {
  id: string;
  /** The merge unit: a column, or a group's columns joined by '+', or 'deleted_at'. */
  field: string;
  lostHlc: string;
}

export interface WriteSide {
  values: Record<string, WireValue>;
  hlc: string;
}

export interface NewConflict {
  field: string;
  kind: 'overwrite' | 'edit_vs_delete';
  lost: WriteSide;
  won: WriteSide;
}

export interface MergeResult {
  /** The row after the op (a new object; the input is not modified). */
  state: RowState;
  /** Did any stored value or clock change? */
  changed: boolean;
  /** Did every column of the op win (so the row now equals what the author has)? */
  allWon: boolean;
  conflicts: NewConflict[];
  /** Open conflicts the new winner's author had seen: close them. */
  superseded: string[];
  /** Erase: close and wipe every open conflict of the row. */
  wipeConflicts: boolean;
  /** Columns dropped because the row was erased before the author saw it. */
  droppedErased: string[];
}

/** The device that wrote a clock: the node id after 'millis-counter-' (shared/hlc.ts). */
export function authorOf(hlc: string): string {
  return hlc.slice(hlc.indexOf('-', hlc.indexOf('-') + 1) + 1);
}

const EMPTY: RowState = { values: {}, clocks: {}, erased: [] };

function maxClock(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

/** Merge units touched by the op: each group counts once, with all the op's members of it. */
function unitsOf(spec: TableSpec, columns: readonly string[]): Map<string, string[]> {
  const units = new Map<string, string[]>();
  for (const column of columns) {
    const group = spec.groups?.find((g) => g.includes(column));
    const key = group ? group.join('+') : column;
    const members = units.get(key) ?? [];
    members.push(column);
    units.set(key, members);
  }
  return units;
}

/** The unit's current clock: the newest among its members (a group moves as one). */
function unitClock(state: RowState, spec: TableSpec, unit: string): FieldClock | null {
  const members = spec.groups?.find((g) => g.join('+') === unit) ?? [unit];
  let best: FieldClock | null = null;
  for (const m of members) {
    const c = state.clocks[m];
    if (c && (best === null || c.h > best.h)) best = c;
  }
  return best;
}

function unitValues(state: RowState, spec: TableSpec, unit: string): Record<string, WireValue> {
  const members = spec.groups?.find((g) => g.join('+') === unit) ?? [unit];
  const out: Record<string, WireValue> = {};
  for (const m of members) out[m] = state.values[m] ?? null;
  return out;
}

/**
 * Tables whose writes never conflict: append-only records, and conflict records themselves (a person
 * resolving offline a conflict the server has since closed must not open conflicts about it: both
 * sides say it is settled).
 */
function neverConflicts(spec: TableSpec, table: string): boolean {
  return spec.appendOnly === true || table === 'sync_conflict';
}

/**
 * A write that loses to the very same values lost nothing (two laptops putting the same member on a
 * stay write the same membership record, with the same values).
 */
function sameValues(incoming: Record<string, WireValue>, current: Record<string, WireValue>): boolean {
  return Object.keys(incoming).every((column) => (incoming[column] ?? null) === (current[column] ?? null));
}

/** Two removals of one record agree that it is gone: which removal time stays is no conflict. */
function bothDeletes(unit: string, before: RowState, incoming: Record<string, WireValue>): boolean {
  return (
    unit === 'deleted_at' &&
    before.values.deleted_at !== undefined &&
    before.values.deleted_at !== null &&
    incoming.deleted_at !== undefined &&
    incoming.deleted_at !== null
  );
}

/**
 * The edits a delete's author never saw, one conflict per write (clock), so that the result is the
 * same as when those edits arrive after the delete. The delete says, per column, the clock of the
 * value its author held (`seen`); a delete from an older laptop says only the newest clock it saw
 * (`base`), and every current value newer than that counts as unseen.
 */
function unseenByDelete(before: RowState, op: PushOp): NewConflict[] {
  const change = op.changes.deleted_at;
  if (!change) return [];
  const deleter = authorOf(change.hlc);
  const unseen = new Map<string, Record<string, WireValue>>();
  for (const [column, clock] of Object.entries(before.clocks)) {
    if (column === 'deleted_at' || before.erased.includes(column)) continue;
    if (authorOf(clock.h) === deleter) continue;
    const saw = change.seen
      ? change.seen[column] === clock.h
      : change.base !== null && change.base >= clock.h;
    if (saw) continue;
    const values = unseen.get(clock.h) ?? {};
    values[column] = before.values[column] ?? null;
    unseen.set(clock.h, values);
  }
  return [...unseen.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([hlc, values]) => ({
      field: 'deleted_at',
      kind: 'edit_vs_delete' as const,
      lost: { values, hlc },
      won: { values: { deleted_at: change.value }, hlc: change.hlc },
    }));
}

/**
 * Applies one validated op to a row's current state (null: the server has never seen the row).
 * `eraseClock` is a fresh server clock (newer than every clock the server has received), used for
 * erased data: an erase must beat every clock any replica holds, so that every laptop takes the
 * wiped value.
 */
export function mergeOp(
  current: RowState | null,
  op: PushOp,
  openConflicts: readonly OpenConflict[],
  eraseClock: string,
): MergeResult {
  const spec = SYNC_TABLES[op.table as SyncTableName] as TableSpec;
  const before = current ?? EMPTY;
  const state: RowState = {
    values: { ...before.values },
    clocks: { ...before.clocks },
    erased: [...before.erased],
  };
  const result: MergeResult = {
    state,
    changed: false,
    allWon: true,
    conflicts: [],
    superseded: [],
    wipeConflicts: false,
    droppedErased: [],
  };
  const columns = Object.keys(op.changes);

  if (op.op === 'erase') {
    for (const column of columns) {
      state.values[column] = op.changes[column]?.value ?? null;
      state.clocks[column] = { h: eraseClock, b: null };
      if (!state.erased.includes(column)) state.erased.push(column);
    }
    result.changed = true;
    result.wipeConflicts = true;
    return result;
  }

  const deletedBefore = before.values.deleted_at !== undefined && before.values.deleted_at !== null;
  const deleteClock = before.clocks.deleted_at ?? null;
  const quiet = neverConflicts(spec, op.table);
  // The values of this edit that reach a row whose deleter never saw them (edit versus delete).
  let unseenByDeleter: Record<string, WireValue> | null = null;

  for (const [unit, members] of unitsOf(spec, columns)) {
    const incomingHlc = op.changes[members[0] as string]?.hlc as string;
    let incomingBase: string | null = null;
    for (const m of members) incomingBase = maxClock(incomingBase, op.changes[m]?.base ?? null);
    // A delete's base is the newest clock on the row; what its author held of deleted_at itself (a
    // restore, say) is in `seen` when the laptop sends it.
    const seenDeletedAt = op.op === 'delete' ? op.changes.deleted_at?.seen : undefined;
    if (unit === 'deleted_at' && seenDeletedAt) incomingBase = seenDeletedAt.deleted_at ?? null;

    // Erased columns: an edit from a laptop that had not seen the erase would bring the wiped
    // value back, so it is dropped (and logged by the caller).
    const erasedMembers = members.filter((m) => before.erased.includes(m));
    if (erasedMembers.length > 0) {
      const erasedAt = unitClock(before, spec, unit)?.h ?? '';
      if (incomingBase === null || incomingBase < erasedAt) {
        // Stamped again with the fresh server clock, newer than the dropped write: the laptop that
        // sent it takes the wiped value back instead of keeping its own newer-clocked copy.
        for (const m of members) state.clocks[m] = { h: eraseClock, b: null };
        result.droppedErased.push(...members);
        result.changed = true;
        continue;
      }
    }

    const cur = unitClock(before, spec, unit);
    // On insert a group member the op leaves out is null; updates carry whole groups (validate.ts).
    const groupMembers = spec.groups?.find((g) => g.join('+') === unit) ?? members;
    const incomingValues: Record<string, WireValue> = {};
    for (const m of op.op === 'insert' ? groupMembers : members)
      incomingValues[m] = op.changes[m]?.value ?? null;
    // A device always sees its own writes: overwriting its own value is never a conflict.
    const sameAuthor = cur !== null && authorOf(cur.h) === authorOf(incomingHlc);

    if (cur === null || incomingHlc > cur.h) {
      // The incoming write wins the unit.
      for (const m of groupMembers) {
        if (Object.hasOwn(incomingValues, m)) state.values[m] = incomingValues[m] ?? null;
        state.clocks[m] = { h: incomingHlc, b: incomingBase };
      }
      result.changed = true;
      if (
        cur !== null &&
        !quiet &&
        !sameAuthor &&
        incomingBase !== cur.h &&
        !bothDeletes(unit, before, incomingValues) &&
        !sameValues(incomingValues, unitValues(before, spec, unit))
      ) {
        result.conflicts.push({
          field: unit,
          kind: 'overwrite',
          lost: { values: unitValues(before, spec, unit), hlc: cur.h },
          won: { values: incomingValues, hlc: incomingHlc },
        });
      }
    } else if (incomingHlc < cur.h) {
      // The incoming write loses. Kept as a conflict unless the winner's author had seen it.
      result.allWon = false;
      if (
        !quiet &&
        !sameAuthor &&
        cur.b !== incomingHlc &&
        !bothDeletes(unit, before, incomingValues) &&
        !sameValues(incomingValues, unitValues(before, spec, unit))
      ) {
        result.conflicts.push({
          field: unit,
          kind: 'overwrite',
          lost: { values: incomingValues, hlc: incomingHlc },
          won: { values: unitValues(before, spec, unit), hlc: cur.h },
        });
      }
    }
    // Equal clocks: the very same write again (a replay): nothing to do.

    // Whether it won or lost, this write's author saw the value an open conflict lost: closed.
    if (incomingHlc !== cur?.h) {
      for (const open of openConflicts) {
        if (open.field === unit && incomingBase !== null && open.lostHlc === incomingBase) {
          result.superseded.push(open.id);
        }
      }
    }

    // Edit versus delete: an edit that reaches a tombstoned row after its delete was never seen by
    // the deleter (a laptop sees others' writes only through the server), unless it is the deleter's
    // own. Whether it is newer than what the deleter saw does not matter: a deleter's own later edit
    // must not hide a colleague's correction in the tombstone. An edit that lost its field is kept
    // by the overwrite conflict already.
    if (
      unit !== 'deleted_at' &&
      deletedBefore &&
      deleteClock !== null &&
      !quiet &&
      (cur === null || incomingHlc > cur.h) &&
      authorOf(deleteClock.h) !== authorOf(incomingHlc)
    ) {
      unseenByDeleter = { ...(unseenByDeleter ?? {}), ...incomingValues };
    }
  }
  if (unseenByDeleter !== null && deleteClock !== null) {
    result.conflicts.push({
      field: 'deleted_at',
      kind: 'edit_vs_delete',
      lost: { values: unseenByDeleter, hlc: op.changes[columns[0] as string]?.hlc as string },
      won: { values: { deleted_at: before.values.deleted_at ?? null }, hlc: deleteClock.h },
    });
  }

  // A delete whose author had not seen every current value of the row.
  if (op.op === 'delete' && !quiet && !deletedBefore) {
    result.conflicts.push(...unseenByDelete(before, op));
  }
  return result;
}

import { dateFault, FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE } from '../domain/dates.ts';
import { characterCount, textFault } from '../text/valid-text.ts';
import type { PushOp, WireValue } from './protocol.ts';
import type { OpReasonCode } from './server-errors.ts';
import type { ColumnSpec, TableSpec } from './tables.ts';
import { CONFLICT_RESOLUTION_COLUMNS, MAX_TEXT, SYNC_TABLES, type SyncTableName } from './tables.ts';

/**
 * Checks of one pushed operation against the table declarations. Two kinds of failure, kept apart on
 * purpose (docs/sync-design.md):
 * - a *protocol* fault (a table or column this schema version does not have) refuses the whole
 *   request: only a broken or hostile client sends it, and nothing of the batch is written;
 * - a *value* fault (a date that is not a date, a code outside its vocabulary) quarantines that one
 *   operation: it is stored with its reason and the rest of the batch goes through, so one bad
 *   record never wedges a laptop's queue.
 */

export interface OpFault {
  code: OpReasonCode;
  message: string;
  column?: string;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Protocol faults: unknown table or column. Returns null when the op's shape fits the schema. */
export function protocolFault(op: PushOp): OpFault | null {
  if (!Object.hasOwn(SYNC_TABLES, op.table)) {
    return { code: 'UNKNOWN_TABLE', message: `no synced table named ${op.table}` };
  }
  const columns = SYNC_TABLES[op.table as SyncTableName].columns as Record<string, ColumnSpec>;
  for (const column of Object.keys(op.changes)) {
    if (!Object.hasOwn(columns, column)) {
      return { code: 'UNKNOWN_COLUMN', message: `${op.table} has no synced column ${column}`, column };
    }
  }
  return null;
}

function outOfRange(column: string): OpFault {
  return {
    code: 'DATE_OUT_OF_RANGE',
    message: `${column} is outside ${FIRST_SUPPORTED_DATE}..${LAST_SUPPORTED_DATE}`,
    column,
  };
}

/** Text the app never accepts at input (shared/text/valid-text.ts): quarantined, with its own code. */
function badText(column: string, value: string): OpFault | null {
  const fault = textFault(value);
  if (fault === null) return null;
  const what = fault === 'control_character' ? 'a control character' : 'an unpaired surrogate';
  return { code: 'TEXT_INVALID', message: `${column} contains ${what}`, column };
}

/** Value fault of one column, or null. */
export function valueFault(column: string, spec: ColumnSpec, value: WireValue): OpFault | null {
  const bad = (message: string): OpFault => ({ code: 'VALUE_INVALID', message, column });
  if (value === null) {
    return spec.required ? { code: 'REQUIRED_MISSING', message: `${column} may not be empty`, column } : null;
  }
  switch (spec.kind) {
    case 'text':
      if (typeof value !== 'string') return bad(`${column} must be text`);
      if (badText(column, value)) return badText(column, value);
      if (characterCount(value) > (spec.max ?? MAX_TEXT))
        return bad(`${column} is longer than ${spec.max ?? MAX_TEXT} characters`);
      if (spec.values && !spec.values.includes(value)) return bad(`${column} is not one of its codes`);
      return null;
    case 'id':
      return typeof value === 'string' && UUID.test(value) ? null : bad(`${column} must be a record id`);
    case 'date': {
      const fault = typeof value === 'string' ? dateFault(value) : 'not_a_date';
      if (fault === 'out_of_range') return outOfRange(column);
      return fault === null ? null : bad(`${column} must be a date`);
    }
    case 'instant':
      if (typeof value !== 'string' || !INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
        return bad(`${column} must be an ISO-8601 instant`);
      }
      // The same calendar as dates: its day (as written) must be one the app supports.
      return dateFault(value.slice(0, 10)) === 'out_of_range' ? outOfRange(column) : null;
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value)
        ? null
        : bad(`${column} must be an integer`);
    case 'real':
      return typeof value === 'number' && Number.isFinite(value) ? null : bad(`${column} must be a number`);
    case 'flag':
      return value === 0 || value === 1 ? null : bad(`${column} must be 0 or 1`);
    case 'json':
      if (typeof value !== 'string' || characterCount(value) > MAX_TEXT)
        return bad(`${column} must be JSON text`);
      if (badText(column, value)) return badText(column, value);
      try {
        JSON.parse(value);
        return null;
      } catch {
        return bad(`${column} must be JSON text`);
      }
  }
}

/**
 * Value faults of a whole op whose shape already passed `protocolFault`. `exists` says whether the
 * server already holds the row (an insert may arrive twice from a replayed backup; an update may not
 * arrive for a row nobody created).
 */
export function opFault(op: PushOp): OpFault | null {
  const table = op.table as SyncTableName;
  const columns = SYNC_TABLES[table].columns as Record<string, ColumnSpec>;
  const names = Object.keys(op.changes);
  if (table === 'sync_conflict') {
    const allowed: readonly string[] = CONFLICT_RESOLUTION_COLUMNS;
    if (op.op !== 'update' || names.some((n) => !allowed.includes(n))) {
      return { code: 'NOT_WRITABLE', message: 'a device may only resolve a conflict, not write one' };
    }
  }
  if (
    op.op === 'delete' &&
    (names.length !== 1 || names[0] !== 'deleted_at' || op.changes.deleted_at?.value === null)
  ) {
    return { code: 'BAD_OPERATION', message: 'a delete sets deleted_at and nothing else' };
  }
  if (op.op !== 'insert' && names.length === 0) {
    return { code: 'BAD_OPERATION', message: `an ${op.op} must change at least one column` };
  }
  // A group moves as one (stay dates): an update carries all of it, or the winner of the group could
  // end up with one member from each of two authors. (An insert's absent members are simply null.)
  if (op.op === 'update' || op.op === 'erase') {
    for (const group of (SYNC_TABLES[table] as TableSpec).groups ?? []) {
      const present = group.filter((c) => Object.hasOwn(op.changes, c));
      if (present.length > 0 && present.length < group.length) {
        return {
          code: 'INCOMPLETE_GROUP',
          message: `${group.join(', ')} change together; this op carries only ${present.join(', ')}`,
        };
      }
    }
  }
  if (op.op === 'insert') {
    for (const [column, spec] of Object.entries(columns)) {
      if (spec.required && !Object.hasOwn(op.changes, column)) {
        return { code: 'REQUIRED_MISSING', message: `${column} is required`, column };
      }
    }
  }
  for (const name of names) {
    const change = op.changes[name];
    const spec = columns[name];
    if (!change || !spec) continue;
    const fault = valueFault(name, spec, change.value);
    if (fault) return fault;
    if (change.base !== null && change.base > change.hlc) {
      return { code: 'BAD_OPERATION', message: `${name}: base clock is newer than the write`, column: name };
    }
  }
  return null;
}

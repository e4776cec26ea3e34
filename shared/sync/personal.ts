import { FAMILY_LINKED_NAMES, type FamilyLinkedName, SYNCED_RECORDS } from '../records/registry.ts';
import type { FamilyLink, PersonalSpec } from '../records/types.ts';
import type { WireValue } from './protocol.ts';

/**
 * Which synced columns are a family's personal data — declared once, in the table registry
 * (shared/records/registry.ts, each family-linked table's `personal`) — for every path that must honour
 * an erasure on request (個人情報の削除): the laptop's erase, the laptop storing a pulled page, the
 * server's push, and the check that walks every table for leftovers afterwards.
 *
 * Every column of a family-linked table is either wiped (with the value an erasure leaves) or kept,
 * because what it holds is needed for the consortium's figures or the record's structure and says
 * nothing about who the family is. `personal.test.ts` fails when a table gains a column that is in
 * neither list, or a table with a family reference is missing here.
 */

export type { FamilyLink, PersonalSpec } from '../records/types.ts';

type Records = typeof SYNCED_RECORDS;

/** The personal declaration of every family-linked table, as the registry has it. */
export const PERSONAL = Object.fromEntries(
  FAMILY_LINKED_NAMES.map((t) => [t, SYNCED_RECORDS[t].personal]),
) as { readonly [K in FamilyLinkedName]: Records[K]['personal'] };

export type FamilyLinkedTable = FamilyLinkedName;

export function isFamilyLinked(table: string): table is FamilyLinkedTable {
  return Object.hasOwn(PERSONAL, table);
}

export function personalSpec(table: FamilyLinkedTable): PersonalSpec {
  return PERSONAL[table];
}

/** The personal columns of a table (none for a table that is not about a family). */
export function personalColumns(table: string): string[] {
  return isFamilyLinked(table) ? Object.keys(PERSONAL[table].wipe) : [];
}

/** A synced row as both sides can show it: its table, id and current values. */
export interface LinkedRow {
  table: string;
  id: string;
  values: Readonly<Record<string, WireValue | undefined>>;
}

/** Finds a row by table and id (the laptop asks SQLite, the server a map of rows it has read). */
export type RowLookup = (table: string, id: string) => LinkedRow | undefined;

/** The family a row is about, or null (another kind of record, or a reference not known here). */
export function familyOf(row: LinkedRow, lookup: RowLookup, depth = 0): string | null {
  if (!isFamilyLinked(row.table) || depth > 3) return null;
  const link: FamilyLink = PERSONAL[row.table].link;
  const ref = (column: string): string | null => {
    const v = row.values[column];
    return typeof v === 'string' ? v : null;
  };
  switch (link.via) {
    case 'self':
      return row.id;
    case 'family_id':
      return ref('family_id');
    case 'parent': {
      const parentId = ref(link.column);
      const parent = parentId === null ? undefined : lookup(link.parent, parentId);
      return parent ? familyOf(parent, lookup, depth + 1) : null;
    }
    case 'owner': {
      const ownerTable = ref('owner_table');
      const ownerId = ref('owner_id');
      if (ownerTable === null || ownerId === null || !isFamilyLinked(ownerTable)) return null;
      if (ownerTable === 'family') return ownerId;
      const owner = lookup(ownerTable, ownerId);
      return owner ? familyOf(owner, lookup, depth + 1) : null;
    }
  }
}

/** The row's personal columns that still hold something other than what an erasure leaves. */
export function personalLeft(
  table: string,
  values: Readonly<Record<string, WireValue | undefined>>,
): string[] {
  if (!isFamilyLinked(table)) return [];
  const wipe: Readonly<Record<string, WireValue>> = PERSONAL[table].wipe;
  return Object.keys(wipe).filter((c) => Object.hasOwn(values, c) && (values[c] ?? null) !== wipe[c]);
}

/** The members of a conflict's merge unit ('a+b' for a field group). */
export function conflictFieldColumns(field: string): string[] {
  return field.split('+');
}

/** What a conflict record keeps of one side: `{ values, hlc, author }`, or `{ erased: true }`. */
interface ConflictSide {
  values?: Record<string, WireValue>;
  erased?: boolean;
  [key: string]: unknown;
}

/**
 * A conflict record about a row of an erased family, scrubbed: a conflict on a personal field has
 * nothing left to review (both sides are wiped), so its sides become `{ erased: true }` and it closes;
 * a conflict on a kept field (a stay's dates) stays open, with any personal value its sides carried
 * (an edit-versus-delete keeps the whole edit) replaced by what the erasure leaves.
 * Returns null when the record holds nothing personal.
 */
export function scrubConflict(conflict: {
  table_name: WireValue | undefined;
  field: WireValue | undefined;
  lost: WireValue | undefined;
  won: WireValue | undefined;
}): { lost: string; won: string; close: boolean } | null {
  const table = String(conflict.table_name ?? '');
  if (!isFamilyLinked(table)) return null;
  const wipe: Readonly<Record<string, WireValue>> = PERSONAL[table].wipe;
  const erased = JSON.stringify({ erased: true });
  const onPersonalField = conflictFieldColumns(String(conflict.field ?? '')).some((c) =>
    Object.hasOwn(wipe, c),
  );
  if (onPersonalField) {
    if (conflict.lost === erased && conflict.won === erased) return null;
    return { lost: erased, won: erased, close: true };
  }
  let changed = false;
  const scrubSide = (text: WireValue | undefined): string => {
    const side = JSON.parse(String(text ?? '{}')) as ConflictSide;
    if (side.values) {
      for (const column of Object.keys(side.values)) {
        if (Object.hasOwn(wipe, column) && side.values[column] !== wipe[column]) {
          side.values[column] = wipe[column] ?? null;
          changed = true;
        }
      }
    }
    return changed ? JSON.stringify(side) : String(text ?? '');
  };
  const lost = scrubSide(conflict.lost);
  const lostChanged = changed;
  changed = false;
  const won = scrubSide(conflict.won);
  if (!lostChanged && !changed) return null;
  return { lost, won, close: false };
}

/**
 * The walking check: every personal value an erasure should have removed and that is still there,
 * in the given rows (every synced row a replica holds, conflict records included) and in operations
 * still waiting to go up. Empty when the erasure of every family in `erased` is complete.
 */
export function personalDataLeft(
  rows: readonly LinkedRow[],
  erased: ReadonlySet<string>,
  pending: readonly LinkedRow[] = [],
): string[] {
  const byKey = new Map<string, LinkedRow>();
  for (const r of rows) byKey.set(`${r.table}:${r.id}`, r);
  const lookup: RowLookup = (table, id) => byKey.get(`${table}:${id}`);
  const aboutErased = (table: string, id: string, values: LinkedRow['values']): boolean => {
    const known = byKey.get(`${table}:${id}`);
    const family = familyOf(
      known ? { table, id, values: { ...known.values, ...values } } : { table, id, values },
      lookup,
    );
    return family !== null && erased.has(family);
  };
  const found: string[] = [];
  for (const r of rows) {
    if (r.table === 'sync_conflict') {
      const target = String(r.values.table_name ?? '');
      const rowId = String(r.values.row_id ?? '');
      const about = byKey.get(`${target}:${rowId}`);
      if (about && aboutErased(target, rowId, about.values) && scrubConflict(r.values as never) !== null) {
        found.push(`sync_conflict ${r.id} (${target}.${String(r.values.field)})`);
      }
      continue;
    }
    if (!aboutErased(r.table, r.id, r.values)) continue;
    for (const column of personalLeft(r.table, r.values)) found.push(`${r.table}.${column} of ${r.id}`);
  }
  for (const op of pending) {
    if (!aboutErased(op.table, op.id, op.values)) continue;
    for (const column of personalLeft(op.table, op.values))
      found.push(`pending ${op.table}.${column} of ${op.id}`);
  }
  return found;
}

import type { WireValue } from './protocol.ts';
import type { SyncTableName } from './tables.ts';

/**
 * Which synced columns are a family's personal data, declared once for every path that must honour
 * an erasure on request (個人情報の削除): the laptop's erase, the laptop storing a pulled page, the
 * server's push, and the check that walks every table for leftovers afterwards.
 *
 * Every column of a family-linked table is either wiped (with the value an erasure leaves) or kept,
 * because what it holds is needed for the consortium's figures or the record's structure and says
 * nothing about who the family is. `personal.test.ts` fails when a table gains a column that is in
 * neither list, or a table with a family reference is missing here.
 */

/** How a row reaches the family it is about. */
export type FamilyLink =
  /** The family row itself. */
  | { via: 'self' }
  /** A `family_id` column (null: the row is about no family, e.g. an enquiry not yet a family). */
  | { via: 'family_id' }
  /** A reference to a row of another family-linked table. */
  | { via: 'parent'; column: string; parent: SyncTableName }
  /** An attachment: its owner is the family itself, or a row of a family-linked table. */
  | { via: 'owner' };

export interface PersonalSpec {
  link: FamilyLink;
  /** The personal columns and what an erasure leaves in each (required text keeps an empty string). */
  wipe: Readonly<Record<string, WireValue>>;
  /** Everything else, kept after an erasure. */
  kept: readonly string[];
}

export const PERSONAL = {
  family: {
    link: { via: 'self' },
    wipe: {
      family_name: '',
      family_name_kana: '',
      home_postal_code: null,
      home_city: null,
      phone: null,
      email: null,
      emergency_contact_name: null,
      emergency_contact_phone: null,
      referral_source: null,
      notes: null,
    },
    // The prefecture is the consortium's "where do families come from" figure; erased_at marks it.
    kept: ['home_prefecture', 'consent_photo', 'consent_share', 'erased_at', 'deleted_at'],
  },
  family_member: {
    link: { via: 'family_id' },
    wipe: {
      given_name: '',
      given_name_kana: '',
      birth_date: null,
      grade: null,
      allergies: null,
      care_notes: null,
    },
    kept: ['family_id', 'relation', 'deleted_at'],
  },
  stay: {
    link: { via: 'family_id' },
    wipe: { notes: null, school_name: null },
    // Dates, programme, status and lodging are the KPIs (nights, stays per programme, lodging use).
    kept: [
      'family_id',
      'programme',
      'planned_arrival',
      'planned_departure',
      'actual_arrival',
      'actual_departure',
      'lodging_property_id',
      'lodging_text',
      'status',
      'deleted_at',
    ],
  },
  stay_member: {
    link: { via: 'parent', column: 'stay_id', parent: 'stay' },
    wipe: { school_name: null },
    kept: ['stay_id', 'member_id', 'deleted_at'],
  },
  checkin: {
    link: { via: 'family_id' },
    wipe: { note: null },
    // Attendance holds member ids and ticks only; condition and follow-ups are counted.
    kept: [
      'stay_id',
      'family_id',
      'date',
      'recorded_at',
      'kind',
      'condition',
      'attendance',
      'follow_up_needed',
      'follow_up_on',
      'follow_up_done_at',
      'deleted_at',
    ],
  },
  enquiry: {
    link: { via: 'family_id' },
    wipe: {
      contact_name: '',
      contact_name_kana: null,
      phone: null,
      email: null,
      topic: '',
      next_action: null,
    },
    kept: ['channel', 'received_on', 'outcome', 'next_action_on', 'family_id', 'deleted_at'],
  },
  attendance: {
    link: { via: 'family_id' },
    wipe: { person_name: null },
    kept: ['event_id', 'family_id', 'status', 'head_count', 'deleted_at'],
  },
  attachment: {
    link: { via: 'owner' },
    // When and where a family's photo was taken says where the family was; a file's name and a
    // caption are free text that may name a person.
    wipe: { taken_at: null, latitude: null, longitude: null, file_name: null, caption: null },
    kept: [
      'owner_table',
      'owner_id',
      'item_key',
      'sha256',
      'mime_type',
      'size_bytes',
      'width',
      'height',
      'preview_sha256',
      'deleted_at',
    ],
  },
} as const satisfies Partial<Record<SyncTableName, PersonalSpec>>;

export type FamilyLinkedTable = keyof typeof PERSONAL;

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

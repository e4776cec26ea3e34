import type { Role } from '../domain/enums.ts';

/**
 * The shapes the table registry (registry.ts) is written in. Kept apart so the wire (shared/sync/)
 * and the registry share them without importing each other's values.
 */

/** A value as stored and as it travels: text, a number, or null. */
export type StoredValue = string | number | null;

export type ColumnKind =
  /** Free text, at most `max` characters (default MAX_TEXT). */
  | 'text'
  /** A record id (UUID). */
  | 'id'
  /** A calendar date, YYYY-MM-DD. */
  | 'date'
  /** An ISO-8601 instant. */
  | 'instant'
  | 'int'
  | 'real'
  /** 0 or 1. */
  | 'flag'
  /** A JSON document stored as text. */
  | 'json';

export interface ColumnSpec {
  kind: ColumnKind;
  /** Must be present (non-null) on insert and may never be set to null. */
  required?: boolean;
  /** Closed vocabulary. */
  values?: readonly string[];
  max?: number;
}

/** How a row reaches the family it is about. */
export type FamilyLink =
  /** The family row itself. */
  | { via: 'self' }
  /** A `family_id` column (null: the row is about no family, e.g. an enquiry not yet a family). */
  | { via: 'family_id' }
  /** A reference to a row of another family-linked table. */
  | { via: 'parent'; column: string; parent: string }
  /** An attachment: its owner is the family itself, or a row of a family-linked table. */
  | { via: 'owner' };

/** A family-linked table: what an erasure wipes, and what it keeps and why. */
export interface PersonalSpec {
  link: FamilyLink;
  /** The personal columns and what an erasure leaves in each (required text keeps an empty string). */
  wipe: Readonly<Record<string, StoredValue>>;
  /** Everything else, kept after an erasure. */
  kept: readonly string[];
  /** Why the kept columns may stay: they are figures or structure, not who the family is. */
  keptBecause: string;
}

/** A table with nothing a family's erasure must wipe, and why. */
export interface NotPersonal {
  none: string;
}

/**
 * How a conflict review names the record (競合の確認): a column of the row, or a column reached by
 * following references (e.g. a stay → its family → `family_name`). Every synced table has one, so a
 * conflict is never shown unnamed by omission.
 */
export type RecordLabel =
  | { column: string }
  | { via: readonly { column: string; table: string }[]; column: string };

/**
 * Search: the table is a search document of its own kind (`search_doc.kind`), or its text is part of
 * another table's document (a member's names are found through the family), reached by a column.
 */
export type SearchRole = { document: string } | { partOf: string; via: string };

/** A synced record kind. */
export interface RecordSpec {
  columns: Readonly<Record<string, ColumnSpec>>;
  /**
   * Columns that move together: whichever write wins, wins for all of them, so a stay's arrival and
   * departure always come from the same author's edit.
   */
  groups?: readonly (readonly string[])[];
  /**
   * Append-only records (two coordinators logging the same day both keep their entry). Their few
   * mutable fields still merge by last writer, but never open a conflict.
   */
  appendOnly?: boolean;
  /** Roles whose devices receive and may write this table. */
  roles: readonly Role[];
  /** When only some of them may write it: those (the server refuses the others' pushes). */
  writers?: readonly Role[];
  personal: PersonalSpec | NotPersonal;
  label: RecordLabel;
  search?: SearchRole;
  /** Attachments (写真・ファイル) may belong to a row of this table. */
  attachments?: boolean;
  /** Only the server creates rows (a device may write the few columns it is allowed to). */
  serverWritten?: boolean;
}

/** A table that never leaves the laptop. */
export interface LocalTableSpec {
  /** Every column, as the migrated SQL has it. */
  columns: readonly string[];
  /** Why it stays on the device. */
  why: string;
  /** Whether it can hold anything of a family's, and what an erasure does about it. */
  personal: string;
}

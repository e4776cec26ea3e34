import {
  ATTENDANCE_STATUSES,
  CHECKIN_KINDS,
  CONDITIONS,
  ENQUIRY_CHANNELS,
  ENQUIRY_OUTCOMES,
  EVENT_KINDS,
  INSPECTION_GRADES,
  PROGRAMMES,
  PROPERTY_STATUSES,
  RELATIONS,
  type Role,
  STAY_STATUSES,
  STRUCTURES,
} from '../domain/enums.ts';
import { LONGEST_TEXT } from '../text/valid-text.ts';

/**
 * The synced tables as the wire sees them: which columns an operation may carry, of what kind, and
 * how they merge. One declaration serves the laptop (what it pushes and how it applies a pull) and the
 * server (what it accepts). `tables.test.ts` checks it against the SQLite schema, so a migration that
 * adds a column without declaring it here fails the build.
 *
 * Bookkeeping columns (id, municipality_id, created_*, updated_*) never travel as changes: the server
 * derives them from the authenticated device, so a laptop cannot claim another author or town.
 */

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

export interface TableSpec {
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
}

/** Longest text a synced column takes, in characters: the longest the app's forms accept. */
export const MAX_TEXT = LONGEST_TEXT;

const STAFF: readonly Role[] = ['coordinator', 'town_admin'];
const EVERYONE_IN_TOWN: readonly Role[] = ['coordinator', 'surveyor', 'town_admin'];

const deleted: Record<string, ColumnSpec> = { deleted_at: { kind: 'instant' } };

export const SYNC_TABLES = {
  family: {
    roles: STAFF,
    columns: {
      family_name: { kind: 'text', required: true, max: 200 },
      family_name_kana: { kind: 'text', required: true, max: 200 },
      home_postal_code: { kind: 'text', max: 7 },
      home_prefecture: { kind: 'text', max: 20 },
      home_city: { kind: 'text', max: 200 },
      phone: { kind: 'text', max: 40 },
      email: { kind: 'text', max: 320 },
      emergency_contact_name: { kind: 'text', max: 200 },
      emergency_contact_phone: { kind: 'text', max: 40 },
      referral_source: { kind: 'text', max: 500 },
      consent_photo: { kind: 'flag' },
      consent_share: { kind: 'flag' },
      notes: { kind: 'text' },
      erased_at: { kind: 'instant' },
      ...deleted,
    },
  },
  family_member: {
    roles: STAFF,
    columns: {
      family_id: { kind: 'id', required: true },
      given_name: { kind: 'text', required: true, max: 200 },
      given_name_kana: { kind: 'text', required: true, max: 200 },
      relation: { kind: 'text', required: true, values: RELATIONS },
      birth_date: { kind: 'date' },
      grade: { kind: 'text', max: 100 },
      allergies: { kind: 'text' },
      care_notes: { kind: 'text' },
      ...deleted,
    },
  },
  enquiry: {
    roles: STAFF,
    columns: {
      contact_name: { kind: 'text', required: true, max: 200 },
      contact_name_kana: { kind: 'text', max: 200 },
      phone: { kind: 'text', max: 40 },
      email: { kind: 'text', max: 320 },
      channel: { kind: 'text', required: true, values: ENQUIRY_CHANNELS },
      received_on: { kind: 'date', required: true },
      topic: { kind: 'text', required: true },
      outcome: { kind: 'text', values: ENQUIRY_OUTCOMES },
      next_action: { kind: 'text' },
      next_action_on: { kind: 'date' },
      family_id: { kind: 'id' },
      ...deleted,
    },
  },
  property: {
    roles: EVERYONE_IN_TOWN,
    columns: {
      address: { kind: 'text', required: true, max: 500 },
      lot_number: { kind: 'text', max: 100 },
      latitude: { kind: 'real' },
      longitude: { kind: 'real' },
      structure: { kind: 'text', values: STRUCTURES },
      floors: { kind: 'int' },
      year_built: { kind: 'int' },
      permit_date: { kind: 'date' },
      floor_area_m2: { kind: 'real' },
      land_area_m2: { kind: 'real' },
      owner_name: { kind: 'text', max: 200 },
      owner_contact: { kind: 'text', max: 500 },
      consent_bank: { kind: 'flag' },
      consent_share: { kind: 'flag' },
      status: { kind: 'text', values: PROPERTY_STATUSES },
      intended_use: { kind: 'text', max: 500 },
      rent_yen: { kind: 'int' },
      price_yen: { kind: 'int' },
      notes: { kind: 'text' },
      ...deleted,
    },
  },
  stay: {
    roles: STAFF,
    columns: {
      family_id: { kind: 'id', required: true },
      programme: { kind: 'text', required: true, values: PROGRAMMES },
      planned_arrival: { kind: 'date', required: true },
      planned_departure: { kind: 'date', required: true },
      actual_arrival: { kind: 'date' },
      actual_departure: { kind: 'date' },
      lodging_property_id: { kind: 'id' },
      lodging_text: { kind: 'text', max: 500 },
      status: { kind: 'text', values: STAY_STATUSES },
      school_name: { kind: 'text', max: 200 },
      notes: { kind: 'text' },
      ...deleted,
    },
    groups: [
      ['planned_arrival', 'planned_departure'],
      ['actual_arrival', 'actual_departure'],
      ['lodging_property_id', 'lodging_text'],
    ],
  },
  stay_member: {
    roles: STAFF,
    columns: {
      stay_id: { kind: 'id', required: true },
      member_id: { kind: 'id', required: true },
      school_name: { kind: 'text', max: 200 },
      ...deleted,
    },
  },
  checkin: {
    roles: STAFF,
    appendOnly: true,
    columns: {
      stay_id: { kind: 'id', required: true },
      family_id: { kind: 'id', required: true },
      date: { kind: 'date', required: true },
      recorded_at: { kind: 'instant', required: true },
      kind: { kind: 'text', required: true, values: CHECKIN_KINDS },
      condition: { kind: 'text', required: true, values: CONDITIONS },
      note: { kind: 'text' },
      attendance: { kind: 'json' },
      follow_up_needed: { kind: 'flag' },
      follow_up_on: { kind: 'date' },
      follow_up_done_at: { kind: 'instant' },
      ...deleted,
    },
  },
  inspection: {
    roles: EVERYONE_IN_TOWN,
    columns: {
      property_id: { kind: 'id', required: true },
      inspected_on: { kind: 'date', required: true },
      surveyor_name: { kind: 'text', max: 200 },
      weather: { kind: 'text', max: 100 },
      template_id: { kind: 'text', required: true, max: 100 },
      template_version: { kind: 'int', required: true },
      overall_grade: { kind: 'text', values: INSPECTION_GRADES },
      recommended_action: { kind: 'text' },
      follow_up_on: { kind: 'date' },
      ...deleted,
    },
  },
  inspection_answer: {
    roles: EVERYONE_IN_TOWN,
    columns: {
      inspection_id: { kind: 'id', required: true },
      item_key: { kind: 'text', required: true, max: 100 },
      grade: { kind: 'text', values: INSPECTION_GRADES },
      note: { kind: 'text' },
      ...deleted,
    },
  },
  attachment: {
    roles: EVERYONE_IN_TOWN,
    appendOnly: true,
    columns: {
      owner_table: {
        kind: 'text',
        required: true,
        values: ['family', 'property', 'inspection', 'event', 'checkin'],
      },
      owner_id: { kind: 'id', required: true },
      item_key: { kind: 'text', max: 100 },
      sha256: { kind: 'text', required: true, max: 64 },
      mime_type: { kind: 'text', required: true, max: 100 },
      size_bytes: { kind: 'int', required: true },
      width: { kind: 'int' },
      height: { kind: 'int' },
      taken_at: { kind: 'instant' },
      latitude: { kind: 'real' },
      longitude: { kind: 'real' },
      preview_sha256: { kind: 'text', max: 64 },
      // As picked or dropped; written once with the row.
      file_name: { kind: 'text', max: 255 },
      // 説明: editable afterwards, merging by last writer like deleted_at.
      caption: { kind: 'text', max: 500 },
      ...deleted,
    },
  },
  event: {
    roles: EVERYONE_IN_TOWN,
    columns: {
      title: { kind: 'text', required: true, max: 200 },
      kind: { kind: 'text', required: true, values: EVENT_KINDS },
      starts_at: { kind: 'instant', required: true },
      ends_at: { kind: 'instant', required: true },
      place: { kind: 'text', max: 500 },
      capacity: { kind: 'int' },
      organiser: { kind: 'text', max: 200 },
      description: { kind: 'text' },
      ...deleted,
    },
  },
  attendance: {
    roles: STAFF,
    appendOnly: true,
    columns: {
      event_id: { kind: 'id', required: true },
      family_id: { kind: 'id' },
      person_name: { kind: 'text', max: 200 },
      status: { kind: 'text', values: ATTENDANCE_STATUSES },
      head_count: { kind: 'int' },
      ...deleted,
    },
  },
  /**
   * Written by the server when a write lost to one its author never saw (docs/sync-principles.md, P5).
   * Devices receive conflicts as data and resolve them by writing `resolved_*`.
   */
  sync_conflict: {
    roles: EVERYONE_IN_TOWN,
    columns: {
      table_name: { kind: 'text', required: true, max: 64 },
      row_id: { kind: 'id', required: true },
      /** A column, or a group's columns joined by '+', or 'deleted_at' for edit-versus-delete. */
      field: { kind: 'text', required: true, max: 200 },
      kind: { kind: 'text', required: true, values: ['overwrite', 'edit_vs_delete'] },
      /** JSON of the losing write: { values, hlc, author }. */
      lost: { kind: 'json', required: true },
      /** JSON of the write that won when the conflict opened: { values, hlc, author }. */
      won: { kind: 'json', required: true },
      resolved_at: { kind: 'instant' },
      resolved_by: { kind: 'text', max: 100 },
      /** 'kept' (the current value stays), 'restored' (the author re-wrote the lost value) or 'superseded'. */
      resolution: { kind: 'text', values: ['kept', 'restored', 'superseded'] },
      ...deleted,
    },
  },
} as const satisfies Record<string, TableSpec>;

export type SyncTableName = keyof typeof SYNC_TABLES;

/** Tables a laptop writes itself (everything but the server's conflict records). */
export const DEVICE_TABLES = Object.keys(SYNC_TABLES).filter((t) => t !== 'sync_conflict') as Exclude<
  SyncTableName,
  'sync_conflict'
>[];

/** Columns of sync_conflict a device may write: it resolves conflicts, it never invents them. */
export const CONFLICT_RESOLUTION_COLUMNS = ['resolved_at', 'resolved_by', 'resolution'] as const;

export function isSyncTable(name: string): name is SyncTableName {
  return Object.hasOwn(SYNC_TABLES, name);
}

export function tableSpec(name: SyncTableName): TableSpec {
  return SYNC_TABLES[name];
}

export function tablesForRole(role: Role): SyncTableName[] {
  return (Object.keys(SYNC_TABLES) as SyncTableName[]).filter((t) =>
    (SYNC_TABLES[t].roles as readonly Role[]).includes(role),
  );
}

/**
 * The merge unit a column belongs to: its group's key (members joined by '+') or the column itself.
 */
export function mergeUnitOf(table: SyncTableName, column: string): string {
  const groups: readonly (readonly string[])[] = (SYNC_TABLES[table] as TableSpec).groups ?? [];
  const group = groups.find((g) => g.includes(column));
  return group ? group.join('+') : column;
}

import type { Generated } from 'kysely';
import {
  type BookkeepingColumn,
  type LocalTableName,
  SYNCED_RECORD_NAMES,
  type SyncedRecordName,
} from '../../../shared/records/registry.ts';

/**
 * Kysely's view of the SQLite schema (migrations/*.sql). Column names stay snake_case here, as they
 * are in SQL and on the sync wire; services map rows to camelCase views for the renderer.
 */

/** Columns every synced table has. */
export interface SyncedColumns {
  id: string;
  municipality_id: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
}

export interface MunicipalityTable {
  id: string;
  prefecture: string;
  name: string;
  name_kana: string;
  is_lead: number;
}

export interface LocalProfileTable {
  id: string;
  municipality_id: string;
  display_name: string;
  display_name_kana: string | null;
  role: string;
  device_id: string;
  created_at: string;
  updated_at: string;
}

export interface AppSettingTable {
  key: string;
  value: string;
}

export interface FamilyTable extends SyncedColumns {
  family_name: string;
  family_name_kana: string;
  home_postal_code: string | null;
  home_prefecture: string | null;
  home_city: string | null;
  phone: string | null;
  email: string | null;
  emergency_contact_name: string | null;
  emergency_contact_phone: string | null;
  referral_source: string | null;
  consent_photo: number;
  consent_share: number;
  notes: string | null;
  erased_at: string | null;
}

export interface FamilyMemberTable extends SyncedColumns {
  family_id: string;
  given_name: string;
  given_name_kana: string;
  relation: string;
  birth_date: string | null;
  grade: string | null;
  allergies: string | null;
  care_notes: string | null;
}

export interface EnquiryTable extends SyncedColumns {
  contact_name: string;
  contact_name_kana: string | null;
  phone: string | null;
  email: string | null;
  channel: string;
  received_on: string;
  topic: string;
  outcome: string;
  next_action: string | null;
  next_action_on: string | null;
  family_id: string | null;
}

export interface PropertyTable extends SyncedColumns {
  address: string;
  lot_number: string | null;
  latitude: number | null;
  longitude: number | null;
  structure: string | null;
  floors: number | null;
  year_built: number | null;
  permit_date: string | null;
  floor_area_m2: number | null;
  land_area_m2: number | null;
  owner_name: string | null;
  owner_contact: string | null;
  consent_bank: number;
  consent_share: number;
  status: string;
  intended_use: string | null;
  rent_yen: number | null;
  price_yen: number | null;
  notes: string | null;
  ref_number: string | null;
  district: string | null;
  map_number: string | null;
  building_use: string | null;
  building_type: string | null;
  vacant_since: string | null;
  /** JSON array of outbuilding codes. */
  outbuildings: string | null;
  road_access: string | null;
  vacancy_likelihood: string | null;
  deal_type: string | null;
  layout: string | null;
  /** JSON object of facility codes. */
  facilities: string | null;
  parking: string | null;
  hazard: string | null;
  with_farmland: number;
  with_shop: number;
  repairs: string | null;
  furniture_left: number;
  nearby: string | null;
  surroundings: string | null;
  owner_name_kana: string | null;
  owner_address: string | null;
  owner_phone: string | null;
  inheritance: string | null;
  owner_intent: string | null;
}

export interface PropertyConsentTable extends SyncedColumns {
  property_id: string;
  purpose: string;
  recipient: string;
  /** JSON array of field groups. */
  scope: string;
  given_on: string;
  expires_on: string | null;
  withdrawn_on: string | null;
  notes: string | null;
}

export interface PropertyStatusChangeTable extends SyncedColumns {
  property_id: string;
  from_status: string | null;
  to_status: string;
  changed_on: string;
  note: string | null;
}

export interface DisclosureTable extends SyncedColumns {
  property_id: string;
  consent_id: string;
  purpose: string;
  what: string;
  recipient: string;
  disclosed_at: string;
}

export interface StayTable extends SyncedColumns {
  family_id: string;
  programme: string;
  planned_arrival: string;
  planned_departure: string;
  actual_arrival: string | null;
  actual_departure: string | null;
  /** Generated: coalesce(actual, planned). Read-only. */
  arrival: Generated<string>;
  departure: Generated<string>;
  lodging_property_id: string | null;
  lodging_text: string | null;
  status: string;
  school_name: string | null;
  notes: string | null;
}

export interface StayMemberTable extends SyncedColumns {
  stay_id: string;
  member_id: string;
  school_name: string | null;
}

export interface CheckinTable extends SyncedColumns {
  stay_id: string;
  family_id: string;
  date: string;
  recorded_at: string;
  kind: string;
  condition: string;
  note: string | null;
  attendance: string;
  follow_up_needed: number;
  follow_up_on: string | null;
  follow_up_done_at: string | null;
}

export interface InspectionTable extends SyncedColumns {
  property_id: string;
  inspected_on: string;
  surveyor_name: string | null;
  weather: string | null;
  template_id: string;
  template_version: number;
  overall_grade: string | null;
  recommended_action: string | null;
  follow_up_on: string | null;
  status: string;
  started_at: string | null;
  finished_at: string | null;
  town_rules_id: string | null;
  town_rules_version: number | null;
  entry_permitted: number;
  score_measure: string | null;
  score_total: number | null;
  score_band: string | null;
  judgement: string | null;
  score_provisional: number | null;
  determination: string | null;
  determined_by: string | null;
  determined_on: string | null;
  determination_note: string | null;
}

export interface InspectionAnswerTable extends SyncedColumns {
  inspection_id: string;
  item_key: string;
  grade: string | null;
  note: string | null;
  choice: string | null;
}

export interface AttachmentTable extends SyncedColumns {
  owner_table: string;
  owner_id: string;
  item_key: string | null;
  sha256: string;
  mime_type: string;
  size_bytes: number;
  width: number | null;
  height: number | null;
  taken_at: string | null;
  latitude: number | null;
  longitude: number | null;
  preview_sha256: string | null;
  file_name: string | null;
  caption: string | null;
}

export interface EventTable extends SyncedColumns {
  title: string;
  kind: string;
  kind_label: string | null;
  starts_at: string;
  ends_at: string;
  place_kind: string | null;
  place: string | null;
  place_property_id: string | null;
  online_url: string | null;
  capacity: number | null;
  conditions: string | null;
  application_opens_on: string | null;
  application_closes_on: string | null;
  fee_yen: number | null;
  fee_note: string | null;
  organiser: string | null;
  partners: string | null;
  description: string | null;
  status: string;
}

export interface SupporterTable extends SyncedColumns {
  name: string;
  name_kana: string | null;
  home_prefecture: string | null;
  home_city: string | null;
  phone: string | null;
  email: string | null;
  connections: string;
  connection_other: string | null;
  first_connected_on: string | null;
  contact_consent: number;
  contact_channels: string;
  family_member_id: string | null;
  merged_into: string | null;
  note: string | null;
  erased_at: string | null;
}

export interface EventApplicationTable extends SyncedColumns {
  event_id: string;
  family_id: string | null;
  supporter_id: string | null;
  member_ids: string;
  head_count: number;
  status: string;
  applied_at: string;
  walk_in: number;
  note: string | null;
}

export interface EventAttendanceTable extends SyncedColumns {
  event_id: string;
  application_id: string | null;
  family_id: string | null;
  member_id: string | null;
  supporter_id: string | null;
  marked_at: string;
}

export interface KpiCoefficientTable extends SyncedColumns {
  effective_from: string;
  spend_per_person_night_yen: number;
  ripple_multiplier: string;
  note: string | null;
  set_at: string;
}

export interface TownPolicyTable extends SyncedColumns {
  idle_minutes: number;
  offline_lock_days: number;
  note: string | null;
  set_at: string;
}

export interface AttendanceTable extends SyncedColumns {
  event_id: string;
  family_id: string | null;
  person_name: string | null;
  status: string;
  head_count: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  municipality_id: string;
  actor_id: string;
  action: string;
  table_name: string;
  row_id: string;
  details: string | null;
}

export interface FieldClockTable {
  table_name: string;
  row_id: string;
  column_name: string;
  hlc: string;
}

export interface OutboxTable {
  seq: Generated<number>;
  op_id: string;
  municipality_id: string;
  table_name: string;
  row_id: string;
  op: string;
  changes: string;
  hlc: string;
  created_at: string;
  state: Generated<string>;
  last_error: string | null;
  acked_at: string | null;
  reason_code: string | null;
}

/** A conflict the server found (migration 0002); laptops resolve it, never create it. */
export interface SyncConflictTable extends SyncedColumns {
  table_name: string;
  row_id: string;
  field: string;
  kind: string;
  lost: string;
  won: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: string | null;
}

export interface SyncRunTable {
  id: Generated<number>;
  started_at: string;
  finished_at: string | null;
  trigger: string;
  outcome: Generated<string>;
  error_code: string | null;
  requests: Generated<number>;
  pushed: Generated<number>;
  pulled: Generated<number>;
  conflicts: Generated<number>;
  quarantined: Generated<number>;
  bytes_up: Generated<number>;
  bytes_down: Generated<number>;
}

/** Contentless FTS5: only rowid can be read back; `search_index` is the hidden column MATCH uses. */
export interface SearchIndexTable {
  rowid: number;
  grams: string;
  chars: string;
  search_index: string;
}

export interface SearchDocTable {
  rowid: Generated<number>;
  kind: string;
  ref_id: string;
  municipality_id: string;
  sort_key: string;
}

/** Attachment bytes still to send (migration 0003). */
export interface BlobUploadTable {
  sha256: string;
  kind: string;
  mime_type: string;
  size_bytes: number;
  state: Generated<string>;
  tus_url: string | null;
  upload_offset: Generated<number>;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  confirmed_at: string | null;
}

/** The migration ledger (db/migrator.ts). */
export interface SchemaMigrationTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: string;
}

/** Tables whose rows sync; the write path accepts only these. */
export interface SyncedTables {
  family: FamilyTable;
  family_member: FamilyMemberTable;
  enquiry: EnquiryTable;
  property: PropertyTable;
  property_consent: PropertyConsentTable;
  property_status_change: PropertyStatusChangeTable;
  disclosure: DisclosureTable;
  stay: StayTable;
  stay_member: StayMemberTable;
  checkin: CheckinTable;
  inspection: InspectionTable;
  inspection_answer: InspectionAnswerTable;
  attachment: AttachmentTable;
  event: EventTable;
  attendance: AttendanceTable;
  supporter: SupporterTable;
  event_application: EventApplicationTable;
  event_attendance: EventAttendanceTable;
  kpi_coefficient: KpiCoefficientTable;
  town_policy: TownPolicyTable;
  sync_conflict: SyncConflictTable;
}

export type SyncedTableName = keyof SyncedTables;

/**
 * The registry's synced tables, in its order. The two assertions below make a table declared in one
 * place and not the other a compile error; tests/unit/schema-drift.test.ts holds every interface here
 * to the columns the migrations create.
 */
export const SYNCED_TABLES: readonly SyncedTableName[] = SYNCED_RECORD_NAMES;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const syncedTablesMatchRegistry: Same<SyncedTableName, SyncedRecordName> = true;
const localTablesMatchRegistry: Same<Exclude<keyof DB, SyncedTableName>, LocalTableName> = true;
const bookkeepingMatchesRegistry: Same<keyof SyncedColumns, BookkeepingColumn | 'deleted_at'> = true;
void [syncedTablesMatchRegistry, localTablesMatchRegistry, bookkeepingMatchesRegistry];

/** The tables of schema v1 (migration 0001), before sync added its own: history, never extended. */
export const SYNCED_TABLES_V1: readonly SyncedTableName[] = [
  'family',
  'family_member',
  'enquiry',
  'property',
  'stay',
  'stay_member',
  'checkin',
  'inspection',
  'inspection_answer',
  'attachment',
  'event',
  'attendance',
];

export interface DB extends SyncedTables {
  municipality: MunicipalityTable;
  local_profile: LocalProfileTable;
  app_setting: AppSettingTable;
  audit_log: AuditLogTable;
  field_clock: FieldClockTable;
  outbox: OutboxTable;
  sync_run: SyncRunTable;
  search_index: SearchIndexTable;
  search_doc: SearchDocTable;
  blob_upload: BlobUploadTable;
  schema_migration: SchemaMigrationTable;
}

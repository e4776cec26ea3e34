import type {
  AttendanceStatus,
  BuildingType,
  BuildingUse,
  CheckinKind,
  Condition,
  ConsentPurpose,
  DealType,
  DisclosureKind,
  EnquiryChannel,
  EnquiryOutcome,
  EventKind,
  InheritanceState,
  InspectionGrade,
  OwnerIntent,
  Programme,
  PropertyStatus,
  Relation,
  RepairNeed,
  StayStatus,
  Structure,
  VacancyLikelihood,
} from '../../../shared/domain/enums.ts';

/**
 * One row per table of the migrations (0001 and the columns and tables later ones add), keyed by the exact column names in the
 * migration's column order, so a loader can insert `Object.keys(row)` as they are. The generated
 * columns `stay.arrival` / `stay.departure` are left out: SQLite computes them.
 */

/** Columns every synced table carries. */
export interface SyncedColumns {
  id: string;
  municipality_id: string;
}

export interface AuditColumns {
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
}

/** 0 or 1, as SQLite stores booleans. */
export type Bit = 0 | 1;

export interface FamilyRow extends SyncedColumns, AuditColumns {
  family_name: string;
  family_name_kana: string;
  home_prefecture: string | null;
  home_city: string | null;
  home_postal_code: string | null;
  phone: string | null;
  email: string | null;
  emergency_contact_name: string | null;
  emergency_contact_phone: string | null;
  referral_source: string | null;
  consent_photo: Bit;
  consent_share: Bit;
  notes: string | null;
  erased_at: string | null;
}

export interface MemberRow extends SyncedColumns, AuditColumns {
  family_id: string;
  given_name: string;
  given_name_kana: string;
  relation: Relation;
  birth_date: string | null;
  grade: string | null;
  allergies: string | null;
  care_notes: string | null;
}

export interface EnquiryRow extends SyncedColumns, AuditColumns {
  contact_name: string;
  contact_name_kana: string | null;
  phone: string | null;
  email: string | null;
  channel: EnquiryChannel;
  received_on: string;
  topic: string;
  outcome: EnquiryOutcome;
  next_action: string | null;
  next_action_on: string | null;
  family_id: string | null;
}

export interface PropertyRow extends SyncedColumns, AuditColumns {
  address: string;
  lot_number: string | null;
  latitude: number | null;
  longitude: number | null;
  structure: Structure | null;
  floors: number | null;
  year_built: number | null;
  permit_date: string | null;
  floor_area_m2: number | null;
  land_area_m2: number | null;
  owner_name: string | null;
  owner_contact: string | null;
  consent_bank: Bit;
  consent_share: Bit;
  status: PropertyStatus;
  intended_use: string | null;
  rent_yen: number | null;
  price_yen: number | null;
  notes: string | null;
  // Added by migrations/0006_akiya.sql, in its order.
  ref_number: string | null;
  district: string | null;
  map_number: string | null;
  building_use: BuildingUse | null;
  building_type: BuildingType | null;
  vacant_since: string | null;
  /** JSON text: ["shed", …] */
  outbuildings: string | null;
  road_access: string | null;
  vacancy_likelihood: VacancyLikelihood | null;
  deal_type: DealType | null;
  layout: string | null;
  /** JSON text: {"water":"public", …} */
  facilities: string | null;
  parking: string | null;
  hazard: string | null;
  with_farmland: Bit;
  with_shop: Bit;
  repairs: RepairNeed | null;
  furniture_left: Bit;
  nearby: string | null;
  surroundings: string | null;
  owner_name_kana: string | null;
  owner_address: string | null;
  owner_phone: string | null;
  inheritance: InheritanceState | null;
  owner_intent: OwnerIntent | null;
}

export interface ConsentRow extends SyncedColumns, AuditColumns {
  property_id: string;
  purpose: ConsentPurpose;
  recipient: string;
  /** JSON text: ["identification", "listing", …] */
  scope: string;
  given_on: string;
  expires_on: string | null;
  withdrawn_on: string | null;
  notes: string | null;
}

export interface StatusChangeRow extends SyncedColumns, AuditColumns {
  property_id: string;
  from_status: PropertyStatus | null;
  to_status: PropertyStatus;
  changed_on: string;
  note: string | null;
}

export interface DisclosureRow extends SyncedColumns, AuditColumns {
  property_id: string;
  consent_id: string;
  purpose: ConsentPurpose;
  what: DisclosureKind;
  recipient: string;
  disclosed_at: string;
}

export interface StayRow extends SyncedColumns, AuditColumns {
  family_id: string;
  programme: Programme;
  planned_arrival: string;
  planned_departure: string;
  actual_arrival: string | null;
  actual_departure: string | null;
  lodging_property_id: string | null;
  lodging_text: string | null;
  status: StayStatus;
  school_name: string | null;
  notes: string | null;
}

export interface StayMemberRow extends SyncedColumns, AuditColumns {
  stay_id: string;
  member_id: string;
  school_name: string | null;
}

export interface CheckinRow extends SyncedColumns, AuditColumns {
  stay_id: string;
  family_id: string;
  date: string;
  recorded_at: string;
  kind: CheckinKind;
  condition: Condition;
  note: string | null;
  /** JSON text: [{"memberId":"…","attended":true}, …] */
  attendance: string;
  follow_up_needed: Bit;
  follow_up_on: string | null;
  follow_up_done_at: string | null;
}

export interface InspectionRow extends SyncedColumns, AuditColumns, InspectionV7Columns {
  property_id: string;
  inspected_on: string;
  surveyor_name: string | null;
  weather: string | null;
  template_id: string;
  template_version: number;
  overall_grade: InspectionGrade | null;
  recommended_action: string | null;
  follow_up_on: string | null;
}

/** The columns migration 0007 added (after the audit columns, in its order). */
export interface InspectionV7Columns {
  status: 'in_progress' | 'finished';
  started_at: string | null;
  finished_at: string | null;
  town_rules_id: string | null;
  town_rules_version: number | null;
  entry_permitted: 0 | 1;
  score_measure: string | null;
  score_total: number | null;
  score_band: string | null;
  judgement: string | null;
  score_provisional: 0 | 1 | null;
  determination: 'tokutei' | 'kanri_fuzen' | 'none' | null;
  determined_by: string | null;
  determined_on: string | null;
  determination_note: string | null;
}

export interface InspectionAnswerRow extends SyncedColumns, AuditColumns {
  inspection_id: string;
  item_key: string;
  grade: InspectionGrade | null;
  note: string | null;
  /** Migration 0007: the template's choice key (null for these v1-style grade answers). */
  choice: string | null;
}

export interface EventRow extends SyncedColumns, AuditColumns {
  title: string;
  kind: EventKind;
  kind_label: string | null;
  starts_at: string;
  ends_at: string;
  place_kind: 'in_town' | 'outside' | 'online';
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
  status: 'planned' | 'cancelled';
}

export interface SupporterRow extends SyncedColumns, AuditColumns {
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

export interface ApplicationRow extends SyncedColumns, AuditColumns {
  event_id: string;
  family_id: string | null;
  supporter_id: string | null;
  member_ids: string;
  head_count: number;
  status: 'applied' | 'waiting' | 'cancelled' | 'absent';
  applied_at: string;
  walk_in: number;
  note: string | null;
}

export interface EventAttendanceRow extends SyncedColumns, AuditColumns {
  event_id: string;
  application_id: string | null;
  family_id: string | null;
  member_id: string | null;
  supporter_id: string | null;
  marked_at: string;
}

/** A coefficient version (migration 0010). */
export interface KpiCoefficientRow extends SyncedColumns, AuditColumns {
  effective_from: string;
  spend_per_person_night_yen: number;
  ripple_multiplier: string;
  note: string | null;
  set_at: string;
}

export interface AttendanceRow extends SyncedColumns, AuditColumns {
  event_id: string;
  family_id: string | null;
  person_name: string | null;
  status: AttendanceStatus;
  head_count: number;
}

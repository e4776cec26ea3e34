-- Schema v1: every record of ../shared/design/domain.md.
--
-- Conventions (docs/architecture.md):
-- * Synced tables carry id (UUIDv7 text), municipality_id (the tenant), created_at/created_by,
--   updated_at/updated_by (ISO-8601 UTC; the author is a local_profile/user id) and deleted_at (tombstone).
-- * Enumerations are CHECK-constrained codes; labels live in i18n.
-- * Booleans are INTEGER 0/1. Dates are 'YYYY-MM-DD' text, instants ISO-8601 text.
-- * Every table is STRICT. Synced tables keep their rowid (measured: WITHOUT ROWID with 36-character
--   text keys made the today board 60% slower, because every secondary index then carries the key).

CREATE TABLE municipality (
  id TEXT PRIMARY KEY,
  prefecture TEXT NOT NULL,
  name TEXT NOT NULL,
  name_kana TEXT NOT NULL,
  is_lead INTEGER NOT NULL DEFAULT 0 CHECK (is_lead IN (0, 1))
) STRICT;

-- The person using this installation. One row; `device_id` names this installation in the HLC and sync.
CREATE TABLE local_profile (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  display_name TEXT NOT NULL,
  display_name_kana TEXT,
  role TEXT NOT NULL CHECK (role IN ('coordinator', 'surveyor', 'town_admin', 'consortium_admin')),
  device_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Small local key/value state: UI locale, the HLC high-water mark, window bounds.
CREATE TABLE app_setting (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE family (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  family_name TEXT NOT NULL,
  family_name_kana TEXT NOT NULL,
  home_postal_code TEXT CHECK (home_postal_code IS NULL OR (length(home_postal_code) = 7 AND home_postal_code NOT GLOB '*[^0-9]*')),
  home_prefecture TEXT,
  home_city TEXT,
  phone TEXT,
  email TEXT,
  emergency_contact_name TEXT,
  emergency_contact_phone TEXT,
  referral_source TEXT,
  consent_photo INTEGER NOT NULL DEFAULT 0 CHECK (consent_photo IN (0, 1)),
  consent_share INTEGER NOT NULL DEFAULT 0 CHECK (consent_share IN (0, 1)),
  notes TEXT,
  -- Set when the town erased the family's personal data on request; the row stays for the KPIs.
  erased_at TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX family_by_municipality ON family (municipality_id, family_name_kana) WHERE deleted_at IS NULL;

CREATE TABLE family_member (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  family_id TEXT NOT NULL REFERENCES family (id),
  given_name TEXT NOT NULL,
  given_name_kana TEXT NOT NULL,
  relation TEXT NOT NULL CHECK (relation IN ('parent', 'child', 'other')),
  birth_date TEXT,
  grade TEXT,
  allergies TEXT,
  care_notes TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX family_member_by_family ON family_member (family_id);
-- The today board's child cards, answered from the index alone (and parents never read).
CREATE INDEX family_member_child_card ON family_member (id, given_name, given_name_kana, birth_date)
  WHERE relation = 'child' AND deleted_at IS NULL;

CREATE TABLE enquiry (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  contact_name TEXT NOT NULL,
  contact_name_kana TEXT,
  phone TEXT,
  email TEXT,
  channel TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'web', 'visit', 'event', 'other')),
  received_on TEXT NOT NULL,
  topic TEXT NOT NULL,
  outcome TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'booked', 'declined', 'no_reply')),
  next_action TEXT,
  next_action_on TEXT,
  family_id TEXT REFERENCES family (id),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX enquiry_by_received ON enquiry (municipality_id, received_on);
CREATE INDEX enquiry_by_family ON enquiry (family_id) WHERE family_id IS NOT NULL;

CREATE TABLE property (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  address TEXT NOT NULL,
  lot_number TEXT,
  latitude REAL,
  longitude REAL,
  structure TEXT CHECK (structure IN ('wood', 'steel', 'rc', 'src', 'other')),
  floors INTEGER,
  year_built INTEGER,
  permit_date TEXT,
  floor_area_m2 REAL,
  land_area_m2 REAL,
  owner_name TEXT,
  owner_contact TEXT,
  consent_bank INTEGER NOT NULL DEFAULT 0 CHECK (consent_bank IN (0, 1)),
  consent_share INTEGER NOT NULL DEFAULT 0 CHECK (consent_share IN (0, 1)),
  status TEXT NOT NULL DEFAULT 'candidate' CHECK (status IN (
    'candidate', 'surveyed', 'negotiating', 'bank_listed', 'renovating', 'trial_housing', 'contracted', 'demolished')),
  intended_use TEXT,
  rent_yen INTEGER,
  price_yen INTEGER,
  notes TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX property_by_status ON property (municipality_id, status) WHERE deleted_at IS NULL;

CREATE TABLE stay (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  family_id TEXT NOT NULL REFERENCES family (id),
  programme TEXT NOT NULL CHECK (programme IN (
    'nursery_stay', 'school_stay', 'trial_living', 'workation', 'dual_region', 'other')),
  planned_arrival TEXT NOT NULL,
  planned_departure TEXT NOT NULL,
  actual_arrival TEXT,
  actual_departure TEXT,
  -- Derived, kept in step by the write path: actual date when known, else planned. The today board
  -- and occupancy queries range-scan these.
  arrival TEXT GENERATED ALWAYS AS (coalesce(actual_arrival, planned_arrival)) VIRTUAL,
  departure TEXT GENERATED ALWAYS AS (coalesce(actual_departure, planned_departure)) VIRTUAL,
  lodging_property_id TEXT REFERENCES property (id),
  lodging_text TEXT,
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_town', 'completed', 'cancelled')),
  school_name TEXT,
  notes TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT,
  CHECK (planned_departure >= planned_arrival)
) STRICT;
CREATE INDEX stay_by_family ON stay (family_id);
CREATE INDEX stay_by_dates ON stay (municipality_id, arrival, departure) WHERE deleted_at IS NULL AND status <> 'cancelled';
-- The today board's window (departure >= day AND arrival <= day + 1): arrival in the index saves a row
-- lookup for every future stay that is not yet in town.
CREATE INDEX stay_by_departure ON stay (municipality_id, departure, arrival) WHERE deleted_at IS NULL AND status <> 'cancelled';
CREATE INDEX stay_by_lodging ON stay (lodging_property_id, arrival) WHERE lodging_property_id IS NOT NULL;

-- Which members of the family came on a stay, and the nursery/school each attends there.
CREATE TABLE stay_member (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  stay_id TEXT NOT NULL REFERENCES stay (id),
  member_id TEXT NOT NULL REFERENCES family_member (id),
  school_name TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
-- Covers the today board's children list: no row lookup per member.
CREATE INDEX stay_member_by_stay ON stay_member (stay_id, member_id, school_name) WHERE deleted_at IS NULL;
CREATE INDEX stay_member_by_member ON stay_member (member_id);

-- Append-only: never updated except for closing its follow-up; two coordinators' entries both stay.
CREATE TABLE checkin (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  stay_id TEXT NOT NULL REFERENCES stay (id),
  family_id TEXT NOT NULL REFERENCES family (id),
  date TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('arrival', 'daily', 'visit', 'call', 'departure')),
  condition TEXT NOT NULL CHECK (condition IN ('good', 'attention', 'urgent')),
  note TEXT,
  -- [{"memberId": "...", "attended": true}, ...]
  attendance TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attendance)),
  follow_up_needed INTEGER NOT NULL DEFAULT 0 CHECK (follow_up_needed IN (0, 1)),
  follow_up_on TEXT,
  follow_up_done_at TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX checkin_by_date ON checkin (municipality_id, date, stay_id);
CREATE INDEX checkin_by_stay ON checkin (stay_id, recorded_at);
CREATE INDEX checkin_by_family ON checkin (family_id, recorded_at);
CREATE INDEX checkin_follow_ups ON checkin (municipality_id, follow_up_on)
  WHERE follow_up_needed = 1 AND follow_up_done_at IS NULL AND deleted_at IS NULL;

CREATE TABLE inspection (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  property_id TEXT NOT NULL REFERENCES property (id),
  inspected_on TEXT NOT NULL,
  surveyor_name TEXT,
  weather TEXT,
  template_id TEXT NOT NULL,
  template_version INTEGER NOT NULL,
  overall_grade TEXT CHECK (overall_grade IN ('a', 'b', 'c', 'd')),
  recommended_action TEXT,
  follow_up_on TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX inspection_by_property ON inspection (property_id, inspected_on);

CREATE TABLE inspection_answer (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  inspection_id TEXT NOT NULL REFERENCES inspection (id),
  item_key TEXT NOT NULL,
  grade TEXT CHECK (grade IN ('a', 'b', 'c', 'd')),
  note TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT,
  UNIQUE (inspection_id, item_key)
) STRICT;

-- Metadata only; the bytes live in the app-data blob folder, addressed by sha256.
CREATE TABLE attachment (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  owner_table TEXT NOT NULL CHECK (owner_table IN ('family', 'property', 'inspection', 'event', 'checkin')),
  owner_id TEXT NOT NULL,
  item_key TEXT,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  mime_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
  width INTEGER,
  height INTEGER,
  taken_at TEXT,
  latitude REAL,
  longitude REAL,
  preview_sha256 TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX attachment_by_owner ON attachment (owner_table, owner_id);
CREATE INDEX attachment_by_hash ON attachment (sha256);

CREATE TABLE event (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('exchange', 'experience', 'briefing', 'consultation', 'online')),
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  place TEXT,
  capacity INTEGER,
  organiser TEXT,
  description TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX event_by_start ON event (municipality_id, starts_at) WHERE deleted_at IS NULL;

CREATE TABLE attendance (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  event_id TEXT NOT NULL REFERENCES event (id),
  family_id TEXT REFERENCES family (id),
  person_name TEXT,
  status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'attended', 'no_show')),
  head_count INTEGER NOT NULL DEFAULT 1 CHECK (head_count >= 1),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT,
  CHECK (family_id IS NOT NULL OR person_name IS NOT NULL)
) STRICT;
CREATE INDEX attendance_by_event ON attendance (event_id);
CREATE INDEX attendance_by_family ON attendance (family_id) WHERE family_id IS NOT NULL;

-- Who did what, when. `details` never holds sensitive values (only field names), so erasing a family
-- leaves nothing personal here.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  municipality_id TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'erase', 'view_sensitive', 'load_sample')),
  table_name TEXT NOT NULL,
  row_id TEXT NOT NULL,
  details TEXT CHECK (details IS NULL OR json_valid(details))
) STRICT;
CREATE INDEX audit_log_by_row ON audit_log (table_name, row_id);

-- The last-writer-wins clock of every synced field: the HLC of the value currently stored. An edit
-- sends this as its base ("the value its author saw"), so the server can tell an informed overwrite
-- from a blind one.
CREATE TABLE field_clock (
  table_name TEXT NOT NULL,
  row_id TEXT NOT NULL,
  column_name TEXT NOT NULL,
  hlc TEXT NOT NULL,
  PRIMARY KEY (table_name, row_id, column_name)
) STRICT, WITHOUT ROWID;

-- Operations waiting to go up. `seq` is the device's operation number (idempotent push).
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  op_id TEXT NOT NULL UNIQUE,
  municipality_id TEXT NOT NULL,
  table_name TEXT NOT NULL,
  row_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'erase')),
  -- {"column": {"value": ..., "hlc": "...", "base": "..." | null}, ...}
  changes TEXT NOT NULL CHECK (json_valid(changes)),
  hlc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'quarantined')),
  last_error TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox (seq) WHERE state = 'pending';

-- Japanese search. `search_doc` is one row per searchable record (family, property, event): its kind,
-- town and the key lists are sorted by. `search_index` (FTS5, contentless: it stores no text, only the
-- term lists, so a match yields rowids without touching any content) holds the record's normalised
-- text under the same rowid, twice: as character bigrams (queries of two characters and more, as a
-- phrase) and as single characters (one-character queries). See shared/text/search-normalize.ts.
CREATE TABLE search_doc (
  rowid INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('family', 'property', 'event')),
  ref_id TEXT NOT NULL,
  municipality_id TEXT NOT NULL,
  sort_key TEXT NOT NULL,
  UNIQUE (kind, ref_id)
) STRICT;
CREATE INDEX search_doc_sorted ON search_doc (kind, municipality_id, sort_key);
CREATE VIRTUAL TABLE search_index USING fts5 (
  grams,
  chars,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0'
);

-- Schema v8: community events and the supporters' register (地域イベント・関係人口名簿).
-- docs/events.md describes the records, the merge rules and the figures.
--
-- `event` is rebuilt because SQLite cannot alter a CHECK and the kinds gain 'other'. Only `attendance`
-- refers to it, so both are rebuilt (the new event under a temporary name that `attendance` points at,
-- renamed last: SQLite rewrites the reference with the rename). Rows, ids and values are kept.
-- `attendance` (v1's placeholder: one row per family or name, never written outside the sample) is
-- superseded by event_application and event_attendance and stays for rows laptops on v7 may still send.
-- The other changes are new tables, so a laptop still on v7 skips them (docs/sync-design.md).

CREATE TABLE event_v8 (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('exchange', 'experience', 'briefing', 'consultation', 'online', 'other')),
  -- What an 'other' event is (サポーターの集い …); null for the named kinds.
  kind_label TEXT,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  -- Where: a place in town (a property, or free text in `place`), outside the town (`place`, e.g.
  -- 東京都内), or online (`online_url`). Null on rows from before v8: `place` alone, as typed.
  place_kind TEXT CHECK (place_kind IN ('in_town', 'outside', 'online')),
  place TEXT,
  place_property_id TEXT REFERENCES property (id),
  online_url TEXT,
  capacity INTEGER CHECK (capacity IS NULL OR capacity >= 1),
  -- 参加条件, free text (「小学生とその父母の2名以上」).
  conditions TEXT,
  application_opens_on TEXT,
  application_closes_on TEXT,
  fee_yen INTEGER CHECK (fee_yen IS NULL OR fee_yen >= 0),
  fee_note TEXT,
  organiser TEXT,
  -- 共催・協力: free text, one body a line.
  partners TEXT,
  description TEXT,
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'cancelled')),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
INSERT INTO event_v8 (id, municipality_id, title, kind, starts_at, ends_at, place, capacity, organiser,
    description, created_at, created_by, updated_at, updated_by, deleted_at)
  SELECT id, municipality_id, title, kind, starts_at, ends_at, place,
    -- v1 allowed a capacity of 0, which meant "not set".
    CASE WHEN capacity >= 1 THEN capacity END, organiser, description,
    created_at, created_by, updated_at, updated_by, deleted_at
  FROM event;

CREATE TABLE attendance_v8 (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  event_id TEXT NOT NULL REFERENCES event_v8 (id),
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
INSERT INTO attendance_v8 SELECT * FROM attendance;
DROP TABLE attendance;
DROP TABLE event;
ALTER TABLE event_v8 RENAME TO event;
ALTER TABLE attendance_v8 RENAME TO attendance;
CREATE INDEX event_by_start ON event (municipality_id, starts_at) WHERE deleted_at IS NULL;
CREATE INDEX attendance_by_event ON attendance (event_id);
CREATE INDEX attendance_by_family ON attendance (family_id) WHERE family_id IS NOT NULL;

-- 関係人口名簿: people connected to the town who are not (yet) a visiting family. A merge keeps both
-- rows: the merged-away one points at the one kept (`merged_into`) and its history stays where it is.
CREATE TABLE supporter (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  name TEXT NOT NULL,
  name_kana TEXT,
  home_prefecture TEXT,
  home_city TEXT,
  phone TEXT,
  email TEXT,
  -- JSON array of 'event' | 'furusato_nozei' | 'volunteer' | 'side_job' | 'fan_club' | 'former_resident' | 'other'.
  connections TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(connections)),
  first_connected_on TEXT,
  contact_consent INTEGER NOT NULL DEFAULT 0 CHECK (contact_consent IN (0, 1)),
  -- JSON array of 'email' | 'phone' | 'post' | 'sns'.
  contact_channels TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(contact_channels)),
  family_member_id TEXT REFERENCES family_member (id),
  merged_into TEXT REFERENCES supporter (id),
  note TEXT,
  erased_at TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX supporter_by_town ON supporter (municipality_id, name_kana) WHERE deleted_at IS NULL;
CREATE INDEX supporter_merged ON supporter (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX supporter_by_member ON supporter (family_member_id) WHERE family_member_id IS NOT NULL;

-- 申込: a family (with the members who come) or a supporter, for one event. 参加 is not stored here:
-- it is read from event_attendance, which two laptops may both write (docs/events.md).
CREATE TABLE event_application (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  event_id TEXT NOT NULL REFERENCES event (id),
  family_id TEXT REFERENCES family (id),
  supporter_id TEXT REFERENCES supporter (id),
  -- JSON array of family_member ids: who of the family comes.
  member_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(member_ids)),
  head_count INTEGER NOT NULL CHECK (head_count >= 1),
  status TEXT NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'waiting', 'cancelled', 'absent')),
  -- When the application came in: the waiting list's order (then the id).
  applied_at TEXT NOT NULL,
  walk_in INTEGER NOT NULL DEFAULT 0 CHECK (walk_in IN (0, 1)),
  -- The one-line follow-up note.
  note TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT,
  CHECK ((family_id IS NULL) <> (supporter_id IS NULL))
) STRICT;
CREATE INDEX event_application_by_event ON event_application (event_id, status, applied_at);
CREATE INDEX event_application_by_family ON event_application (family_id) WHERE family_id IS NOT NULL;
CREATE INDEX event_application_by_supporter ON event_application (supporter_id) WHERE supporter_id IS NOT NULL;

-- 参加記録 on the day, append-only: one row per person per event per marking laptop, its id derived
-- from those three (shared/ids.ts), so marking twice on one laptop is one row and two laptops calling
-- the same roll make two rows that the figures count as one person. Unmarking is a tombstone.
CREATE TABLE event_attendance (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  event_id TEXT NOT NULL REFERENCES event (id),
  application_id TEXT REFERENCES event_application (id),
  family_id TEXT REFERENCES family (id),
  member_id TEXT REFERENCES family_member (id),
  supporter_id TEXT REFERENCES supporter (id),
  marked_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT,
  CHECK ((member_id IS NULL) <> (supporter_id IS NULL))
) STRICT;
CREATE INDEX event_attendance_by_event ON event_attendance (event_id) WHERE deleted_at IS NULL;
CREATE INDEX event_attendance_by_member ON event_attendance (member_id) WHERE member_id IS NOT NULL;
CREATE INDEX event_attendance_by_supporter ON event_attendance (supporter_id) WHERE supporter_id IS NOT NULL;

-- Schema v6: the akiya inventory (空き家台帳). Additive only: new nullable columns on
-- property and three new tables, so a laptop still on v5 keeps syncing (the server stores columns
-- and tables it does not know; docs/sync-design.md).
--
-- property gains the identification fields of a survey sheet, the 空き家バンク listing fields and the
-- owner's details (sensitive: shown only to the roles that need them, each view audited). The old
-- consent_bank / consent_share flags are superseded by property_consent rows and no longer written.

-- Identification (整理番号 is unique per town among live rows; enforced by the property service, not an
-- index, because two laptops offline may each take a number and sync must still accept both).
ALTER TABLE property ADD COLUMN ref_number TEXT;
ALTER TABLE property ADD COLUMN district TEXT;
ALTER TABLE property ADD COLUMN map_number TEXT;
ALTER TABLE property ADD COLUMN building_use TEXT
  CHECK (building_use IN ('residence', 'shop_residence', 'shop', 'inn', 'warehouse', 'other'));
ALTER TABLE property ADD COLUMN building_type TEXT CHECK (building_type IN ('detached', 'row', 'apartment'));
-- 'YYYY' or 'YYYY-MM': owners and neighbours rarely know the day a house emptied.
ALTER TABLE property ADD COLUMN vacant_since TEXT;
-- JSON array of 'shed' | 'storehouse' | 'garage' | 'other'.
ALTER TABLE property ADD COLUMN outbuildings TEXT;
ALTER TABLE property ADD COLUMN road_access TEXT;
ALTER TABLE property ADD COLUMN vacancy_likelihood TEXT CHECK (vacancy_likelihood IN ('low', 'medium', 'high'));

-- 空き家バンク listing.
ALTER TABLE property ADD COLUMN deal_type TEXT CHECK (deal_type IN ('sale', 'rent', 'sale_or_rent'));
ALTER TABLE property ADD COLUMN layout TEXT;
-- JSON object: water, sewage, gas, internet (codes, see shared/domain/akiya/listing.ts).
ALTER TABLE property ADD COLUMN facilities TEXT;
ALTER TABLE property ADD COLUMN parking TEXT;
ALTER TABLE property ADD COLUMN hazard TEXT;
ALTER TABLE property ADD COLUMN with_farmland INTEGER NOT NULL DEFAULT 0 CHECK (with_farmland IN (0, 1));
ALTER TABLE property ADD COLUMN with_shop INTEGER NOT NULL DEFAULT 0 CHECK (with_shop IN (0, 1));
ALTER TABLE property ADD COLUMN repairs TEXT CHECK (repairs IN ('none', 'minor', 'major'));
ALTER TABLE property ADD COLUMN furniture_left INTEGER NOT NULL DEFAULT 0 CHECK (furniture_left IN (0, 1));
ALTER TABLE property ADD COLUMN nearby TEXT;
ALTER TABLE property ADD COLUMN surroundings TEXT;

-- The owner (所有者). owner_name and owner_contact exist since v1; owner_contact is now "other contact".
ALTER TABLE property ADD COLUMN owner_name_kana TEXT;
ALTER TABLE property ADD COLUMN owner_address TEXT;
ALTER TABLE property ADD COLUMN owner_phone TEXT;
ALTER TABLE property ADD COLUMN inheritance TEXT
  CHECK (inheritance IN ('registered', 'unregistered', 'in_progress', 'unknown'));
ALTER TABLE property ADD COLUMN owner_intent TEXT CHECK (owner_intent IN ('sell', 'rent', 'demolish', 'undecided'));

CREATE INDEX property_by_ref ON property (municipality_id, ref_number) WHERE deleted_at IS NULL;

-- An owner's consent (同意): for one purpose, to one recipient, over some groups of fields, for a
-- period. Valid on a day when given_on <= day, (expires_on is null or day <= expires_on) and it was
-- not withdrawn on or before that day. The scanned 同意書 is an attachment of the property whose
-- item_key is 'consent:<id>'.
CREATE TABLE property_consent (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  property_id TEXT NOT NULL REFERENCES property (id),
  purpose TEXT NOT NULL CHECK (purpose IN (
    'bank_listing', 'residence_support_corp', 'management_support_corp', 'photo_publication')),
  recipient TEXT NOT NULL,
  -- JSON array of field groups: 'identification' | 'listing' | 'owner' | 'photos'.
  scope TEXT NOT NULL,
  given_on TEXT NOT NULL,
  expires_on TEXT,
  withdrawn_on TEXT,
  notes TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX property_consent_by_property ON property_consent (property_id, purpose);

-- The status pipeline's history: one row per change, never edited (the property's status column is
-- the current state, written in the same transaction). Who is created_by; when is changed_on.
CREATE TABLE property_status_change (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  property_id TEXT NOT NULL REFERENCES property (id),
  from_status TEXT,
  to_status TEXT NOT NULL CHECK (to_status IN (
    'candidate', 'surveyed', 'negotiating', 'bank_listed', 'renovating', 'trial_housing', 'contracted', 'demolished')),
  changed_on TEXT NOT NULL,
  note TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX property_status_change_by_property ON property_status_change (property_id, changed_on);

-- Every hand-over of a property's data to someone outside the town office (a listing sheet, an
-- export, a share with a support corporation): what, to whom, under which consent, who, when.
CREATE TABLE disclosure (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  property_id TEXT NOT NULL REFERENCES property (id),
  consent_id TEXT NOT NULL REFERENCES property_consent (id),
  purpose TEXT NOT NULL CHECK (purpose IN (
    'bank_listing', 'residence_support_corp', 'management_support_corp', 'photo_publication')),
  what TEXT NOT NULL CHECK (what IN ('listing_sheet', 'export', 'share')),
  recipient TEXT NOT NULL,
  disclosed_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX disclosure_by_property ON disclosure (property_id, disclosed_at);

-- Schema v7: house inspections (現地調査) on a tablet. Additive only: new nullable (or defaulted)
-- columns on inspection and inspection_answer, so a laptop still on v6 keeps syncing (the server
-- stores columns it does not know; docs/sync-design.md). docs/inspections.md describes the data.

-- An inspection is started, answered item by item (each answer saved at once) and finished. Rows from
-- before v7 (and from laptops still on v6) were written whole, so they count as finished.
ALTER TABLE inspection ADD COLUMN status TEXT NOT NULL DEFAULT 'finished'
  CHECK (status IN ('in_progress', 'finished'));
ALTER TABLE inspection ADD COLUMN started_at TEXT;
ALTER TABLE inspection ADD COLUMN finished_at TEXT;
-- The town's rule set the inspection is scored with, kept forever like the template's id and version.
ALTER TABLE inspection ADD COLUMN town_rules_id TEXT;
ALTER TABLE inspection ADD COLUMN town_rules_version INTEGER;
-- Whether the owner permitted entry into the building (立入; without it entering is 住居侵入, 刑法130条):
-- items that need entry are then answered 確認できず.
ALTER TABLE inspection ADD COLUMN entry_permitted INTEGER NOT NULL DEFAULT 0 CHECK (entry_permitted IN (0, 1));

-- The score, written when the inspection is finished: derived from the answers, the template version
-- and the town's rules (which stay the truth), stored so that lists need not score every inspection.
-- score_measure names the headline measure (不良度, 老朽度 …); null for a checklist with none.
ALTER TABLE inspection ADD COLUMN score_measure TEXT;
ALTER TABLE inspection ADD COLUMN score_total REAL;
ALTER TABLE inspection ADD COLUMN score_band TEXT;
ALTER TABLE inspection ADD COLUMN judgement TEXT;
ALTER TABLE inspection ADD COLUMN score_provisional INTEGER CHECK (score_provisional IN (0, 1));

-- The town's 判定 (特定空家等 / 管理不全空家等 / neither): a separate, later decision by a town
-- administrator, never the surveyor's; who (profile id) and when are recorded with it.
ALTER TABLE inspection ADD COLUMN determination TEXT CHECK (determination IN ('tokutei', 'kanri_fuzen', 'none'));
ALTER TABLE inspection ADD COLUMN determined_by TEXT;
ALTER TABLE inspection ADD COLUMN determined_on TEXT;
ALTER TABLE inspection ADD COLUMN determination_note TEXT;

-- The 調査中 list: a town's unfinished inspections.
CREATE INDEX inspection_in_progress ON inspection (municipality_id, started_at)
  WHERE status = 'in_progress' AND deleted_at IS NULL;

-- An answer is the key of one of the template's choices for the item, or 'could_not_check'
-- (確認できず). The v1 column `grade` (a–d) is no longer written. An answer's id is derived from
-- (inspection_id, item_key) (shared/ids.ts), so the same item answered on two tablets is one record
-- that sync merges per field (a real clash is a conflict), never two rows that UNIQUE would refuse.
ALTER TABLE inspection_answer ADD COLUMN choice TEXT;

-- Schema v2: what the laptop needs to sync with the consortium server (docs/sync-design.md).

-- Conflicts arrive from the server as records like any other (the server writes them; a laptop only
-- resolves them), so a person can review them offline on any laptop of the town.
CREATE TABLE sync_conflict (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  table_name TEXT NOT NULL,
  row_id TEXT NOT NULL,
  -- A column, a group's columns joined by '+', or deleted_at for an edit against a deletion.
  field TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('overwrite', 'edit_vs_delete')),
  -- {"values": {...}, "hlc": "...", "author": "..."} of the write that lost and of the one that won.
  lost TEXT NOT NULL CHECK (json_valid(lost)),
  won TEXT NOT NULL CHECK (json_valid(won)),
  resolved_at TEXT,
  resolved_by TEXT,
  resolution TEXT CHECK (resolution IS NULL OR resolution IN ('kept', 'restored', 'superseded')),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX sync_conflict_open ON sync_conflict (municipality_id, created_at) WHERE resolved_at IS NULL AND deleted_at IS NULL;
CREATE INDEX sync_conflict_by_row ON sync_conflict (table_name, row_id);

-- Why the server set an operation aside, and when the server acknowledged an operation. Acknowledged
-- operations stay a while (pruned after 14 days) so they can be sent again to a server restored from
-- a backup.
ALTER TABLE outbox ADD COLUMN acked_at TEXT;
ALTER TABLE outbox ADD COLUMN reason_code TEXT;
CREATE INDEX outbox_quarantined ON outbox (seq) WHERE state = 'quarantined';

-- One line per sync attempt, for the 同期 page and the diagnostic bundle: counts and codes only,
-- never record contents.
CREATE TABLE sync_run (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  trigger TEXT NOT NULL CHECK (trigger IN ('start', 'online', 'schedule', 'write', 'manual', 'enroll')),
  outcome TEXT NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'ok', 'error')),
  error_code TEXT,
  requests INTEGER NOT NULL DEFAULT 0,
  pushed INTEGER NOT NULL DEFAULT 0,
  pulled INTEGER NOT NULL DEFAULT 0,
  conflicts INTEGER NOT NULL DEFAULT 0,
  quarantined INTEGER NOT NULL DEFAULT 0,
  bytes_up INTEGER NOT NULL DEFAULT 0,
  bytes_down INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX sync_run_recent ON sync_run (started_at);

-- Schema v11: the lock policy is the town's, not each laptop's (docs/security.md). One row per version,
-- written by a town administrator and synced to every laptop of the town; the version in force is the
-- latest set_at, then the greatest id (two administrators offline at once: both rows are kept, every
-- laptop picks the same one). A change is always a new row (append-only history), so who set which
-- value and when stays readable. Who set a version is created_by (the server takes it from the
-- authenticated device). A new table, so a laptop still on v10 skips its rows (docs/sync-design.md)
-- and keeps the defaults.
CREATE TABLE town_policy (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  idle_minutes INTEGER NOT NULL CHECK (idle_minutes BETWEEN 1 AND 240),
  offline_lock_days INTEGER NOT NULL CHECK (offline_lock_days BETWEEN 1 AND 365),
  note TEXT CHECK (note IS NULL OR length(note) <= 500),
  set_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX town_policy_by_town ON town_policy (municipality_id, set_at, id);
-- The per-laptop settings the town's policy replaces. They cannot become a first version: a version
-- has an author, a town administrator, and a migration has none. The town's laptops keep the defaults
-- (10 minutes, 30 days) until an administrator sets the policy once.
DELETE FROM app_setting WHERE key IN ('lock.idle_minutes', 'lock.offline_days');

-- The audit log names what a town administrator does to the town's laptops: revoking one and issuing
-- a one-time unlock code were written as a generic 'update' / 'create', which read as record edits.
-- SQLite cannot alter a CHECK, so the table is rebuilt with the same ids (its rows and index kept).
-- Rows written before keep their old action; their details still say which it was ('op').
CREATE TABLE audit_log_v11 (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  municipality_id TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN (
    'create', 'update', 'delete', 'erase', 'view_sensitive', 'load_sample',
    'revoke_device', 'issue_unlock_code'
  )),
  table_name TEXT NOT NULL,
  row_id TEXT NOT NULL,
  details TEXT CHECK (details IS NULL OR json_valid(details))
) STRICT;
INSERT INTO audit_log_v11 (id, at, municipality_id, actor_id, action, table_name, row_id, details)
  SELECT id, at, municipality_id, actor_id, action, table_name, row_id, details FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_v11 RENAME TO audit_log;
CREATE INDEX audit_log_by_row ON audit_log (table_name, row_id);

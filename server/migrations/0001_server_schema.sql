-- The consortium server's schema, version 1. Applied by server/src/db/migrate.ts under an advisory
-- lock, in one transaction. Forward-only: a released file is never edited (its checksum is recorded).
--
-- Tenancy (sync.md principle 9): every table holding a town's data carries municipality_id and a
-- row-level security policy keyed on the per-transaction setting app.municipality_id. Requests run as
-- the role futasato_app, which owns nothing, so the policies always apply to it; the owner (the
-- administration CLI, the migrator) is the only one who sees across towns.

DO $$
BEGIN
  CREATE ROLE futasato_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- roles are cluster-wide: another schema on the same server created it first
END
$$;

CREATE TABLE town (
  id text PRIMARY KEY CHECK (id ~ '^[a-z]+-[a-z-]+$'),
  name text NOT NULL,
  prefecture text NOT NULL,
  -- KPI coefficients (domain.md): set by the town, always shown beside the result.
  spend_per_person_night_yen integer NOT NULL DEFAULT 0 CHECK (spend_per_person_night_yen >= 0),
  ripple_multiplier numeric(6, 3) NOT NULL DEFAULT 1 CHECK (ripple_multiplier >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The per-town change counter. A push bumps it under the row lock in the same transaction that
-- writes the rows, so sequence numbers are handed out in commit order and a pull never skips one.
CREATE TABLE town_seq (
  municipality_id text PRIMARY KEY REFERENCES town (id),
  last_seq bigint NOT NULL DEFAULT 0
);

CREATE TABLE app_user (
  id uuid PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES town (id),
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('coordinator', 'surveyor', 'town_admin', 'consortium_admin')),
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

CREATE TABLE device (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user (id),
  municipality_id text NOT NULL REFERENCES town (id),
  name text NOT NULL,
  -- SHA-256 of the long-lived refresh secret; the secret itself is only ever on the laptop.
  refresh_hash text NOT NULL UNIQUE,
  -- Highest operation number applied from this device: the idempotency mark of the push.
  high_water bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  last_sync_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE enrollment_code (
  code_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user (id),
  municipality_id text NOT NULL REFERENCES town (id),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz,
  device_id uuid REFERENCES device (id)
);

CREATE TABLE access_token (
  token_hash text PRIMARY KEY,
  device_id uuid NOT NULL REFERENCES device (id),
  expires_at timestamptz NOT NULL
);
CREATE INDEX access_token_by_device ON access_token (device_id);

-- Every synced record of every table, current state only (history is not kept: a new laptop costs
-- O(live rows)). vals holds the columns of shared/sync/tables.ts; clocks holds per column
-- {"h": hlc, "b": base}. Columns a newer client sends are kept as they are.
CREATE TABLE record (
  id uuid PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES town (id),
  table_name text NOT NULL,
  vals jsonb NOT NULL,
  clocks jsonb NOT NULL,
  -- Columns wiped by an erase request; later edits of them from laptops that had not seen it drop.
  erased jsonb NOT NULL DEFAULT '[]',
  seq bigint NOT NULL,
  -- The device whose write last moved seq, when the row is exactly what that device sent: its own
  -- pull can skip the row.
  origin_device uuid,
  created_at timestamptz NOT NULL,
  created_by uuid NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid NOT NULL
);
-- Not unique: a push writes its rows first and numbers them last, under the town's counter lock, so
-- the lock is held only for the numbering and the commit.
CREATE INDEX record_by_seq ON record (municipality_id, seq);
CREATE INDEX record_by_table ON record (municipality_id, table_name);
-- The conflicts of a row: looked up when a newer write arrives (open ones) and on erase (all).
CREATE INDEX record_conflicts_by_row ON record ((vals ->> 'row_id')) WHERE table_name = 'sync_conflict';

-- Operations that could not be applied, kept with their reason (nothing a laptop sent is dropped).
CREATE TABLE quarantine (
  device_id uuid NOT NULL REFERENCES device (id),
  seq bigint NOT NULL,
  municipality_id text NOT NULL REFERENCES town (id),
  op jsonb NOT NULL,
  code text NOT NULL,
  message text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, seq)
);

-- One line per sync request: what the server logs for people (principle 10) and what the admin CLI lists.
CREATE TABLE sync_log (
  id bigserial PRIMARY KEY,
  device_id uuid NOT NULL REFERENCES device (id),
  municipality_id text NOT NULL REFERENCES town (id),
  at timestamptz NOT NULL DEFAULT now(),
  pushed integer NOT NULL,
  applied integer NOT NULL,
  duplicates integer NOT NULL,
  conflicts integer NOT NULL,
  quarantined integer NOT NULL,
  pulled integer NOT NULL,
  duration_ms integer NOT NULL
);
CREATE INDEX sync_log_by_device ON sync_log (device_id, at);

-- Attachment bytes by content hash, per town: a town may only fetch what one of its devices sent.
CREATE TABLE blob (
  municipality_id text NOT NULL REFERENCES town (id),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes bigint NOT NULL,
  mime_type text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid NOT NULL,
  PRIMARY KEY (municipality_id, sha256)
);

ALTER TABLE town_seq ENABLE ROW LEVEL SECURITY;
ALTER TABLE record ENABLE ROW LEVEL SECURITY;
ALTER TABLE quarantine ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE blob ENABLE ROW LEVEL SECURITY;

CREATE POLICY town_only ON town_seq
  USING (municipality_id = current_setting('app.municipality_id', true))
  WITH CHECK (municipality_id = current_setting('app.municipality_id', true));
CREATE POLICY town_only ON record
  USING (municipality_id = current_setting('app.municipality_id', true))
  WITH CHECK (municipality_id = current_setting('app.municipality_id', true));
CREATE POLICY town_only ON quarantine
  USING (municipality_id = current_setting('app.municipality_id', true))
  WITH CHECK (municipality_id = current_setting('app.municipality_id', true));
CREATE POLICY town_only ON sync_log
  USING (municipality_id = current_setting('app.municipality_id', true))
  WITH CHECK (municipality_id = current_setting('app.municipality_id', true));
CREATE POLICY town_only ON blob
  USING (municipality_id = current_setting('app.municipality_id', true))
  WITH CHECK (municipality_id = current_setting('app.municipality_id', true));

-- Least privilege for request handling: no DELETE on records, no DDL, nothing on the migration table.
GRANT SELECT ON town TO futasato_app;
GRANT SELECT, UPDATE ON town_seq TO futasato_app;
GRANT SELECT ON app_user TO futasato_app;
GRANT SELECT, INSERT, UPDATE ON device TO futasato_app;
GRANT SELECT, UPDATE ON enrollment_code TO futasato_app;
GRANT SELECT, INSERT, DELETE ON access_token TO futasato_app;
GRANT SELECT, INSERT, UPDATE ON record TO futasato_app;
GRANT SELECT, INSERT ON quarantine TO futasato_app;
GRANT SELECT, INSERT ON sync_log TO futasato_app;
GRANT USAGE ON SEQUENCE sync_log_id_seq TO futasato_app;
GRANT SELECT, INSERT ON blob TO futasato_app;

-- The role needs to find the tables in whichever schema this server was installed into.
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO futasato_app', current_schema());
END
$$;

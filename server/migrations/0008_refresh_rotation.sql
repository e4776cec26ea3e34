-- Refresh secrets rotate on use. Each refresh answers a new secret; the device keeps the hash of the
-- current one and of the one before it. The one before is still accepted (once more, and it re-issues
-- the current one): the laptop that lost the answer carrying its new secret, or could not store it,
-- is not locked out. Every older secret is kept as a hash in retired_refresh, and presenting one is
-- a reuse: someone holds a copy of a secret the laptop has moved past, so the device is revoked (its
-- whole chain: secrets and access tokens) and must be enrolled again.
ALTER TABLE device ADD COLUMN previous_refresh_hash text;

CREATE TABLE retired_refresh (
  refresh_hash text PRIMARY KEY,
  device_id uuid NOT NULL REFERENCES device (id),
  municipality_id text NOT NULL REFERENCES town (id),
  retired_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX retired_refresh_by_device ON retired_refresh (device_id, retired_at);

ALTER TABLE retired_refresh ENABLE ROW LEVEL SECURITY;
CREATE POLICY town_only ON retired_refresh
  USING (municipality_id = current_setting('app.municipality_id', true))
  WITH CHECK (municipality_id = current_setting('app.municipality_id', true));
GRANT SELECT, INSERT, DELETE ON retired_refresh TO futasato_app;

-- Acknowledging a wipe after the laptop has forgotten every credential (docs/security.md).
-- Each time the server tells a laptop to wipe (DEVICE_WIPE, or the retired header) it hands over a
-- random token good for one thing only: saying that this device has wiped. The laptop keeps it beside
-- its wiped notice and retries the acknowledgement until the server takes it; the token reads nothing
-- and opens nothing. Only its SHA-256 is kept here. used_at: when the device's wipe was acknowledged
-- (every token of the device is spent then, so a token shown again is refused as used).
CREATE TABLE wipe_ack_token (
  token_hash text PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES town (id),
  device_id uuid NOT NULL REFERENCES device (id),
  issued_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz
);
CREATE INDEX wipe_ack_token_by_device ON wipe_ack_token (device_id);
ALTER TABLE wipe_ack_token ENABLE ROW LEVEL SECURITY;
CREATE POLICY town_only ON wipe_ack_token
  USING (municipality_id = current_setting('app.municipality_id', true))
  WITH CHECK (municipality_id = current_setting('app.municipality_id', true));
GRANT SELECT, INSERT ON wipe_ack_token TO futasato_app;
GRANT UPDATE (used_at) ON wipe_ack_token TO futasato_app;

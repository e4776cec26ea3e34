-- Lost and retired laptops, and offline unlock codes (docs/security.md).
-- A town administrator revokes a laptop with a reason: 'lost' (the laptop is told to wipe itself at
-- its next contact, before anything else) or 'retired' (it pushes what it holds, then wipes). A
-- revocation without a reason (a reused refresh secret, an older revoke) stays a plain refusal.
-- wipe_ordered_at: when the server first told the laptop; wipe_acknowledged_at: when the laptop said
-- it had wiped.
ALTER TABLE device ADD COLUMN revoke_reason text CHECK (revoke_reason IN ('lost', 'retired'));
ALTER TABLE device ADD COLUMN wipe_ordered_at timestamptz;
ALTER TABLE device ADD COLUMN wipe_acknowledged_at timestamptz;

-- Every step of a device's life the town must be able to account for: revoked (with its reason and
-- who asked), wipe ordered, pushed before the wipe, wipe acknowledged, unlock code issued and used.
-- Never a record's values.
CREATE TABLE device_audit (
  id bigserial PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES town (id),
  device_id uuid NOT NULL REFERENCES device (id),
  action text NOT NULL CHECK (action IN (
    'revoked', 'wipe_ordered', 'pushed_before_wipe', 'wipe_acknowledged',
    'unlock_code_issued', 'unlock_code_used'
  )),
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX device_audit_by_device ON device_audit (device_id, at);
ALTER TABLE device_audit ENABLE ROW LEVEL SECURITY;
CREATE POLICY town_only ON device_audit
  USING (municipality_id = current_setting('app.municipality_id', true))
  WITH CHECK (municipality_id = current_setting('app.municipality_id', true));
GRANT SELECT, INSERT ON device_audit TO futasato_app;
GRANT USAGE ON SEQUENCE device_audit_id_seq TO futasato_app;

-- One-time offline unlock codes: the server keeps the nonce (to audit its use), never the code.
CREATE TABLE unlock_code (
  nonce text PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES town (id),
  device_id uuid NOT NULL REFERENCES device (id),
  expires_at timestamptz NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz
);
ALTER TABLE unlock_code ENABLE ROW LEVEL SECURITY;
CREATE POLICY town_only ON unlock_code
  USING (municipality_id = current_setting('app.municipality_id', true))
  WITH CHECK (municipality_id = current_setting('app.municipality_id', true));
GRANT SELECT, INSERT ON unlock_code TO futasato_app;
GRANT UPDATE (used_at) ON unlock_code TO futasato_app;

-- The server's Ed25519 signing key (one row). The laptops receive the public half at enrolment and
-- verify unlock codes with it offline. The request role may read the public half only.
CREATE TABLE server_signing_key (
  id integer PRIMARY KEY CHECK (id = 1),
  public_key text NOT NULL,
  private_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT (id, public_key) ON server_signing_key TO futasato_app;

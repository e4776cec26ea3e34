-- Row-level security on every town-scoped table, credentials included. Until now the policies of
-- 0001 covered the records; users, devices, enrolment codes and access tokens were readable (and
-- devices updatable) across towns by the request role futasato_app, protected only by the route code.
--
-- Enrolment and token refresh run before the request's town is known. They are given exactly one
-- fact across towns, through two SECURITY DEFINER functions: which town an enrolment code hash or a
-- device id belongs to. Nothing else (no name, no hash, no state) comes out; the route then sets
-- app.municipality_id to that town and does all its reading and writing under the policies below.
-- The access-token check (server/src/auth/guard.ts) and the administration CLI run as the owner, as
-- before: the first is the gate that establishes the town, the second works across towns by design.

-- Access tokens carry their town, so the same policy as every other table applies to them.
ALTER TABLE access_token ADD COLUMN municipality_id text REFERENCES town (id);
UPDATE access_token t SET municipality_id = d.municipality_id FROM device d WHERE d.id = t.device_id;
ALTER TABLE access_token ALTER COLUMN municipality_id SET NOT NULL;

ALTER TABLE town ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_user ENABLE ROW LEVEL SECURITY;
ALTER TABLE device ENABLE ROW LEVEL SECURITY;
ALTER TABLE enrollment_code ENABLE ROW LEVEL SECURITY;
ALTER TABLE access_token ENABLE ROW LEVEL SECURITY;

-- A town sees its own row (its name and KPI coefficients); the consortium's list of towns comes from
-- the KPI functions of 0002, which run as the owner.
CREATE POLICY town_only ON town
  USING (id = current_setting('app.municipality_id', true))
  WITH CHECK (id = current_setting('app.municipality_id', true));
CREATE POLICY town_only ON app_user
  USING (municipality_id = current_setting('app.municipality_id', true))
  WITH CHECK (municipality_id = current_setting('app.municipality_id', true));
CREATE POLICY town_only ON device
  USING (municipality_id = current_setting('app.municipality_id', true))
  WITH CHECK (municipality_id = current_setting('app.municipality_id', true));
CREATE POLICY town_only ON enrollment_code
  USING (municipality_id = current_setting('app.municipality_id', true))
  WITH CHECK (municipality_id = current_setting('app.municipality_id', true));
CREATE POLICY town_only ON access_token
  USING (municipality_id = current_setting('app.municipality_id', true))
  WITH CHECK (municipality_id = current_setting('app.municipality_id', true));

-- The town of an enrolment code, by its hash; NULL when there is none. Used, expired or not, the
-- route decides that under the policies, so a guess learns nothing here it would not learn there.
CREATE FUNCTION auth_code_town(p_code_hash text)
RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
AS $$
  SELECT municipality_id FROM enrollment_code WHERE code_hash = p_code_hash
$$;

-- The town of a device, by its id; NULL when there is none. The refresh secret is checked by the
-- route, under the policies.
CREATE FUNCTION auth_device_town(p_device_id uuid)
RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
AS $$
  SELECT municipality_id FROM device WHERE id = p_device_id
$$;

-- Pinned search path (see 0002), callable by the request role only.
DO $$
DECLARE
  f text;
BEGIN
  FOREACH f IN ARRAY ARRAY['auth_code_town(text)', 'auth_device_town(uuid)'] LOOP
    EXECUTE format('ALTER FUNCTION %I.%s SET search_path = %I, pg_temp', current_schema(), f, current_schema());
    EXECUTE format('REVOKE ALL ON FUNCTION %I.%s FROM PUBLIC', current_schema(), f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %I.%s TO futasato_app', current_schema(), f);
  END LOOP;
END
$$;

-- The consortium's KPI targets (docs/consortium-reports.md), kept as data with their history.
--
-- A target is a figure to reach for one KPI over a span of 年度 (from .. to, inclusive): a span of one
-- 年度 is that year's increase, a longer span the cumulative increase over it (the plan's 「KPI増加分の
-- 累計」). It belongs to the consortium (municipality_id NULL) or to one town. Rows are never changed
-- or removed: setting a target appends a row, and the target in force is the newest row of its key
-- (scope, town, KPI, span). A row whose value is NULL withdraws the target. Each row says who set it
-- (user, device, the name shown then) and when: the history is the audit trail.
--
-- Targets are plans, not personal data, and the consortium administrator reads every town's, so the
-- table has no row-level policy; the route (server/src/kpi/targets.ts) decides who reads and writes
-- what. The request role may only SELECT and INSERT, and a trigger refuses UPDATE and DELETE to
-- everyone, the owner included.

CREATE TABLE kpi_target (
  id bigserial PRIMARY KEY,
  municipality_id text REFERENCES town (id),
  kpi text NOT NULL CHECK (kpi IN ('relationship_population', 'nights', 'person_nights', 'ripple_yen')),
  fiscal_year_from integer NOT NULL CHECK (fiscal_year_from BETWEEN 1868 AND 2099),
  fiscal_year_to integer NOT NULL CHECK (fiscal_year_to BETWEEN 1868 AND 2099),
  -- Whole units of the KPI: people, nights, person-nights, yen. NULL: the target is withdrawn.
  value bigint CHECK (value >= 0),
  note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
  set_by_user uuid,
  set_by_device uuid,
  set_by_name text NOT NULL,
  set_at timestamptz NOT NULL DEFAULT now(),
  CHECK (fiscal_year_to >= fiscal_year_from AND fiscal_year_to - fiscal_year_from < 10)
);

CREATE INDEX kpi_target_key ON kpi_target (municipality_id, kpi, fiscal_year_from, fiscal_year_to, id);

CREATE FUNCTION kpi_target_append_only()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION 'kpi_target is append-only: % refused', TG_OP;
END
$$;

CREATE TRIGGER kpi_target_append_only
  BEFORE UPDATE OR DELETE ON kpi_target
  FOR EACH ROW EXECUTE FUNCTION kpi_target_append_only();

GRANT SELECT, INSERT ON kpi_target TO futasato_app;
GRANT USAGE ON SEQUENCE kpi_target_id_seq TO futasato_app;

-- The towns' ids and names, across towns (the request role's policy on town shows only its own): a
-- target names its town, and the consortium sets targets for towns other than its own. Nothing else
-- of a town comes out.
CREATE FUNCTION kpi_town_list()
RETURNS TABLE (id text, name text)
LANGUAGE sql STABLE SECURITY DEFINER
AS $$
  SELECT t.id, t.name FROM town t
$$;

DO $$
BEGIN
  -- The trigger's function too: a pinned search_path, and nobody calls it but the trigger (a trigger
  -- fires whatever its caller's EXECUTE rights).
  EXECUTE format('ALTER FUNCTION %I.kpi_target_append_only() SET search_path = %I, pg_temp', current_schema(), current_schema());
  EXECUTE format('REVOKE ALL ON FUNCTION %I.kpi_target_append_only() FROM PUBLIC', current_schema());
  EXECUTE format('ALTER FUNCTION %I.kpi_town_list() SET search_path = %I, pg_temp', current_schema(), current_schema());
  EXECUTE format('REVOKE ALL ON FUNCTION %I.kpi_town_list() FROM PUBLIC', current_schema());
  EXECUTE format('GRANT EXECUTE ON FUNCTION %I.kpi_town_list() TO futasato_app', current_schema());
END
$$;

-- The consortium's targets as its plan states them: 事業計画 R8–R10年度 (鹿児島県錦江町, 令和8年1月募集 採択),
-- 「主なKPI」, each the cumulative increase over 年度 2026–2028 (R8–R10). The plan gives no per-year
-- figures, so there are none here; 地域滞在総量 (+17,644泊) is read as nights stayed (延べ宿泊数), and
-- +320,960千円 is stored in yen.
INSERT INTO kpi_target (municipality_id, kpi, fiscal_year_from, fiscal_year_to, value, note, set_by_name)
VALUES
  (NULL, 'relationship_population', 2026, 2028, 2133, '事業計画 主なKPI ①二地域居住の関係人口の創出数（KPI増加分の累計）', '事業計画（R8–R10）'),
  (NULL, 'nights', 2026, 2028, 17644, '事業計画 主なKPI ②地域滞在総量の拡大（KPI増加分の累計）', '事業計画（R8–R10）'),
  (NULL, 'ripple_yen', 2026, 2028, 320960000, '事業計画 主なKPI ③本事業による地域経済波及効果 320,960千円（KPI増加分の累計）', '事業計画（R8–R10）');

-- The KPI functions must never fail on what is stored. 0002 cast a stay's dates straight to date,
-- trusting push validation; but validation accepted year 0 ('0000-01-01' is a date in JavaScript, not
-- in PostgreSQL), and records stored before validation knew the app's calendar range still hold such
-- dates. One bad stay then made every KPI request of its town and of the consortium fail.
--
-- kpi_date reads a stored date without ever raising: text that is not a day the app supports (the
-- range of shared/domain/dates.ts, 1868-01-01 .. 2100-12-31, or no such day at all) gives NULL, and a
-- stay without a readable arrival and departure is left out of the figures, as an unstarted one is.
CREATE FUNCTION kpi_date(p_text text)
RETURNS date
LANGUAGE sql IMMUTABLE
AS $$
  SELECT CASE
    WHEN p_text IS NULL
      OR p_text !~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' THEN NULL
    WHEN p_text COLLATE "C" < '1868-01-01' OR p_text COLLATE "C" > '2100-12-31' THEN NULL
    -- No 02-30: the day must exist in its month (checked before the cast, which would raise).
    WHEN substr(p_text, 9, 2)::int > extract(
      day FROM make_date(substr(p_text, 1, 4)::int, substr(p_text, 6, 2)::int, 1) + interval '1 month - 1 day'
    ) THEN NULL
    ELSE p_text::date
  END
$$;

CREATE OR REPLACE FUNCTION kpi_started_stay(p_town text)
RETURNS TABLE (municipality_id text, stay_id uuid, programme text, arrival date, departure date)
LANGUAGE sql STABLE
AS $$
  SELECT s.municipality_id, s.stay_id, s.programme, s.arrival, s.departure
    FROM (
      SELECT r.municipality_id,
             r.id AS stay_id,
             r.vals ->> 'programme' AS programme,
             kpi_date(coalesce(r.vals ->> 'actual_arrival', r.vals ->> 'planned_arrival')) AS arrival,
             kpi_date(coalesce(r.vals ->> 'actual_departure', r.vals ->> 'planned_departure')) AS departure
        FROM record r
       WHERE r.table_name = 'stay'
         AND (p_town IS NULL OR r.municipality_id = p_town)
         AND r.vals ->> 'deleted_at' IS NULL
         AND coalesce(r.vals ->> 'status', '') <> 'cancelled'
         AND (r.vals ->> 'actual_arrival' IS NOT NULL OR r.vals ->> 'status' IN ('in_town', 'completed'))
    ) s
   WHERE s.arrival IS NOT NULL
     AND s.departure IS NOT NULL
$$;

-- As in 0002: pinned search paths (CREATE OR REPLACE drops the replaced function's), nothing for PUBLIC.
DO $$
DECLARE
  f text;
BEGIN
  FOREACH f IN ARRAY ARRAY['kpi_date(text)', 'kpi_started_stay(text)'] LOOP
    EXECUTE format('ALTER FUNCTION %I.%s SET search_path = %I, pg_temp', current_schema(), f, current_schema());
    EXECUTE format('REVOKE ALL ON FUNCTION %I.%s FROM PUBLIC', current_schema(), f);
  END LOOP;
END
$$;

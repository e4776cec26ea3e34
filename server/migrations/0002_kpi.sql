-- Consortium KPIs (domain.md "KPI definitions"), computed inside the database.
--
-- The consortium view needs figures across towns, but requests run as futasato_app, which row-level
-- security confines to one town. Rather than give that role any way around the policies, the two
-- public functions below run SECURITY DEFINER (as the migration's owner) and return only counts
-- and yen per town, month and programme: no record id, name or other column of a person ever comes
-- out. Everything else futasato_app does stays under the policies of 0001.
--
-- Dates in record.vals are 'YYYY-MM-DD' text (shared/sync/tables.ts, validated on push), so they
-- cast to date directly.

-- Private: every started stay. Not deleted, not cancelled, and begun (an actual arrival, or a status
-- that says the family came): a planned stay is not counted until it starts. Actual dates win over
-- planned ones, per column, so a family still in town counts to its planned departure.
CREATE FUNCTION kpi_started_stay(p_town text)
RETURNS TABLE (municipality_id text, stay_id uuid, programme text, arrival date, departure date)
LANGUAGE sql STABLE
AS $$
  SELECT r.municipality_id,
         r.id,
         r.vals ->> 'programme',
         coalesce(r.vals ->> 'actual_arrival', r.vals ->> 'planned_arrival')::date,
         coalesce(r.vals ->> 'actual_departure', r.vals ->> 'planned_departure')::date
    FROM record r
   WHERE r.table_name = 'stay'
     AND (p_town IS NULL OR r.municipality_id = p_town)
     AND r.vals ->> 'deleted_at' IS NULL
     AND coalesce(r.vals ->> 'status', '') <> 'cancelled'
     AND (r.vals ->> 'actual_arrival' IS NOT NULL OR r.vals ->> 'status' IN ('in_town', 'completed'))
$$;

-- Private: who was on which stay. Distinct, because two laptops offline may each add the same
-- member to a stay, and that is still one person.
CREATE FUNCTION kpi_stay_person(p_town text)
RETURNS TABLE (municipality_id text, stay_id uuid, member_id text)
LANGUAGE sql STABLE
AS $$
  SELECT DISTINCT m.municipality_id, (m.vals ->> 'stay_id')::uuid, m.vals ->> 'member_id'
    FROM record m
   WHERE m.table_name = 'stay_member'
     AND (p_town IS NULL OR m.municipality_id = p_town)
     AND m.vals ->> 'deleted_at' IS NULL
$$;

-- Private: the nights of each started stay inside [p_from, p_to], per calendar month of the night.
-- The night of day d is the night from d to d+1, so a stay from 3/30 to 4/2 has the nights of 3/30
-- and 3/31 in March and that of 4/1 in April. A stay with nobody recorded on it counts as one person
-- (has_members tells it apart, for the data-quality figure).
CREATE FUNCTION kpi_stay_month(p_from date, p_to date, p_town text)
RETURNS TABLE (
  municipality_id text,
  stay_id uuid,
  programme text,
  month date,
  nights bigint,
  people bigint,
  has_members boolean
)
LANGUAGE sql STABLE
AS $$
  WITH people AS (
    SELECT p.municipality_id, p.stay_id, count(*) AS n
      FROM kpi_stay_person(p_town) p
     GROUP BY p.municipality_id, p.stay_id
  )
  SELECT s.municipality_id,
         s.stay_id,
         s.programme,
         date_trunc('month', night)::date,
         count(*),
         coalesce(max(pe.n), 1),
         max(pe.n) IS NOT NULL
    FROM kpi_started_stay(p_town) s
    LEFT JOIN people pe ON pe.municipality_id = s.municipality_id AND pe.stay_id = s.stay_id
   -- Only the nights inside the period are generated: bounded by the period, whatever the dates say.
   CROSS JOIN LATERAL generate_series(
           greatest(s.arrival, p_from)::timestamp,
           least(s.departure - 1, p_to)::timestamp,
           interval '1 day') AS night
   GROUP BY s.municipality_id, s.stay_id, s.programme, date_trunc('month', night)
$$;

-- Public: nights and person-nights per town, month ('YYYY-MM') and programme. Only rows with nights.
CREATE FUNCTION kpi_nights(p_from date, p_to date, p_town text DEFAULT NULL)
RETURNS TABLE (municipality_id text, month text, programme text, nights bigint, person_nights bigint)
LANGUAGE sql STABLE SECURITY DEFINER
AS $$
  SELECT sm.municipality_id, to_char(sm.month, 'YYYY-MM'), sm.programme, sum(sm.nights)::bigint,
         sum(sm.nights * sm.people)::bigint
    FROM kpi_stay_month(p_from, p_to, p_town) sm
   GROUP BY sm.municipality_id, sm.month, sm.programme
$$;

-- Public: one row per town (every town when p_town is NULL, with zeros where nothing happened).
--   relationship_population: people whose first started stay in the town arrives in the period;
--   repeaters: people with a started stay arriving in the period after an earlier started stay of
--     theirs in the town (a person whose first and second visit both fall in the period is both);
--   ripple_yen: person-nights x the town's spend per person-night x its ripple multiplier, in
--     numeric, rounded to whole yen half up (round() on numeric rounds half away from zero, and the
--     figure is never negative). The coefficients come back beside it.
CREATE FUNCTION kpi_towns(p_from date, p_to date, p_town text DEFAULT NULL)
RETURNS TABLE (
  municipality_id text,
  town_name text,
  spend_per_person_night_yen integer,
  ripple_multiplier numeric,
  nights bigint,
  person_nights bigint,
  ripple_yen numeric,
  relationship_population bigint,
  repeaters bigint,
  stays_without_members bigint
)
LANGUAGE sql STABLE SECURITY DEFINER
AS $$
  WITH stayed AS (
    SELECT sm.municipality_id,
           sum(sm.nights) AS nights,
           sum(sm.nights * sm.people) AS person_nights,
           count(DISTINCT sm.stay_id) FILTER (WHERE NOT sm.has_members) AS stays_without_members
      FROM kpi_stay_month(p_from, p_to, p_town) sm
     GROUP BY sm.municipality_id
  ),
  visit AS (
    SELECT s.municipality_id, p.member_id, s.arrival
      FROM kpi_started_stay(p_town) s
      JOIN kpi_stay_person(p_town) p ON p.municipality_id = s.municipality_id AND p.stay_id = s.stay_id
  ),
  person AS (
    SELECT v.municipality_id,
           min(v.arrival) AS first_arrival,
           max(v.arrival) FILTER (WHERE v.arrival BETWEEN p_from AND p_to) AS last_in_period
      FROM visit v
     GROUP BY v.municipality_id, v.member_id
  ),
  people AS (
    SELECT pe.municipality_id,
           count(*) FILTER (WHERE pe.first_arrival BETWEEN p_from AND p_to) AS created,
           count(*) FILTER (WHERE pe.last_in_period > pe.first_arrival) AS repeaters
      FROM person pe
     GROUP BY pe.municipality_id
  )
  SELECT t.id,
         t.name,
         t.spend_per_person_night_yen,
         t.ripple_multiplier,
         coalesce(st.nights, 0)::bigint,
         coalesce(st.person_nights, 0)::bigint,
         round(coalesce(st.person_nights, 0)::numeric * t.spend_per_person_night_yen * t.ripple_multiplier),
         coalesce(pp.created, 0)::bigint,
         coalesce(pp.repeaters, 0)::bigint,
         coalesce(st.stays_without_members, 0)::bigint
    FROM town t
    LEFT JOIN stayed st ON st.municipality_id = t.id
    LEFT JOIN people pp ON pp.municipality_id = t.id
   WHERE p_town IS NULL OR t.id = p_town
$$;

-- A SECURITY DEFINER function must not resolve names through a search path the caller controls:
-- each is pinned to the schema this server was installed into (tests install one per run), with
-- pg_temp last so a temporary table cannot stand in for record or town.
DO $$
DECLARE
  f text;
BEGIN
  FOREACH f IN ARRAY ARRAY[
    'kpi_started_stay(text)',
    'kpi_stay_person(text)',
    'kpi_stay_month(date, date, text)',
    'kpi_nights(date, date, text)',
    'kpi_towns(date, date, text)'
  ] LOOP
    EXECUTE format('ALTER FUNCTION %I.%s SET search_path = %I, pg_temp', current_schema(), f, current_schema());
    -- Functions are executable by PUBLIC by default; the private ones return stay and member ids.
    EXECUTE format('REVOKE ALL ON FUNCTION %I.%s FROM PUBLIC', current_schema(), f);
  END LOOP;
  EXECUTE format('GRANT EXECUTE ON FUNCTION %I.kpi_nights(date, date, text) TO futasato_app', current_schema());
  EXECUTE format('GRANT EXECUTE ON FUNCTION %I.kpi_towns(date, date, text) TO futasato_app', current_schema());
END
$$;

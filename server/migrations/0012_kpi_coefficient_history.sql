-- The ripple coefficients as a history (docs/reports.md). Laptops now keep the town's coefficients as
-- synced records (table_name 'kpi_coefficient', laptop migration 0010): one record per version, each in
-- force from its effective_from date until the next version's. The ripple of a night is priced with the
-- version in force on that night, so a past period keeps the coefficients it had.
--
-- The town table's spend_per_person_night_yen and ripple_multiplier are no longer read by the figures:
-- a night with no version in force is not priced (its person-nights are reported as unpriced), never
-- priced with a default. The laptop's engine (electron/core/services/kpi-engine.ts) applies the same
-- rules, and tests/sync/kpi.property.test.ts compares the two figure by figure.

-- Private: the versions that take effect, per town, with the last day each is in force (NULL: open).
-- A version counts only when its values are ones the app accepts (a date it supports, whole yen from 0
-- to 10,000,000, a multiplier of up to three digits and four decimals); of two versions with the same
-- date, the one set later wins, then the greater id (shared/domain/kpi/coefficients.ts).
CREATE FUNCTION kpi_coefficient_version(p_town text)
RETURNS TABLE (
  municipality_id text,
  version_id uuid,
  effective_from date,
  valid_to date,
  spend_per_person_night_yen bigint,
  ripple_multiplier numeric,
  multiplier_text text,
  note text,
  set_at text,
  set_by uuid
)
LANGUAGE sql STABLE
AS $$
  WITH usable AS (
    SELECT r.municipality_id,
           r.id,
           kpi_date(r.vals ->> 'effective_from') AS effective_from,
           r.vals ->> 'spend_per_person_night_yen' AS spend,
           r.vals ->> 'ripple_multiplier' AS multiplier,
           r.vals ->> 'note' AS note,
           r.vals ->> 'set_at' AS set_at,
           r.created_by
      FROM record r
     WHERE r.table_name = 'kpi_coefficient'
       AND (p_town IS NULL OR r.municipality_id = p_town)
       AND r.vals ->> 'deleted_at' IS NULL
       AND r.vals ->> 'set_at' IS NOT NULL
       AND coalesce(r.vals ->> 'ripple_multiplier', '') ~ '^(0|[1-9][0-9]{0,2})(\.[0-9]{1,4})?$'
       AND coalesce(r.vals ->> 'spend_per_person_night_yen', '') ~ '^[0-9]{1,8}$'
  ),
  winner AS (
    SELECT DISTINCT ON (u.municipality_id, u.effective_from) u.*
      FROM usable u
     WHERE u.effective_from IS NOT NULL
       AND u.spend::bigint <= 10000000
     ORDER BY u.municipality_id, u.effective_from, u.set_at COLLATE "C" DESC, u.id::text COLLATE "C" DESC
  )
  SELECT w.municipality_id,
         w.id,
         w.effective_from,
         (lead(w.effective_from) OVER (PARTITION BY w.municipality_id ORDER BY w.effective_from)) - 1,
         w.spend::bigint,
         w.multiplier::numeric,
         w.multiplier,
         w.note,
         w.set_at,
         w.created_by
    FROM winner w
$$;

-- Private: person-nights of each started stay inside [p_from, p_to] per version in force (version_id
-- NULL: the nights with none). Same nights and people as kpi_stay_month (0002).
CREATE FUNCTION kpi_priced_nights(p_from date, p_to date, p_town text)
RETURNS TABLE (municipality_id text, version_id uuid, person_nights bigint)
LANGUAGE sql STABLE
AS $$
  WITH people AS (
    SELECT p.municipality_id, p.stay_id, count(*) AS n
      FROM kpi_stay_person(p_town) p
     GROUP BY p.municipality_id, p.stay_id
  ),
  stay AS (
    SELECT s.municipality_id, s.stay_id,
           greatest(s.arrival, p_from) AS first_night,
           least(s.departure - 1, p_to) AS last_night,
           coalesce(pe.n, 1) AS people
      FROM kpi_started_stay(p_town) s
      LEFT JOIN people pe ON pe.municipality_id = s.municipality_id AND pe.stay_id = s.stay_id
     WHERE greatest(s.arrival, p_from) <= least(s.departure - 1, p_to)
  ),
  -- Each town's days split into spans: before its first version (no version), then each version's.
  span AS (
    SELECT v.municipality_id, v.version_id, v.effective_from AS span_from, v.valid_to AS span_to
      FROM kpi_coefficient_version(p_town) v
    UNION ALL
    SELECT t.id, NULL::uuid, NULL::date,
           (SELECT min(v.effective_from) - 1 FROM kpi_coefficient_version(t.id) v)
      FROM town t
     WHERE p_town IS NULL OR t.id = p_town
  )
  SELECT st.municipality_id, sp.version_id,
         sum((least(st.last_night, coalesce(sp.span_to, st.last_night))
              - greatest(st.first_night, coalesce(sp.span_from, st.first_night)) + 1) * st.people)::bigint
    FROM stay st
    JOIN span sp ON sp.municipality_id = st.municipality_id
   WHERE greatest(st.first_night, coalesce(sp.span_from, st.first_night))
         <= least(st.last_night, coalesce(sp.span_to, st.last_night))
   GROUP BY st.municipality_id, sp.version_id
$$;

-- Public: the versions in force during [p_from, p_to] per town, with the part of the period each
-- covered, the person-nights it priced and their ripple rounded on its own. Coefficients are the
-- town's settings, not anyone's personal data.
CREATE FUNCTION kpi_coefficients_used(p_from date, p_to date, p_town text DEFAULT NULL)
RETURNS TABLE (
  municipality_id text,
  version_id uuid,
  effective_from date,
  spend_per_person_night_yen bigint,
  ripple_multiplier text,
  note text,
  set_at text,
  set_by uuid,
  used_from date,
  used_to date,
  person_nights bigint,
  ripple_yen numeric
)
LANGUAGE sql STABLE SECURITY DEFINER
AS $$
  SELECT v.municipality_id, v.version_id, v.effective_from, v.spend_per_person_night_yen,
         v.multiplier_text, v.note, v.set_at, v.set_by,
         greatest(v.effective_from, p_from),
         least(coalesce(v.valid_to, p_to), p_to),
         coalesce(pn.person_nights, 0)::bigint,
         round(coalesce(pn.person_nights, 0)::numeric * v.spend_per_person_night_yen * v.ripple_multiplier)
    FROM kpi_coefficient_version(p_town) v
    LEFT JOIN kpi_priced_nights(p_from, p_to, p_town) pn
      ON pn.municipality_id = v.municipality_id AND pn.version_id = v.version_id
   WHERE v.effective_from <= p_to
     AND (v.valid_to IS NULL OR v.valid_to >= p_from)
$$;

-- Public, replacing 0002's: one row per town. The coefficients no longer come from the town table:
--   ripple_yen: Σ over the versions in force of person-nights × spend × multiplier, in numeric,
--     rounded half up to whole yen once (a town's total, not a sum of rounded parts);
--   unpriced_person_nights: person-nights with no version in force (not priced);
--   arrivals: distinct people with a started stay arriving in the period.
DROP FUNCTION kpi_towns(date, date, text);
CREATE FUNCTION kpi_towns(p_from date, p_to date, p_town text DEFAULT NULL)
RETURNS TABLE (
  municipality_id text,
  town_name text,
  nights bigint,
  person_nights bigint,
  ripple_yen numeric,
  unpriced_person_nights bigint,
  relationship_population bigint,
  repeaters bigint,
  arrivals bigint,
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
  priced AS (
    SELECT pn.municipality_id,
           round(sum(pn.person_nights::numeric * v.spend_per_person_night_yen * v.ripple_multiplier)) AS ripple_yen
      FROM kpi_priced_nights(p_from, p_to, p_town) pn
      JOIN kpi_coefficient_version(p_town) v
        ON v.municipality_id = pn.municipality_id AND v.version_id = pn.version_id
     GROUP BY pn.municipality_id
  ),
  unpriced AS (
    SELECT pn.municipality_id, pn.person_nights
      FROM kpi_priced_nights(p_from, p_to, p_town) pn
     WHERE pn.version_id IS NULL
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
           count(*) FILTER (WHERE pe.last_in_period > pe.first_arrival) AS repeaters,
           count(*) FILTER (WHERE pe.last_in_period IS NOT NULL) AS arrivals
      FROM person pe
     GROUP BY pe.municipality_id
  )
  SELECT t.id,
         t.name,
         coalesce(st.nights, 0)::bigint,
         coalesce(st.person_nights, 0)::bigint,
         coalesce(pr.ripple_yen, 0),
         coalesce(up.person_nights, 0)::bigint,
         coalesce(pp.created, 0)::bigint,
         coalesce(pp.repeaters, 0)::bigint,
         coalesce(pp.arrivals, 0)::bigint,
         coalesce(st.stays_without_members, 0)::bigint
    FROM town t
    LEFT JOIN stayed st ON st.municipality_id = t.id
    LEFT JOIN priced pr ON pr.municipality_id = t.id
    LEFT JOIN unpriced up ON up.municipality_id = t.id
    LEFT JOIN people pp ON pp.municipality_id = t.id
   WHERE p_town IS NULL OR t.id = p_town
$$;

-- As in 0002: pinned search paths, nothing for PUBLIC, the public ones for futasato_app.
DO $$
DECLARE
  f text;
BEGIN
  FOREACH f IN ARRAY ARRAY[
    'kpi_coefficient_version(text)',
    'kpi_priced_nights(date, date, text)',
    'kpi_coefficients_used(date, date, text)',
    'kpi_towns(date, date, text)'
  ] LOOP
    EXECUTE format('ALTER FUNCTION %I.%s SET search_path = %I, pg_temp', current_schema(), f, current_schema());
    EXECUTE format('REVOKE ALL ON FUNCTION %I.%s FROM PUBLIC', current_schema(), f);
  END LOOP;
  EXECUTE format('GRANT EXECUTE ON FUNCTION %I.kpi_towns(date, date, text) TO futasato_app', current_schema());
  EXECUTE format('GRANT EXECUTE ON FUNCTION %I.kpi_coefficients_used(date, date, text) TO futasato_app', current_schema());
END
$$;

-- The event figures of docs/events.md ("Figures"), per town, for the consortium and town administrators
-- (GET /v1/kpi/events). The laptop computes the same figures in its core (event-figures.ts and
-- event-people.ts); every rule below is that code's, written in SQL, and the property test
-- tests/sync/event-figures.property.test.ts compares the two figure by figure.
--
-- As with 0002, requests run as futasato_app confined to one town by row-level security; the one
-- public function runs SECURITY DEFINER and returns counts per town and bucket only: no record id,
-- name or counting key ever comes out.

-- Private: a stored instant as timestamptz, or NULL when it is none (a figure never fails on a row).
CREATE FUNCTION event_instant(p_text text)
RETURNS timestamptz
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  IF p_text IS NULL OR p_text !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' THEN
    RETURN NULL;
  END IF;
  RETURN p_text::timestamptz;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$$;

-- Private: how many strings a stored JSON list holds (parseCodes: anything else counts as none).
CREATE FUNCTION event_code_count(p_json text)
RETURNS bigint
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  v jsonb;
BEGIN
  IF p_json IS NULL OR p_json = '' THEN
    RETURN 0;
  END IF;
  v := p_json::jsonb;
  IF jsonb_typeof(v) <> 'array' THEN
    RETURN 0;
  END IF;
  RETURN (SELECT count(*) FROM jsonb_array_elements(v) e WHERE jsonb_typeof(e) = 'string');
EXCEPTION WHEN others THEN
  RETURN 0;
END
$$;

-- The figures of 年度 p_fiscal_year (1 April .. 31 March) for every town (p_town NULL) or one.
-- bucket 'total' (key ''), 'month' (key 'YYYY-MM') or 'kind' (key the event kind). Every town gets
-- its 'total' row, zero when it held nothing; month and kind rows come only where events were held.
CREATE FUNCTION event_figures(p_fiscal_year int, p_town text)
RETURNS TABLE (
  municipality_id text,
  town_name text,
  bucket text,
  key text,
  events bigint,
  participants bigint,
  distinct_people bigint,
  first_timers bigint
)
LANGUAGE sql STABLE SECURITY DEFINER
AS $$
  WITH RECURSIVE
  -- Counted events: not deleted, not cancelled, started. "Started" and the order of events compare
  -- the stored text as the laptop does (instants are stored as toISOString()).
  held AS (
    SELECT r.municipality_id AS town,
           r.id::text AS id,
           r.vals ->> 'kind' AS kind,
           r.vals ->> 'starts_at' AS starts_text,
           -- The start's date in Japan time (UTC+9, no daylight saving; never the zone's 1868 LMT).
           ((event_instant(r.vals ->> 'starts_at') AT TIME ZONE 'UTC') + interval '9 hours')::date AS day
      FROM record r
     WHERE r.table_name = 'event'
       AND (p_town IS NULL OR r.municipality_id = p_town)
       AND r.vals ->> 'deleted_at' IS NULL
       AND r.vals ->> 'status' = 'planned'
       AND (r.vals ->> 'starts_at') COLLATE "C"
           <= to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') COLLATE "C"
       AND event_instant(r.vals ->> 'starts_at') IS NOT NULL
  ),
  -- Live marks on events neither deleted nor cancelled (started or not: an application with a mark
  -- brings its companions).
  mark AS (
    SELECT t.municipality_id AS town,
           t.vals ->> 'event_id' AS event_id,
           t.vals ->> 'member_id' AS member_id,
           t.vals ->> 'supporter_id' AS supporter_id,
           t.vals ->> 'application_id' AS application_id
      FROM record t
      JOIN record e ON e.municipality_id = t.municipality_id AND e.table_name = 'event'
                   AND e.id::text = t.vals ->> 'event_id'
     WHERE t.table_name = 'event_attendance'
       AND (p_town IS NULL OR t.municipality_id = p_town)
       AND t.vals ->> 'deleted_at' IS NULL
       AND e.vals ->> 'deleted_at' IS NULL
       AND e.vals ->> 'status' = 'planned'
  ),
  -- Supporters, with the merge target when that record is here (a target not synced yet ends the
  -- chain where it is).
  supporter AS (
    SELECT s.municipality_id AS town,
           s.id::text AS id,
           s.vals ->> 'family_member_id' AS member_id,
           CASE WHEN EXISTS (
             SELECT 1 FROM record x
              WHERE x.municipality_id = s.municipality_id AND x.table_name = 'supporter'
                AND x.id::text = s.vals ->> 'merged_into')
           THEN s.vals ->> 'merged_into' END AS next_id
      FROM record s
     WHERE s.table_name = 'supporter'
       AND (p_town IS NULL OR s.municipality_id = p_town)
  ),
  -- Follow merged_into from every supporter until the chain ends or comes back on itself.
  walk (town, start_id, cur, path, next_id) AS (
    SELECT s.town, s.id, s.id, ARRAY[s.id], s.next_id FROM supporter s
    UNION ALL
    SELECT w.town, w.start_id, s.id, w.path || s.id, s.next_id
      FROM walk w
      JOIN supporter s ON s.town = w.town AND s.id = w.next_id
     WHERE NOT (w.next_id = ANY (w.path))
  ),
  -- The record kept: the chain's end, or the smallest id of the cycle it ran into.
  canonical AS (
    SELECT w.town, w.start_id,
           CASE WHEN w.next_id IS NULL THEN w.cur
                ELSE (SELECT min(c COLLATE "C") FROM unnest(w.path[array_position(w.path, w.next_id):]) c)
           END AS kept
      FROM walk w
     WHERE w.next_id IS NULL OR w.next_id = ANY (w.path)
  ),
  -- Counting keys: a member's mark is the member; a supporter's is the kept record, or the member it
  -- is linked to.
  keyed AS (
    SELECT m.town, m.event_id, m.application_id,
           CASE
             WHEN m.member_id IS NOT NULL THEN 'm:' || m.member_id
             WHEN k.member_id IS NOT NULL THEN 'm:' || k.member_id
             ELSE 's:' || coalesce(c.kept, m.supporter_id, 'null')
           END AS person
      FROM mark m
      LEFT JOIN canonical c ON c.town = m.town AND c.start_id = m.supporter_id
      LEFT JOIN supporter k ON k.town = m.town AND k.id = coalesce(c.kept, m.supporter_id)
  ),
  attendee AS (
    SELECT DISTINCT h.town, h.id AS event_id, k.person
      FROM held h JOIN keyed k ON k.town = h.town AND k.event_id = h.id
  ),
  -- Companions: heads beyond the people named, of each application (not cancelled) with a mark.
  companions AS (
    SELECT a.municipality_id AS town, a.vals ->> 'event_id' AS event_id,
           sum(greatest(0, (a.vals ->> 'head_count')::bigint
                 - CASE WHEN a.vals ->> 'family_id' IS NOT NULL THEN event_code_count(a.vals ->> 'member_ids')
                        ELSE 1 END)) AS n
      FROM record a
     WHERE a.table_name = 'event_application'
       AND (p_town IS NULL OR a.municipality_id = p_town)
       AND a.vals ->> 'deleted_at' IS NULL
       AND a.vals ->> 'status' <> 'cancelled'
       AND EXISTS (SELECT 1 FROM keyed k WHERE k.town = a.municipality_id AND k.application_id = a.id::text)
     GROUP BY a.municipality_id, a.vals ->> 'event_id'
  ),
  -- Each person's first attended event ever (earliest start, then id), over all counted events.
  first_event AS (
    SELECT DISTINCT ON (a.town, a.person) a.town, a.person, a.event_id
      FROM attendee a JOIN held h ON h.town = a.town AND h.id = a.event_id
     ORDER BY a.town, a.person, h.starts_text COLLATE "C", h.id COLLATE "C"
  ),
  in_year AS (
    SELECT h.* FROM held h
     WHERE h.day BETWEEN make_date(p_fiscal_year, 4, 1) AND make_date(p_fiscal_year + 1, 3, 31)
  ),
  bucketed AS (
    SELECT e.town, e.id AS event_id, b.bucket, b.key
      FROM in_year e
     CROSS JOIN LATERAL (VALUES ('total', ''), ('month', to_char(e.day, 'YYYY-MM')), ('kind', e.kind))
           AS b (bucket, key)
  ),
  per_bucket AS (
    SELECT b.town, b.bucket, b.key,
           count(*) AS events,
           sum((SELECT count(*) FROM attendee a WHERE a.town = b.town AND a.event_id = b.event_id)
               + coalesce((SELECT c.n FROM companions c WHERE c.town = b.town AND c.event_id = b.event_id), 0))
             AS participants,
           (SELECT count(DISTINCT a.person) FROM attendee a
             JOIN bucketed o ON o.town = a.town AND o.event_id = a.event_id
            WHERE o.town = b.town AND o.bucket = b.bucket AND o.key = b.key) AS distinct_people,
           (SELECT count(*) FROM first_event f
             JOIN bucketed o ON o.town = f.town AND o.event_id = f.event_id
            WHERE o.town = b.town AND o.bucket = b.bucket AND o.key = b.key) AS first_timers
      FROM bucketed b
     GROUP BY b.town, b.bucket, b.key
  )
  SELECT t.id, t.name, coalesce(p.bucket, 'total'), coalesce(p.key, ''),
         coalesce(p.events, 0), coalesce(p.participants, 0)::bigint,
         coalesce(p.distinct_people, 0), coalesce(p.first_timers, 0)
    FROM town t
    LEFT JOIN per_bucket p ON p.town = t.id
   WHERE p_town IS NULL OR t.id = p_town
$$;

-- Pinned search paths and nothing for PUBLIC, as in 0002; only the aggregate is the request role's.
DO $$
DECLARE
  f text;
BEGIN
  FOREACH f IN ARRAY ARRAY['event_instant(text)', 'event_code_count(text)', 'event_figures(integer, text)'] LOOP
    EXECUTE format('ALTER FUNCTION %I.%s SET search_path = %I, pg_temp', current_schema(), f, current_schema());
    EXECUTE format('REVOKE ALL ON FUNCTION %I.%s FROM PUBLIC', current_schema(), f);
  END LOOP;
  EXECUTE format('GRANT EXECUTE ON FUNCTION %I.event_figures(integer, text) TO futasato_app', current_schema());
END
$$;

-- The server's hybrid logical clock, kept with each town's counter. Every clock the server issues
-- (the clock a laptop takes after a sync, an erasure's clock, a conflict record's clocks) must be newer
-- than every clock it has stored: otherwise a laptop whose clock runs behind a colleague's writes an
-- edit older than the value it saw, and the erasure of a family loses to the copies it should wipe.
-- An in-memory clock per process forgets that on every restart and is not shared between workers, so
-- the newest clock stored for a town is kept here, raised by the push that stores rows (under the
-- lock it already takes on this row) and taken by every process before it issues a clock.
ALTER TABLE town_seq ADD COLUMN last_hlc text COLLATE "C";

-- Seeded from what is already stored: clocks are kept grouped ({"#": [[h, b, columns], …]}) or, in
-- rows written before that form, one {h, b} per column.
UPDATE town_seq t
   SET last_hlc = newest.hlc
  FROM (SELECT r.municipality_id, max(c.h COLLATE "C") AS hlc
          FROM record r
         CROSS JOIN LATERAL (
                 SELECT g ->> 0 AS h
                   FROM jsonb_array_elements(CASE WHEN r.clocks ? '#' THEN r.clocks -> '#' ELSE '[]'::jsonb END) AS g
                 UNION ALL
                 SELECT e.value ->> 'h'
                   FROM jsonb_each(r.clocks) AS e
                  WHERE e.key <> '#' AND jsonb_typeof(e.value) = 'object') AS c
         GROUP BY r.municipality_id) AS newest
 WHERE newest.municipality_id = t.municipality_id;

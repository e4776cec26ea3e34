-- Schema v10: the town's ripple-effect coefficients as data, one row per version (docs/reports.md).
-- A version holds from its effective_from date until the next version's; a change is always a new row
-- (append-only history), so a past period is priced with the coefficients in force then. Two versions
-- with the same effective_from (two administrators offline) are both kept: the later set_at wins, then
-- the greater id, on the laptop and on the server alike.
--
-- The multiplier is exact decimal text ('1.35'), never a float: up to three whole digits and up to
-- four decimals. Who set a version is created_by (the server takes it from the authenticated device).
-- A new table, so a laptop still on v9 skips its rows (docs/sync-design.md).
CREATE TABLE kpi_coefficient (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipality (id),
  effective_from TEXT NOT NULL CHECK (length(effective_from) = 10 AND effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  spend_per_person_night_yen INTEGER NOT NULL CHECK (spend_per_person_night_yen BETWEEN 0 AND 10000000),
  ripple_multiplier TEXT NOT NULL CHECK (
    ripple_multiplier NOT GLOB '*[^0-9.]*'
    AND ripple_multiplier NOT GLOB '*.*.*'
    AND ripple_multiplier NOT GLOB '0[0-9]*'
    AND CASE instr(ripple_multiplier, '.')
      WHEN 0 THEN length(ripple_multiplier) BETWEEN 1 AND 3
      ELSE instr(ripple_multiplier, '.') BETWEEN 2 AND 4
        AND length(ripple_multiplier) - instr(ripple_multiplier, '.') BETWEEN 1 AND 4
    END
  ),
  note TEXT,
  set_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX kpi_coefficient_by_town ON kpi_coefficient (municipality_id, effective_from, set_at, id);

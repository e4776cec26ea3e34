-- Record ids are unique per town, not across the consortium. With one global key, a laptop that
-- inserted a row under an id another town already used was refused (FORBIDDEN_ROW), which told it
-- that the id exists somewhere else. Keyed by (town, id), such an insert is what it looks like to the
-- town: a new row of its own, answered exactly as for any unknown id, and the other town's row is
-- untouched and still invisible. Every reader of record already works within one town (row-level
-- security, and the KPI functions join on municipality_id as well as the id).
ALTER TABLE record DROP CONSTRAINT record_pkey;
ALTER TABLE record ADD PRIMARY KEY (municipality_id, id);

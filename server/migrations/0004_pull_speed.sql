-- Pull speed (measured by npm run bench:server):
-- * `wire`: each row's pulled form, rendered once when the row is written, so a page of 1,000 rows is
--   read and sent without parsing and re-serialising every row's JSON on every pull;
-- * statistics kept fresh on the busiest table: without them the planner sorted a whole town for
--   every first page instead of walking record_by_seq.
ALTER TABLE record ADD COLUMN wire text;
ALTER TABLE record SET (autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000);

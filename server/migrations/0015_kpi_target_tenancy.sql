-- KPI targets under row-level security like every other town-scoped table (docs/consortium-reports.md).
-- Under the request role a town reads the consortium's targets (municipality_id NULL) and its own, and
-- writes only its own; another town's rows are neither seen nor written. The consortium administrator's
-- reads and writes across towns run on the owner's connection, after the route's own role check.
ALTER TABLE kpi_target ENABLE ROW LEVEL SECURITY;
CREATE POLICY town_or_consortium ON kpi_target
  USING (municipality_id IS NULL OR municipality_id = current_setting('app.municipality_id', true))
  WITH CHECK (municipality_id = current_setting('app.municipality_id', true));

-- Which operation id each device's operation number carried, for the last weeks. The high-water mark
-- alone answers a re-sent number "duplicate"; if a laptop's database was restored from a backup, its
-- next operations reuse numbers the server already applied to *other* operations, and would be
-- dropped as duplicates without a word. Comparing the operation id catches that (SEQ_REUSED), and the
-- laptop renumbers. Rows older than 30 days are pruned by the push that writes new ones.
CREATE TABLE applied_op (
  device_id uuid NOT NULL REFERENCES device (id),
  seq bigint NOT NULL,
  op_id uuid NOT NULL,
  municipality_id text NOT NULL REFERENCES town (id),
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, seq)
);
CREATE INDEX applied_op_by_age ON applied_op (applied_at);

ALTER TABLE applied_op ENABLE ROW LEVEL SECURITY;
CREATE POLICY town_only ON applied_op
  USING (municipality_id = current_setting('app.municipality_id', true))
  WITH CHECK (municipality_id = current_setting('app.municipality_id', true));
GRANT SELECT, INSERT, DELETE ON applied_op TO futasato_app;

-- Push speed (measured by npm run bench:server and bench/push-phases.ts): a 500-operation push inserts
-- some 500 record rows and 500 applied_op rows, and every inserted row fired one foreign-key trigger
-- per reference (a SELECT … FOR KEY SHARE on town or device): 1,500 trigger calls per push. These two
-- tables are written only by the push, in a town transaction whose town and device come from a checked
-- token, and row-level security's WITH CHECK already refuses a row of any other town; towns and devices
-- are never deleted (a device is revoked, a town is kept for its history). The references held nothing
-- the push does not already guarantee, so they go.
ALTER TABLE record DROP CONSTRAINT record_municipality_id_fkey;
ALTER TABLE applied_op DROP CONSTRAINT applied_op_device_id_fkey;
ALTER TABLE applied_op DROP CONSTRAINT applied_op_municipality_id_fkey;

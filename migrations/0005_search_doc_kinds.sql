-- Schema v5: the kinds of search document are the registry's (shared/records/registry.ts, the tables
-- declaring `search: { document }`), not a CHECK. SQLite cannot alter a CHECK, so a new searchable
-- record kind would otherwise need this table rebuilt each time. search_doc is derived data: the
-- search index writes it, and tests/unit/registry.test.ts holds the kinds it writes to the registry.
-- Rebuilt with the same rowids, so the FTS5 index (search_index, keyed by rowid) stays in step.
CREATE TABLE search_doc_v5 (
  rowid INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind <> ''),
  ref_id TEXT NOT NULL,
  municipality_id TEXT NOT NULL,
  sort_key TEXT NOT NULL,
  UNIQUE (kind, ref_id)
) STRICT;
INSERT INTO search_doc_v5 (rowid, kind, ref_id, municipality_id, sort_key)
  SELECT rowid, kind, ref_id, municipality_id, sort_key FROM search_doc;
DROP TABLE search_doc;
ALTER TABLE search_doc_v5 RENAME TO search_doc;
CREATE INDEX search_doc_sorted ON search_doc (kind, municipality_id, sort_key);

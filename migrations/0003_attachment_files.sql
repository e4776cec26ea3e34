-- Schema v3: the bytes of attachments on this laptop (sync.md principle 7; docs/sync-design.md, "Blobs").
-- The attachment row syncs as a record like any other; its bytes travel apart, by tus, content-addressed.
-- One row per distinct content this laptop has to send: the same photo attached twice is sent once.
-- Local bookkeeping only, never synced: another laptop learns of the bytes from the attachment row.
CREATE TABLE blob_upload (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  -- Previews go before any original; originals may be held back on a metered link.
  kind TEXT NOT NULL CHECK (kind IN ('preview', 'original')),
  mime_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
  -- 'done' only once the server answered HEAD /v1/blobs/<sha256> with this hash after the upload.
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'uploading', 'done', 'failed')),
  -- The tus upload resource, kept so an upload cut by a dropped link or a restart resumes where the
  -- server stopped instead of from byte 0.
  tus_url TEXT,
  -- Bytes the server acknowledged so far (progress only: the server's own offset decides a resume).
  upload_offset INTEGER NOT NULL DEFAULT 0 CHECK (upload_offset >= 0),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  -- Backoff after a failure: not tried again before this instant.
  next_attempt_at TEXT,
  created_at TEXT NOT NULL,
  confirmed_at TEXT
) STRICT;
CREATE INDEX blob_upload_waiting ON blob_upload (kind, created_at) WHERE state <> 'done';

-- Schema v4: an attachment keeps the name of the file as it was picked or dropped (shown on its tile,
-- offered when the file is saved) and a caption (説明) anyone reading the record can see.
-- Both sync as columns of the attachment row. The name is written once with the row; the caption may be
-- edited afterwards and merges by last writer like the other mutable fields of an append-only record.
-- Both may name a person, so erasing a family wipes them (shared/sync/personal.ts).
ALTER TABLE attachment ADD COLUMN file_name TEXT CHECK (file_name IS NULL OR length(file_name) <= 255);
ALTER TABLE attachment ADD COLUMN caption TEXT CHECK (caption IS NULL OR length(caption) <= 500);

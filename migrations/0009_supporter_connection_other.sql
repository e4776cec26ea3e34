-- Schema v9: what a supporter's 「その他」 connection is (友人の紹介, 町の SNS …), in its own words.
-- 0008 had no field for it and the form asked for it in the note, where it mixed with the follow-up.
-- Set only when `connections` holds 'other' (the core clears it otherwise); ≤ 100 characters.
-- Added before 0008 was released, so no laptop holds v8 rows without it.
ALTER TABLE supporter ADD COLUMN connection_other TEXT CHECK (connection_other IS NULL OR length(connection_other) <= 100);

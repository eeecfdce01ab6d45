-- Dead letters keep a bounded head of the frame (raw, at most hub.dead-letters.max-raw-bytes), plus the size and the
-- SHA-256 digest (lowercase hex) of the whole frame (issue 15, finding 7: a 10 MiB frame was kept whole).
ALTER TABLE dead_letters ADD COLUMN raw_size INTEGER;
ALTER TABLE dead_letters ADD COLUMN raw_sha256 TEXT;
-- rows written before kept the whole frame: its size is what they hold; their digest is computed when read
UPDATE dead_letters SET raw_size = length(raw);

-- The hub's own ingest tables (portable SQL; kept apart from the seed schema).

-- Natural identity of every recorded frame, so a re-sent frame is acknowledged but stored once.
CREATE TABLE processed_messages (
    message_key TEXT PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id)
);

-- Frames that could not be decoded or validated, kept with their raw bytes.
CREATE TABLE dead_letters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at INTEGER NOT NULL,
    endpoint TEXT NOT NULL,
    sender TEXT,
    error_code TEXT NOT NULL,
    reason TEXT NOT NULL,
    raw BLOB NOT NULL
);
CREATE INDEX idx_dead_letters_received ON dead_letters(received_at);

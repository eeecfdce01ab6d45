-- The idempotency keys as one b-tree keyed by message_key (WITHOUT ROWID): with a rowid table every recorded frame
-- wrote two b-trees here (the rows and the primary key's index), on the ingest path's single writer.
CREATE TABLE processed_messages_by_key (
    message_key TEXT PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id)
) WITHOUT ROWID;
INSERT INTO processed_messages_by_key (message_key, event_id) SELECT message_key, event_id FROM processed_messages;
DROP TABLE processed_messages;
ALTER TABLE processed_messages_by_key RENAME TO processed_messages;

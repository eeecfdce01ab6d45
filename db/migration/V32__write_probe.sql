-- One row the database health check rewrites on each call: a read says nothing about a full disk or a
-- write lock held elsewhere, so the check proves that a write commits.
CREATE TABLE write_probe (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    written_at INTEGER NOT NULL
);
INSERT INTO write_probe (id, written_at) VALUES (1, 0);

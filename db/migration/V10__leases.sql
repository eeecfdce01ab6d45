-- Leases for multi-agent coordination (issue 7). A row is never deleted, so the fencing token of a
-- resource only grows, across releases and restarts. Times are epoch milliseconds.
CREATE TABLE leases (
    resource TEXT PRIMARY KEY,
    holder TEXT,                   -- NULL once released
    token INTEGER NOT NULL,        -- fencing token of the latest grant
    expires_at INTEGER NOT NULL,   -- free when <= now (0 once released)
    acquired_at INTEGER NOT NULL
);

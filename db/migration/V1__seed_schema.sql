-- Seed 000's event-sourcing schema, unchanged: agents, events, snapshots and their eight indexes.
CREATE TABLE IF NOT EXISTS agents (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'idle',
    zmq_address TEXT,
    created_at INTEGER NOT NULL DEFAULT (strftime('%s', 'now')),
    updated_at INTEGER NOT NULL DEFAULT (strftime('%s', 'now')),
    metadata TEXT DEFAULT '{}'
);

CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_type TEXT NOT NULL,
    timestamp INTEGER NOT NULL DEFAULT (strftime('%s', 'now')),
    agent_id TEXT,
    session_id TEXT,
    content TEXT NOT NULL,
    metadata TEXT DEFAULT '{}',
    git_commit TEXT,
    FOREIGN KEY (agent_id) REFERENCES agents(id)
);

CREATE TABLE IF NOT EXISTS snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id TEXT,
    git_commit_hash TEXT NOT NULL,
    last_event_id INTEGER NOT NULL,
    description TEXT,
    created_at INTEGER NOT NULL DEFAULT (strftime('%s', 'now')),
    metadata TEXT DEFAULT '{}',
    FOREIGN KEY (agent_id) REFERENCES agents(id),
    FOREIGN KEY (last_event_id) REFERENCES events(id)
);

CREATE INDEX IF NOT EXISTS idx_events_agent_id ON events(agent_id);
CREATE INDEX IF NOT EXISTS idx_events_timestamp ON events(timestamp);
CREATE INDEX IF NOT EXISTS idx_events_type ON events(event_type);
CREATE INDEX IF NOT EXISTS idx_events_session ON events(session_id);
CREATE INDEX IF NOT EXISTS idx_events_git ON events(git_commit);
CREATE INDEX IF NOT EXISTS idx_snapshots_agent ON snapshots(agent_id);
CREATE INDEX IF NOT EXISTS idx_snapshots_git ON snapshots(git_commit_hash);
CREATE INDEX IF NOT EXISTS idx_agents_status ON agents(status);

-- The hub's own tables as SQLite has them after db/migration/V2..V36 (one step: PostgreSQL support starts at V36,
-- so the next migration is V37 in both folders). Times are epoch milliseconds unless said otherwise.

-- Natural identity of every recorded frame, so a re-sent frame is acknowledged but stored once.
CREATE TABLE processed_messages (
    message_key TEXT PRIMARY KEY,
    event_id BIGINT NOT NULL
);

-- Frames that could not be decoded or validated: a bounded head of the frame, its size and SHA-256 (lowercase hex).
CREATE TABLE dead_letters (
    id BIGSERIAL PRIMARY KEY,
    received_at BIGINT NOT NULL,
    endpoint TEXT NOT NULL,
    sender TEXT,
    error_code TEXT NOT NULL,
    reason TEXT NOT NULL,
    raw BYTEA NOT NULL,
    raw_size BIGINT,
    raw_sha256 TEXT
);
CREATE INDEX idx_dead_letters_received ON dead_letters(received_at);

-- Leases: a row is never deleted, so the fencing token of a resource only grows.
CREATE TABLE leases (
    resource TEXT PRIMARY KEY,
    holder TEXT,
    token BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    acquired_at BIGINT NOT NULL
);

-- Secrets, encrypted at rest (db/migration/V11 says how).
CREATE TABLE secret_key_check (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    nonce BYTEA NOT NULL,
    ciphertext BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    current_version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    rotated_at BIGINT
);

CREATE TABLE secret_versions (
    name TEXT NOT NULL,
    version BIGINT NOT NULL,
    nonce BYTEA NOT NULL,
    ciphertext BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (name, version)
);

CREATE TABLE secret_access_log (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    name TEXT NOT NULL,
    action TEXT NOT NULL,
    version BIGINT,
    via TEXT NOT NULL
);
CREATE INDEX idx_secret_access_log_name ON secret_access_log(name);

-- Remote runners and which runner runs which agent (db/migration/V20, V34).
CREATE TABLE runners (
    id TEXT PRIMARY KEY,
    command_address TEXT NOT NULL,
    capacity BIGINT NOT NULL,
    labels TEXT NOT NULL,
    backends TEXT NOT NULL,
    status TEXT NOT NULL,
    registered_at BIGINT NOT NULL,
    last_heartbeat_at BIGINT NOT NULL,
    peer_key TEXT
);
CREATE INDEX idx_runners_status ON runners(status);

CREATE TABLE runner_agents (
    agent_id TEXT PRIMARY KEY,
    runner_id TEXT NOT NULL,
    assigned_at BIGINT NOT NULL
);
CREATE INDEX idx_runner_agents_runner ON runner_agents(runner_id);

CREATE TABLE agent_reporters (
    agent_id TEXT PRIMARY KEY,
    peer_key TEXT NOT NULL
);

-- The database health check's write (db/migration/V32).
CREATE TABLE write_probe (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    written_at BIGINT NOT NULL
);
INSERT INTO write_probe (id, written_at) VALUES (1, 0);

-- ZeroMQ CURVE client keys (public keys only; a revoked key keeps its row).
CREATE TABLE zmq_clients (
    name TEXT PRIMARY KEY,
    public_key TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

-- The message bus (db/migration/V36 says how the tables work together).
CREATE TABLE bus_messages (
    event_id BIGINT PRIMARY KEY,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    sender TEXT NOT NULL,
    recipient TEXT,
    topic TEXT,
    channel TEXT,
    request_id TEXT,
    correlation_id TEXT,
    priority BIGINT NOT NULL,
    requires_ack BIGINT NOT NULL,
    expires_at BIGINT,
    reply_deadline BIGINT,
    UNIQUE (sender, id)
);
CREATE INDEX idx_bus_messages_topic ON bus_messages(topic, event_id);
CREATE INDEX idx_bus_messages_channel ON bus_messages(channel, event_id);
CREATE INDEX idx_bus_messages_recipient ON bus_messages(recipient, event_id);
CREATE INDEX idx_bus_messages_correlation ON bus_messages(correlation_id, event_id);
CREATE INDEX idx_bus_messages_requests ON bus_messages(kind, recipient, id);
CREATE INDEX idx_bus_messages_open_requests ON bus_messages(reply_deadline) WHERE reply_deadline IS NOT NULL;

CREATE TABLE bus_deliveries (
    event_id BIGINT NOT NULL,
    recipient TEXT NOT NULL,
    state TEXT NOT NULL,
    priority BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    reason TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, recipient)
);
CREATE INDEX idx_bus_deliveries_queue ON bus_deliveries(recipient, state, priority DESC, event_id);
CREATE INDEX idx_bus_deliveries_due ON bus_deliveries(state, due_at);

CREATE TABLE bus_subscriptions (
    topic TEXT NOT NULL,
    subscriber TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (topic, subscriber)
);

CREATE TABLE bus_channel_members (
    channel TEXT NOT NULL,
    member TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (channel, member)
);

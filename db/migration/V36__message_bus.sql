-- The message bus (routes/bus.camel.yaml, README "Message bus"). A message is stored once, as its event
-- (event_type 'bus_message', content = the message); bus_messages indexes it for routing and history (no payload),
-- bus_deliveries holds its delivery state per recipient. All three are written in the event's transaction.
CREATE TABLE bus_messages (
    event_id INTEGER PRIMARY KEY REFERENCES events(id),
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    sender TEXT NOT NULL,
    recipient TEXT,
    topic TEXT,
    channel TEXT,
    request_id TEXT,
    correlation_id TEXT,
    priority INTEGER NOT NULL,
    requires_ack INTEGER NOT NULL,
    -- epoch ms after which the message is not delivered any more; NULL: never
    expires_at INTEGER,
    -- requests only: epoch ms by which a response is due; NULL once answered (or timed out)
    reply_deadline INTEGER,
    UNIQUE (sender, id)
);
CREATE INDEX idx_bus_messages_topic ON bus_messages(topic, event_id);
CREATE INDEX idx_bus_messages_channel ON bus_messages(channel, event_id);
CREATE INDEX idx_bus_messages_recipient ON bus_messages(recipient, event_id);
CREATE INDEX idx_bus_messages_correlation ON bus_messages(correlation_id, event_id);
CREATE INDEX idx_bus_messages_requests ON bus_messages(kind, recipient, id);
CREATE INDEX idx_bus_messages_open_requests ON bus_messages(reply_deadline) WHERE reply_deadline IS NOT NULL;

-- One row per recipient of a message: pending (waiting to be delivered, from due_at on), delivered (sent; with
-- requires_ack due_at is when it is sent again), acked, expired (its TTL ran out), dead (out of attempts).
CREATE TABLE bus_deliveries (
    event_id INTEGER NOT NULL REFERENCES bus_messages(event_id),
    recipient TEXT NOT NULL,
    state TEXT NOT NULL,
    priority INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    reason TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, recipient)
) WITHOUT ROWID;
CREATE INDEX idx_bus_deliveries_queue ON bus_deliveries(recipient, state, priority DESC, event_id);
CREATE INDEX idx_bus_deliveries_due ON bus_deliveries(state, due_at);

CREATE TABLE bus_subscriptions (
    topic TEXT NOT NULL,
    subscriber TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (topic, subscriber)
) WITHOUT ROWID;

CREATE TABLE bus_channel_members (
    channel TEXT NOT NULL,
    member TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (channel, member)
) WITHOUT ROWID;

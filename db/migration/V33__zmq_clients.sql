-- ZeroMQ CURVE client keys the hub issued or was given (hub.zmq.curve.*, README "ZeroMQ keys"): only public
-- keys, never a client's secret. A revoked key keeps its row (revoked_at set), so neither its name nor its key
-- can come back. Times are epoch milliseconds.
CREATE TABLE zmq_clients (
    name TEXT PRIMARY KEY,
    public_key TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

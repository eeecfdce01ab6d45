-- Remote runners (hub.runner.*): who offered to run agents, and which runner runs which agent.
-- status: live (registered, heartbeating), unregistered (stopped gracefully), lost (missed heartbeats).
CREATE TABLE runners (
    id TEXT PRIMARY KEY,
    command_address TEXT NOT NULL,
    capacity INTEGER NOT NULL,
    labels TEXT NOT NULL,
    backends TEXT NOT NULL,
    status TEXT NOT NULL,
    registered_at INTEGER NOT NULL,
    last_heartbeat_at INTEGER NOT NULL
);
CREATE INDEX idx_runners_status ON runners(status);

-- One row per agent spawned on a remote runner; when the runner is lost, its agents are found here.
CREATE TABLE runner_agents (
    agent_id TEXT PRIMARY KEY,
    runner_id TEXT NOT NULL REFERENCES runners(id),
    assigned_at INTEGER NOT NULL
);
CREATE INDEX idx_runner_agents_runner ON runner_agents(runner_id);

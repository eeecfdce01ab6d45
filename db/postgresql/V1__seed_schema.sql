-- PostgreSQL's form of the seed schema (db/migration/V1): agents, events, snapshots and their eight indexes.
-- Ids are bigserial (the journal writes them under an advisory lock, so id order is commit order:
-- docs/architecture.md "PostgreSQL store"); times are epoch seconds as in the seed. No foreign keys in either
-- folder: SQLite declares them but does not enforce them (foreign_keys is off), and the hub relies on that (events
-- of agents the registry never listed; retention deletes events and keeps their idempotency keys).
CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'idle',
    zmq_address TEXT,
    created_at BIGINT NOT NULL DEFAULT (extract(epoch FROM now())::bigint),
    updated_at BIGINT NOT NULL DEFAULT (extract(epoch FROM now())::bigint),
    metadata TEXT DEFAULT '{}',
    -- SQLite's implicit rowid made explicit: the registry lists agents in the order they were first seen
    rowid BIGSERIAL NOT NULL UNIQUE
);

CREATE TABLE events (
    id BIGSERIAL PRIMARY KEY,
    event_type TEXT NOT NULL,
    timestamp BIGINT NOT NULL DEFAULT (extract(epoch FROM now())::bigint),
    agent_id TEXT,
    session_id TEXT,
    content TEXT NOT NULL,
    metadata TEXT DEFAULT '{}',
    git_commit TEXT
);

CREATE TABLE snapshots (
    id BIGSERIAL PRIMARY KEY,
    agent_id TEXT,
    git_commit_hash TEXT NOT NULL,
    last_event_id BIGINT NOT NULL,
    description TEXT,
    created_at BIGINT NOT NULL DEFAULT (extract(epoch FROM now())::bigint),
    metadata TEXT DEFAULT '{}'
);

CREATE INDEX idx_events_agent_id ON events(agent_id);
CREATE INDEX idx_events_timestamp ON events(timestamp);
CREATE INDEX idx_events_type ON events(event_type);
CREATE INDEX idx_events_session ON events(session_id);
CREATE INDEX idx_events_git ON events(git_commit);
CREATE INDEX idx_snapshots_agent ON snapshots(agent_id);
CREATE INDEX idx_snapshots_git ON snapshots(git_commit_hash);
CREATE INDEX idx_agents_status ON agents(status);

-- SQLite's json_patch (RFC 7396 JSON merge patch) on text, as the journal's agent upsert calls it.
CREATE FUNCTION json_merge_patch(target jsonb, patch jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    merged jsonb;
    k text;
    v jsonb;
BEGIN
    IF patch IS NULL OR jsonb_typeof(patch) <> 'object' THEN
        RETURN patch;
    END IF;
    merged := CASE WHEN jsonb_typeof(target) = 'object' THEN target ELSE '{}'::jsonb END;
    FOR k, v IN SELECT key, value FROM jsonb_each(patch) LOOP
        IF jsonb_typeof(v) = 'null' THEN
            merged := merged - k;
        ELSE
            merged := jsonb_set(merged, ARRAY[k], json_merge_patch(merged -> k, v));
        END IF;
    END LOOP;
    RETURN merged;
END
$$;

CREATE FUNCTION json_patch(target text, patch text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT json_merge_patch(target::jsonb, patch::jsonb)::text
$$;

-- SQLite's json_extract for the '$.key(.key...)' paths the hub's queries use, as text (JSON null: NULL).
CREATE FUNCTION json_extract(doc text, path text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT doc::jsonb #>> string_to_array(substr(path, 3), '.')
$$;

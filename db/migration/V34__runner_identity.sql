-- Who may speak for a runner or an agent on the runner link (issue #15): the CURVE public key (Z85) the runner
-- registered with, and the key that first reported an agent no runner and not the hub runs (an upstream agent
-- reporting directly). Without CURVE a peer has no lasting identity, so nothing is stored (peer_key NULL).
ALTER TABLE runners ADD COLUMN peer_key TEXT;

CREATE TABLE agent_reporters (
    agent_id TEXT PRIMARY KEY,
    peer_key TEXT NOT NULL
) WITHOUT ROWID;

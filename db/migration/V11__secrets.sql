-- Secrets, encrypted at rest (issue 7): AES-256-GCM, a fresh 96-bit nonce per version, the
-- name and version bound in as associated data. Values never appear in any other table.
-- Times are epoch milliseconds.

-- One known plaintext sealed with the master key: a hub started with another key stops at once.
CREATE TABLE secret_key_check (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    current_version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    rotated_at INTEGER
);

-- Every version is kept until the secret is deleted.
CREATE TABLE secret_versions (
    name TEXT NOT NULL REFERENCES secrets(name),
    version INTEGER NOT NULL,
    nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (name, version)
);

-- Who did what to which secret, without values: created, rotated, deleted, revealed, injected, refused.
CREATE TABLE secret_access_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    name TEXT NOT NULL,
    action TEXT NOT NULL,
    version INTEGER,
    via TEXT NOT NULL
);
CREATE INDEX idx_secret_access_log_name ON secret_access_log(name);

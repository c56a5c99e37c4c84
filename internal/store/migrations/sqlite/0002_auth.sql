-- Access: local users with their role and organisation, database-held
-- sessions and API tokens (only hashes of the tokens are stored), failed
-- login attempts for throttling, and the person a task is delegated to.
-- Timestamps are fixed-width RFC 3339 UTC text, so they compare as text.

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    email           TEXT    NOT NULL UNIQUE,            -- lower case
    name            TEXT    NOT NULL,
    role            TEXT    NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    password_hash   TEXT    NOT NULL DEFAULT '',        -- argon2id PHC string; '' = no password login
    oidc_issuer     TEXT    NOT NULL DEFAULT '',
    oidc_subject    TEXT    NOT NULL DEFAULT '',
    active          INTEGER NOT NULL DEFAULT TRUE,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);
CREATE UNIQUE INDEX users_oidc ON users (oidc_issuer, oidc_subject) WHERE oidc_subject <> '';
CREATE INDEX users_organisation ON users (organisation_id);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT    NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL,
    expires_at   TEXT    NOT NULL,                      -- absolute expiry
    method       TEXT    NOT NULL DEFAULT 'password',   -- password or oidc
    ip           TEXT    NOT NULL DEFAULT '',
    user_agent   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    hint         TEXT    NOT NULL,                      -- the token's last characters, to recognise it
    created_at   TEXT    NOT NULL,
    created_by   TEXT    NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    key TEXT    NOT NULL,                               -- konto:<email> or ip:<address>
    at  TEXT    NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

ALTER TABLE task_instances ADD COLUMN delegate_id INTEGER REFERENCES users (id);
CREATE INDEX task_instances_delegate ON task_instances (delegate_id) WHERE delegate_id IS NOT NULL;

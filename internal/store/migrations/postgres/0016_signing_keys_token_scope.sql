-- Keys the servers share for signing links that act without a login: the
-- one-click unsubscribe link of every mail (docs/exchange.md, "Mail"). Made
-- at first use by whichever server needs it first; every server reads the
-- same row, so a link signed by one is valid on all.
CREATE TABLE signing_keys (
    name       TEXT PRIMARY KEY,
    secret     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- An API token's scope, chosen when it is made: 'write' may do whatever its
-- user may (every token made before this), 'read' only reads – every
-- request other than GET and HEAD is refused with 403.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write';

-- Login through several identity providers (docs/login.md):
-- an organisation may be bound to one of the providers configured in the
-- login file (by its id); its users are then sent there and may not use
-- another provider. A session remembers the provider it came through and
-- what that provider needs to end its own session too (OpenID Connect: the
-- ID token for id_token_hint; SAML: the NameID and SessionIndex).
CREATE TABLE organisation_logins (
    organisation_id BIGINT  PRIMARY KEY REFERENCES organisations (id),
    provider        TEXT    NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    updated_by      TEXT    NOT NULL DEFAULT ''
);
ALTER TABLE sessions ADD COLUMN provider TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN provider_logout TEXT NOT NULL DEFAULT '';

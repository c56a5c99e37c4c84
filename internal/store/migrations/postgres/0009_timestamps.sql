-- One timestamp format (issue 11). PostgreSQL already holds every
-- timestamp as TIMESTAMPTZ except schema_migrations.applied_at, which the
-- migrator created as TEXT (RFC 3339, whole seconds); it becomes a
-- TIMESTAMPTZ like the rest.
ALTER TABLE schema_migrations ALTER COLUMN applied_at TYPE TIMESTAMPTZ USING applied_at::timestamptz;

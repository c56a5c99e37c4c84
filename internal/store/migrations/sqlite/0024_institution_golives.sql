-- An institution's own go-live within its municipality's plan (issue 14,
-- docs/institutions.md): without a row, or with own = FALSE, the
-- institution follows its municipality's go-live; with own = TRUE its
-- institution-level tasks count back from golive (a pilot when it is before
-- the municipality's). version detects concurrent edits.
CREATE TABLE institution_golives (
    plan_id        INTEGER NOT NULL REFERENCES plans (id),
    institution_id INTEGER NOT NULL REFERENCES organisations (id),
    own            INTEGER NOT NULL DEFAULT FALSE,
    golive         TEXT    NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    set_at         TEXT    NOT NULL,
    set_by         TEXT    NOT NULL,
    PRIMARY KEY (plan_id, institution_id)
);

-- Benefit register (gevinstrealisering, issue 13): a municipality's vision
-- and the coordinator's extension of the last post-measurement date, its
-- benefits with their place in the benefit tree, their post-measurements,
-- and the register's history. Rules: internal/benefit; docs/benefit.md.
CREATE TABLE benefit_registers (
    programme_id     INTEGER NOT NULL REFERENCES programmes (id),
    municipality_id  INTEGER NOT NULL REFERENCES organisations (id),
    vision           TEXT    NOT NULL DEFAULT '',
    -- the coordinator's extension of the last post-measurement date
    extended_until   TEXT,
    extension_reason TEXT    NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    updated_at       TEXT    NOT NULL,
    updated_by       TEXT    NOT NULL,
    PRIMARY KEY (programme_id, municipality_id)
);

CREATE TABLE benefits (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL REFERENCES programmes (id),
    municipality_id INTEGER NOT NULL REFERENCES organisations (id),
    title           TEXT    NOT NULL,
    type            TEXT    NOT NULL CHECK (type IN ('oekonomisk_raaderum', 'kvalitet', 'service', 'trivsel')),
    goal            TEXT    NOT NULL,
    change_name     TEXT    NOT NULL,
    owner           TEXT    NOT NULL,
    accountable     TEXT    NOT NULL,
    smart           TEXT    NOT NULL,
    indicator       TEXT    NOT NULL,
    unit            TEXT    NOT NULL,
    direction       TEXT    NOT NULL CHECK (direction IN ('hoejere', 'lavere')),
    baseline_value  REAL    NOT NULL,
    baseline_date   TEXT    NOT NULL,
    target_value    REAL    NOT NULL,
    target_date     TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    updated_by      TEXT    NOT NULL
);
CREATE INDEX benefits_municipality ON benefits (programme_id, municipality_id);

-- Post-measurements (eftermålinger). Append-only: a wrong figure is
-- corrected by a newer measurement with a comment.
CREATE TABLE benefit_measurements (
    id          INTEGER PRIMARY KEY,
    benefit_id  INTEGER NOT NULL REFERENCES benefits (id),
    value       REAL    NOT NULL,
    measured_on TEXT    NOT NULL,
    comment     TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL
);
CREATE INDEX benefit_measurements_benefit ON benefit_measurements (benefit_id, measured_on, id);
CREATE TRIGGER benefit_measurements_no_update BEFORE UPDATE ON benefit_measurements
BEGIN SELECT RAISE(ABORT, 'benefit measurements are append-only'); END;
CREATE TRIGGER benefit_measurements_no_delete BEFORE DELETE ON benefit_measurements
BEGIN SELECT RAISE(ABORT, 'benefit measurements are append-only'); END;

-- The register's history: the vision, every benefit's creation and change,
-- every measurement and every extension. Append-only.
CREATE TABLE benefit_events (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL REFERENCES programmes (id),
    municipality_id INTEGER NOT NULL REFERENCES organisations (id),
    -- the benefit the entry is about; NULL for the register's own entries
    benefit_id      INTEGER REFERENCES benefits (id),
    at              TEXT    NOT NULL,
    actor           TEXT    NOT NULL,
    message         TEXT    NOT NULL
);
CREATE INDEX benefit_events_register ON benefit_events (programme_id, municipality_id, id);
CREATE TRIGGER benefit_events_no_update BEFORE UPDATE ON benefit_events
BEGIN SELECT RAISE(ABORT, 'benefit history is append-only'); END;
CREATE TRIGGER benefit_events_no_delete BEFORE DELETE ON benefit_events
BEGIN SELECT RAISE(ABORT, 'benefit history is append-only'); END;

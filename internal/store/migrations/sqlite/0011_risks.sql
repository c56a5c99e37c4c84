-- Risk register (risikoregister, issue 13): the fields of seed 003 figure
-- 19 at three levels: a municipality's register, the central programme's
-- and a hypercare team's per wave. Rules: internal/risk; docs/risk.md.
CREATE TABLE risks (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL REFERENCES programmes (id),
    level           TEXT    NOT NULL CHECK (level IN ('kommune', 'central', 'hypercare')),
    -- the municipality of a municipal register; NULL for the others
    municipality_id INTEGER REFERENCES organisations (id),
    -- the wave of a hypercare register, and of a municipal risk (the
    -- plan's wave when made) so that lessons reach the next wave; 0 central
    wave            INTEGER NOT NULL DEFAULT 0,
    description     TEXT    NOT NULL,
    registered      TEXT    NOT NULL,
    category        TEXT    NOT NULL CHECK (category IN ('teknisk', 'organisatorisk')),
    probability     INTEGER NOT NULL CHECK (probability BETWEEN 1 AND 5),
    consequence     INTEGER NOT NULL CHECK (consequence BETWEEN 1 AND 5),
    proximity       TEXT    NOT NULL,
    reaction_type   TEXT    NOT NULL,
    reaction        TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL CHECK (status IN ('aaben', 'indtruffet', 'lukket')),
    initiator       TEXT    NOT NULL DEFAULT '',
    owner           TEXT    NOT NULL,
    actor           TEXT    NOT NULL DEFAULT '',
    next_review     TEXT,
    lesson          TEXT    NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    updated_by      TEXT    NOT NULL,
    CHECK ((level = 'kommune') = (municipality_id IS NOT NULL))
);
CREATE INDEX risks_programme ON risks (programme_id, level, municipality_id);

-- The register's history: every creation, change and closing. Append-only.
CREATE TABLE risk_events (
    id      INTEGER PRIMARY KEY,
    risk_id INTEGER NOT NULL REFERENCES risks (id),
    at      TEXT    NOT NULL,
    actor   TEXT    NOT NULL,
    message TEXT    NOT NULL
);
CREATE INDEX risk_events_risk ON risk_events (risk_id, id);
CREATE TRIGGER risk_events_no_update BEFORE UPDATE ON risk_events
BEGIN SELECT RAISE(ABORT, 'risk history is append-only'); END;
CREATE TRIGGER risk_events_no_delete BEFORE DELETE ON risk_events
BEGIN SELECT RAISE(ABORT, 'risk history is append-only'); END;

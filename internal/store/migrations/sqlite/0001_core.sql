-- Core schema: organisations, programmes, catalogue versions, plans, task
-- instances with their append-only status history, and per-plan colour counts.
-- Dates are TEXT YYYY-MM-DD (sorts chronologically); timestamps are RFC 3339 UTC text.

CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('central', 'leverandoer', 'kommune', 'institution')),
    category    TEXT    NOT NULL DEFAULT '',
    code        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    parent_id   INTEGER REFERENCES organisations (id),
    region_code TEXT    NOT NULL DEFAULT '',
    region_name TEXT    NOT NULL DEFAULT '',
    population  INTEGER NOT NULL DEFAULT 0,
    area_km2    REAL    NOT NULL DEFAULT 0,
    UNIQUE (kind, code)
);
CREATE INDEX organisations_parent ON organisations (parent_id);

CREATE TABLE programmes (
    id              INTEGER PRIMARY KEY,
    key             TEXT    NOT NULL UNIQUE,
    name            TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    warning_days    INTEGER NOT NULL,
    institutions    TEXT    NOT NULL DEFAULT '',
    milestones      TEXT    NOT NULL DEFAULT '[]',
    current_version INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT    NOT NULL
);

CREATE TABLE catalogue_versions (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    number       INTEGER NOT NULL,
    published_at TEXT    NOT NULL,
    published_by TEXT    NOT NULL,
    source_name  TEXT    NOT NULL,
    source       TEXT    NOT NULL,
    summary      TEXT    NOT NULL,
    UNIQUE (programme_id, number)
);

CREATE TABLE catalogue_tasks (
    id                INTEGER PRIMARY KEY,
    programme_id      INTEGER NOT NULL REFERENCES programmes (id),
    key               TEXT    NOT NULL,
    position          INTEGER NOT NULL,
    title             TEXT    NOT NULL,
    description       TEXT    NOT NULL,
    theme             TEXT    NOT NULL,
    main_task         INTEGER NOT NULL,
    phase             TEXT    NOT NULL,
    type              TEXT    NOT NULL,
    level             TEXT    NOT NULL,
    responsible       TEXT    NOT NULL,
    executor          TEXT    NOT NULL,
    milestone         TEXT    NOT NULL,
    start_offset      INTEGER NOT NULL,
    end_offset        INTEGER NOT NULL,
    unit              TEXT    NOT NULL,
    added_version     INTEGER NOT NULL,
    changed_version   INTEGER NOT NULL,
    withdrawn_version INTEGER,
    UNIQUE (programme_id, key)
);

CREATE TABLE plans (
    id                INTEGER PRIMARY KEY,
    programme_id      INTEGER NOT NULL REFERENCES programmes (id),
    organisation_id   INTEGER NOT NULL REFERENCES organisations (id),
    golive            TEXT    NOT NULL,
    wave              INTEGER NOT NULL DEFAULT 0,
    enrolled_at       TEXT    NOT NULL,
    enrolled_by       TEXT    NOT NULL,
    catalogue_version INTEGER NOT NULL,
    UNIQUE (programme_id, organisation_id)
);

CREATE TABLE task_instances (
    id                INTEGER PRIMARY KEY,
    plan_id           INTEGER NOT NULL REFERENCES plans (id),
    programme_id      INTEGER NOT NULL REFERENCES programmes (id),
    catalogue_task_id INTEGER NOT NULL REFERENCES catalogue_tasks (id),
    institution_id    INTEGER REFERENCES organisations (id),
    type              TEXT    NOT NULL,
    planned_start     TEXT    NOT NULL,
    planned_end       TEXT    NOT NULL,
    start_date        TEXT    NOT NULL,
    end_date          TEXT    NOT NULL,
    date_override     INTEGER NOT NULL DEFAULT FALSE,
    override_reason   TEXT    NOT NULL DEFAULT '',
    status            TEXT    NOT NULL DEFAULT 'ikke_paabegyndt',
    status_at         TEXT,
    status_by         TEXT    NOT NULL DEFAULT '',
    status_comment    TEXT    NOT NULL DEFAULT '',
    withdrawn         INTEGER NOT NULL DEFAULT FALSE,
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX task_instances_identity ON task_instances (plan_id, catalogue_task_id, COALESCE(institution_id, 0));
CREATE INDEX task_instances_catalogue ON task_instances (catalogue_task_id);
CREATE INDEX task_instances_followup ON task_instances (programme_id, type, status, end_date);

CREATE TABLE status_events (
    id                INTEGER PRIMARY KEY,
    instance_id       INTEGER NOT NULL REFERENCES task_instances (id),
    at                TEXT    NOT NULL,
    actor             TEXT    NOT NULL,
    kind              TEXT    NOT NULL,
    from_status       TEXT    NOT NULL DEFAULT '',
    to_status         TEXT    NOT NULL DEFAULT '',
    comment           TEXT    NOT NULL DEFAULT '',
    catalogue_version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX status_events_instance ON status_events (instance_id, id);

CREATE TRIGGER status_events_no_update BEFORE UPDATE ON status_events
BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;
CREATE TRIGGER status_events_no_delete BEFORE DELETE ON status_events
BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;

CREATE TABLE publication_changes (
    version_id INTEGER NOT NULL REFERENCES catalogue_versions (id),
    plan_id    INTEGER NOT NULL REFERENCES plans (id),
    task_key   TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    fields     TEXT    NOT NULL DEFAULT '',
    instances  INTEGER NOT NULL,
    PRIMARY KEY (version_id, plan_id, task_key)
);

-- plan_counts holds how many live task instances each plan has per type,
-- status and end date. It is kept by triggers, so no write path can forget
-- it, and lets an overview over a million instances read a few thousand
-- rows; the colour rule itself stays in Go (model.TaskColour).
CREATE TABLE plan_counts (
    plan_id  INTEGER NOT NULL,
    type     TEXT    NOT NULL,
    status   TEXT    NOT NULL,
    end_date TEXT    NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (plan_id, type, status, end_date)
) WITHOUT ROWID;

CREATE TRIGGER task_instances_count_insert AFTER INSERT ON task_instances
WHEN NOT NEW.withdrawn
BEGIN
    INSERT INTO plan_counts (plan_id, type, status, end_date, n)
    VALUES (NEW.plan_id, NEW.type, NEW.status, NEW.end_date, 1)
    ON CONFLICT (plan_id, type, status, end_date) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER task_instances_count_update AFTER UPDATE OF type, status, end_date, withdrawn ON task_instances
BEGIN
    UPDATE plan_counts SET n = n - 1
    WHERE NOT OLD.withdrawn AND plan_id = OLD.plan_id AND type = OLD.type AND status = OLD.status AND end_date = OLD.end_date;
    INSERT INTO plan_counts (plan_id, type, status, end_date, n)
    SELECT NEW.plan_id, NEW.type, NEW.status, NEW.end_date, 1 WHERE NOT NEW.withdrawn
    ON CONFLICT (plan_id, type, status, end_date) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER task_instances_count_delete AFTER DELETE ON task_instances
WHEN NOT OLD.withdrawn
BEGIN
    UPDATE plan_counts SET n = n - 1
    WHERE plan_id = OLD.plan_id AND type = OLD.type AND status = OLD.status AND end_date = OLD.end_date;
END;

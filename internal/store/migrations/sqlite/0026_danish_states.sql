-- Stored values follow one convention (issue 11): lower-case ASCII Danish
-- words. The wave plan versions' and the plan conflicts' states were
-- English; they are renamed here (model/enums.go). The API keeps its
-- English names (model/enums_api.go maps them).
-- Kept in step with ../postgres/0026_danish_states.sql.
--
-- SQLite cannot change a CHECK, so both tables are rebuilt with their
-- columns, defaults, foreign keys and indexes as before (neither has a
-- trigger). The migration runs in a transaction with foreign keys on, where
-- they cannot be switched off: dropping waveplan_versions would leave the
-- rows of the four tables that refer to it without a parent, so those rows
-- are set aside first and put back, unchanged, once the new table holds
-- their parents.

CREATE TABLE plan_conflicts_new (
    id                INTEGER PRIMARY KEY,
    plan_id           INTEGER NOT NULL REFERENCES plans (id),
    instance_id       INTEGER NOT NULL REFERENCES task_instances (id),
    catalogue_version INTEGER NOT NULL,
    old_start         TEXT    NOT NULL, -- what the standard said
    old_end           TEXT    NOT NULL,
    new_start         TEXT    NOT NULL, -- what it says now
    new_end           TEXT    NOT NULL,
    local_start       TEXT    NOT NULL, -- what the municipality has
    local_end         TEXT    NOT NULL,
    local_reason      TEXT    NOT NULL DEFAULT '',
    state             TEXT    NOT NULL DEFAULT 'aaben' CHECK (state IN ('aaben', 'behold_lokal', 'tag_standard')),
    created_at        TEXT    NOT NULL,
    resolved_at       TEXT,
    resolved_by       TEXT    NOT NULL DEFAULT ''
);
INSERT INTO plan_conflicts_new (id, plan_id, instance_id, catalogue_version, old_start, old_end, new_start, new_end,
    local_start, local_end, local_reason, state, created_at, resolved_at, resolved_by)
SELECT id, plan_id, instance_id, catalogue_version, old_start, old_end, new_start, new_end,
    local_start, local_end, local_reason,
    CASE state WHEN 'open' THEN 'aaben' WHEN 'keep_local' THEN 'behold_lokal' WHEN 'take_standard' THEN 'tag_standard' END,
    created_at, resolved_at, resolved_by
FROM plan_conflicts;
DROP TABLE plan_conflicts;
ALTER TABLE plan_conflicts_new RENAME TO plan_conflicts;
CREATE INDEX plan_conflicts_plan ON plan_conflicts (plan_id, state);
CREATE UNIQUE INDEX plan_conflicts_open ON plan_conflicts (instance_id) WHERE state = 'aaben';

CREATE TEMP TABLE waveplan_assignments_kept AS SELECT * FROM waveplan_assignments;
CREATE TEMP TABLE waveplan_steps_kept AS SELECT * FROM waveplan_steps;
CREATE TEMP TABLE waveplan_comments_kept AS SELECT * FROM waveplan_comments;
CREATE TEMP TABLE waveplan_announcements_kept AS SELECT * FROM waveplan_announcements;
DELETE FROM waveplan_assignments;
DELETE FROM waveplan_steps;
DELETE FROM waveplan_comments;
DELETE FROM waveplan_announcements;

CREATE TABLE waveplan_versions_new (
    id             INTEGER PRIMARY KEY,
    programme_id   INTEGER NOT NULL REFERENCES programmes (id),
    number         INTEGER NOT NULL,
    state          TEXT    NOT NULL CHECK (state IN ('udkast', 'hoering', 'endelig', 'erstattet')),
    revision       INTEGER NOT NULL DEFAULT 1,
    seed           INTEGER NOT NULL,
    based_on       INTEGER NOT NULL DEFAULT 0,
    setup_revision INTEGER NOT NULL,
    inputs         TEXT    NOT NULL, -- JSON: the setup and municipalities used
    score          TEXT    NOT NULL, -- JSON: the score of the current assignment
    created_at     TEXT    NOT NULL,
    created_by     TEXT    NOT NULL,
    announced_at   TEXT,
    announced_by   TEXT    NOT NULL DEFAULT '',
    finalised_at   TEXT,
    finalised_by   TEXT    NOT NULL DEFAULT '',
    UNIQUE (programme_id, number)
);
INSERT INTO waveplan_versions_new (id, programme_id, number, state, revision, seed, based_on, setup_revision,
    inputs, score, created_at, created_by, announced_at, announced_by, finalised_at, finalised_by)
SELECT id, programme_id, number,
    CASE state WHEN 'draft' THEN 'udkast' WHEN 'hearing' THEN 'hoering' WHEN 'final' THEN 'endelig' WHEN 'superseded' THEN 'erstattet' END,
    revision, seed, based_on, setup_revision, inputs, score, created_at, created_by, announced_at, announced_by, finalised_at, finalised_by
FROM waveplan_versions;
DROP TABLE waveplan_versions;
ALTER TABLE waveplan_versions_new RENAME TO waveplan_versions;
CREATE UNIQUE INDEX waveplan_versions_one_hearing ON waveplan_versions (programme_id) WHERE state = 'hoering';
CREATE UNIQUE INDEX waveplan_versions_one_final ON waveplan_versions (programme_id) WHERE state = 'endelig';

INSERT INTO waveplan_assignments SELECT * FROM waveplan_assignments_kept;
INSERT INTO waveplan_steps SELECT * FROM waveplan_steps_kept;
INSERT INTO waveplan_comments SELECT * FROM waveplan_comments_kept;
INSERT INTO waveplan_announcements SELECT * FROM waveplan_announcements_kept;
DROP TABLE waveplan_assignments_kept;
DROP TABLE waveplan_steps_kept;
DROP TABLE waveplan_comments_kept;
DROP TABLE waveplan_announcements_kept;

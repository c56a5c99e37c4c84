-- Wave planning (issue 6, docs/waves.md): per programme one editable set of
-- constraints (the setup) and numbered plan versions that go draft → hearing
-- → final (or are superseded). A version holds a snapshot of the inputs it
-- was computed from, so it can be re-scored and diffed later however the
-- setup changes.

CREATE TABLE waveplan_setups (
    programme_id      INTEGER PRIMARY KEY REFERENCES programmes (id),
    revision          INTEGER NOT NULL,
    versions          INTEGER NOT NULL DEFAULT 0, -- last version number handed out
    hypercare_teams   INTEGER NOT NULL,
    team_capacity     INTEGER NOT NULL,
    rollout_before    INTEGER NOT NULL,
    rollout_after     INTEGER NOT NULL,
    training_parallel INTEGER NOT NULL,
    training_before   INTEGER NOT NULL,
    training_after    INTEGER NOT NULL,
    medium_from       INTEGER NOT NULL,
    large_from        INTEGER NOT NULL,
    updated_at        TEXT    NOT NULL,
    updated_by        TEXT    NOT NULL
);

CREATE TABLE waveplan_waves (
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    number       INTEGER NOT NULL CHECK (number BETWEEN 1 AND 99),
    kind         TEXT    NOT NULL CHECK (kind IN ('pilot', 'regular', 'catchup')),
    golive       TEXT    NOT NULL,
    capacity     INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),
    PRIMARY KEY (programme_id, number)
);

CREATE TABLE waveplan_blackouts (
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    position     INTEGER NOT NULL,
    name         TEXT    NOT NULL,
    from_date    TEXT    NOT NULL,
    to_date      TEXT    NOT NULL,
    PRIMARY KEY (programme_id, position),
    CHECK (from_date <= to_date)
);

CREATE TABLE waveplan_groups (
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    position     INTEGER NOT NULL,
    name         TEXT    NOT NULL,
    PRIMARY KEY (programme_id, position)
);

CREATE TABLE waveplan_group_members (
    programme_id    INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (programme_id, position, organisation_id),
    FOREIGN KEY (programme_id, position) REFERENCES waveplan_groups (programme_id, position)
);

-- One row per municipality with a setting: fixed wave (0 = not fixed), wishes
-- (wave numbers, comma-separated), purchased training.
CREATE TABLE waveplan_municipalities (
    programme_id       INTEGER NOT NULL REFERENCES programmes (id),
    organisation_id    INTEGER NOT NULL REFERENCES organisations (id),
    fixed_wave         INTEGER NOT NULL DEFAULT 0,
    preferred          TEXT    NOT NULL DEFAULT '',
    excluded           TEXT    NOT NULL DEFAULT '',
    purchased_training INTEGER NOT NULL DEFAULT FALSE,
    note               TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (programme_id, organisation_id)
);

CREATE TABLE waveplan_versions (
    id             INTEGER PRIMARY KEY,
    programme_id   INTEGER NOT NULL REFERENCES programmes (id),
    number         INTEGER NOT NULL,
    state          TEXT    NOT NULL CHECK (state IN ('draft', 'hearing', 'final', 'superseded')),
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
-- At most one version of a programme is in hearing and one is final.
CREATE UNIQUE INDEX waveplan_versions_one_hearing ON waveplan_versions (programme_id) WHERE state = 'hearing';
CREATE UNIQUE INDEX waveplan_versions_one_final ON waveplan_versions (programme_id) WHERE state = 'final';

CREATE TABLE waveplan_assignments (
    version_id      INTEGER NOT NULL REFERENCES waveplan_versions (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    wave            INTEGER NOT NULL,
    locked          INTEGER NOT NULL DEFAULT FALSE,
    PRIMARY KEY (version_id, organisation_id)
);

-- The log of a version: how it was made and every what-if step applied to it.
CREATE TABLE waveplan_steps (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES waveplan_versions (id),
    at         TEXT    NOT NULL,
    actor      TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    summary    TEXT    NOT NULL,
    change     TEXT    NOT NULL DEFAULT '' -- JSON: scores before and after, who moved
);
CREATE INDEX waveplan_steps_version ON waveplan_steps (version_id, id);

CREATE TABLE waveplan_comments (
    id              INTEGER PRIMARY KEY,
    version_id      INTEGER NOT NULL REFERENCES waveplan_versions (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    author          TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    created_at      TEXT    NOT NULL
);
CREATE INDEX waveplan_comments_version ON waveplan_comments (version_id, organisation_id, id);

-- What each municipality was told when a version was announced. Until a mail
-- sender exists (issue 5), delivered_at stays NULL: the rows are the record
-- of the announcement and the queue a sender will drain.
CREATE TABLE waveplan_announcements (
    version_id      INTEGER NOT NULL REFERENCES waveplan_versions (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    wave            INTEGER NOT NULL,
    golive          TEXT    NOT NULL,
    previous_wave   INTEGER NOT NULL DEFAULT 0, -- wave in the previously announced version, 0 if none
    created_at      TEXT    NOT NULL,
    delivered_at    TEXT,
    PRIMARY KEY (version_id, organisation_id)
);

-- Implementation plans: catalogue dependencies, the municipality's own tasks,
-- delegation, baselines, conflicts between local changes and a new standard,
-- and calendar feeds. Dates are TEXT YYYY-MM-DD; timestamps RFC 3339 UTC text.

-- The current catalogue's dependencies: task_key waits for predecessor_key.
-- Replaced as a whole when a version is published.
CREATE TABLE catalogue_dependencies (
    programme_id    INTEGER NOT NULL REFERENCES programmes (id),
    task_key        TEXT    NOT NULL,
    predecessor_key TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('FS', 'SS', 'FF')),
    lag             INTEGER NOT NULL DEFAULT 0,
    position        INTEGER NOT NULL,
    PRIMARY KEY (programme_id, task_key, predecessor_key)
);

-- Tasks and milestones a municipality adds to its own plan. They are never
-- touched by a catalogue publication and do not count in the national
-- traffic lights, which measure the standard.
CREATE TABLE own_tasks (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plans (id),
    title       TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    phase       TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    milestone   INTEGER NOT NULL DEFAULT FALSE,
    start_date  TEXT    NOT NULL,
    end_date    TEXT    NOT NULL,
    responsible TEXT    NOT NULL DEFAULT '',
    executor    TEXT    NOT NULL DEFAULT '',
    assignee    TEXT    NOT NULL DEFAULT '',
    depends_on  TEXT    NOT NULL DEFAULT '[]',
    status      TEXT    NOT NULL DEFAULT 'ikke_paabegyndt',
    status_at   TEXT,
    status_by   TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT FALSE,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX own_tasks_plan ON own_tasks (plan_id);

-- Delegation of a catalogue task instance to a named person.
CREATE TABLE task_assignees (
    instance_id INTEGER PRIMARY KEY REFERENCES task_instances (id),
    assignee    TEXT    NOT NULL,
    assigned_at TEXT    NOT NULL,
    assigned_by TEXT    NOT NULL
);
CREATE INDEX task_assignees_assignee ON task_assignees (assignee);

-- Baselines: snapshots of a plan's dates to compare planned against actual.
CREATE TABLE baselines (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES plans (id),
    name     TEXT    NOT NULL,
    taken_at TEXT    NOT NULL,
    taken_by TEXT    NOT NULL
);
CREATE INDEX baselines_plan ON baselines (plan_id, id);

CREATE TABLE baseline_tasks (
    baseline_id INTEGER NOT NULL REFERENCES baselines (id),
    ref         TEXT    NOT NULL, -- i<instance id> or o<own task id>
    key         TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    start_date  TEXT    NOT NULL,
    end_date    TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    PRIMARY KEY (baseline_id, ref)
);

-- A catalogue publication that changed the standard dates of an instance the
-- municipality had moved locally. The local dates are kept until the
-- municipality resolves the conflict (keep local or take the standard).
CREATE TABLE plan_conflicts (
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
    state             TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'keep_local', 'take_standard')),
    created_at        TEXT    NOT NULL,
    resolved_at       TEXT,
    resolved_by       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX plan_conflicts_plan ON plan_conflicts (plan_id, state);
CREATE UNIQUE INDEX plan_conflicts_open ON plan_conflicts (instance_id) WHERE state = 'open';

-- iCalendar feeds: a secret URL per municipality plan or per person. Only the
-- SHA-256 of the token is stored.
CREATE TABLE calendar_feeds (
    id              INTEGER PRIMARY KEY,
    token_hash      TEXT    NOT NULL UNIQUE,
    plan_id         INTEGER REFERENCES plans (id),
    assignee        TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    revoked_at      TEXT
);

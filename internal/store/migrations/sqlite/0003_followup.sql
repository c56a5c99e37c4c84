-- Follow-up (issue 5): e-mail notifications through a transactional outbox,
-- follow-up worklist marks, the contact log, phase-gate checkpoints and
-- hypercare. Dates are TEXT YYYY-MM-DD. Timestamps written by this
-- migration's tables are fixed-width UTC text (2006-01-02T15:04:05.000000Z)
-- so that comparing them as text compares them as times.

-- A catalogue task can be an item of a phase transition's checklist, e.g.
-- "2.1-2.2"; empty when it is not.
ALTER TABLE catalogue_tasks ADD COLUMN checkpoint TEXT NOT NULL DEFAULT '';

-- The digest reads the status changes since its previous run.
CREATE INDEX status_events_at ON status_events (at);

-- E-mail preferences per user (users come from 0002_auth). A user
-- without a row has the default: municipal project leads straks, everyone
-- else aldrig. programmes limits which programmes they hear about (none
-- listed: all).
CREATE TABLE notify_preferences (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id),
    preference TEXT    NOT NULL CHECK (preference IN ('straks', 'dagligt', 'ugentligt', 'aldrig')),
    updated_at TEXT    NOT NULL,
    updated_by TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE notify_preference_programmes (
    user_id      INTEGER NOT NULL REFERENCES users (id),
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    PRIMARY KEY (user_id, programme_id)
);

-- The outbox: every e-mail is a row written in the same transaction as the
-- event it tells about. (user_id, event_key) is unique, so an event
-- produces at most one message per person however often it is processed.
-- Senders claim rows (state sender, claimed_by, claimed_until = the lease)
-- and mark them sendt, or afventer again with a later next_attempt_at, or
-- fejlet when retrying is pointless.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    event_key       TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('udgivelse', 'sammendrag')),
    to_address      TEXT    NOT NULL,
    to_name         TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'afventer' CHECK (state IN ('afventer', 'sender', 'sendt', 'fejlet')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT    NOT NULL DEFAULT '',
    claimed_by      TEXT    NOT NULL DEFAULT '',
    claimed_until   TEXT,
    sent_at         TEXT,
    UNIQUE (user_id, event_key)
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- Publications waiting for the next digest of a recipient who wants them
-- daily or weekly; the digest that reports them deletes them.
CREATE TABLE notify_pending (
    user_id      INTEGER NOT NULL REFERENCES users (id),
    version_id   INTEGER NOT NULL REFERENCES catalogue_versions (id),
    created_at   TEXT    NOT NULL,
    PRIMARY KEY (user_id, version_id)
);

-- One row per digest made: the primary key makes a digest happen once
-- however many servers try.
CREATE TABLE digest_runs (
    kind       TEXT    NOT NULL CHECK (kind IN ('dagligt', 'ugentligt')),
    period     TEXT    NOT NULL,
    from_date  TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    messages   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, period)
);

-- Worklist items' follow-up owner (a user) and snooze. item is
-- opgave-<instance id> or kommune-<municipality code>.
CREATE TABLE followup_marks (
    programme_id  INTEGER NOT NULL REFERENCES programmes (id),
    item          TEXT    NOT NULL,
    owner_id      INTEGER REFERENCES users (id),
    owner_at      TEXT,
    owner_by      TEXT    NOT NULL DEFAULT '',
    snoozed_until TEXT,
    snooze_reason TEXT    NOT NULL DEFAULT '',
    snoozed_at    TEXT,
    snoozed_by    TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (programme_id, item)
);

-- The contact log: the centre's dialogue with a municipality about a
-- programme (seed 003 §6.1). Entries are never changed; a correction is a
-- new entry. internal_note is for central staff only.
CREATE TABLE contacts (
    id            INTEGER PRIMARY KEY,
    plan_id       INTEGER NOT NULL REFERENCES plans (id),
    occurred_on   TEXT    NOT NULL,
    channel       TEXT    NOT NULL CHECK (channel IN ('mail', 'telefon', 'moede')),
    kind          TEXT    NOT NULL CHECK (kind IN ('kontakt', 'eskalering')),
    participants  TEXT    NOT NULL,
    summary       TEXT    NOT NULL,
    agreements    TEXT    NOT NULL DEFAULT '',
    internal_note TEXT    NOT NULL DEFAULT '',
    escalated_to  TEXT    NOT NULL DEFAULT '',
    next_followup TEXT,
    created_at    TEXT    NOT NULL,
    created_by    TEXT    NOT NULL
);
CREATE INDEX contacts_plan ON contacts (plan_id, occurred_on, id);

CREATE TABLE contact_tasks (
    contact_id  INTEGER NOT NULL REFERENCES contacts (id),
    instance_id INTEGER NOT NULL REFERENCES task_instances (id),
    PRIMARY KEY (contact_id, instance_id)
);

CREATE TRIGGER contacts_no_update BEFORE UPDATE ON contacts
BEGIN SELECT RAISE(ABORT, 'the contact log is append-only'); END;
CREATE TRIGGER contacts_no_delete BEFORE DELETE ON contacts
BEGIN SELECT RAISE(ABORT, 'the contact log is append-only'); END;

-- Phase-gate decisions: who decided a plan may (or may not yet) pass a phase
-- transition, when, on what basis, and the readiness they saw.
CREATE TABLE checkpoint_decisions (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plans (id),
    transition TEXT    NOT NULL,
    decision   TEXT    NOT NULL CHECK (decision IN ('godkendt', 'udskudt')),
    basis      TEXT    NOT NULL,
    done       INTEGER NOT NULL,
    total      INTEGER NOT NULL,
    blocking   TEXT    NOT NULL DEFAULT '',
    decided_at TEXT    NOT NULL,
    decided_by TEXT    NOT NULL
);
CREATE INDEX checkpoint_decisions_plan ON checkpoint_decisions (plan_id, transition, id);

CREATE TRIGGER checkpoint_decisions_no_update BEFORE UPDATE ON checkpoint_decisions
BEGIN SELECT RAISE(ABORT, 'checkpoint decisions are append-only'); END;
CREATE TRIGGER checkpoint_decisions_no_delete BEFORE DELETE ON checkpoint_decisions
BEGIN SELECT RAISE(ABORT, 'checkpoint decisions are append-only'); END;

-- Hypercare (seed 003 §7.4): teams, their members, which team watches
-- which municipality's rollout, incidents during go-live, and lessons per wave.
CREATE TABLE hypercare_teams (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL
);

CREATE TABLE hypercare_members (
    id      INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES hypercare_teams (id),
    name    TEXT    NOT NULL,
    email   TEXT    NOT NULL DEFAULT '',
    role    TEXT    NOT NULL DEFAULT '',
    UNIQUE (team_id, name)
);

CREATE TABLE hypercare_assignments (
    plan_id     INTEGER PRIMARY KEY REFERENCES plans (id),
    team_id     INTEGER NOT NULL REFERENCES hypercare_teams (id),
    assigned_at TEXT    NOT NULL,
    assigned_by TEXT    NOT NULL
);
CREATE INDEX hypercare_assignments_team ON hypercare_assignments (team_id);

CREATE TABLE hypercare_incidents (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plans (id),
    team_id     INTEGER REFERENCES hypercare_teams (id),
    opened_at   TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    severity    TEXT    NOT NULL CHECK (severity IN ('kritisk', 'hoej', 'middel', 'lav')),
    status      TEXT    NOT NULL CHECK (status IN ('aaben', 'under_behandling', 'loest')),
    title       TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    resolution  TEXT    NOT NULL DEFAULT '',
    resolved_at TEXT,
    created_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    updated_by  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX hypercare_incidents_plan ON hypercare_incidents (plan_id, opened_at);

CREATE TABLE hypercare_lessons (
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    wave         INTEGER NOT NULL,
    text         TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    updated_by   TEXT    NOT NULL,
    PRIMARY KEY (programme_id, wave)
);

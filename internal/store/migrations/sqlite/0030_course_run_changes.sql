-- Course runs are edited and cancelled (issue 14, docs/training.md). A
-- cancelled run stays, with its participants, in state 'aflyst'; every
-- change and the cancellation is an entry in the run's history. The run's
-- version (0020) detects concurrent edits.
ALTER TABLE course_runs ADD COLUMN state TEXT NOT NULL DEFAULT 'planlagt' CHECK (state IN ('planlagt', 'aflyst'));
ALTER TABLE course_runs ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';

CREATE TABLE course_run_events (
    id      INTEGER PRIMARY KEY,
    run_id  INTEGER NOT NULL REFERENCES course_runs (id),
    at      TEXT    NOT NULL,
    actor   TEXT    NOT NULL,
    kind    TEXT    NOT NULL CHECK (kind IN ('ændret', 'aflyst')),
    comment TEXT    NOT NULL
);
CREATE INDEX course_run_events_run ON course_run_events (run_id, id);

-- Participants are people of the role register, not necessarily users of
-- udrul: their mail about a moved or cancelled run has no user (user_id
-- NULL) and is a new kind. SQLite cannot change a column's NOT NULL or a
-- CHECK constraint, so the table is rebuilt with its rows, as in 0019.
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER REFERENCES users (id),
    event_key       TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('udgivelse', 'sammendrag', 'bølgeplan', 'meddelelse', 'netværksmøde', 'håndbog', 'kursusgang')),
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
    calendar        TEXT    NOT NULL DEFAULT '',
    UNIQUE (user_id, event_key)
);
INSERT INTO outbox_new SELECT id, user_id, event_key, kind, to_address, to_name, subject, body, created_at, state,
    attempts, next_attempt_at, last_error, claimed_by, claimed_until, sent_at, calendar FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

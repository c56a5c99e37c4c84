-- The municipality's own implementation handbook (issue 20, docs/handbook.md):
-- every version udrul mailed to a plan's project leads, with the plan as it
-- was sent (JSON: go-live, wave and the tasks with dates, type and
-- executor), its digest, which tells whether the plan has changed since, and
-- the changes since the previous version as the mail listed them. A version
-- is written once, in the transaction that queues its mails.
CREATE TABLE handbook_versions (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plans (id),
    version     INTEGER NOT NULL CHECK (version > 0),
    golive      TEXT    NOT NULL,
    content     TEXT    NOT NULL,
    digest      TEXT    NOT NULL,
    changes     TEXT    NOT NULL DEFAULT '',
    recipients  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL,
    UNIQUE (plan_id, version)
);

-- The handbook's mails are another kind in the outbox (after 0017's
-- announcements and network meetings, whose calendar column is kept).
-- SQLite cannot change a CHECK constraint, so the table is rebuilt with its
-- rows, as in 0006.
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    event_key       TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('udgivelse', 'sammendrag', 'bølgeplan', 'meddelelse', 'netværksmøde', 'håndbog')),
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

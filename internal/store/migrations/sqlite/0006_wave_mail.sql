-- Wave-plan announcements are mailed (issue 6): the outbox gets a third
-- kind, 'bølgeplan'. SQLite cannot change a CHECK constraint, so the table is
-- rebuilt with its rows; nothing references outbox.
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    event_key       TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('udgivelse', 'sammendrag', 'bølgeplan')),
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
INSERT INTO outbox_new SELECT id, user_id, event_key, kind, to_address, to_name, subject, body, created_at, state,
    attempts, next_attempt_at, last_error, claimed_by, claimed_until, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- Whether an announcement reached a municipality is now read from the
-- outbox (its messages and their state), so the placeholder column goes.
ALTER TABLE waveplan_announcements DROP COLUMN delivered_at;

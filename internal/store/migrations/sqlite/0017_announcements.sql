-- Announcements (meddelelser, issue 20 §4): news from the centre to the
-- municipalities of a programme, targeted by wave (0: every wave) and by
-- roles (a comma-separated list of municipal roles), and who has read
-- which. Rules: internal/announce; docs/announcements.md.
CREATE TABLE announcements (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    wave         INTEGER NOT NULL DEFAULT 0,
    roles        TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    created_by   TEXT    NOT NULL
);
CREATE INDEX announcements_programme ON announcements (programme_id, created_at);

CREATE TABLE announcement_reads (
    announcement_id INTEGER NOT NULL REFERENCES announcements (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    read_at         TEXT    NOT NULL,
    PRIMARY KEY (announcement_id, user_id)
);

-- Announcements are mailed: the outbox gets the kind 'meddelelse'. SQLite
-- cannot change a CHECK constraint, so the table is rebuilt with its rows
-- (as in 0006); nothing references outbox.
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    event_key       TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('udgivelse', 'sammendrag', 'bølgeplan', 'meddelelse')),
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

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

-- Announcements and network-meeting invitations are mailed: the outbox
-- gets the kinds 'meddelelse' and 'netværksmøde', and a column for an
-- iCalendar invitation sent along with the text (METHOD:REQUEST). SQLite
-- cannot change a CHECK constraint, so the table is rebuilt with its rows
-- (as in 0006); nothing references outbox.
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    event_key       TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('udgivelse', 'sammendrag', 'bølgeplan', 'meddelelse', 'netværksmøde')),
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
    attempts, next_attempt_at, last_error, claimed_by, claimed_until, sent_at, '' FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- Network meetings (netværksmøder): a programme's quarterly meeting held
-- in several places, each with a capacity in seats; a municipality
-- registers its project lead and project owner (two seats) for one place.
-- Who is confirmed and who waits is worked out from the order of the live
-- registrations (internal/announce: Seat), so a cancellation moves the
-- waiting list up by itself. A place's version is bumped by every
-- registration and cancellation there, which serialises them.
CREATE TABLE network_meetings (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL REFERENCES programmes (id),
    title           TEXT    NOT NULL,
    day             TEXT    NOT NULL,
    starts          TEXT    NOT NULL,
    ends            TEXT    NOT NULL,
    organizer_name  TEXT    NOT NULL,
    organizer_email TEXT    NOT NULL,
    invited_at      TEXT,
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL
);
CREATE INDEX network_meetings_programme ON network_meetings (programme_id, day);

CREATE TABLE network_places (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES network_meetings (id),
    name       TEXT    NOT NULL,
    address    TEXT    NOT NULL,
    capacity   INTEGER NOT NULL CHECK (capacity > 0),
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX network_places_meeting ON network_places (meeting_id);

CREATE TABLE network_registrations (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES network_meetings (id),
    place_id        INTEGER NOT NULL REFERENCES network_places (id),
    municipality_id INTEGER NOT NULL REFERENCES organisations (id),
    lead_id         INTEGER NOT NULL REFERENCES users (id),
    owner_id        INTEGER NOT NULL REFERENCES users (id),
    registered_at   TEXT    NOT NULL,
    registered_by   TEXT    NOT NULL,
    cancelled_at    TEXT,
    cancelled_by    TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX network_registrations_live ON network_registrations (meeting_id, municipality_id) WHERE cancelled_at IS NULL;
CREATE INDEX network_registrations_place ON network_registrations (place_id, id);

-- Kommunepraktik (seed 003 §6.3): after a wave the centre pairs a
-- municipality that went live with one about to, and the two record the
-- meetings they agree on.
CREATE TABLE practice_pairings (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL REFERENCES programmes (id),
    experienced_id  INTEGER NOT NULL REFERENCES organisations (id),
    newcomer_id     INTEGER NOT NULL REFERENCES organisations (id),
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    UNIQUE (programme_id, experienced_id, newcomer_id)
);

CREATE TABLE practice_meetings (
    id         INTEGER PRIMARY KEY,
    pairing_id INTEGER NOT NULL REFERENCES practice_pairings (id),
    day        TEXT    NOT NULL,
    note       TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL,
    created_by TEXT    NOT NULL
);
CREATE INDEX practice_meetings_pairing ON practice_meetings (pairing_id, day);

-- Jobs (issue 15): long operations – publishing a catalogue, enrolling
-- municipalities, making a wave plan final – are rows here. The request
-- that asks for one writes the row and answers at once; a worker in some
-- server claims it with a lease (state koerer, claimed_by, claimed_until),
-- like the mail outbox, and does the operation in one transaction that also
-- marks the job faerdig, on condition that it still holds the claim: a job
-- is never done twice, and a job whose worker died is due again when its
-- lease runs out. run_at schedules a job for later (a publication on a
-- date). input and result are JSON; done/total is the progress.
CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('udgivelse', 'tilmelding', 'bølgeplan')),
    programme_key TEXT    NOT NULL,
    created_by    INTEGER NOT NULL DEFAULT 0,
    created_name  TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    run_at        TEXT    NOT NULL,
    state         TEXT    NOT NULL DEFAULT 'venter' CHECK (state IN ('venter', 'koerer', 'faerdig', 'fejlet', 'annulleret')),
    input         TEXT    NOT NULL,
    result        TEXT    NOT NULL DEFAULT '',
    error         TEXT    NOT NULL DEFAULT '',
    done          INTEGER NOT NULL DEFAULT 0,
    total         INTEGER NOT NULL DEFAULT 0,
    attempts      INTEGER NOT NULL DEFAULT 0,
    claimed_by    TEXT    NOT NULL DEFAULT '',
    claimed_until TEXT,
    started_at    TEXT,
    finished_at   TEXT
);
CREATE INDEX jobs_due ON jobs (state, run_at);
CREATE INDEX jobs_programme ON jobs (programme_key, created_at);

-- (On PostgreSQL this migration also makes plan_counts follow inserted and
-- deleted instances per statement; SQLite has no statement triggers and
-- keeps its row triggers.)

-- Every municipality's implementation handbook of a programme made as one
-- job (issue 20, docs/handbook.md "All handbooks of a programme"): a new job
-- kind, haandboeger. SQLite cannot change a CHECK constraint, so the jobs
-- table is rebuilt with its rows and 0013's indexes (as 0019 rebuilt the
-- outbox); nothing referenced jobs before this migration.
CREATE TABLE jobs_new (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('udgivelse', 'tilmelding', 'bølgeplan', 'haandboeger')),
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
INSERT INTO jobs_new SELECT id, kind, programme_key, created_by, created_name, created_at, run_at, state, input, result,
    error, done, total, attempts, claimed_by, claimed_until, started_at, finished_at FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_new RENAME TO jobs;
CREATE INDEX jobs_due ON jobs (state, run_at);
CREATE INDEX jobs_programme ON jobs (programme_key, created_at);

-- The PDFs a handbook job made, one per enrolled municipality, written in
-- the transaction that finishes the job: the municipality, the handbook's
-- version number as the PDF shows it (the last version sent, or the next
-- one if the plan has changed since) and the PDF. A municipality whose
-- handbook could not be made has no row; the job's result names it and
-- why. When a newer handbook job of the programme finishes, the older
-- job's PDFs are deleted (its result is kept), so a programme holds one
-- set of PDFs.
CREATE TABLE job_handbooks (
    id                INTEGER PRIMARY KEY,
    job_id            INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    municipality_code TEXT    NOT NULL,
    municipality_name TEXT    NOT NULL,
    version           INTEGER NOT NULL CHECK (version > 0),
    pdf               BLOB    NOT NULL,
    UNIQUE (job_id, municipality_code)
);

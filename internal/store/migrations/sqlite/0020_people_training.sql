-- People and training (issue 14): who holds each role in a municipality's
-- project and at its institutions (people need not be users of udrul),
-- courses and their runs (kursusgange), participants with attendance and
-- final-test result, and anonymous course evaluations.
-- Rules: internal/people, internal/training; docs/people.md, docs/training.md.
CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL REFERENCES programmes (id),
    municipality_id INTEGER NOT NULL REFERENCES organisations (id),
    name            TEXT    NOT NULL,
    email           TEXT    NOT NULL DEFAULT '',
    phone           TEXT    NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    updated_by      TEXT    NOT NULL
);
CREATE INDEX people_municipality ON people (programme_id, municipality_id);

-- A role a person holds: in the municipality's project (institution_id
-- NULL) or at one of its institutions. area narrows a municipal
-- administrator or administrative super-user to schools or day care.
CREATE TABLE person_roles (
    id             INTEGER PRIMARY KEY,
    person_id      INTEGER NOT NULL REFERENCES people (id),
    role           TEXT    NOT NULL,
    institution_id INTEGER REFERENCES organisations (id),
    area           TEXT    NOT NULL DEFAULT '' CHECK (area IN ('', 'skole', 'dagtilbud')),
    created_at     TEXT    NOT NULL,
    created_by     TEXT    NOT NULL
);
CREATE INDEX person_roles_person ON person_roles (person_id);

CREATE TABLE courses (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    title        TEXT    NOT NULL,
    description  TEXT    NOT NULL DEFAULT '',
    created_at   TEXT    NOT NULL,
    created_by   TEXT    NOT NULL
);
CREATE INDEX courses_programme ON courses (programme_id);

-- A course run (kursusgang). municipality_id is the municipality whose
-- training it is, NULL for a run shared by several; purchased marks the
-- municipality's purchased end-user training (the supplier's capacity).
CREATE TABLE course_runs (
    id              INTEGER PRIMARY KEY,
    course_id       INTEGER NOT NULL REFERENCES courses (id),
    type            TEXT    NOT NULL CHECK (type IN ('e_learning', 'klasseundervisning', 'train_the_trainer')),
    starts_on       TEXT    NOT NULL,
    ends_on         TEXT    NOT NULL,
    place           TEXT    NOT NULL DEFAULT '',
    capacity        INTEGER NOT NULL,
    trainer         TEXT    NOT NULL DEFAULT '',
    municipality_id INTEGER REFERENCES organisations (id),
    purchased       INTEGER NOT NULL DEFAULT FALSE,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL
);
CREATE INDEX course_runs_course ON course_runs (course_id, starts_on);

-- A participant of a run: attendance (NULL: not recorded) and the final
-- test's score in per cent (NULL: not taken).
CREATE TABLE course_participants (
    run_id        INTEGER NOT NULL REFERENCES course_runs (id),
    person_id     INTEGER NOT NULL REFERENCES people (id),
    attended      INTEGER,
    score         REAL,
    version       INTEGER NOT NULL DEFAULT 1,
    registered_at TEXT    NOT NULL,
    registered_by TEXT    NOT NULL,
    PRIMARY KEY (run_id, person_id)
);
CREATE INDEX course_participants_person ON course_participants (person_id);

-- Course evaluations: anonymous, one row per answer, never linked to a
-- participant.
CREATE TABLE course_evaluations (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES course_runs (id),
    satisfaction INTEGER NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
    benefit      INTEGER NOT NULL CHECK (benefit BETWEEN 1 AND 5),
    created_at   TEXT    NOT NULL
);
CREATE INDEX course_evaluations_run ON course_evaluations (run_id);

-- Readiness survey (parathedsundersøgelse, issue 13): a municipality's user
-- groups, its rounds (baseline and two status surveys; their dates are
-- computed from go-live, never stored, so they move with it), respondent
-- links and anonymous answers. Rules: internal/readiness; docs/readiness.md.

-- A catalogue task may be the task of a readiness round ('baseline',
-- 'status-1', 'status-6'): it is completed when the municipality closes
-- that round with enough answers. Empty when it is not.
ALTER TABLE catalogue_tasks ADD COLUMN readiness_round TEXT NOT NULL DEFAULT '';

-- A plan's survey settings; no row means the default threshold (5).
CREATE TABLE readiness_settings (
    plan_id    INTEGER PRIMARY KEY REFERENCES plans (id),
    threshold  INTEGER NOT NULL CHECK (threshold >= 3),
    updated_at TEXT    NOT NULL,
    updated_by TEXT    NOT NULL
);

CREATE TABLE readiness_groups (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plans (id),
    name       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    created_by TEXT    NOT NULL,
    UNIQUE (plan_id, name)
);

CREATE TABLE readiness_rounds (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plans (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('baseline', 'status-1', 'status-6')),
    created_at TEXT    NOT NULL,
    created_by TEXT    NOT NULL,
    closed_at  TEXT,
    closed_by  TEXT    NOT NULL DEFAULT '',
    UNIQUE (plan_id, kind)
);

-- Respondent links: a personal link takes one answer, an open link up to
-- its stated limit. Only the SHA-256 of the token is stored. A link knows
-- how often it was used, never which answer it gave.
CREATE TABLE readiness_links (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES readiness_rounds (id),
    group_id     INTEGER NOT NULL REFERENCES readiness_groups (id),
    token_hash   TEXT    NOT NULL UNIQUE,
    kind         TEXT    NOT NULL CHECK (kind IN ('personlig', 'aaben')),
    answer_limit INTEGER NOT NULL CHECK (answer_limit >= 1),
    used         INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT    NOT NULL,
    created_by   TEXT    NOT NULL,
    revoked_at   TEXT,
    revoked_by   TEXT    NOT NULL DEFAULT '',
    CHECK (used <= answer_limit)
);
CREATE INDEX readiness_links_round ON readiness_links (round_id);

-- Answers: the round, the group and five scores. Deliberately no link, no
-- time and no person.
CREATE TABLE readiness_answers (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES readiness_rounds (id),
    group_id     INTEGER NOT NULL REFERENCES readiness_groups (id),
    opmaerksomhed INTEGER NOT NULL CHECK (opmaerksomhed BETWEEN 1 AND 5),
    motivation    INTEGER NOT NULL CHECK (motivation BETWEEN 1 AND 5),
    viden         INTEGER NOT NULL CHECK (viden BETWEEN 1 AND 5),
    stoette       INTEGER NOT NULL CHECK (stoette BETWEEN 1 AND 5),
    anerkendelse  INTEGER NOT NULL CHECK (anerkendelse BETWEEN 1 AND 5)
);
CREATE INDEX readiness_answers_round ON readiness_answers (round_id);

-- Per round, group, element (0–4, left to right) and score (1–5) the
-- number of answers, kept with every answer in the same transaction, so
-- results and the national aggregate read a few rows per group instead of
-- every answer.
CREATE TABLE readiness_tallies (
    round_id INTEGER NOT NULL REFERENCES readiness_rounds (id),
    group_id INTEGER NOT NULL REFERENCES readiness_groups (id),
    element  INTEGER NOT NULL CHECK (element BETWEEN 0 AND 4),
    score    INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    n        INTEGER NOT NULL,
    PRIMARY KEY (round_id, group_id, element, score)
);

-- The number of answers per round and group, so that the national
-- aggregate can leave out the groups a municipality does not show (below its
-- threshold) without reading the tallies of every group.
CREATE TABLE readiness_group_totals (
    round_id INTEGER NOT NULL REFERENCES readiness_rounds (id),
    group_id INTEGER NOT NULL REFERENCES readiness_groups (id),
    n        INTEGER NOT NULL,
    PRIMARY KEY (round_id, group_id)
);

-- The same counts per round, all groups together, in one row: e{element}_s{score}
-- is the number of answers giving the element (0–4) that score (1–5). The
-- national aggregate reads one row per round (98 municipalities × 3
-- rounds), which keeps it far below its 50 ms budget.
CREATE TABLE readiness_round_totals (
    round_id INTEGER PRIMARY KEY REFERENCES readiness_rounds (id),
    e0_s1 INTEGER NOT NULL DEFAULT 0,
    e0_s2 INTEGER NOT NULL DEFAULT 0,
    e0_s3 INTEGER NOT NULL DEFAULT 0,
    e0_s4 INTEGER NOT NULL DEFAULT 0,
    e0_s5 INTEGER NOT NULL DEFAULT 0,
    e1_s1 INTEGER NOT NULL DEFAULT 0,
    e1_s2 INTEGER NOT NULL DEFAULT 0,
    e1_s3 INTEGER NOT NULL DEFAULT 0,
    e1_s4 INTEGER NOT NULL DEFAULT 0,
    e1_s5 INTEGER NOT NULL DEFAULT 0,
    e2_s1 INTEGER NOT NULL DEFAULT 0,
    e2_s2 INTEGER NOT NULL DEFAULT 0,
    e2_s3 INTEGER NOT NULL DEFAULT 0,
    e2_s4 INTEGER NOT NULL DEFAULT 0,
    e2_s5 INTEGER NOT NULL DEFAULT 0,
    e3_s1 INTEGER NOT NULL DEFAULT 0,
    e3_s2 INTEGER NOT NULL DEFAULT 0,
    e3_s3 INTEGER NOT NULL DEFAULT 0,
    e3_s4 INTEGER NOT NULL DEFAULT 0,
    e3_s5 INTEGER NOT NULL DEFAULT 0,
    e4_s1 INTEGER NOT NULL DEFAULT 0,
    e4_s2 INTEGER NOT NULL DEFAULT 0,
    e4_s3 INTEGER NOT NULL DEFAULT 0,
    e4_s4 INTEGER NOT NULL DEFAULT 0,
    e4_s5 INTEGER NOT NULL DEFAULT 0
);

-- The survey's history: who made groups, rounds and links, revoked links,
-- closed rounds and changed the threshold. Answers are not in it (a time
-- would tie an answer to the moment a link was used). Append-only.
CREATE TABLE readiness_events (
    id      INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    at      TEXT    NOT NULL,
    actor   TEXT    NOT NULL,
    message TEXT    NOT NULL
);
CREATE INDEX readiness_events_plan ON readiness_events (plan_id, id);
CREATE TRIGGER readiness_events_no_update BEFORE UPDATE ON readiness_events
BEGIN SELECT RAISE(ABORT, 'readiness history is append-only'); END;
CREATE TRIGGER readiness_events_no_delete BEFORE DELETE ON readiness_events
BEGIN SELECT RAISE(ABORT, 'readiness history is append-only'); END;

-- Steering reports (docs/reports.md): a plan's state kept once a month so
-- the next status report shows the trend, and the go-live it had then, so
-- the programme report sees go-lives moved. Taken idempotently (one row per
-- plan and month; a second taking in the month changes nothing).
CREATE TABLE report_snapshots (
    plan_id  INTEGER NOT NULL REFERENCES plans (id),
    month    TEXT    NOT NULL, -- YYYY-MM
    golive   TEXT    NOT NULL,
    colour   TEXT    NOT NULL,
    green    INTEGER NOT NULL,
    yellow   INTEGER NOT NULL,
    red      INTEGER NOT NULL,
    no_signal INTEGER NOT NULL,
    taken_at TEXT    NOT NULL,
    PRIMARY KEY (plan_id, month)
);

-- PostgreSQL's 0027 makes plan_totals follow inserted and deleted task
-- instances per statement instead of per row. SQLite has no statement
-- triggers and keeps 0015's row triggers; this migration changes nothing
-- here and keeps the two migration sets numbered alike.
SELECT 1;

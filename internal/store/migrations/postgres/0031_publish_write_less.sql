-- A large publication writes every new task instance into each index of
-- task_instances, and each index entry is a page to change and to log
-- (3,000 added tasks in 98 plans: 294,000 rows, docs/performance.md "Large
-- publication"). Two things it maintained bought nothing:
--
-- task_instances_followup (programme_id, type, status, end_date) is a prefix
-- of task_instances_open (0015, 0028), which serves every query it served.
DROP INDEX task_instances_followup;

-- programme_id is the plan's programme, copied so that national questions
-- need no join; two foreign keys checked it and plan_id one by one for
-- every inserted row. One composite key checks both – and also that the
-- copy agrees with the plan, which the two did not.
ALTER TABLE plans ADD CONSTRAINT plans_id_programme UNIQUE (id, programme_id);
ALTER TABLE task_instances
    DROP CONSTRAINT task_instances_plan_id_fkey,
    DROP CONSTRAINT task_instances_programme_id_fkey,
    ADD CONSTRAINT task_instances_plan_programme_fkey FOREIGN KEY (plan_id, programme_id) REFERENCES plans (id, programme_id);

-- plan_counts and plan_totals followed updated instances with two row
-- triggers, two upserts per changed row: withdrawing 3,000 tasks from 98
-- plans ran 588,000 of them. They now follow an update statement once,
-- from its transition tables, as inserts and deletes do since 0013 and
-- 0027. A trigger with transition tables cannot name columns, so this one
-- fires for every update of task_instances and counts only the rows whose
-- plan, type, status, end date or withdrawn flag changed; the totals'
-- version moves once per statement and plan with such rows.
DROP TRIGGER task_instances_count ON task_instances;
DROP TRIGGER task_instances_total ON task_instances;
DROP FUNCTION task_instances_count();
DROP FUNCTION task_instances_total();

CREATE FUNCTION task_instances_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH changed AS (
        SELECT o.plan_id AS old_plan, o.type AS old_type, o.status AS old_status, o.end_date AS old_end,
            o.withdrawn AS old_withdrawn, n.plan_id, n.type, n.status, n.end_date, n.withdrawn
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.plan_id, o.type, o.status, o.end_date, o.withdrawn)
            IS DISTINCT FROM (n.plan_id, n.type, n.status, n.end_date, n.withdrawn)
    ), delta AS (
        SELECT old_plan AS plan_id, old_type AS type, old_status AS status, old_end AS end_date, -1 AS d
        FROM changed WHERE NOT old_withdrawn
        UNION ALL
        SELECT plan_id, type, status, end_date, 1 FROM changed WHERE NOT withdrawn
    ), counts AS (
        INSERT INTO plan_counts (plan_id, type, status, end_date, n)
        SELECT plan_id, type, status, end_date, sum(d) FROM delta
        GROUP BY plan_id, type, status, end_date HAVING sum(d) <> 0
        ON CONFLICT (plan_id, type, status, end_date) DO UPDATE SET n = plan_counts.n + EXCLUDED.n
    )
    INSERT INTO plan_totals (plan_id, total, green, version)
    SELECT plan_id, sum(d), COALESCE(sum(d) FILTER (WHERE type IN ('obligatorisk', 'kritisk') AND status = 'fuldfoert'), 0), 1
    FROM delta GROUP BY plan_id
    ON CONFLICT (plan_id) DO UPDATE SET total = plan_totals.total + EXCLUDED.total,
        green = plan_totals.green + EXCLUDED.green, version = plan_totals.version + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER task_instances_counts_updated AFTER UPDATE ON task_instances
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION task_instances_counts_updated();

-- task_instances_followup (programme_id, type, status, end_date) is a prefix
-- of task_instances_open (0015, 0028), which serves every query it served;
-- a large publication no longer maintains it (docs/performance.md "Large
-- publication"). The foreign keys stay as they are: SQLite cannot change
-- them without rebuilding the table.
DROP INDEX task_instances_followup;

-- The unique (id, programme_id) that PostgreSQL's composite foreign key from
-- task_instances refers to, so that both schemas keep the same indexes.
CREATE UNIQUE INDEX plans_id_programme ON plans (id, programme_id);

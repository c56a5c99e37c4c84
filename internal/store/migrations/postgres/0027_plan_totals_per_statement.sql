-- plan_totals follows inserted and deleted task instances per statement, as
-- plan_counts does since 0013: 0015's row trigger upserted the plan's one
-- totals row once per inserted instance, so enrolling 98 municipalities
-- with their 5,047 schools and day-care units (163,170 instances,
-- BenchmarkEnrol98x150Institutions) updated 98 rows 163,170 times. The rows
-- a statement inserted (deleted) are now counted per plan from its
-- transition table and added (subtracted) in one upsert; the version moves
-- once per statement and plan, which is all a cache needs. Updates keep the
-- row trigger (a trigger with a column list cannot have transition tables).
-- SQLite has no statement triggers and keeps its row triggers.
DROP TRIGGER task_instances_total ON task_instances;
CREATE TRIGGER task_instances_total AFTER UPDATE OF type, status, end_date, withdrawn
ON task_instances FOR EACH ROW EXECUTE FUNCTION task_instances_total();

-- One function for both: each trigger names its transition table
-- changed_rows, and the sign follows the operation.
CREATE FUNCTION task_instances_total_statement() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sign INTEGER := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
    INSERT INTO plan_totals (plan_id, total, green, version)
    SELECT plan_id, sign * count(*) FILTER (WHERE NOT withdrawn),
        sign * count(*) FILTER (WHERE NOT withdrawn AND type IN ('obligatorisk', 'kritisk') AND status = 'fuldfoert'), 1
    FROM changed_rows GROUP BY plan_id
    ON CONFLICT (plan_id) DO UPDATE SET total = plan_totals.total + EXCLUDED.total,
        green = plan_totals.green + EXCLUDED.green, version = plan_totals.version + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER task_instances_total_inserted AFTER INSERT ON task_instances
REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION task_instances_total_statement();
CREATE TRIGGER task_instances_total_deleted AFTER DELETE ON task_instances
REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION task_instances_total_statement();

-- Keyset paging of a programme's task instances across municipalities
-- (store.ListInstances): in order of end date and id, so a page after a
-- cursor is an index range, not an offset.
CREATE INDEX task_instances_end ON task_instances (programme_id, end_date, id);
-- Filters by type, status and end date (colours red and yellow: "open
-- critical tasks past their end date") counted and chosen from the index
-- alone, withdrawn instances left out without reading the rows.
CREATE INDEX task_instances_open ON task_instances (programme_id, type, status, end_date, withdrawn, id);

-- The national overview (store.Tx.PlanColours): per plan the live
-- instances, the green ones (mandatory, completed) and a version bumped by
-- every change of an instance's type, status, end date or withdrawal, all
-- kept by triggers like plan_counts. A plan whose version has not moved
-- keeps its counts for a date (the App caches them); red and yellow of a
-- changed plan are ranges of end dates over its open mandatory buckets.
CREATE TABLE plan_totals (
    plan_id INTEGER PRIMARY KEY,
    total   INTEGER NOT NULL,
    green   INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 0
);
INSERT INTO plan_totals (plan_id, total, green)
SELECT plan_id, SUM(n), SUM(CASE WHEN type IN ('obligatorisk', 'kritisk') AND status = 'fuldfoert' THEN n ELSE 0 END)
FROM plan_counts GROUP BY plan_id;

CREATE TRIGGER task_instances_total_insert AFTER INSERT ON task_instances
BEGIN
    INSERT INTO plan_totals (plan_id, total, green, version)
    VALUES (NEW.plan_id, NOT NEW.withdrawn, NOT NEW.withdrawn AND NEW.type IN ('obligatorisk', 'kritisk') AND NEW.status = 'fuldfoert', 1)
    ON CONFLICT (plan_id) DO UPDATE SET total = total + excluded.total, green = green + excluded.green, version = version + 1;
END;

CREATE TRIGGER task_instances_total_update AFTER UPDATE OF type, status, end_date, withdrawn ON task_instances
WHEN OLD.type <> NEW.type OR OLD.status <> NEW.status OR OLD.end_date <> NEW.end_date OR OLD.withdrawn <> NEW.withdrawn
BEGIN
    INSERT INTO plan_totals (plan_id, total, green) VALUES (NEW.plan_id, 0, 0) ON CONFLICT (plan_id) DO NOTHING;
    UPDATE plan_totals SET
        total = total - (NOT OLD.withdrawn) + (NOT NEW.withdrawn),
        green = green - (NOT OLD.withdrawn AND OLD.type IN ('obligatorisk', 'kritisk') AND OLD.status = 'fuldfoert')
                      + (NOT NEW.withdrawn AND NEW.type IN ('obligatorisk', 'kritisk') AND NEW.status = 'fuldfoert'),
        version = version + 1
    WHERE plan_id = NEW.plan_id;
END;

CREATE TRIGGER task_instances_total_delete AFTER DELETE ON task_instances
BEGIN
    UPDATE plan_totals SET total = total - (NOT OLD.withdrawn),
        green = green - (NOT OLD.withdrawn AND OLD.type IN ('obligatorisk', 'kritisk') AND OLD.status = 'fuldfoert'),
        version = version + 1
    WHERE plan_id = OLD.plan_id;
END;

CREATE INDEX plan_counts_open ON plan_counts (end_date, status, plan_id, n)
WHERE type IN ('obligatorisk', 'kritisk') AND status <> 'fuldfoert';

-- Keyset paging of a programme's task instances across municipalities
-- (store.ListInstances): in order of end date and id, so a page after a
-- cursor is an index range, not an offset.
CREATE INDEX task_instances_end ON task_instances (programme_id, end_date, id);

-- The national overview as range counts (store.Tx.ColourCounts): per plan
-- the live instances and the green ones (mandatory, completed), kept by
-- triggers like plan_counts; red and yellow are ranges of end dates over
-- the open mandatory buckets of plan_counts, read through a partial index.
CREATE TABLE plan_totals (
    plan_id INTEGER PRIMARY KEY,
    total   INTEGER NOT NULL,
    green   INTEGER NOT NULL
);
INSERT INTO plan_totals (plan_id, total, green)
SELECT plan_id, SUM(n), SUM(CASE WHEN type IN ('obligatorisk', 'kritisk') AND status = 'fuldfoert' THEN n ELSE 0 END)
FROM plan_counts GROUP BY plan_id;

CREATE TRIGGER task_instances_total_insert AFTER INSERT ON task_instances
WHEN NOT NEW.withdrawn
BEGIN
    INSERT INTO plan_totals (plan_id, total, green)
    VALUES (NEW.plan_id, 1, NEW.type IN ('obligatorisk', 'kritisk') AND NEW.status = 'fuldfoert')
    ON CONFLICT (plan_id) DO UPDATE SET total = total + 1, green = green + excluded.green;
END;

CREATE TRIGGER task_instances_total_update AFTER UPDATE OF type, status, withdrawn ON task_instances
WHEN OLD.type <> NEW.type OR OLD.status <> NEW.status OR OLD.withdrawn <> NEW.withdrawn
BEGIN
    INSERT INTO plan_totals (plan_id, total, green) VALUES (NEW.plan_id, 0, 0) ON CONFLICT (plan_id) DO NOTHING;
    UPDATE plan_totals SET
        total = total - (NOT OLD.withdrawn) + (NOT NEW.withdrawn),
        green = green - (NOT OLD.withdrawn AND OLD.type IN ('obligatorisk', 'kritisk') AND OLD.status = 'fuldfoert')
                      + (NOT NEW.withdrawn AND NEW.type IN ('obligatorisk', 'kritisk') AND NEW.status = 'fuldfoert')
    WHERE plan_id = NEW.plan_id;
END;

CREATE TRIGGER task_instances_total_delete AFTER DELETE ON task_instances
WHEN NOT OLD.withdrawn
BEGIN
    UPDATE plan_totals SET total = total - 1,
        green = green - (OLD.type IN ('obligatorisk', 'kritisk') AND OLD.status = 'fuldfoert')
    WHERE plan_id = OLD.plan_id;
END;

CREATE INDEX plan_counts_open ON plan_counts (end_date, status, plan_id, n)
WHERE type IN ('obligatorisk', 'kritisk') AND status <> 'fuldfoert';

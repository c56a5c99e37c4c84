-- Keyset paging of a programme's task instances across municipalities
-- (store.ListInstances): in order of end date and id, so a page after a
-- cursor is an index range, not an offset.
CREATE INDEX task_instances_end ON task_instances (programme_id, end_date, id);
-- Filters by type, status and end date (colours red and yellow: "open
-- critical tasks past their end date") counted and chosen from the index
-- alone, withdrawn instances left out without reading the rows.
CREATE INDEX task_instances_open ON task_instances (programme_id, type, status, end_date, withdrawn, id);

-- See the SQLite migration.
CREATE TABLE plan_totals (
    plan_id BIGINT  PRIMARY KEY,
    total   INTEGER NOT NULL,
    green   INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 0
);
INSERT INTO plan_totals (plan_id, total, green)
SELECT plan_id, SUM(n), SUM(CASE WHEN type IN ('obligatorisk', 'kritisk') AND status = 'fuldfoert' THEN n ELSE 0 END)
FROM plan_counts GROUP BY plan_id;

CREATE FUNCTION task_instances_total() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    dt INTEGER := 0;
    dg INTEGER := 0;
    pid BIGINT;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.type = NEW.type AND OLD.status = NEW.status AND OLD.end_date = NEW.end_date
        AND OLD.withdrawn = NEW.withdrawn THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        pid := OLD.plan_id;
        IF NOT OLD.withdrawn THEN
            dt := dt - 1;
            IF OLD.type IN ('obligatorisk', 'kritisk') AND OLD.status = 'fuldfoert' THEN dg := dg - 1; END IF;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        pid := NEW.plan_id;
        IF NOT NEW.withdrawn THEN
            dt := dt + 1;
            IF NEW.type IN ('obligatorisk', 'kritisk') AND NEW.status = 'fuldfoert' THEN dg := dg + 1; END IF;
        END IF;
    END IF;
    INSERT INTO plan_totals (plan_id, total, green, version) VALUES (pid, dt, dg, 1)
    ON CONFLICT (plan_id) DO UPDATE SET total = plan_totals.total + dt, green = plan_totals.green + dg,
        version = plan_totals.version + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER task_instances_total AFTER INSERT OR DELETE OR UPDATE OF type, status, end_date, withdrawn
ON task_instances FOR EACH ROW EXECUTE FUNCTION task_instances_total();

CREATE INDEX plan_counts_open ON plan_counts (end_date, status, plan_id, n)
WHERE type IN ('obligatorisk', 'kritisk') AND status <> 'fuldfoert';

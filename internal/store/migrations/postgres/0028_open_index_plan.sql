-- Red and yellow leave out instances that ended before their plan's
-- enrolment (migration 0022, store.instanceWhere), which needs each
-- candidate's plan: with plan_id in the type-status-end index the paged
-- overdue question is again answered from the index without reading the
-- instances' rows (BenchmarkOverdueCritical1M: 40 ms of CPU per page with
-- the table read, docs/performance.md).
DROP INDEX task_instances_open;
CREATE INDEX task_instances_open ON task_instances (programme_id, type, status, end_date, withdrawn, plan_id, id);

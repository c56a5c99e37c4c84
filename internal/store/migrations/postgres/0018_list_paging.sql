-- Keyset paging of a programme's task instances across municipalities
-- (store.ListInstances): in order of end date and id, so a page after a
-- cursor is an index range, not an offset.
CREATE INDEX task_instances_end ON task_instances (programme_id, end_date, id);

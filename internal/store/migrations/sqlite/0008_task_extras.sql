-- The task page's extras: a catalogue task's checklist and links (JSON
-- lists, published with the catalogue version like the rest of the task's
-- text), each instance's ticks of checklist items, the links a
-- municipality or institution adds to its instance, and attached
-- documents, kept in the database so that one backup holds everything.
-- Documents and links are deleted softly; the history records both.

ALTER TABLE catalogue_tasks ADD COLUMN checklist TEXT NOT NULL DEFAULT '[]';
ALTER TABLE catalogue_tasks ADD COLUMN links     TEXT NOT NULL DEFAULT '[]';

-- A row means the item is ticked; unticking deletes it (the history keeps
-- who ticked and unticked when). item_key is model.ChecklistItem.Key.
CREATE TABLE task_checklist_ticks (
    instance_id INTEGER NOT NULL REFERENCES task_instances (id),
    item_key    TEXT    NOT NULL,
    done_by     TEXT    NOT NULL,
    done_at     TEXT    NOT NULL,
    PRIMARY KEY (instance_id, item_key)
);

CREATE TABLE task_links (
    id          INTEGER PRIMARY KEY,
    instance_id INTEGER NOT NULL REFERENCES task_instances (id),
    title       TEXT    NOT NULL,
    url         TEXT    NOT NULL,
    added_by    TEXT    NOT NULL,
    added_at    TEXT    NOT NULL,
    deleted_by  TEXT    NOT NULL DEFAULT '',
    deleted_at  TEXT
);
CREATE INDEX task_links_instance ON task_links (instance_id);

CREATE TABLE task_documents (
    id           INTEGER PRIMARY KEY,
    instance_id  INTEGER NOT NULL REFERENCES task_instances (id),
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    content      BLOB    NOT NULL,
    uploaded_by  TEXT    NOT NULL,
    uploaded_at  TEXT    NOT NULL,
    deleted_by   TEXT    NOT NULL DEFAULT '',
    deleted_at   TEXT
);
CREATE INDEX task_documents_instance ON task_documents (instance_id);

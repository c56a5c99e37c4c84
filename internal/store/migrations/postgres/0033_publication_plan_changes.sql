-- What a published version changed is kept per plan, not per plan and task:
-- one row holds the plan's list of changed tasks as JSON
-- ([{"Key", "Kind", "Fields": [...], "Instances"}], in catalogue order).
-- A version adding 3,000 tasks to 98 plans wrote 294,000 rows, each with
-- its primary-key entry and two foreign-key checks – a fifth of the
-- publication's time (docs/performance.md, "Large publication"); now 98.
-- The notifications read a plan's changes together, as they always did.
CREATE TABLE publication_plan_changes (
    version_id BIGINT NOT NULL REFERENCES catalogue_versions (id),
    plan_id    BIGINT NOT NULL REFERENCES plans (id),
    changes    TEXT   NOT NULL,
    PRIMARY KEY (version_id, plan_id)
);
INSERT INTO publication_plan_changes (version_id, plan_id, changes)
SELECT pc.version_id, pc.plan_id,
    json_agg(json_build_object('Key', pc.task_key, 'Kind', pc.kind,
        'Fields', CASE WHEN pc.fields = '' THEN '[]'::json ELSE to_json(string_to_array(pc.fields, ',')) END,
        'Instances', pc.instances) ORDER BY c.position, pc.task_key)::text
FROM publication_changes pc
JOIN catalogue_versions v ON v.id = pc.version_id
LEFT JOIN catalogue_tasks c ON c.programme_id = v.programme_id AND c.key = pc.task_key
GROUP BY pc.version_id, pc.plan_id;
DROP TABLE publication_changes;

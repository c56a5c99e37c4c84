-- Stored values follow one convention (issue 11): lower-case ASCII Danish
-- words. The wave plan versions' and the plan conflicts' states were
-- English; they are renamed here (model/enums.go). The API keeps its
-- English names (model/enums_api.go maps them).
-- Kept in step with ../sqlite/0026_danish_states.sql.

DROP INDEX waveplan_versions_one_hearing;
DROP INDEX waveplan_versions_one_final;
ALTER TABLE waveplan_versions DROP CONSTRAINT waveplan_versions_state_check;
UPDATE waveplan_versions SET state = CASE state
    WHEN 'draft' THEN 'udkast' WHEN 'hearing' THEN 'hoering' WHEN 'final' THEN 'endelig' WHEN 'superseded' THEN 'erstattet' END;
ALTER TABLE waveplan_versions ADD CONSTRAINT waveplan_versions_state_check
    CHECK (state IN ('udkast', 'hoering', 'endelig', 'erstattet'));
CREATE UNIQUE INDEX waveplan_versions_one_hearing ON waveplan_versions (programme_id) WHERE state = 'hoering';
CREATE UNIQUE INDEX waveplan_versions_one_final ON waveplan_versions (programme_id) WHERE state = 'endelig';

DROP INDEX plan_conflicts_open;
ALTER TABLE plan_conflicts DROP CONSTRAINT plan_conflicts_state_check;
UPDATE plan_conflicts SET state = CASE state
    WHEN 'open' THEN 'aaben' WHEN 'keep_local' THEN 'behold_lokal' WHEN 'take_standard' THEN 'tag_standard' END;
ALTER TABLE plan_conflicts ALTER COLUMN state SET DEFAULT 'aaben';
ALTER TABLE plan_conflicts ADD CONSTRAINT plan_conflicts_state_check
    CHECK (state IN ('aaben', 'behold_lokal', 'tag_standard'));
CREATE UNIQUE INDEX plan_conflicts_open ON plan_conflicts (instance_id) WHERE state = 'aaben';

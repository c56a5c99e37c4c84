-- Stored values follow one convention (issue 11): lower-case ASCII Danish
-- words. After 0026 the wave kinds were the last English ones; they are
-- renamed here (waves.WaveKinds): pilot stays, regular becomes ordinaer,
-- catchup becomes opsamling. The API keeps its English names
-- (waves.WaveKindAPI maps them), and so do the setup snapshots a wave plan
-- version keeps in its inputs column: they are the API's JSON document.
-- Size classes are not stored: a version counts them from the population.
-- Kept in step with ../sqlite/0029_danish_wave_kinds.sql.

ALTER TABLE waveplan_waves DROP CONSTRAINT waveplan_waves_kind_check;
UPDATE waveplan_waves SET kind = CASE kind
    WHEN 'pilot' THEN 'pilot' WHEN 'regular' THEN 'ordinaer' WHEN 'catchup' THEN 'opsamling' END;
ALTER TABLE waveplan_waves ADD CONSTRAINT waveplan_waves_kind_check
    CHECK (kind IN ('pilot', 'ordinaer', 'opsamling'));

-- Stored values follow one convention (issue 11): lower-case ASCII Danish
-- words. After 0026 the wave kinds were the last English ones; they are
-- renamed here (waves.WaveKinds): pilot stays, regular becomes ordinaer,
-- catchup becomes opsamling. The API keeps its English names
-- (waves.WaveKindAPI maps them), and so do the setup snapshots a wave plan
-- version keeps in its inputs column: they are the API's JSON document.
-- Size classes are not stored: a version counts them from the population.
-- Kept in step with ../postgres/0029_danish_wave_kinds.sql.
--
-- SQLite cannot change a CHECK, so the table is rebuilt with its columns,
-- defaults and key as before; no table refers to it and it has no index or
-- trigger of its own.

CREATE TABLE waveplan_waves_new (
    programme_id     INTEGER NOT NULL REFERENCES programmes (id),
    number           INTEGER NOT NULL CHECK (number BETWEEN 1 AND 99),
    kind             TEXT    NOT NULL CHECK (kind IN ('pilot', 'ordinaer', 'opsamling')),
    golive           TEXT    NOT NULL,
    capacity         INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),
    max_population   INTEGER NOT NULL DEFAULT 0,
    max_institutions INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (programme_id, number)
);
INSERT INTO waveplan_waves_new (programme_id, number, kind, golive, capacity, max_population, max_institutions)
SELECT programme_id, number,
    CASE kind WHEN 'pilot' THEN 'pilot' WHEN 'regular' THEN 'ordinaer' WHEN 'catchup' THEN 'opsamling' END,
    golive, capacity, max_population, max_institutions
FROM waveplan_waves;
DROP TABLE waveplan_waves;
ALTER TABLE waveplan_waves_new RENAME TO waveplan_waves;

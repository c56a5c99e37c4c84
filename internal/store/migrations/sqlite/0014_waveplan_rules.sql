-- Wave planning rules (issue 17): what to do with a collaboration that
-- contains a pilot ('' refuse, 'join', 'leave'), whether the programme names
-- its own blackout periods (else the standard ones apply too), and capacity
-- per wave in inhabitants and institutions (0: unlimited).
ALTER TABLE waveplan_setups ADD COLUMN pilot_rule TEXT NOT NULL DEFAULT '';
ALTER TABLE waveplan_setups ADD COLUMN own_blackouts INTEGER NOT NULL DEFAULT FALSE;
ALTER TABLE waveplan_waves ADD COLUMN max_population INTEGER NOT NULL DEFAULT 0;
ALTER TABLE waveplan_waves ADD COLUMN max_institutions INTEGER NOT NULL DEFAULT 0;

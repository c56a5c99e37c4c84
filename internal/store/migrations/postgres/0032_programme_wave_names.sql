-- The names a programme's catalogue gives its waves (programme.waves, e.g.
-- "Pilot 1"), as JSON like milestones: [{"number": 1, "name": "Pilot 1"}].
ALTER TABLE programmes ADD COLUMN waves TEXT NOT NULL DEFAULT '[]';

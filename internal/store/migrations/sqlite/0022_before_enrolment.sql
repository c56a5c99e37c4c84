-- The day a municipality was enrolled in a programme (docs/before-enrolment.md):
-- its tasks that ended before that day are shown apart ("før tilmelding")
-- and are neither red nor yellow until the coordinator settles them.
-- Plans enrolled before this column existed get the (UTC) day of enrolled_at.
ALTER TABLE plans ADD COLUMN enrolled_on TEXT NOT NULL DEFAULT '1970-01-01';
UPDATE plans SET enrolled_on = substr(enrolled_at, 1, 10);


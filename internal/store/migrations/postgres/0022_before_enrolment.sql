-- The day a municipality was enrolled in a programme (docs/before-enrolment.md):
-- its tasks that ended before that day are shown apart ("før tilmelding")
-- and are neither red nor yellow until the coordinator settles them.
-- Plans enrolled before this column existed get the Danish day of enrolled_at.
ALTER TABLE plans ADD COLUMN enrolled_on DATE NOT NULL DEFAULT DATE '1970-01-01';
UPDATE plans SET enrolled_on = (enrolled_at AT TIME ZONE 'Europe/Copenhagen')::date;


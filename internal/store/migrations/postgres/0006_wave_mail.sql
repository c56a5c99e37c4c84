-- Wave-plan announcements are mailed (issue 6): the outbox gets a third
-- kind, 'bølgeplan'.
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('udgivelse', 'sammendrag', 'bølgeplan'));

-- Whether an announcement reached a municipality is now read from the
-- outbox (its messages and their state), so the placeholder column goes.
ALTER TABLE waveplan_announcements DROP COLUMN delivered_at;

-- Personal calendar feeds (issue 4 §5): a feed may belong to a user, whose
-- tasks (delegated to them, or own tasks assigned to their address) it
-- lists across programmes. The user is resolved when the feed is read, so a
-- deactivated user's feed stops answering.
ALTER TABLE calendar_feeds ADD COLUMN user_id BIGINT REFERENCES users (id);
CREATE INDEX calendar_feeds_user ON calendar_feeds (user_id);
CREATE INDEX calendar_feeds_plan ON calendar_feeds (plan_id);

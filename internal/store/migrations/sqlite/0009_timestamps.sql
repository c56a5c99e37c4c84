-- One timestamp format (issue 11). Until now SQLite held three: RFC 3339
-- of varying width (2026-03-01T09:30:00Z, …:00.5Z, …:00.123456789Z), the
-- fixed-width microsecond form of the access and follow-up tables, and
-- whole seconds in schema_migrations. From now on every timestamp is the
-- fixed-width form 2026-03-01T09:30:00.000000Z (store.ts): fixed width so
-- that comparing text compares times, microseconds because that is what
-- PostgreSQL's TIMESTAMPTZ keeps. Sub-microsecond digits are cut, as
-- PostgreSQL would have. Every value written so far is UTC with a Z.
--
-- The append-only tables refuse updates by trigger; the triggers are
-- lifted for this one rewrite and put back unchanged.
DROP TRIGGER status_events_no_update;
DROP TRIGGER contacts_no_update;
DROP TRIGGER checkpoint_decisions_no_update;

UPDATE api_tokens SET created_at = CASE WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(created_at) <> 27;
UPDATE api_tokens SET last_used_at = CASE WHEN instr(last_used_at, '.') = 0 THEN substr(last_used_at, 1, 19) || '.000000Z'
    ELSE substr(last_used_at, 1, 20) || substr(substr(last_used_at, 21, length(last_used_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(last_used_at) <> 27;
UPDATE api_tokens SET revoked_at = CASE WHEN instr(revoked_at, '.') = 0 THEN substr(revoked_at, 1, 19) || '.000000Z'
    ELSE substr(revoked_at, 1, 20) || substr(substr(revoked_at, 21, length(revoked_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(revoked_at) <> 27;
UPDATE baselines SET taken_at = CASE WHEN instr(taken_at, '.') = 0 THEN substr(taken_at, 1, 19) || '.000000Z'
    ELSE substr(taken_at, 1, 20) || substr(substr(taken_at, 21, length(taken_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(taken_at) <> 27;
UPDATE calendar_feeds SET created_at = CASE WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(created_at) <> 27;
UPDATE calendar_feeds SET revoked_at = CASE WHEN instr(revoked_at, '.') = 0 THEN substr(revoked_at, 1, 19) || '.000000Z'
    ELSE substr(revoked_at, 1, 20) || substr(substr(revoked_at, 21, length(revoked_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(revoked_at) <> 27;
UPDATE catalogue_versions SET published_at = CASE WHEN instr(published_at, '.') = 0 THEN substr(published_at, 1, 19) || '.000000Z'
    ELSE substr(published_at, 1, 20) || substr(substr(published_at, 21, length(published_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(published_at) <> 27;
UPDATE checkpoint_decisions SET decided_at = CASE WHEN instr(decided_at, '.') = 0 THEN substr(decided_at, 1, 19) || '.000000Z'
    ELSE substr(decided_at, 1, 20) || substr(substr(decided_at, 21, length(decided_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(decided_at) <> 27;
UPDATE contacts SET created_at = CASE WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(created_at) <> 27;
UPDATE digest_runs SET created_at = CASE WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(created_at) <> 27;
UPDATE followup_marks SET owner_at = CASE WHEN instr(owner_at, '.') = 0 THEN substr(owner_at, 1, 19) || '.000000Z'
    ELSE substr(owner_at, 1, 20) || substr(substr(owner_at, 21, length(owner_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(owner_at) <> 27;
UPDATE followup_marks SET snoozed_at = CASE WHEN instr(snoozed_at, '.') = 0 THEN substr(snoozed_at, 1, 19) || '.000000Z'
    ELSE substr(snoozed_at, 1, 20) || substr(substr(snoozed_at, 21, length(snoozed_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(snoozed_at) <> 27;
UPDATE hypercare_assignments SET assigned_at = CASE WHEN instr(assigned_at, '.') = 0 THEN substr(assigned_at, 1, 19) || '.000000Z'
    ELSE substr(assigned_at, 1, 20) || substr(substr(assigned_at, 21, length(assigned_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(assigned_at) <> 27;
UPDATE hypercare_incidents SET created_at = CASE WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(created_at) <> 27;
UPDATE hypercare_incidents SET opened_at = CASE WHEN instr(opened_at, '.') = 0 THEN substr(opened_at, 1, 19) || '.000000Z'
    ELSE substr(opened_at, 1, 20) || substr(substr(opened_at, 21, length(opened_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(opened_at) <> 27;
UPDATE hypercare_incidents SET resolved_at = CASE WHEN instr(resolved_at, '.') = 0 THEN substr(resolved_at, 1, 19) || '.000000Z'
    ELSE substr(resolved_at, 1, 20) || substr(substr(resolved_at, 21, length(resolved_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(resolved_at) <> 27;
UPDATE hypercare_incidents SET updated_at = CASE WHEN instr(updated_at, '.') = 0 THEN substr(updated_at, 1, 19) || '.000000Z'
    ELSE substr(updated_at, 1, 20) || substr(substr(updated_at, 21, length(updated_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(updated_at) <> 27;
UPDATE hypercare_lessons SET updated_at = CASE WHEN instr(updated_at, '.') = 0 THEN substr(updated_at, 1, 19) || '.000000Z'
    ELSE substr(updated_at, 1, 20) || substr(substr(updated_at, 21, length(updated_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(updated_at) <> 27;
UPDATE hypercare_teams SET created_at = CASE WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(created_at) <> 27;
UPDATE login_failures SET at = CASE WHEN instr(at, '.') = 0 THEN substr(at, 1, 19) || '.000000Z'
    ELSE substr(at, 1, 20) || substr(substr(at, 21, length(at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(at) <> 27;
UPDATE notify_pending SET created_at = CASE WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(created_at) <> 27;
UPDATE notify_preferences SET updated_at = CASE WHEN instr(updated_at, '.') = 0 THEN substr(updated_at, 1, 19) || '.000000Z'
    ELSE substr(updated_at, 1, 20) || substr(substr(updated_at, 21, length(updated_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(updated_at) <> 27;
UPDATE outbox SET claimed_until = CASE WHEN instr(claimed_until, '.') = 0 THEN substr(claimed_until, 1, 19) || '.000000Z'
    ELSE substr(claimed_until, 1, 20) || substr(substr(claimed_until, 21, length(claimed_until) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(claimed_until) <> 27;
UPDATE outbox SET created_at = CASE WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(created_at) <> 27;
UPDATE outbox SET next_attempt_at = CASE WHEN instr(next_attempt_at, '.') = 0 THEN substr(next_attempt_at, 1, 19) || '.000000Z'
    ELSE substr(next_attempt_at, 1, 20) || substr(substr(next_attempt_at, 21, length(next_attempt_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(next_attempt_at) <> 27;
UPDATE outbox SET sent_at = CASE WHEN instr(sent_at, '.') = 0 THEN substr(sent_at, 1, 19) || '.000000Z'
    ELSE substr(sent_at, 1, 20) || substr(substr(sent_at, 21, length(sent_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(sent_at) <> 27;
UPDATE own_tasks SET created_at = CASE WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(created_at) <> 27;
UPDATE own_tasks SET status_at = CASE WHEN instr(status_at, '.') = 0 THEN substr(status_at, 1, 19) || '.000000Z'
    ELSE substr(status_at, 1, 20) || substr(substr(status_at, 21, length(status_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(status_at) <> 27;
UPDATE plan_conflicts SET created_at = CASE WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(created_at) <> 27;
UPDATE plan_conflicts SET resolved_at = CASE WHEN instr(resolved_at, '.') = 0 THEN substr(resolved_at, 1, 19) || '.000000Z'
    ELSE substr(resolved_at, 1, 20) || substr(substr(resolved_at, 21, length(resolved_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(resolved_at) <> 27;
UPDATE plans SET enrolled_at = CASE WHEN instr(enrolled_at, '.') = 0 THEN substr(enrolled_at, 1, 19) || '.000000Z'
    ELSE substr(enrolled_at, 1, 20) || substr(substr(enrolled_at, 21, length(enrolled_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(enrolled_at) <> 27;
UPDATE programmes SET created_at = CASE WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(created_at) <> 27;
UPDATE schema_migrations SET applied_at = CASE WHEN instr(applied_at, '.') = 0 THEN substr(applied_at, 1, 19) || '.000000Z'
    ELSE substr(applied_at, 1, 20) || substr(substr(applied_at, 21, length(applied_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(applied_at) <> 27;
UPDATE sessions SET created_at = CASE WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(created_at) <> 27;
UPDATE sessions SET expires_at = CASE WHEN instr(expires_at, '.') = 0 THEN substr(expires_at, 1, 19) || '.000000Z'
    ELSE substr(expires_at, 1, 20) || substr(substr(expires_at, 21, length(expires_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(expires_at) <> 27;
UPDATE sessions SET last_seen_at = CASE WHEN instr(last_seen_at, '.') = 0 THEN substr(last_seen_at, 1, 19) || '.000000Z'
    ELSE substr(last_seen_at, 1, 20) || substr(substr(last_seen_at, 21, length(last_seen_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(last_seen_at) <> 27;
UPDATE status_events SET at = CASE WHEN instr(at, '.') = 0 THEN substr(at, 1, 19) || '.000000Z'
    ELSE substr(at, 1, 20) || substr(substr(at, 21, length(at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(at) <> 27;
UPDATE task_assignees SET assigned_at = CASE WHEN instr(assigned_at, '.') = 0 THEN substr(assigned_at, 1, 19) || '.000000Z'
    ELSE substr(assigned_at, 1, 20) || substr(substr(assigned_at, 21, length(assigned_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(assigned_at) <> 27;
UPDATE task_checklist_ticks SET done_at = CASE WHEN instr(done_at, '.') = 0 THEN substr(done_at, 1, 19) || '.000000Z'
    ELSE substr(done_at, 1, 20) || substr(substr(done_at, 21, length(done_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(done_at) <> 27;
UPDATE task_documents SET deleted_at = CASE WHEN instr(deleted_at, '.') = 0 THEN substr(deleted_at, 1, 19) || '.000000Z'
    ELSE substr(deleted_at, 1, 20) || substr(substr(deleted_at, 21, length(deleted_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(deleted_at) <> 27;
UPDATE task_documents SET uploaded_at = CASE WHEN instr(uploaded_at, '.') = 0 THEN substr(uploaded_at, 1, 19) || '.000000Z'
    ELSE substr(uploaded_at, 1, 20) || substr(substr(uploaded_at, 21, length(uploaded_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(uploaded_at) <> 27;
UPDATE task_instances SET status_at = CASE WHEN instr(status_at, '.') = 0 THEN substr(status_at, 1, 19) || '.000000Z'
    ELSE substr(status_at, 1, 20) || substr(substr(status_at, 21, length(status_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(status_at) <> 27;
UPDATE task_links SET added_at = CASE WHEN instr(added_at, '.') = 0 THEN substr(added_at, 1, 19) || '.000000Z'
    ELSE substr(added_at, 1, 20) || substr(substr(added_at, 21, length(added_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(added_at) <> 27;
UPDATE task_links SET deleted_at = CASE WHEN instr(deleted_at, '.') = 0 THEN substr(deleted_at, 1, 19) || '.000000Z'
    ELSE substr(deleted_at, 1, 20) || substr(substr(deleted_at, 21, length(deleted_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(deleted_at) <> 27;
UPDATE users SET created_at = CASE WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(created_at) <> 27;
UPDATE users SET updated_at = CASE WHEN instr(updated_at, '.') = 0 THEN substr(updated_at, 1, 19) || '.000000Z'
    ELSE substr(updated_at, 1, 20) || substr(substr(updated_at, 21, length(updated_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(updated_at) <> 27;
UPDATE waveplan_announcements SET created_at = CASE WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(created_at) <> 27;
UPDATE waveplan_comments SET created_at = CASE WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(created_at) <> 27;
UPDATE waveplan_setups SET updated_at = CASE WHEN instr(updated_at, '.') = 0 THEN substr(updated_at, 1, 19) || '.000000Z'
    ELSE substr(updated_at, 1, 20) || substr(substr(updated_at, 21, length(updated_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(updated_at) <> 27;
UPDATE waveplan_steps SET at = CASE WHEN instr(at, '.') = 0 THEN substr(at, 1, 19) || '.000000Z'
    ELSE substr(at, 1, 20) || substr(substr(at, 21, length(at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(at) <> 27;
UPDATE waveplan_versions SET announced_at = CASE WHEN instr(announced_at, '.') = 0 THEN substr(announced_at, 1, 19) || '.000000Z'
    ELSE substr(announced_at, 1, 20) || substr(substr(announced_at, 21, length(announced_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(announced_at) <> 27;
UPDATE waveplan_versions SET created_at = CASE WHEN instr(created_at, '.') = 0 THEN substr(created_at, 1, 19) || '.000000Z'
    ELSE substr(created_at, 1, 20) || substr(substr(created_at, 21, length(created_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(created_at) <> 27;
UPDATE waveplan_versions SET finalised_at = CASE WHEN instr(finalised_at, '.') = 0 THEN substr(finalised_at, 1, 19) || '.000000Z'
    ELSE substr(finalised_at, 1, 20) || substr(substr(finalised_at, 21, length(finalised_at) - 21) || '000000', 1, 6) || 'Z' END
    WHERE length(finalised_at) <> 27;

CREATE TRIGGER status_events_no_update BEFORE UPDATE ON status_events
BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;
CREATE TRIGGER contacts_no_update BEFORE UPDATE ON contacts
BEGIN SELECT RAISE(ABORT, 'the contact log is append-only'); END;
CREATE TRIGGER checkpoint_decisions_no_update BEFORE UPDATE ON checkpoint_decisions
BEGIN SELECT RAISE(ABORT, 'checkpoint decisions are append-only'); END;

package store

import (
	"context"
	"fmt"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// Mark is the follow-up state of a worklist item: who follows it up, and
// until when it is snoozed.
type Mark struct {
	Item         string
	OwnerID      int64 // 0: nobody
	OwnerName    string
	OwnerEmail   string
	OwnerOrg     string
	OwnerAt      time.Time
	OwnerBy      string
	SnoozedUntil model.Date // NoDate: not snoozed
	SnoozeReason string
	SnoozedAt    time.Time
	SnoozedBy    string
}

// FollowupMarks returns the marks of a programme's worklist items by item.
func (t *Tx) FollowupMarks(ctx context.Context, programmeID int64) (map[string]Mark, error) {
	rows, err := t.query(ctx, `SELECT m.item, COALESCE(m.owner_id, 0), COALESCE(u.name, ''), COALESCE(u.email, ''), COALESCE(o.name, ''),
		m.owner_at, m.owner_by, m.snoozed_until, m.snooze_reason, m.snoozed_at, m.snoozed_by
		FROM followup_marks m LEFT JOIN users u ON u.id = m.owner_id LEFT JOIN organisations o ON o.id = u.organisation_id
		WHERE m.programme_id = ?`, programmeID)
	if err != nil {
		return nil, fmt.Errorf("store: follow-up marks: %w", err)
	}
	defer rows.Close()
	out := map[string]Mark{}
	for rows.Next() {
		var m Mark
		if err := rows.Scan(&m.Item, &m.OwnerID, &m.OwnerName, &m.OwnerEmail, &m.OwnerOrg, timestamp{&m.OwnerAt}, &m.OwnerBy,
			optDate{&m.SnoozedUntil}, &m.SnoozeReason, timestamp{&m.SnoozedAt}, &m.SnoozedBy); err != nil {
			return nil, err
		}
		out[m.Item] = m
	}
	return out, rows.Err()
}

// SetFollowupOwner makes ownerID (0: nobody) the follow-up owner of an item.
func (t *Tx) SetFollowupOwner(ctx context.Context, programmeID int64, item string, ownerID int64, actor string) error {
	var owner any
	if ownerID != 0 {
		owner = ownerID
	}
	_, err := t.exec(ctx, `INSERT INTO followup_marks (programme_id, item, owner_id, owner_at, owner_by) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (programme_id, item) DO UPDATE SET owner_id = excluded.owner_id, owner_at = excluded.owner_at, owner_by = excluded.owner_by`,
		programmeID, item, owner, ts(t.now), actor)
	if err != nil {
		return fmt.Errorf("store: follow-up owner of %s: %w", item, err)
	}
	return nil
}

// SetSnooze snoozes an item until a date with a reason, or wakes it (NoDate).
func (t *Tx) SetSnooze(ctx context.Context, programmeID int64, item string, until model.Date, reason, actor string) error {
	_, err := t.exec(ctx, `INSERT INTO followup_marks (programme_id, item, snoozed_until, snooze_reason, snoozed_at, snoozed_by) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (programme_id, item) DO UPDATE SET snoozed_until = excluded.snoozed_until, snooze_reason = excluded.snooze_reason,
			snoozed_at = excluded.snoozed_at, snoozed_by = excluded.snoozed_by`,
		programmeID, item, dateArg(until), reason, ts(t.now), actor)
	if err != nil {
		return fmt.Errorf("store: snooze %s: %w", item, err)
	}
	return nil
}

// MandatoryRed lists a programme's live mandatory instances whose end date
// is before asof and that are not completed, longest overdue first; the
// caller confirms their colour with model.TaskColour.
//
// The open ones are few: they are found through the type-status-end index
// (task_instances_open) and sorted, rather than by walking the end-date
// index over every instance ended before asof, which SQLite's planner
// otherwise chooses to save the sort (ten times slower at 98 × 150);
// the expression sorts like the column.
func (t *Tx) MandatoryRed(ctx context.Context, programmeID int64, asof model.Date) ([]model.TaskInstance, error) {
	rows, err := t.query(ctx, instanceSelect+` WHERE i.programme_id = ? AND i.type IN (?, ?) AND i.status IN (?, ?, ?)
		AND i.end_date < ? AND i.end_date >= pe.enrolled_on AND NOT i.withdrawn ORDER BY i.end_date || '', i.plan_id, c.position, i.id`,
		programmeID, model.Mandatory, model.Critical, model.NotStarted, model.Started, model.NotRelevant, asof)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.TaskInstance
	for rows.Next() {
		x, err := scanInstance(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// InstancePlan returns the plan and programme of a task instance, or ErrNotFound.
func (t *Tx) InstancePlan(ctx context.Context, id int64) (planID, programmeID int64, err error) {
	err = t.queryRow(ctx, "SELECT plan_id, programme_id FROM task_instances WHERE id = ?", id).Scan(&planID, &programmeID)
	return planID, programmeID, notFound(err, fmt.Sprintf("task %d", id))
}

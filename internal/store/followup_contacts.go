package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/udrul/udrul/internal/model"
)

// InsertContact adds an entry to the contact log and sets c.ID.
func (t *Tx) InsertContact(ctx context.Context, c *model.Contact, taskIDs []int64) error {
	c.CreatedAt = t.now
	err := t.queryRow(ctx, `INSERT INTO contacts (plan_id, occurred_on, channel, kind, participants, summary, agreements, internal_note,
		escalated_to, next_followup, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.PlanID, c.OccurredOn, c.Channel, c.Kind, c.Participants, c.Summary, c.Agreements, c.InternalNote, c.EscalatedTo,
		dateArg(c.NextFollowup), ts(t.now), c.CreatedBy).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("store: insert contact: %w", err)
	}
	for _, id := range taskIDs {
		if _, err := t.exec(ctx, "INSERT INTO contact_tasks (contact_id, instance_id) VALUES (?, ?)", c.ID, id); err != nil {
			return fmt.Errorf("store: contact %d task %d: %w", c.ID, id, err)
		}
	}
	return nil
}

// Contacts lists a plan's contact log, newest first, with the tasks each
// entry is about.
func (t *Tx) Contacts(ctx context.Context, planID int64) ([]model.Contact, error) {
	rows, err := t.query(ctx, `SELECT id, plan_id, occurred_on, channel, kind, participants, summary, agreements, internal_note,
		escalated_to, next_followup, created_at, created_by FROM contacts WHERE plan_id = ? ORDER BY occurred_on DESC, id DESC`, planID)
	if err != nil {
		return nil, fmt.Errorf("store: contacts: %w", err)
	}
	defer rows.Close()
	out := []model.Contact{}
	index := map[int64]int{}
	for rows.Next() {
		var c model.Contact
		if err := rows.Scan(&c.ID, &c.PlanID, &c.OccurredOn, &c.Channel, &c.Kind, &c.Participants, &c.Summary, &c.Agreements,
			&c.InternalNote, &c.EscalatedTo, optDate{&c.NextFollowup}, timestamp{&c.CreatedAt}, &c.CreatedBy); err != nil {
			return nil, err
		}
		c.Tasks = []model.ContactTask{}
		index[c.ID] = len(out)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	trows, err := t.query(ctx, `SELECT ct.contact_id, i.id, c.key, c.title, COALESCE(o.name, ''), i.status
		FROM contact_tasks ct JOIN contacts k ON k.id = ct.contact_id
		JOIN task_instances i ON i.id = ct.instance_id JOIN catalogue_tasks c ON c.id = i.catalogue_task_id
		LEFT JOIN organisations o ON o.id = i.institution_id
		WHERE k.plan_id = ? ORDER BY ct.contact_id, c.position, i.id`, planID)
	if err != nil {
		return nil, err
	}
	defer trows.Close()
	for trows.Next() {
		var cid int64
		var x model.ContactTask
		if err := trows.Scan(&cid, &x.ID, &x.Key, &x.Title, &x.Institution, &x.Status); err != nil {
			return nil, err
		}
		if i, ok := index[cid]; ok {
			out[i].Tasks = append(out[i].Tasks, x)
		}
	}
	return out, trows.Err()
}

// NextFollowups returns, per plan of a programme, the next follow-up date of
// its latest contact entry (the latest entry decides: a later contact
// without a date means no follow-up is planned).
func (t *Tx) NextFollowups(ctx context.Context, programmeID int64) (map[int64]model.Date, error) {
	rows, err := t.query(ctx, `SELECT c.plan_id, c.next_followup FROM contacts c JOIN plans p ON p.id = c.plan_id
		WHERE p.programme_id = ? AND c.next_followup IS NOT NULL AND NOT EXISTS (
			SELECT 1 FROM contacts l WHERE l.plan_id = c.plan_id AND (l.occurred_on > c.occurred_on OR (l.occurred_on = c.occurred_on AND l.id > c.id)))`,
		programmeID)
	if err != nil {
		return nil, fmt.Errorf("store: next follow-ups: %w", err)
	}
	defer rows.Close()
	out := map[int64]model.Date{}
	for rows.Next() {
		var id int64
		var d model.Date
		if err := rows.Scan(&id, &d); err != nil {
			return nil, err
		}
		out[id] = d
	}
	return out, rows.Err()
}

// CheckpointItems lists a plan's live instances of checkpoint tasks in catalogue order.
func (t *Tx) CheckpointItems(ctx context.Context, planID int64) ([]model.CheckpointItem, error) {
	rows, err := t.query(ctx, `SELECT i.id, c.key, c.title, c.checkpoint, i.type, i.status, i.end_date, COALESCE(o.name, '')
		FROM task_instances i JOIN catalogue_tasks c ON c.id = i.catalogue_task_id LEFT JOIN organisations o ON o.id = i.institution_id
		WHERE i.plan_id = ? AND c.checkpoint <> '' AND NOT i.withdrawn ORDER BY c.position, o.code, i.id`, planID)
	if err != nil {
		return nil, fmt.Errorf("store: checkpoint items: %w", err)
	}
	defer rows.Close()
	var out []model.CheckpointItem
	for rows.Next() {
		var x model.CheckpointItem
		if err := rows.Scan(&x.ID, &x.Key, &x.Title, &x.Transition, &x.Type, &x.Status, &x.End, &x.Institution); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// InsertCheckpointDecision records a decision and sets d.ID and d.DecidedAt.
func (t *Tx) InsertCheckpointDecision(ctx context.Context, d *model.CheckpointDecision) error {
	d.DecidedAt = t.now
	err := t.queryRow(ctx, `INSERT INTO checkpoint_decisions (plan_id, transition, decision, basis, done, total, blocking, decided_at, decided_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, d.PlanID, d.Transition, d.Decision, d.Basis, d.Done, d.Total,
		joinKeys(d.Blocking), ts(t.now), d.DecidedBy).Scan(&d.ID)
	if err != nil {
		return fmt.Errorf("store: insert checkpoint decision: %w", err)
	}
	return nil
}

// CheckpointDecisions lists a plan's decisions, oldest first.
func (t *Tx) CheckpointDecisions(ctx context.Context, planID int64) ([]model.CheckpointDecision, error) {
	rows, err := t.query(ctx, `SELECT id, plan_id, transition, decision, basis, done, total, blocking, decided_at, decided_by
		FROM checkpoint_decisions WHERE plan_id = ? ORDER BY id`, planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.CheckpointDecision
	for rows.Next() {
		var d model.CheckpointDecision
		var blocking string
		if err := rows.Scan(&d.ID, &d.PlanID, &d.Transition, &d.Decision, &d.Basis, &d.Done, &d.Total, &blocking,
			timestamp{&d.DecidedAt}, &d.DecidedBy); err != nil {
			return nil, err
		}
		d.Blocking = splitKeys(blocking)
		out = append(out, d)
	}
	return out, rows.Err()
}

func joinKeys(ks []string) string { return strings.Join(ks, "\n") }

func splitKeys(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

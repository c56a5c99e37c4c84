package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/paging"
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

// InstancePlan returns the plan and programme of a task instance, or ErrNotFound.
func (t *Tx) InstancePlan(ctx context.Context, id int64) (planID, programmeID int64, err error) {
	err = t.queryRow(ctx, "SELECT plan_id, programme_id FROM task_instances WHERE id = ?", id).Scan(&planID, &programmeID)
	return planID, programmeID, notFound(err, fmt.Sprintf("task %d", id))
}

// WorklistQuery selects a programme's worklist tasks as of Asof: the
// critical tasks that are yellow (not started, ending in [Asof,
// WarnUntil]) and the mandatory and critical ones that are red (not
// completed, ended before Asof), by the conditions ListInstances filters
// colours with, so that the database counts and pages the list (a
// national worklist holds tens of thousands of tasks in the
// one-million-instance database).
type WorklistQuery struct {
	ProgrammeID     int64
	Asof, WarnUntil model.Date
	Plans           []int64        // nil: every plan; else only these (none: nothing)
	Type            model.TaskType // "": both types
	Only            []int64        // nil: any instance; else only these (none: nothing)
	Except          []int64        // instances left out
}

// WorklistCounts counts worklist tasks by why they are on it.
type WorklistCounts struct {
	CriticalYellow, CriticalRed, MandatoryRed int
}

// Total is the number of tasks counted.
func (c WorklistCounts) Total() int { return c.CriticalYellow + c.CriticalRed + c.MandatoryRed }

// worklistBranch is the yellow or the red part of a worklist query.
type worklistBranch struct {
	yellow bool
	where  string
	args   []any
}

// branches are the query's yellow and red parts: ListInstances'
// conditions for critical tasks that are yellow and for mandatory ones
// that are red (one place for the colours as conditions), each served by
// the type-status-end index (one condition with OR would walk every
// instance of the programme). Id lists are written as literals: they are
// integers, and a long list must not run into the databases' limits on
// parameters.
func (q WorklistQuery) branches() ([]worklistBranch, error) {
	if (q.Plans != nil && len(q.Plans) == 0) || (q.Only != nil && len(q.Only) == 0) {
		return nil, nil
	}
	var ids strings.Builder
	list := func(col, op string, xs []int64) {
		if xs == nil || (op == "NOT IN" && len(xs) == 0) {
			return
		}
		ids.WriteString(" AND " + col + " " + op + " (")
		for i, x := range xs {
			if i > 0 {
				ids.WriteString(", ")
			}
			ids.WriteString(strconv.FormatInt(x, 10))
		}
		ids.WriteString(")")
	}
	list("i.plan_id", "IN", q.Plans)
	list("i.id", "IN", q.Only)
	list("i.id", "NOT IN", q.Except)
	var out []worklistBranch
	add := func(yellow bool, c model.Colour, types ...model.TaskType) error {
		where, args, err := instanceWhere(q.ProgrammeID, paging.Query{Types: types, Colours: []model.Colour{c}}, q.Asof, q.WarnUntil)
		if err == nil {
			out = append(out, worklistBranch{yellow: yellow, where: where + ids.String(), args: args})
		}
		return err
	}
	if q.Type == "" || q.Type == model.Critical {
		if err := add(true, model.Yellow, model.Critical); err != nil {
			return nil, err
		}
	}
	red := []model.TaskType{model.Mandatory, model.Critical}
	if q.Type != "" {
		red = []model.TaskType{q.Type}
	}
	return out, add(false, model.Red, red...)
}

// CountWorklist counts the tasks q selects by why they are on the list.
func (t *Tx) CountWorklist(ctx context.Context, q WorklistQuery) (WorklistCounts, error) {
	var c WorklistCounts
	bs, err := q.branches()
	if err != nil {
		return c, err
	}
	for _, b := range bs {
		if b.yellow {
			err = t.queryRow(ctx, "SELECT COUNT(*) FROM task_instances i"+b.where, b.args...).Scan(&c.CriticalYellow)
		} else {
			err = t.queryRow(ctx, "SELECT COALESCE(SUM(CASE WHEN i.type = ? THEN 1 ELSE 0 END), 0), COUNT(*) FROM task_instances i"+b.where,
				append([]any{model.Critical}, b.args...)...).Scan(&c.CriticalRed, &c.MandatoryRed)
			c.MandatoryRed -= c.CriticalRed
		}
		if err != nil {
			return c, fmt.Errorf("store: count worklist: %w", err)
		}
	}
	return c, nil
}

// WorklistTasks lists the tasks q selects in the worklist's order, limit
// of them (0: all) after the first offset: the yellow ones first, then the
// red ones, each by end date (the longest overdue first), plan and id
// (the order a plan's instances were made in, the catalogue's). The ids
// are chosen and sorted from the type-status-end index alone (sorting by
// catalogue position too read every candidate's row: ten times slower
// for the 16,000 red tasks of the one-million-instance database); the
// page's rows are then read by id.
func (t *Tx) WorklistTasks(ctx context.Context, q WorklistQuery, offset, limit int) ([]model.TaskInstance, error) {
	bs, err := q.branches()
	if len(bs) == 0 || err != nil {
		return nil, err
	}
	var parts []string
	var args []any
	for _, b := range bs {
		k := "1"
		if b.yellow {
			k = "0"
		}
		parts = append(parts, `SELECT i.id AS id, `+k+` AS k, i.end_date AS e, i.plan_id AS p FROM task_instances i`+b.where)
		args = append(args, b.args...)
	}
	sel := "SELECT id FROM (" + strings.Join(parts, " UNION ALL ") + ") w ORDER BY k, e, p, id"
	if limit > 0 {
		sel += " LIMIT " + strconv.Itoa(limit) + " OFFSET " + strconv.Itoa(max(offset, 0))
	}
	ids, err := t.int64s(ctx, sel, args...)
	if err != nil {
		return nil, fmt.Errorf("store: worklist: %w", err)
	}
	out := make([]model.TaskInstance, 0, len(ids))
	pos := make(map[int64]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		var b strings.Builder
		for i, id := range ids[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.FormatInt(id, 10))
		}
		rows, err := t.query(ctx, instanceSelect+" WHERE i.id IN ("+b.String()+")")
		if err != nil {
			return nil, fmt.Errorf("store: worklist: %w", err)
		}
		for rows.Next() {
			x, err := scanInstance(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, x)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	slices.SortFunc(out, func(a, b model.TaskInstance) int { return pos[a.ID] - pos[b.ID] })
	return out, nil
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/udrul/udrul/internal/model"
)

// ReplaceCatalogueDependencies stores the dependencies of a programme's
// current catalogue, replacing those of the previous version.
func (t *Tx) ReplaceCatalogueDependencies(ctx context.Context, programmeID int64, tasks []model.CatalogueTask) error {
	if _, err := t.exec(ctx, "DELETE FROM catalogue_dependencies WHERE programme_id = ?", programmeID); err != nil {
		return fmt.Errorf("store: clear dependencies: %w", err)
	}
	pos := 0
	for _, task := range tasks {
		for _, d := range task.DependsOn {
			kind := d.Type
			if kind == "" {
				kind = "FS"
			}
			if _, err := t.exec(ctx, `INSERT INTO catalogue_dependencies (programme_id, task_key, predecessor_key, kind, lag, position)
				VALUES (?, ?, ?, ?, ?, ?)`, programmeID, task.Key, d.Task, kind, d.Lag, pos); err != nil {
				return fmt.Errorf("store: save dependency %s → %s: %w", d.Task, task.Key, err)
			}
			pos++
		}
	}
	return nil
}

// CatalogueDependencies returns each task's predecessors in catalogue order.
func (t *Tx) CatalogueDependencies(ctx context.Context, programmeID int64) (map[string][]model.Dependency, error) {
	rows, err := t.query(ctx, `SELECT task_key, predecessor_key, kind, lag FROM catalogue_dependencies
		WHERE programme_id = ? ORDER BY position`, programmeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]model.Dependency{}
	for rows.Next() {
		var key string
		var d model.Dependency
		if err := rows.Scan(&key, &d.Task, &d.Type, &d.Lag); err != nil {
			return nil, err
		}
		out[key] = append(out[key], d)
	}
	return out, rows.Err()
}

const ownTaskColumns = `id, plan_id, title, description, phase, type, milestone, start_date, end_date, responsible, executor,
	assignee, depends_on, status, status_at, status_by, created_at, created_by, version`

func scanOwnTask(sc interface{ Scan(...any) error }) (model.OwnTask, error) {
	var o model.OwnTask
	var deps string
	err := sc.Scan(&o.ID, &o.PlanID, &o.Title, &o.Description, &o.Phase, &o.Type, &o.Milestone, &o.Start, &o.End,
		&o.Responsible, &o.Executor, &o.Assignee, &deps, &o.Status, timestamp{&o.StatusAt}, &o.StatusBy,
		timestamp{&o.CreatedAt}, &o.CreatedBy, &o.Version)
	if err != nil {
		return o, err
	}
	if err := json.Unmarshal([]byte(deps), &o.DependsOn); err != nil {
		return o, fmt.Errorf("store: own task %d dependencies: %w", o.ID, err)
	}
	if o.DependsOn == nil {
		o.DependsOn = []model.Dependency{}
	}
	return o, nil
}

// OwnTasksOfPlan lists a plan's own tasks (not deleted) by start date.
func (t *Tx) OwnTasksOfPlan(ctx context.Context, planID int64) ([]model.OwnTask, error) {
	rows, err := t.query(ctx, "SELECT "+ownTaskColumns+" FROM own_tasks WHERE plan_id = ? AND NOT deleted ORDER BY start_date, id", planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.OwnTask
	for rows.Next() {
		o, err := scanOwnTask(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// OwnTaskByID returns an own task that is not deleted, or ErrNotFound.
func (t *Tx) OwnTaskByID(ctx context.Context, id int64) (model.OwnTask, error) {
	o, err := scanOwnTask(t.queryRow(ctx, "SELECT "+ownTaskColumns+" FROM own_tasks WHERE id = ? AND NOT deleted", id))
	return o, notFound(err, fmt.Sprintf("own task %d", id))
}

// SaveOwnTask inserts o (o.ID 0) or updates it if its version is still
// o.Version (ErrConflict otherwise); the version is bumped.
func (t *Tx) SaveOwnTask(ctx context.Context, o *model.OwnTask, actor string) error {
	deps, err := json.Marshal(o.DependsOn)
	if err != nil {
		return err
	}
	if o.DependsOn == nil {
		deps = []byte("[]")
	}
	if o.ID == 0 {
		o.CreatedAt, o.CreatedBy, o.Version = t.now, actor, 1
		err := t.queryRow(ctx, `INSERT INTO own_tasks (plan_id, title, description, phase, type, milestone, start_date, end_date,
			responsible, executor, assignee, depends_on, status, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			o.PlanID, o.Title, o.Description, o.Phase, o.Type, o.Milestone, o.Start, o.End, o.Responsible, o.Executor,
			o.Assignee, string(deps), o.Status, ts(t.now), actor).Scan(&o.ID)
		if err != nil {
			return fmt.Errorf("store: insert own task: %w", err)
		}
		return nil
	}
	res, err := t.exec(ctx, `UPDATE own_tasks SET title = ?, description = ?, phase = ?, type = ?, milestone = ?, start_date = ?,
		end_date = ?, responsible = ?, executor = ?, assignee = ?, depends_on = ?, version = version + 1
		WHERE id = ? AND version = ? AND NOT deleted`,
		o.Title, o.Description, o.Phase, o.Type, o.Milestone, o.Start, o.End, o.Responsible, o.Executor, o.Assignee,
		string(deps), o.ID, o.Version)
	if err != nil {
		return fmt.Errorf("store: update own task %d: %w", o.ID, err)
	}
	if err := t.expectOne(ctx, res, "own_tasks", o.ID, o.Version); err != nil {
		return err
	}
	o.Version++
	return nil
}

// SetOwnTaskStatus changes an own task's status at version expectedVersion.
func (t *Tx) SetOwnTaskStatus(ctx context.Context, id int64, expectedVersion int, status model.Status, actor string) error {
	res, err := t.exec(ctx, `UPDATE own_tasks SET status = ?, status_at = ?, status_by = ?, version = version + 1
		WHERE id = ? AND version = ? AND NOT deleted`, status, ts(t.now), actor, id, expectedVersion)
	if err != nil {
		return fmt.Errorf("store: set status of own task %d: %w", id, err)
	}
	return t.expectOne(ctx, res, "own_tasks", id, expectedVersion)
}

// DeleteOwnTask marks an own task deleted (kept for baselines) at version expectedVersion.
func (t *Tx) DeleteOwnTask(ctx context.Context, id int64, expectedVersion int) error {
	res, err := t.exec(ctx, "UPDATE own_tasks SET deleted = TRUE, version = version + 1 WHERE id = ? AND version = ? AND NOT deleted", id, expectedVersion)
	if err != nil {
		return fmt.Errorf("store: delete own task %d: %w", id, err)
	}
	return t.expectOne(ctx, res, "own_tasks", id, expectedVersion)
}

// expectOne turns "no row updated" into ErrNotFound or ErrConflict.
func (t *Tx) expectOne(ctx context.Context, res sql.Result, table string, id int64, expectedVersion int) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	var v int
	q := "SELECT version FROM " + table + " WHERE id = ?"
	if table == "own_tasks" {
		q += " AND NOT deleted"
	}
	if err := t.queryRow(ctx, q, id).Scan(&v); errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s %d: %w", table, id, ErrNotFound)
	} else if err != nil {
		return err
	}
	return fmt.Errorf("%s %d is at version %d, not %d: %w", table, id, v, expectedVersion, ErrConflict)
}

// SetLocalDates moves an instance's dates (override true, with a reason) or
// puts it back on the standard's planned dates (override false), if its
// version is still expectedVersion. The version is bumped.
func (t *Tx) SetLocalDates(ctx context.Context, id int64, expectedVersion int, start, end model.Date, override bool, reason string) error {
	res, err := t.exec(ctx, `UPDATE task_instances SET start_date = ?, end_date = ?, date_override = ?, override_reason = ?, version = version + 1
		WHERE id = ? AND version = ?`, start, end, override, reason, id, expectedVersion)
	if err != nil {
		return fmt.Errorf("store: move task %d: %w", id, err)
	}
	return t.expectOne(ctx, res, "task_instances", id, expectedVersion)
}

// SetAssignee delegates an instance to a person ("" removes the delegation).
func (t *Tx) SetAssignee(ctx context.Context, instanceID int64, assignee, actor string) error {
	var err error
	if assignee == "" {
		_, err = t.exec(ctx, "DELETE FROM task_assignees WHERE instance_id = ?", instanceID)
	} else {
		_, err = t.exec(ctx, `INSERT INTO task_assignees (instance_id, assignee, assigned_at, assigned_by) VALUES (?, ?, ?, ?)
			ON CONFLICT (instance_id) DO UPDATE SET assignee = excluded.assignee, assigned_at = excluded.assigned_at,
			assigned_by = excluded.assigned_by`, instanceID, assignee, ts(t.now), actor)
	}
	if err != nil {
		return fmt.Errorf("store: delegate task %d: %w", instanceID, err)
	}
	return nil
}

// AssigneesOfPlan maps instance IDs of a plan to the person they are delegated to.
func (t *Tx) AssigneesOfPlan(ctx context.Context, planID int64) (map[int64]string, error) {
	rows, err := t.query(ctx, `SELECT a.instance_id, a.assignee FROM task_assignees a
		JOIN task_instances i ON i.id = a.instance_id WHERE i.plan_id = ?`, planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var a string
		if err := rows.Scan(&id, &a); err != nil {
			return nil, err
		}
		out[id] = a
	}
	return out, rows.Err()
}

// AssignedInstance is an instance delegated to a person, with where it belongs.
type AssignedInstance struct {
	Instance      model.TaskInstance
	ProgrammeKey  string
	ProgrammeName string
	Municipality  string // code
	MuniName      string
}

// InstancesAssignedTo lists the live instances delegated to assignee across all plans.
func (t *Tx) InstancesAssignedTo(ctx context.Context, assignee string) ([]AssignedInstance, error) {
	rows, err := t.query(ctx, `SELECT i.id, pr.key, pr.name, mo.code, mo.name FROM task_assignees a
		JOIN task_instances i ON i.id = a.instance_id
		JOIN plans p ON p.id = i.plan_id
		JOIN programmes pr ON pr.id = p.programme_id
		JOIN organisations mo ON mo.id = p.organisation_id
		WHERE a.assignee = ? AND NOT i.withdrawn ORDER BY i.end_date, i.id`, assignee)
	if err != nil {
		return nil, err
	}
	var out []AssignedInstance
	var ids []int64
	for rows.Next() {
		var a AssignedInstance
		var id int64
		if err := rows.Scan(&id, &a.ProgrammeKey, &a.ProgrammeName, &a.Municipality, &a.MuniName); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, id := range ids {
		x, err := t.Instance(ctx, id)
		if err != nil {
			return nil, err
		}
		out[i].Instance = x
	}
	return out, nil
}

// OwnTasksAssignedTo lists own tasks delegated to assignee with their plan's programme and municipality.
func (t *Tx) OwnTasksAssignedTo(ctx context.Context, assignee string) ([]model.OwnTask, []Plan, error) {
	rows, err := t.query(ctx, "SELECT "+ownTaskColumns+" FROM own_tasks WHERE assignee = ? AND NOT deleted ORDER BY end_date, id", assignee)
	if err != nil {
		return nil, nil, err
	}
	var tasks []model.OwnTask
	for rows.Next() {
		o, err := scanOwnTask(rows)
		if err != nil {
			rows.Close()
			return nil, nil, err
		}
		tasks = append(tasks, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	plans := make([]Plan, len(tasks))
	for i, o := range tasks {
		if plans[i], err = t.PlanByID(ctx, o.PlanID); err != nil {
			return nil, nil, err
		}
	}
	return tasks, plans, nil
}

// InsertBaseline saves a baseline with its tasks and sets b.ID.
func (t *Tx) InsertBaseline(ctx context.Context, b *model.Baseline, tasks []model.BaselineTask) error {
	b.TakenAt, b.Tasks = t.now, len(tasks)
	if err := t.queryRow(ctx, "INSERT INTO baselines (plan_id, name, taken_at, taken_by) VALUES (?, ?, ?, ?) RETURNING id",
		b.PlanID, b.Name, ts(t.now), b.TakenBy).Scan(&b.ID); err != nil {
		return fmt.Errorf("store: insert baseline: %w", err)
	}
	return execRows(ctx, t, "insert baseline tasks", tasks, 400,
		"INSERT INTO baseline_tasks (baseline_id, ref, key, title, start_date, end_date, status) VALUES ", "(?, ?, ?, ?, ?, ?, ?)", "",
		func(x model.BaselineTask) []any { return []any{b.ID, x.Ref, x.Key, x.Title, x.Start, x.End, x.Status} })
}

// Baselines lists a plan's baselines, newest first.
func (t *Tx) Baselines(ctx context.Context, planID int64) ([]model.Baseline, error) {
	rows, err := t.query(ctx, `SELECT b.id, b.plan_id, b.name, b.taken_at, b.taken_by,
		(SELECT COUNT(*) FROM baseline_tasks x WHERE x.baseline_id = b.id)
		FROM baselines b WHERE b.plan_id = ? ORDER BY b.id DESC`, planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.Baseline{}
	for rows.Next() {
		var b model.Baseline
		if err := rows.Scan(&b.ID, &b.PlanID, &b.Name, timestamp{&b.TakenAt}, &b.TakenBy, &b.Tasks); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// BaselineByID returns a baseline and its tasks, or ErrNotFound.
func (t *Tx) BaselineByID(ctx context.Context, id int64) (model.Baseline, []model.BaselineTask, error) {
	var b model.Baseline
	err := t.queryRow(ctx, "SELECT id, plan_id, name, taken_at, taken_by FROM baselines WHERE id = ?", id).
		Scan(&b.ID, &b.PlanID, &b.Name, timestamp{&b.TakenAt}, &b.TakenBy)
	if err != nil {
		return b, nil, notFound(err, fmt.Sprintf("baseline %d", id))
	}
	rows, err := t.query(ctx, "SELECT ref, key, title, start_date, end_date, status FROM baseline_tasks WHERE baseline_id = ? ORDER BY start_date, ref", id)
	if err != nil {
		return b, nil, err
	}
	defer rows.Close()
	var tasks []model.BaselineTask
	for rows.Next() {
		var x model.BaselineTask
		if err := rows.Scan(&x.Ref, &x.Key, &x.Title, &x.Start, &x.End, &x.Status); err != nil {
			return b, nil, err
		}
		tasks = append(tasks, x)
	}
	b.Tasks = len(tasks)
	return b, tasks, rows.Err()
}

// RecordConflict opens a conflict for c.InstanceID, or, if one is open
// already, updates what the standard says now (what it said first is kept).
func (t *Tx) RecordConflict(ctx context.Context, c model.Conflict) error {
	res, err := t.exec(ctx, `UPDATE plan_conflicts SET catalogue_version = ?, new_start = ?, new_end = ?, local_start = ?, local_end = ?,
		local_reason = ? WHERE instance_id = ? AND state = 'aaben'`,
		c.CatalogueVersion, c.NewStart, c.NewEnd, c.LocalStart, c.LocalEnd, c.LocalReason, c.InstanceID)
	if err != nil {
		return fmt.Errorf("store: update conflict of task %d: %w", c.InstanceID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO plan_conflicts (plan_id, instance_id, catalogue_version, old_start, old_end, new_start, new_end,
		local_start, local_end, local_reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.PlanID, c.InstanceID, c.CatalogueVersion, c.OldStart, c.OldEnd, c.NewStart, c.NewEnd, c.LocalStart, c.LocalEnd,
		c.LocalReason, ts(t.now))
	if err != nil {
		return fmt.Errorf("store: record conflict of task %d: %w", c.InstanceID, err)
	}
	return nil
}

const conflictColumns = `id, plan_id, instance_id, catalogue_version, old_start, old_end, new_start, new_end, local_start, local_end,
	local_reason, state, created_at, resolved_at, resolved_by`

func scanConflict(sc interface{ Scan(...any) error }) (model.Conflict, error) {
	var c model.Conflict
	err := sc.Scan(&c.ID, &c.PlanID, &c.InstanceID, &c.CatalogueVersion, &c.OldStart, &c.OldEnd, &c.NewStart, &c.NewEnd,
		&c.LocalStart, &c.LocalEnd, &c.LocalReason, &c.State, timestamp{&c.CreatedAt}, timestamp{&c.ResolvedAt}, &c.ResolvedBy)
	return c, err
}

// ConflictsOfPlan lists a plan's conflicts, open ones first, newest first.
func (t *Tx) ConflictsOfPlan(ctx context.Context, planID int64) ([]model.Conflict, error) {
	rows, err := t.query(ctx, "SELECT "+conflictColumns+` FROM plan_conflicts WHERE plan_id = ?
		ORDER BY CASE WHEN state = 'aaben' THEN 0 ELSE 1 END, id DESC`, planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.Conflict{}
	for rows.Next() {
		c, err := scanConflict(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ConflictByID returns a conflict, or ErrNotFound.
func (t *Tx) ConflictByID(ctx context.Context, id int64) (model.Conflict, error) {
	c, err := scanConflict(t.queryRow(ctx, "SELECT "+conflictColumns+" FROM plan_conflicts WHERE id = ?", id))
	return c, notFound(err, fmt.Sprintf("conflict %d", id))
}

// ResolveConflict closes an open conflict with state; ErrConflict if it is
// no longer open.
func (t *Tx) ResolveConflict(ctx context.Context, id int64, state model.ConflictState, actor string) error {
	res, err := t.exec(ctx, "UPDATE plan_conflicts SET state = ?, resolved_at = ?, resolved_by = ? WHERE id = ? AND state = 'aaben'",
		state, ts(t.now), actor, id)
	if err != nil {
		return fmt.Errorf("store: resolve conflict %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("conflict %d is not open: %w", id, ErrConflict)
	}
	return nil
}

const feedColumns = "id, COALESCE(plan_id, 0), COALESCE(user_id, 0), assignee, created_at, created_by, revoked_at IS NOT NULL"

func scanFeed(sc interface{ Scan(...any) error }) (model.Feed, error) {
	var f model.Feed
	err := sc.Scan(&f.ID, &f.PlanID, &f.UserID, &f.Assignee, timestamp{&f.CreatedAt}, &f.CreatedBy, &f.Revoked)
	return f, err
}

// InsertFeed stores a feed under the hash of its token and sets f.ID.
func (t *Tx) InsertFeed(ctx context.Context, f *model.Feed, tokenHash string) error {
	var plan, user any
	if f.PlanID != 0 {
		plan = f.PlanID
	}
	if f.UserID != 0 {
		user = f.UserID
	}
	f.CreatedAt = t.now
	err := t.queryRow(ctx, "INSERT INTO calendar_feeds (token_hash, plan_id, user_id, assignee, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		tokenHash, plan, user, f.Assignee, ts(t.now), f.CreatedBy).Scan(&f.ID)
	if err != nil {
		return fmt.Errorf("store: insert calendar feed: %w", err)
	}
	return nil
}

// FeedByTokenHash returns the live feed with that token hash, or ErrNotFound.
func (t *Tx) FeedByTokenHash(ctx context.Context, hash string) (model.Feed, error) {
	f, err := scanFeed(t.queryRow(ctx, "SELECT "+feedColumns+" FROM calendar_feeds WHERE token_hash = ? AND revoked_at IS NULL", hash))
	return f, notFound(err, "calendar feed")
}

// LiveFeeds lists the feeds not revoked of a plan (planID != 0) or of a
// user (userID != 0), oldest first.
func (t *Tx) LiveFeeds(ctx context.Context, planID, userID int64) ([]model.Feed, error) {
	q, arg := "plan_id = ?", planID
	if planID == 0 {
		q, arg = "user_id = ?", userID
	}
	rows, err := t.query(ctx, "SELECT "+feedColumns+" FROM calendar_feeds WHERE "+q+" AND revoked_at IS NULL ORDER BY id", arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.Feed{}
	for rows.Next() {
		f, err := scanFeed(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// RevokeFeed stops a feed; ErrNotFound if there is no live feed with that ID.
func (t *Tx) RevokeFeed(ctx context.Context, id int64) error {
	res, err := t.exec(ctx, "UPDATE calendar_feeds SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", ts(t.now), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("calendar feed %d: %w", id, ErrNotFound)
	}
	return nil
}

// RevokeFeedsOfUser stops every personal feed of a user.
func (t *Tx) RevokeFeedsOfUser(ctx context.Context, userID int64) error {
	_, err := t.exec(ctx, "UPDATE calendar_feeds SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", ts(t.now), userID)
	return err
}

// FeedByID returns a feed, revoked or not, or ErrNotFound.
func (t *Tx) FeedByID(ctx context.Context, id int64) (model.Feed, error) {
	f, err := scanFeed(t.queryRow(ctx, "SELECT "+feedColumns+" FROM calendar_feeds WHERE id = ?", id))
	return f, notFound(err, fmt.Sprintf("calendar feed %d", id))
}

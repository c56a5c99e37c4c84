package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/model"
)

// NewInstance is a task instance to create.
type NewInstance struct {
	PlanID, ProgrammeID, CatalogueTaskID, InstitutionID int64
	Type                                                model.TaskType
	Start, End                                          model.Date
}

// InsertInstances creates task instances in batches; a plan of 150 tasks is
// a single statement.
func (t *Tx) InsertInstances(ctx context.Context, in []NewInstance) error {
	if t.postgres {
		return t.insertInstancesPG(ctx, in)
	}
	return execRows(ctx, t, "insert task instances", in, 400, `INSERT INTO task_instances (plan_id, programme_id, catalogue_task_id, institution_id, type,
			planned_start, planned_end, start_date, end_date) VALUES `, "(?, ?, ?, ?, ?, ?, ?, ?, ?)", "",
		func(x NewInstance) []any {
			var inst any
			if x.InstitutionID != 0 {
				inst = x.InstitutionID
			}
			return []any{x.PlanID, x.ProgrammeID, x.CatalogueTaskID, inst, x.Type, x.Start, x.End, x.Start, x.End}
		})
}

// pgBatch is how many rows one set-based statement on PostgreSQL takes:
// its columns travel as arrays, so a statement has a handful of parameters
// however many rows it writes.
const pgBatch = 20000

// insertInstancesPG inserts instances in statements of pgBatch rows, each
// column an array unnested by the server: one round trip and one plan per
// batch instead of one per 400 rows, and no statement with thousands of
// parameters to parse.
//
// The rows go in order of end date and type, the leading columns after
// programme_id of the end-date and open-work indexes: each statement then
// adds to a few neighbouring leaf pages of those indexes at a time instead
// of to all of them in turn per plan, which changes (and logs) fewer pages.
func (t *Tx) insertInstancesPG(ctx context.Context, in []NewInstance) error {
	in = slices.Clone(in)
	slices.SortStableFunc(in, func(a, b NewInstance) int {
		if c := cmp.Compare(a.End, b.End); c != 0 {
			return c
		}
		return strings.Compare(string(a.Type), string(b.Type))
	})
	for len(in) > 0 {
		n := min(len(in), pgBatch)
		plan, prog, task, inst := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
		typ, start, end := make([]string, n), make([]string, n), make([]string, n)
		for i, x := range in[:n] {
			plan[i], prog[i], task[i], inst[i] = x.PlanID, x.ProgrammeID, x.CatalogueTaskID, x.InstitutionID
			typ[i], start[i], end[i] = string(x.Type), x.Start.String(), x.End.String()
		}
		if _, err := t.exec(ctx, `INSERT INTO task_instances (plan_id, programme_id, catalogue_task_id, institution_id, type,
				planned_start, planned_end, start_date, end_date)
			SELECT p, g, c, NULLIF(i, 0), ty, s, e, s, e
			FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::date[], ?::date[]) AS x (p, g, c, i, ty, s, e)`,
			plan, prog, task, inst, typ, start, end); err != nil {
			return fmt.Errorf("store: insert task instances: %w", err)
		}
		in = in[n:]
	}
	return nil
}

// Schedule is the part of an instance that catalogue publication and go-live
// changes touch.
type Schedule struct {
	ID              int64
	PlanID          int64
	CatalogueTaskID int64
	InstitutionID   int64
	Type            model.TaskType
	PlannedStart    model.Date
	PlannedEnd      model.Date
	Start, End      model.Date
	DateOverride    bool
	Withdrawn       bool
}

func (t *Tx) schedules(ctx context.Context, where string, args ...any) ([]Schedule, error) {
	rows, err := t.query(ctx, `SELECT id, plan_id, catalogue_task_id, COALESCE(institution_id, 0), type, planned_start, planned_end,
		start_date, end_date, date_override, withdrawn FROM task_instances WHERE `+where+" ORDER BY id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Schedule
	for rows.Next() {
		var s Schedule
		if err := rows.Scan(&s.ID, &s.PlanID, &s.CatalogueTaskID, &s.InstitutionID, &s.Type, &s.PlannedStart, &s.PlannedEnd,
			&s.Start, &s.End, &s.DateOverride, &s.Withdrawn); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SchedulesOfProgramme lists the schedule of every instance in a programme.
func (t *Tx) SchedulesOfProgramme(ctx context.Context, programmeID int64) ([]Schedule, error) {
	return t.schedules(ctx, "programme_id = ?", programmeID)
}

// SchedulesOfTasks lists the schedule of every instance of the given catalogue tasks.
func (t *Tx) SchedulesOfTasks(ctx context.Context, catalogueTaskIDs []int64) ([]Schedule, error) {
	var out []Schedule
	for len(catalogueTaskIDs) > 0 {
		n := min(len(catalogueTaskIDs), 500)
		args := make([]any, n)
		for i, id := range catalogueTaskIDs[:n] {
			args[i] = id
		}
		s, err := t.schedules(ctx, "catalogue_task_id IN (?"+strings.Repeat(", ?", n-1)+")", args...)
		if err != nil {
			return nil, err
		}
		out = append(out, s...)
		catalogueTaskIDs = catalogueTaskIDs[n:]
	}
	return out, nil
}

// SchedulesOfPlan lists the schedule of every instance in a plan.
func (t *Tx) SchedulesOfPlan(ctx context.Context, planID int64) ([]Schedule, error) {
	return t.schedules(ctx, "plan_id = ?", planID)
}

// UpdateSchedule writes type, planned and effective dates and the withdrawn
// flag of an instance, and bumps its version so that a status change based on
// the old state is refused.
func (t *Tx) UpdateSchedule(ctx context.Context, s Schedule) error {
	return t.UpdateSchedules(ctx, []Schedule{s})
}

// UpdateSchedules is UpdateSchedule for many instances in few statements: a
// publication that withdraws or moves a task in every plan changes one
// instance per plan and task (3,000 tasks in 98 plans: 294,000), and one
// statement per instance cost a round trip and a plan each.
func (t *Tx) UpdateSchedules(ctx context.Context, ss []Schedule) error {
	if t.postgres {
		return t.updateSchedulesPG(ctx, ss)
	}
	return inRowBatches(ss, 400, "WITH x (id, type, planned_start, planned_end, start_date, end_date, withdrawn) AS (VALUES ",
		"(?, ?, ?, ?, ?, ?, ?)", `) UPDATE task_instances SET type = x.type, planned_start = x.planned_start, planned_end = x.planned_end,
			start_date = x.start_date, end_date = x.end_date, withdrawn = x.withdrawn, version = task_instances.version + 1
			FROM x WHERE task_instances.id = x.id`,
		func(s Schedule) []any {
			return []any{s.ID, s.Type, s.PlannedStart, s.PlannedEnd, s.Start, s.End, s.Withdrawn}
		},
		func(q string, batch []Schedule, args []any) error {
			return t.updateSchedulesExec(ctx, batch, q, args...)
		})
}

// updateSchedulesPG is UpdateSchedules in statements of pgBatch rows with
// array parameters (insertInstancesPG).
func (t *Tx) updateSchedulesPG(ctx context.Context, ss []Schedule) error {
	for len(ss) > 0 {
		n := min(len(ss), pgBatch)
		id, typ, ps, pe, start, end, wd := make([]int64, n), make([]string, n), make([]string, n), make([]string, n),
			make([]string, n), make([]string, n), make([]bool, n)
		for i, s := range ss[:n] {
			id[i], typ[i], wd[i] = s.ID, string(s.Type), s.Withdrawn
			ps[i], pe[i], start[i], end[i] = s.PlannedStart.String(), s.PlannedEnd.String(), s.Start.String(), s.End.String()
		}
		if err := t.updateSchedulesExec(ctx, ss[:n], `UPDATE task_instances t SET type = x.ty, planned_start = x.ps, planned_end = x.pe,
				start_date = x.s, end_date = x.e, withdrawn = x.w, version = t.version + 1
			FROM unnest(?::bigint[], ?::text[], ?::date[], ?::date[], ?::date[], ?::date[], ?::boolean[]) AS x (id, ty, ps, pe, s, e, w)
			WHERE t.id = x.id`, id, typ, ps, pe, start, end, wd); err != nil {
			return err
		}
		ss = ss[n:]
	}
	return nil
}

// updateSchedulesExec runs one statement updating the instances ss (each
// id at most once: a row is updated once per statement).
func (t *Tx) updateSchedulesExec(ctx context.Context, ss []Schedule, q string, args ...any) error {
	if _, err := t.exec(ctx, q, args...); err != nil {
		if len(ss) == 1 {
			return fmt.Errorf("store: update task instance %d: %w", ss[0].ID, err)
		}
		return fmt.Errorf("store: update %d task instances: %w", len(ss), err)
	}
	return nil
}

const instanceSelect = `SELECT i.id, i.plan_id, COALESCE(i.institution_id, 0), COALESCE(o.name, ''),
	c.key, c.title, c.description, c.theme, c.main_task, c.phase, i.type, c.level, c.responsible, c.executor,
	c.milestone, c.start_offset, c.end_offset, c.unit,
	i.planned_start, i.planned_end, i.start_date, i.end_date, i.date_override, i.override_reason,
	i.status, i.status_at, i.status_by, i.status_comment, i.withdrawn, i.version, pe.enrolled_on
	FROM task_instances i
	JOIN catalogue_tasks c ON c.id = i.catalogue_task_id
	JOIN plans pe ON pe.id = i.plan_id
	LEFT JOIN organisations o ON o.id = i.institution_id`

func scanInstance(sc interface{ Scan(...any) error }) (model.TaskInstance, error) {
	var x model.TaskInstance
	tm := &x.Timing
	err := sc.Scan(&x.ID, &x.PlanID, &x.InstitutionID, &x.InstitutionName,
		&x.Key, &x.Title, &x.Description, &x.Theme, &x.MainTask, &x.Phase, &x.Type, &x.Level, &x.Responsible, &x.Executor,
		&tm.Milestone, &tm.Start, &tm.End, &tm.Unit,
		&x.PlannedStart, &x.PlannedEnd, &x.Start, &x.End, &x.DateOverride, &x.OverrideReason,
		&x.Status, timestamp{&x.StatusAt}, &x.StatusBy, &x.StatusComment, &x.Withdrawn, &x.Version, &x.Enrolled)
	return x, err
}

// InstancesOfPlan lists a plan's instances, withdrawn ones included, in
// catalogue order and by institution.
func (t *Tx) InstancesOfPlan(ctx context.Context, planID int64) ([]model.TaskInstance, error) {
	return t.planInstances(ctx, planID, "")
}

// InstancesOfPlanTask lists one catalogue task's instances in a plan (the
// municipality's or every institution's) in InstancesOfPlan's order: a few
// rows found through the plan-task index instead of the whole plan.
func (t *Tx) InstancesOfPlanTask(ctx context.Context, planID int64, key string) ([]model.TaskInstance, error) {
	return t.planInstances(ctx, planID, ` AND i.catalogue_task_id IN
		(SELECT ct.id FROM catalogue_tasks ct JOIN plans pk ON pk.programme_id = ct.programme_id WHERE pk.id = ? AND ct.key = ?)`,
		planID, key)
}

// MunicipalityInstancesOfPlan lists a plan's instances that are the
// municipality's own (not an institution's), in InstancesOfPlan's order.
func (t *Tx) MunicipalityInstancesOfPlan(ctx context.Context, planID int64) ([]model.TaskInstance, error) {
	return t.planInstances(ctx, planID, " AND i.institution_id IS NULL")
}

// PlanPageInstances lists the instances a plan's page shows one by one,
// in InstancesOfPlan's order: the municipality's own, and the first (by
// id) of each catalogue task's institution instances, which stands for
// all of them (InstitutionBuckets counts them).
func (t *Tx) PlanPageInstances(ctx context.Context, planID int64) ([]model.TaskInstance, error) {
	return t.planInstances(ctx, planID, ` AND (i.institution_id IS NULL OR i.id IN
		(SELECT MIN(f.id) FROM task_instances f WHERE f.plan_id = ? AND f.institution_id IS NOT NULL GROUP BY f.catalogue_task_id))`, planID)
}

// OpenInstancesDue lists a plan's live instances, the institutions'
// included, that are not completed or irrelevant and end in [from, to],
// in InstancesOfPlan's order.
func (t *Tx) OpenInstancesDue(ctx context.Context, planID int64, from, to model.Date) ([]model.TaskInstance, error) {
	return t.planInstances(ctx, planID, " AND NOT i.withdrawn AND i.status IN (?, ?) AND i.end_date >= ? AND i.end_date <= ?",
		model.NotStarted, model.Started, from, to)
}

// InstanceBucket is how many of a plan's institution instances of one
// catalogue task share type, status, end date and withdrawn: instances
// alike in these have the same colour (model.PlanTaskColour).
type InstanceBucket struct {
	Key       string // the catalogue task's
	Type      model.TaskType
	Status    model.Status
	End       model.Date
	Withdrawn bool
	N         int
	Start     model.Date // the earliest start among them
}

// InstitutionBuckets counts a plan's institution instances by catalogue
// task, type, status, end date and withdrawn: a few hundred buckets for
// a municipality with a hundred institutions instead of ten thousand rows.
func (t *Tx) InstitutionBuckets(ctx context.Context, planID int64) ([]InstanceBucket, error) {
	rows, err := t.query(ctx, `SELECT c.key, b.type, b.status, b.end_date, b.withdrawn, b.n, b.start_date FROM
		(SELECT i.catalogue_task_id, i.type, i.status, i.end_date, i.withdrawn, COUNT(*) AS n, MIN(i.start_date) AS start_date
		 FROM task_instances i WHERE i.plan_id = ? AND i.institution_id IS NOT NULL
		 GROUP BY i.catalogue_task_id, i.type, i.status, i.end_date, i.withdrawn) b
		JOIN catalogue_tasks c ON c.id = b.catalogue_task_id ORDER BY c.position, b.end_date`, planID)
	if err != nil {
		return nil, fmt.Errorf("store: institution instances of plan %d: %w", planID, err)
	}
	defer rows.Close()
	var out []InstanceBucket
	for rows.Next() {
		var b InstanceBucket
		if err := rows.Scan(&b.Key, &b.Type, &b.Status, &b.End, &b.Withdrawn, &b.N, &b.Start); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// planInstances lists a plan's instances that also meet cond. A plan of a
// municipality with a hundred institutions holds ten thousand instances
// of a few hundred catalogue tasks: each row is read without its
// catalogue task's and institution's columns, which are read once and
// shared, and the rows are sorted here (instanceSelect and a sort in the
// database carried every task's title and description ten thousand times).
func (t *Tx) planInstances(ctx context.Context, planID int64, cond string, args ...any) ([]model.TaskInstance, error) {
	var enrolled model.Date
	if err := t.queryRow(ctx, "SELECT enrolled_on FROM plans WHERE id = ?", planID).Scan(&enrolled); err != nil {
		return nil, notFound(err, fmt.Sprintf("plan %d", planID))
	}
	type catTask struct {
		model.CatalogueTask
		position int
	}
	cat := map[int64]*catTask{}
	rows, err := t.query(ctx, `SELECT c.id, c.position, c.key, c.title, c.description, c.theme, c.main_task, c.phase, c.level, c.responsible, c.executor,
		c.milestone, c.start_offset, c.end_offset, c.unit
		FROM catalogue_tasks c WHERE c.programme_id = (SELECT programme_id FROM plans WHERE id = ?)`, planID)
	if err != nil {
		return nil, fmt.Errorf("store: catalogue of plan %d: %w", planID, err)
	}
	for rows.Next() {
		var id int64
		c := &catTask{}
		tm := &c.Timing
		if err := rows.Scan(&id, &c.position, &c.Key, &c.Title, &c.Description, &c.Theme, &c.MainTask, &c.Phase, &c.Level, &c.Responsible, &c.Executor,
			&tm.Milestone, &tm.Start, &tm.End, &tm.Unit); err != nil {
			rows.Close()
			return nil, err
		}
		cat[id] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = t.query(ctx, `SELECT i.id, i.catalogue_task_id, COALESCE(i.institution_id, 0), i.type,
		i.planned_start, i.planned_end, i.start_date, i.end_date, i.date_override, i.override_reason,
		i.status, i.status_at, i.status_by, i.status_comment, i.withdrawn, i.version
		FROM task_instances i WHERE i.plan_id = ?`+cond, append([]any{planID}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.TaskInstance
	pos := map[string]int{} // catalogue position by key
	// Many instances share a date: each date text is parsed once.
	dates := map[string]model.Date{}
	var d [4]any
	var typ, status string
	for rows.Next() {
		x := model.TaskInstance{PlanID: planID, Enrolled: enrolled}
		var catID int64
		if err := rows.Scan(&x.ID, &catID, &x.InstitutionID, &typ, &d[0], &d[1], &d[2], &d[3], &x.DateOverride, &x.OverrideReason,
			&status, timestamp{&x.StatusAt}, &x.StatusBy, &x.StatusComment, &x.Withdrawn, &x.Version); err != nil {
			return nil, err
		}
		for k, dst := range []*model.Date{&x.PlannedStart, &x.PlannedEnd, &x.Start, &x.End} {
			if s, ok := d[k].(string); ok {
				v, seen := dates[s]
				if !seen {
					if err := v.Scan(s); err != nil {
						return nil, err
					}
					dates[s] = v
				}
				*dst = v
			} else if err := dst.Scan(d[k]); err != nil {
				return nil, err
			}
		}
		c, ok := cat[catID]
		if !ok {
			return nil, fmt.Errorf("store: task %d: catalogue task %d is not in its plan's programme", x.ID, catID)
		}
		x.CatalogueTask = c.CatalogueTask
		x.Type, x.Status = model.TaskType(typ), model.Status(status)
		out = append(out, x)
		pos[c.Key] = c.position
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	codes, err := t.institutionNames(ctx, out)
	if err != nil {
		return nil, err
	}
	// Catalogue order, then by institution code (the municipality's own
	// first), then by id.
	slices.SortFunc(out, func(a, b model.TaskInstance) int {
		if pa, pb := pos[a.Key], pos[b.Key]; pa != pb {
			return pa - pb
		}
		if ca, cb := codes[a.InstitutionID], codes[b.InstitutionID]; ca != cb {
			return strings.Compare(ca, cb)
		}
		return int(a.ID - b.ID)
	})
	return out, nil
}

// institutionNames sets the institution names of xs and returns the
// institutions' codes by id ("" for none).
func (t *Tx) institutionNames(ctx context.Context, xs []model.TaskInstance) (map[int64]string, error) {
	codes := map[int64]string{0: ""}
	names := map[int64]string{0: ""}
	var ids []string
	for _, x := range xs {
		if _, ok := codes[x.InstitutionID]; !ok {
			codes[x.InstitutionID] = ""
			ids = append(ids, strconv.FormatInt(x.InstitutionID, 10))
		}
	}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		rows, err := t.query(ctx, "SELECT id, code, name FROM organisations WHERE id IN ("+strings.Join(ids[:n], ", ")+")")
		if err != nil {
			return nil, fmt.Errorf("store: institutions: %w", err)
		}
		for rows.Next() {
			var id int64
			var code, name string
			if err := rows.Scan(&id, &code, &name); err != nil {
				rows.Close()
				return nil, err
			}
			codes[id], names[id] = code, name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	for i := range xs {
		xs[i].InstitutionName = names[xs[i].InstitutionID]
	}
	return codes, nil
}

// Instance returns one task instance, or ErrNotFound.
func (t *Tx) Instance(ctx context.Context, id int64) (model.TaskInstance, error) {
	x, err := scanInstance(t.queryRow(ctx, instanceSelect+" WHERE i.id = ?", id))
	return x, notFound(err, fmt.Sprintf("task %d", id))
}

// SetStatus changes an instance's status if its version is still
// expectedVersion, and returns ErrConflict otherwise (ErrNotFound if the
// instance does not exist). The version is bumped.
func (t *Tx) SetStatus(ctx context.Context, id int64, expectedVersion int, status model.Status, comment, actor string) error {
	res, err := t.exec(ctx, `UPDATE task_instances SET status = ?, status_at = ?, status_by = ?, status_comment = ?, version = version + 1
		WHERE id = ? AND version = ?`, status, ts(t.now), actor, comment, id, expectedVersion)
	if err != nil {
		return fmt.Errorf("store: set status of task %d: %w", id, err)
	}
	return t.versionedUpdate(ctx, res, id, expectedVersion)
}

// versionedUpdate checks the result of an update of instance id made on
// condition that its version was expectedVersion: nil if it happened,
// else ErrNotFound or ErrConflict (naming the version it is at).
func (t *Tx) versionedUpdate(ctx context.Context, res sql.Result, id int64, expectedVersion int) error {
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	var v int
	if err := t.queryRow(ctx, "SELECT version FROM task_instances WHERE id = ?", id).Scan(&v); errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("task %d: %w", id, ErrNotFound)
	} else if err != nil {
		return err
	}
	return fmt.Errorf("task %d is at version %d, not %d: %w", id, v, expectedVersion, ErrConflict)
}

// AppendEvents adds entries to instances' histories.
func (t *Tx) AppendEvents(ctx context.Context, events []model.StatusEvent) error {
	if t.postgres {
		return t.appendEventsPG(ctx, events)
	}
	return execRows(ctx, t, "append history", events, 500,
		"INSERT INTO status_events (instance_id, at, actor, kind, from_status, to_status, comment, catalogue_version) VALUES ",
		"(?, ?, ?, ?, ?, ?, ?, ?)", "",
		func(e model.StatusEvent) []any {
			return []any{e.InstanceID, ts(t.now), e.Actor, e.Kind, e.From, e.To, e.Comment, e.CatalogueVersion}
		})
}

// appendEventsPG is AppendEvents in statements of pgBatch rows with array
// parameters (insertInstancesPG): a publication that changes a task in every
// plan writes a history entry per instance.
func (t *Tx) appendEventsPG(ctx context.Context, events []model.StatusEvent) error {
	for len(events) > 0 {
		n := min(len(events), pgBatch)
		inst, ver := make([]int64, n), make([]int64, n)
		actor, kind, from, to, comment := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		for i, e := range events[:n] {
			inst[i], ver[i], actor[i], kind[i] = e.InstanceID, int64(e.CatalogueVersion), e.Actor, e.Kind
			from[i], to[i], comment[i] = string(e.From), string(e.To), e.Comment
		}
		if _, err := t.exec(ctx, `INSERT INTO status_events (instance_id, at, actor, kind, from_status, to_status, comment, catalogue_version)
			SELECT i, ?::timestamptz, a, k, f, o, c, v
			FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[]) AS x (i, a, k, f, o, c, v)`,
			ts(t.now), inst, actor, kind, from, to, comment, ver); err != nil {
			return fmt.Errorf("store: append history: %w", err)
		}
		events = events[n:]
	}
	return nil
}

// History returns an instance's history, oldest first.
func (t *Tx) History(ctx context.Context, instanceID int64) ([]model.StatusEvent, error) {
	rows, err := t.query(ctx, `SELECT id, instance_id, at, actor, kind, from_status, to_status, comment, catalogue_version
		FROM status_events WHERE instance_id = ? ORDER BY id`, instanceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.StatusEvent
	for rows.Next() {
		var e model.StatusEvent
		if err := rows.Scan(&e.ID, &e.InstanceID, timestamp{&e.At}, &e.Actor, &e.Kind, &e.From, &e.To, &e.Comment, &e.CatalogueVersion); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Bucket is how many live instances of a plan share type, status and end date.
type Bucket struct {
	PlanID int64
	Type   model.TaskType
	Status model.Status
	End    model.Date
	N      int
}

// Buckets returns the instance counts of every plan of a programme. Instances
// with the same type, status and end date always have the same colour, so
// colouring buckets is colouring instances.
func (t *Tx) Buckets(ctx context.Context, programmeID int64) ([]Bucket, error) {
	rows, err := t.query(ctx, `SELECT c.plan_id, c.type, c.status, c.end_date, c.n FROM plan_counts c
		JOIN plans p ON p.id = c.plan_id WHERE p.programme_id = ? AND c.n > 0`, programmeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// A national overview reads tens of thousands of buckets but only a few
	// hundred distinct end dates: each date text is parsed once. Type and
	// status scan into plain strings, which database/sql copies without
	// reflection.
	out := make([]Bucket, 0, 1024)
	dates := map[string]model.Date{}
	var typ, status string
	var end any
	for rows.Next() {
		var b Bucket
		if err := rows.Scan(&b.PlanID, &typ, &status, &end, &b.N); err != nil {
			return nil, err
		}
		b.Type, b.Status = model.TaskType(typ), model.Status(status)
		if s, ok := end.(string); ok {
			d, seen := dates[s]
			if !seen {
				if err := d.Scan(s); err != nil {
					return nil, err
				}
				dates[s] = d
			}
			b.End = d
		} else if err := b.End.Scan(end); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// CriticalDueBetween lists live, not-started critical-path instances of a
// programme whose end date is in [from, to], ordered by end date (found
// through the type-status-end index, as MandatoryRed).
func (t *Tx) CriticalDueBetween(ctx context.Context, programmeID int64, from, to model.Date) ([]model.TaskInstance, error) {
	rows, err := t.query(ctx, instanceSelect+` WHERE i.programme_id = ? AND i.type = ? AND i.status IN (?, ?)
		AND i.end_date >= ? AND i.end_date <= ? AND NOT i.withdrawn ORDER BY i.end_date || '', i.plan_id, c.position, i.id`,
		programmeID, model.Critical, model.NotStarted, model.NotRelevant, from, to)
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

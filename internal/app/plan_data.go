package app

import (
	"context"
	"slices"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/schedule"
	"github.com/udrul/udrul/internal/store"
)

// PlanTask is one line of a municipality's plan as the schedule, the Gantt
// chart and the exports see it: a catalogue task (its institution instances
// folded into one line, dated from the earliest start to the latest end) or
// one of the municipality's own tasks and milestones.
type PlanTask struct {
	Key          string             `json:"key"`
	Title        string             `json:"title"`
	Description  string             `json:"description,omitempty"`
	Phase        string             `json:"phase"`
	Theme        string             `json:"theme,omitempty"`
	Type         model.TaskType     `json:"type"`
	Level        model.Level        `json:"level,omitempty"`
	Own          bool               `json:"own"`
	OwnID        int64              `json:"own_id,omitempty"`
	InstanceIDs  []int64            `json:"task_ids,omitempty"`
	Milestone    bool               `json:"milestone"`
	Start        model.Date         `json:"start"`
	End          model.Date         `json:"end"`
	PlannedStart model.Date         `json:"standard_start,omitzero"` // the standard's dates (catalogue tasks)
	PlannedEnd   model.Date         `json:"standard_end,omitzero"`
	Moved        bool               `json:"moved"` // dates moved locally
	MoveReason   string             `json:"move_reason,omitempty"`
	Status       model.Status       `json:"status"`
	Colour       model.Colour       `json:"colour"`
	Responsible  string             `json:"responsible,omitempty"`
	Executor     string             `json:"executor,omitempty"`
	Assignee     string             `json:"assignee,omitempty"`
	Institutions int                `json:"institutions,omitempty"` // instances folded into this line
	Done         int                `json:"done,omitempty"`         // of those, completed or not relevant
	CompletedAt  model.Date         `json:"completed_at,omitzero"`  // when the status last became fuldført
	DependsOn    []model.Dependency `json:"depends_on,omitempty"`
	Version      int                `json:"version,omitempty"` // own task or single instance version
}

// planData is everything about one plan that the plan views need.
type planData struct {
	prog  catalogue.Programme
	plan  store.Plan
	muni  model.Organisation
	insts []model.TaskInstance
	own   []model.OwnTask
	tasks []PlanTask // live lines in plan order: catalogue order, then own tasks by start
	// instGoLive maps institution id to its own go-live, for the
	// institutions that have one; the others follow the plan's.
	instGoLive map[int64]model.Date
}

// loadPlan reads a plan and folds it into lines as of asof (for colours).
func (a *PlanService) loadPlan(ctx context.Context, tx *store.Tx, programmeKey, code string, asof model.Date) (*planData, error) {
	prog, plan, err := a.planOfCode(ctx, tx, programmeKey, code)
	if err != nil {
		return nil, err
	}
	return a.loadPlanOf(ctx, tx, prog, plan, asof)
}

func (a *PlanService) loadPlanOf(ctx context.Context, tx *store.Tx, prog catalogue.Programme, plan store.Plan, asof model.Date) (*planData, error) {
	d := &planData{prog: prog, plan: plan, muni: plan.Municipality}
	var err error
	if d.insts, err = tx.InstancesOfPlan(ctx, plan.ID); err != nil {
		return nil, err
	}
	if d.own, err = tx.OwnTasksOfPlan(ctx, plan.ID); err != nil {
		return nil, err
	}
	if d.instGoLive, err = tx.OwnGoLivesOfPlan(ctx, plan.ID); err != nil {
		return nil, err
	}
	deps, err := tx.CatalogueDependencies(ctx, prog.ID)
	if err != nil {
		return nil, err
	}
	assignees, err := tx.AssigneesOfPlan(ctx, plan.ID)
	if err != nil {
		return nil, err
	}
	warn := a.cal.WarnUntil(asof, prog.WarningDays)
	byKey := map[string]int{}
	for _, x := range d.insts {
		if x.Withdrawn {
			continue
		}
		col := model.PlanTaskColour(x.Type, x.Status, x.End, plan.EnrolledOn, asof, warn)
		i, seen := byKey[x.Key]
		if !seen {
			i = len(d.tasks)
			byKey[x.Key] = i
			d.tasks = append(d.tasks, PlanTask{Key: x.Key, Title: x.Title, Description: x.Description, Phase: x.Phase,
				Theme: x.Theme, Type: x.Type, Level: x.Level, Start: x.Start, End: x.End, PlannedStart: x.PlannedStart,
				PlannedEnd: x.PlannedEnd, Status: x.Status, Colour: col, Responsible: x.Responsible, Executor: x.Executor,
				DependsOn: deps[x.Key], Version: x.Version})
		}
		t := &d.tasks[i]
		t.InstanceIDs = append(t.InstanceIDs, x.ID)
		if x.DateOverride {
			t.Moved = true
			if t.MoveReason == "" {
				t.MoveReason = x.OverrideReason
			}
		}
		if who := assignees[x.ID]; who != "" && t.Assignee == "" {
			t.Assignee = who
		}
		if x.Status == model.Completed && !x.StatusAt.IsZero() {
			t.CompletedAt = max(t.CompletedAt, model.DanishDate(x.StatusAt))
		}
		if x.Level == model.LevelInstitution {
			t.Institutions++
			if x.Status == model.Completed || x.Status == model.NotRelevant {
				t.Done++
			}
		}
		if seen {
			t.Start, t.End = min(t.Start, x.Start), max(t.End, x.End)
			t.PlannedStart, t.PlannedEnd = min(t.PlannedStart, x.PlannedStart), max(t.PlannedEnd, x.PlannedEnd)
			t.Status = foldStatus(t.Status, x.Status)
			t.Colour = model.Worst(t.Colour, col)
			t.Version = 0 // several instances: no single version
		}
	}
	for _, o := range d.own {
		pt := PlanTask{Key: o.Key(), Title: o.Title, Description: o.Description, Phase: o.Phase, Type: o.Type, Own: true,
			OwnID: o.ID, Milestone: o.Milestone, Start: o.Start, End: o.End, Status: o.Status,
			Colour: model.TaskColour(o.Type, o.Status, o.End, asof, warn), Responsible: o.Responsible, Executor: o.Executor,
			Assignee: o.Assignee, DependsOn: o.DependsOn, Version: o.Version}
		if o.Status == model.Completed && !o.StatusAt.IsZero() {
			pt.CompletedAt = model.DanishDate(o.StatusAt)
		}
		d.tasks = append(d.tasks, pt)
	}
	return d, nil
}

// foldStatus combines the statuses of a task's institution instances: done
// when all are done, not started while none has begun, started otherwise.
func foldStatus(a, b model.Status) model.Status {
	done := func(s model.Status) bool { return s == model.Completed || s == model.NotRelevant }
	switch {
	case a == b:
		return a
	case done(a) && done(b):
		return model.Completed
	case a == model.NotStarted && b == model.NotStarted:
		return model.NotStarted
	}
	return model.Started
}

// network builds the schedule input from the plan's lines. Dependencies on
// a task the plan does not hold (withdrawn, or an institution task where the
// municipality has no such institutions) are left out and returned.
func (d *planData) network() (schedule.Plan, []IgnoredDependency) {
	p := schedule.Plan{GoLive: d.plan.GoLive, Tasks: make([]schedule.Task, len(d.tasks))}
	has := map[string]bool{}
	for i, t := range d.tasks {
		p.Tasks[i] = schedule.Task{Key: t.Key, Start: t.Start, End: t.End, Type: t.Type, Status: t.Status, Milestone: t.Milestone}
		has[t.Key] = true
	}
	var ignored []IgnoredDependency
	for _, t := range d.tasks {
		for _, dep := range t.DependsOn {
			if !has[dep.Task] {
				ignored = append(ignored, IgnoredDependency{Task: t.Key, DependsOn: dep.Task,
					Reason: "opgaven findes ikke (længere) i planen"})
				continue
			}
			p.Dependencies = append(p.Dependencies, schedule.Dependency{From: dep.Task, To: t.Key, Kind: schedule.Kind(dep.Type), Lag: dep.Lag})
		}
	}
	return p, ignored
}

// IgnoredDependency is a dependency the schedule could not use.
type IgnoredDependency struct {
	Task      string `json:"task"`
	DependsOn string `json:"depends_on"`
	Reason    string `json:"reason"`
}

// task returns the line with key k.
func (d *planData) task(k string) (*PlanTask, bool) {
	i := slices.IndexFunc(d.tasks, func(t PlanTask) bool { return t.Key == k })
	if i < 0 {
		return nil, false
	}
	return &d.tasks[i], true
}

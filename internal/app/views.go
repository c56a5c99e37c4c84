package app

import (
	"context"
	"slices"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// TaskView is a task instance with its colour as of a date.
type TaskView struct {
	model.TaskInstance
	Programme        string `json:"programme"`
	Municipality     string `json:"municipality"`
	MunicipalityName string `json:"municipality_name"`
	// ProgrammeName is the programme's name, set where the task is shown
	// away from its plan (App.Task, App.MyTasks); plan lists leave it empty.
	ProgrammeName string       `json:"programme_name,omitempty"`
	Colour        model.Colour `json:"colour"`
}

func (a *core) colourTask(x model.TaskInstance, asof, warnUntil model.Date) TaskView {
	c := model.None
	if !x.Withdrawn {
		c = model.PlanTaskColour(x.Type, x.Status, x.End, x.Enrolled, asof, warnUntil)
	}
	return TaskView{TaskInstance: x, Colour: c}
}

// PlanView is one municipality's plan in a programme as of a date.
type PlanView struct {
	Programme     string             `json:"programme"`
	ProgrammeName string             `json:"programme_name"`
	Municipality  model.Organisation `json:"municipality"`
	Asof          model.Date         `json:"asof"`
	GoLive        model.Date         `json:"golive"`
	Wave          int                `json:"wave"`
	Phase         string             `json:"phase"`
	PhaseName     string             `json:"phase_name"`
	Colour        model.Colour       `json:"colour"`
	Counts        model.Counts       `json:"counts"`
	Tasks         []TaskView         `json:"tasks"`
	// EnrolledOn is the day the municipality was enrolled; BeforeEnrolment
	// counts its tasks that ended before that day and are not yet settled
	// ("før tilmelding", App.BeforeEnrolment).
	EnrolledOn      model.Date `json:"enrolled_on"`
	BeforeEnrolment int        `json:"before_enrolment"`
	// Track is the programme's institution category (skole, dagtilbud; ""
	// when it has none) and Steps names seed 001's steps of the
	// municipality and its institutions in it; OwnGoLives counts the
	// institutions with a go-live of their own, Pilots those before the
	// municipality's (docs/institutions.md).
	Track      string `json:"track,omitempty"`
	Steps      string `json:"steps,omitempty"`
	OwnGoLives int    `json:"own_golives,omitempty"`
	Pilots     int    `json:"pilots,omitempty"`
	// WaveNames are the programme's names for its waves: pages show Wave
	// by them (WaveNames.Short).
	WaveNames model.WaveNames `json:"-"`
}

// Plan returns a municipality's plan with every task's colour as of asof.
// Withdrawn tasks are listed (marked withdrawn) but carry no colour.
func (a *PlanService) Plan(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date) (*PlanView, error) {
	return a.planView(ctx, by, programmeKey, code, asof, func(tx *store.Tx, plan store.Plan, _ model.Date) ([]model.TaskInstance, error) {
		return tx.InstancesOfPlan(ctx, plan.ID)
	})
}

// PlanTask is Plan with only the instances of one catalogue task (the
// municipality's or every institution's); Counts, Colour and
// BeforeEnrolment are theirs. A plan of a municipality with a hundred
// institutions holds ten thousand instances, of which a page about one
// task needs a hundred. A task the plan does not have is not found.
func (a *PlanService) PlanTask(ctx context.Context, by *Identity, programmeKey, code, taskKey string, asof model.Date) (*PlanView, error) {
	v, err := a.planView(ctx, by, programmeKey, code, asof, func(tx *store.Tx, plan store.Plan, _ model.Date) ([]model.TaskInstance, error) {
		return tx.InstancesOfPlanTask(ctx, plan.ID, taskKey)
	})
	if err == nil && len(v.Tasks) == 0 {
		e := notFound("opgaven %q findes ikke i planen", taskKey)
		e.Field = "task"
		return nil, e
	}
	return v, err
}

// MunicipalityTasks is Plan with only the municipality's own instances,
// not its institutions'; Counts, Colour and BeforeEnrolment are theirs.
func (a *PlanService) MunicipalityTasks(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date) (*PlanView, error) {
	return a.planView(ctx, by, programmeKey, code, asof, func(tx *store.Tx, plan store.Plan, _ model.Date) ([]model.TaskInstance, error) {
		return tx.MunicipalityInstancesOfPlan(ctx, plan.ID)
	})
}

// planView is a plan with the instances load reads, coloured as of asof.
func (a *PlanService) planView(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date,
	load func(tx *store.Tx, plan store.Plan, warn model.Date) ([]model.TaskInstance, error)) (*PlanView, error) {
	if err := a.allowMunicipality(ctx, by, code); err != nil {
		return nil, err
	}
	var v *PlanView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.planOfCode(ctx, tx, programmeKey, code)
		if err != nil {
			return err
		}
		muni := plan.Municipality
		warn := a.cal.WarnUntil(asof, prog.WarningDays)
		xs, err := load(tx, plan, warn)
		if err != nil {
			return err
		}
		v = &PlanView{Programme: prog.Key, ProgrammeName: prog.Name, Municipality: muni, Asof: asof, GoLive: plan.GoLive,
			Wave: plan.Wave, WaveNames: prog.Waves, Tasks: make([]TaskView, 0, len(xs)), EnrolledOn: plan.EnrolledOn,
			BeforeEnrolment: CountBeforeEnrolment(xs, plan.EnrolledOn)}
		if ph, ok := a.model.PhaseAt(plan.GoLive, asof); ok {
			v.Phase, v.PhaseName = ph.Key, ph.Name
		}
		if err := a.trackOf(ctx, tx, prog, plan, v); err != nil {
			return err
		}
		for _, x := range xs {
			tv := a.colourTask(x, asof, warn)
			tv.Programme, tv.Municipality, tv.MunicipalityName = prog.Key, muni.Code, muni.Name
			if !x.Withdrawn {
				v.Counts.Add(tv.Colour, 1)
			}
			v.Tasks = append(v.Tasks, tv)
		}
		v.Colour = v.Counts.Colour()
		return nil
	})
	return v, err
}

// NextDays is how far ahead a plan's page lists the open tasks due.
const NextDays = 30

// GroupedPlan is a plan as its page shows it: the municipality's own
// tasks one by one and each catalogue task done at its institutions as one
// line, counted, without reading the institutions' instances one by one
// (ten thousand of them for a municipality with a hundred institutions).
type GroupedPlan struct {
	// PlanView's Tasks are the municipality's own instances and, for each
	// catalogue task done at institutions, its first instance, standing
	// for all of them (InstitutionID set); Counts, Colour and
	// BeforeEnrolment are the whole plan's.
	*PlanView
	// Buckets counts each institution task's instances by catalogue key.
	Buckets map[string][]InstanceBucket
	// Next are the open tasks due in the NextDays days from Asof, the
	// institutions' included, by end date.
	Next []TaskView
}

// InstanceBucket is institution instances alike in type, status, end
// date and withdrawn, with their colour as of the plan's date.
type InstanceBucket struct {
	store.InstanceBucket
	Colour model.Colour
}

// GroupedPlan returns a municipality's plan for its page (GroupedPlan).
func (a *PlanService) GroupedPlan(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date) (*GroupedPlan, error) {
	g := &GroupedPlan{Buckets: map[string][]InstanceBucket{}}
	var own model.Counts
	var before int
	v, err := a.planView(ctx, by, programmeKey, code, asof, func(tx *store.Tx, plan store.Plan, warn model.Date) ([]model.TaskInstance, error) {
		bs, err := tx.InstitutionBuckets(ctx, plan.ID)
		if err != nil {
			return nil, err
		}
		for _, b := range bs {
			c := model.None
			if !b.Withdrawn {
				c = model.PlanTaskColour(b.Type, b.Status, b.End, plan.EnrolledOn, asof, warn)
				own.Add(c, b.N)
				if model.Unsettled(b.Status, b.End, plan.EnrolledOn) {
					before += b.N
				}
			}
			g.Buckets[b.Key] = append(g.Buckets[b.Key], InstanceBucket{InstanceBucket: b, Colour: c})
		}
		next, err := tx.OpenInstancesDue(ctx, plan.ID, asof, asof.AddDays(NextDays))
		if err != nil {
			return nil, err
		}
		for _, x := range next {
			tv := a.colourTask(x, asof, warn)
			tv.Municipality, tv.MunicipalityName = plan.Municipality.Code, plan.Municipality.Name
			g.Next = append(g.Next, tv)
		}
		slices.SortStableFunc(g.Next, func(a, b TaskView) int { return int(a.End - b.End) })
		return tx.PlanPageInstances(ctx, plan.ID)
	})
	if err != nil {
		return nil, err
	}
	// The representatives of institution tasks were counted as one each:
	// the counts are the municipality's own tasks and the buckets.
	var xs []model.TaskInstance
	for _, t := range v.Tasks {
		if t.InstitutionID == 0 {
			xs = append(xs, t.TaskInstance)
			if !t.Withdrawn {
				own.Add(t.Colour, 1)
			}
		}
	}
	v.Counts, v.Colour, v.BeforeEnrolment = own, own.Colour(), before+CountBeforeEnrolment(xs, v.EnrolledOn)
	for i := range g.Next {
		g.Next[i].Programme = v.Programme
	}
	g.PlanView = v
	return g, nil
}

// PlanSummary is one of a municipality's plans in a line: where it stands.
type PlanSummary struct {
	Programme     string          `json:"programme"`
	ProgrammeName string          `json:"programme_name"`
	GoLive        model.Date      `json:"golive"`
	Wave          int             `json:"wave"`
	WaveNames     model.WaveNames `json:"-"`
	Phase         string          `json:"phase"`
	PhaseName     string          `json:"phase_name"`
	Colour        model.Colour    `json:"colour"`
	Counts        model.Counts    `json:"counts"`
}

// MunicipalityPlans summarises a municipality's plans in every programme it
// is enrolled in, as of asof, in the programmes' order. known, if not nil,
// is one of them already read (the page's own plan), which is not read again.
func (a *PlanService) MunicipalityPlans(ctx context.Context, by *Identity, code string, asof model.Date, known *PlanView) ([]PlanSummary, error) {
	if err := a.allowMunicipality(ctx, by, code); err != nil {
		return nil, err
	}
	progs, err := a.Programmes(ctx)
	if err != nil {
		return nil, err
	}
	out := []PlanSummary{}
	for _, p := range progs {
		v, err := known, error(nil)
		if v == nil || v.Programme != p.Key || v.Municipality.Code != code || v.Asof != asof {
			v, err = a.Plan(ctx, by, p.Key, code, asof)
		}
		if ErrorCode(err) == CodeNotFound {
			continue // not enrolled in this programme
		} else if err != nil {
			return nil, err
		}
		out = append(out, v.Summary())
	}
	return out, nil
}

// Summary is the plan in a line.
func (v *PlanView) Summary() PlanSummary {
	return PlanSummary{Programme: v.Programme, ProgrammeName: v.ProgrammeName, GoLive: v.GoLive, Wave: v.Wave, WaveNames: v.WaveNames,
		Phase: v.Phase, PhaseName: v.PhaseName, Colour: v.Colour, Counts: v.Counts}
}

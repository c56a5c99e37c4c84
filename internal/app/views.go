package app

import (
	"context"

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
		xs, err := tx.InstancesOfPlan(ctx, plan.ID)
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
		warn := a.cal.WarnUntil(asof, prog.WarningDays)
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

package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/schedule"
	"github.com/udrul/udrul/internal/store"
)

// ScheduleView is a plan's critical path, float and forecast as of a date.
type ScheduleView struct {
	Programme    string             `json:"programme"`
	Municipality model.Organisation `json:"municipality"`
	Asof         model.Date         `json:"asof"`
	GoLive       model.Date         `json:"golive"`
	// Finish is the plan's last early finish; GoLiveReady the earliest
	// go-live the forecast allows.
	Finish         model.Date `json:"finish"`
	GoLiveReady    model.Date `json:"golive_ready"`
	GoLiveAtRisk   bool       `json:"golive_at_risk"`
	GoLiveSlipDays int        `json:"golive_slip_days"`
	// CriticalPath lists the computed critical tasks by early start;
	// Driving the chain that puts go-live at risk, root cause first.
	CriticalPath []string `json:"critical_path"`
	Driving      []string `json:"driving"`
	// Where the catalogue's declared kritisk vej and the computed one differ.
	DeclaredWithFloat  []string            `json:"declared_with_float"`
	UndeclaredCritical []string            `json:"undeclared_critical"`
	Late               []string            `json:"late"`
	Ignored            []IgnoredDependency `json:"ignored_dependencies"`
	Milestones         []MilestoneDate     `json:"milestones"` // the programme's milestones in this plan
	Tasks              []ScheduleTask      `json:"tasks"`
}

// MilestoneDate is a programme milestone's date in one plan.
type MilestoneDate struct {
	Key  string     `json:"key"`
	Name string     `json:"name"`
	Date model.Date `json:"date"`
}

// ScheduleTask is one plan line with its analysis.
type ScheduleTask struct {
	PlanTask
	Duration         int                 `json:"duration"` // working days
	ES               model.Date          `json:"early_start"`
	EF               model.Date          `json:"early_finish"`
	LS               model.Date          `json:"late_start"`
	LF               model.Date          `json:"late_finish"`
	TotalFloat       int                 `json:"total_float"`
	Critical         bool                `json:"critical"`
	DeclaredCritical bool                `json:"declared_critical"`
	Divergence       schedule.Divergence `json:"divergence,omitempty"`
	Late             bool                `json:"late"`
	ForecastStart    model.Date          `json:"forecast_start"`
	ForecastEnd      model.Date          `json:"forecast_end"`
	SlipDays         int                 `json:"slip_days"`
	DrivenBy         string              `json:"driven_by,omitempty"`
}

// Schedule analyses a municipality's plan: float per task, the critical path
// to go-live, how it differs from the declared kritisk vej, and the forecast
// as of asof with go-live at risk.
func (a *PlanService) Schedule(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date) (*ScheduleView, error) {
	if err := a.allowMunicipality(ctx, by, code); err != nil {
		return nil, err
	}
	var d *planData
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		d, err = a.loadPlan(ctx, tx, programmeKey, code, asof)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a.analyse(d, asof)
}

func (a *PlanService) analyse(d *planData, asof model.Date) (*ScheduleView, error) {
	p, ignored := d.network()
	n, err := schedule.Compile(a.cal, p)
	if err != nil {
		return nil, scheduleError(err)
	}
	cp, fc := n.CriticalPath(), n.Forecast(asof)
	v := &ScheduleView{Programme: d.prog.Key, Municipality: d.muni, Asof: asof, GoLive: d.plan.GoLive, Finish: cp.Finish,
		GoLiveReady: fc.GoLiveReady, GoLiveAtRisk: fc.GoLiveAtRisk, GoLiveSlipDays: fc.GoLiveSlipDays,
		CriticalPath: nonNil(cp.Critical), Driving: nonNil(fc.Driving), DeclaredWithFloat: []string{},
		UndeclaredCritical: []string{}, Late: []string{}, Ignored: nonNil(ignored), Tasks: make([]ScheduleTask, len(d.tasks))}
	dates := a.cal.Milestones(&d.prog.Programme, d.plan.GoLive)
	v.Milestones = []MilestoneDate{{Key: model.GoLive, Name: "Go-live", Date: d.plan.GoLive}}
	for _, m := range d.prog.Milestones {
		if m.Key != model.GoLive {
			v.Milestones = append(v.Milestones, MilestoneDate{Key: m.Key, Name: m.Name, Date: dates[m.Key]})
		}
	}
	for i, t := range d.tasks {
		f, x := cp.Tasks[i], fc.Tasks[i]
		st := ScheduleTask{PlanTask: t, Duration: f.Duration, ES: f.ES, EF: f.EF, LS: f.LS, LF: f.LF, TotalFloat: f.TotalFloat,
			Critical: f.Critical, DeclaredCritical: f.DeclaredCritical, Divergence: f.Divergence(), Late: x.Late,
			ForecastStart: x.ForecastStart, ForecastEnd: x.ForecastEnd, SlipDays: x.SlipDays, DrivenBy: x.DrivenBy}
		switch st.Divergence {
		case schedule.DeclaredWithFloat:
			v.DeclaredWithFloat = append(v.DeclaredWithFloat, t.Key)
		case schedule.UndeclaredCritical:
			v.UndeclaredCritical = append(v.UndeclaredCritical, t.Key)
		}
		if x.Late {
			v.Late = append(v.Late, t.Key)
		}
		v.Tasks[i] = st
	}
	return v, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// scheduleError turns the schedule package's typed errors (Danish text)
// into an invalid-request error; they mean the plan's own data is wrong.
func scheduleError(err error) error {
	var ce *schedule.CycleError
	var ue *schedule.UnknownTaskError
	var ke *schedule.UnknownKindError
	var de *schedule.DuplicateTaskError
	if errors.As(err, &ce) || errors.As(err, &ue) || errors.As(err, &ke) || errors.As(err, &de) {
		return &Error{Code: CodeInvalid, Message: err.Error(), Err: err}
	}
	return &Error{Code: CodeInvalid, Message: fmt.Sprintf("planen kan ikke analyseres: %v", err), Err: err}
}

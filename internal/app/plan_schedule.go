package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/schedule"
	"github.com/udrul/udrul/internal/store"
)

// ScheduleView is a plan's critical path, float and forecast as of a date.
type ScheduleView struct {
	Programme     string             `json:"programme"`
	ProgrammeName string             `json:"programme_name"`
	Municipality  model.Organisation `json:"municipality"`
	Asof          model.Date         `json:"asof"`
	GoLive        model.Date         `json:"golive"`
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
	// Institutions are the institutions with a go-live of their own (pilots
	// and later ones), by date: each with its forecast and kritisk vej.
	// CriticalPath, Driving and the go-live fields above are the
	// municipality's own go-live.
	Institutions []InstitutionSchedule `json:"institutions"`
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
	// GoLive is the go-live the line's float is measured against: the
	// municipality's, or for an institution task an institution's own.
	GoLive model.Date `json:"golive,omitzero"`
}

// Schedule analyses a municipality's plan: float per task, the critical path
// to go-live, how it differs from the declared kritisk vej, and the forecast
// as of asof with go-live at risk.
func (a *PlanService) Schedule(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date) (*ScheduleView, error) {
	if err := a.allowMunicipality(ctx, by, code); err != nil {
		return nil, err
	}
	var d *planData
	var orgs []model.Organisation
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		if d, err = a.loadPlan(ctx, tx, programmeKey, code, asof); err != nil || len(d.instGoLive) == 0 {
			return err
		}
		orgs, err = tx.Institutions(ctx, d.muni.ID, d.prog.Institutions)
		return err
	})
	if err != nil {
		return nil, err
	}
	v, err := a.analyse(d, asof)
	if err != nil {
		return nil, err
	}
	for i, s := range v.Institutions {
		if j := slices.IndexFunc(orgs, func(o model.Organisation) bool { return o.ID == s.ID }); j >= 0 {
			v.Institutions[i].Code, v.Institutions[i].Name = orgs[j].Code, orgs[j].Name
		}
	}
	return v, nil
}

func (a *PlanService) analyse(d *planData, asof model.Date) (*ScheduleView, error) {
	v, _, err := a.analyseInstances(d, asof)
	return v, err
}

// analysis is a plan's network of instances with its results.
type analysis struct {
	net   *instanceNet
	cp    *schedule.CriticalPathResult
	fc    *schedule.ForecastResult
	index map[string]int // node key → node
}

// node returns the node with key k, or -1.
func (an *analysis) node(k string) int {
	if i, ok := an.index[k]; ok {
		return i
	}
	return -1
}

// lineKeys maps node keys to their lines' keys, keeping those keep accepts,
// each line once.
func (an *analysis) lineKeys(d *planData, nodes []string, keep func(node int) bool) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, k := range nodes {
		i := an.node(k)
		if i < 0 || (keep != nil && !keep(i)) {
			continue
		}
		if lk := d.tasks[an.net.line[i]].Key; !seen[lk] {
			seen[lk] = true
			out = append(out, lk)
		}
	}
	return out
}

// analyseInstances analyses d per task instance (schedule_instances.go)
// and folds the results into its lines: a line's dates span its
// instances', its float is the least, it is critical and late when one
// instance is, and it slips as far as the one that slips most.
func (a *PlanService) analyseInstances(d *planData, asof model.Date) (*ScheduleView, *analysis, error) {
	// The lines' network is checked first, so that a loop is named in the
	// plan's own keys rather than its instances'.
	p, _ := d.network()
	keys := make([]string, len(p.Tasks))
	for i, t := range p.Tasks {
		keys[i] = t.Key
	}
	if err := schedule.Validate(keys, p.Dependencies); err != nil {
		return nil, nil, scheduleError(err)
	}
	net := d.instanceNetwork()
	n, err := schedule.Compile(a.cal, net.plan)
	if err != nil {
		return nil, nil, scheduleError(err)
	}
	an := &analysis{net: net, cp: n.CriticalPath(), fc: n.Forecast(asof), index: make(map[string]int, len(net.plan.Tasks))}
	for i, t := range net.plan.Tasks {
		an.index[t.Key] = i
	}
	cp, fc := an.cp, an.fc
	goLive := d.plan.GoLive
	v := &ScheduleView{Programme: d.prog.Key, ProgrammeName: d.prog.Name, Municipality: d.muni, Asof: asof, GoLive: goLive, Finish: cp.Finish,
		GoLiveReady: fc.GoLiveReady, GoLiveAtRisk: fc.GoLiveAtRisk, GoLiveSlipDays: fc.GoLiveSlipDays,
		DeclaredWithFloat: []string{}, UndeclaredCritical: []string{}, Late: []string{}, Ignored: nonNil(net.ignored),
		Tasks: make([]ScheduleTask, len(d.tasks)), Institutions: []InstitutionSchedule{}}
	// The municipality's kritisk vej is the work its own go-live waits for
	// (without any go-live: classic CPM against the plan's end).
	v.CriticalPath = an.lineKeys(d, cp.Critical, func(i int) bool { g := cp.Tasks[i].GoLive; return g == goLive || g == model.NoDate })
	v.Driving = an.lineKeys(d, fc.Driving, nil)
	dates := a.cal.Milestones(&d.prog.Programme, goLive)
	v.Milestones = []MilestoneDate{{Key: model.GoLive, Name: "Go-live", Date: goLive}}
	for _, m := range d.prog.Milestones {
		if m.Key != model.GoLive {
			v.Milestones = append(v.Milestones, MilestoneDate{Key: m.Key, Name: m.Name, Date: dates[m.Key]})
		}
	}
	for i, t := range d.tasks {
		st := ScheduleTask{PlanTask: t, DeclaredCritical: t.Type == model.Critical}
		for j, k := range net.nodes[i] {
			f, x := cp.Tasks[k], fc.Tasks[k]
			drivenBy := ""
			if b := an.node(x.DrivenBy); b >= 0 {
				drivenBy = d.tasks[net.line[b]].Key
			}
			if j == 0 {
				st.Duration, st.ES, st.EF, st.LS, st.LF, st.TotalFloat, st.Critical, st.GoLive = f.Duration, f.ES, f.EF, f.LS, f.LF, f.TotalFloat, f.Critical, f.GoLive
				st.Late, st.ForecastStart, st.ForecastEnd, st.SlipDays, st.DrivenBy = x.Late, x.ForecastStart, x.ForecastEnd, x.SlipDays, drivenBy
				continue
			}
			st.Duration = max(st.Duration, f.Duration)
			st.ES, st.EF, st.LS, st.LF = min(st.ES, f.ES), max(st.EF, f.EF), min(st.LS, f.LS), max(st.LF, f.LF)
			if f.TotalFloat < st.TotalFloat || (f.TotalFloat == st.TotalFloat && f.GoLive != model.NoDate && (st.GoLive == model.NoDate || f.GoLive < st.GoLive)) {
				st.TotalFloat, st.GoLive = f.TotalFloat, f.GoLive
			}
			st.Critical, st.Late = st.Critical || f.Critical, st.Late || x.Late
			st.ForecastStart, st.ForecastEnd = min(st.ForecastStart, x.ForecastStart), max(st.ForecastEnd, x.ForecastEnd)
			if x.SlipDays > st.SlipDays {
				st.SlipDays, st.DrivenBy = x.SlipDays, drivenBy
			}
		}
		st.Divergence = schedule.TaskFloat{Critical: st.Critical, DeclaredCritical: st.DeclaredCritical}.Divergence()
		switch st.Divergence {
		case schedule.DeclaredWithFloat:
			v.DeclaredWithFloat = append(v.DeclaredWithFloat, t.Key)
		case schedule.UndeclaredCritical:
			v.UndeclaredCritical = append(v.UndeclaredCritical, t.Key)
		}
		if st.Late {
			v.Late = append(v.Late, t.Key)
		}
		v.Tasks[i] = st
	}
	names := map[int64]string{}
	for _, x := range d.insts {
		if x.InstitutionID != 0 {
			names[x.InstitutionID] = x.InstitutionName
		}
	}
	for id, g := range d.instGoLive {
		v.Institutions = append(v.Institutions, an.institution(d, id, names[id], g))
	}
	slices.SortFunc(v.Institutions, func(x, y InstitutionSchedule) int {
		return cmp.Or(cmp.Compare(x.GoLive, y.GoLive), cmp.Compare(x.Name, y.Name))
	})
	return v, an, nil
}

// InstitutionSchedule is one institution's go-live in the schedule: when its
// tasks (and the municipality's work they wait for) allow it, and its own
// kritisk vej.
type InstitutionSchedule struct {
	ID     int64      `json:"-"`
	Code   string     `json:"code"`
	Name   string     `json:"name"`
	GoLive model.Date `json:"golive"`
	Pilot  bool       `json:"pilot"` // before the municipality's go-live
	// Ready is the earliest go-live the forecast allows; AtRisk when it is
	// after GoLive, by SlipDays working days, because of Driving (line
	// keys, root cause first).
	Ready    model.Date `json:"golive_ready,omitzero"`
	AtRisk   bool       `json:"golive_at_risk"`
	SlipDays int        `json:"golive_slip_days"`
	Driving  []string   `json:"driving"`
	// CriticalPath: the lines without float towards this go-live (the
	// institution's tasks and the municipality's work before them).
	CriticalPath []string `json:"critical_path"`
	Late         []string `json:"late"`
	// Titles names the lines in Driving, CriticalPath and Late.
	Titles map[string]string `json:"titles"`
	// Tasks is the institution's own instances (the institution page).
	Tasks []InstitutionScheduleTask `json:"tasks,omitempty"`
}

// InstitutionScheduleTask is one of an institution's task instances in the
// schedule.
type InstitutionScheduleTask struct {
	Key         string       `json:"key"`
	Title       string       `json:"title"`
	Start       model.Date   `json:"start"`
	End         model.Date   `json:"end"`
	Status      model.Status `json:"status"`
	TotalFloat  int          `json:"total_float"`
	Critical    bool         `json:"critical"`
	Late        bool         `json:"late"`
	ForecastEnd model.Date   `json:"forecast_end"`
	SlipDays    int          `json:"slip_days"`
	DrivenBy    string       `json:"driven_by,omitempty"`
}

// institution is institution id's schedule; g is its own go-live, or
// model.NoDate when it follows the municipality's.
func (an *analysis) institution(d *planData, id int64, name string, g model.Date) InstitutionSchedule {
	if g == model.NoDate {
		g = d.plan.GoLive
	}
	s := InstitutionSchedule{ID: id, Name: name, GoLive: g, Pilot: g < d.plan.GoLive, Driving: []string{}, Late: []string{}}
	o := schedule.GoLiveOutlook{GoLive: g, Ready: an.fc.GoLiveReady, AtRisk: an.fc.GoLiveAtRisk, SlipDays: an.fc.GoLiveSlipDays, Driving: an.fc.Driving}
	if g != d.plan.GoLive {
		o = schedule.GoLiveOutlook{GoLive: g}
		if i := slices.IndexFunc(an.fc.GoLives, func(x schedule.GoLiveOutlook) bool { return x.GoLive == g }); i >= 0 {
			o = an.fc.GoLives[i]
		}
	}
	s.Ready, s.AtRisk, s.SlipDays = o.Ready, o.AtRisk, o.SlipDays
	s.Driving = an.lineKeys(d, o.Driving, nil)
	mine := func(i int) bool { return an.net.inst[i] == 0 || an.net.inst[i] == id }
	s.CriticalPath = an.lineKeys(d, an.cp.Critical, func(i int) bool { return mine(i) && an.cp.Tasks[i].GoLive == g })
	for i, k := range an.net.inst {
		if k == id && an.fc.Tasks[i].Late {
			s.Late = append(s.Late, d.tasks[an.net.line[i]].Key)
		}
	}
	s.Titles = map[string]string{}
	for _, keys := range [][]string{s.Driving, s.CriticalPath, s.Late} {
		for _, k := range keys {
			if t, ok := d.task(k); ok {
				s.Titles[k] = t.Title
			}
		}
	}
	return s
}

// withTasks adds the institution's own task instances to s.
func (an *analysis) withTasks(d *planData, s InstitutionSchedule) InstitutionSchedule {
	s.Tasks = []InstitutionScheduleTask{}
	for i, k := range an.net.inst {
		if k != s.ID {
			continue
		}
		t, f, x := an.net.plan.Tasks[i], an.cp.Tasks[i], an.fc.Tasks[i]
		st := InstitutionScheduleTask{Key: d.tasks[an.net.line[i]].Key, Title: d.tasks[an.net.line[i]].Title, Start: t.Start, End: t.End,
			Status: t.Status, TotalFloat: f.TotalFloat, Critical: f.Critical, Late: x.Late, ForecastEnd: x.ForecastEnd, SlipDays: x.SlipDays}
		if b := an.node(x.DrivenBy); b >= 0 {
			st.DrivenBy = d.tasks[an.net.line[b]].Key
		}
		s.Tasks = append(s.Tasks, st)
	}
	return s
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

package app

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/report"
	"github.com/udrul/udrul/internal/risk"
	"github.com/udrul/udrul/internal/store"
)

// The steering reports (docs/reports.md): a municipality's status report
// for its steering group, the programme report per wave for the centre and
// the cross-programme views. The rules are package report's; the monthly
// snapshots that give the trend are taken here, idempotently, the first
// time in a month any report of the programme is opened.

// DefaultCloseDays is the distance in days within which the centre's
// cross-programme view lists go-lives when none is asked for.
const DefaultCloseDays = 30

// ReportSignal is a red or yellow task of a status report, with why and
// what was agreed about it in the contact log.
type ReportSignal struct {
	Task       int64        `json:"task"`
	Key        string       `json:"key"`
	Title      string       `json:"title"`
	Phase      string       `json:"phase"`
	Type       string       `json:"type"`
	End        model.Date   `json:"end"`
	Status     model.Status `json:"status"`
	Colour     model.Colour `json:"colour"`
	Why        string       `json:"why"`
	Agreements []string     `json:"agreements"`
}

// ReportAgreement is an entry of the contact log with agreed actions.
type ReportAgreement struct {
	Date       model.Date `json:"date"`
	Channel    string     `json:"channel"`
	Kind       string     `json:"kind"`
	Summary    string     `json:"summary"`
	Agreements string     `json:"agreements"`
	Tasks      []string   `json:"tasks"`
}

// ReportMilestone is a coming milestone: a phase that begins, the go-live,
// or the deadline of a critical-path task.
type ReportMilestone struct {
	Date  model.Date `json:"date"`
	Kind  string     `json:"kind"` // fase, golive, frist
	Title string     `json:"title"`
}

// ReportTrendPoint is one month of the trend.
type ReportTrendPoint struct {
	Month     report.Month     `json:"month"`
	Label     string           `json:"label"`
	GoLive    model.Date       `json:"golive"`
	Colour    model.Colour     `json:"colour"`
	Counts    model.Counts     `json:"counts"`
	Direction report.Direction `json:"direction"` // from the month before; uaendret for the first
	Current   bool             `json:"current"`   // today's state, not a kept snapshot
}

// ReportRisk is a live risk in a status report.
type ReportRisk struct {
	ID          string      `json:"id"`
	Description string      `json:"description"`
	Status      risk.Status `json:"status"`
	Exposure    int         `json:"exposure"`
	Owner       string      `json:"owner"`
	NextReview  model.Date  `json:"next_review,omitzero"`
}

// ReportRisks is the municipality's risk register in short.
type ReportRisks struct {
	Live    int          `json:"live"`
	Overdue int          `json:"overdue"`
	Top     []ReportRisk `json:"top"`
}

// ReportReadiness is one round of the readiness survey in short.
type ReportReadiness struct {
	Round   string `json:"round"`
	Label   string `json:"label"`
	Closed  bool   `json:"closed"`
	Run     bool   `json:"run"`
	Answers int    `json:"answers"`
	Focus   string `json:"focus,omitempty"` // the element to work on first, when the result is shown
}

// StatusReport is a municipality's status report in a programme.
type StatusReport struct {
	Programme        string                 `json:"programme"`
	ProgrammeName    string                 `json:"programme_name"`
	Municipality     string                 `json:"municipality"`
	MunicipalityName string                 `json:"municipality_name"`
	Asof             model.Date             `json:"asof"`
	GoLive           model.Date             `json:"golive"`
	Wave             int                    `json:"wave"`
	Phase            string                 `json:"phase"`
	PhaseName        string                 `json:"phase_name"`
	Colour           model.Colour           `json:"colour"`
	Counts           model.Counts           `json:"counts"`
	Phases           []report.PhaseProgress `json:"phases"`
	Signals          []ReportSignal         `json:"signals"`
	Agreements       []ReportAgreement      `json:"agreements"`
	Milestones       []ReportMilestone      `json:"milestones"`
	Trend            []ReportTrendPoint     `json:"trend"`
	// Risks is absent for those who may not see the risk register
	// (observers); Readiness lists the rounds made so far.
	Risks     *ReportRisks      `json:"risks,omitempty"`
	Readiness []ReportReadiness `json:"readiness"`
}

// reportTask is a plan's task as package report sees it.
func reportTask(t TaskView) report.Task {
	x := report.Task{Phase: t.Phase, Type: t.Type, Status: t.Status, Start: t.Start, End: t.End, Colour: t.Colour}
	if t.Status == model.Completed && !t.StatusAt.IsZero() {
		x.Done = model.DanishDate(t.StatusAt)
	}
	return x
}

// signalWhy says in Danish why a task is red or yellow.
func signalWhy(t TaskView) string {
	if t.Colour == model.Red {
		return fmt.Sprintf("Slutdatoen %s er overskredet, og opgaven er %s.", t.End.Danish(), strings.ToLower(t.Status.Label()))
	}
	return fmt.Sprintf("Slutter %s og er endnu ikke påbegyndt.", t.End.Danish())
}

// allowReport refuses a caller who may not read the municipality's reports.
func (a *core) allowReport(ctx context.Context, by *Identity, code string) error {
	if unrestricted(by) {
		return nil
	}
	return a.read(ctx, func(tx *store.Tx) error {
		m, err := a.municipality(ctx, tx, code)
		if err != nil {
			return err
		}
		return allow(by, func(s access.Subject) bool { return access.ViewStatusReport(s, m.ID) }, access.RefuseMunicipality)
	})
}

// TakeSnapshots keeps this month's snapshot of every plan of a programme
// that has none yet and returns how many it kept: the colour, the task
// counts and the go-live as of today. It is idempotent (once per plan and
// month, also with several servers at once); the reports call it when
// opened, and it costs one count when the month is already taken.
func (a *ReportService) TakeSnapshots(ctx context.Context, programmeKey string) (int, error) {
	today := a.Today()
	return a.takeSnapshots(ctx, programmeKey, report.MonthOf(today), today)
}

// BackfillSnapshots keeps, for a month before this one, the snapshot of
// every plan that has none for it, counted as of the month's last day with
// the statuses the plans have now. Only udrul itself does it (the demo, a
// command line): for a person it would pass today's statuses off as history.
func (a *ReportService) BackfillSnapshots(ctx context.Context, by *Identity, programmeKey string, month report.Month) (int, error) {
	if !unrestricted(by) {
		return 0, forbidden("kun udrul selv kan udfylde tidligere måneders status")
	}
	if month >= report.MonthOf(a.Today()) {
		return 0, invalidField("month", "%s er ikke en tidligere måned", month.Label())
	}
	return a.takeSnapshots(ctx, programmeKey, month, month.Last())
}

func (a *ReportService) takeSnapshots(ctx context.Context, programmeKey string, m report.Month, asof model.Date) (int, error) {
	month := string(m)
	var done bool
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plans, err := a.programmePlans(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		n, err := tx.SnapshotCount(ctx, prog.ID, month)
		done = n >= len(plans)
		return err
	})
	if err != nil || done {
		return 0, err
	}
	kept := 0
	err = a.write(ctx, func(tx *store.Tx) error {
		prog, plans, err := a.programmePlans(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		counts, err := a.planColours(ctx, tx, prog.ID, asof, a.cal.WarnUntil(asof, prog.WarningDays))
		if err != nil {
			return err
		}
		ss := make([]store.Snapshot, len(plans))
		for i, p := range plans {
			c := counts[p.ID]
			ss[i] = store.Snapshot{PlanID: p.ID, Month: month, GoLive: p.GoLive, Colour: c.Colour(), Counts: c}
		}
		kept, err = tx.TakeSnapshots(ctx, ss)
		return err
	})
	return kept, err
}

// StatusReport is a municipality's status report in a programme as of
// asof, for its steering group. Opening it as of today keeps the month's
// snapshots (TakeSnapshots).
func (a *ReportService) StatusReport(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date) (*StatusReport, error) {
	if err := a.allowReport(ctx, by, code); err != nil {
		return nil, err
	}
	if asof == a.Today() {
		if _, err := a.TakeSnapshots(ctx, programmeKey); err != nil {
			return nil, err
		}
	}
	pv, err := a.Plan(ctx, by, programmeKey, code, asof)
	if err != nil {
		return nil, err
	}
	r := &StatusReport{Programme: pv.Programme, ProgrammeName: pv.ProgrammeName, Municipality: pv.Municipality.Code,
		MunicipalityName: pv.Municipality.Name, Asof: asof, GoLive: pv.GoLive, Wave: pv.Wave, Phase: pv.Phase, PhaseName: pv.PhaseName,
		Colour: pv.Colour, Counts: pv.Counts, Signals: []ReportSignal{}, Agreements: []ReportAgreement{}, Milestones: []ReportMilestone{},
		Readiness: []ReportReadiness{}}

	log, err := a.ContactLog(ctx, by, programmeKey, code)
	if err != nil {
		return nil, err
	}
	agreed := map[int64][]string{} // task → agreements about it, newest first
	for _, c := range log.Contacts {
		if c.Agreements == "" {
			continue
		}
		ra := ReportAgreement{Date: c.OccurredOn, Channel: c.Channel.Label(), Kind: c.Kind.Label(), Summary: c.Summary, Agreements: c.Agreements, Tasks: []string{}}
		for _, t := range c.Tasks {
			agreed[t.ID] = append(agreed[t.ID], fmt.Sprintf("%s: %s", c.OccurredOn.Danish(), c.Agreements))
			ra.Tasks = append(ra.Tasks, t.Title)
		}
		if len(r.Agreements) < 10 {
			r.Agreements = append(r.Agreements, ra)
		}
	}

	tasks := make([]report.Task, 0, len(pv.Tasks))
	var deadlines []ReportMilestone
	for _, t := range pv.Tasks {
		if t.Withdrawn {
			continue
		}
		tasks = append(tasks, reportTask(t))
		if t.Colour == model.Red || t.Colour == model.Yellow {
			title := t.Title
			if t.InstitutionName != "" {
				title += " (" + t.InstitutionName + ")"
			}
			s := ReportSignal{Task: t.ID, Key: t.Key, Title: title, Phase: t.Phase, Type: t.Type.Label(), End: t.End, Status: t.Status,
				Colour: t.Colour, Why: signalWhy(t), Agreements: agreed[t.ID]}
			if s.Agreements == nil {
				s.Agreements = []string{}
			}
			r.Signals = append(r.Signals, s)
		}
		if t.Type == model.Critical && t.Status != model.Completed && t.End >= asof && t.InstitutionID == 0 {
			deadlines = append(deadlines, ReportMilestone{Date: t.End, Kind: "frist", Title: t.Title})
		}
	}
	sort.SliceStable(r.Signals, func(i, j int) bool {
		x, y := r.Signals[i], r.Signals[j]
		if x.Colour != y.Colour {
			return x.Colour == model.Red
		}
		return x.End < y.End
	})
	r.Phases = report.Progress(a.model.Phases, tasks)

	// Milestones: the phases that begin, the go-live, the next critical deadlines.
	for _, ph := range a.model.Phases {
		if ph.FromDays == nil {
			continue
		}
		if d := pv.GoLive.AddDays(*ph.FromDays); d > asof {
			r.Milestones = append(r.Milestones, ReportMilestone{Date: d, Kind: "fase", Title: fmt.Sprintf("Fase %s %s begynder", ph.Key, ph.Name)})
		}
	}
	if pv.GoLive >= asof {
		r.Milestones = append(r.Milestones, ReportMilestone{Date: pv.GoLive, Kind: "golive", Title: "Go-live"})
	}
	sort.SliceStable(deadlines, func(i, j int) bool { return deadlines[i].Date < deadlines[j].Date })
	r.Milestones = append(r.Milestones, deadlines[:min(len(deadlines), 5)]...)
	sort.SliceStable(r.Milestones, func(i, j int) bool { return r.Milestones[i].Date < r.Milestones[j].Date })
	r.Milestones = r.Milestones[:min(len(r.Milestones), 8)]

	// The trend: the kept months and today.
	var kept []store.Snapshot
	err = a.read(ctx, func(tx *store.Tx) error {
		plan, err := a.planOf(ctx, tx, programmeKey, code)
		if err != nil {
			return err
		}
		kept, err = tx.Snapshots(ctx, plan.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	snaps := make([]report.Snapshot, 0, len(kept))
	for _, s := range kept {
		if report.Month(s.Month) <= report.MonthOf(asof) {
			snaps = append(snaps, report.Snapshot{Month: report.Month(s.Month), GoLive: s.GoLive, Colour: s.Colour, Counts: s.Counts})
		}
	}
	current := report.Snapshot{Month: report.MonthOf(asof), GoLive: pv.GoLive, Colour: pv.Colour, Counts: pv.Counts}
	for i, s := range report.Trend(snaps, current) {
		p := ReportTrendPoint{Month: s.Month, Label: s.Month.Label(), GoLive: s.GoLive, Colour: s.Colour, Counts: s.Counts,
			Direction: report.Unchanged, Current: s.Month == current.Month}
		if i > 0 {
			p.Direction = report.Compare(r.Trend[i-1].Counts, s.Counts)
		}
		r.Trend = append(r.Trend, p)
	}

	if by == nil || access.ViewRisks(by.Subject, pv.Municipality.ID) {
		rv, err := a.RiskRegister(ctx, by, programmeKey, code, asof)
		if err != nil {
			return nil, err
		}
		rr := &ReportRisks{Overdue: len(rv.Overdue), Top: []ReportRisk{}}
		var live []risk.Entry
		for _, x := range rv.Risks {
			if x.Status != risk.Closed {
				live = append(live, x)
			}
		}
		rr.Live = len(live)
		slices.SortStableFunc(live, func(x, y risk.Entry) int { return y.Exposure - x.Exposure })
		for _, x := range live[:min(len(live), 5)] {
			rr.Top = append(rr.Top, ReportRisk{ID: x.ID, Description: x.Description, Status: x.Status, Exposure: x.Exposure, Owner: x.Owner, NextReview: x.NextReview})
		}
		r.Risks = rr
	}

	rd, err := a.Readiness(ctx, by, programmeKey, code, asof)
	if err != nil {
		return nil, err
	}
	for _, x := range rd.Rounds {
		if !x.Created {
			continue
		}
		line := ReportReadiness{Round: string(x.Kind), Label: x.Label, Closed: x.Closed, Run: x.Run, Answers: x.Answers}
		if !x.Total.Hidden && x.Total.Focus != nil {
			line.Focus = x.Total.Focus.Name()
		}
		r.Readiness = append(r.Readiness, line)
	}
	return r, nil
}

// ReportMoved is a municipality whose go-live moved.
type ReportMoved struct {
	Code    string     `json:"code"`
	Name    string     `json:"name"`
	Planned model.Date `json:"planned"`
	GoLive  model.Date `json:"golive"`
	Days    int        `json:"days"` // positive: later
}

// ReportBehind is a municipality behind: red or yellow today.
type ReportBehind struct {
	Code   string       `json:"code"`
	Name   string       `json:"name"`
	GoLive model.Date   `json:"golive"`
	Colour model.Colour `json:"colour"`
	Red    int          `json:"red"`
	Yellow int          `json:"yellow"`
}

// ReportWave is one wave of the programme report.
type ReportWave struct {
	Wave           int            `json:"wave"`
	Municipalities int            `json:"municipalities"`
	FirstGoLive    model.Date     `json:"first_golive"`
	LastGoLive     model.Date     `json:"last_golive"`
	Held           int            `json:"held"`
	Moved          []ReportMoved  `json:"moved"`
	Behind         []ReportBehind `json:"behind"`
	ByColour       model.Counts   `json:"by_colour"`
	Supplier       report.OnTime  `json:"supplier"`
	Lessons        string         `json:"lessons"`
	LessonsBy      string         `json:"lessons_by,omitempty"`
	LessonsOn      model.Date     `json:"lessons_on,omitzero"`
}

// ProgrammeReport is the centre's report of a programme per wave.
type ProgrammeReport struct {
	Programme     string          `json:"programme"`
	ProgrammeName string          `json:"programme_name"`
	Asof          model.Date      `json:"asof"`
	WaveNames     model.WaveNames `json:"-"`         // the programme's, for the PDF
	Suppliers     []string        `json:"suppliers"` // the responsible actors counted as the supplier
	Waves         []ReportWave    `json:"waves"`
	Held          int             `json:"held"`
	Moved         int             `json:"moved"`
	Behind        int             `json:"behind"`
	Supplier      report.OnTime   `json:"supplier"`
}

// ProgrammeReport is the programme's report per wave as of asof: go-lives
// held or moved against the go-live first announced in a wave plan (or,
// without one, the first monthly snapshot), municipalities behind (red or
// yellow), the supplier's tasks on time and the lessons recorded after
// hypercare.
func (a *ReportService) ProgrammeReport(ctx context.Context, by *Identity, programmeKey string, asof model.Date) (*ProgrammeReport, error) {
	if err := allow(by, access.ViewProgrammeReport, access.RefuseNational); err != nil {
		return nil, err
	}
	if asof == a.Today() {
		if _, err := a.TakeSnapshots(ctx, programmeKey); err != nil {
			return nil, err
		}
	}
	var r *ProgrammeReport
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plans, err := a.programmePlans(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		counts, err := a.planColours(ctx, tx, prog.ID, asof, a.cal.WarnUntil(asof, prog.WarningDays))
		if err != nil {
			return err
		}
		announced, err := tx.FirstAnnouncedGoLives(ctx, prog.ID)
		if err != nil {
			return err
		}
		first, err := tx.FirstSnapshots(ctx, prog.ID)
		if err != nil {
			return err
		}
		lessons, err := tx.Lessons(ctx, prog.ID)
		if err != nil {
			return err
		}
		suppliers, err := tx.Organisations(ctx, model.OrgSupplier)
		if err != nil {
			return err
		}
		resp := []string{"Leverandøren", "Leverandør"}
		for _, o := range suppliers {
			resp = append(resp, o.Name)
		}
		xs, err := tx.SupplierInstances(ctx, prog.ID, resp)
		if err != nil {
			return err
		}
		byPlan := map[int64][]report.SupplierTask{}
		for _, x := range xs {
			t := report.SupplierTask{End: x.End, Status: x.Status}
			if x.Status == model.Completed && !x.StatusAt.IsZero() {
				t.Done = model.DanishDate(x.StatusAt)
			}
			byPlan[x.PlanID] = append(byPlan[x.PlanID], t)
		}
		r = &ProgrammeReport{Programme: prog.Key, ProgrammeName: prog.Name, Asof: asof, WaveNames: prog.Waves, Suppliers: resp, Waves: []ReportWave{}}
		waves := map[int]*ReportWave{}
		var order []int
		supplierAll := map[int][]report.SupplierTask{}
		var all []report.SupplierTask
		for _, p := range plans {
			w := waves[p.Wave]
			if w == nil {
				w = &ReportWave{Wave: p.Wave, FirstGoLive: p.GoLive, LastGoLive: p.GoLive, Moved: []ReportMoved{}, Behind: []ReportBehind{}}
				waves[p.Wave] = w
				order = append(order, p.Wave)
			}
			w.Municipalities++
			w.FirstGoLive, w.LastGoLive = min(w.FirstGoLive, p.GoLive), max(w.LastGoLive, p.GoLive)
			planned, ok := announced[p.Municipality.ID]
			if !ok {
				planned = first[p.ID].GoLive
			}
			if held, days := report.Movement(planned, p.GoLive); held {
				w.Held++
				r.Held++
			} else {
				w.Moved = append(w.Moved, ReportMoved{Code: p.Municipality.Code, Name: p.Municipality.Name, Planned: planned, GoLive: p.GoLive, Days: days})
				r.Moved++
			}
			c := counts[p.ID]
			w.ByColour.Add(c.Colour(), 1)
			if col := c.Colour(); col == model.Red || col == model.Yellow {
				w.Behind = append(w.Behind, ReportBehind{Code: p.Municipality.Code, Name: p.Municipality.Name, GoLive: p.GoLive, Colour: col, Red: c.Red, Yellow: c.Yellow})
				r.Behind++
			}
			supplierAll[p.Wave] = append(supplierAll[p.Wave], byPlan[p.ID]...)
			all = append(all, byPlan[p.ID]...)
		}
		slices.Sort(order)
		for _, n := range order {
			w := waves[n]
			w.Supplier = report.SupplierOnTime(supplierAll[n], asof)
			sort.SliceStable(w.Behind, func(i, j int) bool {
				x, y := w.Behind[i], w.Behind[j]
				if x.Colour != y.Colour {
					return x.Colour == model.Red
				}
				return x.Red > y.Red
			})
			if l, ok := lessons[n]; ok {
				w.Lessons, w.LessonsBy, w.LessonsOn = l.Text, l.UpdatedBy, model.DanishDate(l.UpdatedAt)
			}
			r.Waves = append(r.Waves, *w)
		}
		r.Supplier = report.SupplierOnTime(all, asof)
		return nil
	})
	return r, err
}

// CrossProgramme is one municipality's plans across the programmes: each
// programme's go-live and the number of open tasks month by month.
type CrossProgramme struct {
	Municipality     string              `json:"municipality"`
	MunicipalityName string              `json:"municipality_name"`
	Asof             model.Date          `json:"asof"`
	Programmes       []CrossPlan         `json:"programmes"`
	Months           []CrossProgrammeRow `json:"months"`
	// Close are the pairs of this municipality's go-lives within
	// DefaultCloseDays of each other.
	Close []report.Close `json:"close"`
}

// CrossPlan is one programme's plan in the cross-programme view.
type CrossPlan struct {
	Programme     string          `json:"programme"`
	ProgrammeName string          `json:"programme_name"`
	GoLive        model.Date      `json:"golive"`
	Wave          int             `json:"wave"`
	WaveNames     model.WaveNames `json:"-"` // the programme's, for pages
	PhaseName     string          `json:"phase_name"`
	Colour        model.Colour    `json:"colour"`
}

// CrossProgrammeRow is a month: the open tasks per programme (in the
// order of Programmes) and in all.
type CrossProgrammeRow struct {
	Month report.Month `json:"month"`
	Label string       `json:"label"`
	Open  []int        `json:"open"`
	Total int          `json:"total"`
}

// CrossProgramme is a municipality's cross-programme view as of asof: the
// months from six before asof to the last go-live (at most 36 months).
func (a *ReportService) CrossProgramme(ctx context.Context, by *Identity, code string, asof model.Date) (*CrossProgramme, error) {
	if err := a.allowReport(ctx, by, code); err != nil {
		return nil, err
	}
	progs, err := a.Programmes(ctx)
	if err != nil {
		return nil, err
	}
	var muni model.Organisation
	if err := a.read(ctx, func(tx *store.Tx) (err error) { muni, err = a.municipality(ctx, tx, code); return err }); err != nil {
		return nil, err
	}
	v := &CrossProgramme{Municipality: muni.Code, MunicipalityName: muni.Name, Asof: asof, Programmes: []CrossPlan{}, Months: []CrossProgrammeRow{}}
	from := report.MonthOf(asof.AddMonths(-6))
	to := report.MonthOf(asof)
	var plans []*PlanView
	var gls []report.GoLive
	for _, p := range progs {
		pv, err := a.Plan(ctx, by, p.Key, code, asof)
		if ErrorCode(err) == CodeNotFound {
			continue
		} else if err != nil {
			return nil, err
		}
		plans = append(plans, pv)
		v.Programmes = append(v.Programmes, CrossPlan{Programme: pv.Programme, ProgrammeName: pv.ProgrammeName, GoLive: pv.GoLive,
			Wave: pv.Wave, WaveNames: pv.WaveNames, PhaseName: pv.PhaseName, Colour: pv.Colour})
		gls = append(gls, report.GoLive{Code: muni.Code, Name: muni.Name, Programme: pv.Programme, ProgrammeName: pv.ProgrammeName, Date: pv.GoLive})
		to = max(to, report.MonthOf(pv.GoLive))
	}
	if last := report.MonthOf(from.First().AddMonths(35)); to > last {
		to = last
	}
	for _, m := range report.Months(from, to) {
		v.Months = append(v.Months, CrossProgrammeRow{Month: m, Label: m.Label(), Open: make([]int, len(plans))})
	}
	for i, pv := range plans {
		tasks := make([]report.Task, 0, len(pv.Tasks))
		for _, t := range pv.Tasks {
			if !t.Withdrawn {
				tasks = append(tasks, reportTask(t))
			}
		}
		for j, mc := range report.OpenByMonth(tasks, from, to, asof) {
			v.Months[j].Open[i] = mc.Open
			v.Months[j].Total += mc.Open
		}
	}
	v.Close = report.CloseGoLives(gls, DefaultCloseDays)
	return v, nil
}

// CloseGoLivesView is the centre's list of municipalities whose go-lives in
// different programmes lie within Days of each other.
type CloseGoLivesView struct {
	Asof  model.Date     `json:"asof"`
	Days  int            `json:"days"`
	Pairs []report.Close `json:"pairs"`
}

// CloseGoLives lists, for the centre, every municipality's go-lives in
// different programmes at most days apart (0–report.MaxDistance).
func (a *ReportService) CloseGoLives(ctx context.Context, by *Identity, days int, asof model.Date) (*CloseGoLivesView, error) {
	if err := allow(by, access.ViewProgrammeReport, access.RefuseNational); err != nil {
		return nil, err
	}
	if days < 0 || days > report.MaxDistance {
		return nil, invalidField("days", "afstanden skal være fra 0 til %d dage", report.MaxDistance)
	}
	var gls []report.GoLive
	err := a.read(ctx, func(tx *store.Tx) error {
		progs, err := tx.Programmes(ctx)
		if err != nil {
			return err
		}
		for _, p := range progs {
			plans, err := tx.Plans(ctx, p.ID)
			if err != nil {
				return err
			}
			for _, pl := range plans {
				gls = append(gls, report.GoLive{Code: pl.Municipality.Code, Name: pl.Municipality.Name, Programme: p.Key, ProgrammeName: p.Name, Date: pl.GoLive})
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &CloseGoLivesView{Asof: asof, Days: days, Pairs: report.CloseGoLives(gls, days)}, nil
}

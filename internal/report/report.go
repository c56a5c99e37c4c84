// Package report holds the rules of the steering reports (docs/reports.md):
// progress per phase, months and their trend, go-lives held or moved, the
// supplier's tasks on time, open tasks month by month and go-lives of
// different programmes close to each other. It does no I/O.
package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/model"
)

// Task is what the reports need of one task instance.
type Task struct {
	Phase  string
	Type   model.TaskType
	Status model.Status
	Start  model.Date
	End    model.Date
	Colour model.Colour
	// Done is the day the task was completed (model.NoDate if it is not).
	Done model.Date
}

// PhaseProgress is the progress of one phase of a plan.
type PhaseProgress struct {
	Phase   string       `json:"phase"`
	Name    string       `json:"name"`
	Tasks   int          `json:"tasks"`
	Done    int          `json:"done"` // completed or not relevant
	Percent int          `json:"percent"`
	Counts  model.Counts `json:"counts"`
	Colour  model.Colour `json:"colour"`
}

// Progress sums tasks per phase in the model's order; phases without tasks
// are left out, and tasks of a phase the model does not know come last
// under their key.
func Progress(phases []model.Phase, tasks []Task) []PhaseProgress {
	by := map[string]*PhaseProgress{}
	var unknown []string
	for _, t := range tasks {
		p := by[t.Phase]
		if p == nil {
			p = &PhaseProgress{Phase: t.Phase, Name: t.Phase}
			by[t.Phase] = p
			if !slices.ContainsFunc(phases, func(ph model.Phase) bool { return ph.Key == t.Phase }) {
				unknown = append(unknown, t.Phase)
			}
		}
		p.Tasks++
		if t.Status == model.Completed || t.Status == model.NotRelevant {
			p.Done++
		}
		p.Counts.Add(t.Colour, 1)
	}
	out := []PhaseProgress{}
	add := func(p *PhaseProgress) {
		p.Percent = p.Done * 100 / p.Tasks
		p.Colour = p.Counts.Colour()
		out = append(out, *p)
	}
	for _, ph := range phases {
		if p := by[ph.Key]; p != nil {
			p.Name = ph.Name
			add(p)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		add(by[k])
	}
	return out
}

// Month is a calendar month, "YYYY-MM".
type Month string

// MonthOf is the month of d.
func MonthOf(d model.Date) Month { return Month(d.String()[:7]) }

// ParseMonth reads "YYYY-MM".
func ParseMonth(s string) (Month, error) {
	d, err := model.ParseDate(s + "-01")
	if err != nil || len(s) != 7 {
		return "", fmt.Errorf("%q er ikke en måned på formen ÅÅÅÅ-MM", s)
	}
	return MonthOf(d), nil
}

// First is the month's first day.
func (m Month) First() model.Date {
	d, _ := model.ParseDate(string(m) + "-01")
	return d
}

// Last is the month's last day.
func (m Month) Last() model.Date { return m.Next().First() - 1 }

// Next is the following month.
func (m Month) Next() Month { return MonthOf(m.First().AddMonths(1)) }

var monthNames = [...]string{"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"}

// Label is the month in Danish, e.g. "marts 2027".
func (m Month) Label() string {
	n, _ := strconv.Atoi(string(m[5:7]))
	if n < 1 || n > 12 {
		return string(m)
	}
	return monthNames[n-1] + " " + string(m[:4])
}

// Months lists the months from a to b, both included (none if b is before a).
func Months(a, b Month) []Month {
	var out []Month
	for m := a; m <= b; m = m.Next() {
		out = append(out, m)
	}
	return out
}

// Snapshot is a plan's state as kept for one month.
type Snapshot struct {
	Month  Month        `json:"month"`
	GoLive model.Date   `json:"golive"`
	Colour model.Colour `json:"colour"`
	Counts model.Counts `json:"counts"`
}

// Trend is the snapshots in month order with current as its month's entry
// (it replaces a kept snapshot of the same month: the report shows today).
func Trend(kept []Snapshot, current Snapshot) []Snapshot {
	out := make([]Snapshot, 0, len(kept)+1)
	for _, s := range kept {
		if s.Month != current.Month {
			out = append(out, s)
		}
	}
	out = append(out, current)
	slices.SortFunc(out, func(a, b Snapshot) int { return strings.Compare(string(a.Month), string(b.Month)) })
	return out
}

// Direction says how a plan went from one snapshot to the next: better
// when it has fewer red tasks (or as many red and fewer yellow), worse the
// other way round, else unchanged.
type Direction string

const (
	Better    Direction = "bedre"
	Worse     Direction = "vaerre"
	Unchanged Direction = "uaendret"
)

// Label is the direction in Danish.
func (d Direction) Label() string {
	switch d {
	case Better:
		return "Bedre"
	case Worse:
		return "Værre"
	}
	return "Uændret"
}

// Compare is the direction from a to b.
func Compare(a, b model.Counts) Direction {
	switch {
	case b.Red < a.Red, b.Red == a.Red && b.Yellow < a.Yellow:
		return Better
	case b.Red > a.Red, b.Red == a.Red && b.Yellow > a.Yellow:
		return Worse
	}
	return Unchanged
}

// Movement is how far a go-live moved from the one first planned, in
// calendar days (positive: later). Held is true when it did not move; a
// plan without a planned go-live on record is held.
func Movement(planned, current model.Date) (held bool, days int) {
	if planned == model.NoDate || planned == current {
		return true, 0
	}
	return false, int(current - planned)
}

// SupplierTask is a task the supplier is responsible for.
type SupplierTask struct {
	End    model.Date
	Status model.Status
	Done   model.Date // the day it was completed, NoDate if not
}

// OnTime counts the supplier's tasks as of a date: those due (end date
// before asof, or completed) are on time when completed by their end date,
// late when completed after it and overdue when not completed; the others
// are upcoming. Tasks not relevant are not counted.
type OnTime struct {
	OnTime   int `json:"on_time"`
	Late     int `json:"late"`
	Overdue  int `json:"overdue"`
	Upcoming int `json:"upcoming"`
	// Percent is on time of those due, 100 when none is due.
	Percent int `json:"percent"`
}

// SupplierOnTime counts ts as of asof.
func SupplierOnTime(ts []SupplierTask, asof model.Date) OnTime {
	var o OnTime
	for _, t := range ts {
		switch {
		case t.Status == model.NotRelevant:
		case t.Status == model.Completed && (t.Done == model.NoDate || t.Done <= t.End):
			o.OnTime++
		case t.Status == model.Completed:
			o.Late++
		case t.End < asof:
			o.Overdue++
		default:
			o.Upcoming++
		}
	}
	o.Percent = 100
	if due := o.OnTime + o.Late + o.Overdue; due > 0 {
		o.Percent = o.OnTime * 100 / due
	}
	return o
}

// MonthCount is the number of open tasks at the end of a month.
type MonthCount struct {
	Month Month `json:"month"`
	Open  int   `json:"open"`
}

// OpenByMonth counts, for every month from a to b, the tasks open at its
// last day: begun by then (start date) and not completed by then. A task
// not completed yet counts as completed on its end date if that is not
// before asof (the plan is kept), and as open for good if it is overdue.
// Tasks not relevant are never open.
func OpenByMonth(tasks []Task, a, b Month, asof model.Date) []MonthCount {
	months := Months(a, b)
	out := make([]MonthCount, len(months))
	for i, m := range months {
		out[i].Month = m
	}
	for _, t := range tasks {
		if t.Status == model.NotRelevant {
			continue
		}
		done := t.Done
		if t.Status != model.Completed {
			done = model.NoDate
			if t.End >= asof {
				done = t.End
			}
		} else if done == model.NoDate {
			done = t.End
		}
		for i, m := range months {
			last := m.Last()
			if t.Start <= last && (done == model.NoDate || done > last) {
				out[i].Open++
			}
		}
	}
	return out
}

// GoLive is one programme's go-live for one municipality.
type GoLive struct {
	Code          string     `json:"code"`
	Name          string     `json:"name"`
	Programme     string     `json:"programme"`
	ProgrammeName string     `json:"programme_name"`
	Date          model.Date `json:"golive"`
}

// Close is two go-lives of one municipality in different programmes within
// the distance asked for.
type Close struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	First GoLive `json:"first"`
	Then  GoLive `json:"then"`
	Days  int    `json:"days"` // calendar days between them
}

// MaxDistance is the largest distance CloseGoLives accepts, in days.
const MaxDistance = 365

// ParseDistance reads a distance in days, 0–MaxDistance; an empty string is def.
func ParseDistance(s string, def int) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > MaxDistance {
		return 0, fmt.Errorf("%q er ikke et antal dage fra 0 til %d", s, MaxDistance)
	}
	return n, nil
}

// CloseGoLives finds, per municipality, each pair of go-lives in
// different programmes at most days apart, nearest first, then by
// municipality code and date.
func CloseGoLives(gs []GoLive, days int) []Close {
	by := map[string][]GoLive{}
	var codes []string
	for _, g := range gs {
		if _, ok := by[g.Code]; !ok {
			codes = append(codes, g.Code)
		}
		by[g.Code] = append(by[g.Code], g)
	}
	out := []Close{}
	for _, c := range codes {
		xs := by[c]
		slices.SortFunc(xs, func(a, b GoLive) int {
			if a.Date != b.Date {
				return int(a.Date - b.Date)
			}
			return strings.Compare(a.Programme, b.Programme)
		})
		for i := range xs {
			for j := i + 1; j < len(xs); j++ {
				d := int(xs[j].Date - xs[i].Date)
				if d > days {
					break
				}
				if xs[i].Programme != xs[j].Programme {
					out = append(out, Close{Code: c, Name: xs[i].Name, First: xs[i], Then: xs[j], Days: d})
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Close) int {
		if a.Days != b.Days {
			return a.Days - b.Days
		}
		if len(a.Code) != len(b.Code) {
			return len(a.Code) - len(b.Code)
		}
		if a.Code != b.Code {
			return strings.Compare(a.Code, b.Code)
		}
		return int(a.First.Date - b.First.Date)
	})
	return out
}

// Package benefit holds the rules of the benefit register
// (gevinstrealisering, seed 003 §5.4 and §11.2): the fields of a benefit
// and its place in the benefit tree (vision → goals → changes →
// benefits), the dates the model allows for the baseline, the target and
// the post-measurements relative to go-live, and the status computed from
// the latest measurement. It is pure: callers bring benefits and dates.
//
// The model's time line: SMART goals and the baseline between about 4–6
// and 1 month before go-live; post-measurements from 6 months after
// go-live, repeated as needed, the last no later than 12 months after
// go-live. udrul accepts a baseline from 6 months to 1 month before
// go-live, and post-measurements from 6 to 12 months after; the centre's
// coordinators may extend the last date for a municipality.
package benefit

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/dknum"
	"github.com/udrul/udrul/internal/model"
)

// Type is the kind of benefit (gevinsttype).
type Type string

const (
	Economic  Type = "oekonomisk_raaderum" // økonomisk råderum
	Quality   Type = "kvalitet"
	Service   Type = "service"
	WellBeing Type = "trivsel"
)

// Types lists the types in the model's order.
var Types = []Type{Economic, Quality, Service, WellBeing}

// Direction says which way the indicator should move.
type Direction string

const (
	HigherIsBetter Direction = "hoejere"
	LowerIsBetter  Direction = "lavere"
)

// Directions lists the directions.
var Directions = []Direction{HigherIsBetter, LowerIsBetter}

// Status is where a benefit stands, computed from its latest measurement.
type Status string

const (
	NotMeasured Status = "ikke_maalt"   // no post-measurement yet
	OnTrack     Status = "paa_sporet"   // moving towards the target at least as fast as planned
	AtRisk      Status = "i_fare"       // behind the planned course, or moving the wrong way
	Achieved    Status = "opnaaet"      // the target is reached
	NotAchieved Status = "ikke_opnaaet" // the target date has passed without reaching it
)

// Statuses lists the statuses in the order the pages show them.
var Statuses = []Status{OnTrack, AtRisk, Achieved, NotAchieved, NotMeasured}

var (
	types      = map[Type]string{Economic: "Økonomisk råderum", Quality: "Kvalitet", Service: "Service", WellBeing: "Trivsel"}
	directions = map[Direction]string{HigherIsBetter: "Højere er bedre", LowerIsBetter: "Lavere er bedre"}
	statuses   = map[Status]string{NotMeasured: "Ikke målt endnu", OnTrack: "På sporet", AtRisk: "I fare",
		Achieved: "Opnået", NotAchieved: "Ikke opnået"}
)

// Label is the type's Danish name ("" if unknown).
func (t Type) Label() string { return types[t] }

// Label is the direction's Danish name.
func (d Direction) Label() string { return directions[d] }

// Label is the status's Danish name.
func (s Status) Label() string { return statuses[s] }

// Measurement is a post-measurement (eftermåling) of a benefit's indicator.
type Measurement struct {
	Value   float64    `json:"value"`
	Date    model.Date `json:"date"`
	Comment string     `json:"comment"`
}

// Benefit is one benefit of a municipality's register with its place in
// the benefit tree: the goal it serves and the change that brings it.
type Benefit struct {
	ID          string    `json:"id"` // e.g. G-7; given by the register
	Title       string    `json:"title"`
	Type        Type      `json:"type"`
	Goal        string    `json:"goal"`        // the goal (mål) under the vision
	Change      string    `json:"change"`      // the change (forandring) that brings the benefit
	Owner       string    `json:"owner"`       // gevinstejer
	Accountable string    `json:"accountable"` // gevinstansvarlig
	Smart       string    `json:"smart"`       // the SMART goal text
	Indicator   string    `json:"indicator"`
	Unit        string    `json:"unit"`
	Direction   Direction `json:"direction"`
	// Baseline is the value before go-live, measured on BaselineDate.
	BaselineValue float64    `json:"baseline_value"`
	BaselineDate  model.Date `json:"baseline_date"`
	// Target is the value to reach by TargetDate.
	TargetValue float64    `json:"target_value"`
	TargetDate  model.Date `json:"target_date"`
}

// FieldError names the field that is wrong, in Danish.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Message }

// Limits on the texts.
const (
	MaxText  = 4000
	MaxShort = 200
)

// Window is the dates the model allows for a municipality with a go-live.
type Window struct {
	GoLive        model.Date
	BaselineFrom  model.Date // 6 months before go-live
	BaselineUntil model.Date // 1 month before go-live
	MeasureFrom   model.Date // 6 months after go-live
	// MeasureUntil is the last date of a post-measurement: 12 months
	// after go-live, or the coordinator's extension if later.
	MeasureUntil model.Date
	// Extended is whether MeasureUntil is an extension.
	Extended bool
}

// The model's offsets from go-live, in months.
const (
	BaselineFromMonths  = -6
	BaselineUntilMonths = -1
	MeasureFromMonths   = 6
	MeasureUntilMonths  = 12
)

// WindowOf computes the dates for go-live; extendedUntil is the
// coordinator's extension of the last post-measurement date (NoDate if
// none; an extension earlier than 12 months after go-live does not
// shorten the window).
func WindowOf(goLive, extendedUntil model.Date) Window {
	w := Window{GoLive: goLive, BaselineFrom: goLive.AddMonths(BaselineFromMonths), BaselineUntil: goLive.AddMonths(BaselineUntilMonths),
		MeasureFrom: goLive.AddMonths(MeasureFromMonths), MeasureUntil: goLive.AddMonths(MeasureUntilMonths)}
	if extendedUntil != model.NoDate && extendedUntil > w.MeasureUntil {
		w.MeasureUntil, w.Extended = extendedUntil, true
	}
	return w
}

// CheckExtension checks a coordinator's extension of the last
// post-measurement date: it must lie after 12 months from go-live.
func CheckExtension(goLive, until model.Date) error {
	if until == model.NoDate {
		return &FieldError{"until", "datoen for den forlængede frist mangler"}
	}
	if base := goLive.AddMonths(MeasureUntilMonths); until <= base {
		return &FieldError{"until", fmt.Sprintf("en forlængelse skal ligge efter %s (12 måneder efter go-live)", base.Danish())}
	}
	return nil
}

// CheckBaselineDate checks that a baseline date lies in the window.
func (w Window) CheckBaselineDate(d model.Date) error {
	switch {
	case d == model.NoDate:
		return &FieldError{"baseline_date", "datoen for baselinemålingen mangler"}
	case d < w.BaselineFrom || d > w.BaselineUntil:
		return &FieldError{"baseline_date", fmt.Sprintf("baselinemålingen den %s ligger uden for modellens periode: fra %s til %s (6 til 1 måned før go-live den %s)",
			d.Danish(), w.BaselineFrom.Danish(), w.BaselineUntil.Danish(), w.GoLive.Danish())}
	}
	return nil
}

// CheckTargetDate checks that a target date lies after go-live and no
// later than the last post-measurement date, so that it can be measured.
func (w Window) CheckTargetDate(d model.Date) error {
	switch {
	case d == model.NoDate:
		return &FieldError{"target_date", "datoen for målet mangler"}
	case d <= w.GoLive:
		return &FieldError{"target_date", fmt.Sprintf("måldatoen %s skal ligge efter go-live den %s", d.Danish(), w.GoLive.Danish())}
	case d > w.MeasureUntil:
		return &FieldError{"target_date", fmt.Sprintf("måldatoen %s ligger efter den sidste dato for eftermålinger, %s", d.Danish(), w.MeasureUntil.Danish())}
	}
	return nil
}

// CheckMeasurementDate checks a post-measurement's date: from 6 months
// after go-live to the last date (12 months after, or the extension), and
// not after today.
func (w Window) CheckMeasurementDate(d, today model.Date) error {
	switch {
	case d == model.NoDate:
		return &FieldError{"date", "datoen for eftermålingen mangler"}
	case d < w.MeasureFrom:
		return &FieldError{"date", fmt.Sprintf("eftermålingen den %s er for tidlig: eftermålinger begynder 6 måneder efter go-live, den %s",
			d.Danish(), w.MeasureFrom.Danish())}
	case d > w.MeasureUntil:
		msg := fmt.Sprintf("eftermålingen den %s er for sen: den sidste eftermåling skal ligge senest den %s", d.Danish(), w.MeasureUntil.Danish())
		if w.Extended {
			msg += " (den forlængede frist)"
		} else {
			msg += " (12 måneder efter go-live); KOMBIT's koordinator kan forlænge fristen"
		}
		return &FieldError{"date", msg}
	case d > today:
		return &FieldError{"date", fmt.Sprintf("eftermålingen den %s ligger i fremtiden", d.Danish())}
	}
	return nil
}

// Validate checks a benefit's own fields and its dates against w, naming
// the first field that is wrong.
func (b Benefit) Validate(w Window) error {
	text := func(field, label, v string, required bool, max int) error {
		v = strings.TrimSpace(v)
		if required && v == "" {
			return &FieldError{field, label + " mangler"}
		}
		if utf8.RuneCountInString(v) > max {
			return &FieldError{field, fmt.Sprintf("%s er for lang (højst %d tegn)", label, max)}
		}
		return nil
	}
	if err := text("title", "Gevinstens navn", b.Title, true, MaxShort); err != nil {
		return err
	}
	if _, ok := types[b.Type]; !ok {
		return &FieldError{"type", fmt.Sprintf("ukendt gevinsttype %q: brug oekonomisk_raaderum, kvalitet, service eller trivsel", b.Type)}
	}
	for _, f := range []struct {
		field, label, v string
		required        bool
		max             int
	}{
		{"goal", "Målet", b.Goal, true, MaxShort}, {"change", "Forandringen", b.Change, true, MaxShort},
		{"owner", "Gevinstejeren", b.Owner, true, MaxShort}, {"accountable", "Den gevinstansvarlige", b.Accountable, true, MaxShort},
		{"smart", "Det SMARTe mål", b.Smart, true, MaxText}, {"indicator", "Indikatoren", b.Indicator, true, MaxShort},
		{"unit", "Enheden", b.Unit, true, 50},
	} {
		if err := text(f.field, f.label, f.v, f.required, f.max); err != nil {
			return err
		}
	}
	if _, ok := directions[b.Direction]; !ok {
		return &FieldError{"direction", fmt.Sprintf("ukendt retning %q: brug hoejere eller lavere", b.Direction)}
	}
	for _, n := range []struct {
		field string
		v     float64
	}{{"baseline_value", b.BaselineValue}, {"target_value", b.TargetValue}} {
		if math.IsNaN(n.v) || math.IsInf(n.v, 0) {
			return &FieldError{n.field, "værdien skal være et tal"}
		}
	}
	if err := w.CheckBaselineDate(b.BaselineDate); err != nil {
		return err
	}
	switch {
	case b.Direction == HigherIsBetter && b.TargetValue <= b.BaselineValue:
		return &FieldError{"target_value", fmt.Sprintf("målet skal være højere end baseline (%s), når højere er bedre", Number(b.BaselineValue))}
	case b.Direction == LowerIsBetter && b.TargetValue >= b.BaselineValue:
		return &FieldError{"target_value", fmt.Sprintf("målet skal være lavere end baseline (%s), når lavere er bedre", Number(b.BaselineValue))}
	}
	return w.CheckTargetDate(b.TargetDate)
}

// ValidateMeasurement checks a post-measurement against the window.
func ValidateMeasurement(m Measurement, w Window, today model.Date) error {
	if math.IsNaN(m.Value) || math.IsInf(m.Value, 0) {
		return &FieldError{"value", "værdien skal være et tal"}
	}
	if err := w.CheckMeasurementDate(m.Date, today); err != nil {
		return err
	}
	if utf8.RuneCountInString(strings.TrimSpace(m.Comment)) > MaxText {
		return &FieldError{"comment", fmt.Sprintf("kommentaren er for lang (højst %d tegn)", MaxText)}
	}
	return nil
}

// Latest is the measurement with the latest date (the last given among
// equal dates); ok is false if there is none.
func Latest(ms []Measurement) (Measurement, bool) {
	var out Measurement
	found := false
	for _, m := range ms {
		if !found || m.Date >= out.Date {
			out, found = m, true
		}
	}
	return out, found
}

// Progress is how far value has come from baseline towards the target:
// 0 at baseline, 1 at the target, negative when it moved the wrong way.
// The sign of target − baseline carries the direction.
func (b Benefit) Progress(value float64) float64 {
	span := b.TargetValue - b.BaselineValue
	if span == 0 {
		return 0
	}
	return (value - b.BaselineValue) / span
}

// Expected is the share of the way from baseline to target planned by
// date d: linear from the baseline date (0) to the target date (1).
func (b Benefit) Expected(d model.Date) float64 {
	days := int(b.TargetDate - b.BaselineDate)
	if days <= 0 {
		return 1
	}
	x := float64(d-b.BaselineDate) / float64(days)
	return math.Max(0, math.Min(1, x))
}

// Reached reports whether value reaches the target in the benefit's direction.
func (b Benefit) Reached(value float64) bool {
	if b.Direction == LowerIsBetter {
		return value <= b.TargetValue
	}
	return value >= b.TargetValue
}

// StatusOf computes the status from the latest measurement: achieved when
// it reaches the target; not achieved when it does not and was taken on or
// after the target date; on track when it has come at least as far as the
// straight line from baseline to target plans for its date (and has not
// moved the wrong way); otherwise at risk.
func StatusOf(b Benefit, ms []Measurement) Status {
	m, ok := Latest(ms)
	switch {
	case !ok:
		return NotMeasured
	case b.Reached(m.Value):
		return Achieved
	case m.Date >= b.TargetDate:
		return NotAchieved
	}
	p := b.Progress(m.Value)
	if p >= 0 && p >= b.Expected(m.Date) {
		return OnTrack
	}
	return AtRisk
}

// ParseNumber reads a number as a Danish user writes it: a decimal comma
// or point, thousands separated by dots only together with a comma
// ("1.250,5"), spaces ignored. The field is named in the error.
func ParseNumber(field, s string) (float64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if s == "" {
		return 0, &FieldError{field, "værdien mangler"}
	}
	if strings.Contains(s, ",") {
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, &FieldError{field, "værdien skal være et tal, fx 12 eller 12,5"}
	}
	return x, nil
}

// Number formats a value the Danish way, with up to two decimals.
func Number(x float64) string {
	s := dknum.Decimal(x, 2)
	if strings.Contains(s, ",") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ",")
	}
	return s
}

// Tree is the benefit tree of a register: the vision, its goals, each
// goal's changes, each change's benefits (by index into the list given).
type Tree struct {
	Vision string `json:"vision"`
	Goals  []Goal `json:"goals"`
}

// Goal is a goal of the tree with the changes under it.
type Goal struct {
	Title   string   `json:"title"`
	Changes []Change `json:"changes"`
}

// Change is a change of the tree with the benefits it brings.
type Change struct {
	Title    string `json:"title"`
	Benefits []int  `json:"benefits"`
}

// TreeOf groups benefits under their goals and changes, in the order each
// goal and change first appears; names are matched ignoring case and
// surrounding spaces.
func TreeOf(vision string, bs []Benefit) Tree {
	t := Tree{Vision: vision, Goals: []Goal{}}
	key := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	goals := map[string]int{}
	for i, b := range bs {
		gi, ok := goals[key(b.Goal)]
		if !ok {
			gi = len(t.Goals)
			goals[key(b.Goal)] = gi
			t.Goals = append(t.Goals, Goal{Title: strings.TrimSpace(b.Goal), Changes: []Change{}})
		}
		g := &t.Goals[gi]
		ci := -1
		for j, c := range g.Changes {
			if key(c.Title) == key(b.Change) {
				ci = j
			}
		}
		if ci < 0 {
			ci = len(g.Changes)
			g.Changes = append(g.Changes, Change{Title: strings.TrimSpace(b.Change), Benefits: []int{}})
		}
		g.Changes[ci].Benefits = append(g.Changes[ci].Benefits, i)
	}
	return t
}

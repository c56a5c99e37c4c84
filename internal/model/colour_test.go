package model_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
)

func d(s string) model.Date {
	v, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// A Tuesday with the default window of three working days reaching Friday.
var (
	asof = d("2026-11-24")
	warn = d("2026-11-27")
)

// Named end dates relative to asof and warn.
var ends = []struct {
	name string
	end  model.Date
}{
	{"long past", asof.AddDays(-100)},
	{"yesterday", asof - 1},
	{"today", asof},
	{"inside window", asof + 1},
	{"last day of window", warn},
	{"day after window", warn + 1},
	{"far future", asof.AddDays(300)},
}

func TestTaskColourOptionalNeverColoured(t *testing.T) {
	for _, s := range append(model.Statuses, "", "ukendt") {
		for _, e := range ends {
			if got := model.TaskColour(model.Optional, s, e.end, asof, warn); got != model.None {
				t.Errorf("valgfri, %q, end %s: got %s, want none", s, e.name, got)
			}
		}
	}
}

func TestTaskColourUnknownTypeNotColoured(t *testing.T) {
	for _, typ := range []model.TaskType{"", "Obligatorisk", "kritisk vej"} {
		if got := model.TaskColour(typ, model.NotStarted, asof-1, asof, warn); got != model.None {
			t.Errorf("type %q overdue: got %s, want none", typ, got)
		}
	}
}

// TestTaskColourMandatory is the full table for both mandatory types: every
// status against every end date.
func TestTaskColourMandatory(t *testing.T) {
	// want[status] lists the colour for each entry of ends, in order.
	const (
		N = model.None
		G = model.Green
		Y = model.Yellow
		R = model.Red
	)
	want := map[model.Status][]model.Colour{
		//                        long past, yesterday, today, inside, last, after, future
		model.NotStarted:  {R, R, Y, Y, Y, N, N},
		model.NotRelevant: {R, R, Y, Y, Y, N, N}, // counts as not started on a mandatory task
		model.Started:     {R, R, N, N, N, N, N}, // started: no warning, but red once overdue
		model.Completed:   {G, G, G, G, G, G, G},
	}
	for _, typ := range []model.TaskType{model.Mandatory, model.Critical} {
		for _, s := range model.Statuses {
			for i, e := range ends {
				t.Run(fmt.Sprintf("%s/%s/%s", typ, s, e.name), func(t *testing.T) {
					if got := model.TaskColour(typ, s, e.end, asof, warn); got != want[s][i] {
						t.Errorf("TaskColour(%s, %s, end %s, asof %s, warn %s) = %s, want %s", typ, s, e.end, asof, warn, got, want[s][i])
					}
				})
			}
		}
	}
}

func TestTaskColourEdges(t *testing.T) {
	tests := []struct {
		name            string
		typ             model.TaskType
		status          model.Status
		end, asof, warn model.Date
		want            model.Colour
	}{
		{"exactly at warnUntil", model.Critical, model.NotStarted, warn, asof, warn, model.Yellow},
		{"one day after warnUntil", model.Critical, model.NotStarted, warn + 1, asof, warn, model.None},
		{"end one day before asof", model.Mandatory, model.NotStarted, asof - 1, asof, warn, model.Red},
		{"end at asof", model.Mandatory, model.NotStarted, asof, asof, warn, model.Yellow},
		{"window 0: due today is yellow", model.Mandatory, model.NotStarted, asof, asof, asof, model.Yellow},
		{"window 0: due tomorrow has no colour", model.Mandatory, model.NotStarted, asof + 1, asof, asof, model.None},
		{"window 0: overdue is red", model.Mandatory, model.NotStarted, asof - 1, asof, asof, model.Red},
		{"window 0: ikke_relevant due today", model.Critical, model.NotRelevant, asof, asof, asof, model.Yellow},
		{"started inside window: no colour", model.Critical, model.Started, asof + 1, asof, warn, model.None},
		{"started past end: red", model.Critical, model.Started, asof - 1, asof, warn, model.Red},
		{"ikke_relevant on mandatory past end: red", model.Mandatory, model.NotRelevant, asof - 30, asof, warn, model.Red},
		{"completed long after end: still green", model.Mandatory, model.Completed, asof - 365, asof, warn, model.Green},
		{"completed optional: none", model.Optional, model.Completed, asof, asof, warn, model.None},
		{"optional overdue and not started: none", model.Optional, model.NotStarted, asof - 1, asof, warn, model.None},
		{"optional ikke_relevant in window: none", model.Optional, model.NotRelevant, asof, asof, warn, model.None},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := model.TaskColour(tt.typ, tt.status, tt.end, tt.asof, tt.warn); got != tt.want {
				t.Errorf("TaskColour(%s, %s, end %s, asof %s, warn %s) = %s, want %s", tt.typ, tt.status, tt.end, tt.asof, tt.warn, got, tt.want)
			}
		})
	}
}

// TestTaskColourDanishCalendar uses the real warning window of the Danish
// working-day calendar.
func TestTaskColourDanishCalendar(t *testing.T) {
	cal := calendar.Danish()
	tests := []struct {
		name     string
		asof     string
		days     int
		warnWant string // the expected WarnUntil
		end      string
		status   model.Status
		want     model.Colour
	}{
		// Thursday 26 Nov 2026, 3 working days: Fri 27, Mon 30, Tue 1 Dec.
		{"Thursday over a weekend: Tuesday is in", "2026-11-26", 3, "2026-12-01", "2026-12-01", model.NotStarted, model.Yellow},
		{"Thursday over a weekend: Sunday is in", "2026-11-26", 3, "2026-12-01", "2026-11-29", model.NotStarted, model.Yellow},
		{"Thursday over a weekend: Wednesday is out", "2026-11-26", 3, "2026-12-01", "2026-12-02", model.NotStarted, model.None},
		{"Thursday over a weekend: started Tuesday", "2026-11-26", 3, "2026-12-01", "2026-12-01", model.Started, model.None},
		{"Thursday over a weekend: due Wednesday before", "2026-11-26", 3, "2026-12-01", "2026-11-25", model.Started, model.Red},
		// Wednesday 24 Mar 2027, the day before Easter: skærtorsdag 25, langfredag 26,
		// weekend, 2. påskedag 29; the three working days are 30, 31 Mar and 1 Apr.
		{"Easter 2027: 2. påskedag is in", "2027-03-24", 3, "2027-04-01", "2027-03-29", model.NotStarted, model.Yellow},
		{"Easter 2027: Thursday 1 April is in", "2027-03-24", 3, "2027-04-01", "2027-04-01", model.NotRelevant, model.Yellow},
		{"Easter 2027: Friday 2 April is out", "2027-03-24", 3, "2027-04-01", "2027-04-02", model.NotStarted, model.None},
		{"Easter 2027: one working day reaches Tuesday", "2027-03-24", 1, "2027-03-30", "2027-03-30", model.NotStarted, model.Yellow},
		{"Easter 2027: one working day, Wednesday out", "2027-03-24", 1, "2027-03-30", "2027-03-31", model.NotStarted, model.None},
		// Store bededag (4th Friday after Easter) was a holiday until 2023.
		{"store bededag 2023 still a holiday: Monday is in", "2023-05-04", 1, "2023-05-08", "2023-05-08", model.NotStarted, model.Yellow},
		{"store bededag 2024 abolished: Friday is the day", "2024-04-25", 1, "2024-04-26", "2024-04-26", model.NotStarted, model.Yellow},
		{"store bededag 2024 abolished: Monday is out", "2024-04-25", 1, "2024-04-26", "2024-04-29", model.NotStarted, model.None},
		{"store bededag 2027 abolished", "2027-04-22", 1, "2027-04-23", "2027-04-26", model.NotStarted, model.None},
		// Window 0 is asof itself, even on a day off.
		{"window 0", "2026-11-24", 0, "2026-11-24", "2026-11-25", model.NotStarted, model.None},
		{"window 0, due today", "2026-11-24", 0, "2026-11-24", "2026-11-24", model.NotStarted, model.Yellow},
		{"window 0 on a Saturday", "2026-11-28", 0, "2026-11-28", "2026-11-30", model.NotStarted, model.None},
		// The default window from a Friday.
		{"default window from Friday", "2026-11-27", model.DefaultWarningDays, "2026-12-02", "2026-12-02", model.NotStarted, model.Yellow},
		// Christmas 2026: 25 Dec is Friday, 26 Dec (2. juledag) Saturday; 24 Dec is a working day.
		{"Christmas 2026", "2026-12-23", 3, "2026-12-29", "2026-12-29", model.NotStarted, model.Yellow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := d(tt.asof)
			w := cal.WarnUntil(a, tt.days)
			if w != d(tt.warnWant) {
				t.Fatalf("WarnUntil(%s, %d) = %s, want %s", tt.asof, tt.days, w, tt.warnWant)
			}
			for _, typ := range []model.TaskType{model.Mandatory, model.Critical} {
				if got := model.TaskColour(typ, tt.status, d(tt.end), a, w); got != tt.want {
					t.Errorf("%s %s end %s asof %s: got %s, want %s", typ, tt.status, tt.end, tt.asof, got, tt.want)
				}
			}
			if got := model.TaskColour(model.Optional, tt.status, d(tt.end), a, w); got != model.None {
				t.Errorf("valgfri: got %s, want none", got)
			}
		})
	}
}

func TestWorst(t *testing.T) {
	N, G, Y, R := model.None, model.Green, model.Yellow, model.Red
	tests := []struct{ a, b, want model.Colour }{
		{N, N, N}, {N, G, G}, {N, Y, Y}, {N, R, R},
		{G, N, G}, {G, G, G}, {G, Y, Y}, {G, R, R},
		{Y, N, Y}, {Y, G, Y}, {Y, Y, Y}, {Y, R, R},
		{R, N, R}, {R, G, R}, {R, Y, R}, {R, R, R},
		{"", G, G}, {G, "", G}, {"", "", ""},
	}
	for _, tt := range tests {
		if got := model.Worst(tt.a, tt.b); got != tt.want {
			t.Errorf("Worst(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
	// Folding a municipality's tasks: None is neutral.
	fold := func(cs ...model.Colour) model.Colour {
		acc := model.None
		for _, c := range cs {
			acc = model.Worst(acc, c)
		}
		return acc
	}
	folds := []struct {
		in   []model.Colour
		want model.Colour
	}{
		{nil, N},
		{[]model.Colour{N, N}, N},
		{[]model.Colour{G, N, G}, G},
		{[]model.Colour{G, Y, G, N}, Y},
		{[]model.Colour{Y, G, R, Y}, R},
		{[]model.Colour{R, N}, R},
	}
	for _, f := range folds {
		if got := fold(f.in...); got != f.want {
			t.Errorf("fold %v = %s, want %s", f.in, got, f.want)
		}
	}
}

func TestColourOrderAndLabel(t *testing.T) {
	if len(model.Colours) != 4 || model.Colours[0] != model.None || model.Colours[3] != model.Red {
		t.Errorf("Colours = %v", model.Colours)
	}
	// Each colour in Colours is worse than every one before it.
	for i, a := range model.Colours {
		for _, b := range model.Colours[:i] {
			if model.Worst(a, b) != a || model.Worst(b, a) != a {
				t.Errorf("%s should beat %s", a, b)
			}
		}
	}
	labels := map[model.Colour]string{model.None: "Ingen", model.Green: "Grøn", model.Yellow: "Gul", model.Red: "Rød", "lilla": "Ingen"}
	for c, want := range labels {
		if got := c.Label(); got != want {
			t.Errorf("%q.Label() = %q, want %q", c, got, want)
		}
	}
}

func TestCountsAdd(t *testing.T) {
	var c model.Counts
	c.Add(model.Green, 2)
	c.Add(model.Yellow, 1)
	c.Add(model.Red, 3)
	c.Add(model.None, 4)
	c.Add("", 1)      // unknown counts as none
	c.Add("lilla", 1) // unknown counts as none
	c.Add(model.Red, 0)
	want := model.Counts{Green: 2, Yellow: 1, Red: 3, None: 6}
	if c != want {
		t.Errorf("after Add: %+v, want %+v", c, want)
	}
	if c.Total() != 12 {
		t.Errorf("Total = %d, want 12", c.Total())
	}
}

func TestCountsMerge(t *testing.T) {
	a := model.Counts{Green: 1, Yellow: 2, Red: 3, None: 4}
	b := model.Counts{Green: 10, Yellow: 20, Red: 30, None: 40}
	a.Merge(b)
	if want := (model.Counts{Green: 11, Yellow: 22, Red: 33, None: 44}); a != want {
		t.Errorf("Merge: %+v, want %+v", a, want)
	}
	if b != (model.Counts{Green: 10, Yellow: 20, Red: 30, None: 40}) {
		t.Errorf("Merge changed its argument: %+v", b)
	}
	if a.Total() != 110 {
		t.Errorf("Total = %d, want 110", a.Total())
	}
	var z model.Counts
	z.Merge(model.Counts{})
	if z.Total() != 0 || z.Colour() != model.None {
		t.Errorf("empty merge: %+v", z)
	}
}

func TestCountsColour(t *testing.T) {
	tests := []struct {
		name string
		c    model.Counts
		want model.Colour
	}{
		{"nothing", model.Counts{}, model.None},
		{"only none", model.Counts{None: 7}, model.None},
		{"green and none", model.Counts{Green: 1, None: 9}, model.Green},
		{"yellow beats green", model.Counts{Green: 50, Yellow: 1}, model.Yellow},
		{"red beats yellow", model.Counts{Green: 50, Yellow: 5, Red: 1}, model.Red},
		{"red alone", model.Counts{Red: 1}, model.Red},
		{"red and none", model.Counts{Red: 1, None: 100}, model.Red},
		{"yellow alone", model.Counts{Yellow: 1}, model.Yellow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.Colour(); got != tt.want {
				t.Errorf("%+v.Colour() = %s, want %s", tt.c, got, tt.want)
			}
		})
	}
}

// TestCountsRollUp counts the colours of a municipality's tasks and checks
// that the roll-up agrees with folding Worst over the same tasks.
func TestCountsRollUp(t *testing.T) {
	type tk struct {
		typ    model.TaskType
		status model.Status
		end    model.Date
	}
	sets := map[string][]tk{
		"only optional": {{model.Optional, model.NotStarted, asof - 10}, {model.Optional, model.Started, asof}},
		"all done":      {{model.Mandatory, model.Completed, asof - 10}, {model.Optional, model.NotStarted, asof - 10}},
		"one due soon":  {{model.Mandatory, model.Completed, asof - 10}, {model.Critical, model.NotStarted, warn}, {model.Mandatory, model.Started, warn}},
		"one overdue":   {{model.Mandatory, model.Completed, asof - 10}, {model.Critical, model.NotStarted, warn}, {model.Mandatory, model.Started, asof - 1}},
		"nothing soon":  {{model.Mandatory, model.NotStarted, warn + 1}},
	}
	wantColour := map[string]model.Colour{
		"only optional": model.None, "all done": model.Green, "one due soon": model.Yellow,
		"one overdue": model.Red, "nothing soon": model.None,
	}
	for name, ts := range sets {
		var c model.Counts
		fold := model.None
		for _, x := range ts {
			col := model.TaskColour(x.typ, x.status, x.end, asof, warn)
			c.Add(col, 1)
			fold = model.Worst(fold, col)
		}
		if c.Total() != len(ts) {
			t.Errorf("%s: Total %d, want %d", name, c.Total(), len(ts))
		}
		if c.Colour() != fold || fold != wantColour[name] {
			t.Errorf("%s: Counts.Colour %s, fold %s, want %s", name, c.Colour(), fold, wantColour[name])
		}
	}
}

func TestCountsJSON(t *testing.T) {
	b, err := json.Marshal(model.Counts{Green: 1, Yellow: 2, Red: 3, None: 4})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"green":1,"yellow":2,"red":3,"none":4}`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
}

func TestPlanTaskColourBeforeEnrolment(t *testing.T) {
	enrolled := d("2027-03-10")
	asof, warn := d("2027-03-15"), d("2027-03-22")
	tests := []struct {
		name   string
		typ    model.TaskType
		status model.Status
		end    model.Date
		want   model.Colour
	}{
		{"ended the day before enrolment: no colour", model.Critical, model.NotStarted, enrolled - 1, model.None},
		{"ended the day before, started: no colour", model.Mandatory, model.Started, enrolled - 1, model.None},
		{"ended the day before, settled ikke relevant: no colour", model.Mandatory, model.NotRelevant, enrolled - 1, model.None},
		{"ended the day before, settled fuldført: green", model.Mandatory, model.Completed, enrolled - 1, model.Green},
		{"ends on the enrolment date: red as usual", model.Critical, model.NotStarted, enrolled, model.Red},
		{"ends after enrolment, overdue: red", model.Mandatory, model.Started, enrolled + 1, model.Red},
		{"ends in the warning window: yellow", model.Mandatory, model.NotStarted, asof + 1, model.Yellow},
		{"optional before enrolment: none", model.Optional, model.NotStarted, enrolled - 1, model.None},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := model.PlanTaskColour(tt.typ, tt.status, tt.end, enrolled, asof, warn); got != tt.want {
				t.Errorf("PlanTaskColour(%s, %s, end %s) = %s, want %s", tt.typ, tt.status, tt.end, got, tt.want)
			}
		})
	}
	// No enrolment date known: the plain rule.
	if got := model.PlanTaskColour(model.Mandatory, model.NotStarted, enrolled-1, model.NoDate, asof, warn); got != model.Red {
		t.Errorf("without enrolment date = %s, want red", got)
	}
	// Before-enrolment with an as-of date before enrolment: still no colour.
	if got := model.PlanTaskColour(model.Mandatory, model.NotStarted, enrolled-1, enrolled, enrolled-3, enrolled); got != model.None {
		t.Errorf("as of before enrolment = %s, want none", got)
	}
}

func TestUnsettledAndSettlement(t *testing.T) {
	enrolled := d("2027-03-10")
	tests := []struct {
		status model.Status
		end    model.Date
		to     model.Status
		open   bool
		ok     bool
	}{
		{model.NotStarted, enrolled - 1, model.Completed, true, true},
		{model.Started, enrolled - 1, model.NotRelevant, true, true},
		{model.NotStarted, enrolled - 1, model.Started, true, false},
		{model.NotStarted, enrolled, model.Completed, false, false},
		{model.Completed, enrolled - 1, model.NotRelevant, false, false},
		{model.NotRelevant, enrolled - 1, model.Completed, false, false},
	}
	for _, tt := range tests {
		if got := model.Unsettled(tt.status, tt.end, enrolled); got != tt.open {
			t.Errorf("Unsettled(%s, %s) = %v, want %v", tt.status, tt.end, got, tt.open)
		}
		if err := model.CheckSettlement(tt.status, tt.end, enrolled, tt.to); (err == nil) != tt.ok {
			t.Errorf("CheckSettlement(%s, %s, %s) = %v, want ok %v", tt.status, tt.end, tt.to, err, tt.ok)
		}
	}
}

package model_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/model"
)

// --- task types, levels, units, statuses

func TestEnumsValid(t *testing.T) {
	for _, tt := range []struct {
		name  string
		valid bool
		got   bool
	}{
		{"valgfri", true, model.TaskType("valgfri").Valid()},
		{"obligatorisk", true, model.TaskType("obligatorisk").Valid()},
		{"kritisk", true, model.TaskType("kritisk").Valid()},
		{"type empty", false, model.TaskType("").Valid()},
		{"type Valgfri", false, model.TaskType("Valgfri").Valid()},
		{"kommune", true, model.Level("kommune").Valid()},
		{"institution", true, model.Level("institution").Valid()},
		{"level skole", false, model.Level("skole").Valid()},
		{"arbejdsdage", true, model.Unit("arbejdsdage").Valid()},
		{"kalenderdage", true, model.Unit("kalenderdage").Valid()},
		{"unit dage", false, model.Unit("dage").Valid()},
		{"ikke_paabegyndt", true, model.Status("ikke_paabegyndt").Valid()},
		{"paabegyndt", true, model.Status("paabegyndt").Valid()},
		{"fuldfoert", true, model.Status("fuldfoert").Valid()},
		{"ikke_relevant", true, model.Status("ikke_relevant").Valid()},
		{"status fuldført", false, model.Status("fuldført").Valid()},
		{"status empty", false, model.Status("").Valid()},
	} {
		if tt.got != tt.valid {
			t.Errorf("%s: Valid() = %v, want %v", tt.name, tt.got, tt.valid)
		}
	}
	mandatory := map[model.TaskType]bool{model.Optional: false, model.Mandatory: true, model.Critical: true, "": false, "x": false}
	for typ, want := range mandatory {
		if typ.IsMandatory() != want {
			t.Errorf("%q.IsMandatory() = %v", typ, !want)
		}
	}
	labels := map[string]string{
		model.Optional.Label(): "Valgfri", model.Mandatory.Label(): "Obligatorisk", model.Critical.Label(): "Obligatorisk på kritisk vej",
		model.NotStarted.Label(): "Ikke påbegyndt", model.Started.Label(): "Påbegyndt", model.Completed.Label(): "Fuldført",
		model.NotRelevant.Label(): "Ikke relevant", model.TaskType("x").Label(): "x", model.Status("y").Label(): "y",
	}
	for got, want := range labels {
		if got != want {
			t.Errorf("label %q, want %q", got, want)
		}
	}
}

// TestCheckTransition covers every pair of statuses for every type. A "y"
// in the matrix means the move is allowed.
func TestCheckTransition(t *testing.T) {
	order := []model.Status{model.NotStarted, model.Started, model.Completed, model.NotRelevant}
	optional := []string{
		// to: NS  S    C    NR       from:
		"-", "y", "y", "y", // ikke_paabegyndt
		"y", "-", "y", "y", // paabegyndt
		"y", "y", "-", "y", // fuldfoert (reopening is allowed)
		"y", "y", "y", "-", // ikke_relevant
	}
	mandatory := []string{
		"-", "y", "y", "n",
		"y", "-", "y", "n",
		"y", "y", "-", "n",
		"y", "y", "y", "-", // a task made mandatory while ikke_relevant can be taken up
	}
	matrix := map[model.TaskType][]string{model.Optional: optional, model.Mandatory: mandatory, model.Critical: mandatory}
	for typ, m := range matrix {
		for i, from := range order {
			for j, to := range order {
				cell := m[i*4+j]
				t.Run(fmt.Sprintf("%s/%s->%s", typ, from, to), func(t *testing.T) {
					err := model.CheckTransition(typ, from, to)
					switch cell {
					case "y":
						if err != nil {
							t.Errorf("want allowed, got %v", err)
						}
					case "-":
						if err == nil || !strings.Contains(err.Error(), "har allerede status") {
							t.Errorf("same status: want 'har allerede status', got %v", err)
						}
					case "n":
						if err == nil || !strings.Contains(err.Error(), "kun bruges på valgfrie opgaver") {
							t.Errorf("ikke_relevant on %s: want refusal, got %v", typ, err)
						}
					}
				})
			}
		}
	}
}

func TestCheckTransitionUnknownStatus(t *testing.T) {
	for _, typ := range model.TaskTypes {
		for _, from := range append(model.Statuses, "") {
			for _, to := range []model.Status{"", "done", "Fuldført", "fuldført", "ikke relevant"} {
				err := model.CheckTransition(typ, from, to)
				if err == nil || !strings.Contains(err.Error(), "ukendt status") {
					t.Errorf("CheckTransition(%s, %q, %q) = %v, want 'ukendt status'", typ, from, to, err)
				}
			}
		}
	}
	// Unknown is reported before "same status".
	if err := model.CheckTransition(model.Optional, "x", "x"); err == nil || !strings.Contains(err.Error(), "ukendt status") {
		t.Errorf("x->x: %v", err)
	}
	// Mandatory: the message names the type.
	err := model.CheckTransition(model.Critical, model.NotStarted, model.NotRelevant)
	if err == nil || !strings.Contains(err.Error(), "Obligatorisk på kritisk vej") {
		t.Errorf("critical->ikke_relevant: %v", err)
	}
}

// --- dates

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want model.Date
		ok   bool
	}{
		{"1970-01-01", 0, true},
		{"1970-01-02", 1, true},
		{"1969-12-31", -1, true},
		{"2026-11-24", model.NewDate(2026, time.November, 24), true},
		{"2024-02-29", model.NewDate(2024, time.February, 29), true},
		{"2000-02-29", model.NewDate(2000, time.February, 29), true},
		{"2099-12-31", model.NewDate(2099, time.December, 31), true},
		{"1900-03-01", model.NewDate(1900, time.March, 1), true},
		{"2023-02-29", 0, false}, // not a leap year
		{"1900-02-29", 0, false}, // century, not a leap year
		{"2026-04-31", 0, false},
		{"2026-13-01", 0, false},
		{"2026-00-10", 0, false},
		{"2026-1-5", 0, false},
		{"24.11.2026", 0, false},
		{"2026/11/24", 0, false},
		{"2026-11-24T00:00:00Z", 0, false},
		{" 2026-11-24", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, err := model.ParseDate(tt.in)
		if tt.ok != (err == nil) || got != tt.want {
			t.Errorf("ParseDate(%q) = %d, %v; want %d, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "YYYY-MM-DD") {
			t.Errorf("ParseDate(%q) error %q does not say the format", tt.in, err)
		}
		if err == nil && got.String() != tt.in {
			t.Errorf("ParseDate(%q).String() = %q", tt.in, got.String())
		}
	}
}

func TestDateStringRoundTrip(t *testing.T) {
	// Every day from 1960 to 2100 formats and parses back, and agrees with time.
	start := model.NewDate(1960, time.January, 1)
	end := model.NewDate(2100, time.December, 31)
	for x := start; x <= end; x++ {
		s := x.String()
		back, err := model.ParseDate(s)
		if err != nil || back != x {
			t.Fatalf("%d: String %q parses to %d, %v", x, s, back, err)
		}
		tm := time.Unix(int64(x)*86400, 0).UTC()
		if s != tm.Format("2006-01-02") {
			t.Fatalf("%d: String %q, time says %s", x, s, tm.Format("2006-01-02"))
		}
		if x.Weekday() != tm.Weekday() {
			t.Fatalf("%s: Weekday %s, time says %s", s, x.Weekday(), tm.Weekday())
		}
		if x.Year() != tm.Year() {
			t.Fatalf("%s: Year %d", s, x.Year())
		}
		if !x.Time().Equal(tm) || x.Time().Location() != time.UTC {
			t.Fatalf("%s: Time %v", s, x.Time())
		}
	}
}

func TestDateWeekday(t *testing.T) {
	tests := []struct {
		date string
		want time.Weekday
	}{
		{"1970-01-01", time.Thursday},
		{"1969-12-31", time.Wednesday},
		{"1969-12-28", time.Sunday},
		{"1969-12-27", time.Saturday},
		{"1900-01-01", time.Monday},
		{"2000-01-01", time.Saturday},
		{"2026-11-24", time.Tuesday},
		{"2026-11-26", time.Thursday},
		{"2027-03-25", time.Thursday}, // skærtorsdag
		{"2027-03-26", time.Friday},   // langfredag
		{"2027-03-29", time.Monday},   // 2. påskedag
		{"2024-02-29", time.Thursday},
	}
	for _, tt := range tests {
		if got := d(tt.date).Weekday(); got != tt.want {
			t.Errorf("%s.Weekday() = %s, want %s", tt.date, got, tt.want)
		}
	}
}

func TestDateAddDaysAndDanish(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-11-24", 0, "2026-11-24"},
		{"2026-11-24", 7, "2026-12-01"},
		{"2026-12-31", 1, "2027-01-01"},
		{"2024-02-28", 1, "2024-02-29"},
		{"2023-02-28", 1, "2023-03-01"},
		{"2026-03-01", -1, "2026-02-28"},
		{"1970-01-01", -1, "1969-12-31"},
		{"2026-11-24", -365, "2025-11-24"},
	}
	for _, tt := range tests {
		if got := d(tt.from).AddDays(tt.n).String(); got != tt.want {
			t.Errorf("%s.AddDays(%d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
	if got := d("2026-11-24").Danish(); got != "24.11.2026" {
		t.Errorf("Danish() = %q", got)
	}
	if got := d("2027-01-05").Danish(); got != "05.01.2027" {
		t.Errorf("Danish() = %q", got)
	}
}

func TestDateAddMonths(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-11-24", 0, "2026-11-24"},
		{"2026-11-24", 1, "2026-12-24"},
		{"2026-12-15", 1, "2027-01-15"},
		{"2026-01-15", -1, "2025-12-15"},
		{"2026-01-31", 1, "2026-02-28"}, // clamped
		{"2024-01-31", 1, "2024-02-29"}, // clamped, leap year
		{"2026-03-31", -1, "2026-02-28"},
		{"2024-03-31", -1, "2024-02-29"},
		{"2026-05-31", 1, "2026-06-30"},
		{"2026-08-31", -6, "2026-02-28"},
		{"2026-03-31", -13, "2025-02-28"},
		{"2023-01-31", 25, "2025-02-28"},
		{"2026-01-30", 1, "2026-02-28"},
		{"2026-02-28", 1, "2026-03-28"}, // not pushed to month end
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-02-29", 48, "2028-02-29"},
		{"2024-02-29", -12, "2023-02-28"},
		{"2000-02-29", 1200, "2100-02-28"}, // 2100 is not a leap year
		{"1999-12-31", 2, "2000-02-29"},    // 2000 is
		{"2026-10-31", 12, "2027-10-31"},
		{"2026-07-31", -12 * 10, "2016-07-31"},
		{"2027-09-01", -12, "2026-09-01"},
	}
	for _, tt := range tests {
		if got := d(tt.from).AddMonths(tt.n).String(); got != tt.want {
			t.Errorf("%s.AddMonths(%d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestNewDateAndDateOf(t *testing.T) {
	if got := model.NewDate(2026, time.February, 30).String(); got != "2026-03-02" {
		t.Errorf("NewDate normalises Feb 30 to %s, want 2026-03-02", got)
	}
	if got := model.NewDate(2026, time.December, 32).String(); got != "2027-01-01" {
		t.Errorf("NewDate(2026,12,32) = %s", got)
	}
	// DateOf takes the civil date in the time's own location.
	cph := time.FixedZone("CEST", 2*3600)
	if got := model.DateOf(time.Date(2026, 6, 1, 0, 30, 0, 0, cph)).String(); got != "2026-06-01" {
		t.Errorf("DateOf just after midnight in +02:00 = %s, want 2026-06-01", got)
	}
	west := time.FixedZone("W", -5*3600)
	if got := model.DateOf(time.Date(2026, 6, 1, 23, 30, 0, 0, west)).String(); got != "2026-06-01" {
		t.Errorf("DateOf late evening in -05:00 = %s, want 2026-06-01", got)
	}
	if model.NoDate != 0 || model.NoDate.String() != "1970-01-01" {
		t.Errorf("NoDate = %d %s", model.NoDate, model.NoDate)
	}
}

func TestDateJSON(t *testing.T) {
	type rec struct {
		Start model.Date   `json:"start"`
		Ends  []model.Date `json:"ends"`
	}
	in := rec{Start: d("2026-11-24"), Ends: []model.Date{d("1969-12-31"), d("2099-12-31"), d("2024-02-29")}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"start":"2026-11-24","ends":["1969-12-31","2099-12-31","2024-02-29"]}`
	if string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
	var out rec
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.Start != in.Start || len(out.Ends) != 3 || out.Ends[0] != in.Ends[0] || out.Ends[1] != in.Ends[1] || out.Ends[2] != in.Ends[2] {
		t.Errorf("round trip: %+v, want %+v", out, in)
	}
	// As a map key (TextMarshaler).
	m := map[model.Date]int{d("2026-11-24"): 1}
	if b, err := json.Marshal(m); err != nil || string(b) != `{"2026-11-24":1}` {
		t.Errorf("map key: %s %v", b, err)
	}
	for _, bad := range []string{`{"start":"2026-02-30"}`, `{"start":"24.11.2026"}`, `{"start":20261124}`, `{"start":""}`} {
		var r rec
		if err := json.Unmarshal([]byte(bad), &r); err == nil {
			t.Errorf("Unmarshal(%s) accepted: %+v", bad, r)
		}
	}
}

func TestDateValueScan(t *testing.T) {
	v, err := d("2026-11-24").Value()
	if err != nil || v != "2026-11-24" {
		t.Errorf("Value() = %#v, %v", v, err)
	}
	tests := []struct {
		name string
		src  any
		want string
		ok   bool
	}{
		{"string", "2026-11-24", "2026-11-24", true},
		{"bytes", []byte("2024-02-29"), "2024-02-29", true},
		{"time UTC midnight (PostgreSQL DATE)", time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), "2026-11-24", true},
		{"time in +01:00 just after midnight", time.Date(2026, 11, 24, 0, 15, 0, 0, time.FixedZone("CET", 3600)), "2026-11-24", true},
		{"time pre-1970", time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), "1969-12-31", true},
		{"bad string", "2026-11-31", "", false},
		{"bad bytes", []byte("nope"), "", false},
		{"int64", int64(20261124), "", false},
		{"NULL", nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := d("2000-01-01")
			err := x.Scan(tt.src)
			if tt.ok {
				if err != nil || x.String() != tt.want {
					t.Errorf("Scan(%#v) = %s, %v; want %s", tt.src, x, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Errorf("Scan(%#v) accepted: %s", tt.src, x)
			}
			if x != d("2000-01-01") {
				t.Errorf("failed Scan changed the date to %s", x)
			}
		})
	}
}

// --- the implementation model

func TestPhaseAt(t *testing.T) {
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	golive := d("2027-09-01")
	// Windows (calendar days relative to go-live, from inclusive, to exclusive)
	// from data/implementation-model.yaml: 0 ..-456, 1 -456..-365,
	// 2.1 -365..-91, 2.2 -91..-14, 2.3 -14..0, 3 0..91, 4 91..
	tests := []struct {
		rel  int
		want string
	}{
		{-5000, "0"},
		{-457, "0"},
		{-456, "1"},
		{-366, "1"},
		{-365, "2.1"},
		{-200, "2.1"},
		{-92, "2.1"},
		{-91, "2.2"},
		{-15, "2.2"},
		{-14, "2.3"},
		{-1, "2.3"},
		{0, "3"},
		{90, "3"},
		{91, "4"},
		{5000, "4"},
	}
	for _, tt := range tests {
		asof := golive.AddDays(tt.rel)
		p, ok := im.PhaseAt(golive, asof)
		if !ok || p.Key != tt.want {
			t.Errorf("PhaseAt(golive %s, asof %s = %+d days) = %q, %v; want %q", golive, asof, tt.rel, p.Key, ok, tt.want)
		}
	}
	// The same boundaries hold for any go-live, e.g. one in a leap year.
	g2 := d("2028-02-29")
	if p, _ := im.PhaseAt(g2, g2.AddDays(-14)); p.Key != "2.3" {
		t.Errorf("leap go-live, -14: %q", p.Key)
	}
	if p, _ := im.PhaseAt(g2, g2.AddDays(-15)); p.Key != "2.2" {
		t.Errorf("leap go-live, -15: %q", p.Key)
	}
}

// TestPhaseAtCoversEveryDay checks that the leaf windows of the shipped model
// tile the timeline: every day is in exactly one leaf phase, never in "2".
func TestPhaseAtCoversEveryDay(t *testing.T) {
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	golive := d("2027-09-01")
	prev := ""
	var seq []string
	for rel := -800; rel <= 400; rel++ {
		p, ok := im.PhaseAt(golive, golive.AddDays(rel))
		if !ok {
			t.Fatalf("day %+d has no phase", rel)
		}
		if p.Key == "2" {
			t.Fatalf("day %+d is in parent phase 2", rel)
		}
		if p.Key != prev {
			seq = append(seq, p.Key)
			prev = p.Key
		}
	}
	if got, want := strings.Join(seq, " "), "0 1 2.1 2.2 2.3 3 4"; got != want {
		t.Errorf("phases in order: %s, want %s", got, want)
	}
}

func TestPhaseAtSynthetic(t *testing.T) {
	ip := func(n int) *int { return &n }
	m := &model.ImplementationModel{Phases: []model.Phase{
		{Key: "a", ToDays: ip(-10)},
		{Key: "p", FromDays: ip(-100), ToDays: ip(100)}, // parent: never returned
		{Key: "p.1", Parent: "p", FromDays: ip(-10), ToDays: ip(-5)},
		// gap -5..0
		{Key: "b", FromDays: ip(0)},
	}}
	g := d("2026-06-01")
	tests := []struct {
		rel  int
		want string
		ok   bool
	}{
		{-11, "a", true}, {-10, "p.1", true}, {-6, "p.1", true},
		{-5, "", false}, {-1, "", false}, // the gap: not the parent either
		{0, "b", true}, {1000, "b", true},
	}
	for _, tt := range tests {
		p, ok := m.PhaseAt(g, g.AddDays(tt.rel))
		if ok != tt.ok || p.Key != tt.want {
			t.Errorf("rel %+d: %q, %v; want %q, %v", tt.rel, p.Key, ok, tt.want, tt.ok)
		}
	}
	if _, ok := (&model.ImplementationModel{}).PhaseAt(g, g); ok {
		t.Errorf("empty model has a phase")
	}
}

func TestImplementationModelLookups(t *testing.T) {
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"0", "1", "2", "2.1", "2.2", "2.3", "3", "4"} {
		if p, ok := im.Phase(k); !ok || p.Key != k || p.Name == "" {
			t.Errorf("Phase(%q) = %+v, %v", k, p, ok)
		}
	}
	for _, k := range []string{"5", "F1", "", "2.4"} {
		if _, ok := im.Phase(k); ok {
			t.Errorf("Phase(%q) found", k)
		}
	}
	for _, k := range []string{"projektstyring", "gevinstrealisering", "forandringsledelse", "uddannelse",
		"ud-og-indfasning", "konfigurering", "drift-og-support"} {
		if th, ok := im.Theme(k); !ok || th.Key != k {
			t.Errorf("Theme(%q) = %+v, %v", k, th, ok)
		}
	}
	if _, ok := im.Theme("Projektstyring"); ok {
		t.Errorf("Theme is case-insensitive")
	}
	for n := 1; n <= 16; n++ {
		mt, ok := im.MainTask(n)
		if !ok || mt.Number != n || mt.Name == "" || len(mt.Activities) == 0 {
			t.Errorf("MainTask(%d) = %+v, %v", n, mt, ok)
		}
		for _, ph := range mt.Phases {
			if _, ok := im.Phase(ph); !ok {
				t.Errorf("main task %d names unknown phase %q", n, ph)
			}
		}
	}
	for _, n := range []int{0, 17, -1} {
		if _, ok := im.MainTask(n); ok {
			t.Errorf("MainTask(%d) found", n)
		}
	}
	if mt, _ := im.MainTask(10); mt.Name != "Go-live" {
		t.Errorf("main task 10 is %q", mt.Name)
	}
}

func TestProgrammeMilestone(t *testing.T) {
	p := &model.Programme{Milestones: []model.Milestone{{Key: "idriftsaettelse", Name: "Idriftsættelse", Offset: -5, Unit: model.WorkingDays}}}
	if m, ok := p.Milestone("idriftsaettelse"); !ok || m.Offset != -5 {
		t.Errorf("idriftsaettelse: %+v %v", m, ok)
	}
	if m, ok := p.Milestone(model.GoLive); !ok || m.Offset != 0 || m.Unit != model.WorkingDays || m.Key != model.GoLive {
		t.Errorf("golive is always known: %+v %v", m, ok)
	}
	if _, ok := p.Milestone("opstart"); ok {
		t.Errorf("unknown milestone found")
	}
}

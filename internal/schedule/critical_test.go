package schedule

import (
	"slices"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/model"
)

// TestForwardPassLinks checks how each kind of link and lag moves a
// successor b whose own planned dates are too early to matter.
func TestForwardPassLinks(t *testing.T) {
	a := task("a", "2026-11-23", "2026-11-27")  // Monday–Friday
	b2 := task("b", "2026-01-05", "2026-01-06") // two days, planned far too early
	b3 := task("b", "2026-01-05", "2026-01-07") // three days
	tests := []struct {
		name           string
		tasks          []Task
		deps           []Dependency
		wantES, wantEF string
	}{
		{"FS lag 0 over a weekend", []Task{a, b2}, []Dependency{fs("a", "b", 0)}, "2026-11-30", "2026-12-01"},
		{"FS lag 2 over Easter", []Task{task("a", "2026-03-23", "2026-04-01"), b2}, []Dependency{fs("a", "b", 2)},
			"2026-04-09", "2026-04-10"}, // Thu 2, Fri 3, Mon 6 April are holidays: lag days are Tue 7 and Wed 8
		{"FS lag 1 over grundlovsdag", []Task{task("a", "2026-06-01", "2026-06-04"), b2}, []Dependency{fs("a", "b", 1)},
			"2026-06-09", "2026-06-10"}, // Fri 5 June off, lag day Mon 8
		{"FS lag -1 starts on the predecessor's last day", []Task{a, b2}, []Dependency{fs("a", "b", -1)}, "2026-11-27", "2026-11-30"},
		{"FS lag -2 back over a weekend", []Task{task("a", "2026-11-23", "2026-11-30"), b2}, []Dependency{fs("a", "b", -2)},
			"2026-11-27", "2026-11-30"},
		{"SS lag 0", []Task{a, b2}, []Dependency{dep("a", "b", StartToStart, 0)}, "2026-11-23", "2026-11-24"},
		{"SS lag -1 before a Monday", []Task{a, b2}, []Dependency{dep("a", "b", StartToStart, -1)}, "2026-11-20", "2026-11-23"},
		{"SS lag 3 over Christmas", []Task{task("a", "2026-12-22", "2027-01-08"), b2}, []Dependency{dep("a", "b", StartToStart, 3)},
			"2026-12-28", "2026-12-29"}, // 24 December is a working day; 25 and 26 are not
		{"FF lag 0", []Task{a, b3}, []Dependency{dep("a", "b", FinishToFinish, 0)}, "2026-11-25", "2026-11-27"},
		{"FF lag 1 over a weekend", []Task{a, b3}, []Dependency{dep("a", "b", FinishToFinish, 1)}, "2026-11-26", "2026-11-30"},
		{"FF lag -2", []Task{a, b3}, []Dependency{dep("a", "b", FinishToFinish, -2)}, "2026-11-23", "2026-11-25"},
		{"later planned start is kept", []Task{a, task("b", "2026-12-07", "2026-12-08")}, []Dependency{fs("a", "b", 0)},
			"2026-12-07", "2026-12-08"},
		{"the later of two predecessors wins", []Task{a, task("c", "2026-11-23", "2026-12-02"), b2},
			[]Dependency{fs("a", "b", 0), fs("c", "b", 0)}, "2026-12-03", "2026-12-04"},
		{"milestone after a task is on its last day", []Task{a, milestone("b", "2026-11-02")}, []Dependency{fs("a", "b", 0)},
			"2026-11-27", "2026-11-27"},
		{"task after a milestone starts the next working day", []Task{milestone("a", "2026-11-27"), b2}, []Dependency{fs("a", "b", 0)},
			"2026-11-30", "2026-12-01"},
		{"milestone with a lag", []Task{a, milestone("b", "2026-11-02")}, []Dependency{fs("a", "b", 2)},
			"2026-12-01", "2026-12-01"},
		{"milestone planned on a Saturday is on the Friday", []Task{milestone("b", "2026-11-28")}, nil, "2026-11-27", "2026-11-27"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustCompile(t, Plan{Tasks: tt.tasks, Dependencies: tt.deps}).CriticalPath()
			b := floats(res)["b"]
			if b.ES != d(tt.wantES) || b.EF != d(tt.wantEF) {
				t.Errorf("b = %s–%s, want %s–%s", b.ES, b.EF, tt.wantES, tt.wantEF)
			}
		})
	}
}

// goLivePlan is a small plan around go-live on Monday 1 March 2027 (no
// holidays in February): a declared critical chain p1 → p2 → g into go-live
// day, a declared task with float (s1), an undeclared one without (u), an
// optional task, and hypercare after go-live (h1 → h2).
func goLivePlan() Plan {
	return Plan{
		GoLive: d("2027-03-01"),
		Tasks: []Task{
			typed(task("p1", "2027-02-01", "2027-02-12"), model.Critical),
			typed(task("p2", "2027-02-15", "2027-02-26"), model.Critical),
			typed(task("s1", "2027-02-01", "2027-02-05"), model.Critical),
			task("u", "2027-02-22", "2027-02-26"),
			typed(task("opt", "2027-02-22", "2027-02-26"), model.Optional),
			task("g", "2027-03-01", "2027-03-01"),
			task("h1", "2027-03-02", "2027-03-12"),
			task("h2", "2027-03-15", "2027-03-19"),
		},
		Dependencies: []Dependency{fs("p1", "p2", 0), fs("p2", "g", 0), fs("g", "h1", 0), fs("h1", "h2", 0)},
	}
}

func TestCriticalPathAgainstGoLive(t *testing.T) {
	res := mustCompile(t, goLivePlan()).CriticalPath()
	got := floats(res)
	tests := []struct {
		key      string
		float    int
		critical bool
		div      Divergence
		why      string
	}{
		{"p1", 0, true, Agrees, "chain into go-live"},
		{"p2", 0, true, Agrees, "ends the working day before go-live"},
		{"s1", 15, false, DeclaredWithFloat, "three weeks to spare"},
		{"u", 0, true, UndeclaredCritical, "ends the day before go-live, nothing to spare"},
		{"opt", 15, false, Agrees, "optional: measured against the plan's end, not go-live"},
		{"g", 0, true, UndeclaredCritical, "planned on the go-live day, may use it"},
		{"h1", 0, false, Agrees, "after go-live: zero float against the plan's end is not critical"},
		{"h2", 0, false, Agrees, "the plan's last task"},
	}
	for _, tt := range tests {
		f := got[tt.key]
		if f.TotalFloat != tt.float || f.Critical != tt.critical || f.Divergence() != tt.div {
			t.Errorf("%s (%s): float %d critical %v divergence %q; want %d %v %q",
				tt.key, tt.why, f.TotalFloat, f.Critical, f.Divergence(), tt.float, tt.critical, tt.div)
		}
	}
	if want := []string{"p1", "p2", "u", "g"}; !slices.Equal(res.Critical, want) {
		t.Errorf("Critical = %v, want %v", res.Critical, want)
	}
	if s1 := got["s1"]; s1.LS != d("2027-02-22") || s1.LF != d("2027-02-26") {
		t.Errorf("s1 late dates %s–%s, want 2027-02-22–2027-02-26", s1.LS, s1.LF)
	}
	if res.Finish != d("2027-03-19") {
		t.Errorf("Finish = %s", res.Finish)
	}
}

func TestCriticalPathNegativeFloat(t *testing.T) {
	p := goLivePlan()
	// x must follow p2 but is planned in the same week: it cannot make go-live.
	p.Tasks = append(p.Tasks, task("x", "2027-02-22", "2027-02-26"))
	p.Dependencies = append(p.Dependencies, fs("p2", "x", 0))
	got := floats(mustCompile(t, p).CriticalPath())
	if x := got["x"]; x.ES != d("2027-03-01") || x.EF != d("2027-03-05") || x.TotalFloat != -5 || !x.Critical {
		t.Errorf("x = %+v; want 2027-03-01–2027-03-05, float -5, critical", x)
	}
	if f := got["p1"].TotalFloat; f != -5 {
		t.Errorf("p1 float = %d, want -5 (pushed back through p2)", f)
	}
}

func TestCriticalPathMilestones(t *testing.T) {
	p := Plan{
		GoLive: d("2027-03-01"),
		Tasks: []Task{
			task("a", "2027-02-15", "2027-02-26"),
			milestone("ready", "2027-02-26"),
			milestone("golive", "2027-03-01"),
		},
		// "ready" is reached when a ends; go-live is one working day later.
		Dependencies: []Dependency{fs("a", "ready", 0), fs("ready", "golive", 1)},
	}
	got := floats(mustCompile(t, p).CriticalPath())
	for _, k := range []string{"a", "ready", "golive"} {
		if !got[k].Critical || got[k].TotalFloat != 0 {
			t.Errorf("%s: %+v, want critical with float 0", k, got[k])
		}
	}
	if r := got["ready"]; r.Duration != 0 || r.ES != d("2027-02-26") || r.LF != d("2027-02-26") {
		t.Errorf("ready = %+v, want zero duration on 2027-02-26", r)
	}
}

func TestCriticalPathWithoutGoLive(t *testing.T) {
	p := goLivePlan()
	p.GoLive = model.NoDate
	got := floats(mustCompile(t, p).CriticalPath())
	// Classic CPM against the plan's end (19 March): the chain to h2 is critical.
	for _, k := range []string{"p1", "p2", "g", "h1", "h2"} {
		if !got[k].Critical {
			t.Errorf("%s not critical: %+v", k, got[k])
		}
	}
	if got["u"].Critical || got["u"].TotalFloat != 15 {
		t.Errorf("u = %+v, want float 15", got["u"])
	}
}

func TestNotRelevantKeepsLinksButIsNeverCritical(t *testing.T) {
	p := Plan{
		GoLive: d("2027-03-01"),
		Tasks: []Task{
			task("a", "2027-02-01", "2027-02-12"),
			status(typed(task("o", "2027-02-15", "2027-02-19"), model.Optional), model.NotRelevant),
			task("b", "2027-02-22", "2027-02-26"),
		},
		Dependencies: []Dependency{fs("a", "o", 0), fs("o", "b", 0)},
	}
	got := floats(mustCompile(t, p).CriticalPath())
	if got["o"].Critical || !got["a"].Critical || !got["b"].Critical {
		t.Errorf("a %v, o %v, b %v; want a and b critical through o, o not", got["a"].Critical, got["o"].Critical, got["b"].Critical)
	}
}

func TestCompileRejects(t *testing.T) {
	tests := []struct {
		name string
		p    Plan
		want string
	}{
		{"end before start", Plan{Tasks: []Task{task("a", "2026-11-27", "2026-11-23")}}, `opgave "a": slutdato 2026-11-23 ligger før startdato 2026-11-27`},
		{"cycle", Plan{Tasks: []Task{task("a", "2026-11-23", "2026-11-27")}, Dependencies: []Dependency{fs("a", "a", 0)}}, "løkke: a → a"},
		{"unknown task", Plan{Tasks: []Task{task("a", "2026-11-23", "2026-11-27")}, Dependencies: []Dependency{fs("a", "b", 0)}}, `ukendt opgave "b"`},
		{"duplicate key", Plan{Tasks: []Task{task("a", "2026-11-23", "2026-11-27"), task("a", "2026-11-23", "2026-11-27")}}, `"a" findes mere end én gang`},
	}
	for _, tt := range tests {
		if _, err := CriticalPath(danish, tt.p); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestEmptyPlan(t *testing.T) {
	res, err := CriticalPath(danish, Plan{})
	if err != nil || len(res.Tasks) != 0 || res.Finish != model.NoDate {
		t.Errorf("got %+v, %v", res, err)
	}
	f, err := Forecast(danish, Plan{GoLive: d("2027-03-01")}, d("2027-01-04"))
	if err != nil || f.GoLiveAtRisk || f.GoLiveReady != model.NoDate {
		t.Errorf("got %+v, %v", f, err)
	}
}

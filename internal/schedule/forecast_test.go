package schedule

import (
	"slices"
	"testing"

	"github.com/udrul/udrul/internal/model"
)

// TestForecastRules checks one task against the as-of date by status.
func TestForecastRules(t *testing.T) {
	week := task("t", "2026-11-23", "2026-11-27") // Monday–Friday, 5 working days
	tests := []struct {
		name       string
		t          Task
		asof       string
		start, end string
		slip       int
		late       bool
	}{
		{"not started, before its start", week, "2026-11-20", "2026-11-23", "2026-11-27", 0, false},
		{"not started after its start: the whole duration from today", week, "2026-11-25", "2026-11-25", "2026-12-01", 2, false},
		{"not started and late", week, "2026-12-02", "2026-12-02", "2026-12-08", 7, true},
		{"not started, late, as of a Saturday: work resumes Monday", week, "2026-11-28", "2026-11-30", "2026-12-04", 5, true},
		{"not started, as of juledag", task("t", "2026-12-21", "2026-12-22"), "2026-12-25", "2026-12-28", "2026-12-29", 4, true},
		{"started, on time", status(week, model.Started), "2026-11-25", "2026-11-23", "2026-11-27", 0, false},
		{"started, on its last day", status(week, model.Started), "2026-11-27", "2026-11-23", "2026-11-27", 0, false},
		{"started and late: done today at the earliest", status(week, model.Started), "2026-12-02", "2026-11-23", "2026-12-02", 3, true},
		{"started, late, as of a Saturday: done Monday", status(week, model.Started), "2026-11-28", "2026-11-23", "2026-11-30", 1, true},
		{"completed late is never pushed", status(week, model.Completed), "2026-12-02", "2026-11-23", "2026-11-27", 0, false},
		{"not relevant is never pushed", status(week, model.NotRelevant), "2026-12-02", "2026-11-23", "2026-11-27", 0, false},
		{"milestone not reached: today", milestone("t", "2026-11-27"), "2026-12-02", "2026-12-02", "2026-12-02", 3, true},
		{"milestone not reached, as of a Sunday: Monday", milestone("t", "2026-11-27"), "2026-11-29", "2026-11-30", "2026-11-30", 1, true},
		{"milestone due today is on time", milestone("t", "2026-11-27"), "2026-11-27", "2026-11-27", "2026-11-27", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustCompile(t, Plan{Tasks: []Task{tt.t}}).Forecast(d(tt.asof))
			got := res.Tasks[0]
			if got.ForecastStart != d(tt.start) || got.ForecastEnd != d(tt.end) || got.SlipDays != tt.slip || got.Late != tt.late {
				t.Errorf("got %s–%s slip %d late %v; want %s–%s slip %d late %v",
					got.ForecastStart, got.ForecastEnd, got.SlipDays, got.Late, tt.start, tt.end, tt.slip, tt.late)
			}
		})
	}
}

// TestForecastPropagation pushes a late task a (2026-11-23–27, not started,
// as of Wednesday 2 December: forecast 2–8 December) into its successor b.
func TestForecastPropagation(t *testing.T) {
	a := task("a", "2026-11-23", "2026-11-27")
	tests := []struct {
		name       string
		b          Task
		d          Dependency
		start, end string
		slip       int
		drivenBy   string
	}{
		{"FS lag 0", task("b", "2026-11-30", "2026-12-01"), fs("a", "b", 0), "2026-12-09", "2026-12-10", 7, "a"},
		{"FS lag -3 back over a weekend", task("b", "2026-11-30", "2026-12-01"), fs("a", "b", -3), "2026-12-04", "2026-12-07", 4, "a"},
		{"SS lag 2", task("b", "2026-11-25", "2026-11-26"), dep("a", "b", StartToStart, 2), "2026-12-04", "2026-12-07", 7, "a"},
		{"FF lag 1", task("b", "2026-11-26", "2026-11-30"), dep("a", "b", FinishToFinish, 1), "2026-12-07", "2026-12-09", 7, "a"},
		{"enough room: not pushed", task("b", "2026-12-14", "2026-12-15"), fs("a", "b", 0), "2026-12-14", "2026-12-15", 0, ""},
		{"started ignores links on its start", status(task("b", "2026-11-30", "2026-12-04"), model.Started), fs("a", "b", 0),
			"2026-11-30", "2026-12-04", 0, ""},
		{"started still waits for an FF link", status(task("b", "2026-11-30", "2026-12-04"), model.Started), dep("a", "b", FinishToFinish, 0),
			"2026-11-30", "2026-12-08", 2, "a"},
		{"completed is never pushed", status(task("b", "2026-11-30", "2026-12-01"), model.Completed), fs("a", "b", 0),
			"2026-11-30", "2026-12-01", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustCompile(t, Plan{Tasks: []Task{a, tt.b}, Dependencies: []Dependency{tt.d}}).Forecast(d("2026-12-02"))
			got := forecasts(res)["b"]
			if got.ForecastStart != d(tt.start) || got.ForecastEnd != d(tt.end) || got.SlipDays != tt.slip || got.DrivenBy != tt.drivenBy {
				t.Errorf("got %s–%s slip %d by %q; want %s–%s slip %d by %q",
					got.ForecastStart, got.ForecastEnd, got.SlipDays, got.DrivenBy, tt.start, tt.end, tt.slip, tt.drivenBy)
			}
		})
	}
}

func TestForecastCompletedReleasesSuccessors(t *testing.T) {
	// a is late, but b (which waited for it) is done, so c only waits for b.
	p := Plan{
		Tasks: []Task{
			task("a", "2026-11-23", "2026-11-27"),
			status(task("b", "2026-11-30", "2026-12-01"), model.Completed),
			task("c", "2026-12-07", "2026-12-08"),
		},
		Dependencies: []Dependency{fs("a", "b", 0), fs("b", "c", 0)},
	}
	got := forecasts(mustCompile(t, p).Forecast(d("2026-12-02")))
	if got["c"].SlipDays != 0 || got["b"].SlipDays != 0 || got["a"].SlipDays != 7 {
		t.Errorf("slips a %d b %d c %d, want 7 0 0", got["a"].SlipDays, got["b"].SlipDays, got["c"].SlipDays)
	}
}

func TestForecastGoLiveAtRisk(t *testing.T) {
	// Go-live Monday 1 March 2027. As of Monday 15 February p1 (1–12
	// February) has not started: its ten days run to 26 February and push p2
	// and the go-live day task g two weeks out.
	p := goLivePlan()
	res := mustCompile(t, p).Forecast(d("2027-02-15"))
	got := forecasts(res)
	if !res.GoLiveAtRisk || res.GoLiveReady != d("2027-03-15") || res.GoLiveSlipDays != 10 {
		t.Errorf("at risk %v ready %s slip %d; want true 2027-03-15 10", res.GoLiveAtRisk, res.GoLiveReady, res.GoLiveSlipDays)
	}
	if want := []string{"p1", "p2", "g"}; !slices.Equal(res.Driving, want) {
		t.Errorf("Driving = %v, want %v", res.Driving, want)
	}
	if g := got["g"]; g.ForecastEnd != d("2027-03-15") || g.SlipDays != 10 || g.DrivenBy != "p2" {
		t.Errorf("g = %+v", g)
	}
	if h2 := got["h2"]; h2.SlipDays != 10 {
		t.Errorf("h2 slip = %d, want 10 (pushed too, but after go-live)", h2.SlipDays)
	}
}

func TestForecastLateWithFloatNotAtRisk(t *testing.T) {
	// s1 (1–5 February, three weeks of float) is late and not started; the
	// critical chain is on track.
	p := goLivePlan()
	p.Tasks[0] = status(p.Tasks[0], model.Completed) // p1
	p.Tasks[1] = status(p.Tasks[1], model.Started)   // p2
	res := mustCompile(t, p).Forecast(d("2027-02-15"))
	s1 := forecasts(res)["s1"]
	if !s1.Late || s1.SlipDays != 10 {
		t.Errorf("s1 = %+v, want late with slip 10", s1)
	}
	if res.GoLiveAtRisk || res.GoLiveReady != d("2027-03-01") || res.Driving != nil {
		t.Errorf("at risk %v ready %s driving %v; want false 2027-03-01 none", res.GoLiveAtRisk, res.GoLiveReady, res.Driving)
	}
}

func TestForecastOptionalDoesNotHoldUpGoLive(t *testing.T) {
	p := goLivePlan()
	for i := range 4 { // p1, p2, s1 and u are done
		p.Tasks[i] = status(p.Tasks[i], model.Completed)
	}
	// As of go-live day, opt (22–26 February) is not started: late, but optional.
	res := mustCompile(t, p).Forecast(d("2027-03-01"))
	if res.GoLiveAtRisk {
		t.Errorf("at risk through %v; an optional task must not hold up go-live", res.Driving)
	}
	// The same task, mandatory, does.
	p.Tasks[4].Type = model.Mandatory
	res = mustCompile(t, p).Forecast(d("2027-03-01"))
	if !res.GoLiveAtRisk || !slices.Equal(res.Driving, []string{"opt"}) {
		t.Errorf("at risk %v driving %v; want at risk through opt", res.GoLiveAtRisk, res.Driving)
	}
}

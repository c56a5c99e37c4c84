package schedule

import (
	"slices"
	"testing"

	"github.com/udrul/udrul/internal/model"
)

// serving gives t a go-live of its own (an institution's).
func serving(t Task, golive string) Task { t.GoLive = d(golive); return t }

// TestInstitutionGoLives checks tasks that serve a go-live other than the
// plan's: a pilot institution's before it, a later institution's after it,
// and a go-live right after a weekend or holidays. The municipality goes
// live Monday 3 May 2027.
func TestInstitutionGoLives(t *testing.T) {
	const muni = "2027-05-03"
	tests := []struct {
		name  string
		tasks []Task
		deps  []Dependency
		// want per key: float, critical, and the go-live it is measured against
		want map[string]TaskFloat
	}{
		{"pilot before the municipality: its tasks and the municipality's work feeding them count to the pilot's date",
			[]Task{task("m", "2027-03-01", "2027-03-05"), serving(task("p", "2027-03-08", "2027-03-31"), "2027-04-01"),
				task("rest", "2027-03-08", "2027-04-30")},
			[]Dependency{fs("m", "p", 0), fs("m", "rest", 0)},
			map[string]TaskFloat{
				"m":    {TotalFloat: 0, Critical: true, GoLive: d("2027-04-01")},
				"p":    {TotalFloat: 0, Critical: true, GoLive: d("2027-04-01")},
				"rest": {TotalFloat: 0, Critical: true, GoLive: d(muni)},
			}},
		{"pilot with slack: the municipality's chain decides",
			[]Task{task("m", "2027-03-01", "2027-03-05"), serving(task("p", "2027-03-08", "2027-03-12"), "2027-04-01"),
				task("rest", "2027-03-08", "2027-04-30")},
			[]Dependency{fs("m", "p", 0), fs("m", "rest", 0)},
			map[string]TaskFloat{
				"m": {TotalFloat: 0, Critical: true, GoLive: d(muni)},
				"p": {TotalFloat: 10, Critical: false, GoLive: d("2027-04-01")}, // 15–31 March less Easter (25, 26, 29 March)
			}},
		{"later institution after the municipality: its tasks are critical to its own date, not tail work",
			[]Task{task("m", "2027-04-26", "2027-04-30"), serving(task("late", "2027-05-03", "2027-05-14"), "2027-05-17"),
				serving(task("slack", "2027-05-03", "2027-05-07"), "2027-05-17")},
			[]Dependency{fs("m", "late", 0), fs("m", "slack", 0)},
			map[string]TaskFloat{
				"m":     {TotalFloat: 0, Critical: true, GoLive: d(muni)},
				"late":  {TotalFloat: 0, Critical: true, GoLive: d("2027-05-17")},
				"slack": {TotalFloat: 5, Critical: false, GoLive: d("2027-05-17")},
			}},
		{"tail work of an institution with the plan's date is still not critical",
			[]Task{task("m", "2027-04-26", "2027-04-30"), task("after", "2027-05-03", "2027-05-14")},
			[]Dependency{fs("m", "after", 0)},
			map[string]TaskFloat{"after": {TotalFloat: 0, Critical: false, GoLive: model.NoDate}}},
		{"go-live the Tuesday after Easter: the Wednesday before has no float",
			[]Task{serving(task("p", "2027-03-22", "2027-03-24"), "2027-03-30")}, nil,
			map[string]TaskFloat{"p": {TotalFloat: 0, Critical: true, GoLive: d("2027-03-30")}}},
		{"go-live on a Monday: work until Friday has no float",
			[]Task{serving(task("p", "2027-04-12", "2027-04-16"), "2027-04-19")}, nil,
			map[string]TaskFloat{"p": {TotalFloat: 0, Critical: true, GoLive: d("2027-04-19")}}},
		{"one predecessor feeding both the municipality and a later institution counts to the earlier go-live",
			[]Task{task("m", "2027-04-26", "2027-04-30"), task("a", "2027-05-03", "2027-05-03"),
				serving(task("b", "2027-05-03", "2027-05-14"), "2027-05-17")},
			[]Dependency{fs("m", "a", -1), fs("m", "b", 0)},
			map[string]TaskFloat{"m": {TotalFloat: 0, Critical: true, GoLive: d(muni)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := floats(mustCompile(t, Plan{Tasks: tt.tasks, Dependencies: tt.deps, GoLive: d(muni)}).CriticalPath())
			for k, w := range tt.want {
				g := got[k]
				if g.TotalFloat != w.TotalFloat || g.Critical != w.Critical || g.GoLive != w.GoLive {
					t.Errorf("%s: float %d critical %v go-live %s, want %d %v %s", k, g.TotalFloat, g.Critical, g.GoLive,
						w.TotalFloat, w.Critical, w.GoLive)
				}
			}
		})
	}
}

// TestForecastPerGoLive checks that a late pilot puts the pilot's go-live
// at risk, named with its chain, while the municipality's stays safe.
func TestForecastPerGoLive(t *testing.T) {
	p := Plan{GoLive: d("2027-05-03"), Tasks: []Task{
		status(task("m", "2027-03-01", "2027-03-05"), model.Started),
		serving(task("p", "2027-03-08", "2027-03-31"), "2027-04-01"),
		serving(task("later", "2027-05-03", "2027-05-07"), "2027-05-17"),
		task("rest", "2027-03-08", "2027-04-16"),
	}, Dependencies: []Dependency{fs("m", "p", 0), fs("m", "rest", 0)}}
	fc := mustCompile(t, p).Forecast(d("2027-03-10")) // m still open on Wednesday: two days late
	if fc.GoLiveAtRisk || fc.GoLiveReady != d("2027-04-22") {
		t.Errorf("municipality: at risk %v ready %s, want safe, ready 22.04.2027", fc.GoLiveAtRisk, fc.GoLiveReady)
	}
	if len(fc.GoLives) != 2 {
		t.Fatalf("go-lives = %+v, want the pilot's and the later institution's", fc.GoLives)
	}
	pilot, later := fc.GoLives[0], fc.GoLives[1]
	if pilot.GoLive != d("2027-04-01") || !pilot.AtRisk || pilot.SlipDays != 3 || !slices.Equal(pilot.Driving, []string{"m", "p"}) {
		t.Errorf("pilot = %+v, want 01.04.2027 at risk by 3 working days (p takes its 15 days from Thursday 11 March, over Easter, to Monday 5 April) driven by m → p", pilot)
	}
	if later.GoLive != d("2027-05-17") || later.AtRisk || later.Ready != d("2027-05-10") {
		t.Errorf("later = %+v, want 17.05.2027 safe, ready 10.05.2027", later)
	}
}

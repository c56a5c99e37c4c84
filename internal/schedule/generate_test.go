package schedule

import (
	"reflect"
	"testing"
)

func TestGeneratePlanDeterministic(t *testing.T) {
	a, b := GeneratePlan(300, 7), GeneratePlan(300, 7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different plans")
	}
	if reflect.DeepEqual(a, GeneratePlan(300, 8)) {
		t.Fatal("different seeds, same plan")
	}
	// Pin a few values so a change to the generator is noticed: benchmark
	// numbers in docs/schedule.md are only comparable on the same plans.
	if got := len(a.Dependencies); got != 585 {
		t.Errorf("300 tasks, seed 7: %d dependencies, want 585", got)
	}
}

// TestGeneratePlanShape checks the properties the benchmarks rely on: a
// realistic number of links, a consistent plan (every task on its planned
// dates in the forward pass), a critical path, and late work as of the
// statuses' date.
func TestGeneratePlanShape(t *testing.T) {
	p := GeneratePlan(2000, 1)
	if len(p.Tasks) != 2001 {
		t.Fatalf("%d tasks, want 2000 and the go-live milestone", len(p.Tasks))
	}
	if per := float64(len(p.Dependencies)) / float64(len(p.Tasks)); per < 1.5 || per > 3 {
		t.Errorf("%.2f dependencies per task, want 1.5–3", per)
	}
	n := mustCompile(t, p)
	cp := n.CriticalPath()
	for i, f := range cp.Tasks {
		if f.ES != p.Tasks[i].Start && !p.Tasks[i].Milestone || f.EF != p.Tasks[i].End {
			t.Fatalf("%s planned %s–%s, forward pass %s–%s: plan not consistent", f.Key, p.Tasks[i].Start, p.Tasks[i].End, f.ES, f.EF)
		}
	}
	if len(cp.Critical) == 0 || !floats(cp)["golive"].Critical {
		t.Errorf("critical path %v should end at go-live", cp.Critical)
	}
	fc := n.Forecast(danish.AddWorkingDays(p.GoLive, genStatusOffset))
	late := 0
	for _, f := range fc.Tasks {
		if f.Late {
			late++
		}
	}
	if late == 0 {
		t.Error("no late tasks as of the statuses' date")
	}
	if !fc.GoLiveAtRisk {
		return
	}
	// The chain starts where the as-of date held a task back: late, or not
	// started after its planned start.
	if root := forecasts(fc)[fc.Driving[0]]; root.DrivenBy != "" || root.SlipDays == 0 {
		t.Errorf("driving chain %v starts at %+v", fc.Driving, root)
	}
}

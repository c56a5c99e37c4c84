package demo_test

import (
	"context"
	"testing"
)

// The demo's people registers: pilots 1–2 and wave 1 of Samarbejdsplatformen
// have their project's roles, the pilots also their schools' tovholders
// and super-users; the national sizing shows a shortfall (later waves have
// registered no super-users yet) and covered municipalities.
func TestDemoPeople(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full demo")
	}
	t.Parallel()
	a, _ := loadedDemo(t, "2026-12-07")
	ctx := context.Background()
	n, err := a.NationalSizing(ctx, nil, "samarbejdsplatformen")
	if err != nil {
		t.Fatal(err)
	}
	if !n.Sized || n.Missing == 0 || n.Registered == 0 || n.Short == 0 || n.Short == len(n.Lines) {
		t.Fatalf("national sizing: sized %t, %d needed, %d registered, %d missing in %d of %d municipalities",
			n.Sized, n.Needed, n.Registered, n.Missing, n.Short, len(n.Lines))
	}
	v, err := a.PeopleRegister(ctx, nil, "samarbejdsplatformen", "751") // Aarhus, where the demo's users work
	if err != nil {
		t.Fatal(err)
	}
	tov := 0
	for _, i := range v.Institutions {
		tov += len(i.Tovholders)
	}
	if v.Wave > 3 || len(v.People) < 12 || tov == 0 || len(v.Needs) != 3 {
		t.Errorf("Aarhus: wave %d, %d people, %d tovholders, needs %+v", v.Wave, len(v.People), tov, v.Needs)
	}
}

// The demo's training: runs in the first two waves with results and
// evaluations; a pass rate per wave, some evaluations shown and some
// hidden under the threshold, a run flagged outside its window, and a
// municipality with people who have not passed.
func TestDemoTraining(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full demo")
	}
	t.Parallel()
	a, _ := loadedDemo(t, "2026-12-07")
	ctx := context.Background()
	n, err := a.NationalTraining(ctx, nil, "samarbejdsplatformen")
	if err != nil {
		t.Fatal(err)
	}
	shown, hidden := 0, 0
	for _, e := range n.Evaluations {
		if e.Evaluation.Hidden {
			hidden++
		} else {
			shown++
		}
	}
	if len(n.Waves) == 0 || len(n.Municipalities) < 5 || shown == 0 || n.Outside == 0 {
		t.Errorf("national training: %d waves, %d municipalities, %d evaluations shown, %d hidden, %d runs outside", len(n.Waves),
			len(n.Municipalities), shown, hidden, n.Outside)
	}
	// Somewhere a final test has been taken and not everyone passed.
	failed := false
	for _, m := range n.Municipalities {
		failed = failed || (m.Tested > m.Passed && m.Passed > 0)
	}
	if !failed {
		t.Errorf("no municipality with people who passed and people who did not: %+v", n.Municipalities)
	}
	v, err := a.MunicipalityTraining(ctx, nil, "samarbejdsplatformen", "751")
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Trainees) == 0 {
		t.Errorf("Aarhus: no trainees")
	}
}

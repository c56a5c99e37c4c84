package demo_test

import (
	"context"
	"testing"

	"github.com/udrul/udrul/internal/demo"
)

// The Aula catalogue's critical path means something: in a plan not yet
// begun, every task typed kritisk has zero float against go-live (its
// dependencies chain it to go-live without slack) and none is critical
// without being typed so. Its phase transitions have checklist items, and
// the national launch to parents falls on one date in every plan, at the
// school start after the demo's last go-live.
func TestAulaCriticalPathHasNoFloat(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full demo")
	}
	a, today := loadedDemo(t, "2026-11-24")
	ctx := context.Background()
	ov, err := a.Overview(ctx, nil, "samarbejdsplatformen", today)
	if err != nil {
		t.Fatal(err)
	}
	// The last wave's municipalities have begun nothing.
	last := ov.Municipalities[0]
	for _, m := range ov.Municipalities {
		if m.GoLive > last.GoLive {
			last = m
		}
	}
	s, err := a.Schedule(ctx, nil, "samarbejdsplatformen", last.Code, today)
	if err != nil {
		t.Fatal(err)
	}
	declared := 0
	for _, x := range s.Tasks {
		if !x.DeclaredCritical {
			continue
		}
		declared++
		if x.TotalFloat != 0 || !x.Critical {
			t.Errorf("%s (%s): float %d, critical %v; want 0 and critical", x.Key, x.Title, x.TotalFloat, x.Critical)
		}
	}
	if declared < 20 {
		t.Errorf("%d tasks typed kritisk, want the catalogue's critical path (20 or more)", declared)
	}
	if len(s.DeclaredWithFloat) != 0 || len(s.UndeclaredCritical) != 0 {
		t.Errorf("declared with float %v, undeclared critical %v", s.DeclaredWithFloat, s.UndeclaredCritical)
	}
	cps, err := a.Checkpoints(ctx, nil, "samarbejdsplatformen", last.Code, today)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range cps.Transitions {
		if tr.Total == 0 {
			t.Errorf("phase transition %s has no checklist items", tr.Transition.Key)
		}
	}
	if len(cps.Transitions) < 5 {
		t.Errorf("%d phase transitions with checklist items, want 5 or more", len(cps.Transitions))
	}
	// The national launch: the same dates in the first and the last plan.
	launch := demo.SchoolStart(today.AddDays(240))
	for _, code := range []string{ov.Municipalities[0].Code, last.Code} {
		p, err := a.Plan(ctx, nil, "samarbejdsplatformen", code, today)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, x := range p.Tasks {
			if x.Key == "sp-ui-14" {
				found = true
				if x.Start != launch {
					t.Errorf("%s: SkoleIntra is phased out from %s, want the national launch %s", code, x.Start, launch)
				}
			}
		}
		if !found {
			t.Errorf("%s: no sp-ui-14", code)
		}
	}
	if launch.Weekday() != 1 || launch < today.AddDays(240) || launch > today.AddDays(240+365) {
		t.Errorf("school start %s", launch)
	}
}

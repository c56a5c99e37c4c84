package demo_test

import (
	"context"
	"testing"
	"time"

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
	// Seed 001's calendar: waves 1–4 (3–6) take Aula into use in May, their
	// staff trained from January to April.
	for _, m := range ov.Municipalities {
		if m.Wave < 3 || m.Wave > 6 {
			continue
		}
		if m.GoLive.Time().Month() != time.May {
			t.Errorf("%s (wave %d) goes live %s, want May", m.Name, m.Wave, m.GoLive)
		}
		if m.Code != last.Code && m.Wave != 3 {
			continue // one plan per wave is enough
		}
		p, err := a.Plan(ctx, nil, "samarbejdsplatformen", m.Code, today)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range p.Tasks {
			if x.Theme == "uddannelse" && x.Phase == "2.2" {
				if mo := x.Start.Time().Month(); mo > time.April || x.End.Time().Month() > time.April {
					t.Errorf("%s: %s %s–%s, want training in January–April", m.Name, x.Key, x.Start, x.End)
				}
			}
		}
	}
	// The national launch: the same dates in the first and the last plan.
	launch := demo.NationalLaunch(today)
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
	if launch.Weekday() != time.Monday || launch.Time().Month() != time.August || launch <= last.GoLive {
		t.Errorf("national launch %s, last go-live %s; want a Monday in August after it", launch, last.GoLive)
	}
}

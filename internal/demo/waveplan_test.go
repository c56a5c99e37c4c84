package demo_test

import (
	"context"
	"io"
	"testing"

	"github.com/udrul/udrul/internal/demo"
)

// The demo's draft wave plan describes the rollout under way: nobody who is
// live moves, it breaks no hard rule (so it may be announced), and the
// optimizer and the hypercare team assignment agree: every KSD wave has a
// team, and no team is on two overlapping rollouts by the one busy window.
func TestDemoWavePlanAgreesWithTheRollout(t *testing.T) {
	for _, day := range []string{"2026-11-24", "2027-07-15"} {
		t.Run(day, func(t *testing.T) {
			a, today := loadedDemo(t, day)
			ctx := context.Background()
			s, err := a.WaveSetup(ctx, nil, "ksd")
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Issues) != 0 {
				t.Errorf("setup issues: %+v", s.Issues)
			}
			v, err := a.WaveVersion(ctx, nil, "ksd", 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Hard) != 0 {
				t.Errorf("draft breaks hard rules: %v", v.Hard)
			}
			e, err := a.WaveVersionEffect(ctx, nil, "ksd", 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(e.Live) != 0 || e.New != 0 {
				t.Errorf("draft moves live municipalities %+v or enrols new ones (%d)", e.Live, e.New)
			}
			for _, m := range e.Moves {
				if from, _ := a.HypercareWindow(m.FromGoLive); from <= today {
					t.Errorf("draft moves %s, whose hypercare window has begun", m.Name)
				}
			}
			if err := demo.EnsureUsers(ctx, a, "", io.Discard); err != nil {
				t.Fatal(err)
			}
			if err := demo.LoadFollowup(ctx, a, today); err != nil {
				t.Fatal(err)
			}
			hc, err := a.Hypercare(ctx, nil, today)
			if err != nil {
				t.Fatal(err)
			}
			teamed := map[int]bool{}
			for _, team := range hc.Teams {
				for _, r := range team.Rollouts {
					if r.Programme == "ksd" {
						teamed[r.Wave] = true
					}
					if len(r.Conflicts) > 0 {
						t.Errorf("%s: %s overlaps %v", team.Name, r.ProgrammeName, r.Conflicts)
					}
				}
			}
			for _, w := range v.Waves {
				if _, to := a.HypercareWindow(w.GoLive); w.Count > 0 && to >= today && !teamed[w.Number] {
					t.Errorf("KSD wave %d (go-live %s) has no hypercare team", w.Number, w.GoLive)
				}
			}
		})
	}
}

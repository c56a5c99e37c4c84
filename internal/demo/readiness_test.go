package demo_test

import (
	"context"
	"testing"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/readiness"
)

// The demo's readiness surveys are consistent with its dates: rounds only
// once their window has opened, closed ones past their window with their
// plan task completed, figures for some groups and not others, the national
// aggregate filled for several waves, and some due rounds not run.
func TestDemoReadiness(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full demo")
	}
	t.Parallel()
	a, today := loadedDemo(t, "2026-12-07")
	ctx := context.Background()
	n, err := a.NationalReadiness(ctx, nil, "ksd", today)
	if err != nil {
		t.Fatal(err)
	}
	if n.Rounds[0].Municipalities < 20 || n.Rounds[0].Result.Hidden {
		t.Errorf("baseline aggregate: %+v", n.Rounds[0])
	}
	if n.Rounds[2].Municipalities == 0 {
		t.Error("no municipality has run the 6-month status round")
	}
	if len(n.Missing) == 0 {
		t.Error("no due round is missing; the demo's worklist has nothing to follow up")
	}
	waves := 0
	for _, w := range n.Waves {
		if w.Rounds[0].Municipalities > 0 {
			waves++
		}
	}
	if waves < 3 {
		t.Errorf("baseline run in %d waves, want several", waves)
	}
	ov, err := a.Overview(ctx, nil, "ksd", today)
	if err != nil {
		t.Fatal(err)
	}
	hidden, shown := 0, 0
	for _, m := range ov.Municipalities {
		v, err := a.Readiness(ctx, nil, "ksd", m.Code, today)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range v.Rounds {
			if r.Created && r.Window.Opens > today {
				t.Errorf("%s: round %s made before it opens (%s)", m.Code, r.Kind, r.Window.Opens)
			}
			if r.Closed && r.Run && (r.Task == nil || r.Task.Status != model.Completed) {
				t.Errorf("%s: round %s run, task %+v", m.Code, r.Kind, r.Task)
			}
			for _, g := range r.Groups {
				if g.Result.Hidden {
					hidden++
				} else {
					shown++
				}
			}
		}
	}
	if hidden == 0 || shown == 0 {
		t.Errorf("groups hidden %d, shown %d; want both", hidden, shown)
	}
	aarhus, err := a.Readiness(ctx, nil, "ksd", "751", today)
	if err != nil {
		t.Fatal(err)
	}
	if r := aarhus.Round(readiness.Baseline); !r.Created || len(aarhus.Comparisons) == 0 {
		t.Errorf("Aarhus: baseline %+v, %d comparisons", r, len(aarhus.Comparisons))
	}
}

package demo_test

import (
	"context"
	"io"
	"testing"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/demo"
)

// The follow-up part of the demo builds on any day and fills every
// follow-up page with something to look at.
func TestDemoFollowup(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full demo")
	}
	for _, day := range []string{"2026-11-24", "2027-07-15"} {
		t.Run(day, func(t *testing.T) {
			t.Parallel()
			a, today := loadedDemo(t, day)
			ctx := context.Background()
			if err := demo.EnsureUsers(ctx, a, "", io.Discard); err != nil {
				t.Fatal(err)
			}
			if err := demo.LoadFollowup(ctx, a, today); err != nil {
				t.Fatal(err)
			}
			hc, err := a.Hypercare(ctx, nil, today)
			if err != nil || len(hc.Teams) != 2 {
				t.Fatalf("hypercare: %+v, %v", hc, err)
			}
			for _, team := range hc.Teams {
				for _, r := range team.Rollouts {
					if len(r.Conflicts) > 0 {
						t.Errorf("%s: overlapping rollouts %v", team.Name, r.Conflicts)
					}
				}
			}
			sum, err := a.HypercareSummary(ctx, nil, "ksd")
			if err != nil {
				t.Fatal(err)
			}
			incidents := 0
			for _, w := range sum {
				incidents += w.Incidents
			}
			if incidents == 0 {
				t.Error("no incidents in the demo")
			}
			wl, err := a.Worklist(ctx, nil, "ksd", today, app.WorklistOptions{IncludeSnoozed: true})
			if err != nil {
				t.Fatal(err)
			}
			owners, snoozed, due := 0, 0, 0
			for _, x := range wl.Tasks {
				if x.Owner != nil {
					owners++
				}
				if x.Snooze != nil {
					snoozed++
				}
			}
			for _, m := range wl.Municipalities {
				if m.FollowupDue {
					due++
				}
			}
			if owners == 0 || snoozed == 0 || due == 0 {
				t.Errorf("worklist: %d owned, %d snoozed, %d follow-ups due", owners, snoozed, due)
			}
			v, err := a.Outbox(ctx, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			if a.Calendar().IsWorkingDay(today) && v.Counts["afventer"] == 0 {
				t.Errorf("no digest waiting in the outbox: %v", v.Counts)
			}
		})
	}
}

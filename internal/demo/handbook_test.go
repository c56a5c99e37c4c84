package demo_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/demo"
	"github.com/udrul/udrul/internal/handbook"
)

// In the demo København goes live in KSD's third wave, a week out: its
// project lead has had (on the days its go-live is within 30 days) version 1 of the handbook and version 2 after
// adding a dress rehearsal, which version 2 lists.
func TestDemoHandbook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full demo")
	}
	for _, day := range []string{"2026-12-07", "2027-07-15"} {
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
			h, err := a.Handbook(ctx, app.System("test"), "ksd", "101", today)
			if err != nil {
				t.Fatal(err)
			}
			if !handbook.Due(h.GoLive, today) { // the blackouts can push the third wave out of the window
				if len(h.Versions) != 0 {
					t.Errorf("go-live %s: sent %+v", h.GoLive, h.Versions)
				}
				return
			}
			if len(h.Versions) != 2 || !h.Sent || h.Version != 2 {
				t.Fatalf("København's handbook (go-live %s): version %d, sent %v, versions %+v", h.GoLive, h.Version, h.Sent, h.Versions)
			}
			if ch := strings.Join(h.Versions[0].Changes, "\n"); !strings.Contains(ch, "Ny opgave: Generalprøve på sagsoverførslen") {
				t.Errorf("version 2 lists %q", ch)
			}
		})
	}
}

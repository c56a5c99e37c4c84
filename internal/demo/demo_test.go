package demo_test

import (
	"context"
	"testing"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/model"
)

// The demo promises that, whatever day it is built, plans are in every phase
// of the implementation model and all three colours occur.
func TestDemoCoversEveryPhaseAndColour(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full demo")
	}
	for _, day := range []string{"2026-11-24", "2027-04-01", "2027-07-15"} {
		t.Run(day, func(t *testing.T) {
			t.Parallel()
			a, today := loadedDemo(t, day)
			ctx := context.Background()
			im, err := data.ImplementationModel()
			if err != nil {
				t.Fatal(err)
			}
			phases := map[string]bool{}
			colours := map[model.Colour]bool{}
			for _, key := range []string{"ksd", "samarbejdsplatformen"} {
				ov, err := a.Overview(ctx, nil, key, today)
				if err != nil {
					t.Fatal(err)
				}
				if len(ov.Municipalities) != 98 {
					t.Errorf("%s: %d municipalities enrolled, want 98", key, len(ov.Municipalities))
				}
				for _, m := range ov.Municipalities {
					phases[m.Phase] = true
					colours[m.Colour] = true
				}
			}
			for _, p := range im.Phases {
				if p.Key != "2" && !phases[p.Key] {
					t.Errorf("no plan is in phase %s %s", p.Key, p.Name)
				}
			}
			for _, c := range []model.Colour{model.Green, model.Yellow, model.Red} {
				if !colours[c] {
					t.Errorf("no municipality is %s", c)
				}
			}
		})
	}
}

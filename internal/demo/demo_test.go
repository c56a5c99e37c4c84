package demo_test

import (
	"context"
	"testing"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/model"
)

// The demo promises that, whatever day it is built, plans are in every phase
// of the implementation model and all three colours occur: KSD's plans in
// phases 2.2 to 4, the others in Aula's two tracks (TestDemoPhasesEveryDay
// checks every day of a year without building the demo).
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
			for key, n := range map[string]int{"ksd": 98, "samarbejdsplatformen": 98, "samarbejdsplatformen-dagtilbud": 92} {
				ov, err := a.Overview(ctx, nil, key, today)
				if err != nil {
					t.Fatal(err)
				}
				if len(ov.Municipalities) != n {
					t.Errorf("%s: %d municipalities enrolled, want %d", key, len(ov.Municipalities), n)
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

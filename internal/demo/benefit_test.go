package demo_test

import (
	"context"
	"testing"

	"github.com/udrul/udrul/internal/benefit"
)

// The demo's benefit registers are consistent with its dates: benefits in
// several municipalities and waves, every baseline inside the model's
// window and not after today, every post-measurement inside its window and
// not after today, and the first wave measured; the national roll-up
// counts them per wave.
func TestDemoBenefits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full demo")
	}
	t.Parallel()
	a, today := loadedDemo(t, "2026-12-07")
	ctx := context.Background()
	n, err := a.NationalBenefits(ctx, nil, "ksd", today)
	if err != nil {
		t.Fatal(err)
	}
	registered, measured, waves := 0, 0, 0
	for _, w := range n.Waves {
		registered += w.Registered
		measured += w.Measured
		if w.Registered > 0 {
			waves++
		}
	}
	if registered < 5 || measured == 0 || waves < 3 {
		t.Fatalf("demo benefits: %d municipalities registered in %d waves, %d measured", registered, waves, measured)
	}
	statuses := map[benefit.Status]int{}
	for _, m := range n.Municipalities {
		if m.Benefits == 0 {
			continue
		}
		v, err := a.BenefitRegister(ctx, nil, "ksd", m.Code, today)
		if err != nil {
			t.Fatal(err)
		}
		if v.Register.Vision == "" || len(v.Tree.Goals) == 0 {
			t.Errorf("%s: no vision or tree", m.Code)
		}
		w := v.Window
		for _, b := range v.Benefits {
			statuses[b.Status]++
			if b.BaselineDate < w.BaselineFrom || b.BaselineDate > w.BaselineUntil || b.BaselineDate > today {
				t.Errorf("%s %s: baseline %s outside %s–%s or after today", m.Code, b.ID, b.BaselineDate, w.BaselineFrom, w.BaselineUntil)
			}
			for _, x := range b.Measurements {
				if x.Date < w.MeasureFrom || x.Date > w.MeasureUntil || x.Date > today {
					t.Errorf("%s %s: measurement %s outside %s–%s or after today", m.Code, b.ID, x.Date, w.MeasureFrom, w.MeasureUntil)
				}
			}
		}
	}
	// Later waves are not measured yet; the first wave's measurements give
	// computed statuses.
	if statuses[benefit.NotMeasured] == 0 || len(statuses) < 2 {
		t.Errorf("statuses: %v", statuses)
	}
	t.Logf("statuses: %v", statuses)
}

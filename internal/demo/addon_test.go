package demo_test

import (
	"context"
	"testing"

	"github.com/udrul/udrul/internal/addon"
)

// The demo's add-on purchases: figure 18's seventeen services, orders in
// several municipalities with their tasks in the plans, the pilots' late
// orders with KOMBIT's exception, one cancelled order, the demo's project
// leads as training leads, and never more than five municipalities in the
// supplier's user training at once.
func TestDemoAddOns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full demo")
	}
	t.Parallel()
	a, _ := loadedDemo(t, "2026-12-07")
	ctx := context.Background()
	cat, err := a.AddOnCatalogue(ctx, nil, "ksd")
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.AddOns) != 17 {
		t.Errorf("catalogue: %d add-ons, want figure 18's 17", len(cat.AddOns))
	}
	v, err := a.AddOnOrders(ctx, nil, "ksd")
	if err != nil {
		t.Fatal(err)
	}
	munis, exceptions, cancelled := map[string]bool{}, 0, 0
	var windows []addon.Window
	for _, o := range v.Orders {
		munis[o.MunicipalityCode] = true
		if o.ExceptionReason != "" {
			exceptions++
		}
		if !o.Live {
			cancelled++
			continue
		}
		if len(o.Tasks) == 0 {
			t.Errorf("%s %s: no tasks", o.MunicipalityCode, o.Title)
		}
		if o.Category == addon.Training && len(o.Tasks) > 0 && (o.Title == "Kursus: KSD systemanvendelse (Slutbruger)" || o.Title == "Kursus: KSD systemanvendelse (Superbruger)") {
			w := addon.Window{Municipality: o.MunicipalityName, Start: o.Tasks[0].Start, End: o.Tasks[0].End}
			for _, x := range o.Tasks {
				w.Start, w.End = min(w.Start, x.Start), max(w.End, x.End)
			}
			windows = append(windows, w)
		}
	}
	if len(munis) < 8 || exceptions == 0 || cancelled != 1 {
		t.Errorf("orders in %d municipalities, %d with exceptions, %d cancelled", len(munis), exceptions, cancelled)
	}
	for i, w := range windows {
		others := append(append([]addon.Window{}, windows[:i]...), windows[i+1:]...)
		if over, bad := addon.CheckCapacity(addon.Capacity+1, others, w); bad {
			t.Errorf("more than %d municipalities in training on %s: %v", addon.Capacity, over.Day, over.Municipalities)
		}
	}
	for code, name := range map[string]string{"101": "Jonas Vestergaard", "751": "Sofie Nørgaard"} {
		ag, err := a.Agreement(ctx, nil, "ksd", code)
		if err != nil {
			t.Fatal(err)
		}
		if ag.Agreement.TrainingLead != name || len(ag.Orders) == 0 {
			t.Errorf("%s: training lead %q, %d orders", code, ag.Agreement.TrainingLead, len(ag.Orders))
		}
	}
}

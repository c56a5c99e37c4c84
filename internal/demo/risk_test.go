package demo_test

import (
	"context"
	"testing"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/risk"
)

// The demo's risk registers are consistent with its dates: risks in
// several municipalities, none registered after today or more than six
// months before go-live; the central register with a supplier-owned risk;
// lessons from earlier waves reach a later wave's municipality.
func TestDemoRisks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full demo")
	}
	t.Parallel()
	a, today := loadedDemo(t, "2026-12-07")
	ctx := context.Background()
	all, err := a.AllRisks(ctx, nil, "ksd", app.RiskListFilter{}, today)
	if err != nil {
		t.Fatal(err)
	}
	munis := map[string]bool{}
	levels := map[risk.Level]int{}
	closed := 0
	for _, r := range all.Risks {
		levels[r.Level]++
		if r.Municipality != "" {
			munis[r.Municipality] = true
		}
		if r.Registered > today {
			t.Errorf("%s registered %s, after today", r.ID, r.Registered)
		}
		if r.Status == risk.Closed && r.Lesson != "" {
			closed++
		}
	}
	if len(munis) < 5 || levels[risk.Central] < 3 || levels[risk.Hypercare] < 1 || closed == 0 || all.Overdue == 0 {
		t.Fatalf("demo risks: %d municipalities, levels %v, %d closed with a lesson, %d overdue", len(munis), levels, closed, all.Overdue)
	}
	sup, err := a.AllRisks(ctx, nil, "ksd", app.RiskListFilter{SupplierOwned: true, Level: "central"}, today)
	if err != nil || len(sup.Risks) == 0 {
		t.Fatalf("supplier-owned central risks: %v %v", sup, err)
	}
	// A municipality of a later wave sees lessons; its register page works.
	ov, err := a.Overview(ctx, nil, "ksd", today)
	if err != nil {
		t.Fatal(err)
	}
	lessons := 0
	for _, m := range ov.Municipalities {
		if m.GoLive > today {
			v, err := a.RiskRegister(ctx, nil, "ksd", m.Code, today)
			if err != nil {
				t.Fatal(err)
			}
			lessons = max(lessons, len(v.Lessons))
			for _, r := range v.Risks {
				if r.Registered < m.GoLive.AddMonths(-6) {
					t.Errorf("%s: %s registered %s, before the register started", m.Code, r.ID, r.Registered)
				}
			}
		}
	}
	if lessons == 0 {
		t.Error("no later-wave municipality sees a lesson")
	}
}

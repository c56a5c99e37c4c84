package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
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
	waves := map[risk.Level]map[int]bool{risk.Municipal: {}, risk.Hypercare: {}}
	closed := 0
	for _, r := range all.Risks {
		levels[r.Level]++
		if r.Level != risk.Central {
			waves[r.Level][r.Wave] = true
		}
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
	if len(munis) < 5 || levels[risk.Central] < 3 || levels[risk.Hypercare] < 2 || closed == 0 || all.Overdue == 0 ||
		len(waves[risk.Municipal]) < 3 || len(waves[risk.Hypercare]) < 2 {
		t.Fatalf("demo risks: %d municipalities, levels %v, waves %v, %d closed with a lesson, %d overdue", len(munis), levels, waves, closed, all.Overdue)
	}
	// Each register at the centre's level has its page's figures; the
	// hypercare registers belong to waves that have gone live.
	for w := range waves[risk.Hypercare] {
		v, err := a.CentralRegister(ctx, nil, "ksd", risk.Hypercare, w, today)
		if err != nil || len(v.Risks) == 0 || v.Risks[0].Registered > today {
			t.Errorf("wave %d's hypercare register: %+v %v", w, v, err)
		}
	}
	// The history shows the closing, field by field.
	for _, r := range all.Risks {
		if r.Status != risk.Closed {
			continue
		}
		h, err := a.RiskHistory(ctx, nil, "ksd", r.Municipality, r.Key)
		if err != nil || len(h) != 2 || !strings.Contains(h[1].Message, "Status: Åben → Lukket") {
			t.Errorf("history of the closed %s: %+v %v", r.ID, h, err)
		}
		break
	}
	// Observers' figures add up to the list.
	sum, err := a.RiskSummary(ctx, nil, "ksd", today)
	if err != nil || sum.Total != len(all.Risks) || len(sum.ByWave) < 3 {
		t.Errorf("summary %+v %v, want %d risks in 3 or more waves", sum, err, len(all.Risks))
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
	goLive := map[string]model.Date{}
	for _, m := range ov.Municipalities {
		goLive[m.Code] = m.GoLive
	}
	lessons := 0
	for _, m := range ov.Municipalities {
		if m.GoLive > today {
			v, err := a.RiskRegister(ctx, nil, "ksd", m.Code, today)
			if err != nil {
				t.Fatal(err)
			}
			lessons = max(lessons, len(v.Lessons))
			// Lessons come from earlier waves, closed after their go-live.
			for _, l := range v.Lessons {
				if l.Wave >= m.Wave || l.Status != risk.Closed || l.Lesson == "" || l.Level == risk.Central {
					t.Errorf("%s (wave %d) is shown %s of wave %d, level %s", m.Code, m.Wave, l.ID, l.Wave, l.Level)
				}
				if gl, ok := goLive[l.Municipality]; l.Level == risk.Municipal && (!ok || l.UpdatedAt.Before(gl.Time())) {
					t.Errorf("%s's lesson %s was closed %s, before its go-live %s", l.Municipality, l.ID, l.UpdatedAt, gl)
				}
			}
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

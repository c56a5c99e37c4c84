package app_test

import (
	"context"
	"testing"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/store/storetest"
)

// The demo KSD catalogue's dependencies must agree with its own dates: on a
// plan where nothing has slipped, every task's early start is its planned
// start (a dependency that contradicts the dates would push it later).
func TestKSDDependenciesAgreeWithItsDates(t *testing.T) {
	ctx := context.Background()
	a := newApp(t, storetest.SQLiteURL(t))
	cats, err := data.DemoCatalogues()
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range cats {
		if _, err := a.Publish(ctx, app.System("koordinator"), name, b, ""); err != nil {
			t.Fatalf("publish %s: %v", name, err)
		}
	}
	if _, err := a.Enrol(ctx, app.System("koordinator"), "ksd", []app.Enrolment{{Code: "151", GoLive: date("2027-03-01"), Wave: 3}}); err != nil {
		t.Fatal(err)
	}
	v, err := a.Schedule(ctx, nil, "ksd", "151", date("2025-01-01"))
	if err != nil {
		t.Fatal(err)
	}
	links := 0
	for _, x := range v.Tasks {
		links += len(x.DependsOn)
		if x.ES != x.Start {
			t.Errorf("%s: early start %s, planned %s – its dependencies %v contradict the catalogue's dates", x.Key, x.ES, x.Start, x.DependsOn)
		}
		if x.TotalFloat < 0 {
			t.Errorf("%s: negative float %d on an untouched plan", x.Key, x.TotalFloat)
		}
	}
	if links < 20 {
		t.Errorf("KSD has %d dependencies, want the chains to go-live (≥ 20)", links)
	}
	if v.GoLiveAtRisk || len(v.CriticalPath) == 0 {
		t.Errorf("untouched plan: at risk %v, critical path %v", v.GoLiveAtRisk, v.CriticalPath)
	}
	t.Logf("critical path %v; declared kritisk with float: %d tasks; critical but not declared: %v",
		v.CriticalPath, len(v.DeclaredWithFloat), v.UndeclaredCritical)
}

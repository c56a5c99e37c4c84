package demo_test

import (
	"context"
	"testing"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// The demo fills in task pages: København's KSD styregruppe task has its
// minutes attached, the first school's superbruger task a CSV, and the
// checklists of completed tasks are ticked.
func TestDemoTaskExtras(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full demo")
	}
	t.Parallel()
	a, today := loadedDemo(t, "2027-07-15")
	ctx := context.Background()
	find := func(key, code, task string, institution bool) (app.TaskView, app.TaskExtras) {
		t.Helper()
		p, err := a.Plan(ctx, nil, key, code, today)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range p.Tasks {
			if x.Key == task && (x.InstitutionName != "") == institution {
				ex, err := a.TaskExtras(ctx, nil, x.ID)
				if err != nil {
					t.Fatal(err)
				}
				return x, ex
			}
		}
		t.Fatalf("%s %s has no %s", key, code, task)
		return app.TaskView{}, app.TaskExtras{}
	}
	_, x := find("ksd", "101", "ksd-ps-04", false)
	if len(x.Documents) != 1 || x.Documents[0].Name != "Referat af styregruppemøde.txt" || x.Documents[0].ContentType != "text/plain; charset=utf-8" {
		t.Errorf("ksd-ps-04 in København: documents %+v", x.Documents)
	}
	if len(x.Checklist) == 0 {
		t.Error("ksd-ps-04 has no checklist in the demo catalogue")
	}
	_, x = find("samarbejdsplatformen", "101", "sp-ud-03", true)
	if len(x.Documents) != 1 || x.Documents[0].ContentType != "text/csv; charset=utf-8" {
		t.Errorf("sp-ud-03 at København's first school: documents %+v", x.Documents)
	}
	_, x = find("ksd", "101", "ksd-ps-06", false)
	if len(x.Links) != 1 || len(x.CatalogueLinks) != 0 {
		t.Errorf("ksd-ps-06 in København: links %+v, catalogue links %+v", x.Links, x.CatalogueLinks)
	}
	// Checklists: ticked exactly as the task's status says.
	ticked := 0
	for _, code := range []string{"101", "751", "147"} {
		p, err := a.Plan(ctx, nil, "ksd", code, today)
		if err != nil {
			t.Fatal(err)
		}
		for _, task := range p.Tasks {
			ex, err := a.TaskExtras(ctx, nil, task.ID)
			if err != nil {
				t.Fatal(err)
			}
			for i, e := range ex.Checklist {
				want := task.Status == model.Completed || task.Status == model.Started && i == 0
				if e.Done != want {
					t.Errorf("%s %s (%s) item %d done=%v", code, task.Key, task.Status, i, e.Done)
				}
				if e.Done {
					ticked++
				}
			}
		}
	}
	if ticked < 20 {
		t.Errorf("only %d checklist items ticked in the demo's KSD plans", ticked)
	}
}

package web

import (
	"testing"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// TestGroupPlan: an institution task is one row counted from its buckets
// (how many, done, by colour, its dates spanning them), narrowed by the
// filter per bucket; the municipality's own tasks are rows of their own.
func TestGroupPlan(t *testing.T) {
	im := &model.ImplementationModel{Phases: []model.Phase{{Key: "2.1", Name: "Forberedelse"}}, Themes: []model.Theme{{Key: "org", Name: "Organisation"}}}
	task := func(id, inst int64, key string, typ model.TaskType, st model.Status, c model.Colour) app.TaskView {
		var x app.TaskView
		x.ID, x.InstitutionID, x.Key, x.Phase, x.Theme, x.Type, x.Status, x.Colour, x.Executor = id, inst, key, "2.1", "org", typ, st, c, "Skoleleder"
		return x
	}
	d := func(s string) model.Date { v, _ := model.ParseDate(s); return v }
	g := &app.GroupedPlan{PlanView: &app.PlanView{Tasks: []app.TaskView{
		task(1, 0, "m-krit", model.Critical, model.NotStarted, model.Red),
		task(2, 7, "m-inst", model.Mandatory, model.Completed, model.Green),
	}}, Buckets: map[string][]app.InstanceBucket{"m-inst": {
		{InstanceBucket: store.InstanceBucket{Key: "m-inst", Type: model.Mandatory, Status: model.Completed, End: d("2027-02-17"), N: 3, Start: d("2027-02-08")}, Colour: model.Green},
		{InstanceBucket: store.InstanceBucket{Key: "m-inst", Type: model.Mandatory, Status: model.NotStarted, End: d("2027-04-21"), N: 2, Start: d("2027-04-12")}, Colour: model.Yellow},
	}}}
	rowOf := func(f planFilter) *planRow {
		for _, ph := range groupPlan(g, im, f) {
			for i, r := range ph.Rows {
				if r.Key == "m-inst" {
					return &ph.Rows[i]
				}
			}
		}
		return nil
	}
	r := rowOf(planFilter{})
	if r == nil || r.Institutions != 5 || r.Done != 3 || r.ByStatus != (model.Counts{Green: 3, Yellow: 2}) || r.Colour != model.Yellow ||
		r.Start != d("2027-02-08") || r.End != d("2027-04-21") {
		t.Errorf("all: %+v", r)
	}
	r = rowOf(planFilter{Status: model.Completed})
	if r == nil || r.Institutions != 3 || r.Done != 3 || r.Colour != model.Green || r.Start != d("2027-02-08") || r.End != d("2027-02-17") {
		t.Errorf("completed only: %+v", r)
	}
	if r := rowOf(planFilter{Colour: model.Red}); r != nil {
		t.Errorf("red only: the institution task is listed: %+v", r)
	}
	if phs := groupPlan(g, im, planFilter{Colour: model.Red}); len(phs) != 1 || len(phs[0].Rows) != 1 || phs[0].Rows[0].Key != "m-krit" {
		t.Errorf("red only: %+v", phs)
	}
}

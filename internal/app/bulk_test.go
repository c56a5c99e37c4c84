package app_test

import (
	"context"
	"testing"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

func TestBulkSetStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newApp(t, url)
		publish(t, a, "testdata/mini-v1.yaml")
		if _, err := a.Enrol(ctx, app.System("k"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		plan, _ := a.Plan(ctx, nil, "mini", "101", date("2027-02-02"))
		krit, obl, valg := taskByKey(t, plan, "m-krit"), taskByKey(t, plan, "m-obl"), taskByKey(t, plan, "m-valg")
		var schools []app.TaskView
		for _, x := range plan.Tasks {
			if x.Key == "m-inst" {
				schools = append(schools, x)
			}
		}
		up := func(x app.TaskView, s model.Status, comment string) app.StatusUpdate {
			return app.StatusUpdate{ID: x.ID, StatusChange: app.StatusChange{Status: s, Comment: comment, Version: x.Version}}
		}
		good := []app.StatusUpdate{
			up(krit, model.Completed, "  Underskrevet "),
			up(valg, model.NotRelevant, ""),
			up(schools[0], model.Started, "I gang"),
			up(schools[1], model.Started, "I gang"),
		}

		refused := []struct {
			name string
			bad  app.StatusUpdate
			want app.Code
		}{
			{"ikke relevant on a mandatory task", up(obl, model.NotRelevant, ""), app.CodeInvalid},
			{"stale version", app.StatusUpdate{ID: obl.ID, StatusChange: app.StatusChange{Status: model.Started, Version: obl.Version + 1}}, app.CodeConflict},
			{"same instance twice", up(krit, model.Started, ""), app.CodeInvalid},
			{"unknown task", app.StatusUpdate{ID: 999999, StatusChange: app.StatusChange{Status: model.Started, Version: 1}}, app.CodeNotFound},
			{"missing version", app.StatusUpdate{ID: obl.ID, StatusChange: app.StatusChange{Status: model.Started}}, app.CodeInvalid},
		}
		for _, tt := range refused {
			t.Run(tt.name, func(t *testing.T) {
				n, err := a.BulkSetStatus(ctx, app.System("pl@101"), append(append([]app.StatusUpdate{}, good...), tt.bad))
				if app.ErrorCode(err) != tt.want || n != 0 {
					t.Fatalf("n = %d, err = %v, want %s", n, err, tt.want)
				}
			})
		}
		// Nothing of a refused call was written.
		if _, h, _ := a.Task(ctx, nil, krit.ID, date("2027-02-02")); len(h) != 0 {
			t.Fatalf("refused bulk changes left history: %+v", h)
		}

		n, err := a.BulkSetStatus(ctx, app.System("pl@101"), good)
		if err != nil || n != len(good) {
			t.Fatalf("n = %d, err = %v", n, err)
		}
		view, h, _ := a.Task(ctx, nil, krit.ID, date("2027-02-02"))
		if view.Status != model.Completed || view.StatusComment != "Underskrevet" || view.Version != krit.Version+1 || view.StatusBy != "pl@101" {
			t.Errorf("after bulk change: %+v", view.TaskInstance)
		}
		if len(h) != 1 || h[0].Kind != model.EventStatus || h[0].From != model.NotStarted || h[0].To != model.Completed ||
			h[0].Actor != "pl@101" || h[0].Comment != "Underskrevet" {
			t.Errorf("history = %+v", h)
		}
		// The overview's counts follow (m-krit ended 2027-02-01: green now, not red).
		ov, _ := a.Overview(ctx, nil, "mini", date("2027-02-02"))
		if c := ov.Municipalities[0].Counts; c.Green != 1 || c.Red != 0 {
			t.Errorf("overview counts after bulk change: %+v", c)
		}
		// The old versions are now stale.
		if _, err := a.BulkSetStatus(ctx, app.System("pl@101"), good[:1]); app.ErrorCode(err) != app.CodeConflict {
			t.Errorf("replayed bulk change: err = %v, want conflict", err)
		}
		// Withdrawn tasks cannot be changed.
		publish(t, a, "testdata/mini-v2.yaml") // withdraws m-valg
		plan, _ = a.Plan(ctx, nil, "mini", "101", date("2027-02-02"))
		valg = taskByKey(t, plan, "m-valg")
		if _, err := a.BulkSetStatus(ctx, app.System("pl"), []app.StatusUpdate{up(valg, model.Started, "")}); app.ErrorCode(err) != app.CodeInvalid {
			t.Errorf("withdrawn task: err = %v, want invalid", err)
		}
	})
}

package app_test

import (
	"context"
	"testing"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/paging"
	"github.com/udrul/udrul/internal/store/storetest"
)

// The catalogue, enrolment and status use cases check their caller
// themselves (package access), so that no caller — another endpoint, the
// command line — can skip the policy the routes apply.
func TestUseCasesCheckTheCaller(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, _ := newAuthApp(t, url)
		coord := signIn(t, a, "k@kombit.dk", "Karen Koordinator", access.Coordinator, "kombit")
		obs := signIn(t, a, "o@kombit.dk", "Otto Observatør", access.Observer, "kombit")
		pl := signIn(t, a, "pl@kk.dk", "Pia Projektleder", access.ProjectLead, "101")
		other := signIn(t, a, "pl@frb.dk", "Frida Projektleder", access.ProjectLead, "147")
		src := miniCatalogue(t, nil)

		// Publishing and enrolling are the centre's coordinators'.
		_, err := a.PreviewPublish(ctx, pl, "mini-v1.yaml", src, "")
		wantCode(t, "PreviewPublish by a project lead", err, app.CodeForbidden)
		_, err = a.Publish(ctx, obs, "mini-v1.yaml", src, "")
		wantCode(t, "Publish by an observer", err, app.CodeForbidden)
		if _, err := a.Publish(ctx, coord, "mini-v1.yaml", src, ""); err != nil {
			t.Fatal(err)
		}
		_, err = a.ImportCatalogueXLSX(ctx, pl, "mini", "mini.xlsx", []byte("x"))
		wantCode(t, "ImportCatalogueXLSX by a project lead", err, app.CodeForbidden)
		_, err = a.PreviewCatalogueEdit(ctx, pl, "mini", app.CatalogueEdit{BasedOn: 1})
		wantCode(t, "PreviewCatalogueEdit by a project lead", err, app.CodeForbidden)
		if f, err := a.CatalogueFile(ctx, pl, "mini"); err != nil || f.Version != 1 {
			t.Errorf("the published standard is not readable to a project lead: %v", err)
		}
		es := []app.Enrolment{{Code: "101", GoLive: date("2027-06-01"), Wave: 1}, {Code: "147", GoLive: date("2027-06-01"), Wave: 1}}
		_, err = a.Enrol(ctx, pl, "mini", es)
		wantCode(t, "Enrol by a project lead", err, app.CodeForbidden)
		if _, err := a.Enrol(ctx, coord, "mini", es); err != nil {
			t.Fatal(err)
		}

		// A task's status: its own municipality's project lead, not another's.
		own, err := a.Plan(ctx, nil, "mini", "101", date("2027-02-01"))
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := a.Plan(ctx, nil, "mini", "147", date("2027-02-01"))
		if err != nil {
			t.Fatal(err)
		}
		mine, foreign := own.Tasks[0], theirs.Tasks[0]

		// Reading: a municipality's own data, and the national views for the centre.
		if _, err := a.Plan(ctx, pl, "mini", "101", date("2027-02-01")); err != nil {
			t.Errorf("Plan of the own municipality: %v", err)
		}
		_, err = a.Plan(ctx, pl, "mini", "147", date("2027-02-01"))
		wantCode(t, "Plan of another municipality", err, app.CodeForbidden)
		_, err = a.Schedule(ctx, pl, "mini", "147", date("2027-02-01"))
		wantCode(t, "Schedule of another municipality", err, app.CodeForbidden)
		_, err = a.Incidents(ctx, pl, "mini", "147")
		wantCode(t, "Incidents of another municipality", err, app.CodeForbidden)
		_, err = a.Plan(ctx, pl, "mini", "999", date("2027-02-01"))
		wantCode(t, "Plan of a municipality that does not exist", err, app.CodeNotFound)
		_, err = a.TaskExtras(ctx, pl, foreign.ID)
		wantCode(t, "TaskExtras of another municipality's task", err, app.CodeForbidden)
		_, err = a.Overview(ctx, pl, "mini", date("2027-02-01"))
		wantCode(t, "Overview by a project lead", err, app.CodeForbidden)
		if _, err := a.Overview(ctx, obs, "mini", date("2027-02-01")); err != nil {
			t.Errorf("Overview by an observer: %v", err)
		}
		// The lists across municipalities (issue 15) are national views too.
		_, err = a.TaskInstances(ctx, pl, "mini", date("2027-02-01"), paging.Query{Limit: 10})
		wantCode(t, "TaskInstances by a project lead", err, app.CodeForbidden)
		_, err = a.TaskAcrossMunicipalities(ctx, pl, "mini", mine.Key, date("2027-02-01"), paging.Query{Limit: 10})
		wantCode(t, "TaskAcrossMunicipalities by a project lead", err, app.CodeForbidden)
		err = a.ExportOverviewEach(ctx, pl, "mini", date("2027-02-01"), nil)
		wantCode(t, "ExportOverviewEach by a project lead", err, app.CodeForbidden)
		if p, err := a.TaskAcrossMunicipalities(ctx, obs, "mini", mine.Key, date("2027-02-01"), paging.Query{Limit: 10}); err != nil || p.Page.Total != 2 {
			t.Errorf("TaskAcrossMunicipalities by an observer: %v", err)
		}
		_, err = a.Worklist(ctx, pl, "mini", date("2027-02-01"), app.WorklistOptions{})
		wantCode(t, "Worklist by a project lead", err, app.CodeForbidden)
		_, _, err = a.Task(ctx, pl, foreign.ID, date("2027-02-01"))
		wantCode(t, "Task of another municipality", err, app.CodeForbidden)
		if _, _, err := a.Task(ctx, pl, mine.ID, date("2027-02-01")); err != nil {
			t.Errorf("Task of the own municipality: %v", err)
		}
		_, err = a.SetStatus(ctx, other, mine.ID, app.StatusChange{Status: model.Started, Version: mine.Version})
		wantCode(t, "SetStatus of another municipality's task", err, app.CodeForbidden)
		_, err = a.SetStatus(ctx, obs, mine.ID, app.StatusChange{Status: model.Started, Version: mine.Version})
		wantCode(t, "SetStatus by an observer", err, app.CodeForbidden)
		_, err = a.SetStatus(ctx, pl, 999999, app.StatusChange{Status: model.Started, Version: 1})
		wantCode(t, "SetStatus of a task that does not exist", err, app.CodeNotFound)
		// All or nothing: one foreign task refuses the whole change.
		_, err = a.BulkSetStatus(ctx, pl, []app.StatusUpdate{
			{ID: mine.ID, StatusChange: app.StatusChange{Status: model.Started, Version: mine.Version}},
			{ID: foreign.ID, StatusChange: app.StatusChange{Status: model.Started, Version: foreign.Version}},
		})
		wantCode(t, "BulkSetStatus with another municipality's task", err, app.CodeForbidden)
		if v, h, err := a.Task(ctx, pl, mine.ID, date("2027-02-01")); err != nil || len(h) != 0 || v.Version != mine.Version {
			t.Errorf("a refused bulk change wrote: version %d, history %v, %v", v.Version, h, err)
		}
		v, err := a.SetStatus(ctx, pl, mine.ID, app.StatusChange{Status: model.Started, Version: mine.Version})
		if err != nil || v.Status != model.Started {
			t.Fatalf("own project lead's change: %+v, %v", v, err)
		}
		if _, h, _ := a.Task(ctx, nil, mine.ID, date("2027-02-01")); len(h) != 1 || h[0].Actor != pl.Actor() {
			t.Errorf("history %+v: want one entry by %q", h, pl.Actor())
		}
	})
}

package app_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

func date(s string) model.Date {
	d, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// newApp returns an App on a fresh database with three municipalities;
// København has two schools.
func newApp(t *testing.T, url string) *app.App {
	t.Helper()
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.Open(t, url)
	a := app.New(db, im, slog.New(slog.NewTextHandler(io.Discard, nil)), func() time.Time {
		return time.Date(2027, 2, 1, 12, 0, 0, 0, time.UTC)
	})
	munis := []model.Organisation{
		{Kind: model.OrgMunicipality, Code: "101", Name: "København", RegionName: "Region Hovedstaden", Population: 667099},
		{Kind: model.OrgMunicipality, Code: "147", Name: "Frederiksberg", RegionName: "Region Hovedstaden", Population: 105840},
		{Kind: model.OrgMunicipality, Code: "151", Name: "Ballerup", RegionName: "Region Hovedstaden", Population: 52939},
	}
	insts := []app.Institution{
		{Municipality: "101", Org: model.Organisation{Code: "101-s01", Name: "Skole A", Category: model.CategorySchool}},
		{Municipality: "101", Org: model.Organisation{Code: "101-s02", Name: "Skole B", Category: model.CategorySchool}},
	}
	if err := a.LoadOrganisations(context.Background(), munis, insts); err != nil {
		t.Fatal(err)
	}
	return a
}

// miniCatalogue is testdata/mini-v1.yaml with edit (if not nil) applied to
// its text: the one way a test derives a catalogue from the mini one.
func miniCatalogue(t *testing.T, edit func(string) string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/mini-v1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if edit == nil {
		return b
	}
	return []byte(edit(string(b)))
}

// publishMini publishes miniCatalogue(t, edit) as udrul's coordinator.
func publishMini(t *testing.T, a *app.App, edit func(string) string) *app.PublishResult {
	t.Helper()
	res, err := a.Publish(context.Background(), app.System("koordinator"), "mini.yaml", miniCatalogue(t, edit), "")
	if err != nil {
		t.Fatalf("publish the mini catalogue: %v", err)
	}
	return res
}

func publish(t *testing.T, a *app.App, file string) *app.PublishResult {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.Publish(context.Background(), app.System("koordinator"), file, b, "")
	if err != nil {
		t.Fatalf("publish %s: %v", file, err)
	}
	return res
}

func taskByKey(t *testing.T, p *app.PlanView, key string) app.TaskView {
	t.Helper()
	for _, x := range p.Tasks {
		if x.Key == key && x.InstitutionID == 0 {
			return x
		}
	}
	t.Fatalf("task %s not in plan", key)
	return app.TaskView{}
}

func TestCatalogueToPlansToTrafficLights(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newApp(t, url)
		res := publish(t, a, "testdata/mini-v1.yaml")
		if !res.Created || res.Version != 1 || len(res.Changes) != 5 {
			t.Fatalf("first publication = %+v", res)
		}
		// Go-live Monday 1 March 2027.
		_, err := a.Enrol(ctx, app.System("koordinator"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1}, {Code: "147", GoLive: date("2027-04-05"), Wave: 2}})
		if err != nil {
			t.Fatal(err)
		}
		plan, err := a.Plan(ctx, nil, "mini", "101", date("2027-02-01"))
		if err != nil {
			t.Fatal(err)
		}
		// 4 municipality tasks + 1 institution task × 2 schools.
		if len(plan.Tasks) != 6 {
			t.Fatalf("København has %d task instances, want 6", len(plan.Tasks))
		}
		krit := taskByKey(t, plan, "m-krit")
		if krit.Start != date("2027-01-18") || krit.End != date("2027-02-01") {
			t.Errorf("m-krit dates %s–%s, want 2027-01-18–2027-02-01 (30 and 20 working days before go-live)", krit.Start, krit.End)
		}
		// Idriftsættelse is 5 working days before go-live (Monday 22 Feb); the task runs 0..2 from it.
		if x := taskByKey(t, plan, "m-idrift"); x.Start != date("2027-02-22") || x.End != date("2027-02-24") {
			t.Errorf("m-idrift dates %s–%s", x.Start, x.End)
		}
		if krit.Colour != model.Yellow {
			t.Errorf("m-krit on its end date, not started: colour %s, want yellow", krit.Colour)
		}
		// Follow-up extract as of its end date lists it.
		fu, err := a.Followup(ctx, nil, "mini", date("2027-02-01"))
		if err != nil {
			t.Fatal(err)
		}
		if len(fu) != 1 || fu[0].Key != "m-krit" || fu[0].Municipality != "101" {
			t.Fatalf("followup = %+v", fu)
		}
		// The next day it is red, and the municipality rolls up red.
		ov, err := a.Overview(ctx, nil, "mini", date("2027-02-02"))
		if err != nil {
			t.Fatal(err)
		}
		if ov.Municipalities[0].Code != "101" || ov.Municipalities[0].Colour != model.Red {
			t.Fatalf("overview[0] = %+v", ov.Municipalities[0])
		}
		// Completing it turns it green; a stale version is refused and changes nothing.
		_, err = a.SetStatus(ctx, app.System("pl@101"), krit.ID, app.StatusChange{Status: model.Completed, Comment: "Underskrevet", Version: krit.Version})
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.SetStatus(ctx, app.System("other@101"), krit.ID, app.StatusChange{Status: model.Started, Version: krit.Version})
		if app.ErrorCode(err) != app.CodeConflict {
			t.Fatalf("stale version: err = %v, want conflict", err)
		}
		view, history, err := a.Task(ctx, nil, krit.ID, date("2027-02-02"))
		if err != nil {
			t.Fatal(err)
		}
		if view.Status != model.Completed || view.Colour != model.Green || len(history) != 1 || history[0].Actor != "pl@101" {
			t.Fatalf("after completion: %s %s history %+v", view.Status, view.Colour, history)
		}
		ov, _ = a.Overview(ctx, nil, "mini", date("2027-02-02"))
		if got := ov.Municipalities[0]; got.Counts.Green != 1 || got.Counts.Red != 0 {
			t.Errorf("København after completion: %+v", got.Counts)
		}
		if len(ov.Waves) != 2 || ov.Waves[0].Municipalities != 1 {
			t.Errorf("waves = %+v", ov.Waves)
		}
	})
}

func TestStatusRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newApp(t, url)
		publish(t, a, "testdata/mini-v1.yaml")
		if _, err := a.Enrol(ctx, app.System("k"), "mini", []app.Enrolment{{Code: "151", GoLive: date("2027-03-01"), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		plan, _ := a.Plan(ctx, nil, "mini", "151", date("2027-02-01"))
		obl, valg := taskByKey(t, plan, "m-obl"), taskByKey(t, plan, "m-valg")
		tests := []struct {
			name string
			id   int64
			ch   app.StatusChange
			want app.Code
		}{
			{"ikke relevant on a mandatory task", obl.ID, app.StatusChange{Status: model.NotRelevant, Version: obl.Version}, app.CodeInvalid},
			{"unknown status", obl.ID, app.StatusChange{Status: "done", Version: obl.Version}, app.CodeInvalid},
			{"same status", obl.ID, app.StatusChange{Status: model.NotStarted, Version: obl.Version}, app.CodeInvalid},
			{"missing version", obl.ID, app.StatusChange{Status: model.Started}, app.CodeInvalid},
			{"unknown task", 999999, app.StatusChange{Status: model.Started, Version: 1}, app.CodeNotFound},
			{"too long comment", obl.ID, app.StatusChange{Status: model.Started, Version: obl.Version, Comment: strings.Repeat("x", 4001)}, app.CodeInvalid},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := a.SetStatus(ctx, app.System("pl"), tt.id, tt.ch)
				if got := app.ErrorCode(err); got != tt.want {
					t.Fatalf("code = %s (%v), want %s", got, err, tt.want)
				}
			})
		}
		if _, err := a.SetStatus(ctx, app.System("pl"), valg.ID, app.StatusChange{Status: model.NotRelevant, Version: valg.Version}); err != nil {
			t.Errorf("ikke relevant on an optional task: %v", err)
		}
		if _, h, _ := a.Task(ctx, nil, obl.ID, date("2027-02-01")); len(h) != 0 {
			t.Errorf("refused changes left history: %+v", h)
		}
	})
}

func TestPublishNewVersionKeepsMunicipalWork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newApp(t, url)
		publish(t, a, "testdata/mini-v1.yaml")
		if _, err := a.Enrol(ctx, app.System("k"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1}, {Code: "147", GoLive: date("2027-04-05"), Wave: 2}}); err != nil {
			t.Fatal(err)
		}
		plan, _ := a.Plan(ctx, nil, "mini", "101", date("2027-02-01"))
		krit, valg := taskByKey(t, plan, "m-krit"), taskByKey(t, plan, "m-valg")
		if _, err := a.SetStatus(ctx, app.System("pl"), krit.ID, app.StatusChange{Status: model.Started, Comment: "I gang", Version: krit.Version}); err != nil {
			t.Fatal(err)
		}
		res := publish(t, a, "testdata/mini-v2.yaml")
		if res.Version != 2 || res.Created {
			t.Fatalf("result %+v", res)
		}
		kinds := map[string]catalogue.ChangeKind{}
		for _, c := range res.Changes {
			kinds[c.Key] = c.Kind
		}
		want := map[string]catalogue.ChangeKind{"m-krit": catalogue.Changed, "m-obl": catalogue.Changed, "m-valg": catalogue.Withdrawn, "m-ny": catalogue.Added}
		for k, v := range want {
			if kinds[k] != v {
				t.Errorf("change of %s = %q, want %q", k, kinds[k], v)
			}
		}
		if len(res.Municipalities) != 2 {
			t.Errorf("summary names %d municipalities, want 2", len(res.Municipalities))
		}
		plan, _ = a.Plan(ctx, nil, "mini", "101", date("2027-02-01"))
		krit2 := taskByKey(t, plan, "m-krit")
		if krit2.Status != model.Started || krit2.StatusComment != "I gang" {
			t.Errorf("status lost: %s %q", krit2.Status, krit2.StatusComment)
		}
		if krit2.End != date("2027-02-03") {
			t.Errorf("m-krit end = %s, want 2027-02-03 (18 working days before go-live)", krit2.End)
		}
		if !strings.Contains(taskByKey(t, plan, "m-obl").Description, "og hvordan") {
			t.Error("changed text did not reach the plan")
		}
		if v := taskByKey(t, plan, "m-valg"); !v.Withdrawn || v.ID != valg.ID {
			t.Errorf("withdrawn task: %+v", v)
		}
		if taskByKey(t, plan, "m-ny").ID == 0 {
			t.Error("new task missing")
		}
		_, h, _ := a.Task(ctx, nil, krit.ID, date("2027-02-01"))
		if len(h) != 2 || h[0].Kind != model.EventStatus || h[1].Kind != model.EventCatalogue || h[1].CatalogueVersion != 2 {
			t.Errorf("history = %+v", h)
		}
		// Publishing the same file again changes nothing.
		if again := publish(t, a, "testdata/mini-v2.yaml"); !again.Unchanged || again.Version != 2 {
			t.Errorf("republish = %+v", again)
		}
		cat, err := a.Catalogue(ctx, "mini")
		if err != nil {
			t.Fatal(err)
		}
		if len(cat.Versions) != 2 || cat.Tasks[len(cat.Tasks)-1].WithdrawnVersion != 2 {
			t.Errorf("catalogue versions %d, last task %+v", len(cat.Versions), cat.Tasks[len(cat.Tasks)-1])
		}
	})
}

func TestBadCatalogueWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newApp(t, url)
		bad := miniCatalogue(t, func(s string) string { return strings.Replace(s, "type: kritisk", "type: kritisk\n    colour: red", 1) })
		_, err := a.Publish(ctx, app.System("k"), "bad.yaml", bad, "")
		var ae *app.Error
		if app.ErrorCode(err) != app.CodeInvalid || !errorsAs(err, &ae) || len(ae.Problems) != 1 {
			t.Fatalf("err = %v", err)
		}
		if p := ae.Problems[0]; p.File != "bad.yaml" || p.Line != 18 || p.Field != "tasks[0].colour" {
			t.Errorf("problem = %+v", p)
		}
		if ps, _ := a.Programmes(ctx); len(ps) != 0 {
			t.Errorf("programmes after a bad file: %+v", ps)
		}
		// A valid file whose dates are impossible for an enrolled plan is
		// refused whole: an offset that leaves the calendar for a plan going live in 2099.
		publish(t, a, "testdata/mini-v1.yaml")
		allowAnyGoLive(t, a, "mini") // 28.12.2099 is in the Christmas stop
		if _, err := a.Enrol(ctx, app.System("k"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2099-12-28"), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		v2, _ := os.ReadFile("testdata/mini-v2.yaml")
		far := strings.Replace(string(v2), "    start: -60\n    end: -50", "    start: 10\n    end: 50", 1)
		_, err = a.Publish(ctx, app.System("k"), "far.yaml", []byte(far), "")
		if app.ErrorCode(err) != app.CodeInvalid || !strings.Contains(err.Error(), "m-ny") || !strings.Contains(err.Error(), "101") {
			t.Fatalf("err = %v", err)
		}
		if cat, _ := a.Catalogue(ctx, "mini"); cat.Version != 1 || len(cat.Versions) != 1 {
			t.Errorf("version after refused publish = %d", cat.Version)
		}
	})
}

func TestEnrolRefusesBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newApp(t, url)
		publish(t, a, "testdata/mini-v1.yaml")
		tests := []struct {
			name string
			e    []app.Enrolment
			want app.Code
		}{
			{"unknown municipality", []app.Enrolment{{Code: "999", GoLive: date("2027-03-01")}}, app.CodeNotFound},
			{"go-live on a Saturday", []app.Enrolment{{Code: "101", GoLive: date("2027-03-06")}}, app.CodeInvalid},
			{"go-live on 2. påskedag", []app.Enrolment{{Code: "101", GoLive: date("2027-03-29")}}, app.CodeInvalid},
			{"second of two bad: none stored", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01")}, {Code: "999", GoLive: date("2027-03-01")}}, app.CodeNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := a.Enrol(ctx, app.System("k"), "mini", tt.e)
				if app.ErrorCode(err) != tt.want {
					t.Fatalf("err = %v, want %s", err, tt.want)
				}
			})
		}
		if ov, _ := a.Overview(ctx, nil, "mini", date("2027-02-01")); len(ov.Municipalities) != 0 {
			t.Errorf("plans after refused enrolments: %d", len(ov.Municipalities))
		}
	})
}

func TestPreviewPublishChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newApp(t, url)
		publish(t, a, "testdata/mini-v1.yaml")
		if _, err := a.Enrol(ctx, app.System("k"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile("testdata/mini-v2.yaml")
		pre, err := a.PreviewPublish(ctx, app.System("k"), "mini-v2.yaml", b, "mini")
		if err != nil {
			t.Fatal(err)
		}
		if pre.Version != 2 || len(pre.Changes) != 4 || len(pre.Municipalities) != 1 {
			t.Errorf("preview = %+v", pre)
		}
		if cat, _ := a.Catalogue(ctx, "mini"); cat.Version != 1 || len(cat.Versions) != 1 {
			t.Fatalf("preview changed the catalogue: version %d", cat.Version)
		}
		if plan, _ := a.Plan(ctx, nil, "mini", "101", date("2027-02-01")); len(plan.Tasks) != 6 {
			t.Errorf("preview changed the plan: %d tasks", len(plan.Tasks))
		}
		// The real publication gives the summary the preview showed.
		res := publish(t, a, "testdata/mini-v2.yaml")
		if res.Version != pre.Version || len(res.Changes) != len(pre.Changes) {
			t.Errorf("publish %+v differs from preview %+v", res, pre)
		}
	})
}

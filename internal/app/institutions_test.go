package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
	"github.com/udrul/udrul/internal/track"
)

// schoolsCatalogue is the mini catalogue as a schools track (institutions:
// skole), with edit applied to its text.
func schoolsCatalogue(t *testing.T, edit func(string) string) []byte {
	t.Helper()
	return miniCatalogue(t, func(src string) string {
		src = strings.Replace(src, "  warning_days: 3", "  institutions: skole\n  warning_days: 3", 1)
		if edit != nil {
			src = edit(src)
		}
		return src
	})
}

// instanceOf finds the instance of a task at a named institution.
func instanceOf(t *testing.T, p *app.PlanView, key, institution string) app.TaskView {
	t.Helper()
	for _, x := range p.Tasks {
		if x.Key == key && x.InstitutionName == institution {
			return x
		}
	}
	t.Fatalf("no %s at %q", key, institution)
	return app.TaskView{}
}

// A school pilots ahead of its municipality: its institution task counts
// back from its own date (Danish working days), is re-dated with history,
// turns the municipality's roll-up red when it is late, stays when the
// municipality's go-live moves, and follows a new catalogue version from
// its own date. Bad dates, another municipality's school, a day-care unit
// in a schools track and a stale version are refused naming the field, and
// nothing is written.
func TestInstitutionOwnGoLive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newApp(t, url)
		munis := []model.Organisation{{Kind: model.OrgMunicipality, Code: "101", Name: "København"}, {Kind: model.OrgMunicipality, Code: "147", Name: "Frederiksberg"}}
		if err := a.LoadOrganisations(ctx, munis, []app.Institution{
			{Municipality: "101", Org: model.Organisation{Code: "101-d01", Name: "Børnehuset Solsikken", Category: model.CategoryDayCare}},
			{Municipality: "147", Org: model.Organisation{Code: "147-s01", Name: "Skolen ved Søerne", Category: model.CategorySchool}},
		}); err != nil {
			t.Fatal(err)
		}
		sys := app.System("koordinator")
		if _, err := a.Publish(ctx, sys, "skoler.yaml", schoolsCatalogue(t, nil), ""); err != nil {
			t.Fatal(err)
		}
		// Go-live Monday 3 May 2027.
		if _, err := a.Enrol(ctx, sys, "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-05-03"), Wave: 1}, {Code: "147", GoLive: date("2027-04-05"), Wave: 2}}); err != nil {
			t.Fatal(err)
		}
		pl := signIn(t, a, "pl@kk.dk", "Pia Projektleder", access.ProjectLead, "101")
		frb := signIn(t, a, "pl@frb.dk", "Frede Frederiksberg", access.ProjectLead, "147")

		v, err := a.Institutions(ctx, pl, "mini", "101", date("2027-02-18"))
		if err != nil {
			t.Fatal(err)
		}
		if v.Step != track.StepA || v.InstitutionStep != track.StepB || len(v.Institutions) != 2 || v.Pilots != 0 {
			t.Fatalf("København's schools: %+v", v)
		}
		for _, in := range v.Institutions {
			if in.GoLive != date("2027-05-03") || in.Own || in.Pilot || in.Tasks != 1 {
				t.Errorf("%s before any own date: %+v", in.Name, in)
			}
		}
		ov, err := a.Overview(ctx, nil, "mini", date("2027-02-18"))
		if err != nil {
			t.Fatal(err)
		}
		if c := ov.Municipalities[0].Colour; c == model.Red {
			t.Fatalf("København is red before the pilot: %s", c)
		}

		// Bad input: nothing is written.
		for _, c := range []struct {
			name, inst, field string
			in                app.InstitutionGoLiveInput
		}{
			{"a Saturday", "101-s01", "golive", app.InstitutionGoLiveInput{GoLive: date("2027-02-27")}},
			{"Easter Monday", "101-s01", "golive", app.InstitutionGoLiveInput{GoLive: date("2027-03-29")}},
			{"in the winter blackout", "101-s01", "golive", app.InstitutionGoLiveInput{GoLive: date("2027-02-01")}},
			{"after the wave", "101-s01", "golive", app.InstitutionGoLiveInput{GoLive: date("2027-08-09")}},
			{"a pilot too early", "101-s01", "golive", app.InstitutionGoLiveInput{GoLive: date("2026-10-05")}},
			{"no date", "101-s01", "golive", app.InstitutionGoLiveInput{}},
			{"another municipality's school", "147-s01", "institution", app.InstitutionGoLiveInput{GoLive: date("2027-03-01")}},
			{"a day-care unit in the schools track", "101-d01", "institution", app.InstitutionGoLiveInput{GoLive: date("2027-03-01")}},
			{"no such institution", "999-x", "institution", app.InstitutionGoLiveInput{GoLive: date("2027-03-01")}},
		} {
			_, err := a.SetInstitutionGoLive(ctx, pl, "mini", "101", c.inst, c.in)
			if e, ok := err.(*app.Error); !ok || e.Code != app.CodeInvalid || e.Field != c.field {
				t.Errorf("%s: %v, want invalid %s", c.name, err, c.field)
			}
		}
		_, err = a.SetInstitutionGoLive(ctx, frb, "mini", "101", "101-s01", app.InstitutionGoLiveInput{GoLive: date("2027-03-01")})
		wantCode(t, "another municipality's project lead", err, app.CodeForbidden)
		plan, err := a.Plan(ctx, pl, "mini", "101", date("2027-02-18"))
		if err != nil {
			t.Fatal(err)
		}
		if x := instanceOf(t, plan, "m-inst", "Skole A"); x.End != date("2027-04-21") {
			t.Fatalf("refused requests moved Skole A's task to %s", x.End)
		}

		// Skole A pilots on Monday 1 March: 15 and 8 working days before.
		v, err = a.SetInstitutionGoLive(ctx, pl, "mini", "101", "101-s01", app.InstitutionGoLiveInput{GoLive: date("2027-03-01")})
		if err != nil {
			t.Fatal(err)
		}
		if v.Pilots != 1 || !v.Institutions[0].Pilot || !v.Institutions[0].Own || v.Institutions[0].Version != 1 || v.Institutions[1].Own {
			t.Fatalf("after the pilot: %+v", v.Institutions)
		}
		plan, err = a.Plan(ctx, pl, "mini", "101", date("2027-02-18"))
		if err != nil {
			t.Fatal(err)
		}
		xa, xb := instanceOf(t, plan, "m-inst", "Skole A"), instanceOf(t, plan, "m-inst", "Skole B")
		// Two schools' dates apart: the plan's page counts them apart.
		for _, asof := range []model.Date{date("2027-02-01"), date("2027-02-18"), date("2027-04-22")} {
			checkGrouped(t, a, pl, "mini", "101", asof)
		}
		if xa.Start != date("2027-02-08") || xa.End != date("2027-02-17") || xa.PlannedEnd != date("2027-02-17") {
			t.Errorf("Skole A's task %s–%s, want 2027-02-08–2027-02-17", xa.Start, xa.End)
		}
		if xb.End != date("2027-04-21") {
			t.Errorf("Skole B's task moved to %s", xb.End)
		}
		if xa.Colour != model.Red {
			t.Errorf("Skole A's task ended yesterday, undone: %s", xa.Colour)
		}
		_, hist, err := a.Task(ctx, pl, xa.ID, date("2027-02-18"))
		if err != nil {
			t.Fatal(err)
		}
		if last := hist[len(hist)-1]; last.Kind != app.EventDates || !strings.Contains(last.Comment, "01.03.2027 (pilot)") || !strings.Contains(last.Actor, "Pia Projektleder") {
			t.Errorf("history: %+v", last)
		}
		ov, err = a.Overview(ctx, nil, "mini", date("2027-02-18"))
		if err != nil {
			t.Fatal(err)
		}
		if c := ov.Municipalities[0].Colour; c != model.Red {
			t.Errorf("København's roll-up with its late pilot: %s, want red", c)
		}

		// A second writer who saw version 0 is refused.
		_, err = a.SetInstitutionGoLive(ctx, pl, "mini", "101", "101-s01", app.InstitutionGoLiveInput{GoLive: date("2027-03-08")})
		wantCode(t, "stale version", err, app.CodeConflict)

		// The municipality's go-live moves a week: Skole B moves, the pilot stays.
		if _, err := a.Enrol(ctx, sys, "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-05-10"), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		// A new catalogue version changes the institution task: the pilot's
		// instance counts from its own date (6 working days before 1 March).
		if _, err := a.Publish(ctx, sys, "skoler.yaml", schoolsCatalogue(t, func(s string) string {
			return strings.Replace(s, "    start: -15\n    end: -8", "    start: -15\n    end: -6", 1)
		}), ""); err != nil {
			t.Fatal(err)
		}
		plan, err = a.Plan(ctx, pl, "mini", "101", date("2027-02-18"))
		if err != nil {
			t.Fatal(err)
		}
		if x := instanceOf(t, plan, "m-inst", "Skole A"); x.End != date("2027-02-19") {
			t.Errorf("pilot's task after the new version: %s, want 2027-02-19", x.End)
		}
		if x := instanceOf(t, plan, "m-inst", "Skole B"); x.End != date("2027-04-29") {
			t.Errorf("Skole B's task after go-live 10 May (Ascension Day on the 6th) and the new version: %s, want 2027-04-29", x.End)
		}

		// Back on the municipality's date.
		v, err = a.SetInstitutionGoLive(ctx, pl, "mini", "101", "101-s01", app.InstitutionGoLiveInput{Reset: true, Version: 1})
		if err != nil {
			t.Fatal(err)
		}
		if in := v.Institutions[0]; in.Own || in.Pilot || in.GoLive != date("2027-05-10") || in.Version != 2 {
			t.Errorf("after reset: %+v", in)
		}
		plan, err = a.Plan(ctx, pl, "mini", "101", date("2027-02-18"))
		if err != nil {
			t.Fatal(err)
		}
		if x := instanceOf(t, plan, "m-inst", "Skole A"); x.End != date("2027-04-29") {
			t.Errorf("Skole A's task back on the municipality's date: %s", x.End)
		}
	})
}

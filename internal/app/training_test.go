package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
	"github.com/udrul/udrul/internal/training"
)

// A schools programme sizes København's two schools by seed 001's rules,
// and the supplier's capacity refuses a sixth municipality's purchased
// end-user training at once, naming the municipalities; nothing of the
// refused run is written.
func TestSizingAndSupplierCapacity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newApp(t, url)
		more := []model.Organisation{
			{Kind: model.OrgMunicipality, Code: "153", Name: "Brøndby"}, {Kind: model.OrgMunicipality, Code: "155", Name: "Dragør"},
			{Kind: model.OrgMunicipality, Code: "157", Name: "Gentofte"},
		}
		if err := a.LoadOrganisations(ctx, more, nil); err != nil {
			t.Fatal(err)
		}
		src := schoolsCatalogue(t, func(s string) string { return strings.Replace(s, "key: mini", "key: skoler", 1) })
		sys := app.System("test")
		if _, err := a.Publish(ctx, sys, "skoler.yaml", src, ""); err != nil {
			t.Fatal(err)
		}
		var es []app.Enrolment
		for _, c := range []string{"101", "147", "151", "153", "155", "157"} {
			es = append(es, app.Enrolment{Code: c, GoLive: date("2027-05-03"), Wave: 1})
		}
		if _, err := a.Enrol(ctx, sys, "skoler", es); err != nil {
			t.Fatal(err)
		}

		for _, in := range []app.PersonInput{
			{RoleInput: app.RoleInput{Role: model.RoleAdministrator, Area: model.AreaSchool}},
			{RoleInput: app.RoleInput{Role: model.RoleAdminSuperUser}},
			{RoleInput: app.RoleInput{Role: model.RoleSuperUser, Institution: "101-s01"}},
			{RoleInput: app.RoleInput{Role: model.RoleSuperUser, Institution: "101-s01"}},
			{RoleInput: app.RoleInput{Role: model.RoleSuperUser, Institution: "101-s02"}},
		} {
			in.Name = "Person " + string(in.Role)
			if _, err := a.CreatePerson(ctx, sys, "skoler", "101", in); err != nil {
				t.Fatal(err)
			}
		}
		v, err := a.PeopleRegister(ctx, sys, "skoler", "101")
		if err != nil {
			t.Fatal(err)
		}
		if v.Schools != 2 || v.Needed != 7 || v.Missing != 2 || len(v.Needs) != 3 || v.Institutions[1].Missing != 1 {
			t.Errorf("København's sizing: %d schools, %d needed, %d missing, %+v, %+v", v.Schools, v.Needed, v.Missing, v.Needs, v.Institutions)
		}

		course, err := a.CreateCourse(ctx, sys, "skoler", app.CourseInput{Title: "Slutbrugeruddannelse"})
		if err != nil {
			t.Fatal(err)
		}
		run := func(code string) app.RunInput {
			return app.RunInput{Run: training.Run{Type: training.Classroom, Start: date("2027-03-01"), End: date("2027-03-05"), Place: "Rådhuset",
				Capacity: 30}, Municipality: code, Purchased: true}
		}
		for i, c := range []string{"101", "147", "151", "153", "155"} {
			if _, err := a.CreateRun(ctx, sys, "skoler", course.Key, run(c)); err != nil {
				t.Fatalf("run %d of 5: %v", i+1, err)
			}
		}
		_, err = a.CreateRun(ctx, sys, "skoler", course.Key, run("157"))
		var ae *app.Error
		if !errorsAs(err, &ae) || ae.Field != "starts_on" || !strings.Contains(ae.Message, "Ballerup, Brøndby, Dragør, Frederiksberg, Gentofte, København") {
			t.Fatalf("the sixth municipality at once: %v", err)
		}
		tv, err := a.Training(ctx, sys, "skoler")
		if err != nil {
			t.Fatal(err)
		}
		if n := len(tv.Courses[0].Runs); n != 5 {
			t.Errorf("%d runs stored, want 5", n)
		}
		// Not purchased, the same run is the supplier's capacity's business no more.
		r := run("157")
		r.Purchased = false
		if _, err := a.CreateRun(ctx, sys, "skoler", course.Key, r); err != nil {
			t.Errorf("a run that is not purchased end-user training: %v", err)
		}
	})
}

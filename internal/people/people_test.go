package people

import (
	"errors"
	"testing"

	"github.com/udrul/udrul/internal/model"
)

func TestNeedsBySeed001(t *testing.T) {
	type line struct {
		label            string
		needed, register int
	}
	for _, c := range []struct {
		name string
		in   Counts
		want []line
	}{
		{"nothing", Counts{}, nil},
		{"one school", Counts{Schools: 1}, []line{{"Administrator for skolerne", 1, 0}, {"Administrative superbrugere for skolerne", 2, 0}, {"Superbrugere på skolerne", 2, 0}}},
		{"one day-care unit rounds up", Counts{DaycareUnits: 1}, []line{{"Administrator for dagtilbud", 1, 0}, {"Administrative superbrugere for dagtilbud", 1, 0}, {"Superbrugere i dagtilbuddene", 1, 0}}},
		{"two units share one", Counts{DaycareUnits: 2}, []line{{"Administrator for dagtilbud", 1, 0}, {"Administrative superbrugere for dagtilbud", 1, 0}, {"Superbrugere i dagtilbuddene", 1, 0}}},
		{"three units need two", Counts{DaycareUnits: 3, DaycareSuperUsers: 1}, []line{{"Administrator for dagtilbud", 1, 0}, {"Administrative superbrugere for dagtilbud", 1, 0}, {"Superbrugere i dagtilbuddene", 2, 1}}},
		{"Aarhus-sized", Counts{Schools: 47, DaycareUnits: 301, SchoolSuperUsers: 90, DaycareSuperUsers: 151,
			Administrators: map[model.Area]int{model.AreaSchool: 1, model.AreaDaycare: 1}, AdminSuperUsers: map[model.Area]int{model.AreaSchool: 2}},
			[]line{{"Administrator for skolerne", 1, 1}, {"Administrative superbrugere for skolerne", 2, 2}, {"Superbrugere på skolerne", 94, 90},
				{"Administrator for dagtilbud", 1, 1}, {"Administrative superbrugere for dagtilbud", 1, 0}, {"Superbrugere i dagtilbuddene", 151, 151}}},
		{"a whole-municipality administrator fills schools first, then day care", Counts{Schools: 2, DaycareUnits: 2,
			Administrators: map[model.Area]int{model.AreaNone: 2}, AdminSuperUsers: map[model.Area]int{model.AreaNone: 1, model.AreaDaycare: 1}},
			[]line{{"Administrator for skolerne", 1, 1}, {"Administrative superbrugere for skolerne", 2, 1}, {"Superbrugere på skolerne", 4, 0},
				{"Administrator for dagtilbud", 1, 1}, {"Administrative superbrugere for dagtilbud", 1, 1}, {"Superbrugere i dagtilbuddene", 1, 0}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Needs(c.in)
			if len(got) != len(c.want) {
				t.Fatalf("got %d lines %+v, want %d", len(got), got, len(c.want))
			}
			for i, w := range c.want {
				if got[i].Label != w.label || got[i].Needed != w.needed || got[i].Registered != w.register {
					t.Errorf("line %d = %q %d/%d, want %q %d/%d", i, got[i].Label, got[i].Needed, got[i].Registered, w.label, w.needed, w.register)
				}
			}
		})
	}
}

func TestShortfall(t *testing.T) {
	ns := []Need{{Needed: 2, Registered: 5}, {Needed: 4, Registered: 1}, {Needed: 1}}
	needed, registered, missing := Shortfall(ns)
	if needed != 7 || registered != 3 || missing != 4 {
		t.Errorf("Shortfall = %d, %d, %d; want 7, 3, 4 (extra holders do not cover another line)", needed, registered, missing)
	}
	if DaycareSuperUsersNeeded(0) != 0 || DaycareSuperUsersNeeded(-1) != 0 || SchoolSuperUsersNeeded(-3) != 0 {
		t.Error("no institutions need no super-users")
	}
}

func TestRoleOfExecutor(t *testing.T) {
	for _, c := range []struct {
		executor string
		want     model.PersonRole
	}{
		{"Projektleder for Samarbejdsplatformen", model.RoleProjectLead},
		{"KSD-projektleder", model.RoleProjectLead},
		{"Tovholder på skolen", model.RoleTovholder},
		{"Kommunens administrator", model.RoleAdministrator},
		{"Superbrugere", model.RoleSuperUser},
		{"Superbruger administration og ledelse", model.RoleAdminSuperUser},
		{"Ansvarlig it-/digitaliseringschef", model.RoleITChief},
		{"Ansvarlig for kommunens it-miljø og it-infrastruktur", model.RoleTechnical},
		{"Kommunikationsmedarbejder", model.RoleCommunication},
		{"Gevinstejer", model.RoleBenefitOwner},
		{"Projektejer for KSD", model.RoleProjectOwner},
		{"Leverandørens implementeringskonsulent", ""},
		{"KMD hypercare-team", ""},
		{"Økonomiansvarlig", ""},
		{"", ""},
	} {
		got, ok := RoleOfExecutor(c.executor)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("RoleOfExecutor(%q) = %q, %t; want %q", c.executor, got, ok, c.want)
		}
	}
}

func TestValidate(t *testing.T) {
	field := func(err error) string {
		var fe *FieldError
		if errors.As(err, &fe) {
			return fe.Field
		}
		return ""
	}
	for _, c := range []struct {
		p     Person
		field string
	}{
		{Person{Name: "Hanne Holm"}, ""},
		{Person{Name: "Hanne Holm", Email: "hh@aarhus.dk", Phone: "+45 87 13 20 00"}, ""},
		{Person{}, "name"},
		{Person{Name: "X", Email: "ikke en adresse"}, "email"},
		{Person{Name: "X", Email: "Hanne <hh@aarhus.dk>"}, "email"},
		{Person{Name: "X", Phone: "1234"}, "phone"},
		{Person{Name: "X", Phone: "8713 20 00 ring"}, "phone"},
	} {
		if got := field(c.p.Validate()); got != c.field {
			t.Errorf("Validate(%+v) names %q, want %q", c.p, got, c.field)
		}
	}
	for _, c := range []struct {
		a     Assignment
		field string
	}{
		{Assignment{Role: model.RoleProjectLead}, ""},
		{Assignment{Role: model.RoleAdministrator, Area: model.AreaSchool}, ""},
		{Assignment{Role: model.RoleSuperUser, Institution: true}, ""},
		{Assignment{Role: model.RoleTovholder, Institution: true}, ""},
		{Assignment{Role: "kaffeansvarlig"}, "role"},
		{Assignment{Role: model.RoleTovholder}, "institution"},
		{Assignment{Role: model.RoleProjectOwner, Institution: true}, "institution"},
		{Assignment{Role: model.RoleProjectLead, Area: model.AreaSchool}, "area"},
		{Assignment{Role: model.RoleAdministrator, Area: "hospital"}, "area"},
		{Assignment{Role: model.RoleSuperUser, Institution: true, Area: model.AreaSchool}, "area"},
	} {
		if got := field(ValidateAssignment(c.a)); got != c.field {
			t.Errorf("ValidateAssignment(%+v) names %q, want %q", c.a, got, c.field)
		}
	}
}

package access_test

import (
	"fmt"
	"testing"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/model"
)

// The world of these tests: KOMBIT (1), KMD (2), Aarhus (10) with school
// 11 and 12, København (20) with school 21.
const (
	kombit, kmd          = 1, 2
	aarhus, aSkole, aSk2 = 10, 11, 12
	kbh, kSkole          = 20, 21
)

var (
	admin      = access.Subject{UserID: 1, Role: access.Admin, OrgID: kombit, OrgName: "KOMBIT"}
	coord      = access.Subject{UserID: 2, Role: access.Coordinator, OrgID: kombit, OrgName: "KOMBIT"}
	supplier   = access.Subject{UserID: 3, Role: access.Supplier, OrgID: kmd, OrgName: "KMD"}
	observer   = access.Subject{UserID: 4, Role: access.Observer, OrgID: kombit, OrgName: "KL"}
	leadA      = access.Subject{UserID: 5, Role: access.ProjectLead, OrgID: aarhus, MunicipalityID: aarhus}
	memberA    = access.Subject{UserID: 6, Role: access.Member, OrgID: aarhus, MunicipalityID: aarhus}
	tovholderA = access.Subject{UserID: 7, Role: access.Tovholder, OrgID: aSkole, MunicipalityID: aarhus}
	leadK      = access.Subject{UserID: 8, Role: access.ProjectLead, OrgID: kbh, MunicipalityID: kbh}
	nobody     = access.Subject{UserID: 9, Role: "ukendt", OrgID: aarhus, MunicipalityID: aarhus}
)

var subjects = []struct {
	name string
	s    access.Subject
}{
	{"admin", admin}, {"koordinator", coord}, {"leverandør", supplier}, {"observatør", observer},
	{"projektleder Aarhus", leadA}, {"medarbejder Aarhus", memberA}, {"tovholder Aarhus skole", tovholderA},
	{"projektleder København", leadK}, {"ukendt rolle", nobody},
}

// expect maps a subject name to y (allowed) or n; every subject must appear.
func check(t *testing.T, what string, got func(access.Subject) bool, expect map[string]string) {
	t.Helper()
	for _, s := range subjects {
		want, ok := expect[s.name]
		if !ok {
			t.Fatalf("%s: no expectation for %s", what, s.name)
		}
		if g := got(s.s); g != (want == "y") {
			t.Errorf("%s for %s = %v, want %s", what, s.name, g, want)
		}
	}
}

func all(v string, overrides map[string]string) map[string]string {
	m := map[string]string{}
	for _, s := range subjects {
		m[s.name] = v
	}
	for k, x := range overrides {
		m[k] = x
	}
	return m
}

func TestProgrammeLevel(t *testing.T) {
	central := all("n", map[string]string{"admin": "y", "koordinator": "y", "leverandør": "y", "observatør": "y"})
	check(t, "ViewNational", access.ViewNational, central)
	check(t, "ViewCatalogue", access.ViewCatalogue, all("y", map[string]string{"ukendt rolle": "n"}))
	writers := all("n", map[string]string{"admin": "y", "koordinator": "y"})
	check(t, "Publish", access.Publish, writers)
	check(t, "Enrol", access.Enrol, writers)
	check(t, "Administer", access.Administer, all("n", map[string]string{"admin": "y"}))
}

func TestViewMunicipality(t *testing.T) {
	for _, tc := range []struct {
		muni   int64
		expect map[string]string
	}{
		{aarhus, all("y", map[string]string{"projektleder København": "n", "ukendt rolle": "n"})},
		{kbh, all("y", map[string]string{"projektleder Aarhus": "n", "medarbejder Aarhus": "n", "tovholder Aarhus skole": "n", "ukendt rolle": "n"})},
		{0, all("n", map[string]string{"admin": "y", "koordinator": "y", "leverandør": "y", "observatør": "y"})}, // never matches a zero municipality
	} {
		check(t, fmt.Sprintf("ViewMunicipality(%d)", tc.muni), func(s access.Subject) bool { return access.ViewMunicipality(s, tc.muni) }, tc.expect)
	}
}

func TestChangePlan(t *testing.T) {
	check(t, "ChangePlan(aarhus)", func(s access.Subject) bool { return access.ChangePlan(s, aarhus) },
		all("n", map[string]string{"admin": "y", "koordinator": "y", "projektleder Aarhus": "y"}))
	check(t, "ChangePlan(kbh)", func(s access.Subject) bool { return access.ChangePlan(s, kbh) },
		all("n", map[string]string{"admin": "y", "koordinator": "y", "projektleder København": "y"}))
}

func TestTasks(t *testing.T) {
	for _, tc := range []struct {
		name           string
		task           access.Task
		view, ch, dele map[string]string
	}{
		{
			name: "Aarhus municipality task",
			task: access.Task{MunicipalityID: aarhus, Responsible: "Kommunen"},
			view: all("y", map[string]string{"projektleder København": "n", "ukendt rolle": "n"}),
			ch:   all("n", map[string]string{"admin": "y", "koordinator": "y", "projektleder Aarhus": "y"}),
			dele: all("n", map[string]string{"admin": "y", "koordinator": "y", "projektleder Aarhus": "y"}),
		},
		{
			name: "Aarhus task delegated to the member",
			task: access.Task{MunicipalityID: aarhus, Responsible: "Kommunen", DelegateID: memberA.UserID},
			view: all("y", map[string]string{"projektleder København": "n", "ukendt rolle": "n"}),
			ch:   all("n", map[string]string{"admin": "y", "koordinator": "y", "projektleder Aarhus": "y", "medarbejder Aarhus": "y"}),
			dele: all("n", map[string]string{"admin": "y", "koordinator": "y", "projektleder Aarhus": "y"}),
		},
		{
			name: "the tovholder's school's task",
			task: access.Task{MunicipalityID: aarhus, InstitutionID: aSkole, Responsible: "Skolen"},
			view: all("y", map[string]string{"projektleder København": "n", "ukendt rolle": "n"}),
			ch:   all("n", map[string]string{"admin": "y", "koordinator": "y", "projektleder Aarhus": "y", "tovholder Aarhus skole": "y"}),
			dele: all("n", map[string]string{"admin": "y", "koordinator": "y", "projektleder Aarhus": "y", "tovholder Aarhus skole": "y"}),
		},
		{
			name: "another school's task in the same municipality",
			task: access.Task{MunicipalityID: aarhus, InstitutionID: aSk2, Responsible: "Skolen"},
			view: all("y", map[string]string{"projektleder København": "n", "ukendt rolle": "n"}),
			ch:   all("n", map[string]string{"admin": "y", "koordinator": "y", "projektleder Aarhus": "y"}),
			dele: all("n", map[string]string{"admin": "y", "koordinator": "y", "projektleder Aarhus": "y"}),
		},
		{
			name: "a task of the supplier's",
			task: access.Task{MunicipalityID: kbh, Responsible: "Leverandøren"},
			view: all("y", map[string]string{"projektleder Aarhus": "n", "medarbejder Aarhus": "n", "tovholder Aarhus skole": "n", "ukendt rolle": "n"}),
			ch:   all("n", map[string]string{"admin": "y", "koordinator": "y", "leverandør": "y", "projektleder København": "y"}),
			dele: all("n", map[string]string{"admin": "y", "koordinator": "y", "projektleder København": "y"}),
		},
		{
			name: "a task naming KMD",
			task: access.Task{MunicipalityID: kbh, InstitutionID: kSkole, Responsible: " kmd "},
			view: all("y", map[string]string{"projektleder Aarhus": "n", "medarbejder Aarhus": "n", "tovholder Aarhus skole": "n", "ukendt rolle": "n"}),
			ch:   all("n", map[string]string{"admin": "y", "koordinator": "y", "leverandør": "y", "projektleder København": "y"}),
			dele: all("n", map[string]string{"admin": "y", "koordinator": "y", "projektleder København": "y"}),
		},
		{
			// A stale delegation to someone who cannot see the task gives nothing.
			name: "København task delegated to an Aarhus member",
			task: access.Task{MunicipalityID: kbh, Responsible: "Kommunen", DelegateID: memberA.UserID},
			view: all("y", map[string]string{"projektleder Aarhus": "n", "medarbejder Aarhus": "n", "tovholder Aarhus skole": "n", "ukendt rolle": "n"}),
			ch:   all("n", map[string]string{"admin": "y", "koordinator": "y", "projektleder København": "y"}),
			dele: all("n", map[string]string{"admin": "y", "koordinator": "y", "projektleder København": "y"}),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check(t, "ViewTask", func(s access.Subject) bool { return access.ViewTask(s, tc.task) }, tc.view)
			check(t, "ChangeTask", func(s access.Subject) bool { return access.ChangeTask(s, tc.task) }, tc.ch)
			check(t, "Delegate", func(s access.Subject) bool { return access.Delegate(s, tc.task) }, tc.dele)
		})
	}
}

func TestDelegateTo(t *testing.T) {
	muniTask := access.Task{MunicipalityID: aarhus}
	schoolTask := access.Task{MunicipalityID: aarhus, InstitutionID: aSkole}
	otherSchool := access.Task{MunicipalityID: aarhus, InstitutionID: aSk2}
	for _, tc := range []struct {
		name                  string
		d                     access.Subject
		muni, school, school2 bool
	}{
		{"admin", admin, false, false, false},
		{"koordinator", coord, false, false, false},
		{"leverandør", supplier, false, false, false},
		{"observatør", observer, false, false, false},
		{"projektleder Aarhus", leadA, true, true, true},
		{"medarbejder Aarhus", memberA, true, true, true},
		{"tovholder Aarhus skole", tovholderA, false, true, false},
		{"projektleder København", leadK, false, false, false},
	} {
		if got := access.DelegateTo(muniTask, tc.d); got != tc.muni {
			t.Errorf("%s as delegate of a municipality task: %v, want %v", tc.name, got, tc.muni)
		}
		if got := access.DelegateTo(schoolTask, tc.d); got != tc.school {
			t.Errorf("%s as delegate of the school's task: %v, want %v", tc.name, got, tc.school)
		}
		if got := access.DelegateTo(otherSchool, tc.d); got != tc.school2 {
			t.Errorf("%s as delegate of another school's task: %v, want %v", tc.name, got, tc.school2)
		}
	}
}

func TestRoles(t *testing.T) {
	kinds := map[access.Role]model.OrgKind{
		access.Admin: model.OrgCentral, access.Coordinator: model.OrgCentral, access.Observer: model.OrgCentral,
		access.Supplier: model.OrgSupplier, access.ProjectLead: model.OrgMunicipality, access.Member: model.OrgMunicipality,
		access.Tovholder: model.OrgInstitution,
	}
	if len(access.Roles) != 7 {
		t.Fatalf("%d roles, want 7", len(access.Roles))
	}
	for _, r := range access.Roles {
		if !r.Valid() || r.Label() == string(r) || r.OrgKind() != kinds[r] {
			t.Errorf("role %s: valid %v label %q kind %s", r, r.Valid(), r.Label(), r.OrgKind())
		}
	}
	if access.Role("root").Valid() {
		t.Error("unknown role is valid")
	}
}

func TestSupplierResponsible(t *testing.T) {
	for _, tc := range []struct {
		supplier, responsible string
		want                  bool
	}{
		{"KMD", "Leverandøren", true},
		{"KMD", "leverandør", true},
		{"KMD", "KMD", true},
		{"Netcompany", "KMD", false},
		{"KMD", "Kommunen", false},
		{"KMD", "", false},
		{"", "", false},
	} {
		if got := access.SupplierResponsible(tc.supplier, tc.responsible); got != tc.want {
			t.Errorf("SupplierResponsible(%q, %q) = %v, want %v", tc.supplier, tc.responsible, got, tc.want)
		}
	}
}

func TestFollowUpPolicies(t *testing.T) {
	staff := all("n", map[string]string{"admin": "y", "koordinator": "y", "leverandør": "y"})
	kombit := all("n", map[string]string{"admin": "y", "koordinator": "y"})
	check(t, "FollowUp", access.FollowUp, staff)
	check(t, "ManageWorklist", access.ManageWorklist, kombit)
	check(t, "Escalate", access.Escalate, kombit)
	check(t, "DecideCheckpoint(aarhus)", func(s access.Subject) bool { return access.DecideCheckpoint(s, aarhus) },
		all("n", map[string]string{"admin": "y", "koordinator": "y", "projektleder Aarhus": "y"}))
	check(t, "DecideCheckpoint(kbh)", func(s access.Subject) bool { return access.DecideCheckpoint(s, kbh) },
		all("n", map[string]string{"admin": "y", "koordinator": "y", "projektleder København": "y"}))
	check(t, "WriteIncident(aarhus)", func(s access.Subject) bool { return access.WriteIncident(s, aarhus) },
		all("n", map[string]string{"admin": "y", "koordinator": "y", "leverandør": "y", "projektleder Aarhus": "y"}))
	check(t, "WriteIncident(0)", func(s access.Subject) bool { return access.WriteIncident(s, 0) }, staff) // never matches a zero municipality
}

func TestReadinessPolicy(t *testing.T) {
	const own, other = 101, 147
	type want struct{ viewOwn, viewOther, manageOwn, manageOther, national bool }
	cases := []struct {
		s access.Subject
		w want
	}{
		{access.Subject{Role: access.Admin}, want{true, true, true, true, true}},
		{access.Subject{Role: access.Coordinator}, want{true, true, true, true, true}},
		{access.Subject{Role: access.Supplier}, want{true, true, false, false, true}},
		{access.Subject{Role: access.Observer}, want{true, true, false, false, true}},
		{access.Subject{Role: access.ProjectLead, MunicipalityID: own}, want{true, false, true, false, false}},
		{access.Subject{Role: access.Member, MunicipalityID: own}, want{true, false, false, false, false}},
		{access.Subject{Role: access.Tovholder, MunicipalityID: own}, want{true, false, false, false, false}},
	}
	for _, c := range cases {
		s := c.s
		got := want{access.ViewReadiness(s, own), access.ViewReadiness(s, other), access.ManageReadiness(s, own),
			access.ManageReadiness(s, other), access.ViewReadinessNational(s)}
		if got != c.w {
			t.Errorf("%s: got %+v, want %+v", s.Role, got, c.w)
		}
	}
}

func TestChangeUserSettings(t *testing.T) {
	tests := []struct {
		s      access.Subject
		userID int64
		want   bool
	}{
		{access.Subject{UserID: 7, Role: access.Member}, 7, true},
		{access.Subject{UserID: 7, Role: access.Member}, 8, false},
		{access.Subject{UserID: 7, Role: access.Coordinator}, 8, false},
		{access.Subject{UserID: 7, Role: access.Observer}, 8, false},
		{access.Subject{UserID: 1, Role: access.Admin}, 8, true},
		{access.Subject{UserID: 0, Role: ""}, 8, false},
	}
	for _, tt := range tests {
		if got := access.ChangeUserSettings(tt.s, tt.userID); got != tt.want {
			t.Errorf("ChangeUserSettings(%+v, %d) = %v, want %v", tt.s, tt.userID, got, tt.want)
		}
	}
}

package cli_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/store/storetest"
)

type institutionsView struct {
	Step            string `json:"step"`
	InstitutionStep string `json:"institution_step"`
	Pilots          int    `json:"pilots"`
	Institutions    []struct {
		Code    string `json:"code"`
		Name    string `json:"name"`
		GoLive  string `json:"golive"`
		Own     bool   `json:"own"`
		Pilot   bool   `json:"pilot"`
		Version int    `json:"version"`
		Colour  string `json:"colour"`
	} `json:"institutions"`
}

// TestInstitutionGoLiveServer sets a school's pilot date through the real
// server on both databases, every answer checked against openapi.json:
// the API refuses a weekend, a holiday and another municipality's school
// naming the field with nothing written, and a stale version with 409;
// the project lead's form sets the date and the school's tasks move; the
// plan, the national overview and the institution's page show the step
// and the pilot in Danish; the member may read but not set.
func TestInstitutionGoLiveServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		schools := strings.Replace(string(readFile(t, "testdata/mini-v1.yaml")), "  warning_days: 3", "  institutions: skole\n  warning_days: 3", 1)
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", []byte(schools), yamlHeader()).decode(t, http.StatusCreated, &map[string]any{})
		// Go-live Monday 3 May 2027 for both.
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{
			{"code": "101", "golive": "2027-05-03", "wave": 1}, {"code": "147", "golive": "2027-05-03", "wave": 1}}, nil).decode(t, http.StatusOK, &[]any{})
		pl := newClient(t, base)
		pl.token = "udrul_pat_test-projektleder-0123456789"
		const api = "/api/v1/programmes/mini/municipalities/101/institutions"
		var v institutionsView
		pl.getJSON(t, api+"?asof=2027-02-18", &v)
		if v.Step != "A" || v.InstitutionStep != "B" || len(v.Institutions) != 2 || v.Pilots != 0 || v.Institutions[0].GoLive != "2027-05-03" {
			t.Fatalf("København's schools: %+v", v)
		}
		for _, c := range []struct {
			what, inst, field string
			status            int
			body              map[string]any
		}{
			{"a Saturday", "101-s01", "golive", 422, map[string]any{"golive": "2027-02-27", "version": 0}},
			{"Easter Monday", "101-s01", "golive", 422, map[string]any{"golive": "2027-03-29", "version": 0}},
			{"after the wave", "101-s01", "golive", 422, map[string]any{"golive": "2027-08-09", "version": 0}},
			{"no date", "101-s01", "golive", 422, map[string]any{"version": 0}},
			{"not a date", "101-s01", "golive", 400, map[string]any{"golive": "1. marts", "version": 0}},
			{"an unknown school", "999-s01", "institution", 422, map[string]any{"golive": "2027-03-01", "version": 0}},
		} {
			t.Run(c.what, func(t *testing.T) {
				pl.sendJSON(t, "PUT", api+"/"+c.inst+"/golive", c.body, nil).problem(t, c.status, c.field)
			})
		}
		// Frederiksberg's project lead may not touch København; København's
		// school is not Frederiksberg's, even for the coordinator.
		other := newClient(t, base)
		other.token = "udrul_pat_test-frederiksberg-0123456789"
		other.sendJSON(t, "PUT", api+"/101-s01/golive", map[string]any{"golive": "2027-03-01", "version": 0}, nil).problem(t, http.StatusForbidden, "-")
		admin.sendJSON(t, "PUT", "/api/v1/programmes/mini/municipalities/147/institutions/101-s01/golive",
			map[string]any{"golive": "2027-03-01", "version": 0}, nil).problem(t, http.StatusUnprocessableEntity, "institution")
		member := newClient(t, base)
		member.token = "udrul_pat_test-medarbejder-0123456789"
		member.sendJSON(t, "PUT", api+"/101-s01/golive", map[string]any{"golive": "2027-03-01", "version": 0}, nil).problem(t, http.StatusForbidden, "-")
		pl.getJSON(t, api+"?asof=2027-02-18", &v)
		if v.Institutions[0].Version != 0 || v.Institutions[0].Own {
			t.Fatalf("refused requests wrote: %+v", v.Institutions[0])
		}

		// The project lead's form makes Skole A a pilot on Monday 1 March.
		web := newClient(t, base)
		web.login(t, "pl@kk.dk", testPassword)
		page := "/programmes/mini/municipalities/101/institutioner/101-s01"
		web.get(t, page).html(t, http.StatusOK, "Skole A", "Trin B: kommunens skoler", `name="golive"`, "kommunens dato")
		r := web.postForm(t, page, url.Values{"golive": {"2027-03-06"}, "version": {"0"}, "action": {"set"}})
		r.html(t, http.StatusUnprocessableEntity, "lørdag eller søndag", `aria-invalid="true"`)
		web.postForm(t, page, url.Values{"golive": {"2027-03-01"}, "version": {"0"}, "action": {"set"}}).seeOther(t, page)
		web.get(t, page+"?asof=2027-02-18").html(t, http.StatusOK, "pilot", "01.03.2027", "17.02.2027", "Rød")
		// The schedule measures the pilot's task against the pilot's date: it
		// ended yesterday undone, so the pilot's go-live is at risk.
		web.get(t, page+"?asof=2027-02-18").html(t, http.StatusOK, "Tidsplan og kritisk vej", "Institutionens go-live er i fare",
			"regnes mod institutionens go-live 01.03.2027, ikke kommunens", "Slæk (arbejdsdage)")
		web.get(t, "/programmes/mini/municipalities/101/gantt?asof=2027-02-18").html(t, http.StatusOK, "Institutioner med egen go-live",
			`href="/programmes/mini/municipalities/101/institutioner/101-s01">Skole A</a>`, "01.03.2027 (pilot)", "<strong>I fare:</strong>", "(til 01.03.2027)")
		// The API, with the version seen before the form, is refused.
		pl.sendJSON(t, "PUT", api+"/101-s01/golive", map[string]any{"golive": "2027-03-08", "version": 0}, nil).problem(t, http.StatusConflict, "-")
		pl.getJSON(t, api+"?asof=2027-02-18", &v)
		if a := v.Institutions[0]; !a.Own || !a.Pilot || a.GoLive != "2027-03-01" || a.Version != 1 || a.Colour != "red" || v.Pilots != 1 {
			t.Fatalf("after the form: %+v", v)
		}
		if b := v.Institutions[1]; b.Own || b.GoLive != "2027-05-03" {
			t.Errorf("Skole B moved with Skole A: %+v", b)
		}
		web.get(t, "/programmes/mini/municipalities/101?asof=2027-02-18").html(t, http.StatusOK, "Trin A: kommunerne (skoler)", "(1 pilot)", "/institutioner")
		web.get(t, "/programmes/mini/municipalities/101/institutioner?asof=2027-02-18").html(t, http.StatusOK, "Pilot", "Kommunens dato", "Skole B")
		aweb := newClient(t, base)
		aweb.login(t, "koordinator@kombit.dk", testPassword)
		aweb.get(t, "/programmes/mini?asof=2027-02-18").html(t, http.StatusOK, "Trin A: kommunerne (skoler)", "1 institution går i drift som pilot før deres kommune", ">1 pilot<")
		// The member reads the page but gets no form.
		mweb := newClient(t, base)
		mweb.login(t, "mm@kk.dk", testPassword)
		if r := mweb.get(t, page); r.StatusCode != http.StatusOK || strings.Contains(string(r.body), `name="golive"`) {
			t.Errorf("member's view of the institution: status %d, form shown: %v", r.StatusCode, strings.Contains(string(r.body), `name="golive"`))
		}
		// Back on the municipality's date, through the API.
		pl.sendJSON(t, "PUT", api+"/101-s01/golive", map[string]any{"reset": true, "version": 1}, nil).decode(t, http.StatusOK, &v)
		if a := v.Institutions[0]; a.Own || a.Pilot || a.GoLive != "2027-05-03" || a.Version != 2 {
			t.Errorf("after reset: %+v", a)
		}
	})
}

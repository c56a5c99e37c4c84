package cli_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/store/storetest"
)

type personRow struct {
	Key     int64  `json:"key"`
	Name    string `json:"name"`
	Version int    `json:"version"`
	Roles   []struct {
		Key         int64  `json:"key"`
		Role        string `json:"role"`
		Institution string `json:"institution"`
	} `json:"roles"`
}

// TestPeopleServer runs the people register's API through the real server
// on both databases, every answer checked against openapi.json: bad input
// (a role at another municipality's institution among it) is refused
// naming the field with nothing written, a stale version is 409, another
// municipality and observers are refused, and a task whose executor names
// a register role shows its holders on its page.
func TestPeopleServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), yamlHeader()).decode(t, http.StatusCreated, &map[string]any{})
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{
			{"code": "101", "golive": "2027-03-01", "wave": 1}, {"code": "147", "golive": "2027-03-01", "wave": 1}}, nil).decode(t, http.StatusOK, &[]any{})
		pl := newClient(t, base)
		pl.token = "udrul_pat_test-projektleder-0123456789"
		other := newClient(t, base)
		other.token = "udrul_pat_test-frederiksberg-0123456789"
		obs := newClient(t, base)
		obs.token = "udrul_pat_test-observator-0123456789"
		const api = "/api/v1/programmes/mini/municipalities/101/people"
		count := func(c *client, path string) int {
			var v struct {
				People []personRow `json:"people"`
			}
			c.getJSON(t, path, &v)
			return len(v.People)
		}
		for _, c := range []struct {
			field string
			body  map[string]any
		}{
			{"name", map[string]any{"name": " ", "role": "projektleder"}},
			{"email", map[string]any{"name": "Hanne Holm", "email": "hanne", "role": "projektleder"}},
			{"phone", map[string]any{"name": "Hanne Holm", "phone": "12", "role": "projektleder"}},
			{"role", map[string]any{"name": "Hanne Holm", "role": "kaffe"}},
			{"institution", map[string]any{"name": "Hanne Holm", "role": "tovholder"}},
			{"institution", map[string]any{"name": "Hanne Holm", "role": "projektejer", "institution": "101-s01"}},
			{"institution", map[string]any{"name": "Hanne Holm", "role": "tovholder", "institution": "findes-ikke"}},
			{"area", map[string]any{"name": "Hanne Holm", "role": "projektleder", "area": "skole"}},
		} {
			pl.sendJSON(t, "POST", api, c.body, nil).problem(t, http.StatusUnprocessableEntity, c.field)
		}
		// A role for an institution in another municipality: Skole A is København's.
		other.sendJSON(t, "POST", "/api/v1/programmes/mini/municipalities/147/people",
			map[string]any{"name": "Frede", "role": "tovholder", "institution": "101-s01"}, nil).problem(t, http.StatusUnprocessableEntity, "institution")
		if n := count(pl, api) + count(other, "/api/v1/programmes/mini/municipalities/147/people"); n != 0 {
			t.Fatalf("refused people were written: %d", n)
		}

		var p personRow
		pl.sendJSON(t, "POST", api, map[string]any{"name": "Tove Tovholder", "email": "tove@skolea.dk", "role": "tovholder", "institution": "101-s01"}, nil).
			decode(t, http.StatusCreated, &p)
		if p.Version != 2 || len(p.Roles) != 1 || p.Roles[0].Institution != "101-s01" {
			t.Fatalf("created %+v", p)
		}
		one := fmt.Sprintf("%s/%d", api, p.Key)
		pl.sendJSON(t, "POST", one+"/roles", map[string]any{"role": "superbruger", "institution": "101-s01"}, nil).decode(t, http.StatusCreated, &p)
		pl.sendJSON(t, "POST", one+"/roles", map[string]any{"role": "superbruger", "institution": "101-s01"}, nil).problem(t, http.StatusConflict, "role")
		pl.sendJSON(t, "PUT", one, map[string]any{"name": "Tove Holm", "version": p.Version}, nil).decode(t, http.StatusOK, &p)
		pl.sendJSON(t, "PUT", one, map[string]any{"name": "Tove Igen", "version": p.Version - 1}, nil).problem(t, http.StatusConflict, "version")
		pl.sendJSON(t, "PUT", one, map[string]any{"name": "", "version": p.Version}, nil).problem(t, http.StatusUnprocessableEntity, "name")

		// Another municipality and observers see nothing of it; another
		// municipality's register does not have the person.
		other.get(t, api).problem(t, http.StatusForbidden, "")
		obs.get(t, api).problem(t, http.StatusForbidden, "")
		admin.sendJSON(t, "PUT", fmt.Sprintf("/api/v1/programmes/mini/municipalities/147/people/%d", p.Key),
			map[string]any{"name": "X", "version": p.Version}, nil).problem(t, http.StatusNotFound, "")

		// The school's task (executor "Tovholder") names Tove on its page.
		var plan struct {
			Tasks []struct {
				ID          int64  `json:"id"`
				Key         string `json:"key"`
				Institution string `json:"institution"`
			} `json:"tasks"`
		}
		pl.getJSON(t, "/api/v1/programmes/mini/municipalities/101/tasks", &plan)
		browser := newClient(t, base)
		browser.login(t, "pl@kk.dk", testPassword)
		for _, x := range plan.Tasks {
			if x.Key != "m-inst" {
				continue
			}
			page := string(browser.get(t, fmt.Sprintf("/tasks/%d", x.ID)).body)
			if has := strings.Contains(page, "Tove Holm"); has != (x.Institution == "Skole A") {
				t.Errorf("the task page of %s names the tovholder: %t", x.Institution, has)
			}
		}

		var del personRow
		pl.do(t, "DELETE", fmt.Sprintf("%s/roles/%d", one, p.Roles[0].Key), nil, nil).decode(t, http.StatusOK, &del)
		if len(del.Roles) != 1 || del.Roles[0].Role != "superbruger" {
			t.Errorf("after removing the tovholder role: %+v", del)
		}
		var sz struct {
			Sized bool `json:"sized"`
		}
		obs.getJSON(t, "/api/v1/programmes/mini/sizing", &sz)
		if sz.Sized {
			t.Error("a programme not rolled out to institutions is sized")
		}
	})
}

package cli_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/store/storetest"
)

// TestMunicipalityPageAcrossProgrammes: the municipality page groups the
// plan by phase and, within a phase, by theme, and shows the municipality's
// plans in every programme it is enrolled in, each linked.
func TestMunicipalityPageAcrossProgrammes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		yaml := readFile(t, "testdata/mini-v1.yaml")
		second := []byte(strings.Replace(strings.Replace(string(yaml), "key: mini\n", "key: mini-to\n", 1), "name: Mini-programmet", "name: Andet program", 1))
		for key, cat := range map[string][]byte{"mini": yaml, "mini-to": second} {
			admin.do(t, "POST", "/api/v1/programmes/"+key+"/catalogue", cat, map[string]string{"Content-Type": "application/yaml"}).decode(t, http.StatusCreated, &map[string]any{})
		}
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{{"code": "101", "golive": "2027-03-01", "wave": 1},
			{"code": "147", "golive": "2027-03-01", "wave": 1}}, nil).decode(t, http.StatusOK, &[]any{})
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini-to/enrolments", []map[string]any{{"code": "101", "golive": "2027-06-01", "wave": 2}}, nil).
			decode(t, http.StatusOK, &[]any{})

		pl := newClient(t, base)
		pl.login(t, "pl@kk.dk", testPassword)
		pl.get(t, "/programmes/mini/municipalities/101?asof=2027-01-15").html(t, http.StatusOK,
			"planer i alle programmer", "Mini-programmet (denne side)",
			`<a href="/programmes/mini-to/municipalities/101?asof=2027-01-15">Andet program</a>`, "01.06.2027",
			`<th scope="rowgroup" colspan="6">Tema: Projektstyring (1)</th>`, "Opgaver efter fase og tema")
		// A municipality in one programme only has no such table.
		k := newClient(t, base)
		k.login(t, "koordinator@kombit.dk", testPassword)
		k.get(t, "/programmes/mini/municipalities/147").html(t, http.StatusOK, "Tema: ")
		if r := k.get(t, "/programmes/mini/municipalities/147"); strings.Contains(string(r.body), "planer i alle programmer") {
			t.Error("a municipality in one programme lists its plans across programmes")
		}
	})
}

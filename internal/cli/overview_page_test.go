package cli_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/store/storetest"
)

// TestOverviewPage: the national overview shows the status map and filters
// the municipalities by wave and colour; a bad filter value is refused
// naming the parameter.
func TestOverviewPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"),
			map[string]string{"Content-Type": "application/yaml"}).decode(t, http.StatusCreated, &map[string]any{})
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{
			{"code": "101", "golive": "2027-03-01", "wave": 1}, {"code": "147", "golive": "2027-06-01", "wave": 2}}, nil).
			decode(t, http.StatusOK, &[]any{})

		k := newClient(t, base)
		k.login(t, "koordinator@kombit.dk", testPassword)
		// As of 2 February 2027 København's critical task is overdue (red);
		// Frederiksberg has nothing due yet.
		all := k.get(t, "/programmes/mini?asof=2027-02-02")
		all.html(t, http.StatusOK, `role="img"`, "Kort over kommunernes status", "København: rød", "2 af 2 kommuner")
		red := k.get(t, "/programmes/mini?asof=2027-02-02&colour=red")
		red.html(t, http.StatusOK, "1 af 2 kommuner", "København")
		if strings.Contains(string(red.body), `municipalities/147?`) {
			t.Error("the red filter lists Frederiksberg")
		}
		k.get(t, "/programmes/mini?asof=2027-02-02&wave=2").html(t, http.StatusOK, "1 af 2 kommuner", "Frederiksberg")
		k.get(t, "/programmes/mini?asof=2027-02-02&sort=red").html(t, http.StatusOK, "2 af 2 kommuner")
		bad := k.get(t, "/programmes/mini?colour=lilla")
		bad.html(t, http.StatusBadRequest, "colour")
	})
}

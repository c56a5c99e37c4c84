package cli_test

import (
	"net/http"
	"testing"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// TestHandbookServer reads the handbook's API through the real server on
// both databases, every answer checked against openapi.json: the
// municipality's own lead reads it, another municipality is refused, a
// municipality not enrolled is a 404 naming the field code, a bad date a
// 400 naming asof.
func TestHandbookServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/parat/catalogue", readFile(t, "testdata/readiness.yaml"), yamlHeader()).decode(t, http.StatusCreated, &map[string]any{})
		now, _ := model.ParseDate(today())
		golive := calendar.Danish().OnOrBefore(now.AddMonths(3))
		admin.sendJSON(t, "POST", "/api/v1/programmes/parat/enrolments", []map[string]any{{"code": "101", "golive": golive.String(), "wave": 1}}, nil).
			decode(t, http.StatusOK, &[]any{})
		pl := newClient(t, base)
		pl.token = "udrul_pat_test-projektleder-0123456789"
		other := newClient(t, base)
		other.token = "udrul_pat_test-frederiksberg-0123456789"
		const api = "/api/v1/programmes/parat/municipalities/101/handbook"
		var h struct {
			Version  int    `json:"version"`
			Sent     bool   `json:"sent"`
			Tasks    int    `json:"tasks"`
			Deadline string `json:"deadline"`
			Versions []any  `json:"versions"`
			PDF      string `json:"pdf"`
		}
		pl.getJSON(t, api, &h)
		if h.Version != 1 || h.Sent || h.Tasks == 0 || len(h.Versions) != 0 || h.Deadline != golive.AddDays(-20).String() ||
			h.PDF != "/programmes/parat/municipalities/101/haandbog.pdf" {
			t.Errorf("handbook three months before go-live: %+v", h)
		}
		if r := other.get(t, api); r.StatusCode != http.StatusForbidden {
			t.Errorf("another municipality's lead: %d", r.StatusCode)
		}
		admin.get(t, "/api/v1/programmes/parat/municipalities/151/handbook").problem(t, http.StatusNotFound, "code")
		admin.get(t, api+"?asof=2027-02-30").problem(t, http.StatusBadRequest, "asof")
	})
}

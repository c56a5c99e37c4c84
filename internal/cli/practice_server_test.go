package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// TestPracticeServer runs kommunepraktik through the real server: a
// pairing that breaks the rule (the experienced has not gone live, the
// newcomer has) is refused naming the field; both paired municipalities
// see the pairing and the meetings they agree on, on the pairings page
// and their front page; a third does not.
func TestPracticeServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), yamlHeader()).decode(t, http.StatusCreated, &map[string]any{})
		now, _ := model.ParseDate(today())
		live := calendar.Danish().OnOrBefore(now.AddDays(-40)).String()
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{
			{"code": "147", "golive": live, "wave": 1}, {"code": "151", "golive": live, "wave": 1},
			{"code": "101", "golive": "2027-09-01", "wave": 2}}, nil).decode(t, http.StatusOK, &[]any{})
		koord := newClient(t, base)
		koord.token = "udrul_pat_test-koordinator-0123456789"
		const api = "/api/v1/programmes/mini/practice-pairings"
		koord.sendJSON(t, "POST", api, map[string]any{"experienced": "101", "newcomer": "147"}, nil).problem(t, http.StatusUnprocessableEntity, "experienced")
		koord.sendJSON(t, "POST", api, map[string]any{"experienced": "147", "newcomer": "151"}, nil).problem(t, http.StatusUnprocessableEntity, "newcomer")
		koord.sendJSON(t, "POST", api, map[string]any{"experienced": "147", "newcomer": ""}, nil).problem(t, http.StatusUnprocessableEntity, "newcomer")
		var list []struct {
			ID       int64 `json:"id"`
			Meetings []any `json:"meetings"`
		}
		koord.getJSON(t, api, &list)
		if len(list) != 0 {
			t.Fatalf("refused pairings were written: %+v", list)
		}
		var p struct {
			ID int64 `json:"id"`
		}
		koord.sendJSON(t, "POST", api, map[string]any{"experienced": "147", "newcomer": "101"}, nil).decode(t, http.StatusCreated, &p)
		koord.sendJSON(t, "POST", api, map[string]any{"experienced": "147", "newcomer": "101"}, nil).problem(t, http.StatusConflict, "newcomer")

		// København's project lead records a meeting; Frederiksberg sees it.
		pl := newClient(t, base)
		pl.login(t, "pl@kk.dk", testPassword)
		st, _ := pl.form(t, fmt.Sprintf("/programmes/mini/kommunepraktik/%d/moeder", p.ID), url.Values{"day": {"2027-05-03"}, "note": {""}})
		if st != http.StatusUnprocessableEntity {
			t.Errorf("a meeting without a note: %d", st)
		}
		if st, loc := pl.form(t, fmt.Sprintf("/programmes/mini/kommunepraktik/%d/moeder", p.ID), url.Values{"day": {"2027-05-03"}, "note": {"Besøg i borgerservice"}}); st != http.StatusSeeOther {
			t.Fatalf("recording a meeting: %d %s", st, loc)
		}
		pl.get(t, "/").html(t, http.StatusOK, "Kommunepraktik", "Frederiksberg og København", "03.05.2027")
		frb := newClient(t, base)
		frb.login(t, "pl@frb.dk", testPassword)
		frb.get(t, "/programmes/mini/kommunepraktik").html(t, http.StatusOK, "Frederiksberg og København", "Besøg i borgerservice")
		// Ballerup is not in it; its list is empty (no user of its own here:
		// the tovholder of København's school sees København's).
		th := newClient(t, base)
		th.token = "udrul_pat_test-tovholder-0123456789"
		th.getJSON(t, api, &list)
		if len(list) != 1 || len(list[0].Meetings) != 1 {
			t.Errorf("the tovholder's list: %+v", list)
		}
		if r := th.sendJSON(t, "POST", fmt.Sprintf("/api/v1/practice-pairings/%d/meetings", p.ID), map[string]any{"day": "2027-05-04", "note": "x"}, nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("a tovholder recording a meeting: %d", r.StatusCode)
		}
		admin.login(t, testAdminEmail, testPassword)
		admin.get(t, "/").html(t, http.StatusOK, `href="/programmes/mini/kommunepraktik"`)
		if r := admin.get(t, "/programmes/mini/kommunepraktik"); !strings.Contains(string(r.body), "Par to kommuner") {
			t.Error("the centre's pairing form is missing")
		}
	})
}

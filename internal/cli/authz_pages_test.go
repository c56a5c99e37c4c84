package cli_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/store/storetest"
)

// The pages offer each user the actions of the role table
// (authz_table_test.go) and no others: a form the policy would refuse is
// not shown. Each page is read by someone who may act and someone who
// may only look.
func TestPagesOfferOnlyAllowedActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		m := setupMatrix(t, dbURL, webRoutes(t))
		m.followup(t) // an incident in each municipality
		for _, tc := range []struct {
			page, marker string
			offered      map[string]bool // user → the page offers the action
		}{
			{"/programmes/mini/municipalities/101", ">Opret kalenderabonnement<",
				map[string]bool{"projektleder": true, "koordinator": true, "leverandør": false, "observatør": false, "medarbejder": false, "tovholder": false}},
			{"/programmes/mini/municipalities/101", "/revoke\"",
				map[string]bool{"projektleder": true, "admin": true, "leverandør": false, "observatør": false, "medarbejder": false}},
			{"/programmes/mini/municipalities/101/contacts", ">Log kontakt<",
				map[string]bool{"koordinator": true, "leverandør": true, "observatør": false, "projektleder": false}},
			{"/programmes/mini/municipalities/101/contacts", "value=\"eskalering\"",
				map[string]bool{"koordinator": true, "admin": true, "leverandør": false}},
			{"/programmes/mini/municipalities/101/checkpoints", "name=\"decision\"",
				map[string]bool{"koordinator": true, "projektleder": true, "leverandør": false, "observatør": false, "medarbejder": false}},
			{"/programmes/mini/municipalities/101/incidents", ">Log en hændelse<",
				map[string]bool{"koordinator": true, "leverandør": true, "projektleder": true, "observatør": false, "medarbejder": false, "tovholder": false}},
			{"/programmes/mini/municipalities/101/incidents", "action=\"/incidents/",
				map[string]bool{"leverandør": true, "projektleder": true, "observatør": false, "medarbejder": false}},
		} {
			for who, want := range tc.offered {
				r := m.users[who].c.get(t, tc.page)
				if r.StatusCode != 200 {
					t.Errorf("%s as %s: status %d", tc.page, who, r.StatusCode)
					continue
				}
				if got := strings.Contains(string(r.body), tc.marker); got != want {
					t.Errorf("%s as %s: offers %s = %v, want %v", tc.page, who, tc.marker, got, want)
				}
			}
		}
		// The worklist's owner and snooze forms are KOMBIT's; the supplier
		// and observers see the list without them.
		for who, want := range map[string]bool{"koordinator": true, "leverandør": false, "observatør": false} {
			const page = "/programmes/mini/followup?asof=2027-02-01"
			body := string(m.users[who].c.get(t, page).body)
			if got := strings.Contains(body, "#handling\""); got != want {
				t.Errorf("worklist as %s: rows link to their forms = %v, want %v", who, got, want)
			}
			// Asking for an item's forms directly shows them only to KOMBIT.
			if item := regexp.MustCompile(`href="/programmes/mini/municipalities/(\d+)"`).FindStringSubmatch(body); item != nil {
				body = string(m.users[who].c.get(t, page+"&handling=kommune-"+item[1]).body)
			}
			for _, form := range []string{"/owner\"", "/snooze\""} {
				if got := strings.Contains(body, form); got != want {
					t.Errorf("worklist as %s: offers %s = %v, want %v", who, form, got, want)
				}
			}
		}
	})
}

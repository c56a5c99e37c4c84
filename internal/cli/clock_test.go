package cli_test

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/store/storetest"
)

// TestPagesFollowTheServerClock runs the server on a clock the test sets and
// shows that a page without ?asof= takes its date, and so its colours, from
// that clock in Danish time: at 23:30 on 1 February (22:30 UTC) København's
// critical task, due that day and not started, is yellow; an hour later it is
// 2 February in Denmark, though still 1 February in UTC, and the task is
// overdue: red.
func TestPagesFollowTheServerClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		var clock atomic.Int64
		set := func(utc string) {
			at, err := time.Parse(time.RFC3339, utc)
			if err != nil {
				t.Fatal(err)
			}
			clock.Store(at.UnixNano())
		}
		set("2027-02-01T22:30:00Z")
		base := startServerAt(t, dbURL, func() time.Time { return time.Unix(0, clock.Load()) })

		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"),
			map[string]string{"Content-Type": "application/yaml"}).decode(t, http.StatusCreated, &map[string]any{})
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments",
			[]map[string]any{{"code": "101", "golive": "2027-03-01", "wave": 1}}, nil).decode(t, http.StatusOK, &[]any{})

		c := newClient(t, base)
		c.login(t, testAdminEmail, testPassword)
		c.get(t, "/programmes/mini").html(t, http.StatusOK,
			`id="asof" name="asof" value="2027-02-01"`, "– 0 røde, 1 gule", "Gul betyder ikke påbegyndt med frist senest 04.02.2027")

		set("2027-02-01T23:30:00Z")
		c.get(t, "/programmes/mini").html(t, http.StatusOK,
			`id="asof" name="asof" value="2027-02-02"`, "– 1 røde, 0 gule", "Gul betyder ikke påbegyndt med frist senest 05.02.2027")
	})
}

package cli_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/store/storetest"
)

// TestTovholderHome: the institution coordinator does her job from her
// start page. It lists her school's tasks with dates, status in words and
// checklist progress, and the people who hold roles at her school with its
// super-users against the need – not another school's people. She changes
// her school's task's status and ticks its checklist through the task page
// the start page links, and the start page shows both.
func TestTovholderHome(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin, _ := miniPlan(t, base)
		const api = "/api/v1/programmes/mini/municipalities/101/people"
		for _, p := range []map[string]any{
			{"name": "Tina Tovholder", "email": "th@kk.dk", "role": "tovholder", "institution": "101-s01"},
			{"name": "Sune Superbruger", "role": "superbruger", "institution": "101-s01"},
			{"name": "Bo Anden Skole", "role": "superbruger", "institution": "101-s02"},
			{"name": "Karen Kommune", "role": "projektejer"},
		} {
			admin.sendJSON(t, "POST", api, p, nil).decode(t, http.StatusCreated, &map[string]any{})
		}

		th := newClient(t, base)
		th.login(t, "th@kk.dk", testPassword)
		const home = "/?asof=2027-02-05"
		r := th.get(t, home)
		r.html(t, http.StatusOK, "Alle opgaver for ", "Udpeg superbrugere på skolen", "0 af 2 punkter",
			"Personer på ", "Tina Tovholder", "Sune Superbruger", "Superbrugere: 1 registreret af 2 nødvendige – der mangler 1",
			`href="/programmes/mini/municipalities/101/roller"`)
		page := string(r.body)
		for _, other := range []string{"Bo Anden Skole", "Karen Kommune"} {
			if strings.Contains(page, other) {
				t.Errorf("the tovholder's start page lists %s, who holds no role at her school", other)
			}
		}
		m := regexp.MustCompile(`<a href="/tasks/(\d+)">Udpeg superbrugere på skolen</a>`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("the start page links no school task")
		}
		task := "/tasks/" + m[1]
		// The register the start page links opens for her.
		th.get(t, "/programmes/mini/municipalities/101/roller").html(t, http.StatusOK, "Sune Superbruger")

		version := func() string {
			tp := string(th.get(t, task).body)
			v := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(tp)
			if v == nil {
				t.Fatalf("the task page offers the tovholder no form:\n%s", tp)
			}
			return v[1]
		}
		key := regexp.MustCompile(`name="done" value="([^"]+)"`).FindStringSubmatch(string(th.get(t, task).body))
		if key == nil {
			t.Fatal("the task page has no checklist item to tick")
		}
		items := regexp.MustCompile(`name="item" value="([^"]+)"`).FindAllStringSubmatch(string(th.get(t, task).body), -1)
		f := url.Values{"version": {version()}, "done": {key[1]}}
		for _, it := range items {
			f.Add("item", it[1])
		}
		if r := th.postForm(t, task+"/checklist", f); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("ticking the checklist: %d %s", r.StatusCode, r.body)
		}
		if r := th.postForm(t, task+"/status", url.Values{"status": {"paabegyndt"}, "version": {version()}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("changing the status: %d %s", r.StatusCode, r.body)
		}
		r = th.get(t, home)
		r.html(t, http.StatusOK, "1 af 2 punkter")
		row := regexp.MustCompile(`(?s)<a href="` + task + `">Udpeg superbrugere på skolen</a>.*?</tr>`).FindString(string(r.body))
		if !strings.Contains(row, "Påbegyndt") {
			t.Errorf("the start page's row of the task does not say it is started: %s", row)
		}
		// A stale version is refused and changes nothing.
		old, _ := strconv.Atoi(version())
		if r := th.postForm(t, task+"/status", url.Values{"status": {"fuldfoert"}, "version": {strconv.Itoa(old - 1)}}); r.StatusCode == http.StatusSeeOther {
			t.Error("a status change from a stale version was accepted")
		}
	})
}

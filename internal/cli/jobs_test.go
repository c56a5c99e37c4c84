package cli_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/store/storetest"
)

type jobResult struct {
	ID       int64                   `json:"id"`
	State    string                  `json:"state"`
	Error    string                  `json:"error"`
	Percent  int                     `json:"percent"`
	Result   map[string]any          `json:"result"`
	Links    []struct{ Href string } `json:"links"`
	Page     string                  `json:"page"`
	Attempts int                     `json:"attempts"`
}

var jobPath = regexp.MustCompile(`^/jobs/(\d+)$`)

// finishedJob waits until the job at page path loc (/jobs/N) has ended, as
// c sees it through the API, and returns it.
func finishedJob(t *testing.T, c *client, loc string) jobResult {
	t.Helper()
	m := jobPath.FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("%q is not a job page", loc)
	}
	var j jobResult
	for range 300 {
		c.getJSON(t, "/api/v1/jobs/"+m[1], &j)
		if j.State == "faerdig" || j.State == "fejlet" || j.State == "annulleret" {
			return j
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("job %s did not finish: %+v", m[1], j)
	return j
}

// TestJobs: a publication through the browser goes to its job page, which
// polls while the job runs and shows the result with links; the API answers
// 202 with Prefer: respond-async and the job's status; a stale preview is
// refused with a fresh preview on the form and as a 409 problem in the API;
// a publication is scheduled and cancelled; an earlier version is
// republished through the preview.
func TestJobs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		v1, v2 := readFile(t, "testdata/mini-v1.yaml"), readFile(t, "testdata/mini-v2.yaml")
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", v1, yamlHeader()).decode(t, http.StatusCreated, &map[string]any{})
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{{"code": "101", "golive": "2027-03-01", "wave": 1}}, nil).
			decode(t, http.StatusOK, &[]any{})

		k := newClient(t, base)
		k.login(t, "koordinator@kombit.dk", testPassword)
		prev := k.postForm(t, "/programmes/mini/catalogue/preview", url.Values{"source": {string(v2)}, "filename": {"mini-v2.yaml"}})
		prev.html(t, http.StatusOK, "Udgiv version 2", `name="based_on" value="1"`, `name="run_at"`)

		// Someone publishes version 2 through the API in between (Prefer:
		// respond-async: 202, the job's URL; then its status).
		h := yamlHeader()
		h["Prefer"] = "respond-async"
		var queued jobResult
		r := admin.do(t, "POST", "/api/v1/programmes/mini/catalogue?filename=mini-v2.yaml", v2, h)
		r.decode(t, http.StatusAccepted, &queued)
		if loc := r.Header.Get("Location"); loc != fmt.Sprintf("/api/v1/jobs/%d", queued.ID) || queued.Page != fmt.Sprintf("/jobs/%d", queued.ID) {
			t.Fatalf("202 Location %q, job %+v", loc, queued)
		}
		done := finishedJob(t, admin, queued.Page)
		if done.State != "faerdig" || done.Percent != 100 || done.Result["version"] != 2.0 || len(done.Links) < 2 {
			t.Fatalf("API job %+v", done)
		}

		// The coordinator confirms the old preview: refused, with a fresh
		// preview (now of no change against version 2).
		stale := k.postForm(t, "/programmes/mini/catalogue/publish", url.Values{"source": {string(v2)}, "filename": {"mini-v2.yaml"}, "based_on": {"1"}})
		stale.html(t, http.StatusConflict, "Udgivelsen er afvist", "efter at forhåndsvisningen blev lavet på version 1", "magen til det udgivne katalog (version 2)")
		// The same through the API: 409, field based_on, and the fresh preview.
		var p struct {
			Field   string         `json:"field"`
			Detail  string         `json:"detail"`
			Preview map[string]any `json:"preview"`
		}
		sr := admin.do(t, "POST", "/api/v1/programmes/mini/catalogue?based_on=1", v1, yamlHeader())
		sr.problem(t, http.StatusConflict, "based_on")
		if err := json.Unmarshal(sr.body, &p); err != nil {
			t.Fatal(err)
		}
		if p.Field != "based_on" || !strings.Contains(p.Detail, "udgivet i version 2") || p.Preview["based_on"] != 2.0 || p.Preview["version"] != 3.0 {
			t.Fatalf("stale API publication: %+v", p)
		}

		// Republishing version 1 from the catalogue page: its preview, then
		// the publication as a job whose page shows the result.
		k.get(t, "/programmes/mini/catalogue").html(t, http.StatusOK, "Udgiv version 1 igen")
		re := k.postForm(t, "/programmes/mini/catalogue/versions/1/preview", url.Values{})
		re.html(t, http.StatusOK, "Version 1 af kataloget udgives igen", "Udgiv version 3", `name="based_on" value="2"`)
		src := regexp.MustCompile(`(?s)<textarea id="source" name="source" hidden readonly>(.*?)</textarea>`).FindSubmatch(re.body)
		if src == nil {
			t.Fatalf("no source in the republish preview")
		}
		status, loc := k.form(t, "/programmes/mini/catalogue/publish", url.Values{"source": {html.UnescapeString(string(src[1]))},
			"filename": {"mini-v1.yaml"}, "based_on": {"2"}})
		if status != http.StatusSeeOther || !jobPath.MatchString(loc) {
			t.Fatalf("publish form: %d %s", status, loc)
		}
		j := finishedJob(t, k, loc)
		if j.State != "faerdig" || j.Result["version"] != 3.0 {
			t.Fatalf("republish job %+v", j)
		}
		page := k.get(t, loc)
		page.html(t, http.StatusOK, "Version 3 er udgivet", `href="/programmes/mini/municipalities/101"`, "Færdig")
		if strings.Contains(string(page.body), `hx-trigger="every 1s"`) || strings.Contains(string(page.body), `http-equiv="refresh"`) {
			t.Error("a finished job's page still refreshes")
		}

		// A scheduled publication: 202 at once, waiting; its page polls
		// (htmx, and a refresh without JavaScript) and offers to cancel it;
		// cancelled, it never runs.
		var sched jobResult
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue?based_on=3&run_at=2099-01-05", v2, yamlHeader()).decode(t, http.StatusAccepted, &sched)
		if sched.State != "venter" {
			t.Fatalf("scheduled %+v", sched)
		}
		k.get(t, sched.Page).html(t, http.StatusOK, "planlagt til 05.01.2099 kl. 00.00", `hx-trigger="every 1s"`,
			`<noscript><meta http-equiv="refresh" content="2"></noscript>`, "Annullér den planlagte udgivelse")
		k.get(t, "/programmes/mini/catalogue").html(t, http.StatusOK, "Planlagte udgivelser", sched.Page)
		frag := k.do(t, "GET", sched.Page, nil, map[string]string{"HX-Request": "true"})
		if frag.StatusCode != http.StatusOK || strings.Contains(string(frag.body), "<html") || !strings.Contains(string(frag.body), `id="koersel"`) {
			t.Errorf("htmx fragment: %d %.200s", frag.StatusCode, frag.body)
		}
		status, loc = k.form(t, sched.Page+"/cancel", url.Values{})
		if status != http.StatusSeeOther {
			t.Fatalf("cancel: %d %s", status, loc)
		}
		k.get(t, loc).html(t, http.StatusOK, "Kørslen er annulleret")
		var c jobResult
		admin.getJSON(t, fmt.Sprintf("/api/v1/jobs/%d", sched.ID), &c)
		if c.State != "annulleret" {
			t.Errorf("cancelled job %+v", c)
		}
		// A job is its creator's and the publishers': not a project lead's.
		pl := newClient(t, base)
		pl.login(t, "pl@kk.dk", testPassword)
		if r := pl.get(t, loc); r.StatusCode != http.StatusForbidden {
			t.Errorf("project lead on a job page: %d", r.StatusCode)
		}
	})
}

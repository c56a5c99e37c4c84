package cli_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

type pageInfo struct {
	Total      int    `json:"total"`
	Limit      int    `json:"limit"`
	NextCursor string `json:"next_cursor"`
}

type listItem struct {
	ID           int64  `json:"id"`
	Key          string `json:"key"`
	Type         string `json:"type"`
	Status       string `json:"status"`
	End          string `json:"end"`
	Colour       string `json:"colour"`
	ColourText   string `json:"colour_text"`
	Municipality string `json:"municipality"`
	Wave         int    `json:"wave"`
	Version      int    `json:"version"`
}

type instancePage struct {
	Items []listItem `json:"items"`
	Page  pageInfo   `json:"page"`
}

// TestListAPIPaging runs the paged lists through the real server on both
// databases: the Redmine question (open critical tasks past their end
// date, all municipalities, first 100) in one request, a walk through every
// page by cursor that sees each instance once in end-date order, one task
// in every municipality with its colours, the lists that existed before
// paging keeping their shape, and bad values refused naming the parameter.
func TestListAPIPaging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), yamlHeader()).decode(t, http.StatusCreated, &map[string]any{})
		now, _ := model.ParseDate(today())
		golive := clearGoLive(now.AddDays(14))
		// Enrolled a year ago, so that m-krit, ended since, is red.
		enrolLongAgo(t, dbURL, "mini", []app.Enrolment{{Code: "101", GoLive: golive, Wave: 1}, {Code: "147", GoLive: golive, Wave: 1}, {Code: "151", GoLive: golive, Wave: 2}})

		// Ballerup has completed its critical task m-krit.
		var across struct {
			Task   struct{ Key string } `json:"task"`
			Counts model.Counts         `json:"counts"`
			instancePage
		}
		admin.getJSON(t, "/api/v1/programmes/mini/catalogue/tasks/m-krit/municipalities", &across)
		if across.Task.Key != "m-krit" || len(across.Items) != 3 || across.Page.Total != 3 || across.Counts.Red != 3 {
			t.Fatalf("m-krit across municipalities: %+v", across)
		}
		for _, x := range across.Items {
			if x.Municipality == "151" {
				admin.sendJSON(t, "PUT", fmt.Sprintf("/api/v1/tasks/%d/status", x.ID), map[string]any{"status": "fuldfoert", "version": x.Version}, nil).decode(t, http.StatusOK, &map[string]any{})
			}
		}
		admin.getJSON(t, "/api/v1/programmes/mini/catalogue/tasks/m-krit/municipalities?colour=green", &across)
		if len(across.Items) != 1 || across.Items[0].Municipality != "151" || across.Items[0].ColourText != "Grøn" || across.Counts.Green != 1 || across.Counts.Red != 0 {
			t.Fatalf("m-krit green: %+v", across)
		}
		admin.getJSON(t, "/api/v1/programmes/mini/catalogue/tasks/m-krit/municipalities?wave=1", &across)
		if len(across.Items) != 2 || across.Counts.Red != 2 {
			t.Fatalf("m-krit in wave 1: %+v", across)
		}
		admin.get(t, "/api/v1/programmes/mini/catalogue/tasks/findesikke/municipalities").problem(t, http.StatusNotFound, "")

		// The same as a page for the centre, linked from the catalogue.
		centre := newClient(t, base)
		centre.login(t, "koordinator@kombit.dk", testPassword)
		if page := string(centre.get(t, "/programmes/mini/catalogue").body); !strings.Contains(page, `href="/programmes/mini/catalogue/tasks/m-krit/kommuner"`) {
			t.Error("the catalogue does not link to m-krit in every municipality")
		}
		r := centre.get(t, "/programmes/mini/catalogue/tasks/m-krit/kommuner?wave=&colour=red&status=")
		code, page := r.StatusCode, string(r.body)
		if code != http.StatusOK || !strings.Contains(page, "Frederiksberg") || strings.Contains(page, "Ballerup") || !strings.Contains(page, "2 forekomster (afgrænset)") {
			t.Errorf("task page, red: %d %s", code, page)
		}
		if code := centre.get(t, "/programmes/mini/catalogue/tasks/m-krit/kommuner?colour=lilla").StatusCode; code != http.StatusUnprocessableEntity {
			t.Errorf("task page, bad colour: %d", code)
		}

		// The Redmine question in one request.
		var p instancePage
		admin.getJSON(t, "/api/v1/programmes/mini/tasks?type=kritisk&colour=red&limit=100", &p)
		if p.Page.Total != 2 || len(p.Items) != 2 || p.Page.NextCursor != "" || p.Page.Limit != 100 {
			t.Fatalf("open critical tasks past their end: %+v", p)
		}
		for _, x := range p.Items {
			if x.Type != "kritisk" || x.Colour != "red" || x.ColourText != "Rød" || x.End >= now.String() || x.Status == "fuldfoert" || x.Municipality == "151" {
				t.Fatalf("not an open critical task past its end: %+v", x)
			}
		}

		// Every instance once, in order of end date, by cursor, 3 at a time:
		// 3 municipalities × 4 municipality tasks + 2 schools × 1 institution task.
		seen := map[int64]bool{}
		last := ""
		next := "/api/v1/programmes/mini/tasks?limit=3"
		pages := 0
		for next != "" {
			p = instancePage{} // next_cursor is absent on the last page
			admin.getJSON(t, next, &p)
			pages++
			if p.Page.Total != 14 || len(p.Items) > 3 {
				t.Fatalf("page %d: %+v", pages, p.Page)
			}
			for _, x := range p.Items {
				if seen[x.ID] || x.End < last {
					t.Fatalf("instance %d seen twice or out of order (%s after %s)", x.ID, x.End, last)
				}
				seen[x.ID], last = true, x.End
			}
			next = ""
			if p.Page.NextCursor != "" {
				next = "/api/v1/programmes/mini/tasks?limit=3&cursor=" + url.QueryEscape(p.Page.NextCursor)
			}
		}
		if len(seen) != 14 || pages != 5 {
			t.Fatalf("%d instances on %d pages, want 14 on 5", len(seen), pages)
		}

		// Bad values are refused naming the parameter.
		for _, c := range []struct {
			query, field string
			status       int
		}{
			{"limit=0", "limit", 400},
			{"limit=5000", "limit", 422},
			{"type=vigtig", "type", 422},
			{"status=faerdig", "status", 422},
			{"colour=blaa", "colour", 422},
			{"phase=9.9", "phase", 422},
			{"from=2027-02-30", "from", 400},
			{"from=2027-03-02&to=2027-03-01", "to", 422},
			{"wave=x", "wave", 400},
			{"cursor=%21%21", "cursor", 400},
			{"type=kritisk&cursor=" + url.QueryEscape(p.Page.NextCursor+"x"), "cursor", 400},
		} {
			admin.get(t, "/api/v1/programmes/mini/tasks?"+c.query).problem(t, c.status, c.field)
		}
		admin.getJSON(t, "/api/v1/programmes/mini/tasks?limit=1", &p)
		admin.get(t, "/api/v1/programmes/mini/tasks?type=kritisk&cursor="+url.QueryEscape(p.Page.NextCursor)).problem(t, http.StatusUnprocessableEntity, "cursor")

		// Lists that existed before paging: whole without a limit, paged with one.
		var plan struct {
			Tasks []listItem `json:"tasks"`
			Page  pageInfo   `json:"page"`
		}
		admin.getJSON(t, "/api/v1/programmes/mini/municipalities/101/tasks", &plan)
		if len(plan.Tasks) != 6 || plan.Page.Total != 6 || plan.Page.Limit != 0 || plan.Page.NextCursor != "" {
			t.Fatalf("plan without a limit: %d tasks, %+v", len(plan.Tasks), plan.Page)
		}
		admin.getJSON(t, "/api/v1/programmes/mini/municipalities/101/tasks?limit=4", &plan)
		if len(plan.Tasks) != 4 || plan.Page.Total != 6 || plan.Page.NextCursor == "" {
			t.Fatalf("plan, 4 a page: %d tasks, %+v", len(plan.Tasks), plan.Page)
		}
		plan.Page = pageInfo{}
		admin.getJSON(t, "/api/v1/programmes/mini/municipalities/101/tasks?type=kritisk&status=open", &plan)
		if len(plan.Tasks) != 2 || plan.Page.Total != 2 {
			t.Fatalf("plan, open critical: %+v", plan.Tasks)
		}
		admin.get(t, "/api/v1/programmes/mini/municipalities/101/tasks?status=x").problem(t, http.StatusUnprocessableEntity, "status")
		admin.get(t, "/api/v1/programmes/mini/municipalities/101/tasks?wave=1").problem(t, http.StatusUnprocessableEntity, "wave")

		var wl struct {
			Tasks []listItem `json:"tasks"`
			Page  pageInfo   `json:"page"`
		}
		admin.getJSON(t, "/api/v1/programmes/mini/worklist", &wl)
		whole := wl.Page.Total
		if whole == 0 || len(wl.Tasks) != whole {
			t.Fatalf("worklist: %d tasks, %+v", len(wl.Tasks), wl.Page)
		}
		admin.getJSON(t, "/api/v1/programmes/mini/worklist?limit=1&municipality=101", &wl)
		if len(wl.Tasks) != 1 || wl.Tasks[0].Municipality != "101" || (wl.Page.Total > 1) != (wl.Page.NextCursor != "") {
			t.Fatalf("worklist, one a page: %+v", wl)
		}
		var fu struct {
			Tasks []listItem `json:"tasks"`
			Page  pageInfo   `json:"page"`
		}
		admin.getJSON(t, "/api/v1/programmes/mini/followup?limit=1", &fu)
		if len(fu.Tasks) > 1 || fu.Page.Limit != 1 {
			t.Fatalf("follow-up: %+v", fu)
		}
		var cl struct {
			Page pageInfo `json:"page"`
		}
		admin.getJSON(t, "/api/v1/programmes/mini/municipalities/101/contacts?from=2027-01-01", &cl)
		admin.get(t, "/api/v1/programmes/mini/municipalities/101/contacts?from=i-morgen").problem(t, http.StatusBadRequest, "from")
		r = admin.get(t, "/api/v1/programmes/mini/municipalities/101/incidents?status=aaben&limit=10")
		r.decode(t, http.StatusOK, &[]any{})
		if r.Header.Get("X-Total-Count") != "0" {
			t.Fatalf("incidents: X-Total-Count %q", r.Header.Get("X-Total-Count"))
		}
		admin.get(t, "/api/v1/programmes/mini/municipalities/101/incidents?status=fuldfoert").problem(t, http.StatusUnprocessableEntity, "status")

		// The overview exports, streamed: every plan line of every municipality.
		x := admin.get(t, "/api/v1/programmes/mini/overview.xlsx")
		if x.StatusCode != http.StatusOK {
			t.Fatalf("overview.xlsx: %d %s", x.StatusCode, x.body)
		}
		f, err := excelize.OpenReader(bytes.NewReader(x.body))
		if err != nil {
			t.Fatal(err)
		}
		munis, _ := f.GetRows("Kommuner")
		lines, _ := f.GetRows("Opgaver")
		f.Close()
		if len(munis) != 4 || len(lines) < 13 || lines[1][0] == "" { // gen's TestOverviewExportStreamEqualsHeld compares the content
			t.Errorf("overview.xlsx: %d municipality rows, %d plan lines; want 1+3 and a line per task", len(munis), len(lines))
		}
		c := admin.get(t, "/api/v1/programmes/mini/overview.csv")
		if c.StatusCode != http.StatusOK || strings.Count(string(c.body), "\r\n") != 4 || !strings.Contains(string(c.body), "Frederiksberg") {
			t.Errorf("overview.csv: %d %q", c.StatusCode, c.body)
		}

		// A task's documents, newest first, paged.
		task := p.Items[0].ID
		for _, name := range []string{"a.txt", "b.txt", "c.txt"} {
			body, ct := multipartBody("", name, []byte("x\n"))
			admin.do(t, "POST", fmt.Sprintf("/api/v1/tasks/%d/documents", task), body, map[string]string{"Content-Type": ct}).decode(t, http.StatusCreated, &map[string]any{})
		}
		var docs struct {
			Items []struct{ Name string } `json:"items"`
			Page  pageInfo                `json:"page"`
		}
		admin.getJSON(t, fmt.Sprintf("/api/v1/tasks/%d/documents?limit=2", task), &docs)
		if len(docs.Items) != 2 || docs.Items[0].Name != "c.txt" || docs.Page.Total != 3 || docs.Page.NextCursor == "" {
			t.Fatalf("documents, first page: %+v", docs)
		}
		admin.getJSON(t, fmt.Sprintf("/api/v1/tasks/%d/documents?limit=2&cursor=%s", task, url.QueryEscape(docs.Page.NextCursor)), &docs)
		if len(docs.Items) != 1 || docs.Items[0].Name != "a.txt" {
			t.Fatalf("documents, second page: %+v", docs)
		}
		admin.get(t, fmt.Sprintf("/api/v1/tasks/%d/documents?to=x", task)).problem(t, http.StatusBadRequest, "to")
	})
}

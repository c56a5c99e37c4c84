package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

type addOnOrderJSON struct {
	ID      int64  `json:"id"`
	Version int    `json:"version"`
	Live    bool   `json:"live"`
	Tasks   []task `json:"tasks"`
	Title   string `json:"title"`
}

// TestAddOnServer runs add-on purchases through the real server on both
// databases, every answer checked against openapi.json: the catalogue,
// the training lead, an order whose tasks enter the plan, the supplier
// updating those tasks and no others, the deadline with the
// coordinator's exception, cancelling, the supplier's list, and the pages
// a project lead and the supplier reach from their home pages.
func TestAddOnServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), yamlHeader()).decode(t, http.StatusCreated, &map[string]any{})
		now, _ := model.ParseDate(today())
		inTime, late := clearGoLive(now.AddMonths(7)), clearGoLive(now.AddMonths(2))
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{
			{"code": "101", "golive": inTime.String(), "wave": 1}, {"code": "147", "golive": late.String(), "wave": 1}}, nil).decode(t, http.StatusOK, &[]any{})
		client := func(token string) *client {
			c := newClient(t, base)
			c.token = token
			return c
		}
		pl, other := client("udrul_pat_test-projektleder-0123456789"), client("udrul_pat_test-frederiksberg-0123456789")
		ko, sup := client("udrul_pat_test-koordinator-0123456789"), client("udrul_pat_test-leverandor-0123456789")

		body := map[string]any{"category": "uddannelse", "kind": "Kursus", "content": "KSD systemanvendelse", "target_group": "Slutbruger",
			"form": "Tilstedeværelse", "extent": "1 dag", "capacity": true, "tasks": []map[string]any{
				{"title": "Gennemfør slutbrugerkursus", "start": -20, "end": -10}}}
		bad := map[string]any{}
		for k, v := range body {
			bad[k] = v
		}
		bad["category"] = "kursus"
		ko.sendJSON(t, "POST", "/api/v1/programmes/mini/addons", bad, nil).problem(t, http.StatusUnprocessableEntity, "category")
		pl.sendJSON(t, "POST", "/api/v1/programmes/mini/addons", body, nil).problem(t, http.StatusForbidden, "")
		var cat struct {
			AddOns []struct {
				ID int64 `json:"id"`
			} `json:"addons"`
		}
		pl.getJSON(t, "/api/v1/programmes/mini/addons", &cat)
		if len(cat.AddOns) != 0 {
			t.Fatalf("refused add-ons were written: %+v", cat)
		}
		var addOn struct {
			ID int64 `json:"id"`
		}
		ko.sendJSON(t, "POST", "/api/v1/programmes/mini/addons", body, nil).decode(t, http.StatusCreated, &addOn)

		const api = "/api/v1/programmes/mini/municipalities/%s/addons"
		a101, a147 := fmt.Sprintf(api, "101"), fmt.Sprintf(api, "147")
		pl.sendJSON(t, "POST", a101+"/orders", map[string]any{"addon_id": addOn.ID}, nil).problem(t, http.StatusUnprocessableEntity, "training_lead")
		pl.sendJSON(t, "PUT", a101+"/agreement", map[string]any{"training_lead": "Pia Projektleder", "version": 0}, nil).decode(t, http.StatusOK, &map[string]any{})
		var o addOnOrderJSON
		pl.sendJSON(t, "POST", a101+"/orders", map[string]any{"addon_id": addOn.ID}, nil).decode(t, http.StatusCreated, &o)
		if len(o.Tasks) != 1 || !o.Live {
			t.Fatalf("order: %+v", o)
		}
		var p plan
		pl.getJSON(t, "/api/v1/programmes/mini/municipalities/101/tasks", &p)
		addOnTask := findTask(t, p, o.Tasks[0].Key)
		if addOnTask.End >= inTime.String() {
			t.Errorf("add-on task not dated before go-live: %+v", addOnTask)
		}
		sup.sendJSON(t, "PUT", fmt.Sprintf("/api/v1/tasks/%d/status", addOnTask.ID), map[string]any{"status": "paabegyndt", "version": addOnTask.Version}, nil).
			decode(t, http.StatusOK, &map[string]any{})
		obl := findTask(t, p, "m-obl")
		sup.sendJSON(t, "PUT", fmt.Sprintf("/api/v1/tasks/%d/status", obl.ID), map[string]any{"status": "paabegyndt", "version": obl.Version}, nil).
			problem(t, http.StatusForbidden, "")

		// After the deadline: the date is named; the coordinator's exception needs a reason.
		other.sendJSON(t, "PUT", a147+"/agreement", map[string]any{"training_lead": "Frede", "version": 0}, nil).decode(t, http.StatusOK, &map[string]any{})
		pr := other.sendJSON(t, "POST", a147+"/orders", map[string]any{"addon_id": addOn.ID}, nil).problem(t, http.StatusUnprocessableEntity, "addon_id")
		if !strings.Contains(pr.Detail, late.AddMonths(-3).Danish()) {
			t.Errorf("the deadline is not named: %s", pr.Detail)
		}
		ko.sendJSON(t, "POST", a147+"/orders", map[string]any{"addon_id": addOn.ID}, nil).problem(t, http.StatusUnprocessableEntity, "exception_reason")
		ko.sendJSON(t, "POST", a147+"/orders", map[string]any{"addon_id": addOn.ID, "exception_reason": "Aftalt med styregruppen"}, nil).
			decode(t, http.StatusCreated, &map[string]any{})
		pl.get(t, a147).problem(t, http.StatusForbidden, "")

		var orders struct {
			Orders []addOnOrderJSON `json:"orders"`
		}
		sup.getJSON(t, "/api/v1/programmes/mini/addon-orders", &orders)
		if len(orders.Orders) != 2 {
			t.Errorf("supplier's orders: %+v", orders)
		}
		pl.get(t, "/api/v1/programmes/mini/addon-orders").problem(t, http.StatusForbidden, "")
		if r := sup.get(t, "/api/v1/programmes/mini/addon-orders.xlsx"); r.StatusCode != http.StatusOK || len(r.body) < 1000 ||
			!strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("orders workbook: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
		}

		if r := pl.sendJSON(t, "POST", fmt.Sprintf("%s/orders/%d/cancel", a101, o.ID), map[string]any{"version": o.Version}, nil); r.StatusCode != http.StatusNoContent {
			t.Fatalf("cancel: %d %s", r.StatusCode, r.body)
		}
		var ag struct {
			Orders []addOnOrderJSON `json:"orders"`
		}
		pl.getJSON(t, a101, &ag)
		if len(ag.Orders) != 1 || ag.Orders[0].Live || !ag.Orders[0].Tasks[0].Withdrawn {
			t.Errorf("after cancelling: %+v", ag)
		}

		// Pages: the project lead from home to the plan to the agreement; the supplier from home to the orders.
		web := newClient(t, base)
		web.login(t, "pl@kk.dk", testPassword)
		home := string(web.get(t, "/").body)
		planPath := "/programmes/mini/municipalities/101"
		if !strings.Contains(home, `href="`+planPath+`"`) {
			t.Fatalf("home page has no link to the plan")
		}
		if !strings.Contains(string(web.get(t, planPath).body), `href="`+planPath+`/tilkoeb"`) {
			t.Errorf("plan page has no link to the add-ons")
		}
		page := string(web.get(t, planPath+"/tilkoeb").body)
		for _, want := range []string{"Pia Projektleder", "Kursus: KSD systemanvendelse (Slutbruger)", "afbestilt", "Bestil tilkøbet"} {
			if !strings.Contains(page, want) {
				t.Errorf("agreement page lacks %q", want)
			}
		}
		if st, loc := web.form(t, planPath+"/tilkoeb/bestil", url.Values{"addon_id": {fmt.Sprint(addOn.ID)}}); st != http.StatusSeeOther || !strings.Contains(loc, "gemt=tilkoeb-bestilt") {
			t.Errorf("ordering by form: %d %s", st, loc)
		}
		if st, body := web.form(t, planPath+"/tilkoeb/aftale", url.Values{"training_lead": {""}, "version": {"1"}}); st != http.StatusUnprocessableEntity ||
			!strings.Contains(body, `id="training_lead-fejl"`) {
			t.Errorf("an empty training lead by form: %d", st)
		}
		sweb := newClient(t, base)
		sweb.login(t, "lev@kmd.dk", testPassword)
		if !strings.Contains(string(sweb.get(t, "/").body), `href="/programmes/mini/tilkoeb/bestillinger"`) {
			t.Errorf("supplier's home page has no link to the orders")
		}
		if b := string(sweb.get(t, "/programmes/mini/tilkoeb/bestillinger").body); !strings.Contains(b, "København") || !strings.Contains(b, "Frederiksberg") {
			t.Errorf("orders page lacks the municipalities")
		}
	})
}

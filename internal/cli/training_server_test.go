package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/store/storetest"
)

// TestTrainingServer runs training's API through the real server on both
// databases, every answer checked against openapi.json: a score over
// 100 % and a run over capacity are refused naming the field with nothing
// written (the supplier's capacity of five municipalities at once is
// table-tested in package training: the test seeds three), the
// municipality sees who has not passed, the centre the pass rate, and evaluations stay hidden below five
// answers.
func TestTrainingServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		// The course runs below are in January 2027; a fixed clock keeps
		// them ahead, so a sign-up can still be withdrawn.
		base := startServerAt(t, dbURL, func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) })
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), yamlHeader()).decode(t, http.StatusCreated, &map[string]any{})
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{
			{"code": "101", "golive": "2027-03-01", "wave": 1}, {"code": "147", "golive": "2027-03-01", "wave": 2}}, nil).decode(t, http.StatusOK, &[]any{})
		pl := newClient(t, base)
		pl.token = "udrul_pat_test-projektleder-0123456789"
		var x struct {
			Key int64 `json:"key"`
		}
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/training/courses", map[string]any{"title": "Superbrugerkursus"}, nil).decode(t, http.StatusCreated, &x)
		runs := fmt.Sprintf("/api/v1/programmes/mini/training/courses/%d/runs", x.Key)
		for field, body := range map[string]map[string]any{
			"type":         {"type": "webinar", "starts_on": "2027-01-11", "capacity": 2},
			"capacity":     {"type": "e_learning", "starts_on": "2027-01-11", "capacity": 0},
			"place":        {"type": "klasseundervisning", "starts_on": "2027-01-11", "capacity": 2},
			"ends_on":      {"type": "e_learning", "starts_on": "2027-01-11", "ends_on": "2027-01-10", "capacity": 2},
			"municipality": {"type": "e_learning", "starts_on": "2027-01-11", "capacity": 2, "purchased": true},
		} {
			admin.sendJSON(t, "POST", runs, body, nil).problem(t, http.StatusUnprocessableEntity, field)
		}
		pl.sendJSON(t, "POST", runs, map[string]any{"type": "e_learning", "starts_on": "2027-01-11", "capacity": 2}, nil).problem(t, http.StatusForbidden, "")
		var run struct {
			Key     int64    `json:"key"`
			Outside []string `json:"outside_window"`
		}
		admin.sendJSON(t, "POST", runs, map[string]any{"type": "klasseundervisning", "starts_on": "2027-01-11", "place": "Rådhuset", "capacity": 1,
			"trainer": "KMD", "municipality": "101"}, nil).decode(t, http.StatusCreated, &run)

		// Two people of København's register; the run has one seat.
		var a, b struct {
			Key int64 `json:"key"`
		}
		const people = "/api/v1/programmes/mini/municipalities/101/people"
		pl.sendJSON(t, "POST", people, map[string]any{"name": "Anne Superbruger", "role": "superbruger"}, nil).decode(t, http.StatusCreated, &a)
		pl.sendJSON(t, "POST", people, map[string]any{"name": "Bo Superbruger", "role": "superbruger"}, nil).decode(t, http.StatusCreated, &b)
		const signUp = "/api/v1/programmes/mini/municipalities/101/training/participants"
		pl.sendJSON(t, "POST", signUp, map[string]any{"run": run.Key, "person": a.Key}, nil).decode(t, http.StatusCreated, &map[string]any{})
		pl.sendJSON(t, "POST", signUp, map[string]any{"run": run.Key, "person": b.Key}, nil).problem(t, http.StatusConflict, "run")
		pl.sendJSON(t, "POST", signUp, map[string]any{"run": run.Key, "person": 99999}, nil).problem(t, http.StatusUnprocessableEntity, "person")

		// Anne is taken off the run and the seat is Bo's; Anne takes it back.
		withdraw := func(run, person int64) response {
			return pl.do(t, "DELETE", fmt.Sprintf("%s/%d/%d", signUp, run, person), nil, nil)
		}
		if r := withdraw(run.Key, a.Key); r.StatusCode != http.StatusNoContent {
			t.Fatalf("withdraw Anne: %d %s", r.StatusCode, r.body)
		}
		withdraw(run.Key, a.Key).problem(t, http.StatusUnprocessableEntity, "person")
		withdraw(99999, a.Key).problem(t, http.StatusUnprocessableEntity, "run")
		pl.sendJSON(t, "POST", signUp, map[string]any{"run": run.Key, "person": b.Key}, nil).decode(t, http.StatusCreated, &map[string]any{})
		if r := withdraw(run.Key, b.Key); r.StatusCode != http.StatusNoContent {
			t.Fatalf("withdraw Bo: %d %s", r.StatusCode, r.body)
		}
		pl.sendJSON(t, "POST", signUp, map[string]any{"run": run.Key, "person": a.Key}, nil).decode(t, http.StatusCreated, &map[string]any{})

		result := fmt.Sprintf("/api/v1/programmes/mini/training/runs/%d/participants/%d", run.Key, a.Key)
		admin.sendJSON(t, "PUT", result, map[string]any{"attended": true, "score": 100.5, "version": 1}, nil).problem(t, http.StatusUnprocessableEntity, "score")
		var mt struct {
			NotPassed int `json:"not_passed"`
			Trainees  []struct {
				Name   string   `json:"name"`
				Best   *float64 `json:"best"`
				Passed bool     `json:"passed"`
			} `json:"trainees"`
		}
		pl.getJSON(t, "/api/v1/programmes/mini/municipalities/101/training", &mt)
		if mt.NotPassed != 2 || len(mt.Trainees) != 2 || mt.Trainees[0].Best != nil {
			t.Fatalf("before any result: %+v", mt)
		}
		admin.sendJSON(t, "PUT", result, map[string]any{"attended": true, "score": 80, "version": 1}, nil).decode(t, http.StatusOK, &map[string]any{})
		withdraw(run.Key, a.Key).problem(t, http.StatusConflict, "run")
		pl.getJSON(t, "/api/v1/programmes/mini/municipalities/101/training", &mt)
		if mt.NotPassed != 1 || mt.Trainees[0].Name != "Bo Superbruger" || !mt.Trainees[1].Passed {
			t.Errorf("after Anne passed at 80 %%: %+v", mt)
		}

		evals := fmt.Sprintf("/api/v1/programmes/mini/training/runs/%d/evaluations", run.Key)
		admin.sendJSON(t, "POST", evals, map[string]any{"satisfaction": 6, "benefit": 3}, nil).problem(t, http.StatusUnprocessableEntity, "satisfaction")
		var n struct {
			Waves []struct {
				Wave, Tested, Passed, Percent int
			} `json:"waves"`
			Evaluations []struct {
				Evaluation struct {
					Hidden       bool    `json:"hidden"`
					Satisfaction float64 `json:"satisfaction"`
				} `json:"evaluation"`
			} `json:"evaluations"`
		}
		for i := range 5 {
			if r := admin.sendJSON(t, "POST", evals, map[string]any{"satisfaction": 4, "benefit": 3}, nil); r.StatusCode != http.StatusNoContent {
				t.Fatalf("evaluation: %d %s", r.StatusCode, r.body)
			}
			admin.getJSON(t, "/api/v1/programmes/mini/training/national", &n)
			if len(n.Evaluations) != 1 || n.Evaluations[0].Evaluation.Hidden != (i < 4) {
				t.Errorf("after %d evaluations: %+v", i+1, n.Evaluations)
			}
		}
		if len(n.Waves) != 1 || n.Waves[0].Wave != 1 || n.Waves[0].Percent != 100 || n.Evaluations[0].Evaluation.Satisfaction != 4 {
			t.Errorf("national: %+v", n)
		}

		// Editing and cancelling. The first run has Anne's result: its dates
		// stay and it cannot be cancelled.
		runURL := fmt.Sprintf("/api/v1/programmes/mini/training/runs/%d", run.Key)
		var cur struct {
			Run struct {
				Version int `json:"version"`
			} `json:"run"`
		}
		admin.getJSON(t, runURL, &cur)
		v := cur.Run.Version
		edit := func(body map[string]any) map[string]any {
			out := map[string]any{"type": "klasseundervisning", "starts_on": "2027-01-11", "place": "Rådhuset", "capacity": 1, "trainer": "KMD", "version": v}
			for k, x := range body {
				out[k] = x
			}
			return out
		}
		admin.sendJSON(t, "PUT", runURL, edit(map[string]any{"starts_on": "2027-01-18"}), nil).problem(t, http.StatusConflict, "starts_on")
		admin.sendJSON(t, "PUT", runURL, edit(map[string]any{"capacity": 0}), nil).problem(t, http.StatusUnprocessableEntity, "capacity")
		admin.sendJSON(t, "PUT", runURL, edit(map[string]any{"version": v - 1, "trainer": "Ny"}), nil).problem(t, http.StatusConflict, "version")
		pl.sendJSON(t, "PUT", runURL, edit(map[string]any{"trainer": "Pia"}), nil).problem(t, http.StatusForbidden, "")
		admin.sendJSON(t, "POST", runURL+"/cancel", map[string]any{"version": v}, nil).problem(t, http.StatusConflict, "run")
		// A correction of the trainer is still allowed.
		admin.sendJSON(t, "PUT", runURL, edit(map[string]any{"trainer": "KMD Uddannelse"}), nil).decode(t, http.StatusOK, &map[string]any{})

		// A second run with Bo; the coordinator's form refuses one seat too
		// few, in Danish, then moves it, and cancels it.
		var run2 struct {
			Key     int64 `json:"key"`
			Version int   `json:"version"`
		}
		admin.sendJSON(t, "POST", runs, map[string]any{"type": "klasseundervisning", "starts_on": "2027-01-20", "place": "Rådhuset", "capacity": 5,
			"municipality": "101"}, nil).decode(t, http.StatusCreated, &run2)
		pl.sendJSON(t, "POST", signUp, map[string]any{"run": run2.Key, "person": b.Key}, nil).decode(t, http.StatusCreated, &map[string]any{})
		web := newClient(t, base)
		web.login(t, "koordinator@kombit.dk", testPassword)
		page := fmt.Sprintf("/programmes/mini/uddannelse/kursusgange/%d", run2.Key)
		web.get(t, page).html(t, http.StatusOK, "Ret kursusgangen", "Aflys kursusgangen", "Planlagt")
		form := url.Values{"type": {"klasseundervisning"}, "starts_on": {"2027-01-27"}, "place": {"Skole A"}, "capacity": {"0"}, "version": {"2"}}
		web.postForm(t, page, form).html(t, http.StatusUnprocessableEntity, "Kapaciteten skal være mellem 1 og 500", `href="#capacity"`, `id="capacity"`, `aria-invalid="true"`)
		form.Set("capacity", "5")
		web.postForm(t, page, form).seeOther(t, page)
		web.get(t, page).html(t, http.StatusOK, "27.01.2027", "dato: 20.01.2027 → 27.01.2027", "sted: Rådhuset → Skole A", "Karen Koordinator")
		web.postForm(t, page+"/aflys", url.Values{"reason": {"For få tilmeldte"}, "version": {"3"}}).seeOther(t, page)
		web.get(t, page).html(t, http.StatusOK, "Kursusgangen er aflyst: For få tilmeldte", "Bo Superbruger")
		pl.sendJSON(t, "POST", signUp, map[string]any{"run": run2.Key, "person": a.Key}, nil).problem(t, http.StatusConflict, "run")
		plWeb := newClient(t, base)
		plWeb.login(t, "pl@kk.dk", testPassword)
		plWeb.get(t, "/programmes/mini/municipalities/101/uddannelse").html(t, http.StatusOK, "<strong>aflyst</strong> – tilmeld en anden")

	})
}

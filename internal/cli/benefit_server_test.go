package cli_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

type benefitRow struct {
	ID           string `json:"id"`
	Key          int64  `json:"key"`
	Status       string `json:"status"`
	Version      int    `json:"version"`
	Measurements []struct {
		Value float64 `json:"value"`
	} `json:"measurements"`
}

// TestBenefitServer runs the benefit register's API through the real
// server on both databases, every answer checked against openapi.json:
// bad input is refused naming the field with nothing written, dates
// outside the model's window are refused with the date named, a stale
// version is 409, another municipality and observers are refused,
// observers get only the national counts.
func TestBenefitServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/parat/catalogue", readFile(t, "testdata/readiness.yaml"), yamlHeader()).decode(t, http.StatusCreated, &map[string]any{})
		now, _ := model.ParseDate(today())
		// 101 went live eight months ago: its post-measurements are open.
		cal := calendar.Danish()
		golive := cal.OnOrBefore(now.AddMonths(-8))
		admin.sendJSON(t, "POST", "/api/v1/programmes/parat/enrolments", []map[string]any{
			{"code": "101", "golive": golive.String(), "wave": 1}, {"code": "147", "golive": cal.OnOrBefore(now.AddMonths(3)).String(), "wave": 2}}, nil).decode(t, http.StatusOK, &[]any{})
		pl := newClient(t, base)
		pl.token = "udrul_pat_test-projektleder-0123456789"
		other := newClient(t, base)
		other.token = "udrul_pat_test-frederiksberg-0123456789"
		obs := newClient(t, base)
		obs.token = "udrul_pat_test-observator-0123456789"
		const api = "/api/v1/programmes/parat/municipalities/101/benefits"
		good := func() map[string]any {
			return map[string]any{"title": "Kortere sagsbehandlingstid", "type": "service", "goal": "Effektiv sagsbehandling",
				"change": "Automatisk sagsoprettelse", "owner": "Teamleder", "accountable": "Chef for Ydelsescentret",
				"smart": "Fra 28 til 20 dage senest 12 måneder efter go-live.", "indicator": "Sagsbehandlingstid", "unit": "dage",
				"direction": "lavere", "baseline_value": 28, "baseline_date": golive.AddMonths(-2).String(), "target_value": 20,
				"target_date": golive.AddMonths(12).String()}
		}
		count := func() int {
			var v struct {
				Benefits []benefitRow `json:"benefits"`
			}
			pl.getJSON(t, api, &v)
			return len(v.Benefits)
		}

		for field, change := range map[string]any{"type": "glæde", "baseline_date": golive.String(), "target_value": 30,
			"direction": "op", "owner": " ", "target_date": golive.AddMonths(13).String()} {
			in := good()
			in[field] = change
			pl.sendJSON(t, "POST", api, in, nil).problem(t, http.StatusUnprocessableEntity, field)
		}
		in := good()
		in["baseline_value"] = "tyve"
		if r := pl.sendJSON(t, "POST", api, in, nil); r.StatusCode < 400 || r.StatusCode >= 500 || !strings.Contains(string(r.body), `"field":"baseline_value"`) {
			t.Errorf("a value that is not a number: %d %s", r.StatusCode, r.body)
		}
		if n := count(); n != 0 {
			t.Fatalf("refused benefits were written: %d", n)
		}

		var b benefitRow
		pl.sendJSON(t, "POST", api, good(), nil).decode(t, http.StatusCreated, &b)
		if b.ID != fmt.Sprintf("G-%d", b.Key) || b.Status != "ikke_maalt" || b.Version != 1 {
			t.Fatalf("created %+v", b)
		}
		one := fmt.Sprintf("%s/%d", api, b.Key)
		pl.sendJSON(t, "POST", one+"/measurements", map[string]any{"value": 25, "date": golive.AddMonths(6).AddDays(-1).String()}, nil).
			problem(t, http.StatusUnprocessableEntity, "date")
		pl.sendJSON(t, "POST", one+"/measurements", map[string]any{"value": 25, "date": now.AddDays(1).String()}, nil).
			problem(t, http.StatusUnprocessableEntity, "date")
		pl.sendJSON(t, "POST", one+"/measurements", map[string]any{"value": 21.5, "date": golive.AddMonths(6).String(), "comment": "Første"}, nil).
			decode(t, http.StatusCreated, &b)
		if len(b.Measurements) != 1 || b.Status == "ikke_maalt" {
			t.Errorf("after a measurement: %+v", b)
		}
		in = good()
		in["version"] = 1
		pl.sendJSON(t, "PUT", one, in, nil).decode(t, http.StatusOK, &b)
		pl.sendJSON(t, "PUT", one, in, nil).problem(t, http.StatusConflict, "version")
		pl.sendJSON(t, "PUT", api+"/vision", map[string]any{"vision": "Hurtige og korrekte afgørelser", "version": 0}, nil).decode(t, http.StatusOK, &map[string]any{})
		pl.sendJSON(t, "PUT", api+"/vision", map[string]any{"vision": "Igen", "version": 0}, nil).problem(t, http.StatusConflict, "version")
		pl.sendJSON(t, "PUT", api+"/deadline", map[string]any{"until": golive.AddMonths(14).String(), "reason": "x"}, nil).problem(t, http.StatusForbidden, "")
		admin.sendJSON(t, "PUT", api+"/deadline", map[string]any{"until": golive.AddMonths(12).String(), "reason": "x"}, nil).problem(t, http.StatusUnprocessableEntity, "until")
		admin.sendJSON(t, "PUT", api+"/deadline", map[string]any{"until": golive.AddMonths(14).String(), "reason": "Sen data"}, nil).decode(t, http.StatusOK, &map[string]any{})

		// Another municipality and observers see nothing of it.
		other.get(t, api).problem(t, http.StatusForbidden, "")
		obs.get(t, one).problem(t, http.StatusForbidden, "")
		admin.get(t, fmt.Sprintf("/api/v1/programmes/parat/municipalities/147/benefits/%d", b.Key)).problem(t, http.StatusNotFound, "")
		var n struct {
			PerMunicipality bool  `json:"per_municipality"`
			Municipalities  []any `json:"municipalities"`
			Waves           []struct {
				Registered, Measured int
			} `json:"waves"`
		}
		obs.getJSON(t, "/api/v1/programmes/parat/benefits", &n)
		if n.PerMunicipality || len(n.Municipalities) != 0 || len(n.Waves) != 2 || n.Waves[0].Registered != 1 || n.Waves[0].Measured != 1 {
			t.Errorf("the observer's roll-up: %+v", n)
		}
		var full struct {
			Register struct {
				Vision        string `json:"vision"`
				ExtendedUntil string `json:"extended_until"`
			} `json:"register"`
			History []struct {
				Message string `json:"message"`
			} `json:"history"`
		}
		pl.getJSON(t, api, &full)
		if full.Register.Vision == "" || full.Register.ExtendedUntil != golive.AddMonths(14).String() || len(full.History) != 5 {
			t.Errorf("register: %+v", full)
		}
	})
}

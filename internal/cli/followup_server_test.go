package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/store/storetest"
)

// TestFollowupServer runs `udrul serve` with an SMTP server started by the
// test: a publication reaches the project lead by mail through the
// background sender, administrators see it in the outbox, the pages of the
// contact log, checkpoints and hypercare work, and bad input is refused with
// problem JSON that names the field.
func TestFollowupServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base, smtp := startMailServer(t, dbURL)
		admin := clientAs(t, base, "admin")
		admin.login(t, testAdminEmail, testPassword)

		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"),
			map[string]string{"Content-Type": "application/yaml"}).decode(t, http.StatusCreated, &map[string]any{})
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{{"code": "101", "golive": "2027-03-01", "wave": 1}}, nil).
			decode(t, http.StatusOK, &[]any{})
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v2.yaml"),
			map[string]string{"Content-Type": "application/yaml"}).decode(t, http.StatusOK, &map[string]any{})

		// The project lead of København (default: mail at once) gets one mail.
		got := smtp.WaitFor(1, 20*time.Second)
		if len(got) != 1 || got[0].To[0] != "pl@kk.dk" || !strings.Contains(got[0].Subject, "katalogversion 2") ||
			!strings.Contains(got[0].Body, "https://udrul.example/programmes/mini/municipalities/101") {
			t.Fatalf("mail received: %+v", got)
		}
		var ob struct {
			Counts   map[string]int `json:"counts"`
			Messages []struct {
				ID    int64  `json:"id"`
				State string `json:"state"`
			} `json:"messages"`
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			admin.getJSON(t, "/api/v1/notifications/outbox?state=sendt", &ob)
			if ob.Counts["sendt"] == 1 || time.Now().After(deadline) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if ob.Counts["sendt"] != 1 || len(ob.Messages) != 1 {
			t.Fatalf("outbox: %+v", ob)
		}
		admin.get(t, fmt.Sprintf("/admin/varsler/%d", ob.Messages[0].ID)).html(t, http.StatusOK, "katalogversion 2", "pl@kk.dk")
		admin.get(t, "/admin/varsler?state=alle").html(t, http.StatusOK, "Udbakken", "Pia Projektleder")

		// The lead previews their digest and sets a preference.
		pl := newClient(t, base)
		pl.login(t, "pl@kk.dk", testPassword)
		pl.get(t, "/konto/varsler").html(t, http.StatusOK, "Mine mailvarsler", "Straks")
		pl.get(t, "/konto/varsler/eksempel?kind=ugentligt").html(t, http.StatusOK, "Eksempel")
		var prev struct {
			To string `json:"to"`
		}
		pl.getJSON(t, "/api/v1/notifications/preview?kind=dagligt", &prev)
		if prev.To != "pl@kk.dk" {
			t.Errorf("preview for %q", prev.To)
		}
		if r := pl.get(t, "/api/v1/notifications/preview?user=1"); r.StatusCode != http.StatusUnauthorized && r.StatusCode != http.StatusForbidden {
			t.Errorf("a lead previewing someone else's mail: %d", r.StatusCode)
		}

		// Bad input: problem JSON naming the field.
		for _, tc := range []struct {
			method, path string
			body         any
			status       int
			field        string
		}{
			{"PUT", "/api/v1/me/notifications", map[string]any{"preference": "hvert minut"}, 422, "preference"},
			{"PUT", "/api/v1/me/notifications", map[string]any{"preference": "dagligt", "hyppighed": 1}, 400, "hyppighed"},
			{"PUT", "/api/v1/programmes/mini/worklist/kommune-101/snooze", map[string]any{"until": "i morgen", "reason": "x"}, 400, "until"},
			{"PUT", "/api/v1/programmes/mini/worklist/kommune-101/snooze", map[string]any{"until": "2020-01-01", "reason": "x"}, 422, "until"},
			{"POST", "/api/v1/programmes/mini/municipalities/101/contacts", map[string]any{"date": "2020-01-01", "channel": "brevdue", "participants": "x", "summary": "y"}, 422, "channel"},
			{"POST", "/api/v1/programmes/mini/municipalities/101/checkpoints", map[string]any{"transition": "2.1-2.2", "decision": "godkendt"}, 422, "basis"},
			{"POST", "/api/v1/programmes/mini/municipalities/101/incidents", map[string]any{"category": "data", "severity": "lav", "title": "x", "opened_at": "i går"}, 400, "opened_at"},
			{"POST", "/api/v1/hypercare/teams/999/assignments", map[string]any{"programme": "mini", "municipalities": []string{"101"}}, 404, ""},
		} {
			var client = admin
			if strings.HasPrefix(tc.path, "/api/v1/me/") {
				client = pl
				pl.token = "udrul_pat_test-projektleder-0123456789"
			}
			r := client.sendJSON(t, tc.method, tc.path, tc.body, nil)
			if r.StatusCode != tc.status || r.Header.Get("Content-Type") != "application/problem+json" || !strings.Contains(string(r.body), `"field":"`+tc.field+`"`) && tc.field != "" {
				t.Errorf("%s %s %v: %d %s %s; want %d naming %q", tc.method, tc.path, tc.body, r.StatusCode, r.Header.Get("Content-Type"), r.body, tc.status, tc.field)
			}
		}

		// Pages of the contact log, checkpoints and hypercare, with forms.
		csrf := admin.csrf(t)
		post := func(path string, f url.Values) response {
			f.Set("csrf", csrf)
			return admin.do(t, "POST", path, []byte(f.Encode()), formHeader(admin))
		}
		r := post("/programmes/mini/municipalities/101/contacts", url.Values{"date": {time.Now().Format("2006-01-02")}, "channel": {"moede"},
			"kind": {"eskalering"}, "escalated_to": {"Styregruppen"}, "participants": {"Pia, Karen"}, "summary": {"Databehandleraftalen mangler"},
			"internal_note": {"Hemmeligt"}})
		if loc := r.Header.Get("Location"); r.StatusCode != 303 || !strings.Contains(loc, "gemt=") {
			t.Errorf("logging a contact: %d %s", r.StatusCode, loc)
		}
		admin.get(t, "/programmes/mini/municipalities/101/contacts").html(t, http.StatusOK, "Eskalering", "Styregruppen", "Hemmeligt")
		pl.get(t, "/programmes/mini/municipalities/101/contacts").html(t, http.StatusOK, "Eskalering")
		if r := pl.get(t, "/programmes/mini/municipalities/101/contacts"); strings.Contains(string(r.body), "Hemmeligt") {
			t.Error("the municipality sees the internal note")
		}
		r = post("/hypercare/teams", url.Values{"name": {"Hypercare Øst"}})
		if r.StatusCode != 303 {
			t.Errorf("create team: %d", r.StatusCode)
		}
		admin.get(t, "/hypercare").html(t, http.StatusOK, "Hypercare Øst")
		admin.get(t, "/programmes/mini/hypercare").html(t, http.StatusOK, "Bølge 1")
		admin.get(t, "/programmes/mini/municipalities/101/checkpoints").html(t, http.StatusOK, "Kontrolpunkter")
		admin.get(t, "/programmes/mini/municipalities/101/incidents").html(t, http.StatusOK, "Hypercare-hændelser")
	})
}

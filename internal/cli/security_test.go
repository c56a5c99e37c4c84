package cli_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/store/storetest"
)

// TestLoginRedirectStaysOnSite: the login page's next= parameter sends a
// signed-in user (and a user who has just signed in) only to a path on
// this site. Browsers drop tabs and newlines inside a URL and read "\" as
// "/", so each of these would otherwise lead to evil.example.
func TestLoginRedirectStaysOnSite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		c := newClient(t, base)
		c.login(t, "pl@kk.dk", testPassword)

		evil := []string{
			"/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/\\evil.example", "/\\/evil.example",
			"//evil.example", "https://evil.example", "javascript:alert(1)", "/\x00/evil.example",
			" //evil.example", "\t//evil.example", "evil.example", "/%2F/evil.example", "/\u0085/evil.example",
		}
		for _, next := range evil {
			r := c.get(t, "/login?next="+url.QueryEscape(next))
			if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
				t.Errorf("signed in, next=%q: %d to %q, want 303 to /", next, r.StatusCode, r.Header.Get("Location"))
			}
		}
		// The raw form of the reported link.
		if r := c.get(t, "/login?next=/%09/evil.example"); r.Header.Get("Location") != "/" {
			t.Errorf("next=/%%09/evil.example: to %q, want /", r.Header.Get("Location"))
		}
		// Paths on the site are kept.
		for _, next := range []string{"/konto", "/programmes/x?y=1&z=2", "/tasks/5#status"} {
			if r := c.get(t, "/login?next="+url.QueryEscape(next)); r.Header.Get("Location") != next {
				t.Errorf("next=%q: to %q, want it kept", next, r.Header.Get("Location"))
			}
		}
		// The same check after signing in with the form.
		d := newClient(t, base)
		r := d.get(t, "/login")
		m := csrfInput.FindSubmatch(r.body)
		form := url.Values{"email": {"pl@kk.dk"}, "password": {testPassword}, "csrf": {string(m[1])}, "next": {"/\t/evil.example"}}
		r = d.do(t, "POST", "/login", []byte(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
		// (The login page never puts a tab in its form; a form that has one is
		// refused with the rest of the control characters, or sent home.)
		if loc := r.Header.Get("Location"); r.StatusCode != http.StatusUnprocessableEntity && (r.StatusCode != http.StatusSeeOther || loc != "/") {
			t.Errorf("login form with next=/\\t/evil.example: %d to %q, want 422 or 303 to /", r.StatusCode, loc)
		}
		d.get(t, "/login?next="+url.QueryEscape("/\t/evil.example")).html(t, http.StatusOK, `name="next" value="/"`)
	})
}

// miniPlan publishes the mini catalogue, enrols København and Frederiksberg
// and returns the administrator's API client and København's critical
// task's id.
func miniPlan(t *testing.T, base string) (*client, int64) {
	t.Helper()
	admin := newClient(t, base)
	admin.token = testAdminToken
	admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), yamlHeader()).decode(t, http.StatusCreated, &publishResult{})
	var er []enrolResult
	admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{
		{"code": "101", "golive": "2027-03-01", "wave": 1}, {"code": "147", "golive": "2027-03-01", "wave": 1}}, nil).decode(t, http.StatusOK, &er)
	var p plan
	admin.getJSON(t, "/api/v1/programmes/mini/municipalities/101/tasks", &p)
	return admin, findTask(t, p, "m-krit").ID
}

// TestControlCharactersAndDateRange: text with control characters (NUL,
// which PostgreSQL cannot store, above all) or invalid UTF-8, and dates
// outside 2000–2100, are refused with 422 naming the field on every kind
// of endpoint – JSON API and forms – on both databases, with nothing
// written; line breaks stay allowed in multi-line fields.
func TestControlCharactersAndDateRange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin, id := miniPlan(t, base)
		task := fmt.Sprintf("/api/v1/tasks/%d", id)
		version := func() int {
			t.Helper()
			var x extras
			admin.getJSON(t, task, &x)
			return x.Version
		}
		v := version()
		muni := "/api/v1/programmes/mini/municipalities/101"
		for _, tc := range []struct {
			method, path string
			body         any
			field        string
		}{
			{"PUT", task + "/status", map[string]any{"status": "paabegyndt", "comment": "godt\x00på vej", "version": v}, "comment"},
			{"PUT", task + "/status", map[string]any{"status": "paabegyndt", "comment": "ok\x1b[31m", "version": v}, "comment"},
			{"POST", task + "/links", map[string]any{"title": "Aftale\x00", "url": "https://example.dk/a"}, "title"},
			{"POST", task + "/links", map[string]any{"title": "To\nlinjer", "url": "https://example.dk/a"}, "title"},
			{"PUT", task + "/delegate", map[string]any{"email": "mm@kk.dk\x00"}, "email"},
			{"PUT", task + "/dates", map[string]any{"start": "0001-01-01", "end": "2027-01-01", "reason": "x", "version": v}, "start"},
			{"PUT", task + "/dates", map[string]any{"start": "2026-01-01", "end": "9999-12-31", "reason": "x", "version": v}, "end"},
			{"POST", muni + "/baselines", map[string]any{"name": "Basis\x00"}, "name"},
			{"POST", muni + "/contacts", map[string]any{"date": "2026-01-05", "channel": "moede", "participants": "Pia", "summary": "a\x00b"}, "summary"},
			{"POST", muni + "/contacts", map[string]any{"date": "1999-12-31", "channel": "moede", "participants": "Pia", "summary": "x"}, "date"},
			{"POST", muni + "/incidents", map[string]any{"opened_at": "2027-03-02T09:00:00Z", "category": "andet", "severity": "lav", "title": "\x00"}, "title"},
			{"POST", muni + "/incidents", map[string]any{"opened_at": "0001-01-01T09:00:00Z", "category": "andet", "severity": "lav", "title": "Nedbrud"}, "opened_at"},
			{"POST", "/api/v1/hypercare/teams", map[string]any{"name": "Team\x00"}, "name"},
			{"POST", "/api/v1/programmes/mini/enrolments", []map[string]any{{"code": "151", "golive": "9999-12-31", "wave": 1}}, "golive"},
		} {
			r := admin.sendJSON(t, tc.method, tc.path, tc.body, nil)
			r.problem(t, http.StatusUnprocessableEntity, tc.field)
		}
		if got := version(); got != v {
			t.Errorf("refused requests changed the task: version %d, was %d", got, v)
		}
		if r := admin.get(t, muni+"/baselines"); strings.Contains(string(r.body), "Basis") {
			t.Errorf("a refused baseline was stored: %s", r.body)
		}
		if r := admin.get(t, "/api/v1/programmes/mini/municipalities/151/tasks"); r.StatusCode == http.StatusOK {
			t.Errorf("Ballerup enrolled with go-live 9999-12-31: %s", r.body[:min(len(r.body), 200)])
		}

		// Multi-line fields keep their line breaks and tabs.
		admin.sendJSON(t, "PUT", task+"/status", map[string]any{"status": "paabegyndt", "comment": "første linje\r\nanden\tlinje", "version": v}, nil).decode(t, http.StatusOK, &map[string]any{})

		// Forms: the same rule, the same answer, on a page.
		pl := newClient(t, base)
		pl.login(t, "pl@kk.dk", testPassword)
		v = version()
		for _, f := range []url.Values{
			{"status": {"afsluttet"}, "comment": {"færdig\x00"}, "version": {fmt.Sprint(v)}},
			{"status": {"afsluttet"}, "comment": {"færdig\xff"}, "version": {fmt.Sprint(v)}},
		} {
			r := postTaskForm(t, pl, fmt.Sprintf("/tasks/%d/status", id), f)
			r.html(t, http.StatusUnprocessableEntity, "comment")
		}
		r := postTaskForm(t, pl, fmt.Sprintf("/tasks/%d/links", id), url.Values{"title": {"Ny\x00"}, "url": {"https://example.dk/"}})
		r.html(t, http.StatusUnprocessableEntity, "title")
		r = postTaskForm(t, pl, fmt.Sprintf("/tasks/%d/dates", id), url.Values{"start": {"0001-01-01"}, "end": {"2027-01-01"}, "reason": {"x"}, "version": {fmt.Sprint(v)}})
		r.html(t, http.StatusUnprocessableEntity, "2000-01-01")
		if got := version(); got != v {
			t.Errorf("refused forms changed the task: version %d, was %d", got, v)
		}
	})
}

// TestLoginThrottleBehindProxy: behind a trusted TLS proxy, failed logins
// count per account and per real client (from X-Forwarded-For), so 30
// failures from one client on random accounts block that client but not
// another user's right password from another client. X-Forwarded-For from
// a peer that is not a trusted proxy is ignored: it cannot dodge the limit.
func TestLoginThrottleBehindProxy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		loginFrom := func(c *client, xff, email, password string) response {
			t.Helper()
			r := c.get(t, "/login")
			m := csrfInput.FindSubmatch(r.body)
			form := url.Values{"email": {email}, "password": {password}, "csrf": {string(m[1])}, "next": {"/"}}
			return c.do(t, "POST", "/login", []byte(form.Encode()), map[string]string{
				"Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": xff})
		}

		// The test's connections come from 127.0.0.1: the proxy.
		base := startServer(t, dbURL, "--trusted-proxy", "127.0.0.1/32")
		attacker := newClient(t, base)
		for i := range 30 {
			r := loginFrom(attacker, "203.0.113.7", fmt.Sprintf("ukendt%d@example.dk", i), "forkert-kodeord")
			if r.StatusCode != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d, want 401", i+1, r.StatusCode)
			}
		}
		// The attacking client is now blocked…
		loginFrom(attacker, "203.0.113.7", "ukendt99@example.dk", "forkert-kodeord").html(t, http.StatusTooManyRequests, "For mange mislykkede loginforsøg")
		// …also when a further proxy hop in front of it says otherwise on its own.
		loginFrom(attacker, "198.51.100.66, 203.0.113.7", "ukendt98@example.dk", "forkert-kodeord").html(t, http.StatusTooManyRequests)
		// Another user through the same proxy signs in.
		if r := loginFrom(newClient(t, base), "198.51.100.9", "pl@kk.dk", testPassword); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("right password from another client behind the proxy: %d, want 303\n%.300s", r.StatusCode, r.body)
		}

		// Without a trusted proxy, X-Forwarded-For is any client's text: the
		// peer address is counted, whatever the header says.
		plain := startServer(t, dbURL, "--trusted-proxy", "10.0.0.0/8")
		c := newClient(t, plain)
		for i := range 30 {
			loginFrom(c, fmt.Sprintf("192.0.2.%d", i+1), fmt.Sprintf("andre%d@example.dk", i), "forkert-kodeord")
		}
		loginFrom(c, "192.0.2.200", "andre99@example.dk", "forkert-kodeord").html(t, http.StatusTooManyRequests)
	})
}

// TestStatusAnswerIsOwnWrite: writers change one task's status at the same
// time, each with the version it read; every accepted change is answered
// with exactly what that request wrote (its status, its comment, the version
// after it), never with another writer's change that committed just after.
func TestStatusAnswerIsOwnWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin, id := miniPlan(t, base)
		path := fmt.Sprintf("/api/v1/tasks/%d/status", id)
		type taskState struct {
			Status  string `json:"status"`
			Comment string `json:"status_comment"`
			Version int    `json:"version"`
		}
		const writers, each = 8, 10
		var wg sync.WaitGroup
		errs := make(chan string, writers*each)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := &client{t: t, base: base, hc: &http.Client{Timeout: 30 * time.Second}, token: testAdminToken}
				for n, tries := 0, 0; n < each && tries < 400; tries++ {
					var cur taskState
					r := c.do(t, "GET", fmt.Sprintf("/api/v1/tasks/%d", id), nil, nil)
					if json.Unmarshal(r.body, &cur) != nil {
						errs <- fmt.Sprintf("GET: %d %s", r.StatusCode, r.body)
						return
					}
					want := "paabegyndt"
					if cur.Status == want {
						want = "ikke_paabegyndt"
					}
					comment := fmt.Sprintf("skriver %d, ændring %d", w, n)
					b, _ := json.Marshal(map[string]any{"status": want, "comment": comment, "version": cur.Version})
					r = c.do(t, "PUT", path, b, map[string]string{"Content-Type": "application/json"})
					switch r.StatusCode {
					case http.StatusConflict, http.StatusUnprocessableEntity: // another writer got there first
						continue
					case http.StatusOK:
					default:
						errs <- fmt.Sprintf("PUT: %d %s", r.StatusCode, r.body)
						return
					}
					var got taskState
					json.Unmarshal(r.body, &got)
					if got.Status != want || got.Comment != comment || got.Version != cur.Version+1 {
						errs <- fmt.Sprintf("wrote %s %q over version %d, answered %+v", want, comment, cur.Version, got)
					}
					n++
				}
			}()
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
		var final taskState
		admin.getJSON(t, fmt.Sprintf("/api/v1/tasks/%d", id), &final)
		if final.Version < 1+writers*each {
			t.Errorf("final version %d: fewer than %d changes were accepted", final.Version, writers*each)
		}
	})
}

// TestPasswordResetRevokesTokens: an administrator's password reset signs
// the user out everywhere and revokes their API tokens, as the page says;
// changing one's own password revokes one's tokens when the box (ticked by
// default) is ticked, and keeps them, as the confirmation says, when not.
func TestPasswordResetRevokesTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		a, done := testApp(t, dbURL)
		users, err := a.Users(context.Background())
		done()
		if err != nil {
			t.Fatal(err)
		}
		uid := map[string]int64{}
		for _, u := range users {
			uid[u.Email] = u.ID
		}
		tokenWorks := func(token string) bool {
			t.Helper()
			r := newClient(t, base).do(t, "GET", "/api/v1/me", nil, map[string]string{"Authorization": "Bearer " + token})
			return r.StatusCode == http.StatusOK
		}
		const plToken, mmToken, thToken = "udrul_pat_test-projektleder-0123456789", "udrul_pat_test-medarbejder-0123456789", "udrul_pat_test-tovholder-0123456789"

		// Administrator's reset.
		admin := newClient(t, base)
		admin.login(t, testAdminEmail, testPassword)
		page := admin.get(t, fmt.Sprintf("/admin/users/%d", uid["pl@kk.dk"]))
		page.html(t, http.StatusOK, "Brugeren logges ud alle steder, og alle brugerens API-nøgler tilbagekaldes.")
		plSession := newClient(t, base)
		plSession.login(t, "pl@kk.dk", testPassword)
		r := postTaskForm(t, admin, fmt.Sprintf("/admin/users/%d/password", uid["pl@kk.dk"]), url.Values{"password": {"et-helt-nyt-kodeord-1"}})
		wantRedirect(t, r, fmt.Sprintf("/admin/users/%d", uid["pl@kk.dk"]))
		admin.get(t, r.Header.Get("Location")).html(t, http.StatusOK, "Brugeren er logget ud alle steder, og brugerens API-nøgler er tilbagekaldt.")
		if tokenWorks(plToken) {
			t.Error("the API token works after the administrator's password reset")
		}
		if r := plSession.get(t, "/konto"); r.StatusCode != http.StatusSeeOther {
			t.Errorf("the session survived the reset: %d", r.StatusCode)
		}

		// Own change, tokens revoked (the box is ticked by default).
		mm := newClient(t, base)
		mm.login(t, "mm@kk.dk", testPassword)
		mm.get(t, "/konto").html(t, http.StatusOK, `name="revoke_tokens" value="ja" checked`, "logges du ud alle andre steder")
		r = postTaskForm(t, mm, "/konto/password", url.Values{"current": {testPassword}, "new": {"mit-nye-kodeord-12"}, "repeat": {"mit-nye-kodeord-12"}, "revoke_tokens": {"ja"}})
		wantRedirect(t, r, "/konto")
		mm.get(t, r.Header.Get("Location")).html(t, http.StatusOK, "Dine API-nøgler er tilbagekaldt.")
		if tokenWorks(mmToken) {
			t.Error("the API token works after changing the password with revocation chosen")
		}

		// Own change, tokens kept.
		th := newClient(t, base)
		th.login(t, "th@kk.dk", testPassword)
		r = postTaskForm(t, th, "/konto/password", url.Values{"current": {testPassword}, "new": {"mit-nye-kodeord-12"}, "repeat": {"mit-nye-kodeord-12"}})
		wantRedirect(t, r, "/konto")
		th.get(t, r.Header.Get("Location")).html(t, http.StatusOK, "Dine API-nøgler virker fortsat.")
		if !tokenWorks(thToken) {
			t.Error("the API token stopped working although the user chose to keep it")
		}
	})
}

// TestCacheAndTransportHeaders: pages and API answers are never stored by
// browsers or shared caches; static files may be. HSTS is sent when the
// server runs behind a TLS proxy (--secure-cookies), not on plain HTTP.
func TestCacheAndTransportHeaders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		c := newClient(t, base)
		c.login(t, "pl@kk.dk", testPassword)
		api := newClient(t, base)
		api.token = "udrul_pat_test-projektleder-0123456789"
		for _, r := range []response{
			c.get(t, "/konto"), c.get(t, "/"), c.get(t, "/mine"), c.get(t, "/api/v1/me"),
			api.get(t, "/api/v1/me"), api.get(t, "/api/v1/programmes"), api.get(t, "/api/v1/findes-ikke"),
			newClient(t, base).get(t, "/api/v1/me"), newClient(t, base).get(t, "/login"),
		} {
			if got := r.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("%s %s (%d): Cache-Control %q, want no-store", r.Request.Method, r.Request.URL.Path, r.StatusCode, got)
			}
			if got := r.Header.Get("Strict-Transport-Security"); got != "" {
				t.Errorf("%s on plain HTTP without --secure-cookies: Strict-Transport-Security %q", r.Request.URL.Path, got)
			}
		}
		if r := c.get(t, "/static/udrul.css"); r.StatusCode != http.StatusOK || r.Header.Get("Cache-Control") == "no-store" {
			t.Errorf("static file: Cache-Control %q, want it cacheable", r.Header.Get("Cache-Control"))
		}

		secure := startServer(t, dbURL, "--secure-cookies")
		for _, path := range []string{"/login", "/api/v1/me", "/healthz"} {
			r := newClient(t, secure).get(t, path)
			if got := r.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
				t.Errorf("%s with --secure-cookies: Strict-Transport-Security %q", path, got)
			}
		}
	})
}

// TestMessagesAreCodesNotText: no page shows text from its address in an
// alert. Confirmations travel as codes of a fixed table (with whole numbers
// at most); refusals are shown at once on the page the form came from.
func TestMessagesAreCodesNotText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		_, id := miniPlan(t, base)
		admin := newClient(t, base)
		admin.login(t, testAdminEmail, testPassword)
		const phish = "Din konto er spærret – ring 12345678"
		bad := url.Values{"fejl": {phish}, "gemt": {phish}, "besked": {phish}, "ok": {phish}}.Encode()
		for _, path := range []string{
			"/konto", "/admin/users", "/admin/programmes", fmt.Sprintf("/tasks/%d", id), "/programmes/mini/catalogue",
			"/programmes/mini/municipalities/101/contacts", "/programmes/mini/municipalities/101/own-tasks", "/hypercare",
			"/programmes/mini/waveplan", "/konto/varsler",
		} {
			r := admin.get(t, path+"?"+bad)
			if r.StatusCode != http.StatusOK {
				t.Errorf("%s: %d", path, r.StatusCode)
			}
			if strings.Contains(string(r.body), "ring 12345678") {
				t.Errorf("%s shows text from its address", path)
			}
		}
		anon := newClient(t, base)
		if r := anon.get(t, "/login?"+bad); strings.Contains(string(r.body), "ring 12345678") {
			t.Error("the login page shows text from its address")
		}

		// Codes show their own text, with numbers only where the text has them.
		admin.get(t, "/programmes/mini/municipalities/101/contacts?gemt=kontakt").html(t, http.StatusOK, "Kontakten er logget.")
		admin.get(t, "/programmes/mini/catalogue?gemt=katalog-udgivet&n=2&n=5&n=1").html(t, http.StatusOK, "Version 2 er udgivet: 5 ændrede opgaver i 1 kommuners planer.")
		for _, q := range []string{"gemt=katalog-udgivet&n=2&n=5", "gemt=katalog-udgivet&n=2&n=5&n=x", "gemt=kontakt&n=1"} {
			if r := admin.get(t, "/programmes/mini/catalogue?"+q); strings.Contains(string(r.body), "er udgivet") || strings.Contains(string(r.body), "Kontakten er logget") {
				t.Errorf("?%s: a confirmation with the wrong numbers is shown", q)
			}
		}

		// A refusal: the account page at once, with the reason and a 4xx status.
		r := postTaskForm(t, admin, "/konto/password", url.Values{"current": {testPassword}, "new": {"et-nyt-kodeord-123"}, "repeat": {"et-andet-kodeord-1"}})
		r.html(t, http.StatusUnprocessableEntity, "De to nye adgangskoder er ikke ens.", "Skift adgangskode")
		// A success: a redirect carrying a code, whose page says what happened.
		r = postTaskForm(t, admin, "/programmes/mini/municipalities/101/contacts", url.Values{"date": {"2026-01-05"}, "channel": {"moede"},
			"kind": {"eskalering"}, "escalated_to": {"Styregruppen"}, "participants": {"Pia"}, "summary": {"Status"}})
		wantRedirect(t, r, "/programmes/mini/municipalities/101/contacts?gemt=kontakt")
		admin.get(t, r.Header.Get("Location")).html(t, http.StatusOK, "Kontakten er logget.")
	})
}

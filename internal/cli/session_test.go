package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/cli"
	"github.com/udrul/udrul/internal/store/storetest"
)

// TestSessionsAndTokens checks the browser session and API token rules
// through the real server: cookie flags, CSRF on cookie-authenticated
// changes, logout, tokens made on the account page, revocation, and the
// answers without credentials.
func TestSessionsAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)

		// Without credentials: 401 problem with a Bearer challenge; pages
		// redirect to the login page and come back.
		anon := newClient(t, base)
		r := anon.get(t, "/api/v1/programmes")
		r.problem(t, http.StatusUnauthorized, "")
		if h := r.Header.Get("WWW-Authenticate"); !strings.HasPrefix(h, "Bearer") {
			t.Errorf("WWW-Authenticate %q", h)
		}
		anon.do(t, "GET", "/api/v1/programmes", nil, map[string]string{"Authorization": "Bearer udrul_pat_forfalsket"}).problem(t, http.StatusUnauthorized, "")
		anon.do(t, "GET", "/api/v1/programmes", nil, map[string]string{"Authorization": "Basic YWRtaW46YWRtaW4="}).problem(t, http.StatusUnauthorized, "")
		if r := anon.get(t, "/konto?x=1"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?next=%2Fkonto%3Fx%3D1" {
			t.Errorf("anonymous page: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		// Public routes stay public.
		if r := anon.get(t, "/api/openapi.json"); r.StatusCode != http.StatusOK {
			t.Errorf("openapi.json: %d", r.StatusCode)
		}

		// Login: wrong password, then right; cookie flags.
		c := newClient(t, base)
		r = c.tryLogin(t, "pl@kk.dk", "forkert-kodeord-x")
		r.html(t, http.StatusUnauthorized, "Forkert e-mailadresse eller adgangskode")
		r = c.tryLogin(t, "pl@kk.dk", testPassword)
		var session *http.Cookie
		for _, ck := range r.Cookies() {
			if ck.Name == "udrul_session" {
				session = ck
			}
		}
		if session == nil || !session.HttpOnly || session.Secure || session.SameSite != http.SameSiteLaxMode || session.Path != "/" {
			t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, path /, not Secure on plain HTTP", session)
		}
		// A login form without its CSRF value is refused.
		f := url.Values{"email": {"pl@kk.dk"}, "password": {testPassword}}
		newClient(t, base).do(t, "POST", "/login", []byte(f.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"}).html(t, http.StatusForbidden)

		// The session works on pages and on the API.
		c.get(t, "/konto").html(t, http.StatusOK, "Pia Projektleder", "Kommunal projektleder", "København")
		var me struct {
			Email, Via string
		}
		r = c.get(t, "/api/v1/me")
		r.decode(t, http.StatusOK, &me)
		if !strings.Contains(string(r.body), `"authenticated_by":"session"`) {
			t.Errorf("/api/v1/me: %s", r.body)
		}

		// Cookie-authenticated changes need the CSRF token.
		csrf := c.csrf(t)
		tokForm := func(token string) []byte {
			return []byte(url.Values{"name": {"Mit script"}, "scope": {"write"}, "csrf": {token}}.Encode())
		}
		if r := c.do(t, "POST", "/konto/tokens", tokForm(""), formHeader(c)); r.StatusCode != http.StatusForbidden {
			t.Errorf("form without CSRF token: %d, want 403", r.StatusCode)
		}
		if r := c.do(t, "POST", "/konto/tokens", tokForm("forkert"), formHeader(c)); r.StatusCode != http.StatusForbidden {
			t.Errorf("form with a wrong CSRF token: %d, want 403", r.StatusCode)
		}
		if r := c.sendJSON(t, "PUT", "/api/v1/tasks/1/delegate", map[string]string{"email": ""}, nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("cookie API change without X-CSRF-Token: %d, want 403", r.StatusCode)
		}
		// With it (no programme yet: the task does not exist, 404 – past the CSRF check).
		c.sendJSON(t, "PUT", "/api/v1/tasks/1/delegate", map[string]string{"email": ""}, map[string]string{"X-CSRF-Token": csrf}).problem(t, http.StatusNotFound, "")

		// A token made on the account page is shown once and works as Bearer.
		r = c.do(t, "POST", "/konto/tokens", tokForm(csrf), formHeader(c))
		r.html(t, http.StatusOK, "kopiér den nu")
		m := regexp.MustCompile(`udrul_pat_[A-Za-z0-9_-]{43}`).Find(r.body)
		if m == nil {
			t.Fatalf("no token on the page:\n%s", r.body)
		}
		script := newClient(t, base)
		script.token = string(m)
		var me2 struct {
			Email string `json:"email"`
			Via   string `json:"authenticated_by"`
		}
		script.getJSON(t, "/api/v1/me", &me2)
		if me2.Email != "pl@kk.dk" || me2.Via != "token" {
			t.Errorf("token identity %+v", me2)
		}
		// Tokens are for the API; pages want a session.
		if r := script.do(t, "GET", "/konto", nil, map[string]string{"Authorization": "Bearer " + string(m)}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("page with a bearer token: %d, want 303 to login", r.StatusCode)
		}
		// The token's owner is scoped: not another municipality, not the national overview.
		script.get(t, "/api/v1/programmes/mini/overview").problem(t, http.StatusForbidden, "")

		// Revoke it on the account page.
		page := c.get(t, "/konto")
		rm := regexp.MustCompile(`action="/konto/tokens/(\d+)/revoke"`).FindSubmatch(page.body)
		if rm == nil {
			t.Fatal("no revoke button on the account page")
		}
		r = c.do(t, "POST", fmt.Sprintf("/konto/tokens/%s/revoke", rm[1]), []byte(url.Values{"csrf": {csrf}}.Encode()), formHeader(c))
		if r.StatusCode != http.StatusSeeOther {
			t.Errorf("revoke: %d", r.StatusCode)
		}
		script.get(t, "/api/v1/me").problem(t, http.StatusUnauthorized, "")

		// Logout ends the session on the server: the old cookie is dead.
		old := session.Value
		r = c.do(t, "POST", "/logout", []byte(url.Values{"csrf": {csrf}}.Encode()), formHeader(c))
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?logget-ud" {
			t.Errorf("logout: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		replay := newClient(t, base)
		replay.do(t, "GET", "/api/v1/me", nil, map[string]string{"Cookie": "udrul_session=" + old}).problem(t, http.StatusUnauthorized, "")
	})
}

// TestSecureCookies: with --secure-cookies the session cookie is Secure and
// __Host- prefixed even on plain HTTP (a server behind a TLS proxy).
func TestSecureCookies(t *testing.T) {
	dbURL := storetest.SQLiteURL(t)
	seedMunicipalities(t, dbURL)
	seedUsers(t, dbURL)
	base := startServer(t, dbURL, "--secure-cookies")
	c := newClient(t, base)
	r := c.get(t, "/login")
	m := csrfInput.FindSubmatch(r.body)
	form := url.Values{"email": {"pl@kk.dk"}, "password": {testPassword}, "csrf": {string(m[1])}}
	// The jar will not send Secure cookies over http, so send the login cookie by hand.
	var login string
	for _, ck := range r.Cookies() {
		if ck.Name == "udrul_login" {
			login = ck.Value
			if !ck.Secure {
				t.Errorf("login cookie not Secure: %+v", ck)
			}
		}
	}
	r = c.do(t, "POST", "/login", []byte(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Cookie": "udrul_login=" + login})
	var got *http.Cookie
	for _, ck := range r.Cookies() {
		if strings.HasSuffix(ck.Name, "udrul_session") {
			got = ck
		}
	}
	if r.StatusCode != http.StatusSeeOther || got == nil || got.Name != "__Host-udrul_session" || !got.Secure || !got.HttpOnly || got.Path != "/" || got.Domain != "" {
		t.Fatalf("login with --secure-cookies: %d, cookie %+v", r.StatusCode, got)
	}
	newClient(t, base).do(t, "GET", "/api/v1/me", nil, map[string]string{"Cookie": got.Name + "=" + got.Value}).decode(t, http.StatusOK, &struct{}{})
}

// TestUserCommand: `udrul user` makes the first administrator of a
// database, who can then sign in and use the API with the given token.
func TestUserCommand(t *testing.T) {
	dbURL := storetest.SQLiteURL(t)
	dir := t.TempDir()
	pw, tok := dir+"/pw", dir+"/tok"
	os.WriteFile(pw, []byte("et-rigtig-godt-kodeord\n"), 0o600)
	os.WriteFile(tok, []byte("udrul_pat_forste-administrators-nogle"), 0o600)
	var out bytes.Buffer
	args := []string{"user", "--db", dbURL, "--email", "Chef@Kombit.dk", "--name", "Første Administrator", "--password-file", pw, "--token-file", tok}
	if err := cli.Run(context.Background(), args, func(string) string { return "" }, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "created user chef@kombit.dk (Central administrator, KOMBIT)") {
		t.Errorf("output %q", out.String())
	}
	// The same again is refused, saying why.
	err := cli.Run(context.Background(), args, func(string) string { return "" }, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "findes allerede") {
		t.Errorf("second run: %v", err)
	}
	base := startServer(t, dbURL)
	c := newClient(t, base)
	c.login(t, "chef@kombit.dk", "et-rigtig-godt-kodeord")
	c.get(t, "/admin/users").html(t, http.StatusOK, "Første Administrator")
	c.token = "udrul_pat_forste-administrators-nogle"
	var me struct {
		Role string `json:"role"`
	}
	c.getJSON(t, "/api/v1/me", &me)
	if me.Role != "administrator" {
		t.Errorf("role %q", me.Role)
	}
}

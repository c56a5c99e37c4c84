package cli_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/notify/notifytest"
	"github.com/udrul/udrul/internal/store"
)

const (
	testPassword   = "test-kodeord-123"
	testAdminEmail = "admin@kombit.dk"
	testAdminToken = "udrul_pat_test-admin-token-0123456789"
	testAdminActor = "Test Administrator (KOMBIT)"
)

// testUser is a user the tests sign in as; token is their API token.
type testUser struct {
	key   string // short name in test tables
	role  access.Role
	email string
	name  string
	org   string
	token string
}

// testUsers: one of every role, and for the municipal roles one in
// København (101, whose plan the tests use as "own") and a project lead in
// Frederiksberg (147, "other municipality"). The tovholder is at Skole A
// (101-s01).
var testUsers = []testUser{
	{"admin", access.Admin, testAdminEmail, "Test Administrator", "kombit", testAdminToken},
	{"koordinator", access.Coordinator, "koordinator@kombit.dk", "Karen Koordinator", "kombit", "udrul_pat_test-koordinator-0123456789"},
	{"leverandør", access.Supplier, "lev@kmd.dk", "Leo Leverandør", "kmd", "udrul_pat_test-leverandor-0123456789"},
	{"observatør", access.Observer, "obs@kl.dk", "Olga Observatør", "kl", "udrul_pat_test-observator-0123456789"},
	{"projektleder", access.ProjectLead, "pl@kk.dk", "Pia Projektleder", "101", "udrul_pat_test-projektleder-0123456789"},
	{"medarbejder", access.Member, "mm@kk.dk", "Mads Medarbejder", "101", "udrul_pat_test-medarbejder-0123456789"},
	{"tovholder", access.Tovholder, "th@kk.dk", "Tina Tovholder", "101-s01", "udrul_pat_test-tovholder-0123456789"},
	{"anden kommune", access.ProjectLead, "pl@frb.dk", "Frede Frederiksberg", "147", "udrul_pat_test-frederiksberg-0123456789"},
}

func testApp(t *testing.T, dbURL string) (*app.App, func()) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	return app.New(db, im, slog.New(slog.NewTextHandler(io.Discard, nil)), nil), func() { db.Close() }
}

// seedUsers creates the central organisations and testUsers with their
// API tokens (after seedMunicipalities).
func seedUsers(t *testing.T, dbURL string) {
	t.Helper()
	ctx := context.Background()
	a, done := testApp(t, dbURL)
	defer done()
	if err := a.EnsureCentralOrganisations(ctx); err != nil {
		t.Fatal(err)
	}
	for _, u := range testUsers {
		nu, err := a.CreateUser(ctx, app.NewUser{Email: u.email, Name: u.name, Role: u.role, Org: u.org, Password: testPassword})
		if err != nil {
			t.Fatalf("user %s: %v", u.email, err)
		}
		if err := a.EnsureAPIToken(ctx, nu.ID, "test", u.token); err != nil {
			t.Fatal(err)
		}
	}
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// tryLogin fills in and sends the login form.
func (c *client) tryLogin(t *testing.T, email, password string) response {
	t.Helper()
	r := c.get(t, "/login")
	r.html(t, http.StatusOK, "Log ind")
	m := csrfInput.FindSubmatch(r.body)
	if m == nil {
		t.Fatal("login form has no csrf field")
	}
	form := url.Values{"email": {email}, "password": {password}, "csrf": {string(m[1])}, "next": {"/"}}
	return c.do(t, "POST", "/login", []byte(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
}

// login signs the client in through the login form, keeping the session
// cookie in its jar.
func (c *client) login(t *testing.T, email, password string) {
	t.Helper()
	r := c.tryLogin(t, email, password)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Fatalf("login as %s: %d %s, want 303 to /\n%s", email, r.StatusCode, r.Header.Get("Location"), r.body)
	}
}

// csrf returns the session's CSRF token, read from the account page.
func (c *client) csrf(t *testing.T) string {
	t.Helper()
	r := c.get(t, "/konto")
	r.html(t, http.StatusOK)
	m := csrfInput.FindSubmatch(r.body)
	if m == nil {
		t.Fatal("account page has no csrf field")
	}
	return string(m[1])
}

// formHeader is the header of a same-origin form post.
func formHeader(c *client) map[string]string {
	return map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": c.base, "Sec-Fetch-Site": "same-origin"}
}

var _ = strings.Contains
var _ = model.OrgCentral

// startMailServer starts `udrul serve` on dbURL delivering mail to an
// SMTP server of the test's, with links on https://udrul.example.
func startMailServer(t *testing.T, dbURL string) (base string, smtp *notifytest.Server) {
	t.Helper()
	smtp = notifytest.Start(t)
	host, port, _ := net.SplitHostPort(smtp.Addr)
	base = startServer(t, dbURL, "--smtp-host", host, "--smtp-port", port, "--smtp-tls", "none",
		"--smtp-from", "udrul <udrul@kombit.example>", "--base-url", "https://udrul.example")
	return base, smtp
}

// clientAs is a client that calls the API with the token of the test user
// named key in testUsers.
func clientAs(t *testing.T, base, key string) *client {
	t.Helper()
	for _, u := range testUsers {
		if u.key == key {
			c := newClient(t, base)
			c.token = u.token
			return c
		}
	}
	t.Fatalf("no test user %q", key)
	return nil
}

// publishMini publishes testdata/mini-v1.yaml as programme mini and enrols
// the municipalities of enrolments (code, golive, wave) through the API.
func (c *client) publishMini(t *testing.T, enrolments ...map[string]any) {
	t.Helper()
	c.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"),
		map[string]string{"Content-Type": "application/yaml"}).decode(t, http.StatusCreated, &map[string]any{})
	if len(enrolments) > 0 {
		c.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", enrolments, nil).decode(t, http.StatusOK, &[]any{})
	}
}

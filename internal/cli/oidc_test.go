package cli_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/udrul/udrul/internal/store/storetest"
)

// TestOIDCLogin signs in through a real OpenID provider started inside the
// test: zitadel/oidc's provider (pkg/op, the library behind ZITADEL) with
// its example in-memory storage and login page. udrul runs as the real
// program with --oidc-issuer, --oidc-client-id and
// --oidc-client-secret-file; the browser is an http.Client with a cookie jar
// that follows every redirect: udrul → provider → provider's login form →
// provider → udrul's callback.
func TestOIDCLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)

		// The provider's users: two known to udrul by e-mail (one with an
		// unverified address), one unknown.
		users := map[string]*storage.User{
			"sub-pia":    {ID: "sub-pia", Username: "pia", Password: "pia-hemmelig", FirstName: "Pia", LastName: "Projektleder", Email: "PL@kk.dk", EmailVerified: true},
			"sub-mads":   {ID: "sub-mads", Username: "mads", Password: "mads-hemmelig", FirstName: "Mads", LastName: "Medarbejder", Email: "mm@kk.dk", EmailVerified: false},
			"sub-ukendt": {ID: "sub-ukendt", Username: "ukendt", Password: "ukendt-hemmelig", FirstName: "Uk", LastName: "Endt", Email: "ukendt@kk.dk", EmailVerified: true},
		}
		b, _ := json.Marshal(users)
		dir := t.TempDir()
		usersFile := filepath.Join(dir, "users.json")
		os.WriteFile(usersFile, b, 0o600)
		us, err := storage.StoreFromFile(usersFile)
		if err != nil {
			t.Fatal(err)
		}
		clients := map[string]*storage.Client{}
		st := &postLogoutStorage{Storage: storage.NewStorageWithClients(us, clients)}

		var op http.Handler
		var endSession url.Values // the provider's end_session request
		ready := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-ready
			if r.URL.Path == "/end_session" {
				endSession = r.URL.Query()
			}
			op.ServeHTTP(w, r)
		}))
		defer srv.Close()
		slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil))) // the example provider logs every request to the default logger
		op = exampleop.SetupServer(srv.URL, st, nil, false)
		close(ready)

		secretFile := filepath.Join(dir, "secret")
		os.WriteFile(secretFile, []byte("udrul-klienthemmelighed\n"), 0o600)
		base := startServer(t, dbURL, "--oidc-issuer", srv.URL, "--oidc-client-id", "udrul",
			"--oidc-client-secret-file", secretFile, "--oidc-name", "Testkommunens login")
		clients["udrul"] = storage.WebClient("udrul", "udrul-klienthemmelighed", base+"/auth/oidc/callback")
		st.uri = base + "/login?logget-ud"

		// The login page offers the provider.
		c := newClient(t, base)
		c.get(t, "/login").html(t, http.StatusOK, "Log ind via Testkommunens login", `href="/auth/oidc/start?idp=oidc&amp;next=%2F"`)

		pia := oidcBrowser(t, base)
		r := pia.login(t, "/auth/oidc/start?next=/konto", "pia", "pia-hemmelig")
		if r.StatusCode != http.StatusOK || r.Request.URL.Path != "/konto" || !strings.Contains(r.body, "Pia Projektleder") {
			t.Fatalf("OIDC login as Pia ended at %s with %d:\n%.500s", r.Request.URL, r.StatusCode, r.body)
		}
		var me struct {
			Email string `json:"email"`
			Role  string `json:"role"`
			Via   string `json:"authenticated_by"`
		}
		pia.getJSON(t, base+"/api/v1/me", &me)
		if me.Email != "pl@kk.dk" || me.Role != "projektleder" || me.Via != "session" {
			t.Errorf("/api/v1/me after OIDC login: %+v", me)
		}
		// The session is scoped like the user: her municipality, not another.
		if s := pia.status(t, base+"/api/v1/programmes/mini/municipalities/147/tasks"); s != http.StatusForbidden && s != http.StatusNotFound {
			t.Errorf("another municipality's plan after OIDC login: %d, want 403 (or 404 before any programme)", s)
		}

		// Logout ends udrul's session, then the provider's (RP-initiated
		// logout with her ID token as id_token_hint), which sends her back
		// to udrul's login page.
		r = pia.logout(t)
		if r.StatusCode != http.StatusOK || r.Request.URL.Path != "/login" || !strings.Contains(r.body, "Du er logget ud.") {
			t.Errorf("logout ended at %s with %d:\n%.800s", r.Request.URL, r.StatusCode, r.body)
		}
		if endSession.Get("id_token_hint") == "" || endSession.Get("post_logout_redirect_uri") != base+"/login?logget-ud" {
			t.Errorf("the provider's end_session was asked with %v", endSession)
		}
		if s := pia.status(t, base+"/api/v1/me"); s != http.StatusUnauthorized {
			t.Errorf("after logout /api/v1/me answers %d", s)
		}

		// The second login finds her by subject (bound on the first).
		pia2 := oidcBrowser(t, base)
		if r := pia2.login(t, "/auth/oidc/start", "pia", "pia-hemmelig"); r.StatusCode != http.StatusOK || r.Request.URL.Path != "/" {
			t.Errorf("second OIDC login ended at %s with %d", r.Request.URL, r.StatusCode)
		}

		// Someone the provider knows but udrul does not is refused, clearly.
		r = oidcBrowser(t, base).login(t, "/auth/oidc/start", "ukendt", "ukendt-hemmelig")
		if r.StatusCode != http.StatusForbidden || !strings.Contains(r.body, "ingen bruger med den e-mailadresse i udrul") || !strings.Contains(r.body, "ukendt@kk.dk") {
			t.Errorf("unknown user: %d at %s:\n%.800s", r.StatusCode, r.Request.URL, r.body)
		}
		// An address the provider has not verified does not match a user.
		r = oidcBrowser(t, base).login(t, "/auth/oidc/start", "mads", "mads-hemmelig")
		if r.StatusCode != http.StatusForbidden || !strings.Contains(r.body, "bekræftet e-mailadresse") {
			t.Errorf("unverified e-mail: %d:\n%.800s", r.StatusCode, r.body)
		}

		// A callback whose state does not match the browser's is refused.
		b2 := oidcBrowser(t, base)
		b2.do(t, "GET", base+"/auth/oidc/start", nil) // sets the state cookie, lands on the provider's login form
		if s := b2.status(t, base+"/auth/oidc/callback?code=abc&state=forkert"); s != http.StatusBadRequest {
			t.Errorf("callback with a wrong state: %d, want 400", s)
		}
		// And one without any login attempt.
		if s := oidcBrowser(t, base).status(t, base+"/auth/oidc/callback?code=abc&state=x"); s != http.StatusBadRequest {
			t.Errorf("callback without a login attempt: %d, want 400", s)
		}
	})
}

// postLogoutStorage registers udrul's login page as the client's
// post_logout_redirect_uri, which the example storage cannot.
type postLogoutStorage struct {
	*storage.Storage
	uri string
}

func (s *postLogoutStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil {
		return nil, err
	}
	return postLogoutClient{c, s.uri}, nil
}

type postLogoutClient struct {
	op.Client
	uri string
}

func (c postLogoutClient) PostLogoutRedirectURIs() []string { return []string{c.uri} }

type browser struct {
	hc   *http.Client
	base string // udrul's
}

func (b *browser) udrul(path string) string { return b.base + path }

type page struct {
	*http.Response
	body string
}

func oidcBrowser(t *testing.T, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{hc: &http.Client{Jar: jar, Timeout: 30 * time.Second}, base: base}
}

func (b *browser) do(t *testing.T, method, u string, form url.Values) page {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return b.send(t, req)
}

func (b *browser) send(t *testing.T, req *http.Request) page {
	t.Helper()
	resp, err := b.hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	bs, _ := io.ReadAll(resp.Body)
	checkContract(t, resp, bs)
	return page{resp, string(bs)}
}

func (b *browser) status(t *testing.T, u string) int { return b.do(t, "GET", u, nil).StatusCode }

func (b *browser) getJSON(t *testing.T, u string, v any) {
	t.Helper()
	p := b.do(t, "GET", u, nil)
	if p.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", u, p.StatusCode, p.body)
	}
	if err := json.Unmarshal([]byte(p.body), v); err != nil {
		t.Fatal(err)
	}
}

var authRequestID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// login starts at udrul's start URL, fills in the provider's login form
// and returns the page the redirects end on.
func (b *browser) login(t *testing.T, start, username, password string) page {
	t.Helper()
	p := b.do(t, "GET", b.udrul(start), nil)
	m := authRequestID.FindStringSubmatch(p.body)
	if p.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("the provider's login form did not come: %d at %s\n%.500s", p.StatusCode, p.Request.URL, p.body)
	}
	form := url.Values{"id": {m[1]}, "username": {username}, "password": {password}}
	loginURL := p.Request.URL.Scheme + "://" + p.Request.URL.Host + "/login/username"
	return b.do(t, "POST", loginURL, form)
}

package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"

	"github.com/udrul/udrul/internal/cli"
	"github.com/udrul/udrul/internal/store/storetest"
)

const hostileHost = "evil.example"

// hostileTransport sends every request with Host: evil.example, as anyone
// can, and records every response that names that host anywhere – in a
// header or in the body.
type hostileTransport struct {
	mu     sync.Mutex
	leaked []string
}

func (h *hostileTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Host = hostileHost
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	var hdr bytes.Buffer
	resp.Header.Write(&hdr)
	if bytes.Contains(b, []byte(hostileHost)) || bytes.Contains(hdr.Bytes(), []byte(hostileHost)) {
		h.mu.Lock()
		h.leaked = append(h.leaked, req.Method+" "+req.URL.Path)
		h.mu.Unlock()
	}
	return resp, nil
}

// TestHostHeaderCannotChangeURLs: every absolute URL the server makes –
// a calendar feed's address (API and form), the links inside a feed, the
// OpenID Connect redirect – starts with --base-url, whatever Host the
// request names.
func TestHostHeaderCannotChangeURLs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		mustRun(t, "import", "--db", dbURL, "testdata/mini-v1.yaml")
		mustRun(t, "enrol", "--db", dbURL, "--programme", "mini", writeFile(t, "enrol.csv", "code,golive,wave\n101,2027-03-01,1\n"))

		// A real OpenID provider, only asked for its discovery document here.
		var op http.Handler
		ready := make(chan struct{})
		provider := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-ready; op.ServeHTTP(w, r) }))
		defer provider.Close()
		slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
		op = exampleop.SetupServer(provider.URL, storage.NewStorageWithClients(storage.NewUserStore(provider.URL), map[string]*storage.Client{}), nil, false)
		close(ready)

		const public = "https://udrul.example"
		base := startServer(t, dbURL, "--base-url", public+"/", "--oidc-issuer", provider.URL, "--oidc-client-id", "udrul")
		ht := &hostileTransport{}
		jar, _ := cookiejar.New(nil)
		c := &client{t: t, base: base, hc: &http.Client{Transport: ht, Jar: jar, Timeout: 30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}

		// The API's new feed.
		var feed struct {
			URL string `json:"url"`
		}
		c.do(t, "POST", "/api/v1/programmes/mini/municipalities/101/calendar-feeds", []byte("{}"),
			map[string]string{"Authorization": "Bearer " + testAdminToken, "Content-Type": "application/json"}).decode(t, http.StatusCreated, &feed)
		if !regexp.MustCompile(`^https://udrul\.example/ical/[A-Za-z0-9_-]+\.ics$`).MatchString(feed.URL) {
			t.Errorf("API feed URL %q, want https://udrul.example/ical/….ics", feed.URL)
		}

		// The feed's own links.
		r := c.get(t, strings.TrimPrefix(feed.URL, public))
		if r.StatusCode != http.StatusOK || !strings.Contains(string(r.body), "URL:https://udrul.example/tasks/") {
			t.Errorf("feed: %d, want links to https://udrul.example/tasks/…:\n%.600s", r.StatusCode, r.body)
		}

		// The plan page's and the account page's feed forms, signed in.
		c.login(t, "pl@kk.dk", testPassword)
		form := url.Values{"csrf": {c.csrf(t)}}
		for _, path := range []string{"/programmes/mini/municipalities/101/calendar-feeds", "/konto/kalender"} {
			r := c.do(t, "POST", path, []byte(form.Encode()), formHeader(c))
			if m := feedAddress.FindStringSubmatch(string(r.body)); r.StatusCode != http.StatusOK || m != nil {
				t.Errorf("POST %s: %d, feed address %v on http://", path, r.StatusCode, m)
			}
			if !regexp.MustCompile(`<code class="token">https://udrul\.example/ical/[A-Za-z0-9_-]+\.ics</code>`).Match(r.body) {
				t.Errorf("POST %s shows no feed address on https://udrul.example:\n%.1500s", path, r.body)
			}
		}

		// A readiness survey's respondent links (API).
		api := "/api/v1/programmes/mini/municipalities/101/readiness"
		admin := map[string]string{"Authorization": "Bearer " + testAdminToken, "Content-Type": "application/json"}
		var g struct {
			ID int64 `json:"id"`
		}
		c.do(t, "POST", api+"/groups", []byte(`{"name":"Leder"}`), admin).decode(t, http.StatusCreated, &g)
		c.do(t, "POST", api+"/rounds", []byte(`{"round":"baseline"}`), admin).decode(t, http.StatusCreated, &map[string]any{})
		var links []struct {
			URL string `json:"url"`
		}
		c.do(t, "POST", api+"/links", []byte(fmt.Sprintf(`{"round":"baseline","group_id":%d,"kind":"aaben","limit":5}`, g.ID)), admin).decode(t, http.StatusCreated, &links)
		if len(links) != 1 || !regexp.MustCompile(`^https://udrul\.example/svar/udrul_svar_[A-Za-z0-9_-]+$`).MatchString(links[0].URL) {
			t.Errorf("readiness links %+v, want https://udrul.example/svar/…", links)
		}

		// The OpenID Connect redirect.
		r = c.get(t, "/auth/oidc/start")
		loc, err := url.Parse(r.Header.Get("Location"))
		if r.StatusCode/100 != 3 || err != nil || loc.Query().Get("redirect_uri") != public+"/auth/oidc/callback" {
			t.Errorf("OIDC start: %d to %q, want redirect_uri %s/auth/oidc/callback", r.StatusCode, r.Header.Get("Location"), public)
		}

		if len(ht.leaked) > 0 {
			t.Errorf("responses naming %s: %v", hostileHost, ht.leaked)
		}
	})
}

// TestServeWithoutBaseURL: serve says at start that it has no --base-url
// and uses its own address; a base URL with a path is refused.
func TestServeWithoutBaseURL(t *testing.T) {
	db := storetest.SQLiteURL(t)
	seedMunicipalities(t, db)
	seedUsers(t, db)
	mustRun(t, "import", "--db", db, "testdata/mini-v1.yaml")
	mustRun(t, "enrol", "--db", db, "--programme", "mini", writeFile(t, "enrol.csv", "code,golive,wave\n101,2027-03-01,1\n"))
	base, out := serveCaptured(t, "serve", "--db", db, "--addr", "127.0.0.1:0")
	if !strings.Contains(out.String(), "warning: no --base-url given: links in e-mail and calendar feeds and the OpenID Connect redirect use "+base+";") {
		t.Errorf("serve printed:\n%s", out.String())
	}
	c := newClient(t, base)
	var feed struct {
		URL string `json:"url"`
	}
	c.do(t, "POST", "/api/v1/programmes/mini/municipalities/101/calendar-feeds", []byte("{}"),
		map[string]string{"Authorization": "Bearer " + testAdminToken, "Content-Type": "application/json"}).decode(t, http.StatusCreated, &feed)
	if !strings.HasPrefix(feed.URL, base+"/ical/") {
		t.Errorf("feed URL %q, want it on %s", feed.URL, base)
	}

	_, err := run(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--base-url", "https://udrul.example/udrul")
	if err == nil || !strings.Contains(err.Error(), "must be http(s)://HOST[:PORT] without a path") {
		t.Errorf("base URL with a path: %v", err)
	}
}

// serveCaptured runs a server command until the test ends and returns
// its base URL and everything it prints.
func serveCaptured(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- cli.Run(ctx, args, func(string) string { return "" }, out, errOut) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("%s: %v", args[0], err)
		}
	})
	listening := regexp.MustCompile(`(?m)^udrul listening on (http://\S+)$`)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := listening.FindStringSubmatch(out.String()); m != nil {
			return m[1], out
		}
		select {
		case err := <-done:
			done <- err
			t.Fatalf("%s exited: %v\n%s", args[0], err, errOut.String())
		default:
		}
	}
	t.Fatalf("%s did not listen within 30s:\n%s%s", args[0], out.String(), errOut.String())
	return "", nil
}

package cli_test

import (
	"net/http"
	"net/url"
	"testing"

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
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
			t.Errorf("login form with next=/\\t/evil.example: %d to %q, want 303 to /", r.StatusCode, r.Header.Get("Location"))
		}
	})
}

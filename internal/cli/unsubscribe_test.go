package cli_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/store/storetest"
)

// TestMailUnsubscribe: a mail delivered to a real SMTP server carries
// List-Unsubscribe with a link on --base-url and List-Unsubscribe-Post
// (RFC 8058), and its footer links the notification settings. Opening the
// link changes nothing; an altered token is refused; the mail program's
// one-click POST, without a login, stops the recipient's mail and nothing
// else.
func TestMailUnsubscribe(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base, smtp := startMailServer(t, dbURL)
		admin := clientAs(t, base, "admin")
		admin.publishMini(t, map[string]any{"code": "101", "golive": "2027-03-01", "wave": 1})
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v2.yaml"),
			map[string]string{"Content-Type": "application/yaml"}).decode(t, http.StatusOK, &map[string]any{})

		got := smtp.WaitFor(1, 20*time.Second)
		if len(got) != 1 || got[0].To[0] != "pl@kk.dk" {
			t.Fatalf("mail received: %+v", got)
		}
		m := got[0]
		lu := m.Header.Get("List-Unsubscribe")
		match := regexp.MustCompile(`^<https://udrul\.example(/afmeld/[0-9]+\.[A-Za-z0-9_-]+)>$`).FindStringSubmatch(lu)
		if match == nil || m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
			t.Fatalf("List-Unsubscribe %q, List-Unsubscribe-Post %q", lu, m.Header.Get("List-Unsubscribe-Post"))
		}
		if !strings.Contains(m.Body, "Dine valg kan ændres under Varsler i udrul: https://udrul.example/konto/varsler\n") {
			t.Errorf("the footer does not link the settings:\n%s", m.Body)
		}
		path := match[1]

		pl := newClient(t, base)
		pl.login(t, "pl@kk.dk", testPassword)
		preference := func() string {
			var v struct {
				Preference string `json:"preference"`
			}
			pl.getJSON(t, "/api/v1/me/notifications", &v)
			return v.Preference
		}
		before := preference()

		anon := newClient(t, base)
		anon.get(t, path).html(t, http.StatusOK, "Afmeld alle mails", "Pia Projektleder")
		if p := preference(); p != before {
			t.Errorf("opening the link changed the setting: %q → %q", before, p)
		}
		oneClick := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
		body := []byte("List-Unsubscribe=One-Click")
		altered := path[:len(path)-1] + map[bool]string{true: "A", false: "B"}[!strings.HasSuffix(path, "A")]
		otherUser := "/afmeld/1" + path[strings.Index(path, "."):]
		for _, p := range []string{altered, otherUser} {
			if r := anon.do(t, "POST", p, body, oneClick); r.StatusCode != http.StatusNotFound {
				t.Errorf("POST %s: %d, want 404", p, r.StatusCode)
			}
			if r := anon.get(t, p); r.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", p, r.StatusCode)
			}
		}
		if p := preference(); p != before {
			t.Errorf("a refused link changed the setting: %q → %q", before, p)
		}

		r := anon.do(t, "POST", path, body, oneClick)
		if r.StatusCode != http.StatusOK || !strings.Contains(string(r.body), "får ikke flere mails") {
			t.Fatalf("one-click POST: %d\n%s", r.StatusCode, r.body)
		}
		if p := preference(); p != "aldrig" {
			t.Errorf("after unsubscribing the setting is %q, want aldrig", p)
		}
		if r := anon.do(t, "POST", path, body, oneClick); r.StatusCode != http.StatusOK {
			t.Errorf("unsubscribing twice: %d", r.StatusCode)
		}
		// Signed in, the page's own button works too, with the session's CSRF token.
		pl.get(t, path).html(t, http.StatusOK, "Ingen mails", `name="csrf"`)
		form := url.Values{"csrf": {pl.csrf(t)}}
		if r := pl.do(t, "POST", path, []byte(form.Encode()), formHeader(pl)); r.StatusCode != http.StatusOK {
			t.Errorf("the page's button, signed in: %d", r.StatusCode)
		}
	})
}

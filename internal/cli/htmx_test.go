package cli_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/store/storetest"
)

// htmxHeader is what htmx adds to its requests.
func htmxHeader(c *client) map[string]string {
	h := formHeader(c)
	h["HX-Request"] = "true"
	return h
}

// TestHTMXFragments: with htmx (the HX-Request header) the task page's status
// change, the national overview's filter and the municipality page's filter
// answer with just the part of the page they replace; without it the same
// requests get whole pages and the post/redirect/get of the plain form, so
// everything works without JavaScript. Every page carries the CSRF token for
// htmx, and a status change without it is refused either way.
func TestHTMXFragments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"),
			map[string]string{"Content-Type": "application/yaml"}).decode(t, http.StatusCreated, &map[string]any{})
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{
			{"code": "101", "golive": "2027-03-01", "wave": 1}, {"code": "147", "golive": "2027-06-01", "wave": 2}}, nil).
			decode(t, http.StatusOK, &[]any{})
		var p plan
		admin.getJSON(t, "/api/v1/programmes/mini/municipalities/101/tasks", &p)
		krit := findTask(t, p, "m-krit")

		lead := newClient(t, base)
		lead.login(t, "pl@kk.dk", testPassword)
		csrf := lead.csrf(t)
		taskPath := fmt.Sprintf("/tasks/%d", krit.ID)

		page := lead.get(t, taskPath)
		page.html(t, http.StatusOK, `hx-post="`+taskPath+`/status"`, `hx-target="#task-status"`, `id="task-status"`,
			`hx-headers='{"X-CSRF-Token": "`+csrf+`"}'`, "/static/vendor/htmx/htmx.min.js", "/static/vendor/dkfds/css/dkfds.min.css")
		if got := page.Header.Get("Vary"); got != "" {
			t.Errorf("task page Vary = %q; only the status change and filters vary on HX-Request", got)
		}

		form := func(status string, version int, token string) []byte {
			return []byte(url.Values{"csrf": {token}, "status": {status}, "version": {strconv.Itoa(version)},
				"comment": {"Aftalen er underskrevet"}}.Encode())
		}

		// htmx: the fragment, not a redirect and not a whole page.
		r := lead.do(t, "POST", taskPath+"/status", form("fuldfoert", krit.Version, csrf), htmxHeader(lead))
		r.html(t, http.StatusOK, `<div id="task-status">`, "Status er gemt.", "Fuldført", "Grøn",
			`id="task-status-form"`, `hx-swap-oob="true"`, `name="version" value="`+strconv.Itoa(krit.Version+1)+`"`,
			`id="task-history"`, "Aftalen er underskrevet",
			`<div id="task-status-live" hx-swap-oob="innerHTML">Status er gemt: Fuldført, Grøn.</div>`)
		if bytes.Contains(r.body, []byte("<html")) || bytes.Contains(r.body, []byte("<header")) {
			t.Errorf("the status fragment is a whole page:\n%s", r.body)
		}
		if !strings.Contains(r.Header.Get("Vary"), "HX-Request") {
			t.Errorf("fragment response Vary = %q, want HX-Request", r.Header.Get("Vary"))
		}

		// htmx with a stale version: refused with 409, the fragment says why
		// and shows the task as it is, with the current version in the form.
		r = lead.do(t, "POST", taskPath+"/status", form("paabegyndt", krit.Version, csrf), htmxHeader(lead))
		r.html(t, http.StatusConflict, "Status blev ikke gemt", "Fuldført", `name="version" value="`+strconv.Itoa(krit.Version+1)+`"`)
		if bytes.Contains(r.body, []byte("<html")) {
			t.Error("the refused status change's fragment is a whole page")
		}

		// htmx without the CSRF token: refused, nothing changed.
		r = lead.do(t, "POST", taskPath+"/status", form("paabegyndt", krit.Version+1, ""), htmxHeader(lead))
		if r.StatusCode != http.StatusForbidden {
			t.Errorf("htmx status change without CSRF token: %d, want 403", r.StatusCode)
		}
		// The token in htmx's header (hx-headers on <body>) is enough on its own.
		h := htmxHeader(lead)
		h["X-CSRF-Token"] = csrf
		r = lead.do(t, "POST", taskPath+"/status", form("paabegyndt", krit.Version+1, ""), h)
		r.html(t, http.StatusOK, "Status er gemt.", "Påbegyndt")

		// Without JavaScript: the plain form posts, is redirected back to the
		// whole task page, which shows the outcome.
		r = lead.do(t, "POST", taskPath+"/status", form("fuldfoert", krit.Version+2, csrf), formHeader(lead))
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != taskPath+"?gemt" {
			t.Fatalf("plain status form: %d to %q, want 303 to %s?gemt", r.StatusCode, r.Header.Get("Location"), taskPath)
		}
		lead.get(t, taskPath+"?gemt").html(t, http.StatusOK, "<html", "Status er gemt.", "Fuldført", "Grøn", "Historik")
		r = lead.do(t, "POST", taskPath+"/status", form("paabegyndt", krit.Version, csrf), formHeader(lead))
		// A refusal shows the whole task page again at once, with the reason.
		r.html(t, http.StatusConflict, "<html", "er ændret af en anden", "Historik")

		// The national overview's filter.
		k := newClient(t, base)
		k.login(t, "koordinator@kombit.dk", testPassword)
		full := k.get(t, "/programmes/mini?asof=2027-02-02&wave=2")
		full.html(t, http.StatusOK, "<html", "Kort over kommunernes status", `hx-get="/programmes/mini"`, `id="kommuner"`, "1 af 2 kommuner")
		frag := k.do(t, "GET", "/programmes/mini?asof=2027-02-02&wave=2", nil, map[string]string{"HX-Request": "true"})
		frag.html(t, http.StatusOK, `<div id="kommuner">`, "1 af 2 kommuner", "Frederiksberg", `id="kommuner-antal" hx-swap-oob="innerHTML"`)
		if bytes.Contains(frag.body, []byte("<html")) || bytes.Contains(frag.body, []byte("Kort over kommunernes status")) ||
			bytes.Contains(frag.body, []byte("municipalities/101?")) {
			t.Errorf("overview fragment is not just the filtered table:\n%s", frag.body)
		}
		// htmx restoring its history asks for the whole page.
		k.do(t, "GET", "/programmes/mini?asof=2027-02-02&wave=2", nil,
			map[string]string{"HX-Request": "true", "HX-History-Restore-Request": "true"}).
			html(t, http.StatusOK, "<html", "Kort over kommunernes status")
		k.do(t, "GET", "/programmes/mini?colour=lilla", nil, map[string]string{"HX-Request": "true"}).html(t, http.StatusBadRequest, "colour")

		// The municipality page's filter.
		lead.get(t, "/programmes/mini/municipalities/101?status=fuldfoert").
			html(t, http.StatusOK, "<html", "Mine næste frister", `hx-get="/programmes/mini/municipalities/101"`, `id="opgaver"`, krit.Title)
		pf := lead.do(t, "GET", "/programmes/mini/municipalities/101?status=fuldfoert", nil, map[string]string{"HX-Request": "true"})
		pf.html(t, http.StatusOK, `<div id="opgaver">`, krit.Title, `id="opgaver-antal" hx-swap-oob="innerHTML"`)
		if bytes.Contains(pf.body, []byte("<html")) || bytes.Contains(pf.body, []byte("Mine næste frister")) {
			t.Errorf("plan fragment is not just the phases' tables:\n%s", pf.body)
		}
		if bytes.Contains(pf.body, []byte("Udarbejd kommunikationsplan")) {
			t.Error("plan fragment filtered on Fuldført lists a task that is not completed")
		}
	})
}

// TestStaticAssets: the vendored design system and htmx are served from the
// binary with their content types, an ETag and a cache lifetime, and a
// browser holding the ETag gets 304 Not Modified instead of the file again.
func TestStaticAssets(t *testing.T) {
	base := startServer(t, storetest.SQLiteURL(t))
	c := newClient(t, base)
	for path, ctype := range map[string]string{
		"/static/vendor/dkfds/css/dkfds.min.css":                                          "text/css; charset=utf-8",
		"/static/vendor/htmx/htmx.min.js":                                                 "text/javascript; charset=utf-8",
		"/static/vendor/dkfds/fonts/IBMPlexSans/complete/woff2/IBMPlexSans-Regular.woff2": "font/woff2",
		"/static/vendor/dkfds/img/all-svg-icons.svg":                                      "image/svg+xml",
		"/static/udrul.css":                                                               "text/css; charset=utf-8",
	} {
		r := c.get(t, path)
		tag := r.Header.Get("ETag")
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != ctype || len(r.body) == 0 {
			t.Errorf("GET %s: %d %q (%d bytes), want 200 %q", path, r.StatusCode, r.Header.Get("Content-Type"), len(r.body), ctype)
		}
		if tag == "" || !strings.Contains(r.Header.Get("Cache-Control"), "max-age=") {
			t.Errorf("GET %s: ETag %q, Cache-Control %q", path, tag, r.Header.Get("Cache-Control"))
			continue
		}
		if again := c.do(t, "GET", path, nil, map[string]string{"If-None-Match": tag}); again.StatusCode != http.StatusNotModified || len(again.body) != 0 {
			t.Errorf("GET %s with If-None-Match: %d, %d bytes; want 304 and no body", path, again.StatusCode, len(again.body))
		}
	}
	if r := c.get(t, "/static/vendor/"); r.StatusCode != http.StatusNotFound {
		t.Errorf("GET /static/vendor/: %d, want 404 (no directory listing)", r.StatusCode)
	}
	if r := c.get(t, "/static/vendor/dkfds/css/dkfds.min.css.map"); r.StatusCode != http.StatusNotFound {
		t.Errorf("source map served: %d", r.StatusCode)
	}
}

package cli_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/store/storetest"
)

type announcementJSON struct {
	ID       int64    `json:"id"`
	Title    string   `json:"title"`
	Wave     int      `json:"wave"`
	Roles    []string `json:"roles"`
	Audience string   `json:"audience"`
	ReadBy   int      `json:"read_by"`
}

// TestAnnouncementServer runs announcements through the real server on
// both databases: an announcement without an audience is refused naming
// the field with nothing written; a coordinator's announcement to wave 1
// is mailed once to each recipient in that wave, stands on their front
// pages until each marks it read, and is in the programme's Atom feed as
// a real feed reader (python3-feedparser) reads it.
func TestAnnouncementServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base, smtp := startMailServer(t, dbURL)
		admin := clientAs(t, base, "admin")
		admin.publishMini(t, map[string]any{"code": "101", "golive": "2027-03-01", "wave": 1}, map[string]any{"code": "147", "golive": "2027-09-01", "wave": 2})
		koord, pl, mm, frb := clientAs(t, base, "koordinator"), clientAs(t, base, "projektleder"), clientAs(t, base, "medarbejder"), clientAs(t, base, "anden kommune")

		good := func() map[string]any {
			return map[string]any{"programme": "mini", "wave": 1, "roles": []string{"projektleder", "medarbejder", "tovholder"},
				"title": "Netværksmøde i januar", "body": "Kære bølge 1\n\nHusk tilmeldingen <senest> fredag."}
		}
		for field, change := range map[string]any{"roles": []string{}, "programme": "", "wave": 7, "title": " "} {
			in := good()
			in[field] = change
			koord.sendJSON(t, "POST", "/api/v1/announcements", in, nil).problem(t, http.StatusUnprocessableEntity, field)
		}
		in := good()
		delete(in, "roles")
		koord.sendJSON(t, "POST", "/api/v1/announcements", in, nil).problem(t, http.StatusUnprocessableEntity, "roles")
		pl.sendJSON(t, "POST", "/api/v1/announcements", good(), nil).problem(t, http.StatusForbidden, "")
		var list []announcementJSON
		koord.getJSON(t, "/api/v1/announcements", &list)
		if len(list) != 0 {
			t.Fatalf("refused announcements were written: %+v", list)
		}

		var res struct {
			Announcement   announcementJSON `json:"announcement"`
			Municipalities int              `json:"municipalities"`
			Mails          int              `json:"mails"`
		}
		koord.sendJSON(t, "POST", "/api/v1/announcements", good(), nil).decode(t, http.StatusCreated, &res)
		if res.Municipalities != 1 || res.Mails != 3 || res.Announcement.Audience != "Projektledere, Projektdeltagere og Tovholdere i Bølge 1" {
			t.Fatalf("announced: %+v", res)
		}
		got := smtp.WaitFor(3, 20*time.Second)
		var to []string
		for _, m := range got {
			to = append(to, m.To...)
			if m.Subject != "Mini-programmet: Netværksmøde i januar" || !strings.Contains(m.Body, "Husk tilmeldingen <senest> fredag.") ||
				!strings.Contains(m.Body, "https://udrul.example/") {
				t.Errorf("mail: %q\n%s", m.Subject, m.Body)
			}
		}
		slices.Sort(to)
		if strings.Join(to, " ") != "mm@kk.dk pl@kk.dk th@kk.dk" {
			t.Fatalf("mailed to %v", to)
		}
		id := res.Announcement.ID

		// On the recipients' front pages until each marks it read.
		mine := func(c *client) int {
			var xs []announcementJSON
			c.getJSON(t, "/api/v1/announcements/mine", &xs)
			return len(xs)
		}
		if mine(pl) != 1 || mine(mm) != 1 || mine(frb) != 0 {
			t.Fatalf("unread: pl %d, mm %d, frb %d", mine(pl), mine(mm), mine(frb))
		}
		pl.login(t, "pl@kk.dk", testPassword)
		pl.get(t, "/").html(t, http.StatusOK, "Meddelelser fra programkontoret", "Netværksmøde i januar")
		frb.do(t, "POST", fmt.Sprintf("/api/v1/announcements/%d/read", id), nil, nil).problem(t, http.StatusNotFound, "")
		if st, loc := pl.form(t, fmt.Sprintf("/meddelelser/%d/laest", id), url.Values{}); st != http.StatusSeeOther || !strings.HasPrefix(loc, "/?") {
			t.Fatalf("marking read: %d %s", st, loc)
		}
		if r := pl.get(t, "/"); strings.Contains(string(r.body), "Netværksmøde i januar") {
			t.Error("a read announcement is still on the front page")
		}
		if r := mm.do(t, "POST", fmt.Sprintf("/api/v1/announcements/%d/read", id), nil, nil); r.StatusCode != http.StatusNoContent {
			t.Fatalf("mm marking read: %d %s", r.StatusCode, r.body)
		}
		if mine(pl) != 0 || mine(mm) != 0 {
			t.Error("read announcements are still unread")
		}
		koord.getJSON(t, "/api/v1/announcements", &list)
		if len(list) != 1 || list[0].ReadBy != 2 {
			t.Errorf("list: %+v", list)
		}

		// The centre's page: a form without roles is refused at the field.
		admin.login(t, testAdminEmail, testPassword)
		admin.get(t, "/").html(t, http.StatusOK, `href="/meddelelser"`)
		st, body := admin.form(t, "/meddelelser", url.Values{"programme": {"mini"}, "title": {"Uden modtagere"}, "body": {"x"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="roles-fejl"`) {
			t.Errorf("form without roles: %d", st)
		}
		admin.get(t, "/meddelelser").html(t, http.StatusOK, "Netværksmøde i januar", "Læst af")

		// The feed, read by a real feed reader.
		feed := func(q string) map[string]any {
			r := frb.get(t, "/api/v1/programmes/mini/announcements.atom"+q)
			if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/atom+xml") {
				t.Fatalf("feed: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
			}
			return parseFeed(t, r.body)
		}
		f := feed("?wave=1")
		entries, _ := f["entries"].([]any)
		if f["bozo"] != false || len(entries) != 1 {
			t.Fatalf("feed for wave 1: %v", f)
		}
		e := entries[0].(map[string]any)
		if e["title"] != "Netværksmøde i januar" || e["link"] != fmt.Sprintf("https://udrul.example/meddelelser/%d", id) ||
			!strings.Contains(fmt.Sprint(e["content"]), "Husk tilmeldingen &lt;senest&gt; fredag.") {
			t.Errorf("entry: %v", e)
		}
		if f := feed("?wave=2"); len(f["entries"].([]any)) != 0 || f["title"] != "Meddelelser: Mini-programmet, Bølge 2" {
			t.Errorf("feed for wave 2: %v", f)
		}
		frb.get(t, "/api/v1/programmes/mini/announcements.atom?wave=x").problem(t, http.StatusBadRequest, "wave")
	})
}

// parseFeed reads an Atom document with Debian's python3-feedparser, a
// real feed reader independent of the library that wrote it.
func parseFeed(t *testing.T, doc []byte) map[string]any {
	t.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("skipping feed check: /usr/bin/python3 missing")
	}
	if exec.Command(py, "-c", "import feedparser").Run() != nil {
		t.Skip("skipping feed check: feedparser not installed (Debian package python3-feedparser)")
	}
	path := filepath.Join(t.TempDir(), "feed.atom")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	script := `import feedparser, json, sys
d = feedparser.parse(sys.argv[1])
print(json.dumps({"bozo": bool(d.bozo), "version": d.version, "title": d.feed.get("title"),
  "entries": [{"title": e.title, "link": e.link, "id": e.id, "content": e.content[0].value if "content" in e else "",
               "author": e.get("author")} for e in d.entries]}))`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("feedparser: %v\n%s", err, out)
	}
	var v map[string]any
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("feedparser output: %v\n%s", err, out)
	}
	if v["version"] != "atom10" {
		t.Errorf("feedparser read %v, want atom10", v["version"])
	}
	return v
}

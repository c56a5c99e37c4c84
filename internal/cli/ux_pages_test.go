package cli_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/demo"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// inOrder reports the first of want that is missing from page or does not
// come after the one before it ("" when all are there in that order).
func inOrder(page string, want ...string) string {
	at := 0
	for _, w := range want {
		i := strings.Index(page[at:], w)
		if i < 0 {
			return w
		}
		at += i + len(w)
	}
	return ""
}

// TestTaskPageStatusFirst: a task page names its programme (breadcrumb and
// facts) and shows the status and the status form before everything else:
// the task's facts, its description, the checklist and the history.
func TestTaskPageStatusFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), yamlHeader()).
			decode(t, http.StatusCreated, &map[string]any{})
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{{"code": "101", "golive": "2027-03-01", "wave": 1}}, nil).
			decode(t, http.StatusOK, &[]any{})

		pl := newClient(t, base)
		pl.login(t, "pl@kk.dk", testPassword)
		home := pl.get(t, "/?asof=2027-02-05")
		m := regexp.MustCompile(`<a href="(/tasks/\d+)">Indgå databehandleraftale</a>`).FindStringSubmatch(string(home.body))
		if m == nil {
			t.Fatal("the project lead's home page does not link Indgå databehandleraftale")
		}
		r := pl.get(t, m[1])
		r.html(t, http.StatusOK, "Mini-programmet")
		page := string(r.body)
		if miss := inOrder(page, `aria-label="Brødkrumme"`, "Mini-programmet", "København", "Indgå databehandleraftale",
			"<h1>Indgå databehandleraftale", `id="task-status"`, "Skift status", `id="task-status-form"`, "Gem status",
			"Om opgaven", "<dt>Program</dt><dd>Mini-programmet</dd>", "Beskrivelse", "Tjekliste", "Historik"); miss != "" {
			t.Errorf("task page: %q missing or out of order (status form first, then the rest)", miss)
		}
		// The project lead may not open the national overview: the
		// programme is named, not linked.
		if strings.Contains(page, `href="/programmes/mini"`) {
			t.Error("the project lead's task page links the national overview, which she may not open")
		}
		k := newClient(t, base)
		k.login(t, "koordinator@kombit.dk", testPassword)
		k.get(t, m[1]).html(t, http.StatusOK, `<a class="breadcrumbs__link" href="/programmes/mini">Mini-programmet</a>`)
	})
}

// TestCataloguePreviewInWords: the preview of a new catalogue version names
// the changed fields in Danish with their values before and after (never
// the file's keys such as title or end), says how many municipalities'
// dates move and which turn red or yellow, and after publishing the
// catalogue page links the plans the version changed.
func TestCataloguePreviewInWords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServerAt(t, dbURL, func() time.Time { return time.Date(2027, 2, 1, 12, 0, 0, 0, time.UTC) })
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), yamlHeader()).
			decode(t, http.StatusCreated, &map[string]any{})
		// Enrolled long before: the new task's passed deadline turns
		// København red rather than "før tilmelding".
		enrolLongAgo(t, dbURL, "mini", []app.Enrolment{{Code: "101", GoLive: model.NewDate(2027, 3, 1), Wave: 1},
			{Code: "147", GoLive: model.NewDate(2027, 9, 1), Wave: 2}})

		k := newClient(t, base)
		k.login(t, "koordinator@kombit.dk", testPassword)
		v2 := readFile(t, "testdata/mini-v2.yaml")
		r := k.postForm(t, "/programmes/mini/catalogue/preview", url.Values{"filename": {"mini-v2.yaml"}, "source": {string(v2)}})
		r.html(t, http.StatusOK,
			// m-krit's end moves from 20 to 18 working days before go-live.
			"<strong>Tidsplacering:</strong> <span class=\"old\">30 til 20 arbejdsdage før go-live</span>",
			"<span class=\"new\">30 til 18 arbejdsdage før go-live</span>",
			"<strong>Beskrivelse:</strong> <span class=\"old\">Planen beskriver hvem der informeres hvornår.</span>",
			"Ny opgave i alle planer", "Markeres som trukket tilbage i alle planer",
			"Datoer flyttes i <strong>2</strong> kommuner",
			"bliver røde: <strong>1</strong> kommune",
			`<th scope="row">København</th>`, "(bliver rød)", `<th scope="row">Frederiksberg</th>`)
		// The file itself travels in a hidden field to the publish form.
		page := regexp.MustCompile(`(?s)<textarea id="source".*?</textarea>`).ReplaceAllString(string(r.body), "")
		for _, raw := range []string{"title/end", ">end<", ">title<", ">description<", ">checklist<", "m-krit", "golive"} {
			if strings.Contains(page, raw) {
				t.Errorf("the preview shows the raw %q", raw)
			}
		}
		// Only København turns red (its new task's deadline has passed).
		if n := strings.Count(page, "(bliver rød)"); n != 1 {
			t.Errorf("%d municipalities marked as turning red, want 1", n)
		}

		form := url.Values{"filename": {"mini-v2.yaml"}, "source": {string(v2)}}
		pub := k.postForm(t, "/programmes/mini/catalogue/publish", form)
		if pub.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish: %d %s", pub.StatusCode, pub.body)
		}
		cat := k.get(t, pub.Header.Get("Location"))
		cat.html(t, http.StatusOK, "Version 2 ændrede planerne for 2 kommuner",
			`<a href="/programmes/mini/municipalities/101">København</a>`, `<a href="/programmes/mini/municipalities/147">Frederiksberg</a>`)
		for _, l := range regexp.MustCompile(`<details class="latest-publication"[\s\S]*?</details>`).FindAllString(string(cat.body), -1) {
			for _, m := range regexp.MustCompile(`href="([^"]+)"`).FindAllStringSubmatch(l, -1) {
				k.get(t, m[1]).html(t, http.StatusOK)
			}
		}
		// A project lead reads the catalogue but gets no links to other
		// municipalities' plans.
		pl := newClient(t, base)
		pl.login(t, "pl@kk.dk", testPassword)
		if b := pl.get(t, "/programmes/mini/catalogue").body; strings.Contains(string(b), "/municipalities/147") {
			t.Error("the project lead's catalogue page links Frederiksberg's plan")
		}
	})
}

// TestCatalogueSearch: the catalogue's search is a plain GET form, so it
// works without JavaScript: ?q= keeps the matching tasks, says how many,
// and the table names each task's placement in words.
func TestCatalogueSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), yamlHeader()).
			decode(t, http.StatusCreated, &map[string]any{})
		pl := newClient(t, base)
		pl.login(t, "pl@kk.dk", testPassword)
		all := pl.get(t, "/programmes/mini/catalogue")
		all.html(t, http.StatusOK, `role="search"`, `name="q"`, "Indgå databehandleraftale", "Udarbejd kommunikationsplan",
			"30 til 20 arbejdsdage før go-live", "Obligatorisk på kritisk vej")
		if strings.Contains(string(all.body), "fra golive") || strings.Contains(string(all.body), "arbejdsdage fra") {
			t.Error("the catalogue shows a task's placement with the milestone's key")
		}
		r := pl.get(t, "/programmes/mini/catalogue?q=DATABEHANDLER")
		r.html(t, http.StatusOK, "Indgå databehandleraftale", `value="DATABEHANDLER"`, "1 af ", "Vis alle opgaver")
		if strings.Contains(string(r.body), "Udarbejd kommunikationsplan") {
			t.Error("the search for databehandler keeps Udarbejd kommunikationsplan")
		}
		pl.get(t, "/programmes/mini/catalogue?q=findes-ikke").html(t, http.StatusOK, "Ingen opgaver matcher „findes-ikke“")
	})
}

// TestGanttPageInWords: the Gantt page names the programme, its chart
// and table name tasks by title, dependencies by their predecessors'
// titles, and the table comes in one folding section per phase, open where
// work is unfinished.
func TestGanttPageInWords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServerAt(t, dbURL, func() time.Time { return time.Date(2027, 2, 1, 12, 0, 0, 0, time.UTC) })
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), yamlHeader()).
			decode(t, http.StatusCreated, &map[string]any{})
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{{"code": "101", "golive": "2027-03-01", "wave": 1}}, nil).
			decode(t, http.StatusOK, &[]any{})
		pl := newClient(t, base)
		pl.login(t, "pl@kk.dk", testPassword)
		r := pl.get(t, "/programmes/mini/municipalities/101/gantt")
		r.html(t, http.StatusOK, "Gantt-diagram for Mini-programmet", `<details class="gantt-phase" open>`,
			"<summary>Fase 2.1 Planlægning – 0 af ", `<title id="gantt-title">`, `<desc id="gantt-desc">`,
			">Indgå databehandleraftale<", "Vis alle opgaver")
		page := string(r.body)
		for _, raw := range []string{"(m-krit)", ">m-krit<", "m-krit →", "for mini<", "implementeringsplan mini"} {
			if strings.Contains(page, raw) {
				t.Errorf("the Gantt page shows the raw %q", raw)
			}
		}
		pl.get(t, "/programmes/mini/municipalities/101/gantt?alle=ja").html(t, http.StatusOK, "Alle faser vises")
	})
}

// rawOnScreen are strings no page may show its reader: internal
// references, the wave optimiser's jargon, raw scores without their
// meaning, and the catalogue file's keys. ksd alone (not inside a task id
// such as ksd-ps-04) is the programme's key where its name belongs.
var rawOnScreen = []*regexp.Regexp{
	regexp.MustCompile(`seed 0\d\d`), regexp.MustCompile(`§`), regexp.MustCompile(`(^|[^\p{L}])[Ff]rø(et)?([^\p{L}]|$)`),
	regexp.MustCompile(`fra golive`), regexp.MustCompile(`title/end`), regexp.MustCompile(`\bBalance\b`),
	regexp.MustCompile(`(^|[\s(>])ksd([\s.,:;)<]|$)`),
}

var (
	hrefRE      = regexp.MustCompile(`href="(/[^"#]*)"`)
	invisibleRE = regexp.MustCompile(`(?s)<(script|style|textarea|title|desc)\b.*?</(script|style|textarea|title|desc)>`)
	tagRE       = regexp.MustCompile(`(?s)<[^>]*>`)
	digitsRE    = regexp.MustCompile(`\d+`)
)

// visibleText is a page's text as a reader sees it: no markup, attribute
// values, scripts or form fields' contents.
func visibleText(page string) string {
	return html.UnescapeString(tagRE.ReplaceAllString(invisibleRE.ReplaceAllString(page, " "), " "))
}

// TestNoRawKeysOnDemoPages crawls the demo as the central coordinator and
// as a municipal project lead, following every link from the home page
// (up to a few hundred pages), and fails on any internal reference or raw
// key on screen, and on a traffic-light column named anything but Status.
func TestNoRawKeysOnDemoPages(t *testing.T) {
	t.Parallel() // its own server and copy of the demo
	if testing.Short() {
		t.Skip("crawls the demo")
	}
	dbURL := demoDB(t)
	base := startServer(t, dbURL)
	skip := regexp.MustCompile(`\.(xlsx|csv|xml|svg|ics|yaml|json)(\?|$)|^/(logout|static/|api/)|/documents/\d+`)
	for _, email := range []string{"lars.mortensen@kombit.dk", "sofie.norgaard@aarhus.dk"} {
		c := newClient(t, base)
		c.login(t, email, demo.Password)
		seen := map[string]bool{"/": true}
		queue := []string{"/", "/programmes/ksd/waveplan/versions/1"}
		pages := 0
		for n := 0; len(queue) > 0 && n < 250; n++ {
			u := queue[0]
			queue = queue[1:]
			r := c.get(t, u)
			if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
				continue
			}
			pages++
			page := string(r.body)
			text := visibleText(page)
			for _, re := range rawOnScreen {
				if m := re.FindString(text); m != "" {
					i := strings.Index(text, m)
					t.Errorf("%s as %s shows %q: …%s…", u, email, m, strings.Join(strings.Fields(text[max(0, i-60):min(len(text), i+60)]), " "))
				}
			}
			for _, col := range []string{`<th scope="col">Farve</th>`, `<th scope="col">Lys</th>`, `<th scope="col">Trafiklys</th>`} {
				if strings.Contains(page, col) {
					t.Errorf("%s: the traffic-light column is %s, not Status", u, col)
				}
			}
			// One page per pattern: /tasks/12 stands for every task,
			// ?asof=… for every date.
			for _, m := range hrefRE.FindAllStringSubmatch(page, -1) {
				l := html.UnescapeString(m[1])
				p, _, _ := strings.Cut(l, "?")
				key := digitsRE.ReplaceAllString(p, "N")
				if !seen[key] && !skip.MatchString(l) {
					seen[key] = true
					queue = append(queue, l)
				}
			}
		}
		if pages < 30 {
			t.Errorf("the crawl as %s read only %d pages", email, pages)
		}
		t.Logf("%s: %d pages read, %d links left", email, pages, len(queue))
	}
}

// TestContactSettings: serve refuses, at start, a contact e-mail address
// or telephone number that is not one, and an organisation without either.
func TestContactSettings(t *testing.T) {
	db := storetest.SQLiteURL(t)
	mustRun(t, "migrate", "--db", db)
	for _, args := range [][]string{
		{"--contact-email", "ikke en adresse"},
		{"--contact-email", "Navn <a@b.dk>"},
		{"--contact-phone", "ring til os"},
		{"--contact-phone", "12"},
		{"--contact-org", "KOMBIT"},
	} {
		_, err := run(t, append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, args...)...)
		if err == nil || !strings.Contains(err.Error(), "--contact-") {
			t.Errorf("serve %v: %v, want a refusal naming the setting", args, err)
		}
	}
}

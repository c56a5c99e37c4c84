package cli_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/store/storetest"
)

var taskLink = regexp.MustCompile(`<a href="(/tasks/\d+)">([^<]+)</a>`)

// TestHomePagePerRole: every role lands on its own work, and the home page
// and the menu link nothing the user would be refused. A project lead sees
// the municipality's plans with their status in words, the overdue and
// soon-due tasks and no national views; a tovholder the institution's
// tasks, which she may open; central roles each programme's national
// overview, worklist, wave planning and catalogue.
func TestHomePagePerRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), map[string]string{"Content-Type": "application/yaml"}).
			decode(t, http.StatusCreated, &map[string]any{})
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{{"code": "101", "golive": "2027-03-01", "wave": 1}}, nil).
			decode(t, http.StatusOK, &[]any{})
		const asof = "/?asof=2027-02-05"

		pl := newClient(t, base)
		pl.login(t, "pl@kk.dk", testPassword)
		r := pl.get(t, asof)
		r.html(t, http.StatusOK, "Kommunens planer", `<a href="/programmes/mini/municipalities/101">Mini-programmet</a>`,
			"Det skal du tage dig af", "Indgå databehandleraftale", "Rød", "Udarbejd kommunikationsplan", "Uddelegeret til dig")
		page := string(r.body)
		for _, refused := range []string{`href="/hypercare"`, `href="/programmes/mini"`, `href="/programmes/mini/followup"`, `href="/programmes/mini/waveplan"`, `href="/admin/users"`} {
			if strings.Contains(page, refused) {
				t.Errorf("the project lead's home page links %s, which she may not open", refused)
			}
		}
		if strings.Contains(page, "Udpeg superbrugere på skolen") {
			t.Error("the project lead's list of tasks needing her lists a school's task")
		}
		links := taskLink.FindAllStringSubmatch(page, -1)
		if len(links) == 0 {
			t.Fatal("the project lead's home page links no task")
		}
		for _, l := range links {
			pl.get(t, l[1]).html(t, http.StatusOK, "Skift status")
		}

		th := newClient(t, base)
		th.login(t, "th@kk.dk", testPassword)
		r = th.get(t, asof)
		r.html(t, http.StatusOK, "Alle opgaver for ", "Udpeg superbrugere på skolen")
		links = taskLink.FindAllStringSubmatch(string(r.body), -1)
		if len(links) == 0 {
			t.Fatal("the tovholder's home page links no task")
		}
		for _, l := range links {
			th.get(t, l[1]).html(t, http.StatusOK, "Udpeg superbrugere på skolen", "Skift status")
		}
		// The municipality's own task: she reads it but gets no status form, and is told why.
		pr := pl.get(t, asof)
		m := regexp.MustCompile(`<a href="(/tasks/\d+)">Indgå databehandleraftale</a>`).FindStringSubmatch(string(pr.body))
		if m == nil {
			t.Fatal("no link to Indgå databehandleraftale")
		}
		tp := th.get(t, m[1])
		tp.html(t, http.StatusOK, "du kan kun ændre status på din egen institutions opgaver")
		if strings.Contains(string(tp.body), `action="`+m[1]+`/status"`) {
			t.Error("the tovholder is offered a status form for a task she may not change")
		}

		k := newClient(t, base)
		k.login(t, "koordinator@kombit.dk", testPassword)
		k.get(t, asof).html(t, http.StatusOK, `href="/programmes/mini"`, `href="/programmes/mini/followup"`, `href="/programmes/mini/waveplan"`,
			`href="/programmes/mini/catalogue"`, "ret og udgiv", `href="/hypercare"`, "kommuner røde")
		obs := newClient(t, base)
		obs.login(t, "obs@kl.dk", testPassword)
		r = obs.get(t, asof)
		r.html(t, http.StatusOK, `href="/programmes/mini"`, `href="/programmes/mini/catalogue"`)
		if strings.Contains(string(r.body), "ret og udgiv") || strings.Contains(string(r.body), `href="/admin/users"`) {
			t.Error("the observer's home page offers editing or administration")
		}
	})
}

// TestErrorPagesInDanish: refusals and missing pages are Danish pages that
// lead the user back to their own work.
func TestErrorPagesInDanish(t *testing.T) {
	dbURL := storetest.SQLiteURL(t)
	seedMunicipalities(t, dbURL)
	seedUsers(t, dbURL)
	base := startServer(t, dbURL)
	admin := newClient(t, base)
	admin.token = testAdminToken
	admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), map[string]string{"Content-Type": "application/yaml"}).
		decode(t, http.StatusCreated, &map[string]any{})
	admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{{"code": "101", "golive": "2027-03-01", "wave": 1}}, nil).
		decode(t, http.StatusOK, &[]any{})

	pl := newClient(t, base)
	pl.login(t, "pl@kk.dk", testPassword)
	r := pl.get(t, "/programmes/mini")
	r.html(t, http.StatusForbidden, "Du har ikke adgang til siden", `<a href="/">Til din forside</a>`,
		`<a href="/programmes/mini/municipalities/101">Planen for København i Mini-programmet</a>`)
	r = pl.get(t, "/findes-ikke")
	r.html(t, http.StatusNotFound, "Siden findes ikke", `<a href="/">Til din forside</a>`)
	for _, english := range []string{"Forbidden", "Not Found"} {
		for _, path := range []string{"/programmes/mini", "/findes-ikke"} {
			if strings.Contains(string(pl.get(t, path).body), english) {
				t.Errorf("%s says %q", path, english)
			}
		}
	}
	anon := newClient(t, base)
	anon.get(t, "/findes-ikke").html(t, http.StatusNotFound, "Siden findes ikke", `<a href="/login">Log ind</a>`)
}

// TestAccessibilityStatement: the statement is public, linked from every
// page's footer, and has the sections Digitaliseringsstyrelsen prescribes.
func TestAccessibilityStatement(t *testing.T) {
	dbURL := storetest.SQLiteURL(t)
	seedMunicipalities(t, dbURL)
	seedUsers(t, dbURL)
	base := startServer(t, dbURL)
	anon := newClient(t, base)
	anon.get(t, "/login").html(t, http.StatusOK, `<a href="/tilgaengelighed">Tilgængelighedserklæring</a>`)
	anon.get(t, "/tilgaengelighed").html(t, http.StatusOK, "Tilgængelighedserklæring for udrul", "Overensstemmelsesstatus",
		"overholder delvist", "Utilgængeligt indhold", "Udarbejdelse af denne tilgængelighedserklæring", "axe-core",
		"Feedback og kontaktoplysninger", `mailto:admin@kombit.dk`, "Håndhævelsesprocedure", "Digitaliseringsstyrelsen")
}

package cli_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/store/storetest"
)

var (
	previewSource  = regexp.MustCompile(`(?s)<textarea id="source" name="source" hidden readonly>(.*?)</textarea>`)
	previewBasedOn = regexp.MustCompile(`name="based_on" value="(\d+)"`)
)

// TestCatalogueTaskEdit: a coordinator edits one standard task in a form,
// sees what it changes in the plans, publishes, and the municipality's plan
// follows. A bad value comes back on its field; an edit made on a version
// someone has since replaced is refused, never merged; adding and
// withdrawing go the same way; the file can be downloaded and edited whole.
func TestCatalogueTaskEdit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"),
			map[string]string{"Content-Type": "application/yaml"}).decode(t, http.StatusCreated, &map[string]any{})
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{{"code": "101", "golive": "2027-03-01", "wave": 1}}, nil).
			decode(t, http.StatusOK, &[]any{})
		version := func() int {
			var cat struct {
				Version int `json:"version"`
				Tasks   []struct {
					Key   string `json:"key"`
					Title string `json:"title"`
				} `json:"tasks"`
			}
			admin.getJSON(t, "/api/v1/programmes/mini/catalogue", &cat)
			return cat.Version
		}

		k := newClient(t, base)
		k.login(t, "koordinator@kombit.dk", testPassword)
		k.get(t, "/programmes/mini/catalogue").html(t, http.StatusOK, `href="/programmes/mini/catalogue/tasks/m-obl"`, "Tilføj en opgave", "Hent katalogfilen")
		k.get(t, "/programmes/mini/catalogue/tasks/m-obl").html(t, http.StatusOK, "Rediger standardopgave: Udarbejd kommunikationsplan",
			`value="Udarbejd kommunikationsplan"`, `name="based_on" value="1"`, `<option value="2.1" selected>`)

		form := func(title, start, end string) url.Values {
			return url.Values{"based_on": {"1"}, "action": {"preview"}, "title": {title}, "description": {"Planen beskriver **hvem** der informeres hvornår.\r\n\r\n- og hvordan\r\n- og <i>hvorfor</i>"},
				"theme": {"forandringsledelse"}, "main_task": {"5"}, "phase": {"2.1"}, "type": {"obligatorisk"}, "level": {"kommune"},
				"responsible": {"Kommunen"}, "executor": {"Projektleder"}, "milestone": {"golive"}, "start": {start}, "end": {end}, "unit": {"arbejdsdage"}}
		}

		// A value that is not a number is named on its field; nothing is stored.
		bad := k.postForm(t, "/programmes/mini/catalogue/tasks/m-obl", form("Udarbejd kommunikationsplan", "tre uger før", "-10"))
		bad.html(t, http.StatusUnprocessableEntity, "Intet er gemt", `id="start-fejl"`, "skal være et helt tal", `value="tre uger før"`, `aria-invalid="true"`)
		if v := version(); v != 1 {
			t.Fatalf("a refused edit made version %d", v)
		}

		// A good edit is previewed, then published from the preview.
		prev := k.postForm(t, "/programmes/mini/catalogue/tasks/m-obl", form("Udarbejd og godkend kommunikationsplan", "-25", "-12"))
		prev.html(t, http.StatusOK, "Udgiv version 2", "din ændring af opgaven „Udarbejd og godkend kommunikationsplan“", "Ændret", `<th scope="row">København</th>`)
		if v := version(); v != 1 {
			t.Fatalf("a preview made version %d", v)
		}
		src, based := previewSource.FindSubmatch(prev.body), previewBasedOn.FindSubmatch(prev.body)
		if src == nil || based == nil || string(based[1]) != "1" {
			t.Fatalf("preview has no source or based_on:\n%s", prev.body)
		}
		publish := url.Values{"filename": {"mini.yaml"}, "source": {html.UnescapeString(string(src[1]))}, "based_on": {"1"}}
		status, loc := k.form(t, "/programmes/mini/catalogue/publish", publish)
		if status != http.StatusSeeOther || !jobPath.MatchString(loc) {
			t.Fatalf("publish: %d %s", status, loc)
		}
		if j := finishedJob(t, k, loc); j.State != "faerdig" {
			t.Fatalf("publication job %+v", j)
		}
		if v := version(); v != 2 {
			t.Fatalf("after publishing the catalogue is at version %d", v)
		}
		pl := newClient(t, base)
		pl.login(t, "pl@kk.dk", testPassword)
		pl.get(t, "/programmes/mini/municipalities/101").html(t, http.StatusOK, "Udarbejd og godkend kommunikationsplan")
		// The task page shows the description's Markdown as HTML, and HTML in it as text.
		var plan struct {
			Tasks []struct {
				ID  int64  `json:"id"`
				Key string `json:"key"`
			} `json:"tasks"`
		}
		admin.getJSON(t, "/api/v1/programmes/mini/municipalities/101/tasks", &plan)
		for _, x := range plan.Tasks {
			if x.Key == "m-obl" {
				pl.get(t, fmt.Sprintf("/tasks/%d", x.ID)).html(t, http.StatusOK, "Planen beskriver <strong>hvem</strong> der informeres hvornår.",
					"<li>og hvordan</li>", "<li>og &lt;i&gt;hvorfor&lt;/i&gt;</li>", `2.1 Planlægning</a> / <a href="/programmes/mini/model#tema-forandringsledelse">Forandringsledelse</a>`)
			}
		}
		yaml := k.get(t, "/programmes/mini/catalogue.yaml")
		if yaml.StatusCode != http.StatusOK || !strings.Contains(yaml.Header.Get("Content-Disposition"), `filename="mini-v2.yaml"`) ||
			!strings.Contains(string(yaml.body), "title: Udarbejd og godkend kommunikationsplan") || !strings.Contains(string(yaml.body), "end: -12") {
			t.Errorf("download: %d %s\n%s", yaml.StatusCode, yaml.Header.Get("Content-Disposition"), yaml.body)
		}

		// The same form again is based on version 1, which is gone: refused,
		// and publishing the old preview is refused too.
		stale := k.postForm(t, "/programmes/mini/catalogue/tasks/m-obl", form("Noget tredje", "-25", "-12"))
		stale.html(t, http.StatusConflict, "udgivet i version 2, siden du åbnede formularen på version 1", `value="Noget tredje"`)
		status, loc = k.form(t, "/programmes/mini/catalogue/publish", publish)
		if status != http.StatusConflict || !strings.Contains(loc, `class="alert alert-error`) {
			t.Errorf("publishing a stale preview: %d %.300s, want the catalogue page again with the refusal", status, loc)
		}
		if v := version(); v != 2 {
			t.Fatalf("a stale edit made version %d", v)
		}

		// A new task: a used key is refused on the key field; a new one is previewed.
		nf := form("Afhold opstartsmøde", "-40", "-38")
		nf.Set("based_on", "2")
		nf.Set("task_key", "m-krit")
		k.postForm(t, "/programmes/mini/catalogue/ny-opgave", nf).html(t, http.StatusUnprocessableEntity, `id="key-fejl"`, "er allerede brugt")
		nf.Set("task_key", "m-start")
		nf.Set("depends_on", "m-krit:SS+2\r\nfindes-ikke")
		k.postForm(t, "/programmes/mini/catalogue/ny-opgave", nf).html(t, http.StatusUnprocessableEntity, `id="depends_on-fejl"`, "findes-ikke")
		nf.Set("depends_on", "m-krit:SS+2")
		k.postForm(t, "/programmes/mini/catalogue/ny-opgave", nf).html(t, http.StatusOK, "Udgiv version 3", "m-start", "Ny")

		// Withdrawing is previewed like any change.
		k.postForm(t, "/programmes/mini/catalogue/tasks/m-valg", url.Values{"based_on": {"2"}, "action": {"withdraw"}}).
			html(t, http.StatusOK, "trække opgaven „Overvej tilkøb af uddannelse“ tilbage", "Trukket tilbage", "Udgiv version 3")

		// The whole file in a text area posts to the same preview.
		k.get(t, "/programmes/mini/catalogue/source").html(t, http.StatusOK, "Rediger katalogfilen", `name="based_on" value="2"`, "m-obl")
		if v := version(); v != 2 {
			t.Fatalf("previews made version %d", v)
		}

		// A project lead may read the catalogue, not edit it.
		if r := pl.get(t, "/programmes/mini/catalogue/tasks/m-obl"); r.StatusCode != http.StatusForbidden {
			t.Errorf("project lead on the edit form: %d, want 403", r.StatusCode)
		}
		if r := pl.get(t, "/programmes/mini/catalogue.yaml"); r.StatusCode != http.StatusOK {
			t.Errorf("project lead downloading the catalogue: %d", r.StatusCode)
		}
	})
}

package cli_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

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

package cli_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/store/storetest"
)

// TestCataloguePage: a coordinator uploads a new catalogue version in the
// browser, sees the change summary before anything is stored, and publishes
// it; the plan follows. A broken file is refused with its line and field and
// a project lead may not publish.
func TestCataloguePage(t *testing.T) {
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

		k := newClient(t, base)
		k.login(t, "koordinator@kombit.dk", testPassword)
		k.get(t, "/programmes/mini/catalogue").html(t, http.StatusOK, "Vis ændringerne", `enctype="multipart/form-data"`)

		upload := func(c *client, action string, data []byte) response {
			t.Helper()
			return c.upload(t, "/programmes/mini/catalogue/"+action, "mini-v2.yaml", data)
		}
		v2 := readFile(t, "testdata/mini-v2.yaml")
		prev := upload(k, "preview", v2)
		prev.html(t, http.StatusOK, "Udgiv version 2", `<th scope="row">København</th>`)
		// The preview stored nothing.
		var cat struct {
			Version int `json:"version"`
		}
		admin.getJSON(t, "/api/v1/programmes/mini/catalogue", &cat)
		if cat.Version != 1 {
			t.Fatalf("after preview the catalogue is at version %d, want 1", cat.Version)
		}

		bad := upload(k, "preview", []byte(strings.Replace(string(v2), "type:", "tpye:", 1)))
		bad.html(t, http.StatusUnprocessableEntity, "Intet er gemt", "tpye")

		// Publishing posts the previewed text back as a form field.
		form := url.Values{"csrf": {k.csrf(t)}, "filename": {"mini-v2.yaml"}, "source": {string(v2)}}
		r := k.do(t, "POST", "/programmes/mini/catalogue/publish", []byte(form.Encode()), formHeader(k))
		if r.StatusCode != http.StatusSeeOther || !jobPath.MatchString(r.Header.Get("Location")) {
			t.Fatalf("publish: %d %s %s", r.StatusCode, r.Header.Get("Location"), r.body)
		}
		finishedJob(t, k, r.Header.Get("Location"))
		admin.getJSON(t, "/api/v1/programmes/mini/catalogue", &cat)
		if cat.Version != 2 {
			t.Fatalf("after publish the catalogue is at version %d, want 2", cat.Version)
		}
		k.get(t, r.Header.Get("Location")).html(t, http.StatusOK, "Version 2 er udgivet")

		pl := newClient(t, base)
		pl.login(t, "pl@kk.dk", testPassword)
		if r := upload(pl, "publish", v2); r.StatusCode != http.StatusForbidden {
			t.Errorf("project lead publishing: %d, want 403", r.StatusCode)
		}
	})
}

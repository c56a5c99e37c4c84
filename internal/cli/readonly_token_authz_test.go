package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/store/storetest"
	"github.com/udrul/udrul/internal/web"
)

// TestReadOnlyTokenAuthz: a token made read-only on /konto reads what its
// owner may read, and every API route that is not GET – all of them, from
// the route table – answers 403 with it, while a read-and-write token of
// the same user changes a task.
func TestReadOnlyTokenAuthz(t *testing.T) {
	dbURL := storetest.SQLiteURL(t)
	seedMunicipalities(t, dbURL)
	seedUsers(t, dbURL)
	mustRun(t, "import", "--db", dbURL, "testdata/mini-v1.yaml")
	mustRun(t, "enrol", "--db", dbURL, "--programme", "mini", writeFile(t, "enrol.csv", "code,golive,wave\n101,2027-03-01,1\n"))
	base := startServer(t, dbURL)

	pl := newClient(t, base)
	pl.login(t, "pl@kk.dk", testPassword)
	pl.get(t, "/konto").html(t, http.StatusOK, `name="scope" value="read" checked`, "Kun læse")
	token := func(scope string) string {
		form := url.Values{"csrf": {pl.csrf(t)}, "name": {"Script " + scope}, "scope": {scope}}
		r := pl.do(t, "POST", "/konto/tokens", []byte(form.Encode()), formHeader(pl))
		m := regexp.MustCompile(`udrul_pat_[A-Za-z0-9_-]{43}`).Find(r.body)
		if r.StatusCode != http.StatusOK || m == nil {
			t.Fatalf("creating a %s token: %d\n%s", scope, r.StatusCode, r.body)
		}
		return string(m)
	}
	form := url.Values{"csrf": {pl.csrf(t)}, "name": {"Uden valg"}}
	if r := pl.do(t, "POST", "/konto/tokens", []byte(form.Encode()), formHeader(pl)); r.StatusCode == http.StatusOK || regexp.MustCompile(`udrul_pat_`).Match(r.body) {
		t.Errorf("a token without a chosen scope was made: %d", r.StatusCode)
	}
	ro := newClient(t, base)
	ro.token = token("read")
	rw := newClient(t, base)
	rw.token = token("write")
	pl.get(t, "/konto").html(t, http.StatusOK, "Kun læse", "Læse og ændre")

	// It reads.
	var tasks struct {
		Tasks []task `json:"tasks"`
	}
	ro.getJSON(t, "/api/v1/programmes/mini/municipalities/101/tasks?asof=2027-02-01", &tasks)
	if len(tasks.Tasks) == 0 {
		t.Fatal("a read-only token reads no tasks")
	}
	x := tasks.Tasks[0]

	// Every write is refused, whatever the route.
	values := map[string]string{"key": "mini", "code": "101", "id": fmt.Sprint(x.ID)}
	param := regexp.MustCompile(`\{([a-z]+)\.?\.?\.?\}`)
	n := 0
	for _, rt := range web.Routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if method == "GET" || method == "HEAD" || !strings.HasPrefix(path, "/api/") {
			continue
		}
		path = param.ReplaceAllStringFunc(path, func(p string) string {
			if v, ok := values[param.FindStringSubmatch(p)[1]]; ok {
				return v
			}
			return "1"
		})
		r := ro.do(t, method, path, []byte("{}"), map[string]string{"Content-Type": "application/json"})
		if r.StatusCode != http.StatusForbidden || !strings.Contains(string(r.body), "API-nøglen må kun læse") {
			t.Errorf("%s %s with a read-only token: %d %s", method, path, r.StatusCode, r.body)
		}
		n++
	}
	if n < 20 {
		t.Errorf("only %d write routes under /api/ checked", n)
	}
	if d := getTaskVersion(t, ro, x.ID); d != x.Version {
		t.Errorf("the task changed under a read-only token: version %d → %d", x.Version, d)
	}

	// The same user's read-and-write token changes the task.
	body := fmt.Sprintf(`{"status":"paabegyndt","comment":"","version":%d}`, x.Version)
	rw.do(t, "PUT", fmt.Sprintf("/api/v1/tasks/%d/status", x.ID), []byte(body), map[string]string{"Content-Type": "application/json"}).
		decode(t, http.StatusOK, &map[string]any{})
}

func getTaskVersion(t *testing.T, c *client, id int64) int {
	t.Helper()
	var d struct {
		Version int `json:"version"`
	}
	c.getJSON(t, fmt.Sprintf("/api/v1/tasks/%d", id), &d)
	return d.Version
}

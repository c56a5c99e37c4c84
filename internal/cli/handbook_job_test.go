package cli_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// TestHandbookJob makes every enrolled municipality's handbook as one job
// through the real server on both databases: the coordinator starts it
// from the programme's overview, the job's page shows the result with a
// zip file and each municipality's PDF, read back with pdftotext; the API
// starts one too (202, then the job's result, answers checked against
// openapi.json), a newer job replaces the older one's PDFs, a programme
// that does not exist or has nobody enrolled is refused naming the field
// key, and a project lead may neither start one nor fetch the PDFs.
func TestHandbookJob(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/parat/catalogue", readFile(t, "testdata/readiness.yaml"), yamlHeader()).decode(t, http.StatusCreated, &map[string]any{})
		now, _ := model.ParseDate(today())
		golive := calendar.Danish().OnOrBefore(now.AddMonths(3))
		admin.sendJSON(t, "POST", "/api/v1/programmes/parat/enrolments", []map[string]any{
			{"code": "101", "golive": golive.String(), "wave": 1}, {"code": "147", "golive": golive.String(), "wave": 1}}, nil).
			decode(t, http.StatusOK, &[]any{})

		// The coordinator, from the overview.
		k := newClient(t, base)
		k.login(t, "koordinator@kombit.dk", testPassword)
		k.get(t, "/programmes/parat").html(t, http.StatusOK, "Implementeringshåndbøger", `action="/programmes/parat/haandboeger"`, "Lav alle kommuners håndbøger")
		status, loc := k.form(t, "/programmes/parat/haandboeger", url.Values{})
		if status != http.StatusSeeOther || !jobPath.MatchString(loc) {
			t.Fatalf("handbooks form: %d %s", status, loc)
		}
		j := finishedJob(t, k, loc)
		if j.State != "faerdig" || j.Percent != 100 || j.Result["made"] != 2.0 || j.Result["failed"] != 0.0 {
			t.Fatalf("handbook job %+v", j)
		}
		page := k.get(t, loc)
		page.html(t, http.StatusOK, "Implementeringshåndbøger for alle kommuner", "2 af 2 kommuners implementeringshåndbøger",
			loc+"/haandboeger.zip", loc+"/haandboeger/101", loc+"/haandboeger/147", "Hent Frederiksbergs håndbog")
		if strings.Contains(string(page.body), `hx-trigger="every 1s"`) {
			t.Error("a finished job's page still refreshes")
		}
		k.get(t, "/programmes/parat").html(t, http.StatusOK, `href="`+loc+`"`)

		// The zip: one PDF per municipality, each a handbook a reader reads.
		zr := k.get(t, loc+"/haandboeger.zip")
		if zr.StatusCode != http.StatusOK || zr.Header.Get("Content-Type") != "application/zip" {
			t.Fatalf("zip: %d %v", zr.StatusCode, zr.Header)
		}
		files := unzipAll(t, zr.body)
		if len(files) != 2 || files["haandbog-parat-101-v1.pdf"] == nil || files["haandbog-parat-147-v1.pdf"] == nil {
			t.Fatalf("zip holds %v", keysOf(files))
		}
		text := pdfText(t, files["haandbog-parat-147-v1.pdf"])
		for _, want := range []string{"Implementeringshåndbog for\nFrederiksberg", "Frederiksberg · Parat-programmet · Version 1", "Side 2 af"} {
			if !strings.Contains(text, want) {
				t.Errorf("Frederiksberg's PDF from the zip lacks %q:\n%.2000s", want, text)
			}
		}
		one := k.get(t, loc+"/haandboeger/101")
		if one.StatusCode != http.StatusOK || one.Header.Get("Content-Type") != "application/pdf" ||
			!strings.Contains(pdfText(t, one.body), "København · Parat-programmet · Version 1") {
			t.Errorf("København's PDF: %d %v", one.StatusCode, one.Header)
		}
		if r := k.get(t, loc+"/haandboeger/151"); r.StatusCode != http.StatusNotFound {
			t.Errorf("a municipality not in the job: %d", r.StatusCode)
		}

		// The API: 202 at once, then the result; the zip from the API.
		var queued jobResult
		h := map[string]string{"Prefer": "respond-async"}
		r := admin.do(t, "POST", "/api/v1/programmes/parat/handbooks", nil, h)
		r.decode(t, http.StatusAccepted, &queued)
		if r.Header.Get("Location") != fmt.Sprintf("/api/v1/jobs/%d", queued.ID) {
			t.Fatalf("202 Location %q", r.Header.Get("Location"))
		}
		second := finishedJob(t, admin, queued.Page)
		ms, _ := second.Result["municipalities"].([]any)
		if second.State != "faerdig" || len(ms) != 2 || ms[0].(map[string]any)["name"] != "Frederiksberg" || ms[1].(map[string]any)["size"].(float64) < 1000 {
			t.Fatalf("API job %+v", second)
		}
		az := admin.get(t, fmt.Sprintf("/api/v1/jobs/%d/handbooks.zip", second.ID))
		if az.StatusCode != http.StatusOK || len(unzipAll(t, az.body)) != 2 {
			t.Fatalf("API zip: %d", az.StatusCode)
		}
		// The newer job replaced the first one's PDFs.
		if r := k.get(t, loc+"/haandboeger.zip"); r.StatusCode != http.StatusNotFound {
			t.Errorf("the first job's zip after a second job: %d", r.StatusCode)
		}
		// Without Prefer the API waits for the (quick) job: 200 with its result.
		var res struct {
			Made           int `json:"made"`
			Municipalities []struct {
				Code    string `json:"code"`
				Version int    `json:"version"`
			} `json:"municipalities"`
		}
		admin.do(t, "POST", "/api/v1/programmes/parat/handbooks", nil, nil).decode(t, http.StatusOK, &res)
		if res.Made != 2 || res.Municipalities[1].Code != "101" || res.Municipalities[1].Version != 1 {
			t.Errorf("synchronous answer %+v", res)
		}

		// Bad input: nothing queued, the field named.
		admin.do(t, "POST", "/api/v1/programmes/findesikke/handbooks", nil, nil).problem(t, http.StatusNotFound, "key")
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), yamlHeader()).decode(t, http.StatusCreated, &map[string]any{})
		admin.do(t, "POST", "/api/v1/programmes/mini/handbooks", nil, nil).problem(t, http.StatusUnprocessableEntity, "key")
		k.postForm(t, "/programmes/mini/haandboeger", url.Values{}).html(t, http.StatusUnprocessableEntity, "Ingen kommuner er tilmeldt programmet")

		// A project lead may neither start one nor fetch the PDFs.
		pl := newClient(t, base)
		pl.login(t, "pl@kk.dk", testPassword)
		if r := pl.postForm(t, "/programmes/parat/haandboeger", url.Values{}); r.StatusCode != http.StatusForbidden {
			t.Errorf("project lead starting the job: %d", r.StatusCode)
		}
		if r := pl.get(t, queued.Page+"/haandboeger/101"); r.StatusCode != http.StatusForbidden {
			t.Errorf("project lead fetching a PDF: %d", r.StatusCode)
		}
	})
}

func unzipAll(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip file: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func keysOf[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// pdfText is a PDF's text as poppler's pdftotext reads it.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (Debian package poppler-utils) is not installed")
	}
	f := filepath.Join(t.TempDir(), "haandbog.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", f, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

package cli_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/internal/store/storetest"
)

// TestCatalogueXLSXRoundTripServer: the catalogue page links the
// catalogue's workbook for every signed-in user; the download, imported
// again unchanged through the API (dry run and for real), the catalogue
// page's upload or the CLI, publishes nothing, and a changed cell is
// exactly that change. The catalogue's JSON lists each task's depends_on.
func TestCatalogueXLSXRoundTripServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		ksd := "../../data/catalogues/ksd.yaml"
		mustRun(t, "import", "--db", dbURL, ksd)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken

		// depends_on in the catalogue's JSON: as many tasks as the file has.
		var cat struct {
			Version int `json:"version"`
			Tasks   []struct {
				Key       string `json:"key"`
				DependsOn []struct {
					Task string `json:"task"`
					Type string `json:"type"`
				} `json:"depends_on"`
			} `json:"tasks"`
		}
		admin.getJSON(t, "/api/v1/programmes/ksd/catalogue", &cat)
		withDeps := 0
		for _, task := range cat.Tasks {
			if len(task.DependsOn) > 0 {
				withDeps++
			}
		}
		src, _ := os.ReadFile(ksd)
		if want := strings.Count(string(src), "depends_on:"); withDeps != want || want == 0 {
			t.Errorf("the catalogue's JSON has %d tasks with depends_on, the file %d", withDeps, want)
		}

		// Every signed-in user gets the link and the workbook.
		staff := newClient(t, base)
		staff.login(t, "pl@kk.dk", testPassword)
		staff.get(t, "/programmes/ksd/catalogue").html(t, http.StatusOK, `href="/api/v1/programmes/ksd/catalogue.xlsx"`, "Hent kataloget som Excel-fil")
		r := staff.get(t, "/api/v1/programmes/ksd/catalogue.xlsx")
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
			!strings.Contains(r.Header.Get("Content-Disposition"), `filename="ksd-v1.xlsx"`) {
			t.Fatalf("download: %d %q %q", r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"))
		}
		book := r.body

		xlsxHeader := map[string]string{"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
		type result struct {
			Version   int  `json:"version"`
			Unchanged bool `json:"unchanged"`
			Changes   []struct {
				Key    string   `json:"key"`
				Fields []string `json:"fields"`
			} `json:"changes"`
		}
		for _, q := range []string{"?dry_run=true", ""} {
			var res result
			admin.do(t, "POST", "/api/v1/programmes/ksd/catalogue.xlsx"+q, book, xlsxHeader).decode(t, http.StatusOK, &res)
			if !res.Unchanged || res.Version != 1 || len(res.Changes) != 0 {
				t.Errorf("the unchanged workbook%s: %+v, want unchanged at version 1", q, res)
			}
		}

		// One changed cell: that change, nothing else.
		f, err := excelize.OpenReader(bytes.NewReader(book))
		if err != nil {
			t.Fatal(err)
		}
		second, _ := f.GetCellValue("Opgaver", "A3")
		f.SetCellValue("Opgaver", "F3", -1) // Slut
		var changed bytes.Buffer
		f.WriteTo(&changed)
		var res result
		admin.do(t, "POST", "/api/v1/programmes/ksd/catalogue.xlsx?dry_run=true", changed.Bytes(), xlsxHeader).decode(t, http.StatusOK, &res)
		if res.Unchanged || len(res.Changes) != 1 || res.Changes[0].Key != second || !slices.Equal(res.Changes[0].Fields, []string{"end"}) {
			t.Errorf("one changed cell: %+v, want only %s's end", res, second)
		}

		// Another programme's workbook is refused naming the sheet.
		f.SetCellValue("Program", "B2", "samarbejdsplatformen")
		var other bytes.Buffer
		f.WriteTo(&other)
		p := admin.do(t, "POST", "/api/v1/programmes/ksd/catalogue.xlsx?dry_run=true", other.Bytes(), xlsxHeader).problem(t, http.StatusUnprocessableEntity, "-")
		if len(p.Problems) != 1 || p.Problems[0].Sheet != "Program" || !strings.Contains(p.Problems[0].Message, `programmet "samarbejdsplatformen", ikke "ksd"`) {
			t.Errorf("another programme's workbook: %+v", p.Problems)
		}

		// The catalogue page's upload takes the workbook: no changes.
		k := newClient(t, base)
		k.login(t, "koordinator@kombit.dk", testPassword)
		upload := func(data []byte) response {
			return k.upload(t, "/programmes/ksd/catalogue/preview", "ksd-v1.xlsx", data)
		}
		upload(book).html(t, http.StatusOK, "Forhåndsvisning: ksd-v1.yaml", "Der er intet at udgive")
		upload(other.Bytes()).html(t, http.StatusUnprocessableEntity, "Intet er gemt", "Ark Program, række 2, kolonne Værdi: regnearket er kataloget for programmet")

		// The CLI: export, import --dry-run and import publish nothing.
		file := filepath.Join(t.TempDir(), "ksd.xlsx")
		mustRun(t, "export-catalogue", "--db", dbURL, "--programme", "ksd", file)
		for _, args := range [][]string{{"--dry-run"}, {}} {
			out := mustRun(t, append(append([]string{"import"}, args...), "--db", dbURL, "--programme", "ksd", file)...)
			if !strings.Contains(out, "no changes; programme ksd stays at version 1") {
				t.Errorf("import %v of the exported workbook says:\n%s", args, out)
			}
		}
		if _, err := run(t, "import", "--db", dbURL, file); err == nil || !strings.Contains(err.Error(), "--programme") {
			t.Errorf("import of a workbook without --programme: %v", err)
		}
	})
}

// upload posts a form with data as its file field named name, as a
// browser's file input sends it.
func (c *client) upload(t *testing.T, path, name string, data []byte) response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.csrf(t))
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	h := formHeader(c)
	h["Content-Type"] = mw.FormDataContentType()
	return c.do(t, "POST", path, buf.Bytes(), h)
}

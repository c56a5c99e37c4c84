package cli_test

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// TestImportDryRun: every catalogue import – the CLI, the API's YAML and
// its spreadsheet – can be tried first: it says what it would publish and
// writes nothing; a bad dry_run value is refused naming it.
func TestImportDryRun(t *testing.T) {
	dbURL := storetest.SQLiteURL(t)
	seedMunicipalities(t, dbURL)
	seedUsers(t, dbURL)
	mustRun(t, "import", "--db", dbURL, "testdata/mini-v1.yaml")
	now, _ := model.ParseDate(today())
	mustRun(t, "enrol", "--db", dbURL, "--programme", "mini",
		writeFile(t, "enrol.csv", "code,golive,wave\n101,"+clearGoLive(now.AddDays(90)).String()+",1\n"))

	out := mustRun(t, "import", "--dry-run", "--db", dbURL, "testdata/mini-v2.yaml")
	if !strings.Contains(out, "would publish programme mini version 2") || !strings.Contains(out, "nothing was written") || !strings.Contains(out, "m-krit") {
		t.Errorf("import --dry-run says:\n%s", out)
	}

	c := newClient(t, startServer(t, dbURL))
	c.token = testAdminToken
	version := func() int {
		var cat struct {
			Version int `json:"version"`
		}
		c.getJSON(t, "/api/v1/programmes/mini/catalogue", &cat)
		return cat.Version
	}
	if v := version(); v != 1 {
		t.Fatalf("after the CLI's dry run the catalogue is at version %d, want 1", v)
	}

	var res struct {
		Version   int  `json:"version"`
		Unchanged bool `json:"unchanged"`
		Changes   []struct {
			Key string `json:"key"`
		} `json:"changes"`
		Municipalities []struct {
			Code string `json:"code"`
		} `json:"municipalities"`
	}
	c.do(t, "POST", "/api/v1/programmes/mini/catalogue?dry_run=true", readFile(t, "testdata/mini-v2.yaml"), yamlHeader()).decode(t, http.StatusOK, &res)
	if res.Version != 2 || len(res.Changes) == 0 || len(res.Municipalities) != 1 || res.Municipalities[0].Code != "101" {
		t.Errorf("API dry run: %+v, want version 2's changes in København's plan", res)
	}
	if v := version(); v != 1 {
		t.Fatalf("after the API's dry run the catalogue is at version %d, want 1", v)
	}
	c.do(t, "POST", "/api/v1/programmes/mini/catalogue?dry_run=kanske", readFile(t, "testdata/mini-v2.yaml"), yamlHeader()).problem(t, http.StatusBadRequest, "dry_run")

	// A spreadsheet in the import's layout, tried as a dry run.
	f := excelize.NewFile()
	for i, row := range [][]any{
		{"ID", "Opgave", "Ansvarlig", "Udfører", "Start", "Slut", "Type", "Tema", "Fase", "Hovedopgave"},
		{"m-ark", "Opgave fra regnearket", "Kommunen", "Projektleder", -10, -5, "obligatorisk", "projektstyring", "2.1", 2},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &row)
	}
	var sheet bytes.Buffer
	if err := f.Write(&sheet); err != nil {
		t.Fatal(err)
	}
	res.Changes = nil
	c.do(t, "POST", "/api/v1/programmes/mini/catalogue.xlsx?dry_run=true", sheet.Bytes(),
		map[string]string{"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}).decode(t, http.StatusOK, &res)
	if res.Version != 2 || !slices.ContainsFunc(res.Changes, func(x struct {
		Key string `json:"key"`
	}) bool {
		return x.Key == "m-ark"
	}) {
		t.Errorf("spreadsheet dry run: %+v, want version 2 adding m-ark", res)
	}
	if v := version(); v != 1 {
		t.Fatalf("after the spreadsheet's dry run the catalogue is at version %d, want 1", v)
	}
}

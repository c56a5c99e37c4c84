package export_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/internal/export"
	"github.com/udrul/udrul/internal/readiness"
	"github.com/udrul/udrul/internal/risk"
)

// TestWorkbooksShareOneSetup: every workbook udrul writes has, on every
// sheet, the header row frozen, an autofilter over the table, column widths
// fitted to the contents, and a print setup of A4 landscape, one page wide,
// the header row repeated – read back with excelize and with LibreOffice.
func TestWorkbooksShareOneSetup(t *testing.T) {
	p := samplePlan()
	for i := range p.Tasks {
		p.Tasks[i].PhaseName, p.Tasks[i].ThemeName = "Klargøring", "Konfigurering"
	}
	plan, err := export.PlanXLSX(p, deps)
	if err != nil {
		t.Fatal(err)
	}
	ov, err := export.OverviewXLSX(overview(2, 3), deps)
	if err != nil {
		t.Fatal(err)
	}
	rd, err := export.ReadinessXLSX("København – KSD", 5, []export.ReadinessGroup{{Round: readiness.Baseline, Group: "Ledere", Result: readiness.Result{Hidden: true}}})
	if err != nil {
		t.Fatal(err)
	}
	rk, err := export.RiskXLSX("Københavns register – KSD", d("2027-01-05"), []export.RiskRow{{Register: "København", Risk: risk.Risk{ID: "R-1", Description: "Nøglemedarbejder stopper",
		Registered: d("2027-01-04"), Probability: 3, Consequence: 4, NextReview: d("2027-02-01")}}})
	if err != nil {
		t.Fatal(err)
	}
	books := []struct {
		name   string
		data   []byte
		sheets []string
	}{
		{"plan", plan, []string{"Plan", "Oplysninger"}},
		{"overview", ov, []string{"Kommuner", "Opgaver", "Oplysninger"}},
		{"readiness", rd, []string{"Resultater", "Oplysninger"}},
		{"risks", rk, []string{"Risici", "Oplysninger"}},
	}
	var fods string
	for _, b := range books {
		t.Run(b.name, func(t *testing.T) {
			out := checkSetup(t, b.data, b.sheets)
			if b.name == "plan" {
				fods = out
			}
		})
	}

	// The plan's own content: names, not keys; real dates on every sheet.
	f, err := excelize.OpenReader(bytes.NewReader(plan))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue("Plan", "C2"); v != "2.1 Klargøring" {
		t.Errorf("phase shown as %q, want its number and name", v)
	}
	if v, _ := f.GetCellValue("Plan", "D2"); v != "Konfigurering" {
		t.Errorf("theme shown as %q, want its name", v)
	}
	for cell, want := range map[string]string{"B4": "01.03.2027", "B5": "01.02.2027", "B6": "01.02.2027 12:00"} {
		v, _ := f.GetCellValue("Oplysninger", cell)
		raw, _ := f.GetCellValue("Oplysninger", cell, excelize.Options{RawCellValue: true})
		if _, err := strconv.ParseFloat(raw, 64); v != want || err != nil {
			t.Errorf("Oplysninger %s shows %q (stored %q), want the date %s stored as a date", cell, v, raw, want)
		}
	}

	if fods == "" {
		return // LibreOffice is not installed; the subtest said so
	}
	for _, want := range []string{`office:date-value="2027-03-01"`, `office:date-value="2027-02-01T12:00:00"`} {
		if !strings.Contains(fods, want) {
			t.Errorf("LibreOffice does not read the Oplysninger sheet's dates as dates: no %s", want)
		}
	}
}

var colMin = regexp.MustCompile(`<col min="(\d+)"`)

// checkSetup checks a workbook and returns LibreOffice's flat ODS of it.
func checkSetup(t *testing.T, data []byte, sheets []string) string {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); !slices.Equal(got, sheets) {
		t.Fatalf("sheets %q, want %q", got, sheets)
		return ""
	}
	names := map[string]string{}
	for _, n := range f.GetDefinedName() {
		names[n.Scope+" "+n.Name] = n.RefersTo
	}
	for _, sh := range sheets {
		if p, err := f.GetPanes(sh); err != nil || !p.Freeze || p.YSplit != 1 || p.XSplit != 0 {
			t.Errorf("%s: panes %+v %v, want the header row frozen", sh, p, err)
		}
		if l, err := f.GetPageLayout(sh); err != nil || *l.Orientation != "landscape" || *l.FitToWidth != 1 || *l.FitToHeight != 0 || *l.Size != 9 {
			t.Errorf("%s: page layout %+v %v, want A4 landscape one page wide", sh, l, err)
		}
		if pr, err := f.GetSheetProps(sh); err != nil || pr.FitToPage == nil || !*pr.FitToPage {
			t.Errorf("%s: fit to page not set (%v)", sh, err)
		}
		if r := names[sh+" _xlnm.Print_Titles"]; r != "'"+sh+"'!$1:$1" {
			t.Errorf("%s: print titles %q, want the header row", sh, r)
		}
		rows, _ := f.GetRows(sh)
		last, _ := excelize.CoordinatesToCellName(len(rows[0]), len(rows))
		// A streamed sheet does not know its length before its filter is
		// set, so it may filter the sheet's whole height instead.
		lastCol, _ := excelize.ColumnNumberToName(len(rows[0]))
		whole := "'" + sh + "'!A1:" + lastCol + strconv.Itoa(excelize.TotalRows)
		if r := strings.ReplaceAll(names[sh+" _xlnm._FilterDatabase"], "$", ""); r != "'"+sh+"'!A1:"+last && r != whole {
			t.Errorf("%s: autofilter %q, want A1:%s", sh, r, last)
		}
		for i, h := range rows[0] {
			col, _ := excelize.ColumnNumberToName(i + 1)
			if w, _ := f.GetColWidth(sh, col); w < float64(min(len([]rune(h)), 38)) {
				t.Errorf("%s: column %s (%q) is %.0f wide", sh, col, h, w)
			}
		}
	}
	// Columns in ascending order, as the file format requires.
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range z.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, _ := zf.Open()
		x, _ := io.ReadAll(rc)
		rc.Close()
		prev := 0
		for _, m := range colMin.FindAllStringSubmatch(string(x), -1) {
			n, _ := strconv.Atoi(m[1])
			if n <= prev {
				t.Errorf("%s: <col> elements out of order", zf.Name)
				break
			}
			prev = n
		}
	}

	// LibreOffice reads the same setup.
	fods := libreofficeConvert(t, data, "fods")
	if n := strings.Count(fods, `table:display-filter-buttons="true"`); n != len(sheets) {
		t.Errorf("LibreOffice sees %d autofilters, want %d", n, len(sheets))
	}
	if n := strings.Count(fods, "<table:table-header-rows>"); n != len(sheets) {
		t.Errorf("LibreOffice sees %d repeated header rows, want %d", n, len(sheets))
	}
	layouts := regexp.MustCompile(`<style:page-layout-properties [^>]*>`).FindAllString(fods, -1)
	used := 0
	for _, l := range layouts {
		if strings.Contains(l, `style:print-orientation="landscape"`) && strings.Contains(l, `style:scale-to-X="1"`) {
			used++
		}
	}
	if used == 0 {
		t.Errorf("LibreOffice sees no landscape, one-page-wide print layout:\n%s", strings.Join(layouts, "\n"))
	}
	return fods
}

// libreofficeConvert converts a workbook with LibreOffice to format (e.g.
// "fods", flat OpenDocument XML) as a user saving it would, or skips.
func libreofficeConvert(t *testing.T, xlsx []byte, format string) string {
	t.Helper()
	bin := ""
	for _, name := range []string{"libreoffice", "soffice"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		t.Skip("skipping LibreOffice check: libreoffice not installed (Debian package libreoffice-calc-nogui)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "book.xlsx")
	os.WriteFile(in, xlsx, 0o644)
	out, err := exec.Command(bin, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", format, "--outdir", dir, in).CombinedOutput()
	if err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "book."+format))
	if err != nil {
		t.Fatalf("LibreOffice wrote no %s: %v\n%s", format, err, out)
	}
	return string(b)
}

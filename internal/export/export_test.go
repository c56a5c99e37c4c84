package export_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/export"
	"github.com/udrul/udrul/internal/model"
)

func d(s string) model.Date {
	v, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func deps(ds []model.Dependency) string {
	var s []string
	for _, x := range ds {
		s = append(s, catalogue.FormatDependency(x))
	}
	return strings.Join(s, ", ")
}

func samplePlan() export.Plan {
	return export.Plan{
		Programme: "ksd", ProgrammeName: "KSD", MunicipalityCode: "101", MunicipalityName: "København",
		GoLive: d("2027-03-01"), Asof: d("2027-02-01"), Created: time.Date(2027, 2, 1, 12, 0, 0, 0, time.UTC),
		Phases: []export.Phase{{Key: "2", Name: "Forberedelse"}, {Key: "2.1", Name: "Planlægning", Parent: "2"},
			{Key: "2.2", Name: "Klargøring", Parent: "2"}, {Key: "3", Name: "Ibrugtagning"}, {Key: "4", Name: "Forankring"}},
		Tasks: []export.Task{
			{Key: "a", Title: "Indgå aftale & <underskriv>", Phase: "2.1", Type: model.Critical, Status: model.Completed, Start: d("2027-01-04"), End: d("2027-01-15"), Duration: 10, Critical: true, Executor: "Projektleder"},
			{Key: "b", Title: "Konfigurér", Phase: "2.2", Type: model.Mandatory, Status: model.Started, Start: d("2027-01-18"), End: d("2027-01-29"), Duration: 10,
				DependsOn: []model.Dependency{{Task: "a", Type: "FS"}}, Moved: true, MoveReason: "Ferie"},
			{Key: "c", Title: "=SUM(A1)", Phase: "2.2", Type: model.Optional, Status: model.NotStarted, Start: d("2027-01-20"), End: d("2027-02-10"), Duration: 15,
				DependsOn: []model.Dependency{{Task: "a", Type: "SS", Lag: 2}, {Task: "b", Type: "FF", Lag: -1}}},
			{Key: "egen-1", Title: "Byrådsmøde", Phase: "3", Type: model.Mandatory, Status: model.NotStarted, Start: d("2027-03-10"), End: d("2027-03-10"), Milestone: true, Own: true},
		},
		Milestones: []export.Milestone{{Key: "golive", Name: "Go-live", Date: d("2027-03-01")}},
	}
}

func TestMSPDIValidatesAgainstSchema(t *testing.T) {
	out, err := export.MSPDI(samplePlan(), calendar.Danish())
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{
		"<SaveVersion>12</SaveVersion>", "<Name>Fase 2 Forberedelse</Name>", "<OutlineNumber>1.1.1</OutlineNumber>",
		"<Name>Indgå aftale &amp; &lt;underskriv&gt;</Name>", "<Summary>1</Summary>", "<Milestone>1</Milestone>",
		"<Duration>PT80H0M0S</Duration>", "<Type>3</Type>", "<LinkLag>9600</LinkLag>", "<LinkLag>-4800</LinkLag>",
		"<Name>Danske arbejdsdage</Name>", "<FromDate>2027-03-25T00:00:00</FromDate>", // skærtorsdag 2027
	} {
		if !strings.Contains(s, want) {
			t.Errorf("MSPDI lacks %s", want)
		}
	}
	if strings.Contains(s, "Fase 4") {
		t.Error("an empty phase is written")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "plan.xml")
	os.WriteFile(file, out, 0o644)
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("skipping schema validation: xmllint not installed (Debian package libxml2-utils)")
	}
	validate(t, "testdata/mspdi_subset.xsd", file)
	if real := sharedTool("UDRUL_MSPDI_XSD", "mspdi/mspdi_pj12.xsd"); real != "" {
		ns := "http://schemas.microsoft.com/project/2007"
		moved := strings.Replace(s, `xmlns="`+export.MSPDINamespace+`"`, `xmlns="`+ns+`"`, 1)
		f2 := filepath.Join(dir, "plan-2007.xml")
		os.WriteFile(f2, []byte(moved), 0o644)
		validate(t, real, f2)
	} else {
		t.Log("mspdi_pj12.xsd not found (UDRUL_MSPDI_XSD): validated against our restatement of it only (see testdata/README.md)")
	}
}

func validate(t *testing.T, xsd, file string) {
	t.Helper()
	out, err := exec.Command("xmllint", "--noout", "--schema", xsd, file).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint --schema %s: %v\n%s", xsd, err, out)
	}
}

func TestPlanXLSXOpensInLibreOffice(t *testing.T) {
	b, err := export.PlanXLSX(samplePlan(), deps)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Plan")
	if len(rows) != 5 || rows[0][0] != "ID" || rows[2][16] != "a" || rows[3][16] != "a:SS+2, b:FF-1" {
		t.Errorf("rows = %q", rows)
	}
	if v, _ := f.GetCellValue("Plan", "I2"); v != "04.01.2027" {
		t.Errorf("start date cell shows %q, want 04.01.2027", v)
	}
	csvOut := libreofficeCSV(t, b)
	for _, want := range []string{"Indgå aftale & <underskriv>", "04.01.2027", "Påbegyndt", "Byrådsmøde"} {
		if !strings.Contains(csvOut, want) {
			t.Errorf("LibreOffice's CSV of the workbook lacks %q:\n%s", want, csvOut)
		}
	}
}

func overview(munis, tasks int) export.Overview {
	o := export.Overview{Programme: "ksd", ProgrammeName: "KSD", Asof: d("2027-02-01")}
	for m := range munis {
		r := export.OverviewRow{Code: fmt.Sprint(101 + m), Name: fmt.Sprintf("Kommune %d", m), Region: "Region", Wave: m%8 + 1,
			GoLive: d("2027-03-01") + model.Date(7*(m%20)), Phase: "2.1", Colour: model.Green, Counts: model.Counts{Green: tasks}}
		for i := range tasks {
			r.Tasks = append(r.Tasks, export.Task{Key: fmt.Sprintf("ksd-%03d", i), Title: fmt.Sprintf("Opgave nummer %d", i), Phase: "2.1",
				Theme: "projektstyring", Type: model.Mandatory, Status: model.NotStarted, Colour: model.Green,
				Start: d("2027-01-04") + model.Date(i), End: d("2027-01-15") + model.Date(i), Duration: 10,
				DependsOn: []model.Dependency{{Task: "ksd-000", Type: "FS"}}})
		}
		o.Rows = append(o.Rows, r)
	}
	return o
}

func TestOverviewXLSXAndCSV(t *testing.T) {
	o := overview(3, 4)
	b, err := export.OverviewXLSX(o, deps)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := f.GetRows("Opgaver"); len(rows) != 13 {
		t.Errorf("Opgaver has %d rows, want 1 + 3×4", len(rows))
	}
	if out := libreofficeCSV(t, b); !strings.Contains(out, "Kommune 2") {
		t.Errorf("LibreOffice CSV of the overview:\n%s", out)
	}
	c := string(export.OverviewCSV(o))
	if !strings.HasPrefix(c, "\uFEFFKommunekode;Kommune;") || !strings.Contains(c, "\r\n101;Kommune 0;Region;1;01.03.2027;2.1;Grøn;0;0;4;0\r\n") {
		t.Errorf("overview CSV:\n%q", c)
	}
	pc := string(export.PlanCSV(samplePlan(), deps))
	if !strings.Contains(pc, ";'=SUM(A1);") {
		t.Errorf("a formula-like title must be neutralised in CSV:\n%s", pc)
	}
}

// libreofficeCSV converts a workbook's first sheet with LibreOffice, as a
// user opening the file would, or skips the test.
func libreofficeCSV(t *testing.T, xlsx []byte) string {
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
	cmd := exec.Command(bin, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", dir, in)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "book.csv"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no CSV: %v\n%s", err, out)
	}
	return string(b)
}

func TestICalIsValidRFC5545(t *testing.T) {
	long := strings.Repeat("Ærø ", 40)
	c := export.Calendar{Name: "København; KSD, frister", Events: []export.Event{
		{UID: "task-12@udrul.example.dk", Sequence: 7, Modified: time.Date(2027, 1, 20, 8, 30, 0, 0, time.UTC), Date: d("2027-02-26"), Summary: "Frist: Konfigurér, test; og \\ godkend", Description: "Linje 1\nLinje 2 " + long, URL: "https://udrul.example/tasks/12", Categories: []string{"KSD", "kritisk vej"}},
		{UID: "plan-3-golive@udrul.example.dk", Date: d("2027-03-01"), Summary: "Go-live"},
	}}
	out := export.ICal(c, time.Date(2027, 2, 1, 12, 0, 0, 0, time.UTC))
	s := string(out)
	if strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") || !strings.HasSuffix(s, "\r\n") {
		t.Error("lines must end in CRLF")
	}
	for _, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
	}
	for _, want := range []string{"DTSTAMP:20270120T083000Z\r\nLAST-MODIFIED:20270120T083000Z\r\nSEQUENCE:7\r\n",
		"DTSTAMP:20270201T120000Z\r\nSEQUENCE:0\r\n", "DTSTART;VALUE=DATE:20270226", "DTEND;VALUE=DATE:20270227",
		`SUMMARY:Frist: Konfigurér\, test\; og \\ godkend`, "UID:task-12@udrul.example.dk", `X-WR-CALNAME:København\; KSD\, frister`,
		"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n", "X-PUBLISHED-TTL:PT1H\r\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("calendar lacks %q", want)
		}
	}
	// A real parser: Debian's python3-icalendar.
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("skipping python3-icalendar check: /usr/bin/python3 missing")
	}
	if err := exec.Command(py, "-c", "import icalendar").Run(); err != nil {
		t.Skip("skipping python3-icalendar check: module not installed (Debian package python3-icalendar)")
	}
	script := `
import sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
evs = list(cal.walk("VEVENT"))
assert len(evs) == 2, len(evs)
e = evs[0]
print(str(e["SUMMARY"]))
print(e["DTSTART"].dt.isoformat())
print(str(e["DESCRIPTION"]).count("Ærø"))
print(str(cal["X-WR-CALNAME"]))
print(e["SEQUENCE"], e["LAST-MODIFIED"].dt.isoformat(), cal["X-PUBLISHED-TTL"])
`
	cmd := exec.Command(py, "-c", script)
	cmd.Stdin = bytes.NewReader(out)
	res, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python3-icalendar refused the feed: %v\n%s", err, res)
	}
	want := "Frist: Konfigurér, test; og \\ godkend\n2027-02-26\n40\nKøbenhavn; KSD, frister\n7 2027-01-20T08:30:00+00:00 PT1H\n"
	if string(res) != want {
		t.Errorf("python3-icalendar read\n%q\nwant\n%q", res, want)
	}
}

// sheet builds a workbook from rows of cells.
func sheet(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	f.WriteTo(&buf)
	return buf.Bytes()
}

var head = []any{"ID", "Opgave", "Ansvarlig", "Udfører", "Start", "Slut", "Type", "Tema", "Fase", "Hovedopgave", "Afhængigheder"}

func TestCatalogueFromXLSX(t *testing.T) {
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	prog := model.Programme{Key: "ksd", Name: "KSD", WarningDays: 3}
	good := sheet(t, [][]any{head,
		{"ksd-01", "Indgå databehandleraftale", "Kommunen", "Projektleder", -200, -150, "Obligatorisk på kritisk vej", "Projektstyring", "2.1", 2, ""},
		{},
		{"ksd-02", "Konfigurér", "Kommunen", "Administrator", -140, -120, "Obligatorisk", "konfigurering", "2.1", 12, "ksd-01:SS+2"},
	})
	y, err := export.CatalogueFromXLSX(good, prog, im)
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalogue.Parse("x.yaml", y, im)
	if err != nil {
		t.Fatalf("generated catalogue does not parse: %v\n%s", err, y)
	}
	if len(c.Tasks) != 2 || c.Tasks[0].Type != model.Critical || c.Tasks[1].Theme != "konfigurering" || c.Tasks[1].DependsOn[0].Type != "SS" {
		t.Errorf("catalogue = %+v", c.Tasks)
	}
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"not xlsx", []byte("ID;Opgave\n"), "(fil) række 0: filen er ikke et gyldigt Excel-regneark"},
		{"unknown column", sheet(t, [][]any{append(append([]any{}, head...), "Farve")}), `Sheet1 række 1, kolonne Farve: ukendt kolonne "Farve"`},
		{"missing column", sheet(t, [][]any{head[:9]}), `kolonne Hovedopgave: kolonnen "Hovedopgave" mangler`},
		{"date as start", sheet(t, [][]any{head, {"ksd-01", "X", "K", "P", "2027-01-04", -1, "Valgfri", "uddannelse", "2.1", 8}}), `Sheet1 række 2, kolonne Start: "2027-01-04" er en dato`},
		{"end before start", sheet(t, [][]any{head, {"ksd-01", "X", "K", "P", -1, -5, "Valgfri", "uddannelse", "2.1", 8}}), "Sheet1 række 2, kolonne Slut: slut (-5) ligger før start (-1)"},
		{"unknown dependency", sheet(t, [][]any{head, {"ksd-01", "X", "K", "P", -5, -1, "Valgfri", "uddannelse", "2.1", 8, "ksd-99"}}), `Sheet1 række 2, kolonne Afhængigheder: opgaven "ksd-01" afhænger af "ksd-99"`},
		{"cycle", sheet(t, [][]any{head,
			{"ksd-01", "X", "K", "P", -5, -1, "Valgfri", "uddannelse", "2.1", 8, "ksd-02"},
			{"ksd-02", "Y", "K", "P", -5, -1, "Valgfri", "uddannelse", "2.1", 8, "ksd-01"}}), "afhængighederne danner en løkke: ksd-01 → ksd-02 → ksd-01"},
		{"bad type", sheet(t, [][]any{head, {"ksd-01", "X", "K", "P", -5, -1, "Vigtig", "uddannelse", "2.1", 8}}), `række 2, kolonne Type: ukendt type "Vigtig"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := export.CatalogueFromXLSX(tt.data, prog, im)
			var ie *export.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *ImportError", err)
			}
			if !strings.Contains(ie.Error(), tt.want) {
				t.Errorf("problems:\n%s\nwant one containing %q", ie, tt.want)
			}
		})
	}
}

// BenchmarkOverviewXLSX98x150 writes the national overview of 98
// municipalities with 150 plan lines each (14,700 task rows). Budget: 1 s.
func BenchmarkOverviewXLSX98x150(b *testing.B) {
	o := overview(98, 150)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := export.OverviewXLSX(o, deps); err != nil {
			b.Fatal(err)
		}
	}
}

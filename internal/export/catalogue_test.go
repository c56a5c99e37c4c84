package export_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/export"
	"github.com/udrul/udrul/internal/gen"
	"github.com/udrul/udrul/internal/model"
)

// repoCatalogues returns every catalogue file of the repository – the demo
// catalogues, the test catalogues of the packages and a generated one –
// by name, parsed.
func repoCatalogues(t *testing.T, im *model.ImplementationModel) map[string]*model.Catalogue {
	t.Helper()
	files := map[string][]byte{"gen": gen.Catalogue(300, 20, 7)}
	demo, err := data.DemoCatalogues()
	if err != nil {
		t.Fatal(err)
	}
	for n, b := range demo {
		files[n] = b
	}
	paths, _ := filepath.Glob("../*/testdata/*.yaml")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.HasPrefix(b, []byte("format: 1")) || bytes.Contains(b, []byte("\nformat: 1")) {
			files[p] = b
		}
	}
	out := map[string]*model.Catalogue{}
	for n, b := range files {
		c, err := catalogue.Parse(n, b, im)
		if err != nil {
			continue // a test file that is invalid on purpose
		}
		out[n] = c
	}
	if len(out) < 8 {
		t.Fatalf("found only %d valid catalogues: %v", len(out), slices.Sorted(func(yield func(string) bool) {
			for n := range out {
				if !yield(n) {
					return
				}
			}
		}))
	}
	return out
}

// repoCatalogue is one of repoCatalogues, with the implementation model.
func repoCatalogue(t *testing.T, name string) (*model.Catalogue, *model.ImplementationModel) {
	t.Helper()
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	c := repoCatalogues(t, im)[name]
	if c == nil {
		t.Fatalf("no catalogue %s", name)
	}
	return c, im
}

func exportCatalogue(t *testing.T, c *model.Catalogue, im *model.ImplementationModel) []byte {
	t.Helper()
	b, err := export.CatalogueXLSX(c, im, export.CatalogueInfo{Version: 4, Created: time.Date(2027, 2, 1, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// importCatalogue reads a workbook back as the programme whose stored
// settings are other than the workbook's, so that they must come from it.
func importCatalogue(t *testing.T, b []byte, key string, im *model.ImplementationModel) *model.Catalogue {
	t.Helper()
	y, err := export.CatalogueFromXLSX(b, model.Programme{Key: key, Name: "Gammelt navn", WarningDays: 9}, im)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	c, err := catalogue.Parse("regneark", y, im)
	if err != nil {
		t.Fatalf("imported catalogue does not parse: %v\n%s", err, y)
	}
	return c
}

// TestCatalogueXLSXRoundTrip: every catalogue in the repository, exported
// and imported again without a change, is the same catalogue – the same
// programme settings and milestones and the same tasks with every field
// (checklists, links, checkpoints, dependencies, levels, milestones,
// units, survey rounds) – so publishing it changes nothing.
func TestCatalogueXLSXRoundTrip(t *testing.T) {
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for name, c := range repoCatalogues(t, im) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			got := importCatalogue(t, exportCatalogue(t, c, im), c.Programme.Key, im)
			if !reflect.DeepEqual(got.Programme, c.Programme) {
				t.Errorf("programme after the round trip:\n%+v\nwant\n%+v", got.Programme, c.Programme)
			}
			if ch := catalogue.Diff(c.Tasks, nil, got.Tasks); len(ch) > 0 {
				t.Errorf("the round trip changes %d tasks, first %+v", len(ch), ch[0])
			}
			if !reflect.DeepEqual(got.Tasks, c.Tasks) {
				t.Errorf("tasks differ after the round trip")
			}
		})
		for _, task := range c.Tasks {
			seen["checklist"] = seen["checklist"] || len(task.Checklist) > 0
			seen["links"] = seen["links"] || len(task.Links) > 0
			seen["checkpoint"] = seen["checkpoint"] || task.Checkpoint != ""
			seen["readiness_round"] = seen["readiness_round"] || task.ReadinessRound != ""
			seen["depends_on"] = seen["depends_on"] || len(task.DependsOn) > 0
			seen["institution"] = seen["institution"] || task.Level == model.LevelInstitution
			seen["kalenderdage"] = seen["kalenderdage"] || task.Timing.Unit == model.CalendarDays
			seen["milestone"] = seen["milestone"] || task.Timing.Milestone != model.GoLive
			for _, it := range task.Checklist {
				seen["keyed item"] = seen["keyed item"] || it.Key != model.ChecklistKey(it.Text)
			}
		}
		for _, m := range c.Programme.Milestones {
			seen["national date"] = seen["national date"] || m.National()
		}
		seen["institutions"] = seen["institutions"] || c.Programme.Institutions != ""
	}
	// The catalogues cover every field the round trip must keep.
	for _, f := range []string{"checklist", "keyed item", "links", "checkpoint", "readiness_round", "depends_on", "institution",
		"kalenderdage", "milestone", "national date", "institutions"} {
		if !seen[f] {
			t.Errorf("no catalogue has %s; the round trip of it is untested", f)
		}
	}
}

// TestCatalogueXLSXShowsNames: the workbook shows names, not keys, and a
// national milestone's date as a date.
func TestCatalogueXLSXShowsNames(t *testing.T) {
	c, im := repoCatalogue(t, "catalogues/samarbejdsplatformen.yaml")
	f, err := excelize.OpenReader(bytes.NewReader(exportCatalogue(t, c, im)))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.GetSheetList(), []string{"Opgaver", "Tjekliste", "Links", "Program", "Milepæle", "Bølger", "Oplysninger"}; !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	rows, _ := f.GetRows("Opgaver")
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var withCheckpoint, withRound []string
	for i, task := range c.Tasks {
		r := rows[i+1]
		for len(r) < len(rows[0]) {
			r = append(r, "")
		}
		if th, _ := im.Theme(task.Theme); r[col["Tema"]] != th.Name {
			t.Errorf("%s: Tema %q, want %q", task.Key, r[col["Tema"]], th.Name)
		}
		if ph, _ := im.Phase(task.Phase); r[col["Fase"]] != task.Phase+" "+ph.Name {
			t.Errorf("%s: Fase %q, want number and name", task.Key, r[col["Fase"]])
		}
		if task.Type == model.Critical && r[col["Type"]] != "Obligatorisk på kritisk vej" {
			t.Errorf("%s: Type %q", task.Key, r[col["Type"]])
		}
		if task.Checkpoint != "" {
			withCheckpoint = append(withCheckpoint, r[col["Kontrolpunkt"]])
		}
		if task.ReadinessRound != "" {
			withRound = append(withRound, r[col["Parathedsmåling"]])
		}
		if task.Timing.Milestone != model.GoLive && r[col["Milepæl"]] == task.Timing.Milestone {
			t.Errorf("%s: Milepæl shows the key %q", task.Key, task.Timing.Milestone)
		}
	}
	if len(withCheckpoint) == 0 || !strings.Contains(withCheckpoint[0], " → ") {
		t.Errorf("checkpoints shown as %q, want phase names", withCheckpoint)
	}
	if len(withRound) == 0 || !strings.Contains(withRound[0], "go-live") {
		t.Errorf("survey rounds shown as %q, want their Danish names", withRound)
	}
	ms, _ := f.GetRows("Milepæle")
	national := ""
	for i, m := range c.Programme.Milestones {
		if m.National() {
			national = ms[i+1][4]
			raw, _ := f.GetCellValue("Milepæle", "E"+string(rune('2'+i)), excelize.Options{RawCellValue: true})
			if national != m.Date.Danish() || raw == national {
				t.Errorf("national date shown %q (stored %q), want the date %s", national, raw, m.Date.Danish())
			}
		}
	}
	if national == "" {
		t.Error("no national milestone on Milepæle")
	}
}

type cellValue struct {
	sheet, cell string
	value       any
}

// withCells returns the workbook book with cells set, as a user editing it
// would.
func withCells(t *testing.T, book []byte, cells ...cellValue) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cells {
		if err := f.SetCellValue(c.sheet, c.cell, c.value); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestCatalogueXLSXChangedCell: a cell changed in an exported workbook
// imports as exactly that change, on every sheet.
func TestCatalogueXLSXChangedCell(t *testing.T) {
	c, im := repoCatalogue(t, "catalogues/ksd.yaml")
	book := exportCatalogue(t, c, im)
	// Row 2 of each side sheet belongs to the first task with a checklist
	// (links) in the catalogue.
	firstWith := func(has func(model.CatalogueTask) bool) string {
		for _, task := range c.Tasks {
			if has(task) {
				return task.Key
			}
		}
		t.Fatal("no such task")
		return ""
	}
	withChecklist := firstWith(func(x model.CatalogueTask) bool { return len(x.Checklist) > 0 })
	withLinks := firstWith(func(x model.CatalogueTask) bool { return len(x.Links) > 0 })
	for _, tt := range []struct {
		sheet, cell string
		value       any
		task        string // the task that changes, and its field
		field       string
	}{
		{"Opgaver", "F3", -1, c.Tasks[1].Key, "end"},
		{"Opgaver", "H4", "Uddannelse", c.Tasks[2].Key, "theme"},
		{"Opgaver", "I2", "Klargøring", c.Tasks[0].Key, "phase"},
		{"Opgaver", "L2", "Institution", c.Tasks[0].Key, "level"},
		{"Opgaver", "P2", "Initiering → Planlægning", c.Tasks[0].Key, "checkpoint"},
		{"Tjekliste", "C2", "Et nyt punkt", withChecklist, "checklist"},
		{"Links", "D2", "https://www.kombit.dk/ny", withLinks, "links"},
	} {
		t.Run(tt.sheet+" "+tt.cell, func(t *testing.T) {
			got := importCatalogue(t, withCells(t, book, cellValue{tt.sheet, tt.cell, tt.value}), c.Programme.Key, im)
			ch := catalogue.Diff(c.Tasks, nil, got.Tasks)
			if len(ch) != 1 || ch[0].Key != tt.task || ch[0].Kind != catalogue.Changed || !slices.Equal(ch[0].Fields, []string{tt.field}) {
				t.Errorf("changes %+v, want only %s's %s", ch, tt.task, tt.field)
			}
			if !reflect.DeepEqual(got.Programme, c.Programme) {
				t.Errorf("programme changed: %+v", got.Programme)
			}
		})
	}

	// The programme's settings and milestones come from their sheets.
	got := importCatalogue(t, withCells(t, book,
		cellValue{"Program", "B5", 5},                // Varsling
		cellValue{"Milepæle", "C2", -7},              // the first milestone's offset
		cellValue{"Program", "B6", "Skole"},          // Institutioner
		cellValue{"Program", "B3", "KSD (ny titel)"}, // Navn
	), c.Programme.Key, im)
	want := c.Programme
	want.WarningDays, want.Institutions, want.Name = 5, model.CategorySchool, "KSD (ny titel)"
	want.Milestones = slices.Clone(want.Milestones)
	want.Milestones[0].Offset = -7
	if !reflect.DeepEqual(got.Programme, want) {
		t.Errorf("programme %+v, want %+v", got.Programme, want)
	}
	if ch := catalogue.Diff(c.Tasks, nil, got.Tasks); len(ch) != 0 {
		t.Errorf("tasks changed: %+v", ch)
	}
	if m := catalogue.MilestonesChanged(&c.Programme, &got.Programme); !slices.Equal(m, []string{c.Programme.Milestones[0].Key}) {
		t.Errorf("milestones changed %q", m)
	}
}

// TestCatalogueXLSXRefusals: problems on the new sheets are named by sheet,
// row and column, and a workbook of another programme is refused.
func TestCatalogueXLSXRefusals(t *testing.T) {
	c, im := repoCatalogue(t, "catalogues/ksd.yaml")
	book := exportCatalogue(t, c, im)
	for _, tt := range []struct {
		sheet, cell string
		value       any
		want        string
	}{
		{"Program", "B2", "samarbejdsplatformen", `Program række 2, kolonne Værdi: regnearket er kataloget for programmet "samarbejdsplatformen", ikke "ksd"`},
		{"Tjekliste", "A3", "ksd-findes-ikke", `Tjekliste række 3, kolonne ID: arket Opgaver har ingen opgave med ID "ksd-findes-ikke"`},
		{"Links", "D2", "www.kombit.dk", "Links række 2, kolonne Adresse: "},
		{"Milepæle", "E2", "i morgen", `Milepæle række 2, kolonne Dato: "i morgen" er ikke en dato`},
		{"Milepæle", "E2", "2027-08-12", "Milepæle række 2, kolonne Forskydning: en national milepæl har en fast dato"},
		{"Program", "B5", "tre", `Program række 5, kolonne Værdi: "tre" er ikke et helt antal arbejdsdage`},
		{"Program", "B5", 99, "Program række 5, kolonne Værdi: Varsling (arbejdsdage): skal være mellem 0 og 60"},
		{"Opgaver", "J2", "Kaffe", `Opgaver række 2, kolonne Hovedopgave: "Kaffe" er ikke et helt tal`},
		{"Opgaver", "M2", "Månelanding", `Opgaver række 2, kolonne Milepæl: programmet har ingen milepæl "Månelanding"`},
	} {
		t.Run(tt.sheet+" "+tt.cell, func(t *testing.T) {
			_, err := export.CatalogueFromXLSX(withCells(t, book, cellValue{tt.sheet, tt.cell, tt.value}), c.Programme, im)
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

// TestCatalogueXLSXWaveNames: the programme's wave names travel on Bølger;
// a changed name imports as that change, and a bad number or a number
// named twice is refused at its row and column.
func TestCatalogueXLSXWaveNames(t *testing.T) {
	c, im := repoCatalogue(t, "catalogues/samarbejdsplatformen.yaml")
	if len(c.Programme.Waves) < 2 {
		t.Fatal("the schools' catalogue names no waves")
	}
	book := exportCatalogue(t, c, im)
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Bølger")
	if len(rows) != len(c.Programme.Waves)+1 || rows[1][1] != c.Programme.Waves[0].Name {
		t.Fatalf("Bølger rows %q, want a heading and %d waves", rows, len(c.Programme.Waves))
	}
	got := importCatalogue(t, withCells(t, book, cellValue{"Bølger", "B2", "Pilot Nord"}), c.Programme.Key, im)
	want := slices.Clone(c.Programme.Waves)
	want[0].Name = "Pilot Nord"
	if !reflect.DeepEqual(got.Programme.Waves, want) {
		t.Errorf("waves %+v, want %+v", got.Programme.Waves, want)
	}
	for _, tt := range []struct {
		cell  string
		value any
		want  string
	}{
		{"A2", "første", `Bølger række 2, kolonne Nummer: "første" er ikke et bølgenummer`},
		{"A2", 0, "Bølger række 2, kolonne Nummer: bølgens nummer skal være mellem 1 og 99, ikke 0"},
		{"A3", c.Programme.Waves[0].Number, "Bølger række 3, kolonne Nummer: bølge"},
	} {
		_, err := export.CatalogueFromXLSX(withCells(t, book, cellValue{"Bølger", tt.cell, tt.value}), c.Programme, im)
		var ie *export.ImportError
		if !errors.As(err, &ie) || !strings.Contains(ie.Error(), tt.want) {
			t.Errorf("Bølger %s = %v: err %v, want one containing %q", tt.cell, tt.value, err, tt.want)
		}
	}
}

// TestCatalogueXLSXInLibreOffice: LibreOffice opens the workbook with the
// common layout, and the workbook saved again by LibreOffice imports as
// the same catalogue.
func TestCatalogueXLSXInLibreOffice(t *testing.T) {
	c, im := repoCatalogue(t, "catalogues/samarbejdsplatformen.yaml")
	book := exportCatalogue(t, c, im)
	checkSetup(t, book, []string{"Opgaver", "Tjekliste", "Links", "Program", "Milepæle", "Bølger", "Oplysninger"})

	// Saved by LibreOffice as .xlsx: the looked-up titles are computed,
	// the dates still dates, and nothing changes on import.
	resaved := libreofficeResave(t, book)
	f, err := excelize.OpenReader(bytes.NewReader(resaved))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue("Tjekliste", "B2"); v == "" || v == "#N/A" {
		t.Errorf("LibreOffice computes the task title on Tjekliste as %q", v)
	}
	got := importCatalogue(t, resaved, c.Programme.Key, im)
	if !reflect.DeepEqual(got.Programme, c.Programme) {
		t.Errorf("programme after LibreOffice:\n%+v\nwant\n%+v", got.Programme, c.Programme)
	}
	if ch := catalogue.Diff(c.Tasks, nil, got.Tasks); len(ch) > 0 {
		t.Errorf("LibreOffice's copy changes %d tasks, first %+v", len(ch), ch[0])
	}
}

// libreofficeResave opens a workbook in LibreOffice and saves it as .xlsx
// again, as a user editing the catalogue there would.
func libreofficeResave(t *testing.T, xlsx []byte) []byte {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("skipping LibreOffice check: libreoffice not installed (Debian package libreoffice-calc-nogui)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "katalog.xlsx")
	os.Mkdir(filepath.Dir(in), 0o755)
	os.WriteFile(in, xlsx, 0o644)
	out, err := exec.Command(bin, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", filepath.Join(dir, "out"), in).CombinedOutput()
	if err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "out", "katalog.xlsx"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no xlsx: %v\n%s", err, out)
	}
	return b
}

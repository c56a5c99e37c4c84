package catalogue_test

import (
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
)

// The file name handed to Parse; every problem must carry it.
const fileName = "kataloger/demo.yaml"

func implModel(t *testing.T) *model.ImplementationModel {
	t.Helper()
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatalf("data.ImplementationModel: %v", err)
	}
	return im
}

// validLines returns testdata/valid.yaml split into lines; the bad-file
// cases below edit it by line number (1-based, as in the problems).
func validLines(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// edit changes the lines of the valid file.
type edit func(t *testing.T, lines []string) []string

// set replaces line n, which must contain old (a guard against the test
// file drifting), by the given lines; none deletes the line.
func set(n int, old string, repl ...string) edit {
	return func(t *testing.T, lines []string) []string {
		t.Helper()
		if n < 1 || n > len(lines) || !strings.Contains(lines[n-1], old) {
			t.Fatalf("testdata/valid.yaml line %d does not contain %q", n, old)
		}
		out := slices.Clone(lines[:n-1])
		out = append(out, repl...)
		return append(out, lines[n:]...)
	}
}

// keep keeps the first n lines and appends more.
func keep(n int, more ...string) edit {
	return func(t *testing.T, lines []string) []string {
		return append(slices.Clone(lines[:n]), more...)
	}
}

// cut deletes lines from..to inclusive.
func cut(from, to int) edit {
	return func(t *testing.T, lines []string) []string {
		return append(slices.Clone(lines[:from-1]), lines[to:]...)
	}
}

// want is an expected problem; msg is a substring of its message.
type want struct {
	line  int
	field string
	msg   string
}

func TestParseValid(t *testing.T) {
	b, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := catalogue.Parse(fileName, b, implModel(t))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	exp := &model.Catalogue{
		Programme: model.Programme{
			Key:          "demo",
			Name:         "Demo – et lille programme",
			Description:  "Et programme til test af katalogparseren.",
			WarningDays:  5,
			Institutions: model.CategorySchool,
			Milestones: []model.Milestone{
				{Key: "idriftsaettelse", Name: "Idriftsættelse", Offset: -5, Unit: model.WorkingDays},
			},
		},
		Tasks: []model.CatalogueTask{
			{
				Key: "demo-01", Title: "Udpeg projektleder", Description: "Kommunen udpeger en projektleder.",
				Theme: "projektstyring", MainTask: 3, Phase: "2.1", Type: model.Critical, Level: model.LevelMunicipality,
				Responsible: "Kommunen", Executor: "Topledelse",
				Timing: model.Timing{Milestone: model.GoLive, Start: -120, End: -100, Unit: model.WorkingDays},
			},
			{
				Key: "demo-02", Title: "Opsæt skolens oplysninger",
				Description: "Skolens **administrator** opsætter\nskolens oplysninger.", // block scalar, trimmed
				Theme:       "konfigurering", MainTask: 12, Phase: "2.2", Type: model.Mandatory, Level: model.LevelInstitution,
				Responsible: "Skolen", Executor: "Administrator",
				Timing: model.Timing{Milestone: "idriftsaettelse", Start: -10, End: 0, Unit: model.CalendarDays},
			},
			{
				// level, milestone and unit left out: the defaults apply;
				// start and end exactly at the +1500 limit are accepted.
				Key: "d3", Title: "Evaluer go-live",
				Theme: "drift-og-support", MainTask: 10, Phase: "3", Type: model.Optional, Level: model.LevelMunicipality,
				Responsible: "Kommunen", Executor: "Projektleder",
				Timing: model.Timing{Milestone: model.GoLive, Start: 1500, End: 1500, Unit: model.WorkingDays},
			},
		},
	}
	if !reflect.DeepEqual(got, exp) {
		t.Errorf("Parse(valid.yaml)\n got %+v\nwant %+v", got, exp)
	}
}

func TestParseDefaults(t *testing.T) {
	src := `format: 1
programme:
  key: mini
  name: Mini
tasks:
  - key: mini-01
    title: En opgave
    theme: uddannelse
    main_task: 8
    phase: "2.3"
    type: valgfri
    responsible: Kommunen
    executor: Superbruger
    start: -3
    end: -3
`
	got, err := catalogue.Parse(fileName, []byte(src), implModel(t))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	p := got.Programme
	if p.WarningDays != model.DefaultWarningDays || p.Institutions != "" || len(p.Milestones) != 0 || p.Description != "" {
		t.Errorf("programme defaults: %+v", p)
	}
	exp := model.CatalogueTask{Key: "mini-01", Title: "En opgave", Theme: "uddannelse", MainTask: 8, Phase: "2.3",
		Type: model.Optional, Level: model.LevelMunicipality, Responsible: "Kommunen", Executor: "Superbruger",
		Timing: model.Timing{Milestone: model.GoLive, Start: -3, End: -3, Unit: model.WorkingDays}}
	if len(got.Tasks) != 1 || !reflect.DeepEqual(got.Tasks[0], exp) {
		t.Errorf("task defaults\n got %+v\nwant %+v", got.Tasks, exp)
	}
}

// TestParseDemoCatalogue checks that the shipped KSD demo catalogue is valid.
func TestParseDemoCatalogue(t *testing.T) {
	files, err := data.DemoCatalogues()
	if err != nil {
		t.Fatal(err)
	}
	b, ok := files["catalogues/ksd.yaml"]
	if !ok {
		t.Skip("catalogues/ksd.yaml not shipped")
	}
	c, err := catalogue.Parse("ksd.yaml", b, implModel(t))
	if err != nil {
		t.Fatalf("Parse(ksd.yaml): %v", err)
	}
	if c.Programme.Key != "ksd" || len(c.Tasks) == 0 {
		t.Errorf("ksd.yaml: key %q, %d tasks", c.Programme.Key, len(c.Tasks))
	}
}

func TestParseProblems(t *testing.T) {
	im := implModel(t)
	long := strings.Repeat("a", 41)
	tests := []struct {
		name  string
		src   *string // raw source instead of edits to valid.yaml
		edits []edit
		want  []want // nil: the edited file is valid
	}{
		// --- the file as a whole
		{name: "malformed YAML: tab indentation", edits: []edit{set(9, "idriftsaettelse", "\t- key: idriftsaettelse")},
			want: []want{{9, "(fil)", "ugyldig YAML: line 9: found character that cannot start any token"}}},
		{name: "malformed YAML: colon in plain scalar", edits: []edit{set(15, "title", "    title: Udpeg: projektleder")},
			want: []want{{15, "(fil)", "mapping values are not allowed"}}},
		{name: "malformed YAML: unclosed quote", edits: []edit{set(53, "end", `    end: "1500`)},
			want: []want{{53, "(fil)", "ugyldig YAML"}}},
		{name: "empty file", src: ptr(""), want: []want{{1, "(fil)", "filen er tom"}}},
		{name: "only a comment", src: ptr("# intet her\n"), want: []want{{1, "(fil)", "filen er tom"}}},

		// --- format
		{name: "missing format", edits: []edit{set(1, "format")},
			want: []want{{1, "format", "mangler"}}},
		{name: "wrong format number", edits: []edit{set(1, "format", "format: 2")},
			want: []want{{1, "format", "formatet 2 kendes ikke"}}},
		{name: "format not an integer", edits: []edit{set(1, "format", "format: 1.0")},
			want: []want{{1, "format", `skal være et helt tal, ikke "1.0"`}}},

		// --- unknown and duplicate fields
		{name: "unknown top-level field", edits: []edit{set(1, "format", "format: 1", "version: 3")},
			want: []want{{2, "version", "ukendt felt"}}},
		{name: "unknown programme field", edits: []edit{set(6, "warning_days", "  warning_days: 5", "  colour: rød")},
			want: []want{{7, "programme.colour", "ukendt felt"}}},
		{name: "unknown milestone field", edits: []edit{set(12, "unit", "      unit: arbejdsdage", "      dato: 2027-01-01")},
			want: []want{{13, "programme.milestones[0].dato", "ukendt felt"}}},
		// --- national milestones (a fixed date for everyone)
		{name: "national milestone with an offset and unit", edits: []edit{set(12, "unit", "      unit: arbejdsdage", "      date: 2027-08-12")},
			want: []want{{11, "programme.milestones[0].offset", "en national milepæl har en fast dato"},
				{12, "programme.milestones[0].unit", "en national milepæl har en fast dato"}}},
		{name: "national milestone with a bad date", edits: []edit{set(12, "unit"), set(11, "offset", "      date: 2027-13-01")},
			want: []want{{11, "programme.milestones[0].date", "skal være en dato som 2027-08-12"}}},
		// --- wave names
		{name: "wave names: bad number, repeated number, missing name", edits: []edit{set(7, "institutions", "  institutions: skole", "  waves:",
			"    - {number: 0, name: Pilot 0}", "    - {number: 1, name: Pilot 1}", "    - {number: 1, name: Pilot 2}", "    - {number: 2}")},
			want: []want{{9, "programme.waves[0].number", "bølgens nummer skal være mellem 1 og 99, ikke 0"},
				{11, "programme.waves[2].number", "bølge 1 har allerede et navn"},
				{12, "programme.waves[3].name", "mangler"}}},
		{name: "wave names not a list", edits: []edit{set(7, "institutions", "  institutions: skole", "  waves: Pilot 1")},
			want: []want{{8, "programme.waves", "skal være en liste"}}},
		{name: "unknown task field", edits: []edit{set(16, "description", "    description: x", "    colour: rød")},
			want: []want{{17, "tasks[0].colour", "ukendt felt (tilladte felter: key, title"}}},
		{name: "unknown field in third task", edits: []edit{set(51, "executor", "    executor: Projektleder", "    owner: KOMBIT")},
			want: []want{{52, "tasks[2].owner", "ukendt felt"}}},
		{name: "duplicate task field", edits: []edit{set(16, "description", "    description: x", "    title: Igen")},
			want: []want{{17, "tasks[0].title", "feltet står to gange"}}},
		{name: "duplicate top-level field", edits: []edit{keep(53, "format: 1")},
			want: []want{{54, "format", "feltet står to gange"}}},
		{name: "duplicate programme field", edits: []edit{set(4, "name", `  name: "Demo"`, "  name: Igen")},
			want: []want{{5, "programme.name", "feltet står to gange"}}},

		// --- keys
		{name: "duplicate task key names the first line", edits: []edit{set(28, "demo-02", "  - key: demo-01")},
			want: []want{{28, "tasks[1].key", `nøglen "demo-01" er allerede brugt på linje 14`}}},
		{name: "third use of a task key names the first line",
			edits: []edit{set(28, "demo-02", "  - key: demo-01"), set(44, "d3", "  - key: demo-01")},
			want: []want{
				{28, "tasks[1].key", "allerede brugt på linje 14"},
				{44, "tasks[2].key", "allerede brugt på linje 14"},
			}},
		{name: "key with capital and underscore", edits: []edit{set(14, "demo-01", "  - key: Demo_01")},
			want: []want{{14, "tasks[0].key", `"Demo_01" er ikke en gyldig nøgle`}}},
		{name: "key of one character", edits: []edit{set(14, "demo-01", "  - key: d")},
			want: []want{{14, "tasks[0].key", "ikke en gyldig nøgle"}}},
		{name: "key of 41 characters", edits: []edit{set(14, "demo-01", "  - key: "+long)},
			want: []want{{14, "tasks[0].key", "ikke en gyldig nøgle"}}},
		{name: "key of 40 characters is fine", edits: []edit{set(14, "demo-01", "  - key: "+long[:40])}},
		{name: "key starting with hyphen", edits: []edit{set(14, "demo-01", "  - key: -demo")},
			want: []want{{14, "tasks[0].key", "ikke en gyldig nøgle"}}},
		{name: "key with space", edits: []edit{set(14, "demo-01", `  - key: "demo 01"`)},
			want: []want{{14, "tasks[0].key", "ikke en gyldig nøgle"}}},
		{name: "empty key", edits: []edit{set(14, "demo-01", `  - key: ""`)},
			want: []want{{14, "tasks[0].key", "må ikke være tom"}}},
		{name: "missing key", edits: []edit{set(14, "demo-01", "  - title: Udpeg projektleder"), set(15, "title")},
			want: []want{{14, "tasks[0].key", "mangler"}}},
		{name: "bad programme key", edits: []edit{set(3, "demo", "  key: KSD")},
			want: []want{{3, "programme.key", `"KSD" er ikke en gyldig nøgle`}}},
		{name: "bad milestone key also leaves the task's milestone unknown", edits: []edit{set(9, "idriftsaettelse", "    - key: Idrift")},
			want: []want{
				{9, "programme.milestones[0].key", "ikke en gyldig nøgle"},
				{40, "tasks[1].milestone", `programmet har ingen milepæl "idriftsaettelse"`},
			}},

		// --- references to the implementation model
		{name: "unknown theme", edits: []edit{set(17, "theme", "    theme: økonomi")},
			want: []want{{17, "tasks[0].theme", `ukendt tema "økonomi"`}}},
		{name: "theme by its name, not its key", edits: []edit{set(17, "theme", "    theme: Projektstyring")},
			want: []want{{17, "tasks[0].theme", "ukendt tema"}}},
		{name: "missing theme", edits: []edit{set(17, "theme")},
			want: []want{{14, "tasks[0].theme", "mangler"}}},
		{name: "unknown phase", edits: []edit{set(19, "phase", `    phase: "5"`)},
			want: []want{{19, "tasks[0].phase", `ukendt fase "5"`}}},
		{name: "parent phase 2 refused", edits: []edit{set(19, "phase", `    phase: "2"`)},
			want: []want{{19, "tasks[0].phase", `ukendt fase "2" (faser: 0, 1, 2.1, 2.2, 2.3, 3, 4)`}}},
		{name: "unquoted phase 2.1 is read as text", edits: []edit{set(19, "phase", "    phase: 2.1")}},
		{name: "phase 2.10 is not 2.1", edits: []edit{set(19, "phase", `    phase: "2.10"`)},
			want: []want{{19, "tasks[0].phase", "ukendt fase"}}},
		{name: "unknown type", edits: []edit{set(20, "type", "    type: valgfrit")},
			want: []want{{20, "tasks[0].type", `ukendt type "valgfrit"`}}},
		{name: "type label instead of key", edits: []edit{set(20, "type", "    type: Obligatorisk")},
			want: []want{{20, "tasks[0].type", "ukendt type"}}},
		{name: "unknown level", edits: []edit{set(21, "level", "    level: skole")},
			want: []want{{21, "tasks[0].level", `ukendt niveau "skole"`}}},
		{name: "main_task 0", edits: []edit{set(18, "main_task", "    main_task: 0")},
			want: []want{{18, "tasks[0].main_task", "hovedopgave 0 findes ikke i implementeringsmodellen (1–16)"}}},
		{name: "main_task 17", edits: []edit{set(18, "main_task", "    main_task: 17")},
			want: []want{{18, "tasks[0].main_task", "hovedopgave 17 findes ikke"}}},
		{name: "main_task 1 and 16 are fine", edits: []edit{set(18, "main_task", "    main_task: 1"), set(34, "main_task", "    main_task: 16")}},
		{name: "main_task not a number", edits: []edit{set(18, "main_task", "    main_task: tre")},
			want: []want{{18, "tasks[0].main_task", `skal være et helt tal, ikke "tre"`}}},
		{name: "missing main_task", edits: []edit{set(18, "main_task")},
			want: []want{{14, "tasks[0].main_task", "mangler"}}},

		// --- timing
		{name: "start not an integer", edits: []edit{set(25, "start", "    start: -120.5")},
			want: []want{{25, "tasks[0].start", `skal være et helt tal, ikke "-120.5"`}}},
		{name: "start a word", edits: []edit{set(25, "start", "    start: tidligt")},
			want: []want{{25, "tasks[0].start", "skal være et helt tal"}}},
		{name: "start a list", edits: []edit{set(25, "start", "    start: [-120]")},
			want: []want{{25, "tasks[0].start", "skal være et helt tal"}}},
		{name: "missing end", edits: []edit{set(26, "end")},
			want: []want{{14, "tasks[0].end", "mangler"}}},
		{name: "end before start", edits: []edit{set(26, "end", "    end: -121")},
			want: []want{{26, "tasks[0].end", "slut (-121) ligger før start (-120)"}}},
		{name: "end equal to start is fine", edits: []edit{set(26, "end", "    end: -120")}},
		{name: "start beyond -1500", edits: []edit{set(25, "start", "    start: -1501")},
			want: []want{{25, "tasks[0].start", "-1501 arbejdsdage fra milepælen er urealistisk (højst ±1500)"}}},
		{name: "start at -1500 is fine", edits: []edit{set(25, "start", "    start: -1500")}},
		{name: "end beyond +1500", edits: []edit{set(53, "end", "    end: 1501")},
			want: []want{{53, "tasks[2].end", "1501 arbejdsdage fra milepælen er urealistisk"}}},
		{name: "both beyond, in calendar days", edits: []edit{set(41, "start", "    start: -2000"), set(42, "end", "    end: -1600")},
			want: []want{
				{41, "tasks[1].start", "-2000 kalenderdage fra milepælen"},
				{42, "tasks[1].end", "-1600 kalenderdage fra milepælen"},
			}},
		{name: "unknown milestone", edits: []edit{set(24, "milestone", "    milestone: opstart")},
			want: []want{{24, "tasks[0].milestone", `programmet har ingen milepæl "opstart"`}}},
		{name: "bad task unit", edits: []edit{set(27, "unit", "    unit: timer")},
			want: []want{{27, "tasks[0].unit", `"timer" er ikke en enhed`}}},

		// --- programme and milestones
		{name: "missing programme", edits: []edit{cut(2, 12)},
			want: []want{
				{1, "programme", "mangler"},
				{29, "tasks[1].milestone", `ingen milepæl "idriftsaettelse"`},
			}},
		{name: "missing programme name", edits: []edit{set(4, "name")},
			want: []want{{3, "programme.name", "mangler"}}},
		{name: "duplicate milestone",
			edits: []edit{set(12, "unit", "      unit: arbejdsdage", "    - key: idriftsaettelse", "      name: Igen", "      offset: -3")},
			want:  []want{{13, "programme.milestones[1].key", `milepælen "idriftsaettelse" findes allerede`}}},
		{name: "two milestones without key are not duplicates",
			edits: []edit{
				set(9, "idriftsaettelse", "    - name: A"), set(10, "name"), set(11, "unit", "      unit: arbejdsdage", "    - name: B", "      offset: -3"),
				set(41, "milestone"), // the task placed from the milestone now uses golive
			},
			want: []want{
				{9, "programme.milestones[0].key", "mangler"},
				{12, "programme.milestones[1].key", "mangler"},
			}},
		{name: "milestone named golive", edits: []edit{set(9, "idriftsaettelse", "    - key: golive")},
			want: []want{
				{9, "programme.milestones[0].key", `milepælen "golive" findes allerede`},
				{40, "tasks[1].milestone", "ingen milepæl"},
			}},
		{name: "milestone offset beyond 1500", edits: []edit{set(11, "offset", "      offset: 1501")},
			want: []want{{11, "programme.milestones[0].offset", "1501 dage fra go-live er urealistisk"}}},
		{name: "milestone offset beyond -1500", edits: []edit{set(11, "offset", "      offset: -1501")},
			want: []want{{11, "programme.milestones[0].offset", "urealistisk"}}},
		{name: "milestone without offset", edits: []edit{set(11, "offset")},
			want: []want{{9, "programme.milestones[0].offset", "mangler"}}},
		{name: "bad milestone unit", edits: []edit{set(12, "unit", "      unit: uger")},
			want: []want{{12, "programme.milestones[0].unit", `"uger" er ikke en enhed`}}},
		{name: "milestones not a list", edits: []edit{cut(9, 12), set(8, "milestones", "  milestones: idriftsaettelse")},
			want: []want{
				{8, "programme.milestones", "skal være en liste"},
				{36, "tasks[1].milestone", "ingen milepæl"},
			}},
		{name: "warning_days -1", edits: []edit{set(6, "warning_days", "  warning_days: -1")},
			want: []want{{6, "programme.warning_days", "skal være mellem 0 og 60 arbejdsdage, ikke -1"}}},
		{name: "warning_days 61", edits: []edit{set(6, "warning_days", "  warning_days: 61")},
			want: []want{{6, "programme.warning_days", "ikke 61"}}},
		{name: "warning_days 0 is fine", edits: []edit{set(6, "warning_days", "  warning_days: 0")}},
		{name: "warning_days 60 is fine", edits: []edit{set(6, "warning_days", "  warning_days: 60")}},
		{name: "warning_days not a number", edits: []edit{set(6, "warning_days", "  warning_days: tre")},
			want: []want{{6, "programme.warning_days", "skal være et helt tal"}}},
		{name: "bad institutions value", edits: []edit{set(7, "institutions", "  institutions: skoler")},
			want: []want{{7, "programme.institutions", `ukendt institutionstype "skoler"`}}},
		{name: "institutions dagtilbud is fine", edits: []edit{set(7, "institutions", "  institutions: dagtilbud")}},

		// --- tasks
		{name: "tasks empty", edits: []edit{keep(12, "tasks: []")},
			want: []want{{13, "tasks", "skal være en liste med mindst én opgave"}}},
		{name: "tasks null", edits: []edit{keep(12, "tasks:")},
			want: []want{{13, "tasks", "mindst én opgave"}}},
		{name: "tasks a mapping", edits: []edit{keep(12, "tasks:", "  key: x")},
			want: []want{{14, "tasks", "mindst én opgave"}}},
		{name: "tasks missing", edits: []edit{keep(12)},
			want: []want{{1, "tasks", "mangler"}}},

		// --- several problems in one file, all reported together
		{name: "several problems together",
			edits: []edit{
				set(6, "warning_days", "  warning_days: 99"),
				set(17, "theme", "    theme: økonomi"),
				set(20, "type", "    type: frivillig"),
				set(26, "end", "    end: -121"),
				set(43, "unit", "    unit: timer"),
				set(47, "main_task", "    main_task: 17"),
			},
			want: []want{
				{6, "programme.warning_days", "ikke 99"},
				{17, "tasks[0].theme", "ukendt tema"},
				{20, "tasks[0].type", "ukendt type"},
				{26, "tasks[0].end", "ligger før start"},
				{43, "tasks[1].unit", "ikke en enhed"},
				{47, "tasks[2].main_task", "hovedopgave 17"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var src string
			if tt.src != nil {
				src = *tt.src
			} else {
				lines := validLines(t)
				for _, e := range tt.edits {
					lines = e(t, lines)
				}
				src = strings.Join(lines, "\n") + "\n"
			}
			c, err := catalogue.Parse(fileName, []byte(src), im)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("want no problems, got:\n%v", err)
				}
				if c == nil {
					t.Fatal("nil catalogue without error")
				}
				return
			}
			if c != nil {
				t.Errorf("got a catalogue together with problems")
			}
			var inv *catalogue.Invalid
			if !errors.As(err, &inv) {
				t.Fatalf("want *catalogue.Invalid, got %T %v", err, err)
			}
			diffs := compareProblems(inv.Problems, tt.want)
			for _, d := range diffs {
				t.Error(d)
			}
			if len(diffs) > 0 {
				t.Logf("source:\n%s\nproblems:\n%v", numbered(src), err)
			}
		})
	}
}

// compareProblems checks file, line and field exactly and the message by
// substring, ignoring order (problems are compared sorted by line, field).
func compareProblems(got []catalogue.Problem, exp []want) []string {
	var diffs []string
	for _, p := range got {
		if p.File != fileName {
			diffs = append(diffs, "problem with file "+p.File+": "+p.String())
		}
	}
	g := slices.Clone(got)
	slices.SortStableFunc(g, func(a, b catalogue.Problem) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Field, b.Field)
	})
	e := slices.Clone(exp)
	slices.SortStableFunc(e, func(a, b want) int {
		if a.line != b.line {
			return a.line - b.line
		}
		return strings.Compare(a.field, b.field)
	})
	if len(g) != len(e) {
		diffs = append(diffs, "got "+itoa(len(g))+" problems, want "+itoa(len(e)))
	}
	for i := 0; i < len(g) || i < len(e); i++ {
		switch {
		case i >= len(g):
			diffs = append(diffs, "missing problem: line "+itoa(e[i].line)+" "+e[i].field+": …"+e[i].msg+"…")
		case i >= len(e):
			diffs = append(diffs, "unexpected problem: "+g[i].String())
		case g[i].Line != e[i].line || g[i].Field != e[i].field || !strings.Contains(g[i].Message, e[i].msg):
			diffs = append(diffs, "got  "+g[i].String()+"\nwant "+fileName+":"+itoa(e[i].line)+": "+e[i].field+": …"+e[i].msg+"…")
		}
	}
	return diffs
}

func TestInvalidError(t *testing.T) {
	inv := &catalogue.Invalid{Problems: []catalogue.Problem{
		{File: "a.yaml", Line: 3, Field: "programme.key", Message: "mangler"},
		{File: "a.yaml", Line: 14, Field: "tasks[0].theme", Message: `ukendt tema "x"`},
	}}
	exp := "a.yaml:3: programme.key: mangler\na.yaml:14: tasks[0].theme: ukendt tema \"x\""
	if got := inv.Error(); got != exp {
		t.Errorf("Error() = %q, want %q", got, exp)
	}
	var err error = inv
	var target *catalogue.Invalid
	if !errors.As(err, &target) || len(target.Problems) != 2 {
		t.Errorf("errors.As failed")
	}
}

func ptr(s string) *string { return &s }

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func numbered(src string) string {
	var b strings.Builder
	for i, l := range strings.Split(src, "\n") {
		b.WriteString(itoa(i + 1))
		b.WriteString("\t")
		b.WriteString(l)
		b.WriteString("\n")
	}
	return b.String()
}

// A programme names its waves; a wave it does not name is shown by number.
func TestWaveNames(t *testing.T) {
	lines := validLines(t)
	lines = set(7, "institutions", "  institutions: skole", "  waves:", "    - {number: 1, name: Pilot 1}", "    - number: 3",
		"      name: Bølge 1")(t, lines)
	c, err := catalogue.Parse(fileName, []byte(strings.Join(lines, "\n")+"\n"), implModel(t))
	if err != nil {
		t.Fatal(err)
	}
	ws := c.Programme.Waves
	if len(ws) != 2 || ws.Short(1) != "Pilot 1" || ws.Label(3) != "Bølge 1" || ws.Short(2) != "2" || ws.Label(2) != "Bølge 2" ||
		ws.Label(0) != "Uden bølge" {
		t.Errorf("wave names %+v: %q %q %q %q %q", ws, ws.Short(1), ws.Label(3), ws.Short(2), ws.Label(2), ws.Label(0))
	}
}

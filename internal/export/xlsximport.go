package export

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
)

// RowProblem is one thing wrong with an imported spreadsheet, located by
// sheet, row (as the spreadsheet numbers it) and column heading.
type RowProblem struct {
	Sheet   string `json:"sheet"`
	Row     int    `json:"row"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

func (p RowProblem) String() string {
	if p.Column != "" {
		return fmt.Sprintf("%s række %d, kolonne %s: %s", p.Sheet, p.Row, p.Column, p.Message)
	}
	return fmt.Sprintf("%s række %d: %s", p.Sheet, p.Row, p.Message)
}

// ImportError lists every problem of a spreadsheet; nothing of it is imported.
type ImportError struct{ Problems []RowProblem }

func (e *ImportError) Error() string {
	s := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		s[i] = p.String()
	}
	return strings.Join(s, "\n")
}

// Spreadsheet columns: heading → catalogue field. Headings are matched
// without regard to case; the first ten are required.
var columns = []struct{ heading, field string }{
	{"ID", "key"}, {"Opgave", "title"}, {"Ansvarlig", "responsible"}, {"Udfører", "executor"},
	{"Start", "start"}, {"Slut", "end"}, {"Type", "type"}, {"Tema", "theme"}, {"Fase", "phase"}, {"Hovedopgave", "main_task"},
	{"Beskrivelse", "description"}, {"Niveau", "level"}, {"Milepæl", "milestone"}, {"Enhed", "unit"}, {"Afhængigheder", "depends_on"},
	{"Kontrolpunkt", "checkpoint"}, {"Parathedsmåling", "readiness_round"},
}

const requiredColumns = 10

var looksLikeDate = regexp.MustCompile(`^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}$`)

// Limits on what an uploaded workbook may expand to. An .xlsx file is a zip
// archive: a few kilobytes can claim gigabytes once unpacked, and a single
// cell in row 1,048,576 or column XFD makes a reader produce a million rows
// or 16,384 columns. The largest real catalogue has about 10,000 tasks in
// 15 columns, a few megabytes unpacked.
const (
	maxXLSXUnzipped = 64 << 20 // all parts of the archive together, unpacked
	maxXLSXInMemory = 16 << 20 // a larger sheet or string table is read from a temporary file
	maxXLSXRows     = 20_001   // the heading row and 20,000 tasks
	maxXLSXColumns  = 100
)

// xlsxTooLarge checks the sizes the archive declares for its parts (Go's
// zip reader never reads more than a part declares) before anything is
// unpacked; it returns the refusal, or "" if the archive is within bounds
// or is no zip archive at all (the spreadsheet reader then says so).
func xlsxTooLarge(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > maxXLSXUnzipped {
			return fmt.Sprintf("regnearket fylder over %d MB, når det pakkes ud (filen angiver mindst %d MB); et katalog fylder nogle få MB – gem arket igen uden andre ark og billeder",
				maxXLSXUnzipped>>20, total>>20)
		}
	}
	return ""
}

// readRows reads a sheet's rows as text, refusing more than maxXLSXRows rows
// or maxXLSXColumns columns as it goes, before they are held in memory.
func readRows(f *excelize.File, sheet string) ([][]string, error) {
	rs, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("arket kan ikke læses: %v", err)
	}
	defer rs.Close()
	var rows [][]string
	for rs.Next() {
		if len(rows) == maxXLSXRows {
			return nil, fmt.Errorf("arket har mere end %d rækker; et katalog har højst %d opgaver", maxXLSXRows, maxXLSXRows-1)
		}
		cells, err := rs.Columns()
		if err != nil {
			return nil, fmt.Errorf("række %d kan ikke læses: %v", len(rows)+1, err)
		}
		if len(cells) > maxXLSXColumns {
			return nil, fmt.Errorf("række %d har mere end %d kolonner", len(rows)+1, maxXLSXColumns)
		}
		rows = append(rows, cells)
	}
	if err := rs.Error(); err != nil {
		return nil, fmt.Errorf("arket kan ikke læses: %v", err)
	}
	// Trailing blank rows, as GetRows leaves them out.
	for len(rows) > 0 && slices.IndexFunc(rows[len(rows)-1], func(c string) bool { return c != "" }) < 0 {
		rows = rows[:len(rows)-1]
	}
	return rows, nil
}

// CatalogueFromXLSX reads a catalogue from a workbook laid out as central
// staff keep task lists (seed 002) and as CatalogueXLSX writes it: on sheet
// "Opgaver" (or the first sheet) a heading row with ID, Opgave, Ansvarlig,
// Udfører, Start, Slut, Type, Tema, Fase and Hovedopgave, optionally
// Beskrivelse, Niveau, Milepæl, Enhed, Afhængigheder, Kontrolpunkt and
// Parathedsmåling, then one task per row. Start and Slut are offsets in
// working days from the milestone (go-live unless Milepæl says otherwise),
// negative before it. Phases, themes, main tasks, types, milestones,
// checkpoints and survey rounds are read by key or by name.
//
// The sheets "Tjekliste" and "Links", if present, hold the tasks'
// checklists and links, a row per item naming its task's ID; "Program" and
// "Milepæle", if present, the programme's settings and milestones, which
// otherwise come from prog (an older single-sheet file keeps them). A
// Program sheet naming another programme than prog is refused.
//
// It returns the catalogue as a catalogue file (YAML, so it is published
// and stored like any other) or an *ImportError naming the sheet, row and
// column of each problem; the file's own validation (catalogue.Parse) runs
// too and its problems are reported by sheet and row.
func CatalogueFromXLSX(data []byte, prog model.Programme, im *model.ImplementationModel) ([]byte, error) {
	fileProblem := func(msg string) error {
		return &ImportError{Problems: []RowProblem{{Sheet: "(fil)", Row: 0, Message: msg}}}
	}
	if msg := xlsxTooLarge(data); msg != "" {
		return nil, fileProblem(msg)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxXLSXUnzipped, UnzipXMLSizeLimit: maxXLSXInMemory})
	if err != nil {
		return nil, fileProblem("filen er ikke et gyldigt Excel-regneark (.xlsx): " + err.Error())
	}
	defer f.Close()
	r := &workbookReader{f: f, im: im}
	sheet := f.GetSheetName(0)
	if r.has(sheetTasks) {
		sheet = sheetTasks
	}
	rows, err := readRows(f, sheet)
	if err != nil {
		return nil, &ImportError{Problems: []RowProblem{{Sheet: sheet, Row: 0, Message: err.Error()}}}
	}
	if len(rows) == 0 {
		r.add(sheet, 1, "", "arket er tomt; første række skal være overskrifterne %s", headingList(requiredColumns))
		return nil, &ImportError{r.problems}
	}
	all := make([]string, len(columns))
	for i, c := range columns {
		all[i] = c.heading
	}
	colOf := r.headings(sheet, rows[0], all, requiredColumns)
	if len(r.problems) > 0 {
		return nil, &ImportError{r.problems}
	}
	r.programme(&prog)
	names := newNames(im, &prog)
	types := map[string]string{"valgfri": "valgfri", "obligatorisk": "obligatorisk", "kritisk": "kritisk",
		"obligatorisk på kritisk vej": "kritisk", "kritisk vej": "kritisk"}

	var tasks []map[string]any
	var taskRows []int
	byKey := map[string]int{} // task key → index in tasks
	for i, cells := range rows[1:] {
		rowNo := i + 2
		if blank(cells) {
			continue
		}
		get := func(heading string) string { return cell(cells, colOf, heading) }
		t := map[string]any{}
		for _, c := range columns {
			v := get(c.heading)
			if v == "" {
				continue
			}
			bad := func(format string, args ...any) { r.add(sheet, rowNo, c.heading, format, args...) }
			switch c.field {
			case "start", "end":
				if n, ok := offset(v, bad); ok {
					t[c.field] = n
				}
			case "main_task":
				if n, ok := names.mainTask(v); ok {
					t[c.field] = n
				} else if n, ok := offset(v, bad); ok {
					t[c.field] = n // the catalogue's rules name the known main tasks
				}
			case "type":
				k, ok := types[strings.ToLower(v)]
				if !ok {
					bad("ukendt type %q: brug Valgfri, Obligatorisk eller Obligatorisk på kritisk vej", v)
					continue
				}
				t[c.field] = k
			case "theme":
				k, ok := names.theme(v)
				if !ok {
					bad("ukendt tema %q", v)
					continue
				}
				t[c.field] = k
			case "depends_on":
				var deps []string
				for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
					d, err := catalogue.ParseDependency(part)
					if err != nil {
						bad("%v", err)
						continue
					}
					deps = append(deps, catalogue.FormatDependency(d))
				}
				t[c.field] = deps
			default:
				// Names where the workbook shows them; anything else goes
				// to the catalogue's rules as written, which name the
				// values they know.
				t[c.field] = keyOf(names, c.field, v)
			}
		}
		if k, ok := t["key"].(string); ok {
			if _, dup := byKey[k]; !dup {
				byKey[k] = len(tasks)
			}
		}
		tasks = append(tasks, t)
		taskRows = append(taskRows, rowNo)
	}
	checkRows := r.checklists(tasks, byKey)
	linkRows := r.links(tasks, byKey)
	if len(r.problems) > 0 {
		return nil, &ImportError{r.problems}
	}
	if len(tasks) == 0 {
		r.add(sheet, 2, "", "arket har ingen opgaver under overskrifterne")
		return nil, &ImportError{r.problems}
	}

	// Programme header as YAML, then one task per line (JSON is YAML flow
	// style) so that the catalogue's problems map back to rows.
	head, err := yaml.Marshal(map[string]any{"format": catalogue.Format, "programme": programmeYAML(prog)})
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Write(head)
	out.WriteString("tasks:\n")
	firstTaskLine := bytes.Count(head, []byte("\n")) + 2
	for _, t := range tasks {
		b, err := json.Marshal(t)
		if err != nil {
			return nil, err
		}
		out.WriteString("  - ")
		out.Write(b)
		out.WriteString("\n")
	}
	// The catalogue's own rules, reported by sheet, row and column.
	if _, err := catalogue.Parse("regneark", out.Bytes(), im); err != nil {
		var inv *catalogue.Invalid
		if !errors.As(err, &inv) {
			return nil, err
		}
		for _, p := range inv.Problems {
			r.locate(p, sheet, firstTaskLine, taskRows, checkRows, linkRows, prog.Key)
		}
		return nil, &ImportError{r.problems}
	}
	return out.Bytes(), nil
}

// keyOf turns a workbook's name for a value of field into the catalogue's
// key, or returns v (lower-cased for the fields whose keys are).
func keyOf(n *names, field, v string) string {
	var k string
	ok := false
	switch field {
	case "phase":
		k, ok = n.phase(v)
	case "milestone":
		k, ok = n.milestone(v)
	case "level":
		k, ok = enumKey(levelNames, v)
	case "unit":
		k, ok = enumKey(unitNames, v)
	case "checkpoint":
		k, ok = n.checkpoint(v)
	case "readiness_round":
		k, ok = round(v)
	default:
		return v
	}
	if ok {
		return k
	}
	if field == "level" || field == "unit" {
		return strings.ToLower(v)
	}
	return v
}

// offset reads a whole number of days; a date gets a hint of what is meant.
func offset(v string, bad func(string, ...any)) (int, bool) {
	n, err := strconv.Atoi(strings.ReplaceAll(v, "−", "-"))
	if err == nil {
		return n, true
	}
	if looksLikeDate.MatchString(v) {
		bad("%q er en dato; skriv antal arbejdsdage fra milepælen (negativt før), fx -120", v)
	} else {
		bad("%q er ikke et helt tal", v)
	}
	return 0, false
}

func blank(cells []string) bool {
	return slices.IndexFunc(cells, func(c string) bool { return strings.TrimSpace(c) != "" }) < 0
}

// cell is the trimmed value of the column headed heading, "" if the row
// is shorter or the column absent.
func cell(cells []string, colOf map[string]int, heading string) string {
	i, ok := colOf[heading]
	if !ok || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}

func programmeYAML(prog model.Programme) map[string]any {
	pm := map[string]any{"key": prog.Key, "name": prog.Name, "warning_days": prog.WarningDays}
	if prog.Description != "" {
		pm["description"] = prog.Description
	}
	if prog.Institutions != "" {
		pm["institutions"] = prog.Institutions
	}
	var ms []map[string]any
	for _, m := range prog.Milestones {
		mm := map[string]any{"key": m.Key, "name": m.Name}
		if m.National() {
			mm["date"] = m.Date.String()
		} else {
			mm["offset"], mm["unit"] = m.Offset, string(m.Unit)
		}
		ms = append(ms, mm)
	}
	if len(ms) > 0 {
		pm["milestones"] = ms
	}
	var ws []map[string]any
	for _, w := range prog.Waves {
		ws = append(ws, map[string]any{"number": w.Number, "name": w.Name})
	}
	if len(ws) > 0 {
		pm["waves"] = ws
	}
	return pm
}

// workbookReader reads the sheets of a catalogue workbook, collecting
// problems.
type workbookReader struct {
	f        *excelize.File
	im       *model.ImplementationModel
	problems []RowProblem
	// Where the programme's settings and milestones were read, for
	// locating the catalogue's problems with them: the Program sheet's
	// row of each setting, Milepæle's row of each milestone.
	settingRows   map[string]int
	milestoneRows []int
	waveRows      []int // Bølger's row of each wave name
}

func (r *workbookReader) add(sheet string, row int, col, format string, args ...any) {
	r.problems = append(r.problems, RowProblem{Sheet: sheet, Row: row, Column: col, Message: fmt.Sprintf(format, args...)})
}

func (r *workbookReader) has(sheet string) bool {
	i, err := r.f.GetSheetIndex(sheet)
	return err == nil && i >= 0
}

// headings maps each known heading of a sheet's first row to its column,
// reporting unknown and repeated headings and missing required ones (the
// first required of known). Headings are matched without regard to case.
func (r *workbookReader) headings(sheet string, row []string, known []string, required int) map[string]int {
	colOf := map[string]int{}
	for i, h := range row {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		k := slices.IndexFunc(known, func(c string) bool { return strings.EqualFold(c, h) })
		if k < 0 {
			r.add(sheet, 1, h, "ukendt kolonne %q (kendte kolonner: %s)", h, strings.Join(known, ", "))
			continue
		}
		if _, dup := colOf[known[k]]; dup {
			r.add(sheet, 1, h, "kolonnen %q står to gange", h)
			continue
		}
		colOf[known[k]] = i
	}
	for _, c := range known[:required] {
		if _, ok := colOf[c]; !ok {
			r.add(sheet, 1, c, "kolonnen %q mangler", c)
		}
	}
	return colOf
}

// sideRows reads a side sheet's rows under its headings: each row not
// blank (the looked-up title aside) with the index of its task, or
// nothing if the sheet is absent or has problems.
func (r *workbookReader) sideRows(sheet string, known []string, required int, byKey map[string]int,
	each func(rowNo, task int, get func(string) string)) {
	if !r.has(sheet) {
		return
	}
	rows, err := readRows(r.f, sheet)
	if err != nil {
		r.add(sheet, 0, "", "%v", err)
		return
	}
	if len(rows) == 0 {
		return
	}
	before := len(r.problems)
	colOf := r.headings(sheet, rows[0], known, required)
	if len(r.problems) > before {
		return
	}
	for i, cells := range rows[1:] {
		get := func(h string) string { return cell(cells, colOf, h) }
		filled := false
		for _, h := range known {
			if h != "Opgave" && get(h) != "" {
				filled = true
			}
		}
		if !filled {
			continue
		}
		id := get("ID")
		task, ok := byKey[id]
		switch {
		case id == "":
			r.add(sheet, i+2, "ID", "angiv ID på den opgave, rækken hører til")
		case !ok:
			r.add(sheet, i+2, "ID", "arket %s har ingen opgave med ID %q", sheetTasks, id)
		default:
			each(i+2, task, get)
		}
	}
}

// checklists reads the Tjekliste sheet into the tasks' checklists and
// returns, per task, the sheet's row of each item.
func (r *workbookReader) checklists(tasks []map[string]any, byKey map[string]int) map[int][]int {
	rowsOf := map[int][]int{}
	r.sideRows(sheetChecklist, []string{"ID", "Punkt", "Nøgle", "Opgave"}, 2, byKey, func(rowNo, task int, get func(string) string) {
		var item any = get("Punkt")
		if k := get("Nøgle"); k != "" {
			item = map[string]string{"key": k, "text": get("Punkt")}
		}
		list, _ := tasks[task]["checklist"].([]any)
		tasks[task]["checklist"] = append(list, item)
		rowsOf[task] = append(rowsOf[task], rowNo)
	})
	return rowsOf
}

// links reads the Links sheet into the tasks' links and returns, per task,
// the sheet's row of each link.
func (r *workbookReader) links(tasks []map[string]any, byKey map[string]int) map[int][]int {
	rowsOf := map[int][]int{}
	r.sideRows(sheetLinks, []string{"ID", "Titel", "Adresse", "Opgave"}, 3, byKey, func(rowNo, task int, get func(string) string) {
		list, _ := tasks[task]["links"].([]any)
		tasks[task]["links"] = append(list, map[string]string{"title": get("Titel"), "url": get("Adresse")})
		rowsOf[task] = append(rowsOf[task], rowNo)
	})
	return rowsOf
}

// programme reads the Program and Milepæle sheets, where present, into
// prog. The Program sheet must name prog's programme.
func (r *workbookReader) programme(prog *model.Programme) {
	if r.has(sheetProgramme) {
		r.settings(prog)
	}
	if r.has(sheetMilestones) {
		r.milestones(prog)
	}
	if r.has(sheetWaves) {
		r.waves(prog)
	}
}

// waves reads the Bølger sheet: the programme's name for each wave number.
// The catalogue's rules (numbers unique and positive, names given) are
// checked with the rest of the catalogue and located here (locate).
func (r *workbookReader) waves(prog *model.Programme) {
	prog.Waves = nil
	rows, colOf, ok := r.listSheet(sheetWaves, waveHeader)
	if !ok {
		return
	}
	for i, cells := range rows[1:] {
		if blank(cells) {
			continue
		}
		rowNo := i + 2
		w := model.WaveName{Name: cell(cells, colOf, "Navn")}
		v := cell(cells, colOf, "Nummer")
		n, err := strconv.Atoi(v)
		if err != nil {
			r.add(sheetWaves, rowNo, "Nummer", "%q er ikke et bølgenummer; skriv fx 3", v)
		}
		w.Number = n
		prog.Waves = append(prog.Waves, w)
		r.waveRows = append(r.waveRows, rowNo)
	}
}

func (r *workbookReader) settings(prog *model.Programme) {
	rows, err := readRows(r.f, sheetProgramme)
	if err != nil {
		r.add(sheetProgramme, 0, "", "%v", err)
		return
	}
	r.settingRows = map[string]int{}
	known := []string{settingKey, settingName, settingDescription, settingWarningDays, settingInstitutions}
	for i, cells := range rows {
		if i == 0 || blank(cells) {
			continue // the heading row
		}
		label := strings.TrimSpace(cells[0])
		v := ""
		if len(cells) > 1 {
			v = strings.TrimSpace(cells[1])
		}
		k := slices.IndexFunc(known, func(s string) bool { return strings.EqualFold(s, label) })
		if k < 0 {
			r.add(sheetProgramme, i+1, programmeHeader[0], "ukendt indstilling %q (kendte: %s)", label, strings.Join(known, ", "))
			continue
		}
		r.settingRows[known[k]] = i + 1
		bad := func(format string, args ...any) { r.add(sheetProgramme, i+1, programmeHeader[1], format, args...) }
		switch known[k] {
		case settingKey:
			if v != prog.Key {
				bad("regnearket er kataloget for programmet %q, ikke %q; intet er indlæst", v, prog.Key)
			}
		case settingName:
			prog.Name = v
		case settingDescription:
			prog.Description = v
		case settingWarningDays:
			n, err := strconv.Atoi(v)
			if err != nil {
				bad("%q er ikke et helt antal arbejdsdage", v)
			}
			prog.WarningDays = n
		case settingInstitutions:
			if v == "" || strings.EqualFold(v, allInstitutions) {
				prog.Institutions = ""
			} else if k, ok := enumKey(institutionNames, v); ok {
				prog.Institutions = k
			} else {
				bad("ukendt institutionstype %q: brug %s, Skole eller Dagtilbud", v, allInstitutions)
			}
		}
	}
}

// listSheet reads a programme sheet of one item a row under a heading row
// (Milepæle, Bølger): its rows and the column of each heading, ok false
// if it is empty or its headings are wrong (reported).
func (r *workbookReader) listSheet(sheet string, header []string) ([][]string, map[string]int, bool) {
	rows, err := readRows(r.f, sheet)
	if err != nil {
		r.add(sheet, 0, "", "%v", err)
		return nil, nil, false
	}
	if len(rows) == 0 {
		return nil, nil, false
	}
	before := len(r.problems)
	colOf := r.headings(sheet, rows[0], header, 2)
	return rows, colOf, len(r.problems) == before
}

func (r *workbookReader) milestones(prog *model.Programme) {
	prog.Milestones = nil
	rows, colOf, ok := r.listSheet(sheetMilestones, milestoneHeader)
	if !ok {
		return
	}
	for i, cells := range rows[1:] {
		if blank(cells) {
			continue
		}
		rowNo := i + 2
		get := func(h string) string { return cell(cells, colOf, h) }
		m := model.Milestone{Key: get("Nøgle"), Name: get("Navn"), Unit: model.WorkingDays}
		if u := get("Enhed"); u != "" {
			m.Unit = model.Unit(keyOf(nil, "unit", u))
		}
		if get("Dato") != "" {
			for _, h := range []string{"Forskydning", "Enhed"} {
				if get(h) != "" {
					r.add(sheetMilestones, rowNo, h, "en national milepæl har en fast dato for hele landet og ingen %s fra go-live; slet den ene", strings.ToLower(h))
				}
			}
		} else if v := get("Forskydning"); v != "" {
			n, err := strconv.Atoi(strings.ReplaceAll(v, "−", "-"))
			if err != nil {
				r.add(sheetMilestones, rowNo, "Forskydning", "%q er ikke et helt antal dage fra go-live", v)
			}
			m.Offset = n
		} else {
			r.add(sheetMilestones, rowNo, "Forskydning", "angiv dage fra go-live (Forskydning) eller en fast dato for hele landet (Dato)")
		}
		if i, ok := colOf["Dato"]; ok && get("Dato") != "" {
			name, _ := excelize.CoordinatesToCellName(i+1, rowNo)
			raw, _ := r.f.GetCellValue(sheetMilestones, name, excelize.Options{RawCellValue: true})
			d, ok := cellDate(raw)
			if !ok {
				r.add(sheetMilestones, rowNo, "Dato", "%q er ikke en dato; skriv fx 12.08.2027", get("Dato"))
			}
			m.Date = d
		}
		prog.Milestones = append(prog.Milestones, m)
		r.milestoneRows = append(r.milestoneRows, rowNo)
	}
}

// cellDate reads a date cell: a spreadsheet date (a serial number) or a
// date written as text, 2027-08-12 or 12.08.2027 (also with - or /).
func cellDate(raw string) (model.Date, bool) {
	raw = strings.TrimSpace(raw)
	if v, err := strconv.ParseFloat(raw, 64); err == nil {
		t, err := excelize.ExcelDateToTime(v, false)
		if err != nil || v < 1 {
			return model.NoDate, false
		}
		return model.DateOf(t), true
	}
	for _, layout := range []string{"2006-01-02", "2.1.2006", "2-1-2006", "2/1/2006"} {
		if t, err := time.Parse(layout, raw); err == nil {
			return model.DateOf(t), true
		}
	}
	return model.NoDate, false
}

var sideField = regexp.MustCompile(`^tasks\[(\d+)\]\.(checklist|links)(?:\[(\d+)\](?:\.(\w+))?)?$`)
var milestoneField = regexp.MustCompile(`^programme\.milestones\[(\d+)\](?:\.(\w+))?$`)
var waveField = regexp.MustCompile(`^programme\.waves\[(\d+)\](?:\.(\w+))?$`)

// locate reports a problem of the catalogue's rules at the sheet, row and
// column it came from.
func (r *workbookReader) locate(p catalogue.Problem, sheet string, firstTaskLine int, taskRows []int, checkRows, linkRows map[int][]int, key string) {
	if m := sideField.FindStringSubmatch(p.Field); m != nil {
		task, _ := strconv.Atoi(m[1])
		side, rows, col := sheetChecklist, checkRows[task], "Punkt"
		if m[2] == "links" {
			side, rows, col = sheetLinks, linkRows[task], map[string]string{"title": "Titel", "url": "Adresse"}[m[4]]
		} else if m[4] == "key" {
			col = "Nøgle"
		}
		row := 0
		if len(rows) > 0 {
			row = rows[0]
		}
		if m[3] != "" {
			if i, _ := strconv.Atoi(m[3]); i < len(rows) {
				row = rows[i]
			}
		} else {
			col = ""
		}
		r.add(side, row, col, "%s", p.Message)
		return
	}
	if m := milestoneField.FindStringSubmatch(p.Field); m != nil && r.milestoneRows != nil {
		i, _ := strconv.Atoi(m[1])
		col := map[string]string{"key": "Nøgle", "name": "Navn", "offset": "Forskydning", "unit": "Enhed", "date": "Dato"}[m[2]]
		if i < len(r.milestoneRows) {
			r.add(sheetMilestones, r.milestoneRows[i], col, "%s", p.Message)
			return
		}
	}
	if m := waveField.FindStringSubmatch(p.Field); m != nil && r.waveRows != nil {
		i, _ := strconv.Atoi(m[1])
		if i < len(r.waveRows) {
			r.add(sheetWaves, r.waveRows[i], map[string]string{"number": "Nummer", "name": "Navn"}[m[2]], "%s", p.Message)
			return
		}
	}
	if strings.HasPrefix(p.Field, "programme.") && r.settingRows != nil {
		label := map[string]string{"key": settingKey, "name": settingName, "description": settingDescription,
			"warning_days": settingWarningDays, "institutions": settingInstitutions}[strings.TrimPrefix(p.Field, "programme.")]
		if row, ok := r.settingRows[label]; ok {
			r.add(sheetProgramme, row, programmeHeader[1], "%s: %s", label, p.Message)
			return
		}
	}
	if i := p.Line - firstTaskLine; i >= 0 && i < len(taskRows) {
		field := p.Field[strings.LastIndex(p.Field, ".")+1:]
		r.add(sheet, taskRows[i], headingOf(field), "%s", p.Message)
		return
	}
	r.add(sheet, 1, "", "programmet %q: %s: %s", key, p.Field, p.Message)
}

func headingOf(field string) string {
	if i := strings.IndexByte(field, '['); i >= 0 {
		field = field[:i]
	}
	for _, c := range columns {
		if c.field == field {
			return c.heading
		}
	}
	return ""
}

func headingList(n int) string {
	hs := make([]string, n)
	for i, c := range columns[:n] {
		hs[i] = c.heading
	}
	return strings.Join(hs, ", ")
}

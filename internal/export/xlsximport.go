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

// CatalogueFromXLSX reads a catalogue from the first sheet of a workbook
// laid out as central staff keep task lists (seed 002): a heading row with
// ID, Opgave, Ansvarlig, Udfører, Start, Slut, Type, Tema, Fase and
// Hovedopgave, optionally Beskrivelse, Niveau, Milepæl, Enhed and
// Afhængigheder, then one task per row. Start and Slut are offsets in working
// days from the milestone (go-live unless Milepæl says otherwise), negative
// before it. The programme's settings come from prog. It returns the
// catalogue as a catalogue file (YAML, so it is published and stored like
// any other) or an *ImportError naming the row and column of each problem;
// the file's own validation (catalogue.Parse) runs too and its problems are
// reported by row.
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
	sheet := f.GetSheetName(0)
	rows, err := readRows(f, sheet)
	if err != nil {
		return nil, &ImportError{Problems: []RowProblem{{Sheet: sheet, Row: 0, Message: err.Error()}}}
	}
	var problems []RowProblem
	add := func(row int, col, format string, args ...any) {
		problems = append(problems, RowProblem{Sheet: sheet, Row: row, Column: col, Message: fmt.Sprintf(format, args...)})
	}
	if len(rows) == 0 {
		add(1, "", "arket er tomt; første række skal være overskrifterne %s", headingList(requiredColumns))
		return nil, &ImportError{problems}
	}
	// Heading row.
	colOf := map[string]int{} // field → column index
	for i, h := range rows[0] {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		k := slices.IndexFunc(columns, func(c struct{ heading, field string }) bool { return strings.EqualFold(c.heading, h) })
		if k < 0 {
			add(1, h, "ukendt kolonne %q (kendte kolonner: %s)", h, headingList(len(columns)))
			continue
		}
		if _, dup := colOf[columns[k].field]; dup {
			add(1, h, "kolonnen %q står to gange", h)
			continue
		}
		colOf[columns[k].field] = i
	}
	for _, c := range columns[:requiredColumns] {
		if _, ok := colOf[c.field]; !ok {
			add(1, c.heading, "kolonnen %q mangler", c.heading)
		}
	}
	if len(problems) > 0 {
		return nil, &ImportError{problems}
	}

	themes := map[string]string{}
	for _, t := range im.Themes {
		themes[strings.ToLower(t.Key)] = t.Key
		themes[strings.ToLower(t.Name)] = t.Key
	}
	types := map[string]string{"valgfri": "valgfri", "obligatorisk": "obligatorisk", "kritisk": "kritisk",
		"obligatorisk på kritisk vej": "kritisk", "kritisk vej": "kritisk"}

	// Programme header as YAML, then one task per line so YAML lines map back to rows.
	pm := map[string]any{"key": prog.Key, "name": prog.Name, "warning_days": prog.WarningDays}
	if prog.Description != "" {
		pm["description"] = prog.Description
	}
	if prog.Institutions != "" {
		pm["institutions"] = prog.Institutions
	}
	var ms []map[string]any
	for _, m := range prog.Milestones {
		ms = append(ms, map[string]any{"key": m.Key, "name": m.Name, "offset": m.Offset, "unit": string(m.Unit)})
	}
	if len(ms) > 0 {
		pm["milestones"] = ms
	}
	head, err := yaml.Marshal(map[string]any{"format": catalogue.Format, "programme": pm})
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Write(head)
	out.WriteString("tasks:\n")
	firstTaskLine := bytes.Count(head, []byte("\n")) + 2
	rowOfLine := map[int]int{}
	line := firstTaskLine
	tasks := 0
	for r, cells := range rows[1:] {
		rowNo := r + 2
		get := func(field string) string {
			i, ok := colOf[field]
			if !ok || i >= len(cells) {
				return ""
			}
			return strings.TrimSpace(cells[i])
		}
		if slices.IndexFunc(cells, func(c string) bool { return strings.TrimSpace(c) != "" }) < 0 {
			continue // blank row
		}
		t := map[string]any{}
		for _, c := range columns {
			v := get(c.field)
			if v == "" {
				continue
			}
			switch c.field {
			case "start", "end", "main_task":
				n, err := strconv.Atoi(strings.ReplaceAll(v, "−", "-"))
				if err != nil {
					if looksLikeDate.MatchString(v) {
						add(rowNo, c.heading, "%q er en dato; skriv antal arbejdsdage fra milepælen (negativt før), fx -120", v)
					} else {
						add(rowNo, c.heading, "%q er ikke et helt tal", v)
					}
					continue
				}
				t[c.field] = n
			case "type":
				k, ok := types[strings.ToLower(v)]
				if !ok {
					add(rowNo, c.heading, "ukendt type %q: brug Valgfri, Obligatorisk eller Obligatorisk på kritisk vej", v)
					continue
				}
				t[c.field] = k
			case "theme":
				k, ok := themes[strings.ToLower(v)]
				if !ok {
					add(rowNo, c.heading, "ukendt tema %q", v)
					continue
				}
				t[c.field] = k
			case "depends_on":
				var deps []string
				for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
					d, err := catalogue.ParseDependency(part)
					if err != nil {
						add(rowNo, c.heading, "%v", err)
						continue
					}
					deps = append(deps, catalogue.FormatDependency(d))
				}
				t[c.field] = deps
			case "level", "unit":
				t[c.field] = strings.ToLower(v)
			default:
				t[c.field] = v
			}
		}
		b, err := json.Marshal(t) // JSON is YAML flow style: one line per task
		if err != nil {
			return nil, err
		}
		out.WriteString("  - ")
		out.Write(b)
		out.WriteString("\n")
		rowOfLine[line] = rowNo
		line++
		tasks++
	}
	if len(problems) > 0 {
		return nil, &ImportError{problems}
	}
	if tasks == 0 {
		add(2, "", "arket har ingen opgaver under overskrifterne")
		return nil, &ImportError{problems}
	}
	// The catalogue's own rules, reported by row and column.
	if _, err := catalogue.Parse("regneark", out.Bytes(), im); err != nil {
		var inv *catalogue.Invalid
		if !errors.As(err, &inv) {
			return nil, err
		}
		for _, p := range inv.Problems {
			row, ok := rowOfLine[p.Line]
			col := ""
			if field := p.Field[strings.LastIndex(p.Field, ".")+1:]; ok {
				col = headingOf(field)
			}
			if !ok {
				add(1, "", "programmet %q: %s: %s", prog.Key, p.Field, p.Message)
				continue
			}
			add(row, col, "%s", p.Message)
		}
		return nil, &ImportError{problems}
	}
	return out.Bytes(), nil
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

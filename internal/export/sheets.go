package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/internal/model"
)

// planHeader is the column row of a plan in both .xlsx and CSV.
var planHeader = []string{"ID", "Opgave", "Fase", "Tema", "Type", "Ansvarlig", "Udfører", "Tildelt", "Start", "Slut",
	"Varighed (arbejdsdage)", "Status", "Trafiklys", "Kritisk vej (beregnet)", "Slæk (arbejdsdage)", "Prognose slut",
	"Afhænger af", "Egen opgave", "Flyttet lokalt", "Begrundelse"}

func planRow(t Task, deps func([]model.Dependency) string) []any {
	return []any{t.Key, t.Title, t.Phase, t.Theme, t.Type.Label(), t.Responsible, t.Executor, t.Assignee, t.Start, t.End,
		t.Duration, t.Status.Label(), colourNames[t.Colour], yesNo(t.Critical), t.TotalFloat, t.ForecastEnd,
		deps(t.DependsOn), yesNo(t.Own), yesNo(t.Moved), t.MoveReason}
}

func yesNo(b bool) string {
	if b {
		return "Ja"
	}
	return "Nej"
}

// DepsText writes dependencies in the catalogue's compact form.
type DepsText func([]model.Dependency) string

// PlanXLSX writes a plan as a workbook: sheet "Plan" with one row per task
// (dates as real dates), sheet "Oplysninger" with what the plan is.
func PlanXLSX(p Plan, deps DepsText) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Plan"); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter("Plan")
	if err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	if err := sw.SetColWidth(2, 2, 50); err != nil {
		return nil, err
	}
	if err := writeRow(sw, 1, st.head(), toAny(planHeader)); err != nil {
		return nil, err
	}
	for i, t := range p.Tasks {
		if err := writeRow(sw, i+2, st, planRow(t, deps)); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet("Oplysninger"); err != nil {
		return nil, err
	}
	info := [][]any{
		{"Program", p.ProgrammeName + " (" + p.Programme + ")"},
		{"Kommune", p.MunicipalityName + " (" + p.MunicipalityCode + ")"},
		{"Go-live", p.GoLive.Danish()},
		{"Status pr.", p.Asof.Danish()},
		{"Dannet", p.Created.Format("02.01.2006 15:04") + " (UTC)"},
	}
	for i, r := range info {
		if err := f.SetSheetRow("Oplysninger", fmt.Sprintf("A%d", i+1), &r); err != nil {
			return nil, err
		}
	}
	return save(f)
}

// OverviewXLSX writes the national overview: sheet "Kommuner" with one row
// per municipality and its colour counts, sheet "Opgaver" with every
// municipality's plan lines. Streamed, so 98 × 150 lines stay fast.
func OverviewXLSX(o Overview, deps DepsText) ([]byte, error) {
	var buf bytes.Buffer
	err := OverviewXLSXTo(&buf, o, func(emit func(OverviewRow) error) error {
		for _, r := range o.Rows {
			if err := emit(r); err != nil {
				return err
			}
		}
		return nil
	}, deps)
	return buf.Bytes(), err
}

var overviewHeader = []string{"Kommunekode", "Kommune", "Region", "Bølge", "Go-live", "Fase", "Trafiklys", "Røde", "Gule", "Grønne", "Uden farve"}

func overviewRow(r OverviewRow) []any {
	return []any{r.Code, r.Name, r.Region, r.Wave, r.GoLive, r.Phase, colourNames[r.Colour], r.Counts.Red, r.Counts.Yellow,
		r.Counts.Green, r.Counts.None}
}

type styles struct {
	date, bold int
	header     bool // write every cell bold
}

func newStyles(f *excelize.File) (*styles, error) {
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd.mm.yyyy")})
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	return &styles{date: date, bold: bold}, nil
}

func (s *styles) head() *styles { h := *s; h.header = true; return &h }

func ptr[T any](v T) *T { return &v }

// writeRow writes values, dates as real dates in the date style, the header
// row in bold.
func writeRow(sw *excelize.StreamWriter, n int, st *styles, vals []any) error {
	cells := make([]any, len(vals))
	for i, v := range vals {
		switch x := v.(type) {
		case model.Date:
			if x == model.NoDate {
				continue
			}
			cells[i] = excelize.Cell{StyleID: st.date, Value: x.Time()}
		case string:
			if st.header {
				cells[i] = excelize.Cell{StyleID: st.bold, Value: x}
			} else {
				cells[i] = x
			}
		default:
			cells[i] = v
		}
	}
	cell, err := excelize.CoordinatesToCellName(1, n)
	if err != nil {
		return err
	}
	return sw.SetRow(cell, cells)
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func save(f *excelize.File) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// CSV is written the way Danish Excel opens it directly: UTF-8 with a byte
// order mark, semicolons between fields, dates as dd.mm.yyyy, CRLF lines.

// PlanCSV writes a plan as CSV with the same columns as PlanXLSX.
func PlanCSV(p Plan, deps DepsText) []byte {
	var buf bytes.Buffer
	w := csvWriter(&buf)
	w.Write(planHeader)
	for _, t := range p.Tasks {
		w.Write(texts(planRow(t, deps)))
	}
	w.Flush()
	return buf.Bytes()
}

// OverviewCSV writes the overview's municipality lines as CSV.
func OverviewCSV(o Overview) []byte {
	var buf bytes.Buffer
	w := csvWriter(&buf)
	w.Write(overviewHeader)
	for _, r := range o.Rows {
		w.Write(texts(overviewRow(r)))
	}
	w.Flush()
	return buf.Bytes()
}

func csvWriter(out io.Writer) *csv.Writer {
	out.Write([]byte("\uFEFF"))
	w := csv.NewWriter(out)
	w.Comma, w.UseCRLF = ';', true
	return w
}

func texts(vals []any) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		switch x := v.(type) {
		case model.Date:
			if x != model.NoDate {
				out[i] = x.Danish()
			}
		case string:
			out[i] = neutralise(x)
		default:
			out[i] = fmt.Sprint(x)
		}
	}
	return out
}

// neutralise keeps a text cell from being read as a formula by a
// spreadsheet (CSV injection): a leading = + - @ gets an apostrophe.
func neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// table is how a sheet of rows is laid out for reading and sorting in a
// spreadsheet: the header row frozen, an autofilter over the header, and
// each column's width (in characters; 0 leaves the default).
type table struct {
	sheet  string
	widths []float64
}

// start sets the widths and freezes the header row; call it on the stream
// writer before the first row.
func (tb table) start(sw *excelize.StreamWriter) error {
	for i, w := range tb.widths {
		if w > 0 {
			if err := sw.SetColWidth(i+1, i+1, w); err != nil {
				return err
			}
		}
	}
	return sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}})
}

// finish puts the autofilter over the header and rows; call it after the
// stream writer's Flush.
func (tb table) finish(f *excelize.File, rows int) error {
	last, err := excelize.CoordinatesToCellName(len(tb.widths), max(rows, 1)+1)
	if err != nil {
		return err
	}
	return f.AutoFilter(tb.sheet, "A1:"+last, nil)
}

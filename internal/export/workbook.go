package export

import (
	"bytes"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/internal/model"
)

// Every workbook udrul writes is made of tables written by writeTable, so
// they all look and print alike (docs/exchange.md): the header row bold,
// frozen and with an autofilter, columns as wide as their contents (within
// limits), dates and times as real dates in Danish form, and a print setup
// of A4 landscape, one page wide, the header row repeated on every page.

// table is one sheet: a header row and its rows. Cells are strings,
// numbers, model.Date (a date cell; NoDate leaves the cell empty) or
// time.Time (a date and time cell, UTC).
type table struct {
	sheet string
	head  []string
	rows  [][]any
	// maxWidth caps a column's width (in characters); 0 is defaultMaxWidth.
	maxWidth map[int]float64
}

const (
	minWidth        = 6
	defaultMaxWidth = 40
	a4              = 9 // the paper size code of A4 in SpreadsheetML
)

// newWorkbook returns a workbook whose first sheet is named first.
func newWorkbook(first string) (*excelize.File, *styles, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", first); err != nil {
		f.Close()
		return nil, nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, st, nil
}

// writeTable writes t into its sheet (made if missing), streamed, with the
// common setup.
func writeTable(f *excelize.File, st *styles, t table) error {
	sw, err := beginTable(f, st, t, len(t.rows))
	if err != nil {
		return err
	}
	for i, r := range t.rows {
		if err := writeRow(sw, i+2, st, r); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// beginTable makes t's sheet with the common setup – autofilter over the
// header and rows data rows, A4 landscape one page wide with the header
// repeated, the header frozen, column widths from t's head and rows – and
// returns its stream writer with the header written; the caller writes the
// rows from row 2 and flushes.
func beginTable(f *excelize.File, st *styles, t table, rows int) (*excelize.StreamWriter, error) {
	if idx, err := f.GetSheetIndex(t.sheet); err != nil {
		return nil, err
	} else if idx < 0 {
		if _, err := f.NewSheet(t.sheet); err != nil {
			return nil, err
		}
	}
	// The stream writer writes the sheet's properties when it is made and
	// the rest of the settings it shares with the sheet at Flush, so these
	// go in first.
	if err := filterTable(f, t, rows); err != nil {
		return nil, err
	}
	if err := f.SetSheetProps(t.sheet, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return nil, err
	}
	if err := f.SetPageLayout(t.sheet, &excelize.PageLayoutOptions{Size: ptr(a4), Orientation: ptr("landscape"),
		FitToWidth: ptr(1), FitToHeight: ptr(0)}); err != nil {
		return nil, err
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$1:$1", t.sheet),
		Scope: t.sheet}); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(t.sheet)
	if err != nil {
		return nil, err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, err
	}
	// Last column first: the writer puts each in front of the others, and
	// the file format wants them in ascending order.
	ws := columnWidths(t)
	for i := len(ws) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, ws[i]); err != nil {
			return nil, err
		}
	}
	if err := writeRow(sw, 1, st.head(), toAny(t.head)); err != nil {
		return nil, err
	}
	return sw, nil
}

// filterTable puts the autofilter over t's header and rows data rows.
func filterTable(f *excelize.File, t table, rows int) error {
	last, err := excelize.CoordinatesToCellName(max(len(t.head), 1), rows+1)
	if err != nil {
		return err
	}
	return f.AutoFilter(t.sheet, "A1:"+last, nil)
}

// columnWidths fits each column to its header and its longest value (the
// first 2,000 rows), between minWidth and the column's cap.
func columnWidths(t table) []float64 {
	n := len(t.head)
	for _, r := range t.rows {
		n = max(n, len(r))
	}
	w := make([]float64, n)
	var measure func(i int, v any)
	measure = func(i int, v any) {
		l := 0
		switch x := v.(type) {
		case excelize.Cell: // a formula: its value
			measure(i, x.Value)
			return
		case string:
			l = utf8.RuneCountInString(x)
		case model.Date:
			l = 10
		case time.Time:
			l = 16
		case nil:
		default:
			l = len(fmt.Sprint(x))
		}
		w[i] = max(w[i], float64(l)+2)
	}
	for i, h := range t.head {
		measure(i, h)
		w[i] += 2 // room for the autofilter's button
	}
	for k, r := range t.rows {
		if k == 2000 {
			break
		}
		for i, v := range r {
			measure(i, v)
		}
	}
	for i := range w {
		limit := float64(defaultMaxWidth)
		if m, ok := t.maxWidth[i]; ok {
			limit = m
		}
		w[i] = min(max(w[i], minWidth), limit)
	}
	return w
}

type styles struct {
	date, dateTime, bold int
	header               bool // write every cell bold
}

func newStyles(f *excelize.File) (*styles, error) {
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd.mm.yyyy")})
	if err != nil {
		return nil, err
	}
	dateTime, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd.mm.yyyy hh:mm")})
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	return &styles{date: date, dateTime: dateTime, bold: bold}, nil
}

func (s *styles) head() *styles { h := *s; h.header = true; return &h }

func ptr[T any](v T) *T { return &v }

// writeRow writes values, dates and times as real dates in their styles,
// the header row in bold.
func writeRow(sw *excelize.StreamWriter, n int, st *styles, vals []any) error {
	cells := make([]any, len(vals))
	for i, v := range vals {
		switch x := v.(type) {
		case model.Date:
			if x == model.NoDate {
				continue
			}
			cells[i] = excelize.Cell{StyleID: st.date, Value: x.Time()}
		case time.Time:
			if x.IsZero() {
				continue
			}
			cells[i] = excelize.Cell{StyleID: st.dateTime, Value: x.UTC()}
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

// infoTable is the "Oplysninger" sheet: what the workbook is, one fact a
// row, dates as dates.
func infoTable(rows [][]any) table {
	return table{sheet: "Oplysninger", head: []string{"Oplysning", "Værdi"}, rows: rows, maxWidth: map[int]float64{1: 80}}
}

func save(f *excelize.File) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

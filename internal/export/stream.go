package export

import (
	"archive/zip"
	"io"

	"github.com/xuri/excelize/v2"
)

// OverviewXLSXTo writes the national overview workbook (the same sheets as
// OverviewXLSX) to w without holding the municipalities' plan lines: sheet
// "Kommuner" from o.Rows (their Tasks are not used), then sheet "Opgaver"
// from each, which calls emit once per municipality with its plan lines;
// excelize's stream writer keeps at most its buffer of rows (16 MB of XML)
// in memory and spills the rest to a temporary file, and the zip is
// written to w part by part.
func OverviewXLSXTo(w io.Writer, o Overview, each func(emit func(OverviewRow) error) error, deps DepsText) error {
	f, st, err := newWorkbook("Kommuner")
	if err != nil {
		return err
	}
	defer f.Close()
	rows := make([][]any, len(o.Rows))
	for i, r := range o.Rows {
		rows[i] = overviewRow(r)
	}
	if err := writeTable(f, st, table{sheet: "Kommuner", head: overviewHeader, rows: rows}); err != nil {
		return err
	}
	tasks := table{sheet: "Opgaver", head: append([]string{"Kommunekode", "Kommune"}, planHeader...), maxWidth: planWidths(2)}
	// The number of plan lines is not known before they are streamed, and a
	// filter set after the stream writer's Flush is lost: filter the whole
	// sheet's height (empty rows filter to nothing).
	sw, err := beginTable(f, st, tasks, excelize.TotalRows-1)
	if err != nil {
		return err
	}
	n := 2
	err = each(func(r OverviewRow) error {
		for _, t := range r.Tasks {
			if err := writeRow(sw, n, st, append([]any{r.Code, r.Name}, planRow(t, deps)...)); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	info := infoTable([][]any{
		{"Program", o.ProgrammeName + " (" + o.Programme + ")"},
		{"Status pr.", o.Asof},
		{"Kommuner", len(o.Rows)},
	})
	if err := writeTable(f, st, info); err != nil {
		return err
	}
	// File.WriteTo would build the whole zip in a buffer first; a zip
	// writer on w writes each part as it is compressed. (The buffer that
	// WriteToBuffer returns stays empty; it only matters for parts over
	// 4 GB, which an overview does not have.)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) })
	_, err = f.WriteToBuffer()
	return err
}

// OverviewCSVTo writes OverviewCSV's rows to w as they come.
func OverviewCSVTo(w io.Writer, o Overview) error {
	cw := csvWriter(w)
	cw.Write(overviewHeader)
	for _, r := range o.Rows {
		cw.Write(texts(overviewRow(r)))
	}
	cw.Flush()
	return cw.Error()
}

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
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Kommuner"); err != nil {
		return err
	}
	if _, err := f.NewSheet("Opgaver"); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("Kommuner")
	if err != nil {
		return err
	}
	if err := writeRow(sw, 1, st.head(), toAny(overviewHeader)); err != nil {
		return err
	}
	for i, r := range o.Rows {
		if err := writeRow(sw, i+2, st, overviewRow(r)); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	sw, err = f.NewStreamWriter("Opgaver")
	if err != nil {
		return err
	}
	head := append([]string{"Kommunekode", "Kommune"}, planHeader...)
	if err := writeRow(sw, 1, st.head(), toAny(head)); err != nil {
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

package export_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/export"
	"github.com/udrul/udrul/internal/model"
)

// FuzzCatalogueFromXLSX feeds spreadsheets to the catalogue import: a
// catalogue file or an *ImportError (answered 422 with its rows), never a
// panic or another error. Seeds: a good workbook, one with problems, and
// broken zips.
func FuzzCatalogueFromXLSX(f *testing.F) {
	im, err := data.ImplementationModel()
	if err != nil {
		f.Fatal(err)
	}
	prog := model.Programme{Key: "ksd", Name: "KSD", WarningDays: 3}
	book := func(rows ...[]any) []byte {
		x := excelize.NewFile()
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			x.SetSheetRow("Sheet1", cell, &r)
		}
		var buf bytes.Buffer
		x.WriteTo(&buf)
		return buf.Bytes()
	}
	good := book(head, []any{"ksd-01", "Indgå databehandleraftale", "Kommunen", "Projektleder", -200, -150, "Obligatorisk", "Projektstyring", "2.1", 2, ""},
		[]any{"ksd-02", "Konfigurér", "Kommunen", "Administrator", -140, -120, "Obligatorisk", "konfigurering", "2.1", 12, "ksd-01:SS+2"})
	f.Add(good)
	f.Add(book(head, []any{"ksd-01", "X", "K", "P", "2027-01-04", -1, "Vigtig", "ukendt", "2.1", 8, "ksd-99"}))
	f.Add(good[:len(good)/2])
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		y, err := export.CatalogueFromXLSX(b, prog, im)
		if err != nil {
			var ie *export.ImportError
			if !errors.As(err, &ie) || len(ie.Problems) == 0 {
				t.Fatalf("error %T %q is not a list of row problems", err, err)
			}
			return
		}
		if len(y) == 0 {
			t.Fatal("no catalogue and no error")
		}
	})
}

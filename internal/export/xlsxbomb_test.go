package export_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/export"
	"github.com/udrul/udrul/internal/model"
)

// rezip copies the workbook wb, letting change replace a part's content
// (returning false keeps it). Parts are deflated as Excel does.
func rezip(t *testing.T, wb []byte, change func(name string, zw *zip.Writer) bool) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(wb), int64(len(wb)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if change(f.Name, zw) {
			continue
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		rc, _ := f.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// withSheet copies the workbook wb with its first sheet's XML rewritten by
// edit.
func withSheet(t *testing.T, wb []byte, edit func(orig []byte, w io.Writer)) []byte {
	t.Helper()
	const name = "xl/worksheets/sheet1.xml"
	zr, err := zip.NewReader(bytes.NewReader(wb), int64(len(wb)))
	if err != nil {
		t.Fatal(err)
	}
	var orig []byte
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			orig, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	if orig == nil {
		t.Fatalf("no %s in the workbook", name)
	}
	return rezip(t, wb, func(n string, zw *zip.Writer) bool {
		if n != name {
			return false
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		edit(orig, w)
		return true
	})
}

// spaces is an endless reader of blanks, which XML allows between elements.
type spaces struct{}

func (spaces) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// TestXLSXBombsAreRefused: workbooks that are small as files but huge
// unpacked – by their real content, by the sizes they claim, or by one cell
// far down or far right – are refused with a Danish problem before the
// reader allocates what they claim.
func TestXLSXBombsAreRefused(t *testing.T) {
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	prog := model.Programme{Key: "ksd", Name: "KSD", WarningDays: 3}
	good := sheet(t, [][]any{head, {"ksd-01", "Indgå databehandleraftale", "Kommunen", "Projektleder", -200, -150, "Obligatorisk", "Projektstyring", "2.1", 2, ""}})
	if _, err := export.CatalogueFromXLSX(good, prog, im); err != nil {
		t.Fatalf("the workbook the bombs are made from: %v", err)
	}

	// 100 MB of blanks inside the sheet's XML, deflated to about 100 KB.
	realBomb := withSheet(t, good, func(orig []byte, w io.Writer) {
		i := bytes.LastIndex(orig, []byte("</worksheet>"))
		w.Write(orig[:i])
		io.CopyN(w, spaces{}, 100<<20)
		w.Write(orig[i:])
	})
	// A part that claims 2.98 GB in 6 KB of deflated blanks (Go's zip reader
	// would stop at the claimed size; a reader that trusts the claim
	// allocates it up front).
	claimed := rezip(t, good, func(name string, zw *zip.Writer) bool {
		if name != "xl/worksheets/sheet1.xml" {
			return false
		}
		body := bytes.Repeat([]byte(" "), 6<<10)
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(body),
			CompressedSize64: uint64(len(body)), UncompressedSize64: 2_980_000_000})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
		return true
	})
	// One cell far down or far right.
	far := func(cell string) []byte {
		return withSheet(t, good, func(orig []byte, w io.Writer) {
			i := bytes.LastIndex(orig, []byte("</sheetData>"))
			row := strings.TrimLeft(cell, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
			w.Write(orig[:i])
			fmt.Fprintf(w, `<row r="%s"><c r="%s" t="inlineStr"><is><t>x</t></is></c></row>`, row, cell)
			w.Write(orig[i:])
		})
	}
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"deflated blanks", realBomb, "fylder over 64 MB, når det pakkes ud"},
		{"claimed size", claimed, "fylder over 64 MB, når det pakkes ud (filen angiver mindst 2841 MB)"},
		{"last row", far("A1048576"), "arket har mere end 20001 rækker"},
		{"last column", far("XFD2"), "række 2 har mere end 100 kolonner"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.data) > 1<<20 {
				t.Fatalf("the bomb is %d bytes; it should be small", len(tt.data))
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := export.CatalogueFromXLSX(tt.data, prog, im)
			runtime.ReadMemStats(&after)
			var ie *export.ImportError
			if !errors.As(err, &ie) || !strings.Contains(ie.Error(), tt.want) {
				t.Fatalf("err = %v, want an import problem containing %q", err, tt.want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
				t.Errorf("refusing a %d-byte file allocated %d MB", len(tt.data), alloc>>20)
			}
		})
	}
}

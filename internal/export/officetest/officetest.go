// Package officetest opens workbooks with a real spreadsheet program in
// tests: LibreOffice, headless, converts every sheet to CSV as a user
// opening the file would see it (dates as shown, in their number format).
// Without LibreOffice the test is skipped with the reason printed
// (Debian package libreoffice-calc-nogui).
package officetest

import (
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Binary is LibreOffice's program, or "" if it is not installed.
func Binary() string {
	for _, name := range []string{"libreoffice", "soffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

const missing = "skipping LibreOffice check: libreoffice not installed (Debian package libreoffice-calc-nogui)"

// Sheets converts every sheet of the workbook with LibreOffice and returns
// each sheet's rows by the sheet's name, or skips the test.
func Sheets(t testing.TB, xlsx []byte) map[string][][]string {
	t.Helper()
	if Binary() == "" {
		t.Skip(missing)
	}
	s, _ := Open(t, xlsx)
	return s
}

// Open is Sheets for a test that goes on without LibreOffice: it logs
// why the check is skipped and returns false.
func Open(t testing.TB, xlsx []byte) (map[string][][]string, bool) {
	t.Helper()
	bin := Binary()
	if bin == "" {
		t.Log(missing)
		return nil, false
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "book.xlsx")
	if err := os.WriteFile(in, xlsx, 0o644); err != nil {
		t.Fatal(err)
	}
	// Filter options: comma, double quote, UTF-8, from line 1, …, and
	// the 9th true: cells as shown (dates in their format); the 12th -1:
	// every sheet, each to book-<sheet>.csv.
	cmd := exec.Command(bin, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", "--outdir", dir, in)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "book-*.csv"))
	if len(files) == 0 {
		t.Fatalf("LibreOffice wrote no CSV:\n%s", out)
	}
	sheets := map[string][][]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(strings.NewReader(string(b)))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(f), err)
		}
		sheets[strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "book-"), ".csv")] = rows
	}
	return sheets, true
}

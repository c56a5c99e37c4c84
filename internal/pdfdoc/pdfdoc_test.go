package pdfdoc_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/pdfdoc"
)

// pdfText runs poppler's pdftotext and pdfinfo on pdf, as a reader would.
func pdfText(t *testing.T, pdf []byte) (text, info string) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	f := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", f, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	inf, err := exec.Command("pdfinfo", f).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, inf)
	}
	return string(out), string(inf)
}

func TestDocumentReadsBack(t *testing.T) {
	d := pdfdoc.New(pdfdoc.Meta{Title: "Håndbog for Ærø Kommune", Subtitle: "Større øvelse", Author: "udrul",
		Footer: "Version 3 · 7.12.2026", Created: time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC),
		Facts: [][2]string{{"Go-live", "1. marts 2027"}}})
	d.Heading(1, "Første afsnit")
	d.Paragraph("Blåbærgrød med fløde og æbleskiver.")
	d.Bullets([]string{"Øst", "Vest"})
	d.Heading(2, "Opgaver")
	var rows [][]string
	for i := range 120 {
		rows = append(rows, []string{fmt.Sprintf("Opgave nr. %d med en lang titel der må ombrydes på flere linjer i sin kolonne", i), "Kritisk", "Projektleder"})
	}
	d.Table([]pdfdoc.Column{{Title: "Opgave", Width: 0.6}, {Title: "Type", Width: 0.2}, {Title: "Udførende", Width: 0.2}}, rows)
	d.Heading(1, "Sidste afsnit")
	d.Facts([][2]string{{"Kontakt", "Søren Ågård"}})
	pdf, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	text, info := pdfText(t, pdf)
	for _, want := range []string{"Håndbog for Ærø Kommune", "Blåbærgrød med fløde og æbleskiver.", "Søren Ågård", "Indhold",
		"Opgave nr. 0 ", "Opgave nr. 119 ", "Version 3 · 7.12.2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("the text has no %q", want)
		}
	}
	pages := strings.Count(text, "\f")
	if pages < 4 {
		t.Fatalf("%d pages, want a table over several", pages)
	}
	for p := 1; p <= pages; p++ {
		if !strings.Contains(text, fmt.Sprintf("Side %d af %d", p, pages)) {
			t.Errorf("no footer \"Side %d af %d\"", p, pages)
		}
	}
	if strings.Count(text, "Version 3 · 7.12.2026") != pages {
		t.Errorf("the version is not on every page")
	}
	if !strings.Contains(info, "Title:           Håndbog for Ærø Kommune") {
		t.Errorf("pdfinfo:\n%s", info)
	}
	// The contents name the last section's page.
	last := strings.Split(text, "\f")[pages-1]
	if !strings.Contains(last, "Sidste afsnit") {
		t.Fatalf("the last page is not the last section")
	}
	if !strings.Contains(strings.Split(text, "\f")[0], fmt.Sprintf("Sidste afsnit%s%d", strings.Repeat(" ", 1), pages)) &&
		!containsTOC(strings.Split(text, "\f")[0], "Sidste afsnit", pages) {
		t.Errorf("the contents do not give page %d for the last section:\n%s", pages, strings.Split(text, "\f")[0])
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Error("not a PDF")
	}
}

func containsTOC(page, title string, n int) bool {
	for _, l := range strings.Split(page, "\n") {
		if strings.Contains(l, title) && strings.HasSuffix(strings.TrimSpace(l), fmt.Sprint(n)) {
			return true
		}
	}
	return false
}

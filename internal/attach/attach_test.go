package attach_test

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/attach"
)

// zipOf builds a zip archive with the given parts.
func zipOf(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, content := range parts {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(content))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCheck(t *testing.T) {
	docx := zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"})
	xlsx := zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>"})
	odt := zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
	ods := zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet"})
	plainZip := zipOf(t, map[string]string{"a.txt": "x"})
	tests := []struct {
		name    string
		content []byte
		ctype   string // "" expects an error containing msg
		msg     string
	}{
		{"referat.pdf", []byte("%PDF-1.7\n..."), "application/pdf", ""},
		{"REFERAT.PDF", []byte("%PDF-1.4"), "application/pdf", ""},
		{"plan.docx", docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ""},
		{"plan.xlsx", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ""},
		{"plan.odt", odt, "application/vnd.oasis.opendocument.text", ""},
		{"plan.ods", ods, "application/vnd.oasis.opendocument.spreadsheet", ""},
		{"skærm.png", []byte("\x89PNG\r\n\x1a\nrest"), "image/png", ""},
		{"foto.jpg", []byte{0xff, 0xd8, 0xff, 0xe0, 1, 2}, "image/jpeg", ""},
		{"foto.jpeg", []byte{0xff, 0xd8, 0xff, 0xe1}, "image/jpeg", ""},
		{"noter.txt", []byte("Første punkt\r\nAndet\tpunkt\n"), "text/plain; charset=utf-8", ""},
		{"liste.csv", []byte("navn;antal\nSkole A;3\n"), "text/csv; charset=utf-8", ""},

		{"virus.exe", []byte("MZ\x90\x00"), "", `"virus.exe": filtypen .exe er ikke tilladt; tilladte filtyper: pdf, docx, xlsx, pptx, odt, ods, png, jpg, txt, csv`},
		{"side.html", []byte("<html>"), "", "filtypen .html er ikke tilladt"},
		{"README", []byte("tekst"), "", `"README" har ingen filendelse`},
		{"falsk.pdf", []byte("<html><script>"), "", `"falsk.pdf" er ikke en PDF-fil: indholdet passer ikke til endelsen .pdf`},
		{"falsk.docx", xlsx, "", `"falsk.docx" er ikke en Word-fil`},
		{"zip.docx", plainZip, "", "ikke en Word-fil"},
		{"falsk.odt", ods, "", "ikke en OpenDocument-tekst-fil"},
		{"falsk.png", []byte{0xff, 0xd8, 0xff}, "", "ikke en PNG-billede-fil"},
		{"binær.txt", []byte("MZ\x00\x00\x01"), "", `"binær.txt" er ikke en tekst-fil`},
		{"tom.txt", nil, "", `"tom.txt" er tom`},
		{"stor.txt", bytes.Repeat([]byte("a"), attach.MaxSize+1), "", `"stor.txt" er for stor (lidt over 10 MB; højst 10 MB)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := attach.Check(tt.name, tt.content)
			if tt.ctype != "" {
				if err != nil || got != tt.ctype {
					t.Errorf("Check = %q, %v; want %q", got, err, tt.ctype)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Check = %q, %v; want an error containing %q", got, err, tt.msg)
			}
		})
	}
	if _, err := attach.Check("grænse.txt", bytes.Repeat([]byte("a"), attach.MaxSize)); err != nil {
		t.Errorf("exactly MaxSize refused: %v", err)
	}
}

func TestName(t *testing.T) {
	for in, want := range map[string]string{
		"referat.pdf":                   "referat.pdf",
		`C:\fakepath\Møde referat.docx`: "Møde referat.docx",
		"/home/x/../plan.xlsx":          "plan.xlsx",
		"  noter.txt ":                  "noter.txt",
	} {
		if got, err := attach.Name(in); err != nil || got != want {
			t.Errorf("Name(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "   ", "/", "a\x00b.txt", "ny\nlinje.txt", strings.Repeat("x", 201) + ".txt"} {
		if got, err := attach.Name(bad); err == nil {
			t.Errorf("Name(%q) = %q, want an error", bad, got)
		}
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 byte", 1023: "1023 byte", 1024: "1 kB", 1500: "2 kB", 1 << 20: "1 MB", 3565158: "3,4 MB", 10 << 20: "10 MB"} {
		if got := attach.Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}

// Package attach decides which files may be attached to a task: the type
// is taken from the file name's extension and must agree with the content
// (sniffed from its first bytes, and for the zip-based office formats from
// the package's parts), so that a renamed executable or an HTML page
// called .pdf is refused. Errors name the file.
package attach

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/dknum"
)

// MaxSize is the largest document accepted, in bytes.
const MaxSize = 10 << 20

// MaxNameLength bounds a document's name, in characters.
const MaxNameLength = 200

// kind is one allowed file type.
type kind struct {
	ext         string
	contentType string
	label       string
	matches     func(b []byte) bool
}

var kinds = []kind{
	{"pdf", "application/pdf", "PDF", func(b []byte) bool { return bytes.HasPrefix(b, []byte("%PDF-")) }},
	{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word", ooxml("word/")},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel", ooxml("xl/")},
	{"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint", ooxml("ppt/")},
	{"odt", "application/vnd.oasis.opendocument.text", "OpenDocument-tekst", odf("application/vnd.oasis.opendocument.text")},
	{"ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument-regneark", odf("application/vnd.oasis.opendocument.spreadsheet")},
	{"png", "image/png", "PNG-billede", func(b []byte) bool { return bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) }},
	{"jpg", "image/jpeg", "JPEG-billede", isJPEG},
	{"jpeg", "image/jpeg", "JPEG-billede", isJPEG},
	{"txt", "text/plain; charset=utf-8", "tekst", isText},
	{"csv", "text/csv; charset=utf-8", "CSV", isText},
}

// Allowed lists the allowed extensions, for messages and the upload form.
func Allowed() string {
	var out []string
	for _, k := range kinds {
		if k.ext != "jpeg" {
			out = append(out, k.ext)
		}
	}
	return strings.Join(out, ", ")
}

// Accept lists the allowed extensions as an HTML accept attribute.
func Accept() string {
	var out []string
	for _, k := range kinds {
		out = append(out, "."+k.ext)
	}
	return strings.Join(out, ",")
}

// Name cleans an uploaded file name: browsers may send a path (C:\fakepath\…),
// of which only the last element is kept.
func Name(name string) (string, error) {
	name = strings.ReplaceAll(name, "\\", "/")
	name = strings.TrimSpace(path.Base(name))
	if name == "" || name == "." || name == "/" {
		return "", fmt.Errorf("filen har intet navn")
	}
	if !utf8.ValidString(name) || strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "", fmt.Errorf("filnavnet %q indeholder ugyldige tegn", name)
	}
	if n := utf8.RuneCountInString(name); n > MaxNameLength {
		return "", fmt.Errorf("filnavnet %q er for langt (%d tegn; højst %d)", name, n, MaxNameLength)
	}
	return name, nil
}

// Check decides whether a file may be attached and returns the content
// type it is served with. name must be cleaned by Name.
func Check(name string, content []byte) (contentType string, err error) {
	if len(content) > MaxSize {
		return "", TooLarge(name, int64(len(content)))
	}
	if len(content) == 0 {
		return "", fmt.Errorf("%q er tom", name)
	}
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))
	for _, k := range kinds {
		if k.ext != ext {
			continue
		}
		if !k.matches(content) {
			return "", fmt.Errorf("%q er ikke en %s-fil: indholdet passer ikke til endelsen .%s", name, k.label, ext)
		}
		return k.contentType, nil
	}
	if ext == "" {
		return "", fmt.Errorf("%q har ingen filendelse; tilladte filtyper: %s", name, Allowed())
	}
	return "", fmt.Errorf("%q: filtypen .%s er ikke tilladt; tilladte filtyper: %s", name, ext, Allowed())
}

// TooLarge is the error for a file of n bytes, more than MaxSize.
func TooLarge(name string, n int64) error {
	size := Size(n)
	if size == Size(MaxSize) {
		size = "lidt over " + size
	}
	return fmt.Errorf("%q er for stor (%s; højst %s)", name, size, Size(MaxSize))
}

// Size writes a byte count as Danish users read it: 512 byte, 12 kB, 3,4 MB.
func Size(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d byte", n)
	case n < 1024*1024:
		return fmt.Sprintf("%d kB", (n+1023)/1024)
	}
	return dknum.Decimal(float64(n)/(1024*1024), 1) + " MB"
}

func isJPEG(b []byte) bool { return bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}) }

// isText accepts text in UTF-8 (or a single-byte Danish encoding): no NUL
// and no control characters but tab, line and page breaks.
func isText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
			return false
		}
	}
	return true
}

// zipParts opens b as a zip archive and returns its file names, or nil.
func zipParts(b []byte) (*zip.Reader, map[string]*zip.File) {
	if !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return nil, nil
	}
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, nil
	}
	parts := make(map[string]*zip.File, len(z.File))
	for _, f := range z.File {
		parts[f.Name] = f
	}
	return z, parts
}

// ooxml matches an Office Open XML package whose main part lives under dir.
func ooxml(dir string) func([]byte) bool {
	return func(b []byte) bool {
		_, parts := zipParts(b)
		if parts["[Content_Types].xml"] == nil {
			return false
		}
		for n := range parts {
			if strings.HasPrefix(n, dir) {
				return true
			}
		}
		return false
	}
}

// odf matches an OpenDocument package whose mimetype part is mt.
func odf(mt string) func([]byte) bool {
	return func(b []byte) bool {
		_, parts := zipParts(b)
		f := parts["mimetype"]
		if f == nil || f.UncompressedSize64 > 200 {
			return false
		}
		rc, err := f.Open()
		if err != nil {
			return false
		}
		defer rc.Close()
		got, err := io.ReadAll(io.LimitReader(rc, 200))
		return err == nil && strings.TrimSpace(string(got)) == mt
	}
}

package catalogue_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/catalogue"
)

// FuzzParse feeds catalogue files to Parse: whatever the bytes, it returns
// a catalogue or a list of problems (*catalogue.Invalid, answered 422),
// never a panic or another kind of error. Seeds: the test catalogues and
// small broken variants. Longer runs: docs/security.md.
func FuzzParse(f *testing.F) {
	im, err := data.ImplementationModel()
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range []string{"testdata/valid.yaml", "../cli/testdata/mini-v1.yaml", "../cli/testdata/mini-v2.yaml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("format: udrul-katalog/1\nprogramme: {key: x}\ntasks: [{key: a, depends_on: [a]}]\n"))
	f.Add([]byte("tasks: &a [*a]\n"))
	f.Add([]byte("\x00\xff"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := catalogue.Parse("fuzz.yaml", b, im)
		if err != nil {
			var inv *catalogue.Invalid
			if !errors.As(err, &inv) || len(inv.Problems) == 0 {
				t.Fatalf("error %T %q is not a list of problems", err, err)
			}
			return
		}
		if c == nil {
			t.Fatal("no catalogue and no error")
		}
	})
}

// FuzzParseDependency: the compact dependency syntax ("key:SS+2") of
// catalogue files and spreadsheets either parses – and then writes back to
// text that parses to the same dependency – or is refused with a message.
func FuzzParseDependency(f *testing.F) {
	for _, s := range []string{"ksd-ps-08", "ksd-ps-08:SS+2", "ksd-ps-08:FS-1", "ksd-01+3", "a", "ksd:ff+99999999999999999999", " x-y:Ss ", "ksd-01:SF"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := catalogue.ParseDependency(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		back, err := catalogue.ParseDependency(catalogue.FormatDependency(d))
		if err != nil || back != d {
			t.Fatalf("%q parsed to %+v, written as %q, read back as %+v (%v)", s, d, catalogue.FormatDependency(d), back, err)
		}
	})
}

// TestControlCharactersRefused: YAML's escapes can put NUL and other
// control characters in a catalogue's text; they are refused by line, as
// in every other input, while descriptions keep their line breaks.
func TestControlCharactersRefused(t *testing.T) {
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := catalogue.Parse("valid.yaml", src, im); err != nil {
		t.Fatalf("the test catalogue: %v", err)
	}
	bad := strings.Replace(string(src), "title: ", `title: "\0"`+"\n    x_was: ", 1)
	_, err = catalogue.Parse("bad.yaml", []byte(bad), im)
	var inv *catalogue.Invalid
	if !errors.As(err, &inv) || !strings.Contains(err.Error(), "kontroltegn (U+0000)") {
		t.Fatalf("a NUL in a title: %v", err)
	}
}

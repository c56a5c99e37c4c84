package model_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/model"
)

// FuzzTextProblem: text the rule accepts is valid UTF-8 without NUL or any
// other control character (line breaks and tabs only where multi-line).
func FuzzTextProblem(f *testing.F) {
	for _, s := range []string{"Godt på vej", "linje 1\r\nlinje 2\tx", "a\x00b", "\xff", "\u0085", "\x1b[31m"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, multiline bool) {
		if model.TextProblem(s, multiline) != "" {
			return
		}
		if !utf8.ValidString(s) {
			t.Fatalf("%q accepted: invalid UTF-8", s)
		}
		if i := strings.IndexFunc(s, func(r rune) bool {
			allowed := multiline && (r == '\t' || r == '\n' || r == '\r')
			return !allowed && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0))
		}); i >= 0 {
			t.Fatalf("%q (multi-line %v) accepted with a control character at %d", s, multiline, i)
		}
	})
}

// FuzzParseInputDate: a date from outside is refused or lies in the
// allowed range and reads back as the text it came from.
func FuzzParseInputDate(f *testing.F) {
	for _, s := range []string{"2027-03-01", "0001-01-01", "9999-12-31", "2000-01-01", "2100-12-31", "2026-02-29", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := model.ParseInputDate(s)
		if err != nil {
			return
		}
		if d < model.MinDate || d > model.MaxDate || d.String() != s {
			t.Fatalf("%q accepted as %s", s, d)
		}
	})
}

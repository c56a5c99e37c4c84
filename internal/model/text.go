package model

import (
	"fmt"
	"unicode/utf8"
)

// TextProblem is the one rule for text that comes from outside (forms, JSON
// bodies): it must be valid UTF-8 without control characters. Multi-line
// fields (comments, descriptions, lessons, …) may hold tabs and line breaks;
// single-line fields (names, titles, e-mail addresses) not even those, so a
// name cannot carry a line break into an e-mail header or an export. NUL in
// particular must never reach the database: PostgreSQL refuses it in text
// (a 500 rather than a clear answer) while SQLite stores it. It returns ""
// for acceptable text, else what is wrong, in Danish.
func TextProblem(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "indeholder bytes, der ikke er gyldig UTF-8-tekst"
	}
	for _, c := range s {
		switch {
		case multiline && (c == '\t' || c == '\n' || c == '\r'):
		case c < 0x20, c == 0x7f, c >= 0x80 && c < 0xa0:
			if c == '\t' || c == '\n' || c == '\r' {
				return "må ikke indeholde tabulatorer eller linjeskift"
			}
			return fmt.Sprintf("indeholder et kontroltegn (U+%04X), som ikke er tilladt", c)
		}
	}
	return ""
}

// Package catalogue reads, validates and compares programme catalogue files.
package catalogue

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a catalogue file, located precisely enough
// for the person editing it to find it.
type Problem struct {
	File string `json:"file"`
	// Sheet is the sheet of a spreadsheet import; Line is then its row and
	// Field its column heading.
	Sheet   string `json:"sheet,omitempty"`
	Line    int    `json:"line"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Field, p.Message)
}

// Invalid is returned when a file has one or more problems; nothing of such
// a file is ever stored.
type Invalid struct {
	Problems []Problem
}

func (e *Invalid) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

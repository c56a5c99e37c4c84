package orgs

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/model"
)

// Problem is one thing wrong with a file, by line (1 is the header) and
// column; Column is empty when the whole line is at fault.
type Problem struct {
	Line    int
	Column  string
	Message string
}

func (p Problem) String() string {
	if p.Column == "" {
		return fmt.Sprintf("linje %d: %s", p.Line, p.Message)
	}
	return fmt.Sprintf("linje %d, kolonne %s: %s", p.Line, p.Column, p.Message)
}

// Problems are all that is wrong with a file, in line order.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Row is one line of a file.
type Row struct {
	Line int
	Org  Org
}

// File is a parsed organisations file. Has says which columns its header
// names: a column it leaves out keeps the stored value. Rows are the lines
// that parsed; Problems are those of the others, which Diff reports
// together with its own so that one run lists everything wrong.
type File struct {
	Rows     []Row
	Has      map[string]bool
	Problems Problems
}

var kinds = []model.OrgKind{model.OrgCentral, model.OrgSupplier, model.OrgMunicipality, model.OrgInstitution}

// Parse reads an organisations file and checks every cell on its own
// (kinds, codes, names, numbers, categories, duplicate lines) into
// File.Problems; what needs the database (parents, moves) is Diff's. Only a
// file that is not CSV or has a bad header is an error (Problems) here. Commas or semicolons separate the fields (a
// Danish spreadsheet saves with semicolons), a byte-order mark is ignored,
// and with semicolons a decimal comma is read in area_km2.
func Parse(r io.Reader) (*File, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if !utf8.Valid(b) {
		// A Danish spreadsheet's plain "CSV" is Windows-1252: æ, ø and å
		// would be stored garbled, so ask for the UTF-8 variant instead.
		var probs Problems
		for i, line := range bytes.Split(b, []byte("\n")) {
			if !utf8.Valid(line) {
				probs = append(probs, Problem{Line: i + 1, Message: "linjen er ikke UTF-8; gem filen som \"CSV UTF-8\""})
			}
		}
		return nil, probs
	}
	cr := csv.NewReader(bytes.NewReader(b))
	first, _, _ := bytes.Cut(b, []byte("\n"))
	semicolons := bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(","))
	if semicolons {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1 // counted here, so that every bad line is reported
	recs, err := cr.ReadAll()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, Problems{{Line: pe.Line, Message: "filen kan ikke læses som CSV: " + pe.Err.Error()}}
		}
		return nil, err
	}
	if len(recs) == 0 {
		return nil, Problems{{Line: 1, Message: "filen er tom; første linje skal være overskriften " + strings.Join(Columns, ",")}}
	}
	cols, probs := header(recs[0])
	if len(probs) > 0 {
		return nil, probs
	}
	f := &File{Has: map[string]bool{}}
	for _, c := range cols {
		f.Has[c] = true
	}
	seen := map[string]int{}
	for i, rec := range recs[1:] {
		line := i + 2
		if len(rec) != len(cols) {
			probs = append(probs, Problem{Line: line, Message: fmt.Sprintf("linjen har %d felter, men overskriften har %d", len(rec), len(cols))})
			continue
		}
		o, ps := parseRow(line, cols, rec, semicolons)
		probs = append(probs, ps...)
		if len(ps) > 0 {
			continue
		}
		if prev, ok := seen[o.Key()]; ok {
			probs = append(probs, Problem{Line: line, Column: "code", Message: fmt.Sprintf("%s %s står også på linje %d", o.Kind, o.Code, prev)})
			continue
		}
		seen[o.Key()] = line
		f.Rows = append(f.Rows, Row{Line: line, Org: o})
	}
	f.Problems = probs
	return f, nil
}

func header(rec []string) ([]string, Problems) {
	var probs Problems
	cols := make([]string, len(rec))
	for i, h := range rec {
		h = strings.ToLower(strings.TrimSpace(h))
		cols[i] = h
		switch {
		case !slices.Contains(Columns, h):
			probs = append(probs, Problem{Line: 1, Column: h, Message: fmt.Sprintf("ukendt kolonne %q; kolonnerne er %s", h, strings.Join(Columns, ","))})
		case slices.Contains(cols[:i], h):
			probs = append(probs, Problem{Line: 1, Column: h, Message: "kolonnen står to gange i overskriften"})
		}
	}
	for _, need := range []string{"kind", "code", "name"} {
		if !slices.Contains(cols, need) {
			probs = append(probs, Problem{Line: 1, Column: need, Message: "overskriften mangler kolonnen " + need})
		}
	}
	return cols, probs
}

func parseRow(line int, cols, rec []string, decimalComma bool) (Org, Problems) {
	var o Org
	var probs Problems
	bad := func(col, format string, args ...any) {
		probs = append(probs, Problem{Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
	}
	for i, col := range cols {
		v := strings.TrimSpace(rec[i])
		switch col {
		case "kind":
			o.Kind = model.OrgKind(v)
			if !slices.Contains(kinds, o.Kind) {
				bad(col, "%q er ikke en kendt art; brug central, leverandoer, kommune eller institution", v)
			}
		case "code":
			o.Code = v
			switch {
			case v == "":
				bad(col, "koden mangler")
			case len(v) > 50:
				bad(col, "koden er længere end 50 tegn")
			case strings.ContainsFunc(v, unicode.IsSpace):
				bad(col, "koden %q indeholder mellemrum", v)
			}
		case "name":
			o.Name = v
			if v == "" {
				bad(col, "navnet mangler")
			} else if len(v) > 200 {
				bad(col, "navnet er længere end 200 tegn")
			}
		case "parent_code":
			o.Parent = v
		case "category":
			o.Category = v
			if v != "" && v != model.CategorySchool && v != model.CategoryDayCare {
				bad(col, "%q er ikke en kendt kategori; brug skole eller dagtilbud", v)
			}
		case "region_code":
			o.RegionCode = v
		case "region_name":
			o.RegionName = v
		case "population":
			if v == "" {
				break
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				bad(col, "%q er ikke et helt tal på 0 eller derover", v)
			}
			o.Population = n
		case "area_km2":
			if v == "" {
				break
			}
			s := v
			if decimalComma {
				s = strings.Replace(s, ",", ".", 1)
			}
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
				bad(col, "%q er ikke et tal på 0 eller derover (fx 91.3)", v)
			}
			o.AreaKm2 = x
		}
	}
	if o.Kind == model.OrgMunicipality && o.Code != "" && !isMunicipalityCode(o.Code) {
		bad("code", "en kommunekode er tre cifre (fx 101), ikke %q", o.Code)
	}
	return o, probs
}

func isMunicipalityCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Write writes organisations as a file with every column, sorted as Sort
// does; Parse reads it back to the same organisations.
func Write(w io.Writer, os []Org) error {
	os = slices.Clone(os)
	Sort(os)
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns); err != nil {
		return err
	}
	rec := make([]string, len(Columns))
	for _, o := range os {
		for i, c := range Columns {
			rec[i] = o.field(c)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

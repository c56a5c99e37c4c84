package orgs

import (
	"fmt"
	"slices"
	"strings"

	"github.com/udrul/udrul/internal/model"
)

// Current is an organisation the database holds, with the number of task
// instances it has (institutions), which decides whether it may move.
type Current struct {
	Org   Org
	Tasks int
}

// Field is one column's change.
type Field struct {
	Column, Old, New string
}

// Change is a line that adds an organisation (Old nil) or changes one.
type Change struct {
	Line   int
	Org    Org // as it will be stored
	Old    *Org
	Fields []Field
	Tasks  int // the task instances the organisation has (institutions)
}

// Plan is what importing a file does; Added and Changed are in file order.
type Plan struct {
	Added     []Change
	Changed   []Change
	Unchanged int
}

// Diff compares a parsed file with the organisations the database holds
// and returns what importing it changes, or every problem: the file's own
// (File.Problems) and those that need the database to see: an institution's
// municipality must exist (in the file or the database), a code may be used
// by one kind only, fields that belong to another kind must be empty, and an
// institution that has tasks cannot move to another municipality (its tasks
// would stay in the old municipality's plan) or change category (which
// decides which programmes' tasks it has). A column the file leaves out
// keeps the stored value.
func Diff(current []Current, f *File) (*Plan, Problems) {
	byKey := map[string]Current{}
	kindsOf := map[string][]model.OrgKind{} // code → kinds holding it
	for _, c := range current {
		byKey[c.Org.Key()] = c
		kindsOf[c.Org.Code] = append(kindsOf[c.Org.Code], c.Org.Kind)
	}
	inFile := map[string]bool{}
	firstLine := map[string]Row{} // code → the first line using it
	for _, r := range f.Rows {
		inFile[r.Org.Key()] = true
		if _, ok := firstLine[r.Org.Code]; !ok {
			firstLine[r.Org.Code] = r
		}
	}
	p := &Plan{}
	probs := slices.Clone(f.Problems)
	for _, r := range f.Rows {
		cur, exists := byKey[r.Org.Key()]
		o := merge(r.Org, cur.Org, f.Has, exists)
		bad := func(col, format string, args ...any) {
			probs = append(probs, Problem{Line: r.Line, Column: col, Message: fmt.Sprintf(format, args...)})
		}
		for _, k := range kindsOf[o.Code] {
			if k != o.Kind {
				bad("code", "koden %s bruges allerede af en organisation af arten %s", o.Code, k)
			}
		}
		if first := firstLine[o.Code]; first.Org.Kind != o.Kind {
			bad("code", "koden %s bruges også på linje %d af arten %s", o.Code, first.Line, first.Org.Kind)
		}
		if o.Kind == model.OrgInstitution {
			muni := string(model.OrgMunicipality) + " " + o.Parent
			switch {
			case o.Parent == "":
				bad("parent_code", "en institution skal have sin kommunes kode")
			case !inFile[muni] && byKey[muni].Org.Code == "":
				bad("parent_code", "kommunen %q findes hverken i filen eller i databasen", o.Parent)
			case exists && cur.Org.Parent != o.Parent && cur.Tasks > 0:
				bad("parent_code", "institutionen har %s i planerne for kommune %s og kan ikke flyttes; opret den med en ny kode under kommune %s",
					Tasks(cur.Tasks), cur.Org.Parent, o.Parent)
			}
			if o.Category == "" {
				bad("category", "en institution skal have kategorien skole eller dagtilbud")
			} else if exists && cur.Org.Category != o.Category && cur.Tasks > 0 {
				// The category decides which programmes' tasks it has.
				bad("category", "institutionen har %s som %s og kan ikke skifte kategori; opret den med en ny kode", Tasks(cur.Tasks), cur.Org.Category)
			}
		} else {
			if o.Parent != "" {
				bad("parent_code", "kun institutioner har en overordnet kommune")
			}
			if o.Category != "" {
				bad("category", "kun institutioner har en kategori")
			}
		}
		if o.Kind != model.OrgMunicipality {
			for _, col := range []string{"region_code", "region_name", "population", "area_km2"} {
				if o.field(col) != "" {
					bad(col, "kun kommuner har %s", col)
				}
			}
		}
		if !exists {
			p.Added = append(p.Added, Change{Line: r.Line, Org: o})
			continue
		}
		var fields []Field
		for _, col := range Columns {
			if was, is := cur.Org.field(col), o.field(col); was != is {
				fields = append(fields, Field{Column: col, Old: was, New: is})
			}
		}
		if len(fields) == 0 {
			p.Unchanged++
			continue
		}
		old := cur.Org
		p.Changed = append(p.Changed, Change{Line: r.Line, Org: o, Old: &old, Fields: fields, Tasks: cur.Tasks})
	}
	if len(probs) > 0 {
		slices.SortStableFunc(probs, func(a, b Problem) int { return a.Line - b.Line })
		return nil, probs
	}
	return p, nil
}

// merge fills the columns the file leaves out from the stored organisation.
func merge(o, stored Org, has map[string]bool, exists bool) Org {
	if !exists {
		return o
	}
	keep := func(col string, dst *string, src string) {
		if !has[col] {
			*dst = src
		}
	}
	keep("parent_code", &o.Parent, stored.Parent)
	keep("category", &o.Category, stored.Category)
	keep("region_code", &o.RegionCode, stored.RegionCode)
	keep("region_name", &o.RegionName, stored.RegionName)
	if !has["population"] {
		o.Population = stored.Population
	}
	if !has["area_km2"] {
		o.AreaKm2 = stored.AreaKm2
	}
	return o
}

// Empty reports whether importing changes nothing.
func (p *Plan) Empty() bool { return len(p.Added) == 0 && len(p.Changed) == 0 }

// Writes returns the organisations to store, parents first: a new
// institution's municipality may be new in the same file.
func (p *Plan) Writes() []Org {
	var out []Org
	for _, cs := range [][]Change{p.Added, p.Changed} {
		for _, c := range cs {
			out = append(out, c.Org)
		}
	}
	Sort(out)
	return out
}

// Preview says in Danish what importing changes: the counts, then a line
// per added (+) and changed (~) organisation with the file's line number
// and, for a change, each column's old and new value.
func (p *Plan) Preview() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Tilføjes: %d, ændres: %d, uændret: %d.\n", len(p.Added), len(p.Changed), p.Unchanged)
	for _, c := range p.Added {
		fmt.Fprintf(&b, "+ linje %d: %s %s %q", c.Line, c.Org.Kind, c.Org.Code, c.Org.Name)
		if c.Org.Parent != "" {
			fmt.Fprintf(&b, " (%s under kommune %s)", c.Org.Category, c.Org.Parent)
		}
		b.WriteString("\n")
	}
	for _, c := range p.Changed {
		parts := make([]string, len(c.Fields))
		for i, f := range c.Fields {
			parts[i] = fmt.Sprintf("%s %q → %q", f.Column, f.Old, f.New)
		}
		fmt.Fprintf(&b, "~ linje %d: %s %s: %s\n", c.Line, c.Org.Kind, c.Org.Code, strings.Join(parts, "; "))
	}
	return b.String()
}

// Tasks says "1 opgave" or "n opgaver".
func Tasks(n int) string {
	if n == 1 {
		return "1 opgave"
	}
	return fmt.Sprintf("%d opgaver", n)
}

package catalogue

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/schedule"
)

// maxLag bounds a dependency's lag in working days; anything larger is a typo.
const maxLag = 500

// depRef remembers where a depends_on entry was written, so that problems
// found after every task is read (unknown task, loop) point at its line.
type depRef struct {
	task  string // the successor's key
	dep   model.Dependency
	line  int
	field string
}

// compactDep is the short form: "key", "key:SS", "key:SS+2", "key+2",
// "key:FS-1". A negative lag needs the type, because keys may contain '-'.
var compactDep = regexp.MustCompile(`^([a-z0-9][a-z0-9-]{1,39})(?::((?i:FS|SS|FF))([+-][0-9]+)?|(\+[0-9]+))?$`)

// ParseDependency reads the compact form of a dependency ("key",
// "key:SS+2", …). It is used for catalogue files and spreadsheet columns.
func ParseDependency(s string) (model.Dependency, error) {
	s = strings.TrimSpace(s)
	m := compactDep.FindStringSubmatch(s)
	if m == nil {
		return model.Dependency{}, fmt.Errorf("%q er ikke en afhængighed: skriv opgavens nøgle, evt. med type og forskydning, fx \"ksd-ps-08\", \"ksd-ps-08:SS+2\" eller \"ksd-ps-08:FS-1\"", s)
	}
	d := model.Dependency{Task: m[1], Type: strings.ToUpper(m[2])}
	if d.Type == "" {
		d.Type = string(schedule.FinishToStart)
	}
	if lagText := m[3] + m[4]; lagText != "" {
		lag, err := strconv.Atoi(lagText)
		if err != nil {
			return d, fmt.Errorf("%q: forskydningen %s er ikke et helt tal", s, lagText)
		}
		d.Lag = lag
	}
	if d.Lag < -maxLag || d.Lag > maxLag {
		return d, fmt.Errorf("%q: forskydning %d arbejdsdage er urealistisk (højst ±%d)", s, d.Lag, maxLag)
	}
	return d, nil
}

// FormatDependency writes d in the compact form ParseDependency reads.
func FormatDependency(d model.Dependency) string {
	s := d.Task
	typ := d.Type
	if typ == "" {
		typ = string(schedule.FinishToStart)
	}
	if typ != string(schedule.FinishToStart) || d.Lag < 0 {
		s += ":" + typ
	}
	if d.Lag > 0 {
		s += "+" + strconv.Itoa(d.Lag)
	} else if d.Lag < 0 {
		s += strconv.Itoa(d.Lag)
	}
	return s
}

// dependsOn reads a task's depends_on: a list whose entries are either the
// compact string form or a mapping {task, type, lag}.
func (p *parser) dependsOn(n *yaml.Node, path, key string) []model.Dependency {
	if n == nil {
		return nil
	}
	field := path + ".depends_on"
	if n.Kind != yaml.SequenceNode {
		p.add(n.Line, field, "skal være en liste af opgaver, fx [ksd-ps-08, \"ksd-ko-03:SS+2\"]")
		return nil
	}
	var out []model.Dependency
	seen := map[string]bool{}
	for i, e := range n.Content {
		ef := fmt.Sprintf("%s[%d]", field, i)
		var d model.Dependency
		switch e.Kind {
		case yaml.ScalarNode:
			var err error
			if d, err = ParseDependency(e.Value); err != nil {
				p.add(e.Line, ef, "%v", err)
				continue
			}
		case yaml.MappingNode:
			f := p.fields(e, ef, "task", "type", "lag")
			d.Task = p.str(f, "task", ef, true, e)
			d.Type = strings.ToUpper(p.str(f, "type", ef, false, e))
			if d.Type == "" {
				d.Type = string(schedule.FinishToStart)
			} else if !schedule.Kind(d.Type).Valid() {
				p.add(f["type"].Line, ef+".type", "ukendt afhængighedstype %q: brug FS, SS eller FF", d.Type)
				continue
			}
			if lag, ok := p.integer(f, "lag", ef, false, e); ok {
				if lag < -maxLag || lag > maxLag {
					p.add(f["lag"].Line, ef+".lag", "forskydning %d arbejdsdage er urealistisk (højst ±%d)", lag, maxLag)
					continue
				}
				d.Lag = lag
			}
			if d.Task == "" {
				continue
			}
		default:
			p.add(e.Line, ef, "skal være en opgavenøgle eller {task, type, lag}")
			continue
		}
		if d.Task == key {
			p.add(e.Line, ef, "opgaven %q kan ikke afhænge af sig selv", key)
			continue
		}
		if seen[d.Task] {
			p.add(e.Line, ef, "afhængigheden af %q står to gange", d.Task)
			continue
		}
		seen[d.Task] = true
		out = append(out, d)
		p.deps = append(p.deps, depRef{task: key, dep: d, line: e.Line, field: ef})
	}
	return out
}

// checkDependencies runs once every task is read: each predecessor must be a
// task of the file, and the dependencies must not loop.
func (p *parser) checkDependencies(tasks []model.CatalogueTask) {
	if len(p.deps) == 0 {
		return
	}
	known := map[string]bool{}
	var keys []string
	for _, t := range tasks {
		if t.Key != "" && !known[t.Key] {
			known[t.Key] = true
			keys = append(keys, t.Key)
		}
	}
	var deps []schedule.Dependency
	var refs []depRef
	for _, r := range p.deps {
		if !known[r.dep.Task] {
			p.add(r.line, r.field, "opgaven %q afhænger af %q, som ikke findes i kataloget", r.task, r.dep.Task)
			continue
		}
		deps = append(deps, schedule.Dependency{From: r.dep.Task, To: r.task, Kind: schedule.Kind(r.dep.Type), Lag: r.dep.Lag})
		refs = append(refs, r)
	}
	err := schedule.Validate(keys, deps)
	var ce *schedule.CycleError
	if !errors.As(err, &ce) {
		return // other problems were reported above with their lines
	}
	// Point at the depends_on entry that closes the loop on its first task.
	first, last := ce.Keys[0], ce.Keys[len(ce.Keys)-1]
	line, field := 0, "tasks"
	for _, r := range refs {
		if r.task == first && r.dep.Task == last {
			line, field = r.line, r.field
		}
	}
	p.add(line, field, "%v", ce)
}

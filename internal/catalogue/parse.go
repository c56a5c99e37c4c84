package catalogue

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/udrul/udrul/internal/model"
)

// Format is the only catalogue file format this version reads.
const Format = 1

// Offsets beyond this many days (either unit) are refused as typos: no
// rollout task runs four years from its milestone.
const maxOffset = 1500

var (
	keyPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,39}$`)
	yamlLine   = regexp.MustCompile(`line (\d+)`)
)

// Parse reads a catalogue file and checks it against the implementation
// model. It returns *Invalid listing every problem found, each with file,
// line and field.
func Parse(file string, data []byte, im *model.ImplementationModel) (*model.Catalogue, error) {
	p := &parser{file: file, im: im}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line := 0
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		p.add(line, "(fil)", "ugyldig YAML: %s", strings.TrimPrefix(msg, "yaml: "))
		return nil, &Invalid{Problems: p.problems}
	}
	if len(doc.Content) == 0 {
		p.add(1, "(fil)", "filen er tom")
		return nil, &Invalid{Problems: p.problems}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		p.add(root.Line, "(fil)", "filen skal være en samling af felter: format, programme og tasks")
		return nil, &Invalid{Problems: p.problems}
	}
	c := p.catalogue(root)
	if len(p.problems) > 0 {
		return nil, &Invalid{Problems: p.problems}
	}
	return c, nil
}

type parser struct {
	file     string
	im       *model.ImplementationModel
	problems []Problem
	deps     []depRef // every depends_on entry, checked once all tasks are read
}

func (p *parser) add(line int, field, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.file, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

// fields walks a mapping node, reporting unknown and duplicate keys, and
// returns the value node of each known key.
func (p *parser) fields(n *yaml.Node, path string, known ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		p.add(n.Line, path, "skal være en samling af felter (mapping)")
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := join(path, k.Value)
		switch {
		case !slices.Contains(known, k.Value):
			p.add(k.Line, name, "ukendt felt (tilladte felter: %s)", strings.Join(known, ", "))
		case out[k.Value] != nil:
			p.add(k.Line, name, "feltet står to gange")
		default:
			out[k.Value] = v
		}
	}
	return out
}

func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

func (p *parser) str(f map[string]*yaml.Node, key, path string, required bool, parent *yaml.Node) string {
	n := f[key]
	if n == nil {
		if required {
			p.add(parent.Line, join(path, key), "mangler")
		}
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		p.add(n.Line, join(path, key), "skal være en tekst")
		return ""
	}
	v := strings.TrimSpace(n.Value)
	if required && v == "" {
		p.add(n.Line, join(path, key), "må ikke være tom")
	}
	// The text rule of every input (YAML's "\0" escape makes a NUL, which
	// PostgreSQL cannot store); descriptions may span lines.
	if msg := model.TextProblem(v, key == "description"); msg != "" {
		p.add(n.Line, join(path, key), "%s", msg)
		return ""
	}
	return v
}

func (p *parser) integer(f map[string]*yaml.Node, key, path string, required bool, parent *yaml.Node) (int, bool) {
	n := f[key]
	if n == nil {
		if required {
			p.add(parent.Line, join(path, key), "mangler")
		}
		return 0, false
	}
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil {
		p.add(n.Line, join(path, key), "skal være et helt tal, ikke %q", n.Value)
		return 0, false
	}
	return v, true
}

func (p *parser) key(f map[string]*yaml.Node, key, path string, parent *yaml.Node) string {
	v := p.str(f, key, path, true, parent)
	if v != "" && !keyPattern.MatchString(v) {
		p.add(f[key].Line, join(path, key), "%q er ikke en gyldig nøgle: brug 2–40 tegn a-z, 0-9 og -", v)
	}
	return v
}

func (p *parser) unit(f map[string]*yaml.Node, path string) model.Unit {
	u := model.Unit(p.str(f, "unit", path, false, nil))
	if u == "" {
		return model.WorkingDays
	}
	if !u.Valid() {
		p.add(f["unit"].Line, join(path, "unit"), "%q er ikke en enhed: brug arbejdsdage eller kalenderdage", u)
	}
	return u
}

func (p *parser) catalogue(root *yaml.Node) *model.Catalogue {
	f := p.fields(root, "", "format", "programme", "tasks")
	if v, ok := p.integer(f, "format", "", true, root); ok && v != Format {
		p.add(f["format"].Line, "format", "formatet %d kendes ikke; denne version læser format %d", v, Format)
	}
	c := &model.Catalogue{}
	if n := f["programme"]; n != nil {
		c.Programme = p.programme(n)
	} else {
		p.add(root.Line, "programme", "mangler")
	}
	n := f["tasks"]
	switch {
	case n == nil:
		p.add(root.Line, "tasks", "mangler")
	case n.Kind != yaml.SequenceNode || len(n.Content) == 0:
		p.add(n.Line, "tasks", "skal være en liste med mindst én opgave")
	default:
		seen := map[string]int{}
		for i, tn := range n.Content {
			t := p.task(tn, fmt.Sprintf("tasks[%d]", i), &c.Programme)
			if t.Key != "" {
				if line, dup := seen[t.Key]; dup {
					p.add(tn.Line, fmt.Sprintf("tasks[%d].key", i), "nøglen %q er allerede brugt på linje %d", t.Key, line)
				} else {
					seen[t.Key] = tn.Line
				}
			}
			c.Tasks = append(c.Tasks, t)
		}
		p.checkDependencies(c.Tasks)
		p.checkReadinessRounds(c.Tasks, n.Content)
	}
	return c
}

func (p *parser) programme(n *yaml.Node) model.Programme {
	const path = "programme"
	f := p.fields(n, path, "key", "name", "description", "warning_days", "institutions", "milestones", "waves")
	prog := model.Programme{
		Key:         p.key(f, "key", path, n),
		Name:        p.str(f, "name", path, true, n),
		Description: p.str(f, "description", path, false, n),
		WarningDays: model.DefaultWarningDays,
	}
	switch prog.Institutions = p.str(f, "institutions", path, false, n); prog.Institutions {
	case "", model.CategorySchool, model.CategoryDayCare:
	default:
		p.add(f["institutions"].Line, path+".institutions", "ukendt institutionstype %q: brug skole eller dagtilbud", prog.Institutions)
	}
	if v, ok := p.integer(f, "warning_days", path, false, n); ok {
		if v < 0 || v > 60 {
			p.add(f["warning_days"].Line, path+".warning_days", "skal være mellem 0 og 60 arbejdsdage, ikke %d", v)
		}
		prog.WarningDays = v
	}
	prog.Waves = p.waveNames(f["waves"], path+".waves")
	ms := f["milestones"]
	if ms == nil {
		return prog
	}
	if ms.Kind != yaml.SequenceNode {
		p.add(ms.Line, path+".milestones", "skal være en liste")
		return prog
	}
	seen := map[string]bool{model.GoLive: true}
	for i, mn := range ms.Content {
		mp := fmt.Sprintf("%s.milestones[%d]", path, i)
		mf := p.fields(mn, mp, "key", "name", "offset", "unit", "date")
		m := model.Milestone{Key: p.key(mf, "key", mp, mn), Name: p.str(mf, "name", mp, true, mn), Unit: p.unit(mf, mp)}
		if dn := mf["date"]; dn != nil {
			// A national milestone: one calendar date for everyone, so
			// neither an offset from go-live nor its unit.
			d, err := model.ParseDate(p.str(mf, "date", mp, true, mn))
			if err != nil || d == model.NoDate {
				p.add(dn.Line, mp+".date", "skal være en dato som 2027-08-12 (ÅÅÅÅ-MM-DD)")
			}
			m.Date = d
			for _, other := range []string{"offset", "unit"} {
				if on := mf[other]; on != nil {
					p.add(on.Line, mp+"."+other, "en national milepæl har en fast dato (date) og ingen %s fra go-live", other)
				}
			}
		} else {
			m.Offset, _ = p.integer(mf, "offset", mp, true, mn)
		}
		if m.Offset < -maxOffset || m.Offset > maxOffset {
			p.add(mf["offset"].Line, mp+".offset", "%d dage fra go-live er urealistisk (højst ±%d)", m.Offset, maxOffset)
		}
		if m.Key != "" && seen[m.Key] {
			p.add(mn.Line, mp+".key", "milepælen %q findes allerede", m.Key)
		}
		seen[m.Key] = true
		prog.Milestones = append(prog.Milestones, m)
	}
	return prog
}

// maxWaveName is the longest wave name a catalogue may give.
const maxWaveName = 60

// waveNames reads the programme's names for its waves: a list of number
// (1–99, the numbers enrolment uses) and name, each number once.
func (p *parser) waveNames(n *yaml.Node, path string) model.WaveNames {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.add(n.Line, path, "skal være en liste")
		return nil
	}
	var out model.WaveNames
	seen := map[int]bool{}
	for i, wn := range n.Content {
		wp := fmt.Sprintf("%s[%d]", path, i)
		wf := p.fields(wn, wp, "number", "name")
		w := model.WaveName{Name: p.str(wf, "name", wp, true, wn)}
		num, ok := p.integer(wf, "number", wp, true, wn)
		w.Number = num
		switch {
		case !ok:
		case num < 1 || num > 99:
			p.add(wf["number"].Line, wp+".number", "bølgens nummer skal være mellem 1 og 99, ikke %d", num)
		case seen[num]:
			p.add(wn.Line, wp+".number", "bølge %d har allerede et navn", w.Number)
		}
		if utf8.RuneCountInString(w.Name) > maxWaveName {
			p.add(wn.Line, wp+".name", "navnet er for langt (højst %d tegn)", maxWaveName)
		}
		seen[w.Number] = true
		out = append(out, w)
	}
	return out
}

func (p *parser) task(n *yaml.Node, path string, prog *model.Programme) model.CatalogueTask {
	f := p.fields(n, path, "key", "title", "description", "theme", "main_task", "phase", "type", "level",
		"responsible", "executor", "milestone", "start", "end", "unit", "depends_on", "checkpoint", "checklist", "links", "readiness_round")
	t := model.CatalogueTask{
		Key:         p.key(f, "key", path, n),
		Title:       p.str(f, "title", path, true, n),
		Description: p.str(f, "description", path, false, n),
		Theme:       p.str(f, "theme", path, true, n),
		Phase:       p.str(f, "phase", path, true, n),
		Type:        model.TaskType(p.str(f, "type", path, true, n)),
		Level:       model.Level(p.str(f, "level", path, false, n)),
		Responsible: p.str(f, "responsible", path, true, n),
		Executor:    p.str(f, "executor", path, true, n),
	}
	if t.Theme != "" {
		if _, ok := p.im.Theme(t.Theme); !ok {
			p.add(f["theme"].Line, path+".theme", "ukendt tema %q (temaer: %s)", t.Theme, p.themeKeys())
		}
	}
	if t.Phase != "" {
		if ph, ok := p.im.Phase(t.Phase); !ok || p.hasChildren(ph.Key) {
			p.add(f["phase"].Line, path+".phase", "ukendt fase %q (faser: %s)", t.Phase, p.leafPhaseKeys())
		}
	}
	if t.Type != "" && !t.Type.Valid() {
		p.add(f["type"].Line, path+".type", "ukendt type %q: brug valgfri, obligatorisk eller kritisk", t.Type)
	}
	if t.Level == "" {
		t.Level = model.LevelMunicipality
	} else if !t.Level.Valid() {
		p.add(f["level"].Line, path+".level", "ukendt niveau %q: brug kommune eller institution", t.Level)
	}
	if v, ok := p.integer(f, "main_task", path, true, n); ok {
		if _, known := p.im.MainTask(v); !known {
			p.add(f["main_task"].Line, path+".main_task", "hovedopgave %d findes ikke i implementeringsmodellen (1–%d)", v, len(p.im.MainTasks))
		}
		t.MainTask = v
	}
	t.Timing = p.timing(f, path, n, prog)
	t.DependsOn = p.dependsOn(f["depends_on"], path, t.Key)
	t.Checkpoint = p.checkpoint(f, path)
	t.ReadinessRound = p.readinessRound(f, path, t.Level)
	t.Checklist = p.checklist(f["checklist"], path+".checklist")
	t.Links = p.links(f["links"], path+".links")
	return t
}

// Limits on a task's checklist and links: more than this is a manual, not
// a checklist.
const (
	maxChecklist = 30
	maxLinks     = 20
)

// checklist reads a task's checklist: a list whose items are texts, or
// mappings with key and text for items whose ticks must survive a change
// of wording (model.ChecklistItem).
func (p *parser) checklist(n *yaml.Node, path string) []model.ChecklistItem {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.add(n.Line, path, "skal være en liste af korte punkter")
		return nil
	}
	if len(n.Content) > maxChecklist {
		p.add(n.Line, path, "højst %d punkter, ikke %d", maxChecklist, len(n.Content))
	}
	var out []model.ChecklistItem
	seen := map[string]int{}
	for i, in := range n.Content {
		ip := fmt.Sprintf("%s[%d]", path, i)
		var it model.ChecklistItem
		switch in.Kind {
		case yaml.ScalarNode:
			it.Text = strings.TrimSpace(in.Value)
			if it.Text == "" {
				p.add(in.Line, ip, "punktet må ikke være tomt")
				continue
			}
			it.Key = model.ChecklistKey(it.Text)
		case yaml.MappingNode:
			f := p.fields(in, ip, "key", "text")
			it = model.ChecklistItem{Key: p.key(f, "key", ip, in), Text: p.str(f, "text", ip, true, in)}
			if it.Key == "" || it.Text == "" {
				continue
			}
		default:
			p.add(in.Line, ip, "skal være en tekst (eller key og text)")
			continue
		}
		if utf8.RuneCountInString(it.Text) > model.MaxChecklistText {
			p.add(in.Line, ip, "punktet er for langt (%d tegn; højst %d)", utf8.RuneCountInString(it.Text), model.MaxChecklistText)
		}
		if line, dup := seen[it.Key]; dup {
			p.add(in.Line, ip, "punktet står allerede på linje %d (samme tekst eller nøgle)", line)
			continue
		}
		seen[it.Key] = in.Line
		out = append(out, it)
	}
	return out
}

// links reads a task's links: a list of mappings with title and url, the
// url an absolute http(s) address.
func (p *parser) links(n *yaml.Node, path string) []model.Link {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.add(n.Line, path, "skal være en liste af links med title og url")
		return nil
	}
	if len(n.Content) > maxLinks {
		p.add(n.Line, path, "højst %d links, ikke %d", maxLinks, len(n.Content))
	}
	var out []model.Link
	for i, ln := range n.Content {
		lp := fmt.Sprintf("%s[%d]", path, i)
		f := p.fields(ln, lp, "title", "url")
		if ln.Kind != yaml.MappingNode {
			continue
		}
		l := model.Link{Title: p.str(f, "title", lp, true, ln), URL: p.str(f, "url", lp, true, ln)}
		if l.Title != "" {
			if err := model.CheckLinkTitle(l.Title); err != nil {
				p.add(f["title"].Line, lp+".title", "%v", err)
			}
		}
		if l.URL != "" {
			if err := model.CheckLinkURL(l.URL); err != nil {
				p.add(f["url"].Line, lp+".url", "%v", err)
			}
		}
		out = append(out, l)
	}
	return out
}

func (p *parser) timing(f map[string]*yaml.Node, path string, n *yaml.Node, prog *model.Programme) model.Timing {
	tm := model.Timing{Milestone: p.str(f, "milestone", path, false, n), Unit: p.unit(f, path)}
	if tm.Milestone == "" {
		tm.Milestone = model.GoLive
	} else if _, ok := prog.Milestone(tm.Milestone); !ok {
		p.add(f["milestone"].Line, path+".milestone", "programmet har ingen milepæl %q", tm.Milestone)
	}
	start, okS := p.integer(f, "start", path, true, n)
	end, okE := p.integer(f, "end", path, true, n)
	for _, o := range []struct {
		field string
		v     int
		ok    bool
	}{{"start", start, okS}, {"end", end, okE}} {
		if o.ok && (o.v < -maxOffset || o.v > maxOffset) {
			p.add(f[o.field].Line, path+"."+o.field, "%d %s fra milepælen er urealistisk (højst ±%d)", o.v, tm.Unit, maxOffset)
		}
	}
	if okS && okE && end < start {
		p.add(f["end"].Line, path+".end", "slut (%d) ligger før start (%d); opgaven ville slutte før den begynder", end, start)
	}
	tm.Start, tm.End = start, end
	return tm
}

func (p *parser) hasChildren(key string) bool {
	for _, ph := range p.im.Phases {
		if ph.Parent == key {
			return true
		}
	}
	return false
}

func (p *parser) leafPhaseKeys() string {
	var keys []string
	for _, ph := range p.im.Phases {
		if !p.hasChildren(ph.Key) {
			keys = append(keys, ph.Key)
		}
	}
	return strings.Join(keys, ", ")
}

func (p *parser) themeKeys() string {
	keys := make([]string, len(p.im.Themes))
	for i, t := range p.im.Themes {
		keys[i] = t.Key
	}
	return strings.Join(keys, ", ")
}

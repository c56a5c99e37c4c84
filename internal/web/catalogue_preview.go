package web

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/readiness"
)

// previewView is what catalogue_preview.html shows of a previewed
// publication: each changed task with its changed fields named in Danish
// and their values before and after, the changed programme settings, and
// the effect on each municipality's dates and colour (app.PublishEffect).
type previewView struct {
	Tasks          []previewTask
	Settings       []fieldChange
	Summary        app.EffectSummary
	Asof           model.Date
	Municipalities []app.MunicipalityEffect
	Red, Yellow    model.Colour // for the summary's lights
}

type previewTask struct {
	Key, Title, Kind string
	Fields           []fieldChange
}

// fieldChange is one changed field: its Danish name and its value before
// and after, as the user reads them.
type fieldChange struct{ Label, Old, New string }

// previewOf builds the preview's view; nil when the result carries no
// effect (nothing to publish).
func previewOf(res *app.PublishResult, im *model.ImplementationModel) *previewView {
	if res == nil || res.Effect == nil {
		return nil
	}
	e := res.Effect
	f := valueFormat{im: im, titles: e.Titles}
	v := &previewView{Summary: e.Summary(), Asof: e.Asof, Municipalities: e.Municipalities, Red: model.Red, Yellow: model.Yellow}
	for i, c := range res.Changes {
		pt := previewTask{Key: c.Key, Title: c.Title, Kind: changeKindLabel(c.Kind)}
		if i < len(e.Tasks) && e.Tasks[i].Old != nil && e.Tasks[i].New != nil {
			pt.Fields = f.taskFields(c.Fields, e.Tasks[i].Old, e.Tasks[i].New, &e.OldProgramme, &e.NewProgramme)
		}
		v.Tasks = append(v.Tasks, pt)
	}
	v.Settings = f.settings(res.Settings, &e.OldProgramme, &e.NewProgramme)
	return v
}

func changeKindLabel(k catalogue.ChangeKind) string {
	switch k {
	case catalogue.Added:
		return "Ny"
	case catalogue.Withdrawn:
		return "Trukket tilbage"
	case catalogue.Restored:
		return "Genindsat"
	}
	return "Ændret"
}

// valueFormat writes catalogue values in the words of the pages.
type valueFormat struct {
	im     *model.ImplementationModel
	titles map[string]string
}

// taskFields lists the changed fields of a task, old → new. The four
// timing fields (milestone, start, end, unit) are one row, the task's
// placement, and so is a moved milestone.
func (f valueFormat) taskFields(fields []string, a, b *model.CatalogueTask, pa, pb *model.Programme) []fieldChange {
	var out []fieldChange
	timing := false
	for _, name := range fields {
		switch name {
		case "milestone", "start", "end", "unit", "milestone_offset":
			if !timing {
				timing = true
				label := "Tidsplacering"
				if name == "milestone_offset" {
					label = "Tidsplacering (milepælen er flyttet)"
				}
				out = append(out, fieldChange{label, timingText(a.Timing, pa), timingText(b.Timing, pb)})
			}
			continue
		}
		out = append(out, fieldChange{fieldLabel(name), f.value(name, a), f.value(name, b)})
	}
	return out
}

// fieldLabel is a catalogue field's Danish name, as the edit form calls it.
func fieldLabel(name string) string {
	if l, ok := catalogueFieldLabels[name]; ok {
		return l
	}
	return "Øvrige felter"
}

var catalogueFieldLabels = map[string]string{
	"title": "Titel", "description": "Beskrivelse", "theme": "Tema", "main_task": "Hovedopgave", "phase": "Fase",
	"type": "Type", "level": "Niveau", "responsible": "Ansvarlig", "executor": "Udfører",
	"depends_on": "Afhænger af", "checkpoint": "Kontrolpunkt", "readiness_round": "Runde i parathedsundersøgelsen",
	"checklist": "Tjekliste", "links": "Links",
}

func (f valueFormat) value(name string, t *model.CatalogueTask) string {
	switch name {
	case "title":
		return t.Title
	case "description":
		return shorten(t.Description, 160)
	case "theme":
		if th, ok := f.im.Theme(t.Theme); ok {
			return th.Name
		}
		return t.Theme
	case "main_task":
		if m, ok := f.im.MainTask(t.MainTask); ok {
			return fmt.Sprintf("%d %s", m.Number, m.Name)
		}
		return fmt.Sprint(t.MainTask)
	case "phase":
		if p, ok := f.im.Phase(t.Phase); ok {
			return p.Key + " " + p.Name
		}
		return t.Phase
	case "type":
		return t.Type.Label()
	case "level":
		return levelLabel(t.Level)
	case "responsible":
		return t.Responsible
	case "executor":
		return t.Executor
	case "depends_on":
		return f.dependencies(t.DependsOn)
	case "checkpoint":
		return f.checkpoint(t.Checkpoint)
	case "readiness_round":
		if t.ReadinessRound == "" {
			return "Ingen"
		}
		return readiness.Kind(t.ReadinessRound).Label()
	case "checklist":
		if len(t.Checklist) == 0 {
			return "Ingen punkter"
		}
		items := make([]string, len(t.Checklist))
		for i, c := range t.Checklist {
			items[i] = c.Text
		}
		return fmt.Sprintf("%d punkter: %s", len(items), strings.Join(items, "; "))
	case "links":
		if len(t.Links) == 0 {
			return "Ingen links"
		}
		titles := make([]string, len(t.Links))
		for i, l := range t.Links {
			titles[i] = l.Title
		}
		return strings.Join(titles, "; ")
	}
	return ""
}

func (f valueFormat) dependencies(ds []model.Dependency) string {
	if len(ds) == 0 {
		return "Ingen"
	}
	out := make([]string, len(ds))
	for i, d := range ds {
		s := f.titles[d.Task]
		if s == "" {
			s = d.Task
		}
		switch d.Type {
		case "SS":
			s += " (start samtidig)"
		case "FF":
			s += " (slut samtidig)"
		}
		if d.Lag != 0 {
			s += fmt.Sprintf(" %+d arbejdsdage", d.Lag)
		}
		out[i] = s
	}
	return strings.Join(out, "; ")
}

func (f valueFormat) checkpoint(key string) string {
	if key == "" {
		return "Intet"
	}
	for _, tr := range catalogue.Transitions(f.im) {
		if tr.Key == key {
			return "Overgangen " + tr.FromName + " → " + tr.ToName
		}
	}
	return key
}

// settings lists the changed programme settings, old → new.
func (f valueFormat) settings(names []string, a, b *model.Programme) []fieldChange {
	var out []fieldChange
	for _, n := range names {
		switch n {
		case "name":
			out = append(out, fieldChange{"Programmets navn", a.Name, b.Name})
		case "description":
			out = append(out, fieldChange{"Programmets beskrivelse", shorten(a.Description, 160), shorten(b.Description, 160)})
		case "warning_days":
			out = append(out, fieldChange{"Varsling (gul)", warnText(a.WarningDays), warnText(b.WarningDays)})
		case "institutions":
			out = append(out, fieldChange{"Institutioner", institutionsText(a.Institutions), institutionsText(b.Institutions)})
		case "milestones":
			out = append(out, fieldChange{"Milepæle", milestonesText(a), milestonesText(b)})
		case "waves":
			out = append(out, fieldChange{"Bølgernes navne", wavesText(a.Waves), wavesText(b.Waves)})
		}
	}
	return out
}

func warnText(n int) string { return fmt.Sprintf("%d arbejdsdage før slutdato", n) }

func institutionsText(c string) string {
	switch c {
	case model.CategorySchool:
		return "Skoler"
	case model.CategoryDayCare:
		return "Dagtilbud"
	case "":
		return "Alle institutioner"
	}
	return c
}

func milestonesText(p *model.Programme) string {
	if len(p.Milestones) == 0 {
		return "Kun go-live"
	}
	out := make([]string, len(p.Milestones))
	for i, m := range p.Milestones {
		if m.National() {
			out[i] = m.Name + ": " + m.Date.Danish() + " (national dato for alle kommuner)"
			continue
		}
		out[i] = m.Name + ": " + offsetText(m.Offset, m.Unit, "go-live")
	}
	return strings.Join(out, "; ")
}

func wavesText(ws model.WaveNames) string {
	if len(ws) == 0 {
		return "Bølgerne vises med nummer"
	}
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = fmt.Sprintf("%d: %s", w.Number, w.Name)
	}
	return strings.Join(out, "; ")
}

// levelLabel says who does a task.
func levelLabel(l model.Level) string {
	if l == model.LevelInstitution {
		return "Hver institution"
	}
	return "Kommunen"
}

// timingText places a task in words: "30 til 20 arbejdsdage før go-live",
// "fra 5 arbejdsdage før til 10 arbejdsdage efter Idriftsættelse".
func timingText(t model.Timing, p *model.Programme) string {
	name := "go-live"
	if m, ok := p.Milestone(t.Milestone); ok && t.Milestone != model.GoLive {
		name = m.Name
	} else if !ok && t.Milestone != "" {
		name = t.Milestone
	}
	unit := t.Unit
	if unit == "" {
		unit = model.WorkingDays
	}
	switch {
	case t.Start < 0 && t.End < 0:
		return fmt.Sprintf("%d til %d %s før %s", -t.Start, -t.End, unit, name)
	case t.Start >= 0 && t.End >= 0 && t.Start == 0 && t.End == 0:
		return "på dagen for " + name
	case t.Start >= 0 && t.End >= 0:
		return fmt.Sprintf("%d til %d %s efter %s", t.Start, t.End, unit, name)
	}
	return "fra " + offsetText(t.Start, unit, "") + " til " + offsetText(t.End, unit, name)
}

// offsetText is one offset in words; name ends it when given.
func offsetText(n int, unit model.Unit, name string) string {
	if unit == "" {
		unit = model.WorkingDays
	}
	var s string
	switch {
	case n < 0:
		s = fmt.Sprintf("%d %s før", -n, unit)
	case n > 0:
		s = fmt.Sprintf("%d %s efter", n, unit)
	default:
		if name == "" {
			return "dagen for"
		}
		return "dagen for " + name
	}
	if name != "" {
		s += " " + name
	}
	return s
}

// shorten cuts s to at most n characters at a word boundary.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndexByte(string(r), ' '); i > n/2 {
		return string(r)[:i] + " …"
	}
	return string(r) + "…"
}

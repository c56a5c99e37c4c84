package export

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/readiness"
)

// A catalogue workbook (CatalogueXLSX writes it, CatalogueFromXLSX reads
// it) holds everything a catalogue file holds: the tasks one per row on
// "Opgaver" (the first sheet), what one row cannot hold on sheets of their
// own – each checklist item and each link a row naming its task's ID – and
// the programme's settings and milestones. An "Oplysninger" sheet says what
// the workbook is; the import ignores it and any other sheet.
const (
	sheetTasks      = "Opgaver"
	sheetChecklist  = "Tjekliste"
	sheetLinks      = "Links"
	sheetProgramme  = "Program"
	sheetMilestones = "Milepæle"
	sheetWaves      = "Bølger"
)

// Headings of the side sheets. The task's title beside its ID is a formula
// looking it up on Opgaver, there to be read, not imported.
var (
	checklistHeader = []string{"ID", "Opgave", "Punkt", "Nøgle"}
	linksHeader     = []string{"ID", "Opgave", "Titel", "Adresse"}
	programmeHeader = []string{"Indstilling", "Værdi"}
	milestoneHeader = []string{"Nøgle", "Navn", "Forskydning", "Enhed", "Dato"}
	waveHeader      = []string{"Nummer", "Navn"}
)

// Rows of the Program sheet, by their first cell.
const (
	settingKey          = "Nøgle"
	settingName         = "Navn"
	settingDescription  = "Beskrivelse"
	settingWarningDays  = "Varsling (arbejdsdage)"
	settingInstitutions = "Institutioner"
	allInstitutions     = "Alle"
)

// CatalogueInfo is what the Oplysninger sheet says about a catalogue workbook.
type CatalogueInfo struct {
	Version int
	Created time.Time
}

// CatalogueXLSX writes a catalogue as the workbook CatalogueFromXLSX reads
// back to the same catalogue: phases, themes, main tasks, types,
// milestones, checkpoints and survey rounds by their Danish names, offsets
// as numbers, a national milestone's date as a date.
func CatalogueXLSX(c *model.Catalogue, im *model.ImplementationModel, info CatalogueInfo) ([]byte, error) {
	n := newNames(im, &c.Programme)
	f, st, err := newWorkbook(sheetTasks)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]string, len(columns))
	for i, col := range columns {
		head[i] = col.heading
	}
	var tasks, checks, links [][]any
	for _, t := range c.Tasks {
		deps := make([]string, len(t.DependsOn))
		for i, d := range t.DependsOn {
			deps[i] = catalogue.FormatDependency(d)
		}
		tasks = append(tasks, []any{t.Key, t.Title, t.Responsible, t.Executor, t.Timing.Start, t.Timing.End, t.Type.Label(),
			n.themeName(t.Theme), n.phaseName(t.Phase), n.mainTaskName(t.MainTask), t.Description, levelNames[t.Level],
			n.milestoneName(t.Timing.Milestone), unitNames[t.Timing.Unit], strings.Join(deps, ", "), n.checkpointName(t.Checkpoint),
			roundName(t.ReadinessRound)})
		row := func(k int) excelize.Cell {
			// The title beside the ID follows the task's row on Opgaver.
			return excelize.Cell{Formula: fmt.Sprintf(`IFERROR(VLOOKUP(A%d,%s!$A:$B,2,0),"")`, k, sheetTasks), Value: t.Title}
		}
		for _, it := range t.Checklist {
			key := it.Key
			if key == model.ChecklistKey(it.Text) {
				key = "" // a plain item: its key follows its text, as in the file
			}
			checks = append(checks, []any{t.Key, row(len(checks) + 2), it.Text, key})
		}
		for _, l := range t.Links {
			links = append(links, []any{t.Key, row(len(links) + 2), l.Title, l.URL})
		}
	}
	p := c.Programme
	institutions := allInstitutions
	if p.Institutions != "" {
		institutions = institutionNames[p.Institutions]
	}
	var milestones [][]any
	for _, m := range p.Milestones {
		if m.National() {
			milestones = append(milestones, []any{m.Key, m.Name, nil, nil, m.Date})
		} else {
			milestones = append(milestones, []any{m.Key, m.Name, m.Offset, unitNames[m.Unit], nil})
		}
	}
	var waves [][]any
	for _, w := range p.Waves {
		waves = append(waves, []any{w.Number, w.Name})
	}
	wide := map[int]float64{1: 50, 10: 60}
	for _, t := range []table{
		{sheet: sheetTasks, head: head, rows: tasks, maxWidth: wide},
		{sheet: sheetChecklist, head: checklistHeader, rows: checks, maxWidth: map[int]float64{1: 40, 2: 80}},
		{sheet: sheetLinks, head: linksHeader, rows: links, maxWidth: map[int]float64{1: 40, 2: 50, 3: 60}},
		{sheet: sheetProgramme, head: programmeHeader, rows: [][]any{{settingKey, p.Key}, {settingName, p.Name}, {settingDescription, p.Description},
			{settingWarningDays, p.WarningDays}, {settingInstitutions, institutions}}, maxWidth: map[int]float64{1: 80}},
		{sheet: sheetMilestones, head: milestoneHeader, rows: milestones},
		{sheet: sheetWaves, head: waveHeader, rows: waves},
		infoTable([][]any{
			{"Program", p.Name + " (" + p.Key + ")"},
			{"Katalogversion", info.Version},
			{"Dannet (UTC)", info.Created},
			{"Sådan bruges arket", "Ret opgaverne, tjeklisterne, links, programmet, milepælene og bølgernes navne i arkene, og indlæs filen igen på katalogsiden. " +
				"Start og Slut er arbejdsdage (eller kalenderdage, se Enhed) fra milepælen, negative før den. " +
				"Tjekliste og Links hører til opgaven med samme ID; opgavens titel dér hentes fra arket Opgaver."},
		}),
	} {
		if err := writeTable(f, st, t); err != nil {
			return nil, err
		}
	}
	return save(f)
}

var (
	levelNames       = map[model.Level]string{model.LevelMunicipality: "Kommune", model.LevelInstitution: "Institution"}
	unitNames        = map[model.Unit]string{model.WorkingDays: "Arbejdsdage", model.CalendarDays: "Kalenderdage"}
	institutionNames = map[string]string{model.CategorySchool: "Skole", model.CategoryDayCare: "Dagtilbud"}
)

func roundName(k string) string {
	if k == "" {
		return ""
	}
	return readiness.Kind(k).Label()
}

// names turns the catalogue's keys into the names a workbook shows, and
// back: each lookup takes the key or the name, without regard to case.
type names struct {
	im         *model.ImplementationModel
	milestones []model.Milestone // go-live first
}

func newNames(im *model.ImplementationModel, p *model.Programme) *names {
	gl, _ := p.Milestone(model.GoLive)
	return &names{im: im, milestones: append([]model.Milestone{gl}, p.Milestones...)}
}

func (n *names) themeName(k string) string {
	if th, ok := n.im.Theme(k); ok {
		return th.Name
	}
	return k
}

func (n *names) phaseName(k string) string {
	if ph, ok := n.im.Phase(k); ok {
		return phaseLabel(ph.Key, ph.Name)
	}
	return k
}

func (n *names) mainTaskName(v int) string {
	if mt, ok := n.im.MainTask(v); ok {
		return strconv.Itoa(v) + " " + mt.Name
	}
	return strconv.Itoa(v)
}

// milestoneName is the milestone's name, or its key if two milestones
// share the name.
func (n *names) milestoneName(k string) string {
	name := k
	for _, m := range n.milestones {
		if m.Key == k {
			name = m.Name
		}
	}
	same := 0
	for _, m := range n.milestones {
		if strings.EqualFold(m.Name, name) || strings.EqualFold(m.Key, name) {
			same++
		}
	}
	if same != 1 {
		return k
	}
	return name
}

func (n *names) checkpointName(k string) string {
	if t, ok := catalogue.TransitionByKey(n.im, k); ok {
		return t.FromName + " → " + t.ToName
	}
	return k
}

// Reading names back. Each returns the key and whether v named one.

func (n *names) theme(v string) (string, bool) {
	for _, t := range n.im.Themes {
		if strings.EqualFold(v, t.Key) || strings.EqualFold(v, t.Name) {
			return t.Key, true
		}
	}
	return "", false
}

// phase reads "2.1", "Planlægning" or "2.1 Planlægning"; a number with
// another phase's name is refused.
func (n *names) phase(v string) (string, bool) {
	for _, ph := range n.im.Phases {
		if strings.EqualFold(v, ph.Key) || strings.EqualFold(v, ph.Name) || strings.EqualFold(v, phaseLabel(ph.Key, ph.Name)) {
			return ph.Key, true
		}
	}
	return "", false
}

// mainTask reads "3", "Projektstyring" or "3 Projektstyring".
func (n *names) mainTask(v string) (int, bool) {
	for _, mt := range n.im.MainTasks {
		num := strconv.Itoa(mt.Number)
		if v == num || strings.EqualFold(v, mt.Name) || strings.EqualFold(v, num+" "+mt.Name) {
			return mt.Number, true
		}
	}
	return 0, false
}

func (n *names) milestone(v string) (string, bool) {
	for _, m := range n.milestones {
		if strings.EqualFold(v, m.Key) {
			return m.Key, true
		}
	}
	for _, m := range n.milestones {
		if strings.EqualFold(v, m.Name) {
			return m.Key, true
		}
	}
	return "", false
}

// checkpoint reads "2.1-2.2" or "Planlægning → Klargøring" (or "->").
func (n *names) checkpoint(v string) (string, bool) {
	norm := strings.Join(strings.Fields(strings.ReplaceAll(v, "->", "→")), " ")
	for _, t := range catalogue.Transitions(n.im) {
		if strings.EqualFold(norm, t.Key) || strings.EqualFold(norm, t.FromName+" → "+t.ToName) ||
			strings.EqualFold(norm, phaseLabel(t.From, t.FromName)+" → "+phaseLabel(t.To, t.ToName)) {
			return t.Key, true
		}
	}
	return "", false
}

func round(v string) (string, bool) {
	for _, k := range readiness.Kinds {
		if strings.EqualFold(v, string(k)) || strings.EqualFold(v, k.Label()) || strings.EqualFold(v, k.Short()) {
			return string(k), true
		}
	}
	return "", false
}

// enumKey reads a value of a small table by its key or its name.
func enumKey[K ~string](table map[K]string, v string) (string, bool) {
	for k, name := range table {
		if strings.EqualFold(v, string(k)) || strings.EqualFold(v, name) {
			return string(k), true
		}
	}
	return "", false
}

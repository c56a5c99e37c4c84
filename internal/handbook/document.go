package handbook

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/pdfdoc"
)

// Document is one municipality's handbook for one programme, as the page
// and the PDF show it. app.Handbook fills it from what udrul holds.
type Document struct {
	Programme     string             `json:"programme"`
	ProgrammeName string             `json:"programme_name"`
	Municipality  model.Organisation `json:"-"`
	Asof          model.Date         `json:"asof"`
	GoLive        model.Date         `json:"golive"`
	Wave          int                `json:"wave"`
	WaveNames     model.WaveNames    `json:"-"` // the programme's names for its waves
	SendFrom      model.Date         `json:"send_from"`
	Deadline      model.Date         `json:"deadline"`
	// Version is the version this text is: the last one sent when the plan
	// has not changed since (Sent), else the next one, not sent yet.
	Version int  `json:"version"`
	Sent    bool `json:"sent"`
	// Pending lists what changed since the last version sent (when !Sent
	// and a version was sent).
	Pending     []string      `json:"pending"`
	Source      string        `json:"source"` // the model's sources
	Phases      []Phase       `json:"phases"`
	Themes      []Theme       `json:"themes"`
	Own         []Task        `json:"own_tasks"`
	Tasks       int           `json:"tasks"` // catalogue and own tasks
	Checkpoints []Checkpoint  `json:"checkpoints"`
	Contacts    []Contact     `json:"contacts"`
	Versions    []SentVersion `json:"versions"` // newest first
	Created     time.Time     `json:"created"`
}

// Phase is a phase or sub-phase of the model with the plan's catalogue
// tasks in it.
type Phase struct {
	Key         string `json:"key"`
	Name        string `json:"name"`
	Parent      string `json:"parent,omitempty"`
	Description string `json:"description"`
	Success     string `json:"success,omitempty"` // the model's success criterion, when it states one
	Period      string `json:"period,omitempty"`  // the phase's dates in this plan
	Tasks       []Task `json:"tasks"`
}

// Theme is one of the model's themes.
type Theme struct {
	Key         string `json:"key"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Task is one line of the plan.
type Task struct {
	Key          string         `json:"key"`
	Title        string         `json:"title"`
	Phase        string         `json:"phase"`
	Theme        string         `json:"theme,omitempty"`
	ThemeName    string         `json:"theme_name,omitempty"`
	Type         model.TaskType `json:"type"`
	Start        model.Date     `json:"start"`
	End          model.Date     `json:"end"`
	Responsible  string         `json:"responsible,omitempty"`
	Executor     string         `json:"executor,omitempty"`
	Assignee     string         `json:"assignee,omitempty"` // the person the task is delegated to
	Status       model.Status   `json:"status"`
	Own          bool           `json:"own"`
	Milestone    bool           `json:"milestone"`
	Institutions int            `json:"institutions,omitempty"`
	TaskID       int64          `json:"-"` // a single instance's id, for the page's link
}

// Checkpoint is a phase transition with its checklist and latest decision.
type Checkpoint struct {
	Key       string           `json:"key"`
	FromName  string           `json:"from_name"`
	ToName    string           `json:"to_name"`
	Items     []CheckpointItem `json:"items"`
	Decision  string           `json:"decision,omitempty"`
	DecidedOn model.Date       `json:"decided_on,omitzero"`
}

// CheckpointItem is a task of a transition's checklist.
type CheckpointItem struct {
	Title       string         `json:"title"`
	Type        model.TaskType `json:"type"`
	End         model.Date     `json:"end"`
	Status      model.Status   `json:"status"`
	Institution string         `json:"institution,omitempty"`
}

// Contact is a person the municipality has registered in udrul.
type Contact struct {
	Name  string `json:"name"`
	Role  string `json:"role"`
	Email string `json:"email"`
}

// SentVersion is a version udrul mailed.
type SentVersion struct {
	Version    int        `json:"version"`
	SentAt     time.Time  `json:"sent_at"`
	SentOn     model.Date `json:"sent_on"`
	GoLive     model.Date `json:"golive"`
	Recipients int        `json:"recipients"`
	Late       bool       `json:"late"` // a first version after the deadline
	Changes    []string   `json:"changes"`
}

// SplitSuccess separates a model description from the success criterion
// it states after "Succes:" (the model's YAML keeps both in one text).
func SplitSuccess(description string) (text, success string) {
	i := strings.Index(description, "Succes:")
	if i < 0 {
		return strings.TrimSpace(description), ""
	}
	success = strings.TrimSpace(description[i+len("Succes:"):])
	if r, n := utf8.DecodeRuneInString(success); n > 0 {
		success = string(unicode.ToUpper(r)) + success[n:]
	}
	return strings.TrimSpace(description[:i]), success
}

// VersionLabel is the version and date every page carries.
func (d *Document) VersionLabel() string {
	day := model.DanishDate(d.Created)
	if d.Sent {
		return fmt.Sprintf("Version %d · %s", d.Version, day.Danish())
	}
	return fmt.Sprintf("Version %d (udkast, ikke sendt) · %s", d.Version, day.Danish())
}

func dates(t Task) string {
	if t.Start == t.End {
		return t.End.Danish()
	}
	return t.Start.Danish() + " – " + t.End.Danish() // wraps after the dash
}

func executor(t Task) string {
	s := t.Executor
	if s == "" {
		s = t.Responsible
	}
	if t.Assignee != "" {
		if s != "" {
			s += " · "
		}
		s += "tildelt " + t.Assignee
	}
	return s
}

func title(t Task) string {
	s := t.Title
	if t.Milestone {
		s += " (milepæl)"
	}
	if t.Institutions > 0 {
		s += fmt.Sprintf(" (%d institutioner)", t.Institutions)
	}
	return s
}

var taskColumns = []pdfdoc.Column{{Title: "Opgave", Width: 0.35}, {Title: "Tema", Width: 0.17}, {Title: "Type", Width: 0.15},
	{Title: "Datoer", Width: 0.14}, {Title: "Udførende", Width: 0.19}}

func taskRows(ts []Task) [][]string {
	rows := make([][]string, len(ts))
	for i, t := range ts {
		rows[i] = []string{title(t), t.ThemeName, t.Type.Label(), dates(t), executor(t)}
	}
	return rows
}

// PDF makes the handbook as a PDF document.
func (d *Document) PDF() ([]byte, error) {
	name := d.Municipality.Name
	doc := pdfdoc.New(pdfdoc.Meta{
		Title:    "Implementeringshåndbog for " + name,
		Subtitle: d.ProgrammeName + " – kommunespecifik implementeringshåndbog",
		Author:   "udrul",
		Footer:   fmt.Sprintf("%s · %s · %s", name, d.ProgrammeName, d.VersionLabel()),
		Created:  d.Created,
		Facts: [][2]string{
			{"Kommune", name},
			{"Program", d.ProgrammeName},
			{"Go-live", d.GoLive.Danish()},
			{"Bølge", d.WaveNames.Short(d.Wave)},
			{"Version", d.VersionLabel()},
			{"Opgaver", fmt.Sprint(d.Tasks)},
		},
	})
	doc.Heading(1, "Om håndbogen")
	doc.Paragraph(fmt.Sprintf("Håndbogen samler implementeringsmodellens faser og temaer med planen for %s i %s: opgaverne med datoer, type og udførende, kommunens egne opgaver, kontrolpunkterne og kontaktpersonerne. Den er lavet af udrul %s ud fra planen, som den så ud den dag.",
		name, d.ProgrammeName, model.DanishDate(d.Created).Danish()))
	doc.Paragraph(fmt.Sprintf("Projektlederen får håndbogen med mail senest 20 dage før go-live (senest %s) og en ny version, hver gang planen ændres derefter, med en liste over ændringerne.", d.Deadline.Danish()))
	if len(d.Versions) > 0 {
		var rows [][]string
		for _, v := range d.Versions {
			changes := strings.Join(v.Changes, "\n")
			if v.Version == 1 {
				changes = "Første version"
			}
			rows = append(rows, []string{fmt.Sprint(v.Version), v.SentOn.Danish(), fmt.Sprint(v.Recipients), changes})
		}
		doc.Heading(2, "Versioner")
		doc.Table([]pdfdoc.Column{{Title: "Version", Width: 0.1}, {Title: "Sendt", Width: 0.14}, {Title: "Modtagere", Width: 0.12}, {Title: "Ændringer", Width: 0.64}}, rows)
	}
	if !d.Sent && len(d.Pending) > 0 {
		doc.Heading(2, fmt.Sprintf("Ændret siden version %d", d.Version-1))
		doc.Bullets(d.Pending)
	}

	doc.Heading(1, "Implementeringsmodellen")
	doc.Paragraph("Implementeringen følger KOMBITs fælleskommunale implementeringsmodel: faser og underfaser med kontrolpunkter mellem dem, og temaer, som opgaverne hører under.")
	for _, t := range d.Themes {
		doc.Heading(2, "Tema: "+t.Name)
		doc.Paragraph(t.Description)
	}

	for _, p := range d.Phases {
		label := "Fase " + p.Key + ": " + p.Name
		if p.Parent != "" {
			label = "Underfase " + p.Key + ": " + p.Name
		}
		doc.Heading(1, label)
		if p.Period != "" {
			doc.Facts([][2]string{{"Periode", p.Period}})
		}
		doc.Paragraph(p.Description)
		if p.Success != "" {
			doc.Note("Succeskriterium: " + p.Success)
		}
		if len(p.Tasks) == 0 {
			doc.Paragraph("Ingen opgaver i jeres plan i denne fase.")
			continue
		}
		doc.Table(taskColumns, taskRows(p.Tasks))
	}

	doc.Heading(1, "Kommunens egne opgaver")
	if len(d.Own) == 0 {
		doc.Paragraph("Kommunen har ikke tilføjet egne opgaver til planen.")
	} else {
		doc.Table(taskColumns, taskRows(d.Own))
	}

	doc.Heading(1, "Kontrolpunkter")
	doc.Paragraph("Ved hver faseovergang vurderes kommunens parathed ud fra opgaverne på kontrolpunktets tjekliste.")
	for _, c := range d.Checkpoints {
		doc.Heading(2, fmt.Sprintf("%s → %s", c.FromName, c.ToName))
		if c.Decision != "" {
			doc.Facts([][2]string{{"Beslutning", fmt.Sprintf("%s %s", c.Decision, c.DecidedOn.Danish())}})
		}
		if len(c.Items) == 0 {
			doc.Paragraph("Ingen opgaver på tjeklisten.")
			continue
		}
		rows := make([][]string, len(c.Items))
		for i, it := range c.Items {
			t := it.Title
			if it.Institution != "" {
				t += " – " + it.Institution
			}
			rows[i] = []string{t, it.Type.Label(), it.End.Danish(), it.Status.Label()}
		}
		doc.Table([]pdfdoc.Column{{Title: "Opgave", Width: 0.52}, {Title: "Type", Width: 0.18}, {Title: "Slut", Width: 0.13}, {Title: "Status", Width: 0.17}}, rows)
	}

	doc.Heading(1, "Kontaktpersoner")
	if len(d.Contacts) == 0 {
		doc.Paragraph("Kommunen har ingen aktive brugere i udrul.")
	} else {
		rows := make([][]string, len(d.Contacts))
		for i, c := range d.Contacts {
			rows[i] = []string{c.Name, c.Role, c.Email}
		}
		doc.Table([]pdfdoc.Column{{Title: "Navn", Width: 0.35}, {Title: "Rolle", Width: 0.25}, {Title: "E-mail", Width: 0.40}}, rows)
	}
	doc.Paragraph(RoleRegisterNote)
	doc.Paragraph("Kilde til modellen: " + d.Source)
	return doc.Bytes()
}

// RoleRegisterNote says why the handbook names no person per executor
// role: udrul has no register of who holds which role in a municipality
// yet, only the person a task is delegated to.
const RoleRegisterNote = "Udførende er den rolle, opgavekataloget angiver. udrul har endnu ikke et register over, hvem der har hvilken rolle i kommunen; derfor nævnes personer kun, hvor en opgave er tildelt en bestemt person."

package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// MaxLines bounds each list in a mail; the rest is summed up with a link.
const MaxLines = 60

// Change kinds of a catalogue publication (catalogue.ChangeKind values).
const (
	ChangeAdded     = "added"
	ChangeChanged   = "changed"
	ChangeWithdrawn = "withdrawn"
	ChangeRestored  = "restored"
)

// TaskChange is one task's change in one plan by a publication.
type TaskChange struct {
	Key       string
	Title     string
	Kind      string // added, changed, withdrawn, restored
	Fields    []string
	Type      model.TaskType
	PerInst   bool // an institution-level task: one instance per school or day-care unit
	Instances int
	FirstEnd  model.Date // NoDate when the task has no live instance (withdrawn)
	LastEnd   model.Date
}

// PlanChanges is what a publication changed in one municipality's plan.
type PlanChanges struct {
	Programme     string // key
	ProgrammeName string
	Municipality  string // name
	Code          string
	Version       int
	PublishedBy   string
	PublishedAt   time.Time
	Changes       []TaskChange
}

// Recipient is who a mail is for, as the mail addresses them.
type Recipient struct {
	Name         string
	Role         string
	Organisation string
	Preference   string // straks, dagligt, ugentligt
}

// Publication is the mail to one project lead about one publication.
type Publication struct {
	To      Recipient
	Plan    PlanChanges
	BaseURL string // e.g. https://udrul.kombit.dk; links are left out when empty
}

// Render returns the subject and body.
func (p Publication) Render() (subject, body string) {
	pc := p.Plan
	n := len(pc.Changes)
	subject = fmt.Sprintf("%s: %s i planen for %s (katalogversion %d)", pc.ProgrammeName, countNoun(n, "ny eller ændret opgave", "nye eller ændrede opgaver"), pc.Municipality, pc.Version)
	var b strings.Builder
	greet(&b, p.To)
	fmt.Fprintf(&b, "%s har udgivet version %d af opgavekataloget for %s (%s).\n", who(pc.PublishedBy), pc.Version, pc.ProgrammeName, model.DanishTime(pc.PublishedAt))
	fmt.Fprintf(&b, "Det ændrer følgende i planen for %s:\n", pc.Municipality)
	writeChanges(&b, pc.Changes)
	b.WriteString("\nNye og ændrede opgaver har deres datoer regnet fra jeres go-live-dato. Datoer, I selv har flyttet, er bevaret.\n")
	if l := p.link("/programmes/%s/municipalities/%s", pc.Programme, pc.Code); l != "" {
		fmt.Fprintf(&b, "\nSe planen: %s\n", l)
	}
	footer(&b, p.To, p.BaseURL)
	return subject, b.String()
}

func (p Publication) link(format string, args ...any) string { return link(p.BaseURL, format, args...) }

func link(base, format string, args ...any) string {
	if base == "" {
		return ""
	}
	return strings.TrimRight(base, "/") + fmt.Sprintf(format, args...)
}

func writeChanges(b *strings.Builder, changes []TaskChange) {
	groups := []struct {
		kind, head string
	}{
		{ChangeAdded, "Nye opgaver"},
		{ChangeRestored, "Genindsatte opgaver"},
		{ChangeChanged, "Ændrede opgaver"},
		{ChangeWithdrawn, "Trukket tilbage (skal ikke længere løses)"},
	}
	for _, g := range groups {
		var lines []string
		for _, c := range changes {
			if c.Kind != g.kind {
				continue
			}
			lines = append(lines, changeLine(c))
		}
		if len(lines) == 0 {
			continue
		}
		fmt.Fprintf(b, "\n%s:\n", g.head)
		writeLines(b, lines, "opgaver")
	}
}

func changeLine(c TaskChange) string {
	var s strings.Builder
	fmt.Fprintf(&s, "- %s (%s)", c.Title, c.Key)
	if c.Type != "" && c.Kind != ChangeWithdrawn {
		fmt.Fprintf(&s, ", %s", strings.ToLower(c.Type.Label()))
	}
	if c.Kind == ChangeChanged && len(c.Fields) > 0 {
		fmt.Fprintf(&s, "; ændret: %s", strings.Join(c.Fields, ", "))
	}
	switch {
	case c.Kind == ChangeWithdrawn || c.FirstEnd == model.NoDate:
	case c.PerInst && c.FirstEnd != c.LastEnd:
		fmt.Fprintf(&s, "; %d institutioner, frister %s–%s", c.Instances, c.FirstEnd.Danish(), c.LastEnd.Danish())
	case c.PerInst:
		fmt.Fprintf(&s, "; %d institutioner, frist %s", c.Instances, c.FirstEnd.Danish())
	default:
		fmt.Fprintf(&s, "; frist %s", c.FirstEnd.Danish())
	}
	return s.String()
}

// DigestItem is a task that turned yellow or red.
type DigestItem struct {
	Title       string
	Key         string
	Type        model.TaskType
	End         model.Date
	Institution string
	Colour      model.Colour
}

// MunicipalityDigest is one municipality's part of a digest.
type MunicipalityDigest struct {
	Programme     string
	ProgrammeName string
	Municipality  string
	Code          string
	Red           []DigestItem  // turned red in the period
	Yellow        []DigestItem  // turned yellow in the period
	Published     []PlanChanges // publications not yet reported to the recipient
}

// Empty reports whether there is nothing to tell.
func (m MunicipalityDigest) Empty() bool {
	return len(m.Red) == 0 && len(m.Yellow) == 0 && len(m.Published) == 0
}

// CentralLine sums up one municipality for central staff.
type CentralLine struct {
	Municipality   string
	Code           string
	Wave           int
	Red            int // tasks that turned red
	Yellow         int // tasks that turned yellow
	CriticalYellow int // of which on the critical path
	CriticalRed    int
}

// CentralDigest is one programme's part of a digest to central staff.
type CentralDigest struct {
	Programme     string
	ProgrammeName string
	WaveNames     model.WaveNames // the programme's, for naming the lines' waves
	Lines         []CentralLine
}

// Digest is a daily or weekly summary for one recipient.
type Digest struct {
	To      Recipient
	Kind    string     // dagligt or ugentligt
	From    model.Date // changes after this date …
	Through model.Date // … up to and including this one
	Plans   []MunicipalityDigest
	Central []CentralDigest
	BaseURL string
}

// Empty reports whether the digest has nothing to say; it is then not sent.
func (d Digest) Empty() bool {
	for _, p := range d.Plans {
		if !p.Empty() {
			return false
		}
	}
	for _, c := range d.Central {
		if len(c.Lines) > 0 {
			return false
		}
	}
	return true
}

// Render returns the subject and body.
func (d Digest) Render() (subject, body string) {
	red, yellow, published := 0, 0, 0
	for _, p := range d.Plans {
		red += len(p.Red)
		yellow += len(p.Yellow)
		for _, pc := range p.Published {
			published += len(pc.Changes)
		}
	}
	for _, c := range d.Central {
		for _, l := range c.Lines {
			red += l.Red
			yellow += l.Yellow
		}
	}
	name := "Dagligt sammendrag"
	if d.Kind == "ugentligt" {
		name = "Ugentligt sammendrag"
	}
	var parts []string
	if red > 0 {
		parts = append(parts, countNoun(red, "opgave er blevet rød", "opgaver er blevet røde"))
	}
	if yellow > 0 {
		parts = append(parts, countNoun(yellow, "opgave er blevet gul", "opgaver er blevet gule"))
	}
	if published > 0 {
		parts = append(parts, countNoun(published, "ny eller ændret opgave", "nye eller ændrede opgaver"))
	}
	if len(parts) == 0 {
		parts = append(parts, "ingen ændringer")
	}
	subject = fmt.Sprintf("udrul – %s %s: %s", strings.ToLower(name), d.Through.Danish(), joinDanish(parts))
	var b strings.Builder
	greet(&b, d.To)
	fmt.Fprintf(&b, "Her er, hvad der er sket fra %s til %s i de planer, du følger.\n", d.From.Danish(), d.Through.Danish())
	b.WriteString("Gul: fristen er om få arbejdsdage, og opgaven er ikke påbegyndt. Rød: fristen er overskredet, og opgaven er ikke fuldført.\n")
	for _, p := range d.Plans {
		if p.Empty() {
			continue
		}
		fmt.Fprintf(&b, "\n== %s – %s ==\n", p.ProgrammeName, p.Municipality)
		if len(p.Red) > 0 {
			fmt.Fprintf(&b, "\nBlevet røde:\n")
			writeLines(&b, itemLines(p.Red), "opgaver")
		}
		if len(p.Yellow) > 0 {
			fmt.Fprintf(&b, "\nBlevet gule:\n")
			writeLines(&b, itemLines(p.Yellow), "opgaver")
		}
		for _, pc := range p.Published {
			fmt.Fprintf(&b, "\nKatalogversion %d, udgivet %s af %s:\n", pc.Version, model.DanishTime(pc.PublishedAt), who(pc.PublishedBy))
			writeChanges(&b, pc.Changes)
		}
		if l := link(d.BaseURL, "/programmes/%s/municipalities/%s", p.Programme, p.Code); l != "" {
			fmt.Fprintf(&b, "\nSe planen: %s\n", l)
		}
	}
	for _, c := range d.Central {
		if len(c.Lines) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n== %s: %s ==\n", c.ProgrammeName, countNoun(len(c.Lines), "kommune", "kommuner"))
		var lines []string
		for _, l := range c.Lines {
			var s strings.Builder
			fmt.Fprintf(&s, "- %s (%s", l.Municipality, l.Code)
			if l.Wave > 0 {
				fmt.Fprintf(&s, ", %s", c.WaveNames.Label(l.Wave))
			}
			s.WriteString("): ")
			var p []string
			if l.Red > 0 {
				x := fmt.Sprintf("%d røde", l.Red)
				if l.CriticalRed > 0 {
					x += fmt.Sprintf(" (%d på kritisk vej)", l.CriticalRed)
				}
				p = append(p, x)
			}
			if l.Yellow > 0 {
				x := fmt.Sprintf("%d gule", l.Yellow)
				if l.CriticalYellow > 0 {
					x += fmt.Sprintf(" (%d på kritisk vej)", l.CriticalYellow)
				}
				p = append(p, x)
			}
			s.WriteString(joinDanish(p))
			lines = append(lines, s.String())
		}
		writeLines(&b, lines, "kommuner")
		if l := link(d.BaseURL, "/programmes/%s/followup", c.Programme); l != "" {
			fmt.Fprintf(&b, "\nOpfølgningslisten: %s\n", l)
		}
	}
	footer(&b, d.To, d.BaseURL)
	return subject, b.String()
}

func itemLines(items []DigestItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		var s strings.Builder
		fmt.Fprintf(&s, "- %s %s (%s)", it.End.Danish(), it.Title, it.Key)
		if it.Institution != "" {
			fmt.Fprintf(&s, ", %s", it.Institution)
		}
		if it.Type == model.Critical {
			s.WriteString(" – på kritisk vej")
		}
		out[i] = s.String()
	}
	return out
}

func writeLines(b *strings.Builder, lines []string, noun string) {
	for i, l := range lines {
		if i == MaxLines {
			fmt.Fprintf(b, "- … og %d %s mere\n", len(lines)-MaxLines, noun)
			break
		}
		b.WriteString(l + "\n")
	}
}

func greet(b *strings.Builder, r Recipient) {
	if r.Name != "" {
		fmt.Fprintf(b, "Kære %s\n\n", r.Name)
	} else {
		b.WriteString("Kære modtager\n\n")
	}
}

// SettingsPath is the page where people choose which mail they get.
const SettingsPath = "/konto/varsler"

func footer(b *strings.Builder, r Recipient, baseURL string) {
	b.WriteString("\nMed venlig hilsen\nudrul\n\n-- \n")
	as := "modtager"
	if r.Role != "" {
		as = r.Role
	}
	if r.Organisation != "" {
		as += ", " + r.Organisation
	}
	fmt.Fprintf(b, "Du får denne mail, fordi du er tilmeldt varsler fra udrul som %s. ", as)
	switch r.Preference {
	case "straks":
		b.WriteString("Du får udgivelser straks og et dagligt sammendrag af gule og røde opgaver.")
	case "dagligt":
		b.WriteString("Du får ét dagligt sammendrag.")
	case "ugentligt":
		b.WriteString("Du får ét ugentligt sammendrag, om mandagen.")
	}
	if baseURL != "" {
		fmt.Fprintf(b, " Dine valg kan ændres under Varsler i udrul: %s\nMailen er sendt automatisk; svar på den læses ikke.\n", link(baseURL, SettingsPath))
	} else {
		b.WriteString(" Dine valg kan ændres under Varsler i udrul. Mailen er sendt automatisk; svar på den læses ikke.\n")
	}
}

func who(actor string) string {
	if actor == "" {
		return "Den centrale koordinator"
	}
	return actor
}

func countNoun(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// joinDanish joins with commas and "og" before the last part.
func joinDanish(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " og " + parts[len(parts)-1]
}

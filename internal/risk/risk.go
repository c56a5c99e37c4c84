// Package risk holds the rules of the risk register (seed 003 §8, figure
// 19): the fields of a risk and their allowed values, the computed
// exposure, the probability × consequence heatmap, overdue reviews, the
// risks the supplier owns, and which closed risks' lessons the next wave
// sees. It is pure: callers bring risks and dates.
//
// The seed names the fields but not their scales; udrul uses the common
// ones: probability and consequence 1–5, exposure = probability ×
// consequence (1–25), reaction types as in PRINCE2.
package risk

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/model"
)

// Level is the register a risk belongs to.
type Level string

const (
	Municipal Level = "kommune"   // a municipality's own register
	Central   Level = "central"   // the central programme's register
	Hypercare Level = "hypercare" // a hypercare team's register for one wave
)

// Category is what the risk is about.
type Category string

const (
	Technical      Category = "teknisk"
	Organisational Category = "organisatorisk"
)

// Proximity (nærhed) is how soon the risk may occur.
type Proximity string

const (
	Imminent Proximity = "straks"        // within a month
	Near     Proximity = "snart"         // 1–3 months
	Far      Proximity = "senere"        // more than 3 months
	Passed   Proximity = "overstaaet"    // the period in which it could occur has passed
	Unknown  Proximity = "ikke_vurderet" // not assessed yet
)

// Reaction is how the risk is handled.
type Reaction string

const (
	Avoid    Reaction = "undgaa"    // remove the cause
	Reduce   Reaction = "reducere"  // lower probability or consequence
	Fallback Reaction = "beredskab" // a plan for when it happens
	Transfer Reaction = "overfoere" // to another party (e.g. by contract)
	Accept   Reaction = "acceptere" // live with it
	Share    Reaction = "dele"      // share with another party
)

// Status is where the risk stands.
type Status string

const (
	Open     Status = "aaben"      // identified, being handled
	Occurred Status = "indtruffet" // it happened
	Closed   Status = "lukket"     // no longer relevant; may carry a lesson
)

var (
	categories  = map[Category]string{Technical: "Teknisk", Organisational: "Organisatorisk"}
	proximities = map[Proximity]string{Imminent: "Inden for 1 måned", Near: "1–3 måneder", Far: "Over 3 måneder",
		Passed: "Overstået", Unknown: "Ikke vurderet"}
	reactions = map[Reaction]string{Avoid: "Undgå", Reduce: "Reducere", Fallback: "Beredskab", Transfer: "Overføre",
		Accept: "Acceptere", Share: "Dele"}
	statuses = map[Status]string{Open: "Åben", Occurred: "Indtruffet", Closed: "Lukket"}
	levels   = map[Level]string{Municipal: "Kommunens register", Central: "Det centrale programs register", Hypercare: "Hypercareteamets register"}
)

// Label is the category's Danish name ("" if unknown).
func (c Category) Label() string { return categories[c] }

// Label is the proximity's Danish name.
func (p Proximity) Label() string { return proximities[p] }

// Label is the reaction type's Danish name.
func (r Reaction) Label() string { return reactions[r] }

// Label is the status's Danish name.
func (s Status) Label() string { return statuses[s] }

// Label is the register's Danish name.
func (l Level) Label() string { return levels[l] }

// Scale of probability and consequence.
const (
	MinScore = 1
	MaxScore = 5
)

// Risk is one line of the register: exactly the fields of figure 19.
type Risk struct {
	ID          string     `json:"id"`          // e.g. R-12; given by the register
	Description string     `json:"description"` // description and consequence
	Registered  model.Date `json:"registered"`
	Category    Category   `json:"category"`
	Probability int        `json:"probability"` // 1–5
	Consequence int        `json:"consequence"` // 1–5
	Proximity   Proximity  `json:"proximity"`
	Reaction    Reaction   `json:"reaction_type"`
	Prevention  string     `json:"reaction"` // reaction / prevention: what is done
	Status      Status     `json:"status"`
	Initiator   string     `json:"initiator"`
	Owner       string     `json:"owner"`
	Actor       string     `json:"actor"`
	// NextReview is when the risk is to be looked at again; NoDate if not set.
	NextReview model.Date `json:"next_review,omitzero"`
	// Lesson is what was learnt, given when the risk is closed after
	// go-live; shown to the next wave's municipalities.
	Lesson string `json:"lesson,omitempty"`
}

// Exposure is probability × consequence, 1–25.
func (r Risk) Exposure() int { return r.Probability * r.Consequence }

// Band is an exposure's Danish band: høj from 15, middel from 6, else lav.
func Band(exposure int) string {
	switch {
	case exposure >= 15:
		return "høj"
	case exposure >= 6:
		return "middel"
	}
	return "lav"
}

// FieldError names the field of a risk that is wrong, in Danish.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Message }

// Limits on the texts.
const (
	MaxText  = 4000
	MaxShort = 200
)

// Validate checks a risk, naming the first field that is wrong.
func (r Risk) Validate() error {
	text := func(field, label, v string, required bool, max int) error {
		v = strings.TrimSpace(v)
		if required && v == "" {
			return &FieldError{field, label + " mangler"}
		}
		if utf8.RuneCountInString(v) > max {
			return &FieldError{field, fmt.Sprintf("%s er for lang (højst %d tegn)", label, max)}
		}
		return nil
	}
	if err := text("description", "Beskrivelse og konsekvens", r.Description, true, MaxText); err != nil {
		return err
	}
	if r.Registered == model.NoDate {
		return &FieldError{"registered", "registreringsdatoen mangler"}
	}
	if _, ok := categories[r.Category]; !ok {
		return &FieldError{"category", fmt.Sprintf("ukendt kategori %q: brug teknisk eller organisatorisk", r.Category)}
	}
	for _, s := range []struct {
		field, label string
		v            int
	}{{"probability", "sandsynligheden", r.Probability}, {"consequence", "konsekvensen", r.Consequence}} {
		if s.v < MinScore || s.v > MaxScore {
			return &FieldError{s.field, fmt.Sprintf("%s skal være fra %d til %d", s.label, MinScore, MaxScore)}
		}
	}
	if _, ok := proximities[r.Proximity]; !ok {
		return &FieldError{"proximity", fmt.Sprintf("ukendt nærhed %q: brug straks, snart, senere, overstaaet eller ikke_vurderet", r.Proximity)}
	}
	if _, ok := reactions[r.Reaction]; !ok {
		return &FieldError{"reaction_type", fmt.Sprintf("ukendt reaktionstype %q: brug undgaa, reducere, beredskab, overfoere, acceptere eller dele", r.Reaction)}
	}
	if _, ok := statuses[r.Status]; !ok {
		return &FieldError{"status", fmt.Sprintf("ukendt status %q: brug aaben, indtruffet eller lukket", r.Status)}
	}
	for _, f := range []struct{ field, label, v string }{
		{"reaction", "Reaktion/forebyggelse", r.Prevention}, {"initiator", "Initiativtager", r.Initiator},
		{"owner", "Ejer", r.Owner}, {"actor", "Aktør", r.Actor}, {"lesson", "Læringen", r.Lesson},
	} {
		max, required := MaxShort, f.field == "owner"
		if f.field == "reaction" || f.field == "lesson" {
			max = MaxText
		}
		if err := text(f.field, f.label, f.v, required, max); err != nil {
			return err
		}
	}
	if r.NextReview != model.NoDate && r.NextReview < r.Registered {
		return &FieldError{"next_review", "næste gennemgang ligger før registreringsdatoen"}
	}
	if r.Lesson != "" && r.Status != Closed {
		return &FieldError{"lesson", "en læring gives, når risikoen lukkes"}
	}
	return nil
}

// Heatmap counts risks per probability (rows, 1–5) and consequence
// (columns, 1–5). Closed risks are left out: the map shows what is live.
type Heatmap [MaxScore][MaxScore]int

// HeatmapOf counts the live risks.
func HeatmapOf(rs []Risk) Heatmap {
	var h Heatmap
	for _, r := range rs {
		if r.Status == Closed || r.Probability < MinScore || r.Probability > MaxScore || r.Consequence < MinScore || r.Consequence > MaxScore {
			continue
		}
		h[r.Probability-1][r.Consequence-1]++
	}
	return h
}

// At returns the count for probability p and consequence c (1–5).
func (h Heatmap) At(p, c int) int { return h[p-1][c-1] }

// Overdue reports whether a live risk's review date has passed as of asof.
func Overdue(r Risk, asof model.Date) bool {
	return r.Status != Closed && r.NextReview != model.NoDate && r.NextReview < asof
}

// SupplierOwned reports whether the risk's owner is the supplier:
// "Leverandøren" or the supplier's own name (e.g. KMD).
func SupplierOwned(r Risk, supplierName string) bool {
	o := strings.ToLower(strings.TrimSpace(r.Owner))
	if o == "" {
		return false
	}
	if o == "leverandøren" || o == "leverandør" {
		return true
	}
	return supplierName != "" && o == strings.ToLower(strings.TrimSpace(supplierName))
}

// LessonFor reports whether a risk's lesson is shown to a municipality in
// wave: closed with a lesson in an earlier wave's register.
func LessonFor(r Risk, riskWave, wave int) bool {
	return r.Status == Closed && strings.TrimSpace(r.Lesson) != "" && riskWave > 0 && riskWave < wave
}

// Change is one field of a risk changed: its Danish name and the old and
// new values as shown on the page.
type Change struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Changes lists the fields that differ between before and after, in the
// register's order, each with its old and new value in Danish (dates
// dd.mm.åååå, "–" for none). The history shows them as "old → new".
func Changes(before, after Risk) []Change {
	date := func(d model.Date) string {
		if d == model.NoDate {
			return "–"
		}
		return d.Danish()
	}
	text := func(s string) string {
		if strings.TrimSpace(s) == "" {
			return "–"
		}
		return s
	}
	pairs := []Change{
		{"Beskrivelse og konsekvens", text(before.Description), text(after.Description)},
		{"Registreringsdato", date(before.Registered), date(after.Registered)},
		{"Kategori", before.Category.Label(), after.Category.Label()},
		{"Sandsynlighed", fmt.Sprint(before.Probability), fmt.Sprint(after.Probability)},
		{"Konsekvens", fmt.Sprint(before.Consequence), fmt.Sprint(after.Consequence)},
		{"Eksponering", fmt.Sprintf("%d (%s)", before.Exposure(), Band(before.Exposure())), fmt.Sprintf("%d (%s)", after.Exposure(), Band(after.Exposure()))},
		{"Nærhed", before.Proximity.Label(), after.Proximity.Label()},
		{"Reaktionstype", before.Reaction.Label(), after.Reaction.Label()},
		{"Reaktion/forebyggelse", text(before.Prevention), text(after.Prevention)},
		{"Status", before.Status.Label(), after.Status.Label()},
		{"Initiativtager", text(before.Initiator), text(after.Initiator)},
		{"Ejer", text(before.Owner), text(after.Owner)},
		{"Aktør", text(before.Actor), text(after.Actor)},
		{"Næste gennemgang", date(before.NextReview), date(after.NextReview)},
		{"Læring", text(before.Lesson), text(after.Lesson)},
	}
	out := []Change{}
	for _, c := range pairs {
		if c.Old != c.New {
			out = append(out, c)
		}
	}
	return out
}

// Placed is a risk with the register it belongs to: what the aggregate
// counts by besides the risk's own fields.
type Placed struct {
	Risk  Risk
	Level Level
	Wave  int // the hypercare register's wave, or the municipality's; 0 for the central register
}

// Count is one line of an aggregate: a key, its Danish label and how many.
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// WaveCount is a wave's risks per register level.
type WaveCount struct {
	Wave      int `json:"wave"`
	Municipal int `json:"municipal"`
	Hypercare int `json:"hypercare"`
	Live      int `json:"live"` // not closed
	High      int `json:"high"` // live with exposure høj
}

// Summary is what may be told about risks without telling any of them:
// counts only, never a description, owner or municipality. Every count is
// over all risks, except ByBand and the Live/High counts, which are over
// the live (not closed) ones – a closed risk's exposure no longer matters.
type Summary struct {
	Total      int         `json:"total"`
	Live       int         `json:"live"`
	Overdue    int         `json:"overdue"`
	ByLevel    []Count     `json:"by_level"`
	ByCategory []Count     `json:"by_category"`
	ByBand     []Count     `json:"by_band"`
	ByStatus   []Count     `json:"by_status"`
	ByWave     []WaveCount `json:"by_wave"` // waves with a municipal or hypercare risk, in order
}

// Summarise counts risks as of asof (for overdue reviews). Every level,
// category, band and status is listed, with 0 where there is none, so the
// shape does not depend on the data.
func Summarise(rs []Placed, asof model.Date) Summary {
	s := Summary{}
	level := map[Level]int{}
	cat := map[Category]int{}
	band := map[string]int{}
	status := map[Status]int{}
	waves := map[int]*WaveCount{}
	for _, p := range rs {
		r := p.Risk
		s.Total++
		level[p.Level]++
		cat[r.Category]++
		status[r.Status]++
		live := r.Status != Closed
		if live {
			s.Live++
			band[Band(r.Exposure())]++
		}
		if Overdue(r, asof) {
			s.Overdue++
		}
		if p.Level == Central || p.Wave < 1 {
			continue
		}
		w := waves[p.Wave]
		if w == nil {
			w = &WaveCount{Wave: p.Wave}
			waves[p.Wave] = w
		}
		if p.Level == Hypercare {
			w.Hypercare++
		} else {
			w.Municipal++
		}
		if live {
			w.Live++
			if Band(r.Exposure()) == "høj" {
				w.High++
			}
		}
	}
	for _, l := range []Level{Municipal, Central, Hypercare} {
		s.ByLevel = append(s.ByLevel, Count{string(l), l.Label(), level[l]})
	}
	for _, c := range []Category{Technical, Organisational} {
		s.ByCategory = append(s.ByCategory, Count{string(c), c.Label(), cat[c]})
	}
	for _, b := range []struct{ key, label string }{{"høj", "Høj (15–25)"}, {"middel", "Middel (6–14)"}, {"lav", "Lav (1–5)"}} {
		s.ByBand = append(s.ByBand, Count{b.key, b.label, band[b.key]})
	}
	for _, st := range []Status{Open, Occurred, Closed} {
		s.ByStatus = append(s.ByStatus, Count{string(st), st.Label(), status[st]})
	}
	s.ByWave = []WaveCount{}
	for w := 1; len(s.ByWave) < len(waves); w++ {
		if x := waves[w]; x != nil {
			s.ByWave = append(s.ByWave, *x)
		}
	}
	return s
}

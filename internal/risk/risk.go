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

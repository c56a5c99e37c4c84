// Package track holds the rules of a programme's tracks and steps (seed 001
// §8, docs/institutions.md): schools and day care roll out as separate
// tracks with their own waves, each in two steps – the municipalities (A for
// schools, C for day care), then their institutions (B, D) – and an
// institution goes live on its own date within its municipality's wave, or
// earlier as a pilot. No I/O.
package track

import (
	"fmt"

	"github.com/udrul/udrul/internal/model"
)

// Step is one of seed 001's steps (trin) A–D; "" for a programme without
// institution tracks (KSD).
type Step string

// The steps of seed 001 §8.1.
const (
	StepA Step = "A" // municipalities, school track
	StepB Step = "B" // their schools
	StepC Step = "C" // municipalities that joined the day-care part
	StepD Step = "D" // their day-care units
)

// Steps lists the steps with their Danish labels.
var Steps = model.Enum[Step]{
	{Value: StepA, Label: "Trin A: kommunerne (skoler)"},
	{Value: StepB, Label: "Trin B: kommunens skoler"},
	{Value: StepC, Label: "Trin C: kommunerne (dagtilbud)"},
	{Value: StepD, Label: "Trin D: kommunens dagtilbud"},
}

// Label is the step's Danish label, "" for no step.
func (s Step) Label() string {
	if s == "" {
		return ""
	}
	return Steps.Label(s)
}

// StepOf is the step a task instance belongs to: the programme's track
// (its institution category, model.Programme.Institutions) and whether the
// instance is an institution's.
func StepOf(category string, institution bool) Step {
	switch {
	case category == model.CategorySchool && !institution:
		return StepA
	case category == model.CategorySchool:
		return StepB
	case category == model.CategoryDayCare && !institution:
		return StepC
	case category == model.CategoryDayCare:
		return StepD
	}
	return ""
}

// StepsLabel names, in Danish, the steps of a track: its municipalities'
// and its institutions'; "" for no track.
func StepsLabel(category string) string {
	a, b := StepOf(category, false), StepOf(category, true)
	if a == "" {
		return ""
	}
	return a.Label() + "; " + b.Label()
}

// TrackName is the Danish name of a track (an institution category).
func TrackName(category string) string {
	switch category {
	case model.CategorySchool:
		return "skolesporet"
	case model.CategoryDayCare:
		return "dagtilbudssporet"
	}
	return ""
}

// The range an institution's own go-live may take around its
// municipality's: a pilot at most PilotLeadDays calendar days before it
// (seed 001: pilots run ahead of the waves, about four months per
// municipality), a regular institution at most WithinWaveDays after it –
// the institutions of a municipality all go live within its wave.
const (
	PilotLeadDays  = 183
	WithinWaveDays = 92
)

// Calendar is what the rules need of the Danish calendar.
type Calendar interface {
	IsWorkingDay(model.Date) bool
	Holiday(model.Date) (string, bool)
}

// CheckGoLive checks an institution's own go-live against its
// municipality's go-live for the track: it must be a Danish working day
// and lie from PilotLeadDays before to WithinWaveDays after it. An earlier
// date than the municipality's makes the institution a pilot. The problem
// is in Danish; "" when the date is allowed.
func CheckGoLive(cal Calendar, municipality, date model.Date) (pilot bool, problem string) {
	switch {
	case date == model.NoDate:
		return false, "angiv institutionens go-live-dato"
	case date.Weekday() == 0 || date.Weekday() == 6:
		return false, fmt.Sprintf("%s er en lørdag eller søndag, ikke en arbejdsdag", date.Danish())
	case !cal.IsWorkingDay(date):
		name, _ := cal.Holiday(date)
		return false, fmt.Sprintf("%s er en helligdag (%s), ikke en arbejdsdag", date.Danish(), name)
	case date < municipality.AddDays(-PilotLeadDays):
		return false, fmt.Sprintf("en pilot må højst gå i drift %d dage før kommunens go-live %s (tidligst %s)",
			PilotLeadDays, municipality.Danish(), municipality.AddDays(-PilotLeadDays).Danish())
	case date > municipality.AddDays(WithinWaveDays):
		return false, fmt.Sprintf("institutionen skal gå i drift i kommunens bølge: senest %d dage efter kommunens go-live %s (senest %s)",
			WithinWaveDays, municipality.Danish(), municipality.AddDays(WithinWaveDays).Danish())
	}
	return date < municipality, ""
}

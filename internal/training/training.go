// Package training holds training's rules (docs/training.md): course run
// types, the final test's pass mark, input checks, the supplier's capacity
// for purchased end-user training, the training window, pass rates and
// the anonymous evaluations' aggregates. It is pure: no I/O.
package training

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/addon"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/readiness"
)

// FieldError says which field of the input is wrong, in Danish.
type FieldError struct {
	Field   string
	Message string
	// Conflict: the refusal comes from the record's state (a cancelled run,
	// recorded results, a run that began), not from the input – 409, not 422.
	Conflict bool
}

func (e *FieldError) Error() string { return e.Message }

// RunType is how a course run is taught (seed 001 §2.2, seed 003 §5.3).
type RunType string

const (
	ELearning       RunType = "e_learning"
	Classroom       RunType = "klasseundervisning"
	TrainTheTrainer RunType = "train_the_trainer"
)

// RunTypes is RunType's table.
var RunTypes = model.Enum[RunType]{
	{Value: ELearning, Label: "E-læring"},
	{Value: Classroom, Label: "Klasseundervisning"},
	{Value: TrainTheTrainer, Label: "Train-the-trainer"},
}

// Label is the type's Danish name.
func (t RunType) Label() string { return RunTypes.Label(t) }

// PassMark is the final test's pass mark in per cent (seed 003 §5.3:
// "bestået ved mindst 80 %").
const PassMark = 80.0

// Passed reports whether a final-test score (per cent) passes.
func Passed(score float64) bool { return score >= PassMark }

// ValidateScore checks a final-test score: 0–100 %.
func ValidateScore(score float64) error {
	if score < 0 || score > 100 || score != score {
		return &FieldError{Field: "score", Message: fmt.Sprintf("prøveresultatet skal være mellem 0 og 100 %%, ikke %s %%", number(score))}
	}
	return nil
}

func number(f float64) string { return strings.Replace(fmt.Sprintf("%g", f), ".", ",", 1) }

// MaxCapacity bounds a course run's seats.
const MaxCapacity = 500

// Run is a course run (kursusgang) as a caller gives it.
type Run struct {
	Type     RunType    `json:"type"`
	Start    model.Date `json:"starts_on"`
	End      model.Date `json:"ends_on"`
	Place    string     `json:"place"`
	Capacity int        `json:"capacity"`
	Trainer  string     `json:"trainer"`
}

// Validate checks a run; an end left out is the start (a one-day run).
func (r *Run) Validate() error {
	r.Place, r.Trainer = strings.TrimSpace(r.Place), strings.TrimSpace(r.Trainer)
	if r.End == 0 {
		r.End = r.Start
	}
	switch {
	case !RunTypes.Valid(r.Type):
		return &FieldError{Field: "type", Message: "vælg e-læring, klasseundervisning eller train-the-trainer"}
	case r.Start == 0:
		return &FieldError{Field: "starts_on", Message: "skriv kursusgangens dato"}
	case r.End < r.Start:
		return &FieldError{Field: "ends_on", Message: "slutdatoen ligger før startdatoen"}
	case r.End > r.Start.AddDays(90):
		return &FieldError{Field: "ends_on", Message: "en kursusgang varer højst 90 dage"}
	case r.Capacity < 1 || r.Capacity > MaxCapacity:
		return &FieldError{Field: "capacity", Message: fmt.Sprintf("kapaciteten skal være mellem 1 og %d deltagere", MaxCapacity)}
	case r.Place == "" && r.Type == Classroom:
		return &FieldError{Field: "place", Message: "skriv, hvor klasseundervisningen foregår"}
	case utf8.RuneCountInString(r.Place) > 200:
		return &FieldError{Field: "place", Message: "stedet må højst være 200 tegn"}
	case utf8.RuneCountInString(r.Trainer) > 200:
		return &FieldError{Field: "trainer", Message: "underviseren må højst være 200 tegn"}
	}
	return nil
}

// RunState is whether a run is still planned or was cancelled. A cancelled
// run keeps its participants and history.
type RunState string

const (
	Planned   RunState = "planlagt"
	Cancelled RunState = "aflyst"
)

// RunStates is RunState's table.
var RunStates = model.Enum[RunState]{
	{Value: Planned, Label: "Planlagt"},
	{Value: Cancelled, Label: "Aflyst"},
}

// Label is the state's Danish name.
func (s RunState) Label() string { return RunStates.Label(s) }

// CheckEdit checks a change of a run from before to after (after
// validated) against the run's record: a cancelled run is not changed, its
// capacity cannot go below the participants signed up, and once attendance
// or a score is recorded the run took place on its dates, so they stay.
func CheckEdit(state RunState, before, after Run, registered int, recorded bool) error {
	switch {
	case state == Cancelled:
		return &FieldError{Field: "run", Message: "kursusgangen er aflyst og kan ikke ændres", Conflict: true}
	case after.Capacity < registered:
		return &FieldError{Field: "capacity", Message: fmt.Sprintf(
			"kapaciteten kan ikke være under de %d, der er tilmeldt; afmeld nogen først", registered)}
	case recorded && (after.Start != before.Start || after.End != before.End):
		return &FieldError{Field: "starts_on", Message: "datoerne kan ikke ændres, når fremmøde eller testresultater er registreret", Conflict: true}
	}
	return nil
}

// CheckCancel says whether a run can be cancelled as of today: not once
// it has begun (it took place, or is taking place) and not when attendance
// or a score is recorded; not twice.
func CheckCancel(state RunState, starts model.Date, recorded bool, today model.Date) error {
	switch {
	case state == Cancelled:
		return &FieldError{Field: "run", Message: "kursusgangen er allerede aflyst", Conflict: true}
	case recorded:
		return &FieldError{Field: "run", Message: "kursusgangen kan ikke aflyses: der er registreret fremmøde eller testresultater", Conflict: true}
	case today >= starts:
		return &FieldError{Field: "run", Message: fmt.Sprintf("kursusgangen kan ikke aflyses: den begyndte %s", starts.Danish()), Conflict: true}
	}
	return nil
}

// Changes describes, in Danish, what changed from before to after, one
// line per field, for the run's history and the participants' mail.
func Changes(before, after Run) []string {
	var out []string
	span := func(r Run) string {
		if r.End == r.Start {
			return r.Start.Danish()
		}
		return r.Start.Danish() + "–" + r.End.Danish()
	}
	or := func(s string) string {
		if s == "" {
			return "intet"
		}
		return s
	}
	if before.Start != after.Start || before.End != after.End {
		out = append(out, fmt.Sprintf("dato: %s → %s", span(before), span(after)))
	}
	if before.Place != after.Place {
		out = append(out, fmt.Sprintf("sted: %s → %s", or(before.Place), or(after.Place)))
	}
	if before.Type != after.Type {
		out = append(out, fmt.Sprintf("form: %s → %s", before.Type.Label(), after.Type.Label()))
	}
	if before.Trainer != after.Trainer {
		out = append(out, fmt.Sprintf("underviser: %s → %s", or(before.Trainer), or(after.Trainer)))
	}
	if before.Capacity != after.Capacity {
		out = append(out, fmt.Sprintf("kapacitet: %d → %d pladser", before.Capacity, after.Capacity))
	}
	return out
}

// Moved says whether participants must be told of a change: the run is
// on other days, in another place or taught another way.
func Moved(before, after Run) bool {
	return before.Start != after.Start || before.End != after.End || before.Place != after.Place || before.Type != after.Type
}

// CheckCapacity refuses one more participant on a full run.
func CheckCapacity(registered, capacity int) error {
	if registered >= capacity {
		return &FieldError{Field: "run", Message: fmt.Sprintf("kursusgangen er fuld: alle %d pladser er taget", capacity)}
	}
	return nil
}

// ValidateEvaluation checks an evaluation's two answers, each 1–5.
func ValidateEvaluation(satisfaction, benefit int) error {
	if satisfaction < 1 || satisfaction > 5 {
		return &FieldError{Field: "satisfaction", Message: "tilfredsheden skal være fra 1 til 5"}
	}
	if benefit < 1 || benefit > 5 {
		return &FieldError{Field: "benefit", Message: "udbyttet skal være fra 1 til 5"}
	}
	return nil
}

// Window is the period a municipality's training should fall in.
type Window struct {
	From  model.Date `json:"from,omitzero"`
	Until model.Date `json:"until,omitzero"`
}

// Outside reports whether a run from start to end leaves the window; a
// zero window (nothing to compare with) flags nothing.
func (w Window) Outside(start, end model.Date) bool {
	if w.From == 0 || w.Until == 0 {
		return false
	}
	return start < w.From || end > w.Until
}

// MaxConcurrentPurchasedTraining is how many municipalities' purchased
// end-user training the supplier can run at the same time (seed 003
// §6.5): the add-on purchases' rule, which is the one rule for both.
const MaxConcurrentPurchasedTraining = addon.Capacity

// PurchasedTraining is a municipality's purchased end-user training over a
// period (one course run).
type PurchasedTraining struct {
	Municipality string // its name, for the refusal
	Start, End   model.Date
}

// CheckSupplierTrainingCapacity checks that adding run to the planned
// purchased end-user training keeps, on every day, at most
// MaxConcurrentPurchasedTraining municipalities in training at once
// (addon.CheckCapacity). The refusal names the first day over the limit
// and the municipalities training then.
func CheckSupplierTrainingCapacity(planned []PurchasedTraining, run PurchasedTraining) error {
	held := make([]addon.Window, len(planned))
	for i, p := range planned {
		held[i] = addon.Window{Municipality: p.Municipality, Start: p.Start, End: p.End}
	}
	over, ok := addon.CheckCapacity(MaxConcurrentPurchasedTraining, held, addon.Window{Municipality: run.Municipality, Start: run.Start, End: run.End})
	if !ok {
		return nil
	}
	names := append(slices.Clone(over.Municipalities), run.Municipality)
	slices.Sort(names)
	return &FieldError{Field: "starts_on", Message: fmt.Sprintf(
		"leverandøren kan højst have %d kommuners købte slutbrugeruddannelse i gang på samme tid, og den %s ville %d være i gang: %s",
		MaxConcurrentPurchasedTraining, over.Day.Danish(), len(names), strings.Join(names, ", "))}
}

// PassRate is how many of those tested passed.
type PassRate struct {
	Tested int `json:"tested"`
	Passed int `json:"passed"`
}

// Add counts one participant's best score.
func (p *PassRate) Add(score float64) {
	p.Tested++
	if Passed(score) {
		p.Passed++
	}
}

// Percent is the pass rate in whole per cent (0 with nobody tested).
func (p PassRate) Percent() int {
	if p.Tested == 0 {
		return 0
	}
	return (p.Passed*100 + p.Tested/2) / p.Tested
}

// EvaluationSum adds up evaluations.
type EvaluationSum struct {
	N            int
	Satisfaction int
	Benefit      int
}

// Add counts another sum.
func (s *EvaluationSum) Add(o EvaluationSum) {
	s.N += o.N
	s.Satisfaction += o.Satisfaction
	s.Benefit += o.Benefit
}

// EvaluationResult is the evaluations' figures, hidden below the
// anonymity threshold (readiness.Shown: no figure below 5 answers).
type EvaluationResult struct {
	Hidden       bool    `json:"hidden"`
	Answers      int     `json:"answers,omitempty"`
	Satisfaction float64 `json:"satisfaction,omitempty"`
	Benefit      float64 `json:"benefit,omitempty"`
}

// Summarise computes the means under the survey's threshold; a hidden
// result says nothing, not even the number of answers.
func (s EvaluationSum) Summarise(threshold int) EvaluationResult {
	if !readiness.Shown(s.N, threshold) {
		return EvaluationResult{Hidden: true}
	}
	return EvaluationResult{Answers: s.N, Satisfaction: float64(s.Satisfaction) / float64(s.N), Benefit: float64(s.Benefit) / float64(s.N)}
}

// CanWithdraw reports whether a sign-up may still be withdrawn: before its
// run starts and while no attendance or score is recorded – once the run
// has begun, its record is the trainer's to keep.
func CanWithdraw(starts model.Date, attended *bool, score *float64, today model.Date) bool {
	return today < starts && attended == nil && score == nil
}

// RunEntry is a stored course run with its course and municipality.
type RunEntry struct {
	Run
	Key              int64  `json:"key"`
	CourseKey        int64  `json:"course"`
	CourseTitle      string `json:"course_title"`
	MunicipalityID   int64  `json:"-"`
	Municipality     string `json:"municipality,omitempty"` // its code; absent for a shared run
	MunicipalityName string `json:"municipality_name,omitempty"`
	Purchased        bool   `json:"purchased"`
	Participants     int    `json:"participants"`
	Version          int    `json:"version"`
	// State is planlagt or aflyst; CancelReason why it was cancelled.
	State        RunState `json:"state"`
	CancelReason string   `json:"cancel_reason,omitempty"`
}

// Participant is a participant of a run with their result.
type Participant struct {
	RunKey           int64    `json:"run"`
	PersonKey        int64    `json:"person"`
	Name             string   `json:"name"`
	MunicipalityID   int64    `json:"-"`
	Municipality     string   `json:"municipality"`
	MunicipalityName string   `json:"municipality_name"`
	Attended         *bool    `json:"attended"`
	Score            *float64 `json:"score"`
	Version          int      `json:"version"`
}

// RunEvent is an entry of a course run's history.
type RunEvent struct {
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Kind    string    `json:"kind"` // ændret, aflyst
	Comment string    `json:"comment"`
}

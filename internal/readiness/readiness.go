// Package readiness holds the rules of the readiness survey
// (parathedsundersøgelse, seed 003 §5.2): the five elements and their
// order, the rounds and their dates relative to go-live, scores, the
// anonymity threshold, results per user group with the focus element, the
// comparison of rounds, and the national aggregate. It is pure: callers
// bring tallies of answers and dates, and get figures back.
package readiness

import (
	"fmt"
	"slices"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
)

// Element is one of the five things the survey measures, in the seed's
// order; the order matters: of the weak elements the leftmost is worked on
// first.
type Element int

const (
	Awareness   Element = iota // Opmærksomhed
	Motivation                 // Motivation
	Knowledge                  // Viden/Færdigheder
	Support                    // Støtte
	Recognition                // Anerkendelse
)

// NumElements is the number of elements; an answer has one score for each.
const NumElements = 5

// Elements lists the elements from left to right.
var Elements = [NumElements]Element{Awareness, Motivation, Knowledge, Support, Recognition}

var elementKeys = [NumElements]string{"opmaerksomhed", "motivation", "viden", "stoette", "anerkendelse"}
var elementNames = [NumElements]string{"Opmærksomhed", "Motivation", "Viden/Færdigheder", "Støtte", "Anerkendelse"}

// Key is the element's field name in forms and the API.
func (e Element) Key() string { return elementKeys[e] }

// Name is the element's Danish name.
func (e Element) Name() string { return elementNames[e] }

var elementQuestions = [NumElements]string{
	"Jeg ved, hvorfor vi skal have den nye løsning, og hvad den betyder for mit arbejde.",
	"Jeg har lyst til at tage den nye løsning i brug.",
	"Jeg ved, hvordan jeg skal bruge den nye løsning i mit daglige arbejde.",
	"Jeg ved, hvor jeg kan få hjælp, når jeg har brug for det.",
	"Min indsats for at tage den nye løsning i brug bliver set og anerkendt.",
}

// Question is the statement a respondent scores for the element, in Danish.
func (e Element) Question() string { return elementQuestions[e] }

// MarshalText writes the key.
func (e Element) MarshalText() ([]byte, error) { return []byte(e.Key()), nil }

// Scores run from MinScore to MaxScore. A score at or below FocusScore
// marks a focus area; 4–5 means the group is OK on the element.
const (
	MinScore   = 1
	MaxScore   = 5
	FocusScore = 3
)

// Answer is one respondent's scores, one per element, in element order.
// It carries nothing about the person.
type Answer [NumElements]int

// Validate checks every score, naming the first element out of range.
func (a Answer) Validate() error {
	for _, e := range Elements {
		if a[e] < MinScore || a[e] > MaxScore {
			return &FieldError{Field: e.Key(), Message: fmt.Sprintf("%s skal have en score fra %d til %d", e.Name(), MinScore, MaxScore)}
		}
	}
	return nil
}

// FieldError says which field of the input is wrong, in Danish.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Message }

// The anonymity threshold: no figure is shown for a group with fewer
// answers. Municipalities may lower it, never below MinThreshold.
const (
	DefaultThreshold = 5
	MinThreshold     = 3
	MaxThreshold     = 1000
)

// ValidateThreshold checks a threshold a municipality chose.
func ValidateThreshold(n int) error {
	if n < MinThreshold || n > MaxThreshold {
		return &FieldError{Field: "threshold", Message: fmt.Sprintf("anonymitetsgrænsen skal være mellem %d og %d svar (aldrig under %d)", MinThreshold, MaxThreshold, MinThreshold)}
	}
	return nil
}

// Kind is a round of the survey: the baseline before go-live and the two
// status surveys after it.
type Kind string

const (
	Baseline Kind = "baseline" // 6 months before go-live
	Status1  Kind = "status-1" // 1 month after go-live
	Status6  Kind = "status-6" // 6 months after go-live
)

// LinkKind is a respondent link's kind: a personal link takes one answer,
// an open link up to its stated limit.
type LinkKind string

const (
	LinkPersonal LinkKind = "personlig"
	LinkOpen     LinkKind = "aaben"
)

// LinkKinds is LinkKind's table.
var LinkKinds = model.Enum[LinkKind]{
	{Value: LinkPersonal, Label: "Personligt link"},
	{Value: LinkOpen, Label: "Åbent link"},
}

// Label is the link kind's Danish name.
func (k LinkKind) Label() string { return LinkKinds.Label(k) }

// ScoreLabels are the answer scale's Danish words, by score (1–5).
var ScoreLabels = [...]string{"", "I meget lav grad", "I lav grad", "I nogen grad", "I høj grad", "I meget høj grad"}

// Kinds lists the rounds in time order.
var Kinds = []Kind{Baseline, Status1, Status6}

// Valid reports whether k is a known round.
func (k Kind) Valid() bool { return k == Baseline || k == Status1 || k == Status6 }

// Months is the round's offset from go-live in calendar months.
func (k Kind) Months() int {
	switch k {
	case Baseline:
		return -6
	case Status1:
		return 1
	case Status6:
		return 6
	}
	return 0
}

// Label is the round's Danish name.
func (k Kind) Label() string {
	switch k {
	case Baseline:
		return "Baseline (6 måneder før go-live)"
	case Status1:
		return "Status 1 måned efter go-live"
	case Status6:
		return "Status 6 måneder efter go-live"
	}
	return string(k)
}

// Short is the round's short Danish name, for table headings.
func (k Kind) Short() string {
	switch k {
	case Baseline:
		return "Baseline"
	case Status1:
		return "Status +1 md."
	case Status6:
		return "Status +6 md."
	}
	return string(k)
}

// WindowWorkingDays is how long a round takes answers: from the day it
// opens through this many further working days (two working weeks).
const WindowWorkingDays = 10

// Window is the period a round takes answers, both days included.
type Window struct {
	Opens  model.Date `json:"opens"`
	Closes model.Date `json:"closes"`
}

// RoundWindow places round k for a municipality going live on golive:
// it opens the given number of months from go-live (a day off rolls back to
// the working day before, as plan dates do) and closes WindowWorkingDays
// working days later. The dates are computed, never stored, so they move
// when go-live moves.
func RoundWindow(cal *calendar.Calendar, k Kind, golive model.Date) Window {
	opens := cal.OnOrBefore(golive.AddMonths(k.Months()))
	return Window{Opens: opens, Closes: cal.AddWorkingDays(opens, WindowWorkingDays)}
}

// Contains reports whether d lies in the window.
func (w Window) Contains(d model.Date) bool { return d >= w.Opens && d <= w.Closes }

// Tally counts answers: per element, how many gave each score. It is what
// results are computed from, so aggregates never need the answers
// themselves.
type Tally [NumElements][MaxScore]int

// Add counts one (valid) answer.
func (t *Tally) Add(a Answer) {
	for _, e := range Elements {
		t[e][a[e]-1]++
	}
}

// Merge adds another tally.
func (t *Tally) Merge(o Tally) {
	for e := range t {
		for s := range t[e] {
			t[e][s] += o[e][s]
		}
	}
}

// Subtract takes another tally (a part of this one) out.
func (t *Tally) Subtract(o Tally) {
	for e := range t {
		for s := range t[e] {
			t[e][s] -= o[e][s]
		}
	}
}

// N is the number of answers: every answer scores every element, so the
// first element's counts add up to it.
func (t Tally) N() int {
	n := 0
	for _, c := range t[Awareness] {
		n += c
	}
	return n
}

// sum is the total of element e's scores.
func (t Tally) sum(e Element) int {
	s := 0
	for i, c := range t[e] {
		s += (i + 1) * c
	}
	return s
}

// ElementResult is one element's figures for a group.
type ElementResult struct {
	Element Element `json:"element"`
	Name    string  `json:"name"`
	Mean    float64 `json:"mean"`
	// Distribution is the number of answers with score 1, 2, 3, 4 and 5.
	Distribution [MaxScore]int `json:"distribution"`
	// Focus is true when the mean is 3 or below.
	Focus bool `json:"focus"`
}

// Result is the figures of one group (or of all answers) in a round. When
// there are fewer answers than the threshold, Hidden is set and nothing but
// the fact is given: not even the number of answers, which would tell who
// answered in a group of two.
type Result struct {
	Hidden   bool            `json:"hidden"`
	N        int             `json:"answers,omitempty"`
	Elements []ElementResult `json:"elements,omitempty"`
	// Focus is the element to work on first: of the elements with a mean of
	// 3 or below, the leftmost; nil when every element is above 3.
	Focus *Element `json:"focus,omitempty"`
}

// Shown reports whether figures from n answers may be shown under the
// anonymity threshold: never for no answers, nor for fewer than the
// threshold. Every anonymous aggregate (the readiness survey's, the
// course evaluations' in package training) asks this one rule.
func Shown(n, threshold int) bool { return n > 0 && n >= threshold }

// Summarise computes a result from a tally, obeying the threshold.
func Summarise(t Tally, threshold int) Result {
	n := t.N()
	if !Shown(n, threshold) {
		return Result{Hidden: true}
	}
	r := Result{N: n, Elements: make([]ElementResult, 0, NumElements)}
	for _, e := range Elements {
		sum := t.sum(e)
		// Compared in integers: a mean of exactly 3.0 is a focus area,
		// however the division rounds.
		focus := sum <= FocusScore*n
		r.Elements = append(r.Elements, ElementResult{Element: e, Name: e.Name(), Mean: float64(sum) / float64(n),
			Distribution: t[e], Focus: focus})
		if focus && r.Focus == nil {
			f := e
			r.Focus = &f
		}
	}
	return r
}

// SummariseGroups computes the results of a round's groups and of all of
// them together. The total is hidden whenever a group with answers is
// hidden: otherwise the total minus the shown groups would give the hidden
// group's figures.
func SummariseGroups(groups []Tally, threshold int) ([]Result, Result) {
	out := make([]Result, len(groups))
	var total Tally
	complete := true
	for i, t := range groups {
		out[i] = Summarise(t, threshold)
		total.Merge(t)
		if out[i].Hidden && t.N() > 0 {
			complete = false
		}
	}
	if !complete {
		return out, Result{Hidden: true}
	}
	return out, Summarise(total, threshold)
}

// Change is one element's mean in an earlier and a later round.
type Change struct {
	Element Element `json:"element"`
	Name    string  `json:"name"`
	From    float64 `json:"from"`
	To      float64 `json:"to"`
	Delta   float64 `json:"delta"`
}

// Comparison is a group's change from one round to another. Hidden when
// either round's figures are hidden: a difference would reveal them.
type Comparison struct {
	From    Kind     `json:"from"`
	To      Kind     `json:"to"`
	Hidden  bool     `json:"hidden"`
	Changes []Change `json:"changes,omitempty"`
}

// Compare compares two results of the same group.
func Compare(fromKind, toKind Kind, from, to Result) Comparison {
	c := Comparison{From: fromKind, To: toKind}
	if from.Hidden || to.Hidden {
		c.Hidden = true
		return c
	}
	for i, e := range Elements {
		c.Changes = append(c.Changes, Change{Element: e, Name: e.Name(), From: from.Elements[i].Mean, To: to.Elements[i].Mean,
			Delta: to.Elements[i].Mean - from.Elements[i].Mean})
	}
	return c
}

// RoundState is what the rules need to know about a municipality's round
// to tell whether it has been run.
type RoundState struct {
	Exists  bool
	Closed  bool
	Answers int
}

// Run reports whether a round counts as carried out: closed with at least
// threshold answers. That is also when the round's task in the plan turns
// green.
func Run(s RoundState, threshold int) bool {
	return s.Exists && s.Closed && s.Answers >= threshold
}

// Due reports whether round k of a municipality going live on golive
// should have been carried out by asof: its window has closed.
func Due(cal *calendar.Calendar, k Kind, golive, asof model.Date) bool {
	return RoundWindow(cal, k, golive).Closes < asof
}

// Municipality is one municipality's survey as the national aggregate
// sees it.
type Municipality struct {
	Code      string
	Name      string
	Wave      int
	GoLive    model.Date
	Threshold int
	Rounds    map[Kind]Round
}

// Round is a municipality's round: its state (with all its answers) and
// the tally of the groups the municipality shows (at or above its
// threshold), which is what the national figures are made of.
type Round struct {
	State RoundState
	Tally Tally
}

// KindResult is the aggregate of one round across municipalities.
type KindResult struct {
	Kind           Kind   `json:"round"`
	Municipalities int    `json:"municipalities"` // how many have run the round
	Result         Result `json:"result"`
}

// WaveResult is the aggregate of the municipalities of one wave.
type WaveResult struct {
	Wave   int          `json:"wave"`
	Rounds []KindResult `json:"rounds"`
}

// Missing is a round that is due and has not been run.
type Missing struct {
	Code   string     `json:"municipality"`
	Name   string     `json:"municipality_name"`
	Wave   int        `json:"wave"`
	Kind   Kind       `json:"round"`
	Closed model.Date `json:"window_closed"`
	// Reason says what is missing, in Danish.
	Reason string `json:"reason"`
}

// National is the centre's picture: every round per element across all
// municipalities and per wave, and the rounds that are due but not run.
type National struct {
	Rounds  []KindResult `json:"rounds"`
	Waves   []WaveResult `json:"waves"`
	Missing []Missing    `json:"missing"`
}

// Aggregate computes the national picture as of asof. Only rounds that
// have been run (closed with enough answers) count, so the figures are
// final; each cell obeys threshold like any group.
func Aggregate(cal *calendar.Calendar, ms []Municipality, asof model.Date, threshold int) National {
	type cell struct {
		t Tally
		n int
	}
	all := map[Kind]*cell{}
	waves := map[int]map[Kind]*cell{}
	var waveOrder []int
	out := National{Missing: []Missing{}}
	for _, m := range ms {
		if waves[m.Wave] == nil {
			waves[m.Wave] = map[Kind]*cell{}
			waveOrder = append(waveOrder, m.Wave)
		}
		for _, k := range Kinds {
			r := m.Rounds[k]
			if Run(r.State, m.Threshold) {
				for _, c := range []map[Kind]*cell{all, waves[m.Wave]} {
					if c[k] == nil {
						c[k] = &cell{}
					}
					c[k].t.Merge(r.Tally)
					c[k].n++
				}
				continue
			}
			if !Due(cal, k, m.GoLive, asof) {
				continue
			}
			reason := "runden er ikke oprettet"
			switch {
			case r.State.Exists && !r.State.Closed:
				reason = "runden er ikke lukket"
			case r.State.Exists:
				reason = fmt.Sprintf("lukket med for få svar (%d, grænsen er %d)", r.State.Answers, m.Threshold)
			}
			out.Missing = append(out.Missing, Missing{Code: m.Code, Name: m.Name, Wave: m.Wave, Kind: k,
				Closed: RoundWindow(cal, k, m.GoLive).Closes, Reason: reason})
		}
	}
	results := func(c map[Kind]*cell) []KindResult {
		var rs []KindResult
		for _, k := range Kinds {
			kr := KindResult{Kind: k, Result: Result{Hidden: true}}
			if x := c[k]; x != nil {
				kr.Municipalities = x.n
				kr.Result = Summarise(x.t, threshold)
			}
			rs = append(rs, kr)
		}
		return rs
	}
	out.Rounds = results(all)
	slices.Sort(waveOrder)
	for _, w := range waveOrder {
		out.Waves = append(out.Waves, WaveResult{Wave: w, Rounds: results(waves[w])})
	}
	return out
}

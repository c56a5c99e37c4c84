// Package waves places municipalities in rollout waves (bølger): it checks a
// wave plan's hard constraints for infeasibility, finds a balanced assignment,
// scores it per criterion and answers what-if questions (lock, move,
// re-optimise). It is pure: no I/O, no clock, no database. See docs/waves.md.
package waves

import (
	"fmt"
	"slices"

	"github.com/udrul/udrul/internal/model"
)

// Municipality is one of the municipalities to place.
type Municipality struct {
	Code       string // three-digit municipality code, e.g. "751"
	Name       string
	Region     string // region name; regional spread is measured over these
	Population int
	// PurchasedTraining marks a municipality that has bought end-user
	// training from the supplier; only those count against TrainingParallel.
	PurchasedTraining bool
	// Institutions counts the municipality's schools and day-care units,
	// which a wave's MaxInstitutions caps.
	Institutions int
}

// WaveKind says what a wave is for (seed 003 §5.5, figure 16). Its value is
// what the database stores; the API names it in English (WaveKindAPI).
type WaveKind string

const (
	Pilot   WaveKind = "pilot"     // holds the fixed pilot municipalities only
	Regular WaveKind = "ordinaer"  // the balanced waves every other municipality goes into
	Catchup WaveKind = "opsamling" // reserved for municipalities that were not ready
)

// WaveKinds is WaveKind's table.
var WaveKinds = model.Enum[WaveKind]{
	{Value: Pilot, Label: "Pilot"},
	{Value: Regular, Label: "Ordinær"},
	{Value: Catchup, Label: "Opsamling"},
}

// WaveKindAPI is the one mapping between a kind and its name in the API,
// which has said pilot, regular and catchup since its first version
// (migration 0029 made the stored values Danish).
var WaveKindAPI = model.APINames[WaveKind]{
	{Value: Pilot, API: "pilot"},
	{Value: Regular, API: "regular"},
	{Value: Catchup, API: "catchup"},
}

// Valid reports whether k is a known kind.
func (k WaveKind) Valid() bool { return WaveKinds.Valid(k) }

// Label is the kind's Danish name.
func (k WaveKind) Label() string { return WaveKinds.Label(k) }

// MarshalJSON writes the kind's name in the API.
func (k WaveKind) MarshalJSON() ([]byte, error) { return WaveKindAPI.Marshal(k) }

// UnmarshalJSON reads a kind by its name in the API.
func (k *WaveKind) UnmarshalJSON(b []byte) error { return WaveKindAPI.Unmarshal(b, k) }

// Wave is one rollout wave.
type Wave struct {
	Number   int
	Kind     WaveKind
	GoLive   model.Date
	Capacity int // maximum number of municipalities; 0 means unlimited
	// MaxPopulation and MaxInstitutions cap the wave's inhabitants and its
	// schools and day-care units; 0 means unlimited.
	MaxPopulation   int
	MaxInstitutions int
}

// PilotRule says what happens to a collaboration that contains a pilot
// municipality (one fixed to a pilot wave). Collaborations always share a
// wave and pilot waves hold only pilots, so the two rules collide; the
// coordinator has to choose.
type PilotRule string

const (
	// PilotRefuse (the default) reports the collaboration as an issue
	// naming the pilot and the group: nothing is decided silently.
	PilotRefuse PilotRule = ""
	// PilotJoins takes the whole collaboration into the pilot's wave: its
	// other members become pilots too.
	PilotJoins PilotRule = "join"
	// PilotLeaves lets the pilot go ahead alone: the collaboration rule is
	// waived for the pilot, the other members stay together.
	PilotLeaves PilotRule = "leave"
)

// Valid reports whether r is a known rule.
func (r PilotRule) Valid() bool { return r == PilotRefuse || r == PilotJoins || r == PilotLeaves }

// Wish is a municipality's wish from the dialogue and hearing (seed 002).
// Preferred is soft: missing it costs Weights.Wish. Excluded is hard: a
// municipality is never placed in a wave it has excluded, because an excluded
// wave usually collides with something the municipality cannot move (another
// go-live, an election, a reorganisation).
type Wish struct {
	Code      string
	Preferred []int
	Excluded  []int
}

// Period is a closed date interval in which no wave may go live.
type Period struct {
	From, To model.Date // both inclusive
	Name     string
}

// Contains reports whether d falls in the period.
func (p Period) Contains(d model.Date) bool { return p.From <= d && d <= p.To }

func (p Period) String() string {
	return fmt.Sprintf("%q (%s–%s)", p.Name, p.From.Danish(), p.To.Danish())
}

// Window is the stretch of days around a go-live in which a resource is busy:
// from GoLive-Before to GoLive+After, both inclusive.
type Window struct {
	Before, After int
}

func (w Window) around(d model.Date) interval {
	return interval{from: d.AddDays(-w.Before), to: d.AddDays(w.After)}
}

// Span returns the first and last day of the window around go-live d.
func (w Window) Span(d model.Date) (from, to model.Date) {
	iv := w.around(d)
	return iv.from, iv.to
}

// SizeClass is small, medium or large.
type SizeClass int

const (
	Small SizeClass = iota
	Medium
	Large
	numClasses
)

func (c SizeClass) String() string {
	return [...]string{"small", "medium", "large"}[c]
}

// Danish is the class's Danish adjective (singular).
func (c SizeClass) Danish() string {
	return [...]string{"lille", "mellemstor", "stor"}[c]
}

// SizeClassLabels names the size classes in Danish, by their text.
var SizeClassLabels = model.Enum[string]{
	{Value: Small.String(), Label: "Lille"},
	{Value: Medium.String(), Label: "Mellem"},
	{Value: Large.String(), Label: "Stor"},
}

// SizeClasses splits municipalities by population: below MediumFrom is small,
// from LargeFrom up is large. The zero value means population tertiles of the
// problem's municipalities.
type SizeClasses struct {
	MediumFrom, LargeFrom int
}

// Class returns the size class of a population.
func (s SizeClasses) Class(population int) SizeClass {
	switch {
	case population >= s.LargeFrom:
		return Large
	case population >= s.MediumFrom:
		return Medium
	}
	return Small
}

// Weights price the criteria of the objective against each other. The
// balance terms are relative deviations: 0.055 is one municipality too many in
// an 18-municipality wave, 0.001 is about 1,000 inhabitants in a wave of a
// million.
type Weights struct {
	Count, Population float64 // per unit of relative deviation
	SizeMix, Region   float64 // per municipality outside the even share
	Wish              float64 // per unmet preference
}

// DefaultWeights make balance the primary goal and the rest tie-breakers
// among nearly equally balanced plans. Seed 003 §5.5 asks for the even mix of
// sizes "so that" count and population are balanced, and a single very large
// municipality (København is 63 % of a KSD wave) makes an even mix in its
// wave impossible without unbalancing it. The secondary weights are small in
// balance terms (0.0002 ≈ 200 inhabitants of imbalance per municipality
// outside its even share, 0.001 ≈ 1,000 per unmet wish) but large against
// what 91 municipalities can be tuned to, so mix, spread and wishes are met
// wherever that costs (almost) no balance.
var DefaultWeights = Weights{Count: 1, Population: 1, SizeMix: 2e-4, Region: 2e-4, Wish: 1e-3}

// Defaults for the supplier capacity (seed 003 §6.5 and §7.4).
const (
	DefaultHypercareTeams   = 2
	DefaultTrainingParallel = 5
)

// HypercareWindow is the one definition of when a hypercare team is busy
// with a rollout: from phase 2.2 (Klargøring), which KSD's handbook puts
// about a month before the transition ("ca. 1 måned før overgangen"), to
// 14 days into phase 3 (seed 003 §7.4). The optimizer and the hypercare
// team assignment (internal/app) both use it, so a plan the optimizer finds
// feasible can be staffed by the same number of teams.
var HypercareWindow = Window{Before: 28, After: 14}

// DefaultRolloutWindow is HypercareWindow (kept for the Problem field).
var DefaultRolloutWindow = HypercareWindow

// DefaultTrainingWindow puts purchased end-user training in the three weeks
// before go-live, "as close to go-live as possible" (seed 003 §5.3), ending
// the day before: go-live day itself is not a training day.
var DefaultTrainingWindow = Window{Before: 21, After: -1}

// Problem is everything the placement depends on.
type Problem struct {
	Municipalities []Municipality
	Waves          []Wave
	Fixed          map[string]int // municipality code → wave number
	Groups         [][]string     // collaborations that must share a wave
	Wishes         []Wish
	Blackouts      []Period
	// OwnBlackouts says the programme has named its own periods: only
	// Blackouts apply. Otherwise the standard ones do too (GoLiveRule).
	OwnBlackouts bool
	SizeClasses  SizeClasses // zero value: population tertiles

	// HypercareTeams run in parallel; one team serves one whole wave and is
	// never on two waves whose RolloutWindows overlap. TeamCapacity caps the
	// municipalities one team can carry in one wave (0: unlimited).
	HypercareTeams int // 0: DefaultHypercareTeams
	TeamCapacity   int
	RolloutWindow  Window // zero: DefaultRolloutWindow

	// TrainingParallel caps the municipalities with purchased training whose
	// TrainingWindows overlap.
	TrainingParallel int    // 0: DefaultTrainingParallel
	TrainingWindow   Window // zero: DefaultTrainingWindow

	Weights Weights // zero: DefaultWeights

	// PilotGroups is the rule for collaborations that contain a pilot.
	PilotGroups PilotRule

	// Current is the placement a re-plan starts from (an announced or final
	// plan). When it is set, Optimize moves as few municipalities away from
	// it as it can, before it balances (lexicographically), and never more
	// than MaxMoves (0: no limit). Municipalities missing from Current count
	// as moved wherever they go.
	Current  map[string]int
	MaxMoves int
}

// GoLiveRule is the rule for go-live dates p's waves follow.
func (p Problem) GoLiveRule() GoLiveRule {
	return GoLiveRule{Periods: p.Blackouts, OwnPeriods: p.OwnBlackouts}
}

// withDefaults fills every zero-valued setting with its default.
func (p Problem) withDefaults() Problem {
	if p.HypercareTeams == 0 {
		p.HypercareTeams = DefaultHypercareTeams
	}
	if p.TrainingParallel == 0 {
		p.TrainingParallel = DefaultTrainingParallel
	}
	if p.RolloutWindow == (Window{}) {
		p.RolloutWindow = DefaultRolloutWindow
	}
	if p.TrainingWindow == (Window{}) {
		p.TrainingWindow = DefaultTrainingWindow
	}
	if p.Weights == (Weights{}) {
		p.Weights = DefaultWeights
	}
	if p.SizeClasses == (SizeClasses{}) {
		p.SizeClasses = Tertiles(p.Municipalities)
	}
	return p
}

// Tertiles returns size classes that split the municipalities into thirds by
// population rank (the smallest third small, the largest third large; ties at
// a boundary fall into the larger class).
func Tertiles(ms []Municipality) SizeClasses {
	n := len(ms)
	if n == 0 {
		return SizeClasses{}
	}
	pops := make([]int, n)
	for i, m := range ms {
		pops[i] = m.Population
	}
	slices.Sort(pops)
	at := func(i int) int { return pops[min(i, n-1)] }
	return SizeClasses{MediumFrom: at((n + 2) / 3), LargeFrom: at((2*n + 2) / 3)}
}

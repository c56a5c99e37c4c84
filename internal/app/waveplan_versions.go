package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/waves"
)

// WaveScore is an assignment's value per criterion; lower is better (see
// waves.Score and docs/waves.md for the definitions).
type WaveScore struct {
	CountBalance      float64 `json:"count_balance"`
	PopulationBalance float64 `json:"population_balance"`
	SizeMix           float64 `json:"size_mix"`
	RegionSpread      float64 `json:"region_spread"`
	Wishes            float64 `json:"wishes"`
	Hard              float64 `json:"hard"` // broken hard constraints
	Total             float64 `json:"total"`
}

func scoreOf(s waves.Score) WaveScore {
	return WaveScore{s.CountBalance, s.PopulationBalance, s.SizeMix, s.RegionSpread, s.Wishes, s.Hard, s.Total}
}

func (s WaveScore) sub(o WaveScore) WaveScore {
	return WaveScore{s.CountBalance - o.CountBalance, s.PopulationBalance - o.PopulationBalance, s.SizeMix - o.SizeMix,
		s.RegionSpread - o.RegionSpread, s.Wishes - o.Wishes, s.Hard - o.Hard, s.Total - o.Total}
}

// criterionLabels name the criteria in Danish, in display order.
var criterionLabels = []struct{ name, label string }{
	{"count_balance", "Antal kommuner pr. bølge (afvigelse)"},
	{"population_balance", "Indbyggere pr. bølge (afvigelse)"},
	{"size_mix", "Størrelsesblanding (kommuner uden for jævn andel)"},
	{"region_spread", "Regional spredning (kommuner uden for jævn andel)"},
	{"wishes", "Uopfyldte ønsker"},
	{"hard", "Brudte hårde betingelser"},
	{"total", "Samlet score"},
}

func (s WaveScore) value(name string) float64 {
	switch name {
	case "count_balance":
		return s.CountBalance
	case "population_balance":
		return s.PopulationBalance
	case "size_mix":
		return s.SizeMix
	case "region_spread":
		return s.RegionSpread
	case "wishes":
		return s.Wishes
	case "hard":
		return s.Hard
	}
	return s.Total
}

// WaveCriterionChange is one criterion before and after a change.
type WaveCriterionChange struct {
	Name   string  `json:"name"`
	Label  string  `json:"label"`
	Before float64 `json:"before"`
	After  float64 `json:"after"`
	Delta  float64 `json:"delta"`
}

func criteriaChange(before, after WaveScore) []WaveCriterionChange {
	out := make([]WaveCriterionChange, len(criterionLabels))
	for i, c := range criterionLabels {
		b, a := before.value(c.name), after.value(c.name)
		out[i] = WaveCriterionChange{Name: c.name, Label: c.label, Before: b, After: a, Delta: a - b}
	}
	return out
}

// WaveCriterion is one line of a score breakdown: the raw value, its weight
// and its weighted share of the total.
type WaveCriterion struct {
	Name     string  `json:"name"`
	Label    string  `json:"label"`
	Value    float64 `json:"value"`
	Weight   float64 `json:"weight"`
	Weighted float64 `json:"weighted"`
}

// WaveVersionSummary is a version's line in the list.
type WaveVersionSummary struct {
	Number      int             `json:"number"`
	State       model.WaveState `json:"state"`
	StateLabel  string          `json:"state_label"`
	Revision    int             `json:"revision"`
	Seed        uint64          `json:"seed"`
	BasedOn     int             `json:"based_on,omitempty"`
	CreatedAt   time.Time       `json:"created_at"`
	CreatedBy   string          `json:"created_by"`
	AnnouncedAt *time.Time      `json:"announced_at,omitempty"`
	AnnouncedBy string          `json:"announced_by,omitempty"`
	FinalisedAt *time.Time      `json:"finalised_at,omitempty"`
	FinalisedBy string          `json:"finalised_by,omitempty"`
	Score       WaveScore       `json:"score"`
	// Stale is true when the setup changed after the version was computed;
	// the version keeps the setup it was computed from.
	Stale bool `json:"stale"`
}

// WaveStats is one wave of a version: what it holds and how full it is.
type WaveStats struct {
	Number     int            `json:"number"`
	Kind       waves.WaveKind `json:"kind"`
	GoLive     model.Date     `json:"golive"`
	Capacity   int            `json:"capacity"` // effective: the smaller of the wave's and a team's; 0 = unlimited
	Count      int            `json:"count"`
	Population int            `json:"population"`
	Small      int            `json:"small"`
	Medium     int            `json:"medium"`
	Large      int            `json:"large"`
	Regions    []RegionCount  `json:"regions"`
	Trained    int            `json:"trained"` // municipalities with purchased training
	// CapacityUse is Count/Capacity in per cent; 0 when unlimited.
	CapacityUse float64 `json:"capacity_use"`
}

// RegionCount is the number of a wave's municipalities in one region.
type RegionCount struct {
	Region string `json:"region"`
	Count  int    `json:"count"`
}

// WavePlacement is one municipality's place in a version.
type WavePlacement struct {
	Code              string     `json:"code"`
	Name              string     `json:"name"`
	Region            string     `json:"region"`
	Population        int        `json:"population"`
	Size              string     `json:"size"` // small, medium, large
	Wave              int        `json:"wave"`
	GoLive            model.Date `json:"golive"`
	Locked            bool       `json:"locked"`
	Fixed             bool       `json:"fixed"`
	Preferred         []int      `json:"preferred"`
	Excluded          []int      `json:"excluded"`
	PurchasedTraining bool       `json:"purchased_training"`
	Group             string     `json:"group,omitempty"` // collaboration name
	Comments          int        `json:"comments"`
}

// WaveStepView is one entry of a version's log.
type WaveStepView struct {
	At      time.Time   `json:"at"`
	Actor   string      `json:"actor"`
	Kind    string      `json:"kind"`
	Summary string      `json:"summary"`
	Change  *WaveChange `json:"change,omitempty"`
}

// WaveCommentView is a hearing comment.
type WaveCommentView struct {
	ID           int64     `json:"id"`
	Municipality string    `json:"municipality"`
	Name         string    `json:"name"`
	Author       string    `json:"author"`
	Body         string    `json:"body"`
	CreatedAt    time.Time `json:"created_at"`
}

// WaveVersionView is a version with everything its page shows.
type WaveVersionView struct {
	Programme     string          `json:"programme"`
	ProgrammeName string          `json:"programme_name"`
	WaveNames     model.WaveNames `json:"-"` // the programme's, for pages
	WaveVersionSummary
	SetupRevision  int             `json:"setup_revision"`
	SizeClasses    SizeLimits      `json:"size_classes"` // the limits used (tertiles resolved)
	Criteria       []WaveCriterion `json:"criteria"`
	Waves          []WaveStats     `json:"waves"`
	Municipalities []WavePlacement `json:"municipalities"`
	Violations     []string        `json:"violations"`
	// Hard are the hard rules the plan breaks (Danish, without the code
	// prefix), Soft its soft misses; Explanation says how balanced it is
	// in a coordinator's words.
	Hard        []string `json:"hard"`
	Soft        []string `json:"soft"`
	Explanation []string `json:"explanation"`
	// Replan is the version a re-optimisation keeps as far as it can (the
	// announced or final version this draft was copied from); 0: none.
	Replan   int               `json:"replan"`
	Steps    []WaveStepView    `json:"steps"`
	Comments []WaveCommentView `json:"comments"`
	Setup    WaveSetup         `json:"setup"` // the setup the version was computed from
}

// waveInputs is the snapshot a version is computed from, stored as JSON.
type waveInputs struct {
	Setup          WaveSetup       `json:"setup"`
	Municipalities []WaveCandidate `json:"municipalities"`
}

func (in *waveInputs) problem() waves.Problem { return in.Setup.problem(in.Municipalities) }

// loadedVersion is a version read for a use case.
type loadedVersion struct {
	prog    catalogue.Programme
	v       store.WaveVersion
	inputs  waveInputs
	rows    []store.WaveAssignmentRow
	problem waves.Problem
	// announced is the placement of the version this draft was copied
	// from, if that version was announced or made final: the promise a
	// re-plan keeps as far as it can. Nil otherwise.
	announced map[string]int
}

func (lv *loadedVersion) placement() map[string]int {
	m := make(map[string]int, len(lv.rows))
	for _, r := range lv.rows {
		m[r.Code] = r.Wave
	}
	return m
}

func (lv *loadedVersion) locked() []string {
	var out []string
	for _, r := range lv.rows {
		if r.Locked {
			out = append(out, r.Code)
		}
	}
	return out
}

// scenario rebuilds the what-if session of a version: its assignment with
// its locks.
func (lv *loadedVersion) scenario() *waves.Scenario {
	sc := waves.NewScenario(lv.problem, waves.Assignment{Wave: lv.placement()})
	sc.Lock(lv.locked()...) // every locked code is in the placement
	return sc
}

func (a *WavePlanService) loadVersion(ctx context.Context, tx *store.Tx, programmeKey string, n int) (*loadedVersion, error) {
	prog, err := a.programme(ctx, tx, programmeKey)
	if err != nil {
		return nil, err
	}
	v, err := tx.WaveVersion(ctx, prog.ID, n)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound("bølgeplanen for %q har ingen version %d", programmeKey, n)
	}
	if err != nil {
		return nil, err
	}
	lv := &loadedVersion{prog: prog, v: v}
	if err := json.Unmarshal(v.Inputs, &lv.inputs); err != nil {
		return nil, fmt.Errorf("wave plan version %d inputs: %w", n, err)
	}
	if lv.rows, err = tx.WaveAssignments(ctx, v.ID); err != nil {
		return nil, err
	}
	lv.problem = lv.inputs.problem()
	if lv.v.BasedOn > 0 {
		base, err := tx.WaveVersion(ctx, prog.ID, lv.v.BasedOn)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if err == nil && (!base.AnnouncedAt.IsZero() || !base.FinalisedAt.IsZero()) {
			rows, err := tx.WaveAssignments(ctx, base.ID)
			if err != nil {
				return nil, err
			}
			lv.announced = map[string]int{}
			for _, r := range rows {
				lv.announced[r.Code] = r.Wave
			}
		}
	}
	return lv, nil
}

// NewWaveVersion is a request for a new draft: optimised from the current
// setup with Seed, or, when From is set, a copy of version From's
// assignment (with its locks) scored against the current setup, to be
// revised after a hearing.
type NewWaveVersion struct {
	Seed uint64 `json:"seed"`
	From int    `json:"from"`
	// Keep starts from the rollout under way: the optimiser keeps every
	// enrolled municipality in its current wave unless a hard rule forces a
	// move (fewest moves first, then balance).
	Keep bool `json:"keep"`
}

// CreateWaveVersion makes a new draft. The optimiser runs outside any
// transaction; the draft keeps a snapshot of the setup and municipalities it
// was computed from. If the constraints contradict each other, nothing is
// stored and the error's cause (Infeasible) names the conflicting constraints.
func (a *WavePlanService) CreateWaveVersion(ctx context.Context, by *Identity, programmeKey string, req NewWaveVersion) (*WaveVersionView, error) {
	if err := checkEnrol(by); err != nil {
		return nil, err
	}
	actor := actorOf(by)
	if req.Seed > maxSeed {
		return nil, invalidFields("udkastet er ikke beregnet", FieldErrors{{"seed", fmt.Sprintf("startværdien skal være mellem 0 og %d", uint64(maxSeed))}})
	}
	if req.From < 0 {
		return nil, invalidFields("udkastet er ikke oprettet", FieldErrors{{"from", "versionsnummeret kan ikke være negativt"}})
	}
	var in waveInputs
	var prevRows []store.WaveAssignmentRow
	var enrolled map[string]int
	var setupRevision int
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		if in.Setup, err = a.loadWaveSetup(ctx, tx, prog); err != nil {
			return err
		}
		if in.Setup.Revision == 0 {
			return invalid("programmet %q har ingen bølgeopsætning endnu; gem bølger og betingelser først", programmeKey)
		}
		setupRevision = in.Setup.Revision
		if in.Municipalities, err = waveCandidates(ctx, tx); err != nil {
			return err
		}
		if req.Keep && req.From == 0 {
			if enrolled, err = enrolledWaves(ctx, tx, prog.ID); err != nil {
				return err
			}
		}
		if req.From > 0 {
			v, err := tx.WaveVersion(ctx, prog.ID, req.From)
			if errors.Is(err, store.ErrNotFound) {
				return &Error{Code: CodeInvalid, Message: fmt.Sprintf("version %d findes ikke", req.From),
					Err: FieldErrors{{"from", fmt.Sprintf("version %d findes ikke", req.From)}}}
			}
			if err != nil {
				return err
			}
			prevRows, err = tx.WaveAssignments(ctx, v.ID)
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	in.Setup.Issues = nil
	p := in.problem()
	var (
		placement map[string]int
		locked    = map[string]bool{}
		score     waves.Score
		step      store.WaveStep
	)
	if req.From > 0 {
		placement = map[string]int{}
		for _, r := range prevRows {
			placement[r.Code], locked[r.Code] = r.Wave, r.Locked
		}
		as := waves.Evaluate(p, placement)
		score = as.Score
		step = store.WaveStep{Actor: actor, Kind: "copy", Summary: fmt.Sprintf("Kopieret fra version %d og vurderet mod opsætningens revision %d", req.From, setupRevision)}
	} else {
		p.Current = enrolled // nil unless Keep: then fewest moves first
		as, err := waves.Optimize(p, req.Seed)
		if err != nil {
			var ie *waves.InfeasibleError
			if errors.As(err, &ie) {
				return nil, infeasible(ie.Issues)
			}
			return nil, err
		}
		placement, score = as.Wave, as.Score
		step = store.WaveStep{Actor: actor, Kind: "optimise", Summary: fmt.Sprintf("Beregnet med startværdi %d fra opsætningens revision %d", req.Seed, setupRevision)}
		if enrolled != nil {
			step.Summary += fmt.Sprintf("; den igangværende udrulning er bevaret, %d kommuner flyttet", len(as.Moved))
		}
	}
	ch := WaveChange{After: scoreOf(score)}
	ch.emptyListsNotNull()
	step.Change, _ = json.Marshal(ch)
	inputs, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	scoreJSON, _ := json.Marshal(scoreOf(score))
	rows := make([]store.WaveAssignmentRow, 0, len(in.Municipalities))
	for _, m := range in.Municipalities {
		if w, ok := placement[m.Code]; ok {
			rows = append(rows, store.WaveAssignmentRow{Code: m.Code, Wave: w, Locked: locked[m.Code]})
		}
	}
	var number int
	err = a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		if number, err = tx.NextWaveVersion(ctx, prog.ID); err != nil {
			return err
		}
		v := store.WaveVersion{ProgrammeID: prog.ID, Number: number, State: model.WaveDraft, Seed: int64(req.Seed), BasedOn: req.From,
			SetupRevision: setupRevision, Inputs: inputs, Score: scoreJSON, CreatedBy: actor}
		if err := tx.InsertWaveVersion(ctx, &v, rows); err != nil {
			return err
		}
		return tx.AppendWaveStep(ctx, v.ID, step)
	})
	if err != nil {
		return nil, err
	}
	return a.WaveVersion(ctx, by, programmeKey, number)
}

// WaveVersions lists a programme's wave plan versions.
func (a *WavePlanService) WaveVersions(ctx context.Context, by *Identity, programmeKey string) ([]WaveVersionSummary, error) {
	if err := checkNational(by); err != nil {
		return nil, err
	}
	out := []WaveVersionSummary{}
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		current := 0
		if s, err := tx.WaveSetup(ctx, prog.ID); err == nil {
			current = s.Revision
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		vs, err := tx.WaveVersions(ctx, prog.ID)
		if err != nil {
			return err
		}
		for _, v := range vs {
			out = append(out, summaryOf(v, current))
		}
		return nil
	})
	return out, err
}

func summaryOf(v store.WaveVersion, currentSetup int) WaveVersionSummary {
	s := WaveVersionSummary{Number: v.Number, State: v.State, StateLabel: v.State.Label(), Revision: v.Revision,
		Seed: uint64(v.Seed), BasedOn: v.BasedOn, CreatedAt: v.CreatedAt, CreatedBy: v.CreatedBy,
		AnnouncedBy: v.AnnouncedBy, FinalisedBy: v.FinalisedBy, Stale: v.SetupRevision != currentSetup}
	if !v.AnnouncedAt.IsZero() {
		t := v.AnnouncedAt
		s.AnnouncedAt = &t
	}
	if !v.FinalisedAt.IsZero() {
		t := v.FinalisedAt
		s.FinalisedAt = &t
	}
	json.Unmarshal(v.Score, &s.Score) // written by us; a broken score shows as zeros
	return s
}

// WaveVersion returns version n of a programme's wave plan with its waves,
// placements, score breakdown, violations, log and hearing comments.
func (a *WavePlanService) WaveVersion(ctx context.Context, by *Identity, programmeKey string, n int) (*WaveVersionView, error) {
	if err := checkNational(by); err != nil {
		return nil, err
	}
	var out *WaveVersionView
	err := a.read(ctx, func(tx *store.Tx) error {
		lv, err := a.loadVersion(ctx, tx, programmeKey, n)
		if err != nil {
			return err
		}
		current := 0
		if s, err := tx.WaveSetup(ctx, lv.prog.ID); err == nil {
			current = s.Revision
		}
		steps, err := tx.WaveSteps(ctx, lv.v.ID)
		if err != nil {
			return err
		}
		comments, err := tx.WaveComments(ctx, lv.v.ID, "")
		if err != nil {
			return err
		}
		out = lv.view(summaryOf(lv.v, current), steps, comments)
		return nil
	})
	return out, err
}

func (lv *loadedVersion) view(sum WaveVersionSummary, steps []store.WaveStep, comments []store.WaveComment) *WaveVersionView {
	as := waves.Evaluate(lv.problem, lv.placement())
	sum.Score = scoreOf(as.Score) // recomputed: the snapshot is the truth
	in := &lv.inputs
	v := &WaveVersionView{Programme: lv.prog.Key, ProgrammeName: lv.prog.Name, WaveNames: lv.prog.Waves, WaveVersionSummary: sum,
		SetupRevision: lv.v.SetupRevision, Violations: append([]string{}, as.Violations...), Setup: in.Setup,
		Steps: []WaveStepView{}, Comments: []WaveCommentView{}}
	hard, soft := waves.SplitViolations(as.Violations)
	v.Hard, v.Soft, v.Explanation = nonNil(hard), nonNil(soft), nonNil(waves.Explain(as))
	if lv.announced != nil {
		v.Replan = lv.v.BasedOn
	}
	if v.Setup.Issues == nil { // a computed version's setup had none; the snapshot dropped them
		v.Setup.Issues = []WaveIssue{}
	}
	sc := lv.problem.SizeClasses
	if sc == (waves.SizeClasses{}) {
		sc = waves.Tertiles(lv.problem.Municipalities)
	}
	v.SizeClasses = SizeLimits{sc.MediumFrom, sc.LargeFrom}
	w := waves.DefaultWeights
	for _, c := range as.Score.Breakdown(w) {
		v.Criteria = append(v.Criteria, WaveCriterion{Name: c.Name, Label: labelOf(c.Name), Value: c.Value, Weight: c.Weight, Weighted: c.Weighted})
	}
	golive := map[int]model.Date{}
	for _, st := range as.Waves {
		def := waveDef(in.Setup.Waves, st.Number)
		golive[st.Number] = def.GoLive
		capacity := def.Capacity
		if t := in.Setup.TeamCapacity; t > 0 && (capacity == 0 || t < capacity) {
			capacity = t
		}
		ws := WaveStats{Number: st.Number, Kind: st.Kind, GoLive: def.GoLive, Capacity: capacity, Count: st.Count,
			Population: st.Population, Small: st.Classes[waves.Small], Medium: st.Classes[waves.Medium], Large: st.Classes[waves.Large],
			Trained: st.Trained, Regions: []RegionCount{}}
		if capacity > 0 {
			ws.CapacityUse = 100 * float64(st.Count) / float64(capacity)
		}
		for r, c := range st.Regions {
			if c > 0 {
				ws.Regions = append(ws.Regions, RegionCount{r, c})
			}
		}
		slices.SortFunc(ws.Regions, func(x, y RegionCount) int {
			if x.Count != y.Count {
				return y.Count - x.Count
			}
			if x.Region < y.Region {
				return -1
			}
			return 1
		})
		v.Waves = append(v.Waves, ws)
	}
	settings := map[string]WaveMunicipality{}
	for _, m := range in.Setup.Municipalities {
		settings[m.Code] = m
	}
	group := map[string]string{}
	for _, g := range in.Setup.Groups {
		for _, c := range g.Members {
			group[c] = g.Name
		}
	}
	ncomments := map[string]int{}
	names := map[string]string{}
	for _, m := range in.Municipalities {
		names[m.Code] = m.Name
	}
	for _, c := range comments {
		ncomments[c.Code]++
		v.Comments = append(v.Comments, WaveCommentView{ID: c.ID, Municipality: c.Code, Name: names[c.Code], Author: c.Author, Body: c.Body, CreatedAt: c.CreatedAt})
	}
	locked := map[string]bool{}
	for _, r := range lv.rows {
		locked[r.Code] = r.Locked
	}
	for _, m := range in.Municipalities {
		s := settings[m.Code]
		wave := as.Wave[m.Code]
		v.Municipalities = append(v.Municipalities, WavePlacement{Code: m.Code, Name: m.Name, Region: m.Region, Population: m.Population,
			Size: sc.Class(m.Population).String(), Wave: wave, GoLive: golive[wave], Locked: locked[m.Code], Fixed: s.FixedWave != 0,
			Preferred: intsOrEmpty(s.Preferred), Excluded: intsOrEmpty(s.Excluded), PurchasedTraining: s.PurchasedTraining,
			Group: group[m.Code], Comments: ncomments[m.Code]})
	}
	for _, st := range steps {
		sv := WaveStepView{At: st.At, Actor: st.Actor, Kind: st.Kind, Summary: st.Summary}
		if len(st.Change) > 0 {
			var ch WaveChange
			if json.Unmarshal(st.Change, &ch) == nil {
				ch.emptyListsNotNull() // steps stored before lists were always arrays
				sv.Change = &ch
			}
		}
		v.Steps = append(v.Steps, sv)
	}
	return v
}

func labelOf(name string) string {
	for _, c := range criterionLabels {
		if c.name == name {
			return c.label
		}
	}
	return name
}

func waveDef(ws []WaveDef, n int) WaveDef {
	for _, w := range ws {
		if w.Number == n {
			return w
		}
	}
	return WaveDef{Number: n}
}

// WaveDiff is what changed between two versions: who moved from which wave
// to which, and how every criterion changed.
type WaveDiff struct {
	Programme string                `json:"programme"`
	From      int                   `json:"from"`
	To        int                   `json:"to"`
	Moved     []WaveDiffMove        `json:"moved"`
	Unchanged int                   `json:"unchanged"`
	Criteria  []WaveCriterionChange `json:"criteria"`
}

// WaveDiffMove is one municipality whose wave or go-live differs.
type WaveDiffMove struct {
	Code       string     `json:"code"`
	Name       string     `json:"name"`
	FromWave   int        `json:"from_wave"` // 0: not in the version
	ToWave     int        `json:"to_wave"`
	FromGoLive model.Date `json:"from_golive"`
	ToGoLive   model.Date `json:"to_golive"`
}

// CompareWaveVersions diffs version from against version to.
func (a *WavePlanService) CompareWaveVersions(ctx context.Context, by *Identity, programmeKey string, from, to int) (*WaveDiff, error) {
	if err := checkNational(by); err != nil {
		return nil, err
	}
	var out *WaveDiff
	err := a.read(ctx, func(tx *store.Tx) error {
		x, err := a.loadVersion(ctx, tx, programmeKey, from)
		if err != nil {
			return err
		}
		y, err := a.loadVersion(ctx, tx, programmeKey, to)
		if err != nil {
			return err
		}
		out = diffVersions(x, y)
		return nil
	})
	return out, err
}

func diffVersions(x, y *loadedVersion) *WaveDiff {
	d := &WaveDiff{Programme: x.prog.Key, From: x.v.Number, To: y.v.Number, Moved: []WaveDiffMove{}}
	px, py := x.placement(), y.placement()
	names := map[string]string{}
	var codes []WaveCandidate
	seen := map[string]bool{}
	for _, ms := range [][]WaveCandidate{y.inputs.Municipalities, x.inputs.Municipalities} {
		for _, m := range ms {
			if !seen[m.Code] {
				seen[m.Code] = true
				names[m.Code] = m.Name
				codes = append(codes, m)
			}
		}
	}
	for _, m := range codes {
		fw, tw := px[m.Code], py[m.Code]
		fd, td := waveDef(x.inputs.Setup.Waves, fw).GoLive, waveDef(y.inputs.Setup.Waves, tw).GoLive
		if fw == tw && fd == td {
			d.Unchanged++
			continue
		}
		d.Moved = append(d.Moved, WaveDiffMove{Code: m.Code, Name: m.Name, FromWave: fw, ToWave: tw, FromGoLive: fd, ToGoLive: td})
	}
	sx := scoreOf(waves.Evaluate(x.problem, px).Score)
	sy := scoreOf(waves.Evaluate(y.problem, py).Score)
	d.Criteria = criteriaChange(sx, sy)
	return d
}

// enrolledWaves returns the wave of every municipality enrolled in a
// programme with a wave (the rollout under way).
func enrolledWaves(ctx context.Context, tx *store.Tx, programmeID int64) (map[string]int, error) {
	plans, err := tx.Plans(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, p := range plans {
		if p.Wave > 0 {
			out[p.Municipality.Code] = p.Wave
		}
	}
	return out, nil
}

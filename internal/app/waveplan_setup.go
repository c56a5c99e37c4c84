package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/waves"
)

// WaveSetup is a programme's wave-planning constraints as users edit them
// (issue 6, docs/waves.md): the waves, blackout periods, collaborations,
// each municipality's fixed wave, wishes and purchased training, and the
// supplier's capacity. Programme, UpdatedAt, UpdatedBy and Issues are
// read-only: SaveWaveSetup ignores them.
type WaveSetup struct {
	Programme        string             `json:"programme"`
	ProgrammeName    string             `json:"programme_name"`
	WaveNames        model.WaveNames    `json:"-"` // the programme's, for pages
	Revision         int                `json:"revision"`
	Waves            []WaveDef          `json:"waves"`
	Blackouts        []WaveBlackout     `json:"blackouts"`
	Groups           []WaveGroup        `json:"groups"`
	Municipalities   []WaveMunicipality `json:"municipalities"`
	HypercareTeams   int                `json:"hypercare_teams"`
	TeamCapacity     int                `json:"team_capacity"`
	RolloutWindow    DayWindow          `json:"rollout_window"`
	TrainingParallel int                `json:"training_parallel"`
	TrainingWindow   DayWindow          `json:"training_window"`
	SizeClasses      SizeLimits         `json:"size_classes"`
	// PilotRule decides a collaboration that contains a pilot: "" refuses
	// it (an issue names the pilot and the group), "join" takes the whole
	// collaboration into the pilot wave, "leave" lets the pilot go alone.
	PilotRule string `json:"pilot_rule"`
	// OwnBlackouts says the programme has named its own periods without
	// go-live: only Blackouts apply. Otherwise the standard ones (summer
	// holiday, week 52 to week 7) apply as well, also to enrolment.
	OwnBlackouts bool      `json:"own_blackouts"`
	UpdatedAt    time.Time `json:"updated_at,omitzero"`
	UpdatedBy    string    `json:"updated_by,omitempty"`
	// Issues are the infeasibilities waves.Validate finds in the setup with
	// every municipality: constraints that contradict each other.
	Issues []WaveIssue `json:"issues"`
}

// WaveDef is one wave of a setup.
type WaveDef struct {
	Number   int            `json:"number"`
	Kind     waves.WaveKind `json:"kind"` // the API names it pilot, regular or catchup
	GoLive   model.Date     `json:"golive"`
	Capacity int            `json:"capacity"` // municipalities; 0 = unlimited
	// MaxPopulation and MaxInstitutions cap the wave's inhabitants and its
	// schools and day-care units; 0 = unlimited.
	MaxPopulation   int `json:"max_population"`
	MaxInstitutions int `json:"max_institutions"`
}

// WaveBlackout is a period (both days inclusive) in which no wave may go live.
type WaveBlackout struct {
	Name string     `json:"name"`
	From model.Date `json:"from"`
	To   model.Date `json:"to"`
}

// WaveGroup is a collaboration (a shared job centre, a system cooperation)
// whose members always share a wave.
type WaveGroup struct {
	Name    string   `json:"name"`
	Members []string `json:"members"` // municipality codes
}

// WaveMunicipality is one municipality's settings. Preferred waves are
// soft (honoured where possible), excluded waves are hard.
type WaveMunicipality struct {
	Code              string `json:"code"`
	Name              string `json:"name,omitempty"` // read-only
	FixedWave         int    `json:"fixed_wave"`     // 0: placed by the optimiser
	Preferred         []int  `json:"preferred"`
	Excluded          []int  `json:"excluded"`
	PurchasedTraining bool   `json:"purchased_training"`
	Note              string `json:"note"`
}

// DayWindow is a stretch of calendar days around go-live: from Before days
// before to After days after, both inclusive.
type DayWindow struct {
	Before int `json:"before"`
	After  int `json:"after"`
}

// SizeLimits split municipalities by population into small (below
// MediumFrom), medium and large (from LargeFrom). Both 0: population tertiles.
type SizeLimits struct {
	MediumFrom int `json:"medium_from"`
	LargeFrom  int `json:"large_from"`
}

// WaveIssue is one infeasibility: the constraints that conflict, named for
// users, and one sentence (Danish, from package waves).
type WaveIssue struct {
	Kind        string   `json:"kind"`
	Constraints []string `json:"constraints"`
	Message     string   `json:"message"`
}

// FieldError names a field of a request and what is wrong with it. Field is
// a path into the JSON document, such as "waves[2].golive".
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// FieldErrors is the cause of an invalid wave-plan request with one error
// per field; the web layer finds it with errors.As.
type FieldErrors []FieldError

func (fe FieldErrors) Error() string {
	parts := make([]string, len(fe))
	for i, e := range fe {
		parts[i] = e.Field + ": " + e.Message
	}
	return strings.Join(parts, "; ")
}

// Infeasible is the cause of a refused optimisation: the hard constraints
// contradict each other. The web layer finds it with errors.As.
type Infeasible []WaveIssue

func (in Infeasible) Error() string {
	parts := make([]string, len(in))
	for i, is := range in {
		parts[i] = is.Kind + ": " + is.Message
	}
	return strings.Join(parts, "; ")
}

// invalidFields is the error for field problems: a Danish summary naming
// the first field, with every field in the cause.
func invalidFields(what string, fe FieldErrors) *Error {
	msg := fmt.Sprintf("%s: %s: %s", what, fe[0].Field, fe[0].Message)
	if len(fe) > 1 {
		msg += fmt.Sprintf(" (og %d fejl mere)", len(fe)-1)
	}
	return &Error{Code: CodeInvalid, Message: msg, Err: fe}
}

func infeasible(issues []waves.Issue) *Error {
	in := make(Infeasible, len(issues))
	for i, is := range issues {
		in[i] = WaveIssue{Kind: is.Kind, Constraints: append([]string{}, is.Constraints...), Message: is.Message}
	}
	return &Error{Code: CodeInvalid, Err: in, Message: fmt.Sprintf(
		"bølgeplanen kan ikke beregnes: betingelserne er i modstrid (%d): %s", len(in), in[0].Message)}
}

// Limits on what users type.
const (
	maxWaveName = 200
	maxWaveNote = 2000
	maxSeed     = 1<<53 - 1 // seeds travel as JSON numbers
)

// DefaultWaveSetup is the setup of a programme that has none: the supplier
// capacity of seed 003 (two hypercare teams, five municipalities in
// purchased training at once), no waves yet.
func DefaultWaveSetup(programme string) WaveSetup {
	return WaveSetup{
		Programme: programme, Waves: []WaveDef{}, Blackouts: []WaveBlackout{}, Groups: []WaveGroup{}, Municipalities: []WaveMunicipality{},
		HypercareTeams:   waves.DefaultHypercareTeams,
		RolloutWindow:    hypercareDays(),
		TrainingParallel: waves.DefaultTrainingParallel,
		TrainingWindow:   DayWindow{waves.DefaultTrainingWindow.Before, waves.DefaultTrainingWindow.After},
		Issues:           []WaveIssue{},
	}
}

// WaveCandidate is a municipality that a wave plan places.
type WaveCandidate struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Region     string `json:"region"`
	Population int    `json:"population"`
	// Institutions counts its schools and day-care units.
	Institutions int `json:"institutions"`
}

// WaveSetup returns a programme's setup (the default if none is saved) with
// the infeasibilities it has.
func (a *WavePlanService) WaveSetup(ctx context.Context, by *Identity, programmeKey string) (*WaveSetup, error) {
	if err := checkNational(by); err != nil {
		return nil, err
	}
	var out *WaveSetup
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		s, err := a.loadWaveSetup(ctx, tx, prog)
		if err != nil {
			return err
		}
		s.ProgrammeName, s.WaveNames = prog.Name, prog.Waves
		cands, err := waveCandidates(ctx, tx)
		if err != nil {
			return err
		}
		s.Issues = validateWaveProblem(s.problem(cands))
		out = &s
		return nil
	})
	return out, err
}

// WaveCandidates lists the municipalities a wave plan places, by code.
func (a *WavePlanService) WaveCandidates(ctx context.Context, by *Identity) ([]WaveCandidate, error) {
	if err := checkNational(by); err != nil {
		return nil, err
	}
	var out []WaveCandidate
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		out, err = waveCandidates(ctx, tx)
		return err
	})
	return out, err
}

func waveCandidates(ctx context.Context, tx *store.Tx) ([]WaveCandidate, error) {
	orgs, err := tx.Organisations(ctx, model.OrgMunicipality)
	if err != nil {
		return nil, err
	}
	insts, err := tx.Organisations(ctx, model.OrgInstitution)
	if err != nil {
		return nil, err
	}
	perMunicipality := map[int64]int{}
	for _, o := range insts {
		perMunicipality[o.ParentID]++
	}
	out := make([]WaveCandidate, len(orgs))
	for i, o := range orgs {
		out[i] = WaveCandidate{Code: o.Code, Name: o.Name, Region: o.RegionName, Population: o.Population, Institutions: perMunicipality[o.ID]}
	}
	return out, nil
}

func (a *WavePlanService) loadWaveSetup(ctx context.Context, tx *store.Tx, prog catalogue.Programme) (WaveSetup, error) {
	row, err := tx.WaveSetup(ctx, prog.ID)
	if errors.Is(err, store.ErrNotFound) {
		return DefaultWaveSetup(prog.Key), nil
	}
	if err != nil {
		return WaveSetup{}, err
	}
	names, err := municipalityNames(ctx, tx)
	if err != nil {
		return WaveSetup{}, err
	}
	s := DefaultWaveSetup(prog.Key)
	s.Revision, s.UpdatedAt, s.UpdatedBy = row.Revision, row.UpdatedAt, row.UpdatedBy
	s.HypercareTeams, s.TeamCapacity, s.TrainingParallel = row.HypercareTeams, row.TeamCapacity, row.TrainingParallel
	s.RolloutWindow = hypercareDays() // one definition for every programme, not a setting
	s.PilotRule, s.OwnBlackouts = row.PilotRule, row.OwnBlackouts
	s.TrainingWindow = DayWindow{row.TrainingBefore, row.TrainingAfter}
	s.SizeClasses = SizeLimits{row.MediumFrom, row.LargeFrom}
	for _, w := range row.Waves {
		s.Waves = append(s.Waves, WaveDef{Number: w.Number, Kind: w.Kind, GoLive: w.GoLive, Capacity: w.Capacity,
			MaxPopulation: w.MaxPopulation, MaxInstitutions: w.MaxInstitutions})
	}
	for _, b := range row.Blackouts {
		s.Blackouts = append(s.Blackouts, WaveBlackout{Name: b.Name, From: b.From, To: b.To})
	}
	for _, g := range row.Groups {
		s.Groups = append(s.Groups, WaveGroup{Name: g.Name, Members: append([]string{}, g.Members...)})
	}
	for _, m := range row.Municipalities {
		s.Municipalities = append(s.Municipalities, WaveMunicipality{Code: m.Code, Name: names[m.Code], FixedWave: m.FixedWave,
			Preferred: intsOrEmpty(m.Preferred), Excluded: intsOrEmpty(m.Excluded), PurchasedTraining: m.PurchasedTraining, Note: m.Note})
	}
	return s, nil
}

func municipalityNames(ctx context.Context, tx *store.Tx) (map[string]string, error) {
	orgs, err := tx.Organisations(ctx, model.OrgMunicipality)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(orgs))
	for _, o := range orgs {
		out[o.Code] = o.Name
	}
	return out, nil
}

func intsOrEmpty(xs []int) []int {
	if xs == nil {
		return []int{}
	}
	return xs
}

// SaveWaveSetup replaces a programme's setup. s.Revision must be the
// revision the caller read (0 for a programme without a setup); a stale one
// is a conflict. Every malformed field is reported at once, named by its
// path ("waves[2].golive"); a setup whose constraints contradict each other
// is saved, and its Issues say what contradicts what, because a setup is
// often edited in several steps.
func (a *WavePlanService) SaveWaveSetup(ctx context.Context, by *Identity, programmeKey string, s WaveSetup) (*WaveSetup, error) {
	if err := checkEnrol(by); err != nil {
		return nil, err
	}
	actor := actorOf(by)
	var out *WaveSetup
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		cands, err := waveCandidates(ctx, tx)
		if err != nil {
			return err
		}
		s.trim()
		if fe := a.checkWaveSetup(&s, cands); len(fe) > 0 {
			return invalidFields("bølgeopsætningen er ikke gemt", fe)
		}
		s.compact()
		s.RolloutWindow = hypercareDays() // read-only: the one definition
		row := s.row(prog.ID, actor)
		if err := tx.SaveWaveSetup(ctx, &row, s.Revision); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return &Error{Code: CodeConflict, Err: err, Message: fmt.Sprintf(
					"bølgeopsætningen er ændret af en anden siden du hentede den (du sendte revision %d); hent den igen", s.Revision)}
			}
			return err
		}
		saved, err := a.loadWaveSetup(ctx, tx, prog)
		if err != nil {
			return err
		}
		saved.ProgrammeName, saved.WaveNames = prog.Name, prog.Waves
		saved.Issues = validateWaveProblem(saved.problem(cands))
		out = &saved
		return nil
	})
	return out, err
}

// trim trims the text users typed.
func (s *WaveSetup) trim() {
	for i := range s.Blackouts {
		s.Blackouts[i].Name = strings.TrimSpace(s.Blackouts[i].Name)
	}
	for i := range s.Groups {
		s.Groups[i].Name = strings.TrimSpace(s.Groups[i].Name)
		for j := range s.Groups[i].Members {
			s.Groups[i].Members[j] = strings.TrimSpace(s.Groups[i].Members[j])
		}
	}
	for i := range s.Municipalities {
		m := &s.Municipalities[i]
		m.Code, m.Note = strings.TrimSpace(m.Code), strings.TrimSpace(m.Note)
	}
}

// compact orders waves by number and drops municipality entries without
// any setting. It runs after checking, so that error paths index the list
// as the caller sent it.
func (s *WaveSetup) compact() {
	slices.SortStableFunc(s.Waves, func(x, y WaveDef) int { return x.Number - y.Number })
	kept := s.Municipalities[:0]
	for _, m := range s.Municipalities {
		if m.FixedWave == 0 && len(m.Preferred) == 0 && len(m.Excluded) == 0 && !m.PurchasedTraining && m.Note == "" {
			continue
		}
		kept = append(kept, m)
	}
	s.Municipalities = kept
}

// checkWaveSetup reports every malformed field. Conflicts between valid
// constraints are waves.Validate's business, not this function's.
func (a *WavePlanService) checkWaveSetup(s *WaveSetup, cands []WaveCandidate) FieldErrors {
	var fe FieldErrors
	add := func(field, format string, args ...any) {
		fe = append(fe, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	known := map[string]bool{}
	for _, c := range cands {
		known[c.Code] = true
	}
	numbers := map[int]bool{}
	for i, w := range s.Waves {
		f := fmt.Sprintf("waves[%d]", i)
		switch {
		case w.Number < 1 || w.Number > 99:
			add(f+".number", "bølgenummeret skal være mellem 1 og 99 (er %d)", w.Number)
		case numbers[w.Number]:
			add(f+".number", "bølge %d står flere gange", w.Number)
		}
		numbers[w.Number] = true
		if !w.Kind.Valid() {
			add(f+".kind", "bølgetypen skal være %s (er %q)", strings.Join(waves.WaveKinds.Strings(), ", "), w.Kind)
		}
		switch {
		case w.GoLive == model.NoDate:
			add(f+".golive", "go-live-dato mangler")
		case !a.cal.IsWorkingDay(w.GoLive):
			add(f+".golive", "go-live-datoen %s er ikke en arbejdsdag", w.GoLive.Danish())
		}
		if w.Capacity < 0 {
			add(f+".capacity", "kapaciteten kan ikke være negativ (0 betyder ubegrænset)")
		}
		if w.MaxPopulation < 0 {
			add(f+".max_population", "det højeste antal indbyggere kan ikke være negativt (0 betyder ubegrænset)")
		}
		if w.MaxInstitutions < 0 {
			add(f+".max_institutions", "det højeste antal skoler og dagtilbud kan ikke være negativt (0 betyder ubegrænset)")
		}
	}
	for i, b := range s.Blackouts {
		f := fmt.Sprintf("blackouts[%d]", i)
		checkName(add, f+".name", b.Name, "perioden")
		if b.From == model.NoDate {
			add(f+".from", "startdato mangler")
		}
		if b.To == model.NoDate {
			add(f+".to", "slutdato mangler")
		}
		if b.From != model.NoDate && b.To != model.NoDate && b.To < b.From {
			add(f+".to", "slutdatoen %s ligger før startdatoen %s", b.To.Danish(), b.From.Danish())
		}
	}
	for i, g := range s.Groups {
		f := fmt.Sprintf("groups[%d]", i)
		checkName(add, f+".name", g.Name, "samarbejdet")
		if len(g.Members) < 2 {
			add(f+".members", "et samarbejde skal have mindst to kommuner")
		}
		seen := map[string]bool{}
		for j, c := range g.Members {
			switch {
			case !known[c]:
				add(fmt.Sprintf("%s.members[%d]", f, j), "kommunekoden %q findes ikke", c)
			case seen[c]:
				add(fmt.Sprintf("%s.members[%d]", f, j), "kommune %s står flere gange i samarbejdet", c)
			}
			seen[c] = true
		}
	}
	seen := map[string]bool{}
	for i, m := range s.Municipalities {
		f := fmt.Sprintf("municipalities[%d]", i)
		switch {
		case !known[m.Code]:
			add(f+".code", "kommunekoden %q findes ikke", m.Code)
		case seen[m.Code]:
			add(f+".code", "kommune %s står flere gange", m.Code)
		}
		seen[m.Code] = true
		if m.FixedWave != 0 && !numbers[m.FixedWave] {
			add(f+".fixed_wave", "bølge %d findes ikke", m.FixedWave)
		}
		checkWaveList(add, f+".preferred", m.Preferred, numbers)
		checkWaveList(add, f+".excluded", m.Excluded, numbers)
		if utf8.RuneCountInString(m.Note) > maxWaveNote {
			add(f+".note", "noten er for lang (højst %d tegn)", maxWaveNote)
		}
	}
	if s.HypercareTeams < 1 {
		add("hypercare_teams", "der skal være mindst ét hypercare-team")
	}
	if s.TeamCapacity < 0 {
		add("team_capacity", "et teams kapacitet kan ikke være negativ (0 betyder ubegrænset)")
	}
	if !waves.PilotRule(s.PilotRule).Valid() {
		add("pilot_rule", "reglen for samarbejder med pilotkommuner skal være tom (afvis), join (hele samarbejdet går med som pilot) eller leave (pilotkommunen går alene) (er %q)", s.PilotRule)
	}
	if s.TrainingParallel < 1 {
		add("training_parallel", "der skal kunne være mindst én kommune i uddannelse ad gangen")
	}
	if s.TrainingWindow.Before < 1 {
		add("training_window.before", "uddannelsen skal begynde mindst én dag før go-live")
	}
	if s.TrainingWindow.After < -s.TrainingWindow.Before {
		add("training_window.after", "uddannelsen skal slutte efter den begynder")
	}
	if sc := s.SizeClasses; sc != (SizeLimits{}) {
		if sc.MediumFrom <= 0 {
			add("size_classes.medium_from", "skal være et positivt indbyggertal (eller begge 0 for tredjedele)")
		}
		if sc.LargeFrom <= sc.MediumFrom {
			add("size_classes.large_from", "skal være større end grænsen for mellemstore (%d)", sc.MediumFrom)
		}
	}
	return fe
}

func checkName(add func(string, string, ...any), field, name, what string) {
	switch {
	case name == "":
		add(field, "%s skal have et navn", what)
	case utf8.RuneCountInString(name) > maxWaveName:
		add(field, "navnet er for langt (højst %d tegn)", maxWaveName)
	}
}

func checkWaveList(add func(string, string, ...any), field string, ns []int, numbers map[int]bool) {
	seen := map[int]bool{}
	for j, n := range ns {
		switch {
		case !numbers[n]:
			add(fmt.Sprintf("%s[%d]", field, j), "bølge %d findes ikke", n)
		case seen[n]:
			add(fmt.Sprintf("%s[%d]", field, j), "bølge %d står flere gange", n)
		}
		seen[n] = true
	}
}

func (s *WaveSetup) row(programmeID int64, actor string) store.WaveSetup {
	r := store.WaveSetup{ProgrammeID: programmeID, HypercareTeams: s.HypercareTeams, TeamCapacity: s.TeamCapacity,
		RolloutBefore: s.RolloutWindow.Before, RolloutAfter: s.RolloutWindow.After, TrainingParallel: s.TrainingParallel,
		TrainingBefore: s.TrainingWindow.Before, TrainingAfter: s.TrainingWindow.After,
		MediumFrom: s.SizeClasses.MediumFrom, LargeFrom: s.SizeClasses.LargeFrom, PilotRule: s.PilotRule, OwnBlackouts: s.OwnBlackouts,
		UpdatedBy: actor}
	for _, w := range s.Waves {
		r.Waves = append(r.Waves, store.WaveRow{Number: w.Number, Kind: w.Kind, GoLive: w.GoLive, Capacity: w.Capacity,
			MaxPopulation: w.MaxPopulation, MaxInstitutions: w.MaxInstitutions})
	}
	for _, b := range s.Blackouts {
		r.Blackouts = append(r.Blackouts, store.BlackoutRow{Name: b.Name, From: b.From, To: b.To})
	}
	for _, g := range s.Groups {
		r.Groups = append(r.Groups, store.GroupRow{Name: g.Name, Members: g.Members})
	}
	for _, m := range s.Municipalities {
		r.Municipalities = append(r.Municipalities, store.WaveMunicipalityRow{Code: m.Code, FixedWave: m.FixedWave,
			Preferred: m.Preferred, Excluded: m.Excluded, PurchasedTraining: m.PurchasedTraining, Note: m.Note})
	}
	return r
}

// problem turns a setup and the municipalities into the optimiser's input.
func (s *WaveSetup) problem(cands []WaveCandidate) waves.Problem {
	p := waves.Problem{
		Fixed:            map[string]int{},
		HypercareTeams:   s.HypercareTeams,
		TeamCapacity:     s.TeamCapacity,
		RolloutWindow:    waves.HypercareWindow, // the one definition, shared with hypercare assignment
		TrainingParallel: s.TrainingParallel,
		TrainingWindow:   waves.Window{Before: s.TrainingWindow.Before, After: s.TrainingWindow.After},
		SizeClasses:      waves.SizeClasses{MediumFrom: s.SizeClasses.MediumFrom, LargeFrom: s.SizeClasses.LargeFrom},
		PilotGroups:      waves.PilotRule(s.PilotRule),
		OwnBlackouts:     s.OwnBlackouts,
	}
	trained := map[string]bool{}
	for _, m := range s.Municipalities {
		if m.FixedWave != 0 {
			p.Fixed[m.Code] = m.FixedWave
		}
		if len(m.Preferred) > 0 || len(m.Excluded) > 0 {
			p.Wishes = append(p.Wishes, waves.Wish{Code: m.Code, Preferred: m.Preferred, Excluded: m.Excluded})
		}
		trained[m.Code] = m.PurchasedTraining
	}
	for _, c := range cands {
		p.Municipalities = append(p.Municipalities, waves.Municipality{Code: c.Code, Name: c.Name, Region: c.Region,
			Population: c.Population, Institutions: c.Institutions, PurchasedTraining: trained[c.Code]})
	}
	for _, w := range s.Waves {
		p.Waves = append(p.Waves, waves.Wave{Number: w.Number, Kind: w.Kind, GoLive: w.GoLive, Capacity: w.Capacity,
			MaxPopulation: w.MaxPopulation, MaxInstitutions: w.MaxInstitutions})
	}
	for _, b := range s.Blackouts {
		p.Blackouts = append(p.Blackouts, waves.Period{From: b.From, To: b.To, Name: b.Name})
	}
	for _, g := range s.Groups {
		p.Groups = append(p.Groups, slices.Clone(g.Members))
	}
	return p
}

func validateWaveProblem(p waves.Problem) []WaveIssue {
	out := []WaveIssue{}
	for _, is := range waves.Validate(p) {
		out = append(out, WaveIssue{Kind: is.Kind, Constraints: append([]string{}, is.Constraints...), Message: is.Message})
	}
	return out
}

// StandardBlackouts returns the KSD blackout periods (seed 003 §5.5) for the
// years from–to: the summer holiday (ISO weeks 27–32) and week 52 to week 7,
// named in Danish.
func StandardBlackouts(from, to int) []WaveBlackout {
	var out []WaveBlackout
	for _, p := range waves.StandardBlackouts(from, to) {
		out = append(out, WaveBlackout{Name: p.Name, From: p.From, To: p.To})
	}
	return out
}

// hypercareDays is waves.HypercareWindow as the setup shows it (read-only).
func hypercareDays() DayWindow {
	return DayWindow{waves.HypercareWindow.Before, waves.HypercareWindow.After}
}

// goLiveRule returns a programme's rule for go-live dates: its setup's
// blackout periods and, unless it names its own, the standard ones. A
// programme without a setup gets the standard ones (waves.GoLiveRule).
func goLiveRule(ctx context.Context, tx *store.Tx, programmeID int64) (waves.GoLiveRule, error) {
	row, err := tx.WaveSetup(ctx, programmeID)
	if errors.Is(err, store.ErrNotFound) {
		return waves.GoLiveRule{}, nil
	}
	if err != nil {
		return waves.GoLiveRule{}, err
	}
	r := waves.GoLiveRule{OwnPeriods: row.OwnBlackouts}
	for _, b := range row.Blackouts {
		r.Periods = append(r.Periods, waves.Period{From: b.From, To: b.To, Name: b.Name})
	}
	return r, nil
}

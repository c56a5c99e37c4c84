package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/waves"
)

// HypercareWindow is the stretch in which a hypercare team is busy with a
// municipality going live on golive. It is waves.HypercareWindow, the one
// definition the wave optimizer uses too, so a wave plan the optimizer finds
// feasible with n teams can be staffed with n teams here.
func (a *HypercareService) HypercareWindow(golive model.Date) (from, to model.Date) {
	return waves.HypercareWindow.Span(golive)
}

// assignedTeams returns the team of every assigned plan and the team names.
func (a *HypercareService) assignedTeams(ctx context.Context, tx *store.Tx) (map[int64]int64, map[int64]string, error) {
	as, err := tx.HypercareAssignments(ctx)
	if err != nil {
		return nil, nil, err
	}
	teams, err := tx.HypercareTeams(ctx)
	if err != nil {
		return nil, nil, err
	}
	byPlan := make(map[int64]int64, len(as))
	for _, x := range as {
		byPlan[x.PlanID] = x.TeamID
	}
	names := make(map[int64]string, len(teams))
	for _, t := range teams {
		names[t.ID] = t.Name
	}
	return byPlan, names, nil
}

// Rollout is one team's watch over a wave of a programme: the municipalities
// it is assigned, and the window from the earliest start to the latest end
// of theirs. Municipalities of one wave go live together and are one
// rollout (udrulning) for the team; a plan in wave 0 is a rollout of its own.
type Rollout struct {
	Programme      string                `json:"programme"`
	ProgrammeName  string                `json:"programme_name"`
	Wave           int                   `json:"wave"`
	WaveNames      model.WaveNames       `json:"-"` // the programme's, for pages
	From           model.Date            `json:"from"`
	To             model.Date            `json:"to"`
	Active         bool                  `json:"active"` // the window holds asof
	Municipalities []RolloutMunicipality `json:"municipalities"`
	Conflicts      []string              `json:"conflicts,omitempty"` // overlapping rollouts of the same team
}

// RolloutMunicipality is a municipality in a rollout, with its own window.
type RolloutMunicipality struct {
	Code   string     `json:"code"`
	Name   string     `json:"name"`
	GoLive model.Date `json:"golive"`
	From   model.Date `json:"from"`
	To     model.Date `json:"to"`
}

func (r Rollout) label() string {
	if r.Wave == 0 {
		return fmt.Sprintf("%s, %s (uden bølge)", r.ProgrammeName, r.Municipalities[0].Name)
	}
	return fmt.Sprintf("%s, %s", r.ProgrammeName, r.WaveNames.Label(r.Wave))
}

func (r Rollout) describe() string {
	var names []string
	for i, m := range r.Municipalities {
		if i == 3 {
			names = append(names, fmt.Sprintf("og %d flere", len(r.Municipalities)-3))
			break
		}
		names = append(names, m.Name)
	}
	return fmt.Sprintf("%s (%s) %s–%s", r.label(), strings.Join(names, ", "), r.From.Danish(), r.To.Danish())
}

type rolloutKey struct {
	programme int64
	wave      int
	plan      int64 // wave 0: each plan alone
}

// rollouts groups assigned plans into rollouts per team.
func (a *HypercareService) rollouts(plans map[int64]planWithProg, planIDs []int64, asof model.Date) []Rollout {
	index := map[rolloutKey]int{}
	var out []Rollout
	for _, id := range planIDs {
		p := plans[id]
		k := rolloutKey{programme: p.prog.ID, wave: p.Wave}
		if p.Wave == 0 {
			k.plan = p.ID
		}
		from, to := a.HypercareWindow(p.GoLive)
		i, ok := index[k]
		if !ok {
			out = append(out, Rollout{Programme: p.prog.Key, ProgrammeName: p.prog.Name, Wave: p.Wave, WaveNames: p.prog.Waves, From: from, To: to})
			i = len(out) - 1
			index[k] = i
		}
		r := &out[i]
		r.From, r.To = min(r.From, from), max(r.To, to)
		r.Municipalities = append(r.Municipalities, RolloutMunicipality{Code: p.Municipality.Code, Name: p.Municipality.Name, GoLive: p.GoLive, From: from, To: to})
	}
	for i := range out {
		out[i].Active = out[i].From <= asof && asof <= out[i].To
		for j := range out {
			if i != j && out[i].From <= out[j].To && out[j].From <= out[i].To {
				out[i].Conflicts = append(out[i].Conflicts, out[j].describe())
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].From < out[j].From })
	return out
}

type planWithProg struct {
	store.Plan
	prog catalogue.Programme
}

func allPlans(ctx context.Context, tx *store.Tx) (map[int64]planWithProg, error) {
	progs, err := tx.Programmes(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int64]catalogue.Programme{}
	for _, p := range progs {
		byID[p.ID] = p
	}
	plans, err := tx.AllPlans(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]planWithProg, len(plans))
	for _, p := range plans {
		out[p.ID] = planWithProg{Plan: p, prog: byID[p.ProgrammeID]}
	}
	return out, nil
}

// HypercareTeamView is a team with its rollouts.
type HypercareTeamView struct {
	model.HypercareTeam
	Rollouts []Rollout `json:"rollouts"`
}

// HypercareView lists the teams and what they watch as of a date.
type HypercareView struct {
	Asof  model.Date          `json:"asof"`
	Teams []HypercareTeamView `json:"teams"`
}

// Hypercare returns every team with its members and rollouts as of asof.
// Rollouts that overlap (possible when a go-live moved after assignment)
// name their conflicts.
func (a *HypercareService) Hypercare(ctx context.Context, by *Identity, asof model.Date) (*HypercareView, error) {
	if err := checkNational(by); err != nil {
		return nil, err
	}
	v := &HypercareView{Asof: asof, Teams: []HypercareTeamView{}}
	err := a.read(ctx, func(tx *store.Tx) error {
		teams, err := tx.HypercareTeams(ctx)
		if err != nil {
			return err
		}
		as, err := tx.HypercareAssignments(ctx)
		if err != nil {
			return err
		}
		plans, err := allPlans(ctx, tx)
		if err != nil {
			return err
		}
		byTeam := map[int64][]int64{}
		for _, x := range as {
			byTeam[x.TeamID] = append(byTeam[x.TeamID], x.PlanID)
		}
		for _, t := range teams {
			v.Teams = append(v.Teams, HypercareTeamView{HypercareTeam: t, Rollouts: nonNil(a.rollouts(plans, byTeam[t.ID], asof))})
		}
		return nil
	})
	return v, err
}

func cleanText(field, label string, s string, required bool, max int) (string, error) {
	s = strings.TrimSpace(s)
	if required && s == "" {
		return "", invalidField(field, "%s mangler", label)
	}
	if utf8.RuneCountInString(s) > max {
		return "", invalidField(field, "%s er for lang (højst %d tegn)", label, max)
	}
	return s, nil
}

// HypercareTeamInput creates a team.
type HypercareTeamInput struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// CreateHypercareTeam creates a team.
func (a *HypercareService) CreateHypercareTeam(ctx context.Context, by *Identity, in HypercareTeamInput) (model.HypercareTeam, error) {
	var t model.HypercareTeam
	if err := checkFollowUp(by); err != nil {
		return t, err
	}
	name, err := cleanText("name", "teamets navn", in.Name, true, 100)
	if err != nil {
		return t, err
	}
	desc, err := cleanText("description", "beskrivelsen", in.Description, false, 2000)
	if err != nil {
		return t, err
	}
	t = model.HypercareTeam{Name: name, Description: desc, CreatedBy: actorOf(by), Members: []model.HypercareMember{}}
	err = a.write(ctx, func(tx *store.Tx) error {
		if err := tx.InsertHypercareTeam(ctx, &t); errors.Is(err, store.ErrDuplicate) {
			return &Error{Code: CodeConflict, Field: "name", Message: fmt.Sprintf("der findes allerede et hypercareteam ved navn %q", name)}
		} else {
			return err
		}
	})
	return t, err
}

// HypercareMemberInput adds a person to a team.
type HypercareMemberInput struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Role  string `json:"role"` // e.g. projektleder, arkitekt, test, drift
}

// AddHypercareMember adds a person to a team.
func (a *HypercareService) AddHypercareMember(ctx context.Context, by *Identity, teamID int64, in HypercareMemberInput) (model.HypercareMember, error) {
	var m model.HypercareMember
	if err := checkFollowUp(by); err != nil {
		return m, err
	}
	name, err := cleanText("name", "navnet", in.Name, true, 200)
	if err != nil {
		return m, err
	}
	role, err := cleanText("role", "rollen", in.Role, false, 100)
	if err != nil {
		return m, err
	}
	email := strings.TrimSpace(in.Email)
	if email != "" {
		if email, err = cleanEmail(email); err != nil {
			return m, invalidField("email", "%q er ikke en gyldig e-mailadresse", in.Email)
		}
	}
	m = model.HypercareMember{Name: name, Email: email, Role: role}
	err = a.write(ctx, func(tx *store.Tx) error {
		if err := tx.LockHypercareTeam(ctx, teamID); errors.Is(err, store.ErrNotFound) {
			return notFound("hypercareteam %d findes ikke", teamID)
		} else if err != nil {
			return err
		}
		if err := tx.AddHypercareMember(ctx, teamID, &m); errors.Is(err, store.ErrDuplicate) {
			return &Error{Code: CodeConflict, Field: "name", Message: fmt.Sprintf("%s er allerede på teamet", name)}
		} else {
			return err
		}
	})
	return m, err
}

// RemoveHypercareMember takes a person off a team.
func (a *HypercareService) RemoveHypercareMember(ctx context.Context, by *Identity, teamID, memberID int64) error {
	if err := checkFollowUp(by); err != nil {
		return err
	}
	return a.write(ctx, func(tx *store.Tx) error {
		if err := tx.RemoveHypercareMember(ctx, teamID, memberID); errors.Is(err, store.ErrNotFound) {
			return notFound("hypercareteam %d har ingen deltager %d", teamID, memberID)
		} else {
			return err
		}
	})
}

// AssignHypercare assigns municipalities of a programme to a team for their
// rollout windows, all or none. It is refused, naming the conflict, if it
// would put the team on two overlapping rollouts (seed 003 §7.4: a team is
// never allocated to overlapping rollouts); municipalities of the same wave
// are one rollout. A municipality assigned to another team moves.
func (a *HypercareService) AssignHypercare(ctx context.Context, by *Identity, teamID int64, programmeKey string, codes []string) (*HypercareTeamView, error) {
	if err := checkFollowUp(by); err != nil {
		return nil, err
	}
	if len(codes) == 0 {
		return nil, invalidField("municipalities", "angiv mindst én kommune")
	}
	var v *HypercareTeamView
	err := a.write(ctx, func(tx *store.Tx) error {
		if err := tx.LockHypercareTeam(ctx, teamID); errors.Is(err, store.ErrNotFound) {
			return notFound("hypercareteam %d findes ikke", teamID)
		} else if err != nil {
			return err
		}
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		plans, err := allPlans(ctx, tx)
		if err != nil {
			return err
		}
		assigned, names, err := a.assignedTeams(ctx, tx)
		if err != nil {
			return err
		}
		var current, adding []int64
		for id, t := range assigned {
			if t == teamID {
				current = append(current, id)
			}
		}
		for i, code := range codes {
			muni, err := a.municipality(ctx, tx, strings.TrimSpace(code))
			if err != nil {
				var ae *Error
				if errors.As(err, &ae) {
					ae.Field = fmt.Sprintf("municipalities[%d]", i)
				}
				return err
			}
			p, err := tx.PlanOf(ctx, prog.ID, muni.ID)
			if errors.Is(err, store.ErrNotFound) {
				return &Error{Code: CodeInvalid, Field: fmt.Sprintf("municipalities[%d]", i),
					Message: fmt.Sprintf("kommune %s (%s) er ikke tilmeldt programmet %q", muni.Code, muni.Name, prog.Key)}
			} else if err != nil {
				return err
			}
			if !slices.Contains(current, p.ID) && !slices.Contains(adding, p.ID) {
				adding = append(adding, p.ID)
			}
		}
		slices.Sort(current)
		before := a.rollouts(plans, current, a.Today())
		after := a.rollouts(plans, append(slices.Clone(current), adding...), a.Today())
		for _, r := range after {
			if len(r.Conflicts) == 0 {
				continue
			}
			// Only conflicts the assignment causes are refused.
			was := false
			for _, b := range before {
				if b.Programme == r.Programme && b.Wave == r.Wave && b.label() == r.label() && len(b.Conflicts) > 0 {
					was = true
				}
			}
			if !was {
				return &Error{Code: CodeConflict, Field: "municipalities", Message: fmt.Sprintf(
					"hypercareteamet %q kan ikke være på to overlappende udrulninger: %s overlapper %s",
					names[teamID], r.describe(), strings.Join(r.Conflicts, "; "))}
			}
		}
		for _, id := range adding {
			if err := tx.AssignHypercare(ctx, id, teamID, actorOf(by)); err != nil {
				return err
			}
		}
		teams, err := tx.HypercareTeams(ctx)
		if err != nil {
			return err
		}
		for _, t := range teams {
			if t.ID == teamID {
				v = &HypercareTeamView{HypercareTeam: t, Rollouts: nonNil(after)}
			}
		}
		return nil
	})
	return v, err
}

// UnassignHypercare ends a municipality's hypercare assignment in a programme.
func (a *HypercareService) UnassignHypercare(ctx context.Context, by *Identity, programmeKey, code string) error {
	if err := checkFollowUp(by); err != nil {
		return err
	}
	return a.write(ctx, func(tx *store.Tx) error {
		plan, err := a.planOf(ctx, tx, programmeKey, code)
		if err != nil {
			return err
		}
		if err := tx.UnassignHypercare(ctx, plan.ID); errors.Is(err, store.ErrNotFound) {
			return notFound("kommune %s har intet hypercareteam i programmet %q", code, programmeKey)
		} else {
			return err
		}
	})
}

// IncidentInput logs or changes an incident. OpenedAt defaults to now;
// ResolvedAt defaults to now when the status becomes loest.
type IncidentInput struct {
	OpenedAt    time.Time              `json:"opened_at,omitzero"`
	Category    model.IncidentCategory `json:"category"`
	Severity    model.IncidentSeverity `json:"severity"`
	Status      model.IncidentStatus   `json:"status"`
	Title       string                 `json:"title"`
	Description string                 `json:"description"`
	Resolution  string                 `json:"resolution"`
	ResolvedAt  time.Time              `json:"resolved_at,omitzero"`
	Version     int                    `json:"version,omitempty"` // required when changing
}

// IncidentView is an incident with its municipality and time to resolve.
type IncidentView struct {
	model.Incident
	Programme        string  `json:"programme"`
	Municipality     string  `json:"municipality"`
	MunicipalityName string  `json:"municipality_name"`
	Wave             int     `json:"wave"`
	Team             string  `json:"hypercare_team,omitempty"`
	HoursToResolve   float64 `json:"hours_to_resolve,omitempty"`
}

func (a *HypercareService) checkIncident(in *IncidentInput) error {
	var err error
	if !model.IncidentCategories.Valid(in.Category) {
		return invalidField("category", "ukendt kategori %q (kategorier: %s)", in.Category, strings.Join(model.IncidentCategories.Strings(), ", "))
	}
	if !model.IncidentSeverities.Valid(in.Severity) {
		return invalidField("severity", "ukendt alvorlighed %q (brug %s)", in.Severity, strings.Join(model.IncidentSeverities.Strings(), ", "))
	}
	if in.Status == "" {
		in.Status = model.IncidentOpen
	}
	if !model.IncidentStatuses.Valid(in.Status) {
		return invalidField("status", "ukendt status %q (brug %s)", in.Status, strings.Join(model.IncidentStatuses.Strings(), ", "))
	}
	if in.Title, err = cleanText("title", "titlen", in.Title, true, 200); err != nil {
		return err
	}
	if in.Description, err = cleanText("description", "beskrivelsen", in.Description, false, 10000); err != nil {
		return err
	}
	if in.Resolution, err = cleanText("resolution", "løsningen", in.Resolution, false, 10000); err != nil {
		return err
	}
	now := a.now().UTC()
	if in.OpenedAt.IsZero() {
		in.OpenedAt = now
	}
	if in.OpenedAt.After(now.Add(time.Minute)) {
		return invalidField("opened_at", "hændelsen kan ikke være åbnet i fremtiden")
	}
	if in.Status == model.IncidentSolved {
		if in.Resolution == "" {
			return invalidField("resolution", "beskriv løsningen, når hændelsen er løst")
		}
		if in.ResolvedAt.IsZero() {
			in.ResolvedAt = now
		}
		if in.ResolvedAt.Before(in.OpenedAt) {
			return invalidField("resolved_at", "hændelsen kan ikke være løst, før den blev åbnet")
		}
	} else {
		in.ResolvedAt = time.Time{}
	}
	return nil
}

// IncidentMunicipality returns the id of the municipality an incident
// belongs to, for the route guard of the routes that name an incident by
// id; ok is false when there is no such incident (the handler answers 404).
func (a *HypercareService) IncidentMunicipality(ctx context.Context, id int64) (int64, bool, error) {
	var mid int64
	err := a.read(ctx, func(tx *store.Tx) error {
		x, err := tx.IncidentByID(ctx, id)
		if err != nil {
			return err
		}
		p, err := tx.PlanByID(ctx, x.PlanID)
		mid = p.Municipality.ID
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return 0, false, nil
	}
	return mid, err == nil, err
}

// checkIncidentWriter refuses, before anything is read, a caller who may
// write no municipality's incidents (access.WriteIncident: the follow-up
// staff anywhere, a project lead in their own municipality).
func checkIncidentWriter(by *Identity) error {
	return allow(by, func(s access.Subject) bool { return access.WriteIncident(s, s.MunicipalityID) }, access.RefuseIncident)
}

// LogIncident logs an incident in a municipality's go-live, with the team
// that watches it.
func (a *HypercareService) LogIncident(ctx context.Context, by *Identity, programmeKey, code string, in IncidentInput) (IncidentView, error) {
	var v IncidentView
	if err := checkIncidentWriter(by); err != nil {
		return v, err
	}
	if err := a.checkIncident(&in); err != nil {
		return v, err
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		plan, err := a.planOf(ctx, tx, programmeKey, code)
		if err != nil {
			return err
		}
		if err := allow(by, func(s access.Subject) bool { return access.WriteIncident(s, plan.Municipality.ID) }, access.RefuseIncident); err != nil {
			return err
		}
		assigned, _, err := a.assignedTeams(ctx, tx)
		if err != nil {
			return err
		}
		x := model.Incident{PlanID: plan.ID, TeamID: assigned[plan.ID], OpenedAt: in.OpenedAt, Category: in.Category, Severity: in.Severity,
			Status: in.Status, Title: in.Title, Description: in.Description, Resolution: in.Resolution, ResolvedAt: in.ResolvedAt, CreatedBy: actorOf(by)}
		if err := tx.InsertIncident(ctx, &x); err != nil {
			return err
		}
		v, err = a.incidentView(ctx, tx, x)
		return err
	})
	return v, err
}

// UpdateIncident changes an incident (its status, resolution, …) if it is
// still at the version sent.
func (a *HypercareService) UpdateIncident(ctx context.Context, by *Identity, id int64, in IncidentInput) (IncidentView, error) {
	var v IncidentView
	if err := checkIncidentWriter(by); err != nil {
		return v, err
	}
	if in.Version <= 0 {
		return v, invalidField("version", "version mangler: send den version af hændelsen, du har set")
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		x, err := tx.IncidentByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("hændelse %d findes ikke", id)
		} else if err != nil {
			return err
		}
		plan, err := tx.PlanByID(ctx, x.PlanID)
		if err != nil {
			return err
		}
		if err := allow(by, func(s access.Subject) bool { return access.WriteIncident(s, plan.Municipality.ID) }, access.RefuseIncident); err != nil {
			return err
		}
		in.OpenedAt = x.OpenedAt
		if err := a.checkIncident(&in); err != nil {
			return err
		}
		if x.Status == model.IncidentSolved && in.Status == model.IncidentSolved && !x.ResolvedAt.IsZero() && in.ResolvedAt.Sub(x.ResolvedAt).Abs() < time.Minute {
			in.ResolvedAt = x.ResolvedAt // a resolved incident keeps its time when edited
		}
		x.Category, x.Severity, x.Status, x.Title, x.Description, x.Resolution, x.ResolvedAt =
			in.Category, in.Severity, in.Status, in.Title, in.Description, in.Resolution, in.ResolvedAt
		x.Version = in.Version
		if err := tx.UpdateIncident(ctx, &x, actorOf(by)); errors.Is(err, store.ErrConflict) {
			return &Error{Code: CodeConflict, Field: "version", Message: fmt.Sprintf("hændelse %d er ændret af en anden siden du hentede den; hent den igen", id)}
		} else if err != nil {
			return err
		}
		v, err = a.incidentView(ctx, tx, x)
		return err
	})
	return v, err
}

func (a *HypercareService) incidentView(ctx context.Context, tx *store.Tx, x model.Incident) (IncidentView, error) {
	plans, err := allPlans(ctx, tx)
	if err != nil {
		return IncidentView{}, err
	}
	_, names, err := a.assignedTeams(ctx, tx)
	if err != nil {
		return IncidentView{}, err
	}
	return incidentViewOf(x, plans[x.PlanID], names), nil
}

func incidentViewOf(x model.Incident, p planWithProg, teams map[int64]string) IncidentView {
	v := IncidentView{Incident: x, Programme: p.prog.Key, Municipality: p.Municipality.Code, MunicipalityName: p.Municipality.Name,
		Wave: p.Wave, Team: teams[x.TeamID]}
	if x.Status == model.IncidentSolved && !x.ResolvedAt.IsZero() {
		v.HoursToResolve = roundHours(x.ResolvedAt.Sub(x.OpenedAt))
	}
	return v
}

func roundHours(d time.Duration) float64 { return float64(int64(d.Hours()*10+0.5)) / 10 }

// Incidents lists a municipality's incidents in a programme, newest first.
func (a *HypercareService) Incidents(ctx context.Context, by *Identity, programmeKey, code string) ([]IncidentView, error) {
	if err := a.allowMunicipality(ctx, by, code); err != nil {
		return nil, err
	}
	out := []IncidentView{}
	err := a.read(ctx, func(tx *store.Tx) error {
		plan, err := a.planOf(ctx, tx, programmeKey, code)
		if err != nil {
			return err
		}
		xs, err := tx.Incidents(ctx, plan.ID)
		if err != nil {
			return err
		}
		plans, err := allPlans(ctx, tx)
		if err != nil {
			return err
		}
		_, names, err := a.assignedTeams(ctx, tx)
		if err != nil {
			return err
		}
		for _, x := range xs {
			out = append(out, incidentViewOf(x, plans[x.PlanID], names))
		}
		return nil
	})
	return out, err
}

// WaveIncidents sums up one wave's incidents for lessons learned.
type WaveIncidents struct {
	Wave            int            `json:"wave"`
	Municipalities  int            `json:"municipalities"`
	FirstGoLive     model.Date     `json:"first_golive"`
	LastGoLive      model.Date     `json:"last_golive"`
	Incidents       int            `json:"incidents"`
	Open            int            `json:"open"`
	ByCategory      map[string]int `json:"by_category"`
	BySeverity      map[string]int `json:"by_severity"`
	MedianHours     float64        `json:"median_hours_to_resolve"`
	MeanHours       float64        `json:"mean_hours_to_resolve"`
	LongestOpen     []IncidentView `json:"unresolved"` // still open, oldest first
	Lessons         string         `json:"lessons"`
	LessonsBy       string         `json:"lessons_by,omitempty"`
	LessonsAt       time.Time      `json:"lessons_at,omitzero"`
	TopCategories   []string       `json:"top_categories"` // most frequent first
	CriticalOrHigh  int            `json:"critical_or_high"`
	Resolved        int            `json:"resolved"`
	MunicipalityMax string         `json:"most_incidents,omitempty"` // the municipality with the most incidents
}

// HypercareSummary returns a programme's incidents summed up per wave, with
// the lessons learned written for each, for the next waves to use.
func (a *HypercareService) HypercareSummary(ctx context.Context, by *Identity, programmeKey string) ([]WaveIncidents, error) {
	if err := checkNational(by); err != nil {
		return nil, err
	}
	out := []WaveIncidents{}
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plans, err := a.programmePlans(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		lessons, err := tx.Lessons(ctx, prog.ID)
		if err != nil {
			return err
		}
		ids := make([]int64, len(plans))
		for i, p := range plans {
			ids[i] = p.ID
		}
		var xs []model.Incident
		if len(ids) > 0 {
			if xs, err = tx.Incidents(ctx, ids...); err != nil {
				return err
			}
		}
		all, err := allPlans(ctx, tx)
		if err != nil {
			return err
		}
		_, names, err := a.assignedTeams(ctx, tx)
		if err != nil {
			return err
		}
		waves := map[int]*WaveIncidents{}
		var order []int
		hours := map[int][]float64{}
		perMuni := map[int]map[string]int{}
		for _, p := range plans {
			if p.Wave == 0 {
				continue // in no wave: no wave's hypercare, register or lessons
			}
			w := waves[p.Wave]
			if w == nil {
				w = &WaveIncidents{Wave: p.Wave, FirstGoLive: p.GoLive, LastGoLive: p.GoLive, ByCategory: map[string]int{}, BySeverity: map[string]int{},
					LongestOpen: []IncidentView{}, TopCategories: []string{}}
				waves[p.Wave] = w
				order = append(order, p.Wave)
				perMuni[p.Wave] = map[string]int{}
			}
			w.Municipalities++
			w.FirstGoLive, w.LastGoLive = min(w.FirstGoLive, p.GoLive), max(w.LastGoLive, p.GoLive)
		}
		for _, x := range xs {
			p := all[x.PlanID]
			w := waves[p.Wave]
			w.Incidents++
			w.ByCategory[string(x.Category)]++
			w.BySeverity[string(x.Severity)]++
			perMuni[p.Wave][p.Municipality.Name]++
			if x.Severity == "kritisk" || x.Severity == "hoej" {
				w.CriticalOrHigh++
			}
			if x.Status == model.IncidentSolved {
				w.Resolved++
				hours[p.Wave] = append(hours[p.Wave], x.ResolvedAt.Sub(x.OpenedAt).Hours())
			} else {
				w.Open++
				w.LongestOpen = append(w.LongestOpen, incidentViewOf(x, p, names))
			}
		}
		sort.Ints(order)
		for _, n := range order {
			w := waves[n]
			if hs := hours[n]; len(hs) > 0 {
				sort.Float64s(hs)
				sum := 0.0
				for _, h := range hs {
					sum += h
				}
				w.MeanHours = roundHours(time.Duration(sum / float64(len(hs)) * float64(time.Hour)))
				mid := hs[len(hs)/2]
				if len(hs)%2 == 0 {
					mid = (hs[len(hs)/2-1] + hs[len(hs)/2]) / 2
				}
				w.MedianHours = roundHours(time.Duration(mid * float64(time.Hour)))
			}
			for c := range w.ByCategory {
				w.TopCategories = append(w.TopCategories, c)
			}
			sort.Slice(w.TopCategories, func(i, j int) bool {
				a, b := w.TopCategories[i], w.TopCategories[j]
				if w.ByCategory[a] != w.ByCategory[b] {
					return w.ByCategory[a] > w.ByCategory[b]
				}
				return a < b
			})
			best := 0
			for name, k := range perMuni[n] {
				if k > best || (k == best && name < w.MunicipalityMax) {
					best, w.MunicipalityMax = k, name
				}
			}
			sort.Slice(w.LongestOpen, func(i, j int) bool { return w.LongestOpen[i].OpenedAt.Before(w.LongestOpen[j].OpenedAt) })
			if l, ok := lessons[n]; ok {
				w.Lessons, w.LessonsBy, w.LessonsAt = l.Text, l.UpdatedBy, l.UpdatedAt
			}
			out = append(out, *w)
		}
		return nil
	})
	return out, err
}

// SaveLessons writes the lessons learned of a programme's wave.
func (a *HypercareService) SaveLessons(ctx context.Context, by *Identity, programmeKey string, wave int, text string) error {
	if err := checkFollowUp(by); err != nil {
		return err
	}
	text, err := cleanText("text", "erfaringerne", text, true, 20000)
	if err != nil {
		return err
	}
	return a.write(ctx, func(tx *store.Tx) error {
		prog, plans, err := a.programmePlans(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(plans, func(p store.Plan) bool { return p.Wave == wave }) {
			return notFound("programmet %q har ingen bølge %d", prog.Key, wave)
		}
		return tx.SaveLesson(ctx, prog.ID, wave, text, actorOf(by))
	})
}

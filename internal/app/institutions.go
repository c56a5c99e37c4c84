package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/track"
)

// Institutions' own go-lives within their municipality's plan (issue 14,
// docs/institutions.md): an institution goes live on its municipality's
// date for the track unless the municipality (or the centre) gives it a
// date of its own – later within the wave, or earlier as a pilot. Its
// institution-level tasks count back from its own date.

// InstitutionsView is a municipality's institutions in a programme's
// track with their go-lives and the state of their tasks.
type InstitutionsView struct {
	Programme     string             `json:"programme"`
	ProgrammeName string             `json:"programme_name"`
	Municipality  model.Organisation `json:"municipality"`
	Asof          model.Date         `json:"asof"`
	GoLive        model.Date         `json:"golive"` // the municipality's, for the track
	Wave          int                `json:"wave"`
	WaveNames     model.WaveNames    `json:"-"` // the programme's, for pages
	// Track is the programme's institution category (skole, dagtilbud;
	// "" for all); Step and InstitutionStep are seed 001's steps of the
	// municipality and of its institutions in it ("" without a track).
	Track                string     `json:"track"`
	TrackName            string     `json:"track_name"`
	Step                 track.Step `json:"step"`
	StepLabel            string     `json:"step_label"`
	InstitutionStep      track.Step `json:"institution_step"`
	InstitutionStepLabel string     `json:"institution_step_label"`
	// Earliest and Latest bound the dates an institution may take.
	Earliest     model.Date        `json:"earliest"`
	Latest       model.Date        `json:"latest"`
	Pilots       int               `json:"pilots"`
	Institutions []InstitutionView `json:"institutions"`
}

// InstitutionView is one institution's go-live and the state of its tasks.
type InstitutionView struct {
	Code     string     `json:"code"`
	Name     string     `json:"name"`
	Category string     `json:"category"`
	GoLive   model.Date `json:"golive"`
	// Own: the date is the institution's own, not its municipality's;
	// Pilot: it is before the municipality's.
	Own   bool `json:"own"`
	Pilot bool `json:"pilot"`
	// Problem says, in Danish, why an own date no longer fits the
	// municipality's go-live (which moved after it was set); "" if it does.
	Problem string       `json:"problem,omitempty"`
	Version int          `json:"version"`
	SetAt   *time.Time   `json:"set_at,omitempty"`
	SetBy   string       `json:"set_by,omitempty"`
	Tasks   int          `json:"tasks"`
	Counts  model.Counts `json:"counts"`
	Colour  model.Colour `json:"colour"`
}

// InstitutionGoLiveInput sets an institution's own go-live, or with Reset
// puts it back on its municipality's. Version is the version the caller
// saw (InstitutionView.Version; 0 for an institution never given a date).
type InstitutionGoLiveInput struct {
	GoLive  model.Date `json:"golive"`
	Reset   bool       `json:"reset"`
	Version int        `json:"version"`
}

// Institutions lists a municipality's institutions in the programme's
// track with their go-lives, pilots and task colours as of asof.
func (a *PlanService) Institutions(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date) (*InstitutionsView, error) {
	if err := a.allowMunicipality(ctx, by, code); err != nil {
		return nil, err
	}
	var v *InstitutionsView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.planOfCode(ctx, tx, programmeKey, code)
		if err != nil {
			return err
		}
		v, err = a.institutionsOf(ctx, tx, prog, plan, asof)
		return err
	})
	return v, err
}

// InstitutionDetail is one institution's go-live and its tasks, with its
// municipality's track and steps (the view's Institutions holds it alone).
type InstitutionDetail struct {
	InstitutionsView
	Institution InstitutionView `json:"institution"`
	Tasks       []TaskView      `json:"tasks"`
	// Schedule is the institution's go-live in the plan's schedule: its
	// forecast, kritisk vej and each of its tasks' float.
	Schedule InstitutionSchedule `json:"schedule"`
}

// Institution returns one institution of the municipality in the
// programme's track with its go-live and its tasks as of asof.
func (a *PlanService) Institution(ctx context.Context, by *Identity, programmeKey, code, institution string, asof model.Date) (*InstitutionDetail, error) {
	if err := a.allowMunicipality(ctx, by, code); err != nil {
		return nil, err
	}
	var d *InstitutionDetail
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.planOfCode(ctx, tx, programmeKey, code)
		if err != nil {
			return err
		}
		v, err := a.institutionsOf(ctx, tx, prog, plan, asof)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(v.Institutions, func(x InstitutionView) bool { return x.Code == institution })
		if i < 0 {
			return notFound("institutionen %q hører ikke til %s i programmets spor", institution, plan.Municipality.Name)
		}
		d = &InstitutionDetail{InstitutionsView: *v, Institution: v.Institutions[i], Tasks: []TaskView{}}
		d.Institutions = v.Institutions[i : i+1]
		inst, err := tx.OrganisationByCode(ctx, model.OrgInstitution, institution)
		if err != nil {
			return err
		}
		xs, err := tx.InstancesOfPlan(ctx, plan.ID)
		if err != nil {
			return err
		}
		warn := a.cal.WarnUntil(asof, prog.WarningDays)
		for _, x := range xs {
			if x.InstitutionID != inst.ID {
				continue
			}
			tv := a.colourTask(x, asof, warn)
			tv.Programme, tv.Municipality, tv.MunicipalityName = prog.Key, plan.Municipality.Code, plan.Municipality.Name
			d.Tasks = append(d.Tasks, tv)
		}
		pd, err := a.loadPlanOf(ctx, tx, prog, plan, asof)
		if err != nil {
			return err
		}
		_, an, err := a.analyseInstances(pd, asof)
		if err != nil {
			return err
		}
		d.Schedule = an.withTasks(pd, an.institution(pd, inst.ID, inst.Name, pd.instGoLive[inst.ID]))
		d.Schedule.Code = inst.Code
		return nil
	})
	return d, err
}

// trackOf fills a plan view's track, steps and institutions' own go-lives.
func (a *PlanService) trackOf(ctx context.Context, tx *store.Tx, prog catalogue.Programme, plan store.Plan, v *PlanView) error {
	v.Track, v.Steps = prog.Institutions, track.StepsLabel(prog.Institutions)
	own, err := tx.OwnGoLivesOfPlan(ctx, plan.ID)
	for _, d := range own {
		v.OwnGoLives++
		if d < plan.GoLive {
			v.Pilots++
		}
	}
	return err
}

// planOfCode finds a programme and a municipality's plan in it.
func (a *PlanService) planOfCode(ctx context.Context, tx *store.Tx, programmeKey, code string) (catalogue.Programme, store.Plan, error) {
	prog, err := a.programme(ctx, tx, programmeKey)
	if err != nil {
		return prog, store.Plan{}, err
	}
	muni, err := a.municipality(ctx, tx, code)
	if err != nil {
		return prog, store.Plan{}, err
	}
	plan, err := tx.PlanOf(ctx, prog.ID, muni.ID)
	if errors.Is(err, store.ErrNotFound) {
		return prog, plan, notFound("kommune %s (%s) er ikke tilmeldt programmet %q", code, muni.Name, programmeKey)
	}
	return prog, plan, err
}

func (a *PlanService) institutionsOf(ctx context.Context, tx *store.Tx, prog catalogue.Programme, plan store.Plan, asof model.Date) (*InstitutionsView, error) {
	insts, err := tx.Institutions(ctx, plan.Municipality.ID, prog.Institutions)
	if err != nil {
		return nil, err
	}
	own, err := tx.InstitutionGoLivesOfPlan(ctx, plan.ID)
	if err != nil {
		return nil, err
	}
	xs, err := tx.InstancesOfPlan(ctx, plan.ID)
	if err != nil {
		return nil, err
	}
	warn := a.cal.WarnUntil(asof, prog.WarningDays)
	type tally struct {
		n      int
		counts model.Counts
	}
	tasks := map[int64]*tally{}
	for _, x := range xs {
		if x.InstitutionID == 0 || x.Withdrawn {
			continue
		}
		t := tasks[x.InstitutionID]
		if t == nil {
			t = &tally{}
			tasks[x.InstitutionID] = t
		}
		t.n++
		t.counts.Add(model.PlanTaskColour(x.Type, x.Status, x.End, plan.EnrolledOn, asof, warn), 1)
	}
	cat := prog.Institutions
	v := &InstitutionsView{Programme: prog.Key, ProgrammeName: prog.Name, Municipality: plan.Municipality, Asof: asof,
		GoLive: plan.GoLive, Wave: plan.Wave, WaveNames: prog.Waves, Track: cat, TrackName: track.TrackName(cat),
		Step: track.StepOf(cat, false), InstitutionStep: track.StepOf(cat, true),
		Earliest: plan.GoLive.AddDays(-track.PilotLeadDays), Latest: plan.GoLive.AddDays(track.WithinWaveDays),
		Institutions: make([]InstitutionView, 0, len(insts))}
	v.StepLabel, v.InstitutionStepLabel = v.Step.Label(), v.InstitutionStep.Label()
	for _, in := range insts {
		iv := InstitutionView{Code: in.Code, Name: in.Name, Category: in.Category, GoLive: plan.GoLive}
		if g, ok := own[in.ID]; ok {
			iv.Version, iv.SetBy = g.Version, g.SetBy
			at := g.SetAt
			iv.SetAt = &at
			if g.Own {
				iv.Own, iv.GoLive = true, g.GoLive
				_, iv.Problem = track.CheckGoLive(a.cal, plan.GoLive, g.GoLive)
				iv.Pilot = g.GoLive < plan.GoLive
			}
		}
		if iv.Pilot {
			v.Pilots++
		}
		if t := tasks[in.ID]; t != nil {
			iv.Tasks, iv.Counts = t.n, t.counts
		}
		iv.Colour = iv.Counts.Colour()
		v.Institutions = append(v.Institutions, iv)
	}
	return v, nil
}

// SetInstitutionGoLive gives an institution of the municipality its own
// go-live in the programme (or with Reset puts it back on the
// municipality's) and re-dates its institution-level tasks that the
// municipality has not moved by hand, each with an entry in its history –
// all in one transaction. The caller must be allowed to change the
// municipality's plan (access.ChangePlan).
func (a *PlanService) SetInstitutionGoLive(ctx context.Context, by *Identity, programmeKey, code, institution string, in InstitutionGoLiveInput) (*InstitutionsView, error) {
	actor := actorOf(by)
	var v *InstitutionsView
	err := a.write(ctx, func(tx *store.Tx) error {
		if err := a.checkMunicipality(ctx, tx, by, code, true); err != nil {
			return err
		}
		prog, plan, err := a.planOfCode(ctx, tx, programmeKey, code)
		if err != nil {
			return err
		}
		inst, err := tx.OrganisationByCode(ctx, model.OrgInstitution, institution)
		if errors.Is(err, store.ErrNotFound) {
			return invalidField("institution", "institutionen %q findes ikke", institution)
		} else if err != nil {
			return err
		}
		if inst.ParentID != plan.Municipality.ID {
			return invalidField("institution", "%s hører ikke til %s", inst.Name, plan.Municipality.Name)
		}
		if prog.Institutions != "" && inst.Category != prog.Institutions {
			return invalidField("institution", "%s er ikke en del af programmets spor (%s)", inst.Name, track.TrackName(prog.Institutions))
		}
		if in.Version < 0 {
			return invalidField("version", "versionen skal være 0 eller derover")
		}
		own, err := tx.InstitutionGoLivesOfPlan(ctx, plan.ID)
		if err != nil {
			return err
		}
		before := plan.GoLive
		if g, ok := own[inst.ID]; ok && g.Own {
			before = g.GoLive
		}
		after := plan.GoLive
		if !in.Reset {
			if _, problem := track.CheckGoLive(a.cal, plan.GoLive, in.GoLive); problem != "" {
				return invalidField("golive", "%s", problem)
			}
			rule, err := goLiveRule(ctx, tx, prog.ID)
			if err != nil {
				return err
			}
			if b, blocked := rule.Blocked(in.GoLive); blocked && in.GoLive != plan.GoLive {
				return invalidField("golive", "%s; programmet tillader det ikke", b.Explain(in.GoLive))
			}
			after = in.GoLive
		}
		if err := tx.SetInstitutionGoLive(ctx, plan.ID, inst.ID, in.Version, !in.Reset, after, actor); err != nil {
			return err
		}
		if err := a.redateInstitution(ctx, tx, prog, plan, inst, before, after, actor); err != nil {
			return err
		}
		v, err = a.institutionsOf(ctx, tx, prog, plan, a.Today())
		return err
	})
	return v, err
}

// redateInstitution moves an institution's task instances from go-live
// before to after: the standard's dates always, the dates in use unless
// the municipality moved the task by hand. Each moved instance gets an
// entry in its history.
func (a *PlanService) redateInstitution(ctx context.Context, tx *store.Tx, prog catalogue.Programme, plan store.Plan, inst model.Organisation, before, after model.Date, actor string) error {
	if before == after {
		return nil
	}
	tasks, err := tx.CatalogueTasks(ctx, prog.ID)
	if err != nil {
		return err
	}
	byID := map[int64]*store.CatalogueTask{}
	for i := range tasks {
		byID[tasks[i].ID] = &tasks[i]
	}
	schedules, err := tx.SchedulesOfPlan(ctx, plan.ID)
	if err != nil {
		return err
	}
	milestones := a.cal.Milestones(&prog.Programme, after)
	pilot := ""
	if after < plan.GoLive {
		pilot = " (pilot)"
	}
	var events []model.StatusEvent
	for _, s := range schedules {
		ct := byID[s.CatalogueTaskID]
		if s.InstitutionID != inst.ID || ct == nil || s.Withdrawn {
			continue
		}
		start, end, err := a.cal.TaskDates(&ct.CatalogueTask, milestones)
		if err != nil {
			return invalidField("golive", "%v", err)
		}
		next := s
		next.PlannedStart, next.PlannedEnd = start, end
		comment := fmt.Sprintf("%s går i drift %s%s i stedet for %s: standardens datoer er nu %s–%s",
			inst.Name, after.Danish(), pilot, before.Danish(), start.Danish(), end.Danish())
		if s.DateOverride {
			comment += "; opgaven er flyttet lokalt og beholder sine datoer"
		} else {
			next.Start, next.End = start, end
		}
		if next == s {
			continue
		}
		if err := tx.UpdateSchedule(ctx, next); err != nil {
			return err
		}
		events = append(events, model.StatusEvent{InstanceID: s.ID, Actor: actor, Kind: EventDates, Comment: comment})
	}
	return tx.AppendEvents(ctx, events)
}

// goLives gives the milestones a plan's task instance counts from: its
// institution's own go-live if it has one, else the plan's.
type goLives struct {
	cal   *calendar.Calendar
	prog  *model.Programme
	plan  map[string]model.Date
	own   map[int64]model.Date
	cache map[model.Date]map[string]model.Date
}

func newGoLives(cal *calendar.Calendar, prog *model.Programme, plan map[string]model.Date, own map[int64]model.Date) *goLives {
	return &goLives{cal: cal, prog: prog, plan: plan, own: own, cache: map[model.Date]map[string]model.Date{}}
}

// of returns the milestones of institution id's instances (0: the
// municipality's).
func (g *goLives) of(institutionID int64) map[string]model.Date {
	d, ok := g.own[institutionID]
	if !ok || institutionID == 0 {
		return g.plan
	}
	m, ok := g.cache[d]
	if !ok {
		m = g.cal.Milestones(g.prog, d)
		g.cache[d] = m
	}
	return m
}

// ownDates re-dates new institution instances whose institution has a
// go-live of its own.
func (a *core) ownDates(news []store.NewInstance, ct *store.CatalogueTask, dates *goLives) error {
	for i := range news {
		if _, ok := dates.own[news[i].InstitutionID]; !ok || news[i].InstitutionID == 0 {
			continue
		}
		start, end, err := a.cal.TaskDates(&ct.CatalogueTask, dates.of(news[i].InstitutionID))
		if err != nil {
			return invalid("%v", err)
		}
		news[i].Start, news[i].End = start, end
	}
	return nil
}

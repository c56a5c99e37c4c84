package app

import (
	"context"
	"errors"
	"strings"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/waves"
)

// Enrolment places a municipality in a programme with its go-live date.
type Enrolment struct {
	Code   string     `json:"code"`
	GoLive model.Date `json:"golive"`
	Wave   int        `json:"wave"`
	// EnrolledOn backdates a new plan's enrolment (the demo's history,
	// where municipalities joined long before today); NoDate is today.
	// Not part of the API: an enrolment happens the day it is made.
	EnrolledOn model.Date `json:"-"`
}

// EnrolResult says what an enrolment did.
type EnrolResult struct {
	Code      string     `json:"code"`
	Name      string     `json:"name"`
	GoLive    model.Date `json:"golive"`
	Wave      int        `json:"wave"`
	Created   bool       `json:"created"`
	Instances int        `json:"instances"`
	Moved     int        `json:"moved"` // instances whose dates moved with a new go-live
}

// Enrol creates the plans of municipalities in a programme, or moves their
// go-live and wave if they are enrolled already, all in one transaction.
// Dates of instances that the municipality moved locally are kept. The
// caller must be allowed to enrol (access.Enrol).
func (a *PlanService) Enrol(ctx context.Context, by *Identity, programmeKey string, es []Enrolment) ([]EnrolResult, error) {
	if err := checkEnrol(by); err != nil {
		return nil, err
	}
	actor := actorOf(by)
	var out []EnrolResult
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		if out, err = a.enrolInTx(ctx, tx, prog, es, actor); err != nil {
			return err
		}
		return finishJob(ctx, tx, out)
	})
	return out, err
}

// enrolInTx is Enrol inside a transaction the caller owns, so that making a
// wave plan final can enrol in the same transaction as its state change.
func (a *PlanService) enrolInTx(ctx context.Context, tx *store.Tx, prog catalogue.Programme, es []Enrolment, actor string) ([]EnrolResult, error) {
	tasks, err := tx.CatalogueTasks(ctx, prog.ID)
	if err != nil {
		return nil, err
	}
	rule, err := goLiveRule(ctx, tx, prog.ID)
	if err != nil {
		return nil, err
	}
	out := make([]EnrolResult, 0, len(es))
	var fresh []store.NewInstance
	for i, e := range es {
		reportProgress(ctx, i, len(es))
		r, news, err := a.enrolOne(ctx, tx, prog, tasks, rule, e, actor)
		if err != nil {
			return nil, err
		}
		fresh = append(fresh, news...)
		out = append(out, r)
	}
	return out, tx.InsertInstances(ctx, fresh)
}

// enrolOne enrols one municipality. A new go-live must be allowed by the
// programme's go-live rule (the one the wave plan follows: by default no
// go-live in the summer holiday nor from week 52 to week 7); a plan whose
// go-live does not change is not checked again.
func (a *PlanService) enrolOne(ctx context.Context, tx *store.Tx, prog catalogue.Programme, tasks []store.CatalogueTask, rule waves.GoLiveRule, e Enrolment, actor string) (EnrolResult, []store.NewInstance, error) {
	r := EnrolResult{Code: e.Code, GoLive: e.GoLive, Wave: e.Wave}
	muni, err := a.municipality(ctx, tx, e.Code)
	if err != nil {
		return r, nil, err
	}
	r.Name = muni.Name
	if e.GoLive == model.NoDate {
		return r, nil, invalid("kommune %s: go-live-dato mangler", e.Code)
	}
	if !a.cal.IsWorkingDay(e.GoLive) {
		return r, nil, invalid("kommune %s: go-live-datoen %s er ikke en arbejdsdag", e.Code, e.GoLive.Danish())
	}
	if e.Wave < 0 || e.Wave > 99 {
		return r, nil, invalid("kommune %s: bølge %d findes ikke (0–99)", e.Code, e.Wave)
	}
	plan, err := tx.PlanOf(ctx, prog.ID, muni.ID)
	if b, blocked := rule.Blocked(e.GoLive); blocked && (err != nil || plan.GoLive != e.GoLive) {
		return r, nil, invalid("kommune %s (%s): %s; programmet tillader det ikke (det kan tillades i bølgeplanens opsætning)", e.Code, muni.Name, b.Explain(e.GoLive))
	}
	if errors.Is(err, store.ErrNotFound) {
		plan = store.Plan{ProgrammeID: prog.ID, Municipality: muni, GoLive: e.GoLive, Wave: e.Wave, CatalogueVersion: prog.CurrentVersion, EnrolledOn: e.EnrolledOn}
		if err := tx.SavePlan(ctx, &plan, actor); err != nil {
			return r, nil, err
		}
		milestones := a.cal.Milestones(&prog.Programme, e.GoLive)
		var fresh []store.NewInstance
		// The municipality's institutions, read once for all the
		// institution tasks (not once per task: 30 tasks × 98 plans were
		// 2,940 queries, BenchmarkEnrol98x150Institutions).
		var insts []model.Organisation
		instsRead := false
		for i := range tasks {
			if tasks[i].WithdrawnVersion != 0 {
				continue
			}
			if tasks[i].Level == model.LevelInstitution && !instsRead {
				if insts, err = tx.Institutions(ctx, plan.Municipality.ID, prog.Institutions); err != nil {
					return r, nil, err
				}
				instsRead = true
			}
			news, err := a.instancesFor(plan, &tasks[i], milestones, insts)
			if err != nil {
				return r, nil, err
			}
			fresh = append(fresh, news...)
		}
		r.Created, r.Instances = true, len(fresh)
		return r, fresh, nil
	}
	if err != nil {
		return r, nil, err
	}
	moved, err := a.reschedule(ctx, tx, prog, tasks, plan, e.GoLive)
	if err != nil {
		return r, nil, err
	}
	plan.GoLive, plan.Wave = e.GoLive, e.Wave
	r.Moved = moved
	return r, nil, tx.SavePlan(ctx, &plan, actor)
}

// reschedule recomputes an existing plan's dates for a new go-live.
func (a *PlanService) reschedule(ctx context.Context, tx *store.Tx, prog catalogue.Programme, tasks []store.CatalogueTask, plan store.Plan, golive model.Date) (int, error) {
	if plan.GoLive == golive {
		return 0, nil
	}
	byID := map[int64]*store.CatalogueTask{}
	for i := range tasks {
		byID[tasks[i].ID] = &tasks[i]
	}
	addOnTasks, err := tx.AddOnTasks(ctx, prog.ID, 0) // ordered add-ons' tasks move with go-live too
	if err != nil {
		return 0, err
	}
	for i := range addOnTasks {
		byID[addOnTasks[i].ID] = &addOnTasks[i].CatalogueTask
	}
	schedules, err := tx.SchedulesOfPlan(ctx, plan.ID)
	if err != nil {
		return 0, err
	}
	// Institutions with a go-live of their own keep it (docs/institutions.md).
	own, err := tx.OwnGoLivesOfPlan(ctx, plan.ID)
	if err != nil {
		return 0, err
	}
	dates := newGoLives(a.cal, &prog.Programme, a.cal.Milestones(&prog.Programme, golive), own)
	moved := 0
	for _, s := range schedules {
		ct := byID[s.CatalogueTaskID]
		start, end, err := a.cal.TaskDates(&ct.CatalogueTask, dates.of(s.InstitutionID))
		if err != nil {
			return 0, invalid("%v (kommune %s)", err, plan.Municipality.Code)
		}
		next := s
		next.PlannedStart, next.PlannedEnd = start, end
		if !s.DateOverride {
			next.Start, next.End = start, end
		}
		if next != s {
			moved++
			if err := tx.UpdateSchedule(ctx, next); err != nil {
				return 0, err
			}
		}
	}
	return moved, nil
}

// newInstances builds the instances of one catalogue task in one plan: one
// for the municipality, or one per institution in the programme's scope.
func (a *PlanService) newInstances(ctx context.Context, tx *store.Tx, prog *model.Programme, plan store.Plan, ct *store.CatalogueTask, milestones map[string]model.Date) ([]store.NewInstance, error) {
	var insts []model.Organisation
	if ct.Level == model.LevelInstitution {
		var err error
		if insts, err = tx.Institutions(ctx, plan.Municipality.ID, prog.Institutions); err != nil {
			return nil, err
		}
	}
	return a.instancesFor(plan, ct, milestones, insts)
}

// instancesFor builds a catalogue task's instances in one plan: one for the
// municipality, or for an institution-level task one per given institution.
func (a *PlanService) instancesFor(plan store.Plan, ct *store.CatalogueTask, milestones map[string]model.Date, insts []model.Organisation) ([]store.NewInstance, error) {
	start, end, err := a.cal.TaskDates(&ct.CatalogueTask, milestones)
	if err != nil {
		return nil, invalid("%v (kommune %s %s)", err, plan.Municipality.Code, plan.Municipality.Name)
	}
	base := store.NewInstance{PlanID: plan.ID, ProgrammeID: plan.ProgrammeID, CatalogueTaskID: ct.ID, Type: ct.Type, Start: start, End: end}
	if ct.Level != model.LevelInstitution {
		return []store.NewInstance{base}, nil
	}
	out := make([]store.NewInstance, len(insts))
	for i, in := range insts {
		out[i] = base
		out[i].InstitutionID = in.ID
	}
	return out, nil
}

var fieldNames = map[string]string{
	"title": "titel", "description": "beskrivelse", "theme": "tema", "main_task": "hovedopgave", "phase": "fase",
	"type": "type", "level": "niveau", "responsible": "ansvarlig", "executor": "udfører", "milestone": "milepæl",
	"start": "startdato", "end": "slutdato", "unit": "enhed", "milestone_offset": "milepælens placering",
	"checkpoint": "kontrolpunkt", "readiness_round": "runde i parathedsundersøgelsen", "depends_on": "afhængigheder",
}

// fieldLabels names changed catalogue fields in Danish.
func fieldLabels(fields []string) string {
	out := make([]string, len(fields))
	for i, f := range fields {
		if l, ok := fieldNames[f]; ok {
			out[i] = l
		} else {
			out[i] = f
		}
	}
	return strings.Join(out, ", ")
}

package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/schedule"
	"github.com/udrul/udrul/internal/store"
)

// EventDates is the history kind of a local date move or a resolved conflict.
const EventDates = "dates"

// OwnTaskInput is a municipality's own task or milestone as sent by a user.
// Version is required when changing an existing task.
type OwnTaskInput struct {
	Title       string             `json:"title"`
	Description string             `json:"description"`
	Phase       string             `json:"phase"`
	Type        model.TaskType     `json:"type"`
	Milestone   bool               `json:"milestone"`
	Start       model.Date         `json:"start"`
	End         model.Date         `json:"end"`
	Responsible string             `json:"responsible"`
	Executor    string             `json:"executor"`
	Assignee    string             `json:"assignee"`
	DependsOn   []model.Dependency `json:"depends_on"`
	Version     int                `json:"version"`
	// KeepDependencies leaves an existing task's dependencies as they are
	// (the web form does not edit them) instead of replacing them with
	// DependsOn.
	KeepDependencies bool `json:"-"`
}

// AddOwnTask adds a task or milestone to a municipality's own plan.
func (a *PlanService) AddOwnTask(ctx context.Context, by *Identity, programmeKey, code string, in OwnTaskInput) (model.OwnTask, error) {
	var out model.OwnTask
	actor := actorOf(by)
	err := a.write(ctx, func(tx *store.Tx) error {
		d, err := a.loadPlan(ctx, tx, programmeKey, code, a.Today())
		if err != nil {
			return err
		}
		if err := checkChangePlan(by, d.plan.Municipality.ID); err != nil {
			return err
		}
		o := model.OwnTask{PlanID: d.plan.ID, Status: model.NotStarted}
		if err := a.fillOwnTask(d, &o, in); err != nil {
			return err
		}
		if err := tx.SaveOwnTask(ctx, &o, actor); err != nil {
			return err
		}
		if err := a.checkPlanNetwork(ctx, tx, d); err != nil {
			return err
		}
		out = o
		return nil
	})
	return out, err
}

// UpdateOwnTask changes an own task; in.Version must be the version the user saw.
func (a *PlanService) UpdateOwnTask(ctx context.Context, by *Identity, programmeKey, code string, id int64, in OwnTaskInput) (model.OwnTask, error) {
	var out model.OwnTask
	actor := actorOf(by)
	err := a.write(ctx, func(tx *store.Tx) error {
		o, d, err := a.ownTaskAndPlan(ctx, tx, programmeKey, code, id)
		if err != nil {
			return err
		}
		if err := checkChangePlan(by, d.plan.Municipality.ID); err != nil {
			return err
		}
		if in.Version != o.Version {
			return &Error{Code: CodeConflict, Message: fmt.Sprintf("opgaven er ændret i mellemtiden (version %d, ikke %d); hent den igen", o.Version, in.Version)}
		}
		if err := a.fillOwnTask(d, &o, in); err != nil {
			return err
		}
		if err := tx.SaveOwnTask(ctx, &o, actor); err != nil {
			return err
		}
		if err := a.checkPlanNetwork(ctx, tx, d); err != nil {
			return err
		}
		out = o
		return nil
	})
	return out, err
}

// SetOwnTaskStatus changes an own task's status.
func (a *PlanService) SetOwnTaskStatus(ctx context.Context, by *Identity, programmeKey, code string, id int64, ch StatusChange) (model.OwnTask, error) {
	var out model.OwnTask
	actor := actorOf(by)
	err := a.write(ctx, func(tx *store.Tx) error {
		o, d, err := a.ownTaskAndPlan(ctx, tx, programmeKey, code, id)
		if err != nil {
			return err
		}
		if err := checkChangePlan(by, d.plan.Municipality.ID); err != nil {
			return err
		}
		if err := model.CheckTransition(o.Type, o.Status, ch.Status); err != nil {
			return invalid("%v", err)
		}
		if err := tx.SetOwnTaskStatus(ctx, id, ch.Version, ch.Status, actor); err != nil {
			return err
		}
		out, err = tx.OwnTaskByID(ctx, id)
		return err
	})
	return out, err
}

// DeleteOwnTask removes an own task from the plan (baselines keep it).
// Other own tasks must not depend on it.
func (a *PlanService) DeleteOwnTask(ctx context.Context, by *Identity, programmeKey, code string, id int64, version int) error {
	return a.write(ctx, func(tx *store.Tx) error {
		o, d, err := a.ownTaskAndPlan(ctx, tx, programmeKey, code, id)
		if err != nil {
			return err
		}
		if err := checkChangePlan(by, d.plan.Municipality.ID); err != nil {
			return err
		}
		for _, other := range d.own {
			for _, dep := range other.DependsOn {
				if dep.Task == o.Key() && other.ID != o.ID {
					return invalid("%q afhænger af denne opgave; fjern afhængigheden først", other.Title)
				}
			}
		}
		return tx.DeleteOwnTask(ctx, id, version)
	})
}

// ownTaskAndPlan returns own task id of the municipality's plan; a task of
// another plan is "not found", so a URL cannot reach across municipalities.
func (a *PlanService) ownTaskAndPlan(ctx context.Context, tx *store.Tx, programmeKey, code string, id int64) (model.OwnTask, *planData, error) {
	d, err := a.loadPlan(ctx, tx, programmeKey, code, a.Today())
	if err != nil {
		return model.OwnTask{}, nil, err
	}
	o, err := tx.OwnTaskByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && o.PlanID != d.plan.ID) {
		return o, nil, notFound("egen opgave %d findes ikke i denne plan", id)
	}
	return o, d, err
}

// fillOwnTask validates in and copies it into o.
func (a *PlanService) fillOwnTask(d *planData, o *model.OwnTask, in OwnTaskInput) error {
	in.Title = strings.TrimSpace(in.Title)
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		return invalidField("title", "opgaven skal have en titel")
	case n > 200:
		return invalidField("title", "titlen må højst være 200 tegn")
	}
	if len(in.Description) > MaxCommentLength {
		return invalidField("description", "beskrivelsen må højst være %d tegn", MaxCommentLength)
	}
	if in.Type == "" {
		in.Type = model.Mandatory
	}
	if !in.Type.Valid() {
		return invalidField("type", "ukendt type %q: brug valgfri, obligatorisk eller kritisk", in.Type)
	}
	if in.Start == model.NoDate {
		return invalidField("start", "startdato mangler")
	}
	if in.Milestone && in.End == model.NoDate {
		in.End = in.Start
	}
	if in.End == model.NoDate {
		return invalidField("end", "slutdato mangler")
	}
	if in.Milestone && in.End != in.Start {
		return invalidField("end", "en milepæl har én dato; start og slut skal være ens")
	}
	if err := a.checkDates(in.Start, in.End); err != nil {
		return err
	}
	if in.Phase == "" {
		if ph, ok := a.model.PhaseAt(d.plan.GoLive, in.Start); ok {
			in.Phase = ph.Key
		}
	} else if _, ok := a.model.Phase(in.Phase); !ok {
		return invalidField("phase", "ukendt fase %q", in.Phase)
	}
	if in.KeepDependencies {
		in.DependsOn = nil
	}
	for i, dep := range in.DependsOn {
		if dep.Type == "" {
			in.DependsOn[i].Type = string(schedule.FinishToStart)
		}
		in.DependsOn[i].Type = strings.ToUpper(in.DependsOn[i].Type)
		if !schedule.Kind(in.DependsOn[i].Type).Valid() {
			return invalidField(fmt.Sprintf("depends_on[%d]", i), "ukendt afhængighedstype %q: brug FS, SS eller FF", dep.Type)
		}
		if o.ID != 0 && dep.Task == o.Key() {
			return invalidField(fmt.Sprintf("depends_on[%d]", i), "opgaven kan ikke afhænge af sig selv")
		}
		if _, ok := d.task(dep.Task); !ok {
			return invalidField(fmt.Sprintf("depends_on[%d]", i), "planen har ingen opgave %q", dep.Task)
		}
	}
	for _, f := range []struct{ field, name, value string }{{"responsible", "ansvarlig", in.Responsible},
		{"executor", "udfører", in.Executor}, {"assignee", "tildelt", in.Assignee}} {
		if utf8.RuneCountInString(f.value) > 200 {
			return invalidField(f.field, "%s må højst være 200 tegn", f.name)
		}
	}
	o.Title, o.Description, o.Phase, o.Type, o.Milestone = in.Title, in.Description, in.Phase, in.Type, in.Milestone
	o.Start, o.End, o.Responsible, o.Executor = in.Start, in.End, strings.TrimSpace(in.Responsible), strings.TrimSpace(in.Executor)
	o.Assignee = strings.ToLower(strings.TrimSpace(in.Assignee)) // an e-mail address, matched against users' (lower case)
	if !in.KeepDependencies {
		o.DependsOn = in.DependsOn
	}
	return nil
}

// checkDates refuses impossible dates and deadlines on days off, naming
// the field (start or end) at fault.
func (a *PlanService) checkDates(start, end model.Date) error {
	dates := []struct {
		field string
		d     model.Date
	}{{"start", start}, {"end", end}}
	for _, x := range dates {
		if !calendar.InRange(x.d) {
			return invalidField(x.field, "datoen %s ligger uden for 2000–2099", x.d)
		}
	}
	if end < start {
		return invalidField("end", "slutdatoen %s ligger før startdatoen %s", end.Danish(), start.Danish())
	}
	for _, x := range dates {
		if !a.cal.IsWorkingDay(x.d) {
			if name, ok := a.cal.Holiday(x.d); ok {
				return invalidField(x.field, "%s er %s, ikke en arbejdsdag", x.d.Danish(), name)
			}
			return invalidField(x.field, "%s er en lørdag eller søndag, ikke en arbejdsdag", x.d.Danish())
		}
	}
	return nil
}

// checkPlanNetwork re-reads the plan after a change and refuses it if its
// dependencies now loop.
func (a *PlanService) checkPlanNetwork(ctx context.Context, tx *store.Tx, before *planData) error {
	d, err := a.loadPlanOf(ctx, tx, before.prog, before.plan, a.Today())
	if err != nil {
		return err
	}
	p, _ := d.network()
	keys := make([]string, len(p.Tasks))
	for i, t := range p.Tasks {
		keys[i] = t.Key
	}
	if err := schedule.Validate(keys, p.Dependencies); err != nil {
		return scheduleError(err)
	}
	return nil
}

// MoveInput moves a task instance's dates locally (with a reason) or, with
// Reset, puts it back on the standard's dates.
type MoveInput struct {
	Start   model.Date `json:"start"`
	End     model.Date `json:"end"`
	Reason  string     `json:"reason"`
	Reset   bool       `json:"reset"`
	Version int        `json:"version"`
}

// MoveTask moves one task instance's dates in the municipality's plan. The
// standard's dates stay recorded beside the local ones, a later catalogue
// version never overwrites the local dates, and the move is in the history.
func (a *PlanService) MoveTask(ctx context.Context, by *Identity, id int64, in MoveInput) (TaskView, error) {
	actor := actorOf(by)
	err := a.write(ctx, func(tx *store.Tx) error {
		x, err := tx.Instance(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("opgave %d findes ikke", id)
		} else if err != nil {
			return err
		}
		if err := checkChangeTask(ctx, tx, by, id); err != nil {
			return err
		}
		if x.Withdrawn {
			return invalid("opgaven er trukket tilbage fra kataloget og kan ikke flyttes")
		}
		if in.Reset {
			if err := tx.SetLocalDates(ctx, id, in.Version, x.PlannedStart, x.PlannedEnd, false, ""); err != nil {
				return err
			}
			if err := closeOpenConflict(ctx, tx, id, model.ConflictTakeStandard, actor); err != nil {
				return err
			}
			return tx.AppendEvents(ctx, []model.StatusEvent{{InstanceID: id, Actor: actor, Kind: EventDates,
				Comment: fmt.Sprintf("Tilbage på standardens datoer %s–%s", x.PlannedStart.Danish(), x.PlannedEnd.Danish())}})
		}
		in.Reason = strings.TrimSpace(in.Reason)
		if utf8.RuneCountInString(in.Reason) < 3 {
			return invalidField("reason", "skriv en begrundelse for at flytte opgaven")
		}
		if len(in.Reason) > MaxCommentLength {
			return invalidField("reason", "begrundelsen må højst være %d tegn", MaxCommentLength)
		}
		if in.Start == model.NoDate {
			return invalidField("start", "angiv en ny startdato")
		}
		if in.End == model.NoDate {
			return invalidField("end", "angiv en ny slutdato")
		}
		if err := a.checkDates(in.Start, in.End); err != nil {
			return err
		}
		if err := tx.SetLocalDates(ctx, id, in.Version, in.Start, in.End, true, in.Reason); err != nil {
			return err
		}
		return tx.AppendEvents(ctx, []model.StatusEvent{{InstanceID: id, Actor: actor, Kind: EventDates,
			Comment: fmt.Sprintf("Flyttet lokalt fra %s–%s til %s–%s: %s", x.Start.Danish(), x.End.Danish(),
				in.Start.Danish(), in.End.Danish(), in.Reason)}})
	})
	if err != nil {
		return TaskView{}, err
	}
	v, _, err := a.Task(ctx, by, id, a.Today())
	return v, err
}

// OwnTasks lists a municipality's own tasks and milestones, by start date.
func (a *PlanService) OwnTasks(ctx context.Context, by *Identity, programmeKey, code string) ([]model.OwnTask, error) {
	if err := a.allowMunicipality(ctx, by, code); err != nil {
		return nil, err
	}
	var out []model.OwnTask
	err := a.read(ctx, func(tx *store.Tx) error {
		d, err := a.loadPlan(ctx, tx, programmeKey, code, a.Today())
		if err != nil {
			return err
		}
		out = d.own
		return nil
	})
	return out, err
}

// OwnTask returns one own task of a municipality's plan.
func (a *PlanService) OwnTask(ctx context.Context, by *Identity, programmeKey, code string, id int64) (model.OwnTask, error) {
	if err := a.allowMunicipality(ctx, by, code); err != nil {
		return model.OwnTask{}, err
	}
	var out model.OwnTask
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		out, _, err = a.ownTaskAndPlan(ctx, tx, programmeKey, code, id)
		return err
	})
	return out, err
}
